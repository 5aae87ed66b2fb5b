"""The audit in the reader's language: every check named in Korean and in English from its
topic and entity, with the plan's own names and own-funds term, and one sentence for each
check that does not add up. Expected figures are worked out here from the source quotes."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.briefing.audit_view import AuditNames, audit_findings, audit_overview
from analysis.briefing.labels import TEXT
from analysis.briefing.money import MoneyBasis
from analysis.briefing.parameters import BriefingParameters
from analysis.data.audit import TOPICS
from analysis.data.contracts import MEASURE_UNITS
from analysis.data.load import load_processed
from analysis.paths import processed_dir

HANGUL = re.compile(r"[\uac00-\ud7a3]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
NATIONAL = "kr_new_deal_2020"


@pytest.fixture(scope="module")
def processed() -> dict[str, pd.DataFrame]:
    tables = ("plans", "sectors", "projects", "refresh_programme", "audit", "cpi")
    folder = processed_dir()
    return {n: load_processed(n, folder) for n in (*tables, "exchange_rates", "reference_figures")}


def _names(processed: dict, plan_id: str, lang: str) -> AuditNames:
    def of(name: str) -> pd.DataFrame:
        frame = processed[name]
        return frame[frame["plan_id"] == plan_id]

    plan = of("plans").iloc[0]
    return AuditNames.for_plan(plan, of("sectors"), lang, of("projects"), of("refresh_programme"))


def _basis(processed: dict, lang: str) -> MoneyBasis:
    params = BriefingParameters.validated(
        {"price_year": processed["cpi"]["year"].tolist()}, lang=lang
    )
    return MoneyBasis.from_parameters(params, processed["cpi"], processed["exchange_rates"])


def test_every_topic_and_measure_has_words(processed: dict) -> None:
    reference = processed["reference_figures"]
    measures = set(MEASURE_UNITS) | set(reference["measure"])
    for key in [f"audit_topic_{t}" for t in TOPICS] + [f"measure_{m}" for m in measures]:
        assert TEXT[key]["ko"].strip() and TEXT[key]["en"].strip(), key


@pytest.mark.parametrize("plan_id", ["uijeongbu_snd_2020", "incheon_nd_2020",
                                     "gyeonggi_nd_2020", "chungnam_nd_2020"])  # fmt: skip
def test_each_check_is_named_in_the_page_language(processed: dict, plan_id: str) -> None:
    for lang in ("ko", "en"):
        names = _names(processed, plan_id, lang)
        checks = audit_overview(
            processed["audit"], _basis(processed, lang), plan_ids=[plan_id, NATIONAL], names=names
        )
        assert len(checks) == processed["audit"]["plan_id"].isin([plan_id, NATIONAL]).sum()
        own_names = [*names.sectors.values(), *names.projects.values()]
        for item in checks["item"]:
            bare = item
            for name in sorted(own_names, key=len, reverse=True):
                bare = bare.replace(name, "")
            if lang == "en":  # English words; Korean only inside a name ("Safety (안심)")
                assert not HANGUL.search(bare), item
            else:
                assert not LATIN_WORD.search(bare), item  # no English words around the names


def test_a_province_plan_says_provincial_funds(processed: dict) -> None:
    # Gyeonggi's plan states its own money as 도비 (1조3000억원): never "city" funds
    for lang, term in (("ko", "도비"), ("en", "provincial funds")):
        checks = audit_overview(
            processed["audit"],
            _basis(processed, lang),
            plan_ids=["gyeonggi_nd_2020"],
            names=_names(processed, "gyeonggi_nd_2020", lang),
        )
        own = checks[checks["topic"] == "plan_own_funds"]["item"].tolist()
        assert own and all(term in item for item in own), own
        assert not any("city" in item or "시비" in item for item in checks["item"])


def test_findings_are_sentences_with_the_gap(processed: dict) -> None:
    # paragraph 16: "9천300여명의 시민에게"; paragraph 17: 700 + 900 + 300 + 1,700 + 180 + 5,300
    fields = 700 + 900 + 300 + 1700 + 180 + 5300
    gap = 9300 - fields
    assert gap == 220
    plan = "uijeongbu_snd_2020"
    for lang, expected in (
        ("ko", f"발표는 9,300명, 부분을 더하면 {fields:,}명으로 {gap}명 모자란다 (문단 16, 17)"),
        ("en", f"9,300 stated, the parts add up to {fields:,}, {gap} short (paragraphs 16, 17)"),
    ):
        checks = audit_overview(
            processed["audit"],
            _basis(processed, lang),
            plan_ids=[plan],
            keys=["safety_refresh_workers_by_field"],
            names=_names(processed, plan, lang),
        )
        [sentence] = audit_findings(checks, str, lang, with_paragraphs=True)
        assert sentence.endswith(expected), sentence
        assert sentence.startswith(checks["item"].iloc[0])
        [bare] = audit_findings(checks, str, lang, with_paragraphs=False)
        assert "16" not in bare


def test_findings_name_what_the_text_names(processed: dict) -> None:
    # "4개 분야별 ... 브랜드사업" (paragraph 2) but only culture's and safety's are named
    plan = "uijeongbu_snd_2020"
    checks = audit_overview(
        processed["audit"],
        _basis(processed, "en"),
        plan_ids=[plan],
        keys=["brand_projects"],
        names=_names(processed, plan, "en"),
    )
    [sentence] = audit_findings(
        checks, str, "en", with_paragraphs=False, named={"brand_projects": ["A", "B"]}
    )
    assert sentence.endswith("4 stated, 2 named; named: A, B")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_not_stated_check_names_what_is_missing(processed: dict, lang: str) -> None:
    # Chungnam states 4만1,881개 jobs (서울경제 ¶1) but none by sector: what is not stated is
    # the jobs by sector, not the plan's jobs
    plan = "chungnam_nd_2020"
    checks = audit_overview(
        processed["audit"], _basis(processed, lang), plan_ids=[plan],
        names=_names(processed, plan, lang),
    ).set_index("key")  # fmt: skip
    row = checks.loc["jobs_vs_sectors"]
    assert row["verdict_id"] == "not_stated"
    assert (
        row["item"]
        == {"ko": "발표되지 않음: 분야별 일자리", "en": "Not stated: jobs by sector"}[lang]
    )
    assert checks.loc["plan_jobs_sources", "stated_value"] == 4 * 10_000 + 1_881


# --- where the audit's figures come from: sources by name, paragraphs linked ------------

from analysis.briefing.sources_view import (  # noqa: E402
    audit_paragraphs,
    figures_stated_differently,
    paragraphs_cell,
)


def _plan_tables(plan_id: str) -> dict[str, pd.DataFrame]:
    folder = processed_dir()
    names = ("plans", "sectors", "projects", "refresh_programme", "figures", "sources", "tasks")
    return {
        n: (lambda f: f[f["plan_id"] == plan_id].reset_index(drop=True))(load_processed(n, folder))
        for n in names
    }


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_audit_paragraphs_name_the_source_and_link_each_paragraph(processed, lang):
    """Incheon's checks cite paragraphs of several outlets (``fnnews_20201109:1``): the page
    names each outlet by its publisher in sources.csv and links each number to its anchor;
    a check citing nothing is blank, the national checks keep their words."""
    tables = _plan_tables("incheon_nd_2020")
    basis = MoneyBasis.from_parameters(
        BriefingParameters(lang=lang), processed["cpi"], processed["exchange_rates"]
    )
    checks = audit_overview(
        processed["audit"], basis, plan_ids=["incheon_nd_2020", NATIONAL]
    ).reset_index(drop=True)
    shown = audit_paragraphs(checks, tables["sources"], lang)
    publishers = dict(
        zip(tables["sources"]["source_id"], tables["sources"]["publisher"], strict=True)
    )
    counts = dict(
        zip(tables["sources"]["source_id"], tables["sources"]["paragraph_count"], strict=True)
    )
    word = {"ko": "문단", "en": "paragraph"}[lang]
    for plan, refs, cell in zip(checks["plan_id"], checks["paragraph_refs"], shown, strict=True):
        if plan == NATIONAL:
            assert cell == TEXT["reference_data"][lang]
            continue
        if not refs:
            assert cell == ""
            continue
        assert not re.search(r"[a-z_]+:\d", cell), cell  # no source_id:n left
        links = [href for _, href in cell.parts if href]
        for ref in refs.split(";"):
            source_id, number = ref.split(":")
            assert publishers[source_id] in cell and word in cell
            page = f"sources/incheon_nd_2020/{source_id}.html"
            assert page in links
            assert (f"{page}#p-{number}" in links) == (int(number) <= counts[source_id])


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_figures_stated_differently_in_the_readers_words(lang):
    """Gyeonggi's outlets state its total budget four ways: each statement is named in
    words (the plan's total budget, a sector's jobs), as written, by publisher and paragraph
    (linked), and "used" only for the preferred one."""
    tables = _plan_tables("gyeonggi_nd_2020")
    names = AuditNames.for_plan(
        tables["plans"].iloc[0], tables["sectors"], lang, tables["projects"]
    )
    out = figures_stated_differently(tables["figures"], tables["sources"], names, tables["tasks"])
    assert list(out.columns) == ["figure", "as_written", "source", "used"]
    figures = tables["figures"]
    total = figures[(figures["scope"] == "plan") & (figures["measure"] == "total_budget")]
    whole = {"ko": "계획 전체 총사업비", "en": "Total budget of the whole plan"}[lang]
    rows = out[out["figure"] == whole]
    assert sorted(rows["as_written"]) == sorted(total["value_raw"])
    used, not_used = TEXT["figure_used"][lang], TEXT["figure_not_used"][lang]
    assert list(rows["used"]) == [used if p else not_used for p in total["preferred"]]
    publishers = dict(
        zip(tables["sources"]["source_id"], tables["sources"]["publisher"], strict=True)
    )
    for cell, (source_id, paragraph) in zip(
        rows["source"], zip(total["source_id"], total["source_paragraph"], strict=True), strict=True
    ):
        assert str(cell).startswith(publishers[source_id])
        assert (
            f"sources/gyeonggi_nd_2020/{source_id}.html#p-{paragraph}" in dict(cell.parts).values()
        )
    for sector in tables["sectors"][f"sector_{lang}"]:
        if (out["figure"].str.contains(sector, regex=False)).any():
            break
    else:
        pytest.fail("no sector's figure named by the sector's name")
    assert not out.isin([True, False]).any().any()


def test_a_single_source_plan_links_bare_paragraph_numbers():
    src = pd.DataFrame(
        {"plan_id": ["p"], "source_id": ["a"], "publisher": ["의정부시"], "paragraph_count": [16]}
    )
    cell = paragraphs_cell("3;17", src, "en")
    assert str(cell) == "의정부시 paragraphs 3, 17"
    assert ("3", "sources/p/a.html#p-3") in cell.parts
    assert ("17", "") in cell.parts  # the text has no paragraph 17: nothing to land on
