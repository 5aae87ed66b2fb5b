"""The briefing notebooks: executed by the build in ko, en and en with unit=USD (the session
fixture ``briefings_build``), their recorded values checked against figures computed here by
hand from the announcement, their HTML checked for hidden code, errors, charts and language,
and their parameters validated in the first cell (run on warm kernels forked from one
template, ``WarmKernelPool``; the papermill command line runs on plain papermill)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import papermill as pm
import pytest
from plain_papermill import failure, run_papermill_cli

from analysis.site.warm_kernels import DEFAULT_PRELOAD, WarmKernelPool

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
EOK = 10**8
USD_2020 = 1180.02  # KRW per USD, 2020 average (reference README, Bank of Korea)

# From the announcement, by hand (paragraph in brackets)
TOTAL = 1475 * EOK  # [2] 1천475억원
SECTOR_TOTAL = {
    "digital": 98 * EOK,
    "green": 840 * EOK,
    "culture": 86 * EOK,
    "safety": 451 * EOK,
}  # [3, 9, 12, 15]
SECTOR_CITY = {
    "digital": 80 * EOK,
    "green": 580 * EOK,
    "culture": 70 * EOK,
    "safety": 64 * EOK,
}  # 시비
PLAN_JOBS = 9 * 1000 + 897  # [2] 9천897개
SAFETY_JOBS = 9 * 1000 + 348  # [15] 9천348개
REFRESH_WORKERS = 9 * 1000 + 300  # [16] 9천300여명
REFRESH_FUNDING = 376 * EOK  # [16] 국비 376억원
REFRESH_MONTHS = 11 - 8 + 1  # [16] 8월부터 11월까지
FIELDS = [700, 900, 300, 1700, 180, 5300]  # [17]
NATIONAL_TOTAL = 160 * 10**12  # 160조원
NATIONAL_JOBS = 1_901_000  # 190.1만


PLAN = "uijeongbu_snd_2020"


def page(briefing: str, variant: str, plan: str = PLAN) -> str:
    """The page name of a briefing of ``plan`` in a variant such as ``en`` or ``en-usd``."""
    return f"{briefing}-{plan}-{variant}"


def values(reports: Path, name: str) -> dict:
    return json.loads((reports / "assets" / name / "values.json").read_text(encoding="utf-8"))


def test_every_briefing_built(briefings_build):
    report = briefings_build["report"]
    assert report.failed == []
    assert len(report.built) == len(briefings_build["jobs"])
    plans = sorted({j.plan for j in briefings_build["jobs"]} - {""})
    per_plan = [n for n in NOTEBOOKS if "plan_comparison" not in n.name]
    # every per-plan notebook for every plan in ko and en, Uijeongbu also in USD; the comparison
    # once in ko, en and USD
    assert len(report.built) == 2 * len(plans) * len(per_plan) + len(per_plan) + 3


@pytest.mark.parametrize("variant", ["ko", "en", "en-usd"])
def test_sector_comparison_values(briefings_build, variant):
    v = values(briefings_build["reports"], page("sector-comparison", variant))["values"]
    assert v["plan_total_budget_krw"] == TOTAL == sum(SECTOR_TOTAL.values())
    assert v["sector_total_budget_krw"] == SECTOR_TOTAL
    assert v["sector_own_funds_krw"] == SECTOR_CITY
    assert v["plan_own_funds_krw"] == sum(SECTOR_CITY.values())
    for sector, krw in SECTOR_TOTAL.items():
        assert v["sector_share_of_plan"][sector] == pytest.approx(krw / TOTAL, abs=1e-6)
        expected = krw / USD_2020 if variant == "en-usd" else krw / EOK
        assert v["sector_total_display"][sector] == pytest.approx(expected)
    assert v["named_projects"] == 14 + 7 + 6 + 9  # digital, green, culture, safety (see test_audit)
    assert ("USD" in v["unit_label"]) == (variant == "en-usd")


@pytest.mark.parametrize("variant", ["ko", "en-usd"])
def test_city_vs_national_values(briefings_build, variant):
    v = values(briefings_build["reports"], page("city-vs-national", variant))["values"]
    city = sum(SECTOR_CITY.values())
    assert v["plan_own_funds_krw"] == city == (80 + 580 + 70 + 64) * EOK
    assert v["plan_own_funds_is_derived"] is True  # no plan-wide 시비 in the text
    assert v["plan_not_own_funds_krw"] == TOTAL - city
    assert v["plan_own_share"] == pytest.approx(794 / 1475)
    assert v["national_horizon_whole_plan"] == 2025  # no plan-wide horizon stated
    assert v["plan_fraction_of_national"] == pytest.approx(TOTAL / NATIONAL_TOTAL)
    assert v["national_pillar_share"]["culture"] is None  # no national counterpart, kept
    assert v["national_pillar_share"]["digital"] == pytest.approx(58.2 / (58.2 + 73.4 + 28.4))
    assert v["jobs_per_100m_krw"]["plan"] == pytest.approx(PLAN_JOBS / 1475)
    assert v["jobs_per_100m_krw"]["national_plan"] == pytest.approx(
        NATIONAL_JOBS / (NATIONAL_TOTAL / EOK)
    )
    if variant == "en-usd":  # jobs per 1 million USD
        assert v["jobs_per_base_display"]["plan"] == pytest.approx(
            PLAN_JOBS / (TOTAL / USD_2020 / 1e6)
        )


@pytest.mark.parametrize("variant", ["ko", "en", "en-usd"])
def test_jobs_per_budget_values(briefings_build, variant):
    v = values(briefings_build["reports"], page("jobs-per-budget", variant))["values"]
    assert v["jobs"]["plan"] == PLAN_JOBS
    assert v["jobs"]["safety"] == SAFETY_JOBS
    assert v["jobs"]["other_sectors"] == PLAN_JOBS - SAFETY_JOBS == 549
    assert v["budget_krw"]["other_sectors"] == (98 + 840 + 86) * EOK
    assert v["jobs_per_100m_krw"]["plan"] == pytest.approx(PLAN_JOBS / 1475)
    assert v["jobs_per_100m_krw"]["safety"] == pytest.approx(SAFETY_JOBS / 451)
    assert v["jobs_per_100m_krw"]["other_sectors"] == pytest.approx(549 / 1024)
    assert v["budget_per_job_krw"]["safety_refresh"] == pytest.approx(
        REFRESH_FUNDING / REFRESH_WORKERS
    )
    assert v["worker_months"]["safety_refresh"] == REFRESH_WORKERS * REFRESH_MONTHS == 37_200
    assert v["budget_per_worker_month_krw"]["safety_refresh"] == pytest.approx(
        REFRESH_FUNDING / REFRESH_WORKERS / REFRESH_MONTHS
    )
    assert v["programme_workers_by_field_sum"] == sum(FIELDS)
    if variant == "en-usd":
        assert v["budget_per_job_display"]["safety_refresh"] == pytest.approx(
            REFRESH_FUNDING / REFRESH_WORKERS / USD_2020
        )
    else:
        assert v["budget_per_job_display"]["plan"] == pytest.approx(TOTAL / PLAN_JOBS / EOK)


def test_overview_reports_the_audit(briefings_build):
    v = values(briefings_build["reports"], page("overview", "en"))["values"]
    assert v["plan_jobs"] == PLAN_JOBS and v["largest_sector"] == "green"  # 840 of 1,475억원
    assert v["audit_stated"]["safety_refresh_workers_by_field"] == REFRESH_WORKERS
    assert v["audit_found"]["safety_refresh_workers_by_field"] == sum(FIELDS) == 9080
    assert v["audit_verdict"]["safety_refresh_workers_by_field"] == "mismatch"
    assert (v["audit_stated"]["project_count"], v["audit_found"]["project_count"]) == (42, 36)
    assert v["audit_verdict"]["total_budget_vs_sectors"] == "match"
    html = (briefings_build["reports"] / f"{page('overview', 'en')}.html").read_text(
        encoding="utf-8"
    )
    for linked in (
        f"{page('sector-comparison', 'en')}.html",
        f"{page('city-vs-national', 'en')}.html",
        f"{page('jobs-per-budget', 'en')}.html",
    ):
        assert f'href="{linked}"' in html
        assert (briefings_build["reports"] / linked).is_file()


def test_html_has_no_code_no_errors_and_every_chart(briefings_build):
    reports = briefings_build["reports"]
    for job in briefings_build["jobs"]:
        page = (reports / f"{job.name}.html").read_text(encoding="utf-8")
        for code_marker in (
            "jp-InputArea",
            "highlight-ipynb",
            "jp-CodeCell-input",
            "start_briefing(",
            "import ",
        ):
            assert code_marker not in page, f"{job.name}: code visible ({code_marker})"
        for error_marker in (
            "Traceback",
            'jp-OutputArea-output jp-RenderedText" data-mime-type="application/vnd.jupyter.stderr',
            "Error:",
            "Warning:",
        ):
            assert error_marker not in page, f"{job.name}: error output ({error_marker})"
        assert "<script" not in page and "https://cdn" not in page
        recorded = values(reports, job.name)["values"].get("figures", 0)
        images = re.findall(r'<img [^>]*src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
        # a plan that states too little for a chart gets a line instead; Uijeongbu's data
        # fill every chart of every briefing
        assert len(images) == recorded >= (1 if job.plan in ("", PLAN) else 0), job.name
        assert all(len(i) > 1000 for i in images)
        # each chart also has a phone variant (<name>-phone.png)
        pngs = sorted(
            p
            for p in (reports / "assets" / job.name / "figures").glob("*.png")
            if not p.stem.endswith("-phone")
        )
        svgs = sorted((reports / "assets" / job.name / "figures").glob("*.svg"))
        assert len(pngs) == len(svgs) == recorded
        headings = re.findall(r"<h2 id=\"[^\"]+\">(.*?)</h2>", page)
        assert headings
        if job.lang == "ko":
            assert all(re.search(r"[가-힣]", h) for h in headings), headings
            assert '<html lang="ko">' in page
        else:
            assert all(re.search(r"[A-Za-z]{3}", h) for h in headings), headings
            assert '<html lang="en">' in page


def test_executed_notebooks_are_kept_and_normalised(briefings_build):
    reports = briefings_build["reports"]
    for job in briefings_build["jobs"]:
        nb = nbformat.read(reports / "notebooks" / f"{job.name}.ipynb", as_version=4)
        assert "start_time" not in nb.metadata["papermill"]
        params = nb.metadata["papermill"]["parameters"]
        assert params["lang"] == job.lang and "output_dir" not in params


@pytest.fixture(scope="module")
def warm_pool():
    """Warm kernels for the notebooks (one template per module: its users share a worker)."""
    with WarmKernelPool(DEFAULT_PRELOAD) as pool:
        yield pool


@pytest.mark.parametrize(
    ("notebook", "name", "value", "allowed"),
    [
        (NOTEBOOKS[0], "unit", "EUR", "'억원', '백만원', 'KRW', 'USD'"),
        (NOTEBOOKS[0], "lang", "fr", "'ko', 'en'"),
        (NOTEBOOKS[0], "price_year", 2019, "2020, 2021"),
        (NOTEBOOKS[0], "jobs_split", "evenly", "'none', 'budget', 'own_funds'"),
        *[(nb, "unit", "EUR", "'USD'") for nb in NOTEBOOKS[1:]],
    ],
    ids=lambda x: x.stem if isinstance(x, Path) else str(x),
)
def test_invalid_parameter_fails_in_the_first_cell(
    warm_pool, tmp_path, notebook, name, value, allowed
):
    out = tmp_path / "out.ipynb"
    with pytest.raises(pm.PapermillExecutionError) as info:
        pm.execute_notebook(
            str(notebook),
            str(out),
            parameters={name: value, "output_dir": str(tmp_path / "assets")},
            kernel_name="python3",
            progress_bar=False,
            kernel_manager_class=warm_pool.kernel_manager_class(),
        )
    assert info.value.ename == "ParameterError"
    assert f"parameter {name}=" in info.value.evalue and allowed in info.value.evalue
    nb = nbformat.read(out, as_version=4)
    code_cells = [
        c
        for c in nb.cells
        if c.cell_type == "code"
        and not {"parameters", "injected-parameters"} & set(c.metadata.get("tags", []))
    ]
    assert any(o.output_type == "error" for o in code_cells[0].outputs), (
        "did not fail in the first code cell"
    )


def test_papermill_cli_from_another_directory(tmp_path):
    """A user runs one notebook by hand from any folder, as the README shows."""
    out = tmp_path / "jobs.ipynb"
    proc = run_papermill_cli(
        [
            str(ROOT / "notebooks" / "03_jobs_per_budget.ipynb"),
            str(out),
            "-p",
            "lang",
            "en",
            "-p",
            "unit",
            "USD",
            "-p",
            "jobs_split",
            "budget",
            "-p",
            "output_dir",
            str(tmp_path / "assets"),
        ],
        cwd=tmp_path,
        timeout=300,
    )
    assert proc.returncode == 0, failure(proc)
    recorded = json.loads((tmp_path / "assets" / "values.json").read_text())
    assert recorded["parameters"]["jobs_split"] == "budget"
    assert any("budget" in a.lower() or "예산" in a for a in recorded["assumptions"]), recorded[
        "assumptions"
    ]


# Every plan, by hand from its quotes: (plan total, own funds, plan jobs, sector budgets)
JO = 10**12
PLANS_BY_HAND = {
    PLAN: (TOTAL, sum(SECTOR_CITY.values()), PLAN_JOBS, SECTOR_TOTAL),
    "incheon_nd_2020": (  # 14조원; 시비 2조7천억; 17만3천개; 1조8000억 / 5조6000억 / 2조9000억
        14 * JO,
        2 * JO + 7000 * EOK,
        17 * 10**4 + 3000,
        {"digital": 1 * JO + 8000 * EOK, "green": 5 * JO + 6000 * EOK, "bio": 2 * JO + 9000 * EOK},
    ),
    "gyeonggi_nd_2020": (  # 5조3800억원; 도비 1조3000억원; 32만개; 2,180억 / 2조7,900억 / 2조 3750억
        5 * JO + 3800 * EOK,
        1 * JO + 3000 * EOK,
        32 * 10**4,
        {"data": 2180 * EOK, "low_carbon": 2 * JO + 7900 * EOK, "safety": 2 * JO + 3750 * EOK},
    ),
    "chungnam_nd_2020": (  # 4조7,822억원; no own funds; 4만1,881개; 8,464억 / 2조9696억 / 9662억
        4 * JO + 7822 * EOK,
        None,
        4 * 10**4 + 1881,
        {"digital": 8464 * EOK, "green": 2 * JO + 9696 * EOK, "safety_net": 9662 * EOK},
    ),
}


def page_findings(reports: Path, name: str) -> list[str]:
    return json.loads((reports / "assets" / name / "page.json").read_text(encoding="utf-8"))[
        "findings"
    ]


@pytest.mark.parametrize("plan", sorted(PLANS_BY_HAND))
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_plan_records_its_own_figures(briefings_build, plan, lang):
    total, own, jobs, sectors = PLANS_BY_HAND[plan]
    reports = briefings_build["reports"]
    sector = values(reports, page("sector-comparison", lang, plan))["values"]
    assert sector["plan_total_budget_krw"] == total
    assert {k: v for k, v in sector["sector_total_budget_krw"].items() if v} == sectors
    overview = values(reports, page("overview", lang, plan))["values"]
    assert (overview["plan_jobs"], overview["plan_own_funds_krw"]) == (jobs, own)
    assert overview["largest_sector"] == max(sectors, key=sectors.get)
    funding = values(reports, page("city-vs-national", lang, plan))["values"]
    assert funding["plan_own_funds_krw"] == own
    assert funding["plan_own_share"] == (None if own is None else pytest.approx(own / total))
    per_budget = values(reports, page("jobs-per-budget", lang, plan))["values"]
    assert per_budget["jobs_per_100m_krw"]["plan"] == pytest.approx(jobs / (total / EOK))


@pytest.mark.parametrize("plan", sorted(PLANS_BY_HAND))
def test_each_briefing_heads_with_its_own_findings(briefings_build, plan):
    """The headline box of every per-plan briefing holds 2 or 3 findings of its own (not the
    same box on every page), and the largest sector's share is the one worked out by hand."""
    total, _, jobs, sectors = PLANS_BY_HAND[plan]
    largest = max(sectors, key=sectors.get)
    reports = briefings_build["reports"]
    for lang in ("ko", "en"):
        boxes = {
            slug: page_findings(reports, page(slug, lang, plan))
            for slug in ("sector-comparison", "city-vs-national", "jobs-per-budget", "overview")
        }
        for slug, findings in boxes.items():
            assert 2 <= len(findings) <= 3, (slug, findings)
        assert len({tuple(f) for f in boxes.values()}) == len(boxes)  # each page its own
        share = f"{sectors[largest] / total:.1%}"
        assert share in boxes["sector-comparison"][0] and share in boxes["overview"][0]
        per = jobs / (total / EOK)
        rate = f"{per:.3g}" if per < 100 else f"{per:,.0f}"
        assert rate in boxes["jobs-per-budget"][0], (rate, boxes["jobs-per-budget"][0])


def _table_after(html: str, caption: str) -> str:
    """The HTML of the table whose caption is ``caption`` (empty if the page has none)."""
    start = html.find(f"<caption>{caption}</caption>")
    return html[start : html.find("</table>", start)] if start >= 0 else ""


@pytest.mark.parametrize("plan", ["gyeonggi_nd_2020", "chungnam_nd_2020"])
@pytest.mark.parametrize(
    ("lang", "caption", "used", "audit"),
    [
        ("ko", "출처마다 다른 수치", "사용", "점검 결과"),
        ("en", "Figures stated differently by different sources", "used", "Audit results"),
    ],
)
def test_sources_and_paragraphs_are_named_and_linked(
    briefings_build, plan, lang, caption, used, audit
):
    """The overview's table of figures its sources state differently, and its audit's
    paragraphs, speak the reader's language: no column ids (``value_raw``, ``source_id``), no
    ``True``/``False``, no ``source_id:n``; each source is its publisher, linked to the copy
    of its text and the paragraph's anchor, which the site has."""
    reports = briefings_build["reports"]
    html = (reports / f"{page('overview', lang, plan)}.html").read_text(encoding="utf-8")
    table = _table_after(html, caption)
    assert table, f"{plan} {lang}: no table captioned {caption!r}"
    for raw in ("value_raw", "source_id", "preferred", "scope", "measure", ">True<", ">False<"):
        assert raw not in table, (plan, lang, raw)
    assert f">{used}<" in table
    audit_table = html[html.find(f"<caption>{audit}") :]
    audit_table = audit_table[: audit_table.find("</table>")]
    assert not re.search(r"[a-z0-9_]+:\d", audit_table), re.findall(r"[a-z0-9_]+:\d+", audit_table)
    for part in (table, audit_table):
        links = re.findall(r'href="(sources/[^"#]+)(?:#p-(\d+))?"', part)
        assert links, (plan, lang)
        for target, paragraph in links:
            source = (reports / target).read_text(encoding="utf-8")
            assert not paragraph or f'id="p-{paragraph}"' in source, (target, paragraph)
