"""README "Adding a plan", followed with a synthetic plan in a temporary data folder.

Chungnam's folder (a province whose plan states no funding split) is copied to
``data/raw/plans/synth_nd_2020/`` and its plan row edited; ``python -m analysis data`` makes
the processed tables; then every configured briefing is built for the new plan: the real
overview notebook, and the tiny test notebook in place of the others (kernels start fast).
The pages must exist and the index must list them under the new plan, the comparison first.
"""

from __future__ import annotations

import csv
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from analysis.site.build import build

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "notebooks" / "briefings.yml"
QUICK = Path(__file__).parent / "fixtures" / "quick.ipynb"
NEW = "synth_nd_2020"
#: The plan row of the new plan: Chungnam's, with these cells changed.
NEW_PLAN = {
    "plan_id": NEW,
    "plan_name_ko": "시험형 뉴딜",
    "plan_name_en": "Test New Deal",
    "government_ko": "시험도",
    "government_en": "Test Province",
    "announced_date": "2020-09-01",
    "note": "synthetic plan for tests/test_plans_build.py",
}
REAL_NOTEBOOK = "04_overview.ipynb"


def add_plan_folder(raw: Path) -> None:
    """README step 1: a folder under data/raw/plans/, here a copy of Chungnam's, edited, and
    the government's population in data/raw/reference/population.csv."""
    folder = raw / "plans" / NEW
    shutil.copytree(raw / "plans" / "chungnam_nd_2020", folder)
    for path in [folder, *folder.rglob("*")]:  # source texts are read-only in the repository
        path.chmod(path.stat().st_mode | stat.S_IWUSR)
    with (folder / "plan.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 1
    rows[0].update(NEW_PLAN)
    with (folder / "plan.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    with (raw / "reference" / "population.csv").open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerow(
            [
                NEW_PLAN["government_ko"],
                NEW_PLAN["government_en"],
                NEW,
                "123만4,567명",
                "2020-12-31",
                "주민등록인구, 2020-12-31",
                "https://example.org/population",
                "시험도 인구는 123만4,567명이다.",
                "synthetic",
            ]
        )


def config_for_test(root: Path) -> tuple[Path, list[str]]:
    """The project's config, every notebook but the overview replaced by the tiny one.

    Returns the config and the slugs of briefings about no single plan (``plans: none``);
    if the config has none yet, a tiny comparison briefing is added at the top.
    """
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    quick = root / "quick.ipynb"
    shutil.copy(QUICK, quick)
    for entry in config["briefings"]:
        real = entry["notebook"] == REAL_NOTEBOOK
        entry["notebook"] = str(CONFIG.parent / entry["notebook"] if real else quick)
    once = [e["slug"] for e in config["briefings"] if e.get("plans") == "none"]
    if not once:
        config["briefings"].insert(
            0,
            {
                "slug": "plan-comparison",
                "notebook": str(quick),
                "plans": "none",
                "title": {"ko": "계획 비교", "en": "The plans compared"},
                "summary": {"ko": "시험용", "en": "for tests"},
                "parameter_sets": [{"lang": "ko"}, {"lang": "en"}],
            },
        )
        once = ["plan-comparison"]
    path = root / "briefings.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path, once


@pytest.fixture(scope="module")
def added(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The README's steps for a new plan, then a build of its briefings (and the comparison)."""
    root = tmp_path_factory.mktemp("new-plan")
    data = root / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns(".*"))
    add_plan_folder(data / "raw")
    command = ["data", "--raw", str(data / "raw"), "--out", str(data / "processed")]
    refresh = subprocess.run(
        [sys.executable, "-m", "analysis", *command],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert refresh.returncode == 0, refresh.stderr
    config, once = config_for_test(root)
    reports = root / "reports"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ANALYSIS_DATA_DIR", str(data))
        mp.setenv("ANALYSIS_REPORTS_DIR", str(reports))
        mp.setenv("SOURCE_DATE_EPOCH", "1600000000")
        report = build(config, only=[NEW, *once], jobs=2, quiet=True, timeout=600)
    with (data / "processed" / "plans.csv").open(encoding="utf-8", newline="") as fh:
        plans = list(csv.DictReader(fh))
    return {"reports": reports, "report": report, "config": config, "once": once, "plans": plans}


def index_sections(reports: Path) -> list[tuple[str, str]]:
    """(id, html) of each section of the index, in page order."""
    html = (reports / "index.html").read_text(encoding="utf-8")
    return re.findall(r'<section class="index-plan" id="([^"]+)">(.*?)</section>', html, re.S)


def test_new_plan_pages_are_built_and_listed_under_the_plan(added):
    config = yaml.safe_load(added["config"].read_text(encoding="utf-8"))
    per_plan = [e["slug"] for e in config["briefings"] if e.get("plans", "all") == "all"]
    expected = [f"{slug}-{NEW}-{lang}" for slug in per_plan for lang in ("ko", "en")]
    quick_pages = [
        f"{e['slug']}-{NEW}-{lang}"
        for e in config["briefings"]
        if e["slug"] in per_plan and e["notebook"].endswith("quick.ipynb")
        for lang in ("ko", "en")
    ]
    assert set(quick_pages) <= set(added["report"].built), added["report"].failed
    for name in quick_pages:
        assert (added["reports"] / f"{name}.html").is_file(), name
    sections = index_sections(added["reports"])
    # the comparison first, then every plan by announcement date (as the data state it)
    by_date = sorted(added["plans"], key=lambda row: (row["announced_date"], row["plan_id"]))
    assert [s[0] for s in sections] == ["compared"] + [f"plan-{r['plan_id']}" for r in by_date]
    compared = sections[0][1]
    for slug in added["once"]:
        assert f'href="{slug}-ko.html"' in compared and f'href="{slug}-en.html"' in compared
    new_section = dict(sections)[f"plan-{NEW}"]
    for word in ("plan_name_ko", "plan_name_en", "government_ko", "government_en"):
        assert NEW_PLAN[word] in new_section
    assert NEW_PLAN["announced_date"] in new_section
    assert re.findall(r'href="([^"]+)\.html"', new_section) == [
        name for name in expected if (added["reports"] / f"{name}.html").is_file()
    ]
    for other_id, other in sections:
        if other_id != f"plan-{NEW}":
            assert NEW not in other, f"a page of the new plan is listed under {other_id}"


def test_real_overview_runs_for_the_new_plan(added):
    failed = dict(added["report"].failed)
    for lang in ("ko", "en"):
        name = f"overview-{NEW}-{lang}"
        assert name not in failed, failed.get(name)
        page = (added["reports"] / f"{name}.html").read_text(encoding="utf-8")
        assert NEW_PLAN[f"plan_name_{lang}"] in page
    index = dict(index_sections(added["reports"]))[f"plan-{NEW}"]
    assert f'href="overview-{NEW}-ko.html"' in index


def test_the_index_names_the_years_the_plans_were_announced(tmp_path):
    """The index's introduction gives the span of the years in which the plans it lists were
    announced, from their announcement dates: "2020" for today's plans; "2020–2021" once a
    plan of 2021 is listed (which the refresh refuses today: its amounts would be read as
    2020 won)."""
    import dataclasses

    from analysis.site.config import load_config, processed_plans
    from analysis.site.render import write_index

    with (ROOT / "data" / "processed" / "plans.csv").open(encoding="utf-8", newline="") as fh:
        years = sorted({row["announced_date"][:4] for row in csv.DictReader(fh)})
    plans = processed_plans()
    later = [*plans[:-1], dataclasses.replace(plans[-1], announced_date="2021-03-15")]
    context = {"build_date": "2020-09-13", "data_version": "test"}
    for listed, ko, en in (
        (plans, f"{'~'.join(years)}년", "–".join(years)),
        (later, f"{years[0]}~2021년", f"{years[0]}–2021"),
    ):
        reports = tmp_path / en
        reports.mkdir()
        html = write_index(load_config(CONFIG, plans=listed), reports, context, listed)
        page = html.read_text(encoding="utf-8")
        assert f"<p>{ko} 지방정부가 발표한 뉴딜 계획" in page
        assert f"local governments announced in {en}:" in page
