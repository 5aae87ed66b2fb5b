"""The sentences about a plan's jobs by sector (notebooks 03 jobs per budget and 04 overview):
where most jobs are, the jobs of the sectors that state none (one total, or split by an
assumption the reader chose with ``jobs_split``).

Each function returns a :class:`~analysis.briefing.sentence.Sentence` (``(ko, en)``
templates and the names their ``{placeholders}`` take), or None when the data give nothing to
say. Numbers are written here; names are values, so the page shows them literally.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.briefing.labels import list_words, text
from analysis.briefing.numbers import format_share
from analysis.briefing.prose import placeholders
from analysis.briefing.sentence import Sentence
from analysis.briefing.tables import jobs_stated_only_in_total

__all__ = [
    "MAJORITY",
    "LargestJobs",
    "jobs_not_by_sector",
    "jobs_only_in_total_note",
    "jobs_split_assumption",
    "largest_jobs",
    "most_jobs",
]


def jobs_only_in_total_note(
    sectors: pd.DataFrame,
    figures: pd.DataFrame,
    plan_id: str,
    missing_basis: list[str],
    lang: str,
) -> Sentence:
    """The note for sectors without stated jobs when no split is asked for: their jobs
    stated only as a total (plan jobs minus the sectors' stated jobs,
    :func:`analysis.briefing.tables.jobs_stated_only_in_total`) or not at all, that the page
    does not split them, and what a split by budget or own funds (the ``jobs_split``
    parameter) would be: an assumption (``missing_basis``: sectors lacking the amount to split
    by, :func:`analysis.briefing.tables.split_basis_missing`). It speaks to a reader, who runs
    nothing: no parameter names.
    """
    total_known = jobs_stated_only_in_total(sectors, figures, plan_id)
    rest_jobs, parts = total_known or (0, [])
    sum_of = " − ".join(f"{v:,}" for v in parts)
    one = int(sectors["jobs"].isna().sum()) == 1
    missing_basis = [] if one else missing_basis  # one sector: there is nothing to split
    ko = (
        "{missing}의 일자리는 계획에 없다. "
        + (
            f"계획 전체 일자리에서 일자리를 밝힌 분야의 것을 빼면 {rest_jobs:,}개({sum_of})가 "
            "남는다. "
            if total_known
            else ""
        )
        + "이 페이지는 이를 {missing}에 배정하지 않고 계획이 밝힌 수치만 보인다. "
        + (
            "이를 모두 {missing}의 일자리로 볼 수도 있지만, 그것은 가정일 뿐 계획의 수치가 아니다."
            if one
            else "분야별 총사업비나 자체 재원에 비례해 나눌 수도 있지만, 그렇게 나눈 수치는 "
            "가정일 뿐 계획의 수치가 아니다."
        )
        + (
            " 이 계획은 {basis}의 기준 금액을 밝히지 않아 그렇게 나눌 수도 없다."
            if missing_basis
            else ""
        )
    )
    en = (
        "The plan states no jobs for {missing}. "
        + (
            f"Its total jobs less those of the sectors that state them leave {rest_jobs:,} "
            f"({sum_of}). "
            if total_known
            else ""
        )
        + "This page does not assign them to {missing}: it shows what the plan states. "
        + (
            "They could all be taken as {missing}'s jobs, but that is an assumption, not the "
            "plan's figure."
            if one
            else "They could be divided in proportion to each sector's budget or own funds, but "
            "such a split is an assumption, not the plan's figures."
        )
        + (
            " The plan does not state that amount for {basis}, so even that split is not possible."
            if missing_basis
            else ""
        )
    )
    values: dict[str, object] = {
        "missing": list_words(list(sectors.loc[sectors["jobs"].isna(), f"sector_{lang}"]), lang)
    }
    if missing_basis:
        values["basis"] = ", ".join(missing_basis)
    return Sentence(ko, en, values)


def jobs_split_assumption(split: str, own_funds_term: str) -> Sentence:
    """The assumption note for jobs split across the sectors without stated jobs
    (``split``: ``"budget"`` or ``"own_funds"``, the ``jobs_split`` parameter), and what the
    split does to their jobs per budget. ``own_funds_term`` is what the plan calls its own
    funds, in the page's language (시비, provincial funds ...): the ``{term}`` of the note
    when its effect names it.

    Examples
    --------
    >>> said = jobs_split_assumption("budget", "시비")
    >>> said.en[:60], said.values
    ('Splitting the remaining jobs across the sectors without stat', {})
    >>> said = jobs_split_assumption("own_funds", "도비")
    >>> said.ko.endswith("{term} 비중이 높은 분야일수록 예산 대비 일자리가 높게 나온다."), said.values
    (True, {'term': '도비'})
    """
    how = {lang: text(f"jobs_split_{split}", lang) for lang in ("ko", "en")}
    effect = {lang: text(f"jobs_split_{split}_effect", lang) for lang in ("ko", "en")}
    return Sentence(
        f"일자리를 밝히지 않은 분야에 나머지 일자리를 나눈 것(배분 기준: {how['ko']})은 "
        "이 브리핑의 가정이며 계획의 수치가 아니다. " + effect["ko"],
        f"Splitting the remaining jobs across the sectors without stated jobs {how['en']} is "
        "this briefing's assumption, not a figure in the plan. " + effect["en"],
        {"term": own_funds_term} if "term" in placeholders(effect["en"]) else {},
    )


#: "Most" of the jobs means more than half of them; below that, "the largest share".
MAJORITY = 0.5


@dataclass(frozen=True)
class LargestJobs:
    """The sector with the largest share of the plan's stated jobs (``row``, a row of
    :func:`analysis.briefing.tables.budget_vs_jobs_shares`), whether that share is a
    majority (more than :data:`MAJORITY`), and whether it is only the largest of the sectors
    that state jobs: ``among_stated`` when the jobs no sector states (the remainder,
    ``other_sectors``) are as many or more, so a sector without stated jobs may hold more."""

    row: pd.Series
    majority: bool
    among_stated: bool


def largest_jobs(shares: pd.DataFrame) -> LargestJobs | None:
    """The largest sector by stated jobs: never the remainder part ``other_sectors`` (jobs
    no sector states are not a sector); None when no sector states jobs.

    Examples
    --------
    >>> s = pd.DataFrame({"part_id": ["other_sectors", "green"], "part": ["Rest", "Green"],
    ...     "jobs": [59000, 58000], "jobs_share": [0.341, 0.335]})
    >>> found = largest_jobs(s)
    >>> found.row["part"], found.majority, found.among_stated
    ('Green', False, True)
    """
    stated = shares[(shares["part_id"] != "other_sectors") & shares["jobs_share"].notna()]
    if stated.empty:
        return None
    top = stated.loc[stated["jobs_share"].idxmax()]
    rest = shares.loc[shares["part_id"] == "other_sectors", "jobs_share"].dropna()
    return LargestJobs(
        row=top,
        majority=bool(top["jobs_share"] > MAJORITY),
        among_stated=bool(len(rest) and rest.max() >= top["jobs_share"]),
    )


def most_jobs(shares: pd.DataFrame, lang: str) -> Sentence | None:
    """Where the plan's jobs are (``shares``:
    :func:`analysis.briefing.tables.budget_vs_jobs_shares`, one row per part): "most" only
    of a majority, else "the largest share", said of the sectors that state jobs when the
    unstated remainder is as large (:func:`largest_jobs`).

    Examples
    --------
    >>> s = pd.DataFrame({"part_id": ["safety", "other_sectors"], "part": ["안심뉴딜", "그 밖"],
    ...     "jobs": [9348, 549], "jobs_share": [0.9445, 0.0555]})
    >>> most_jobs(s, "ko").values
    {'part': '안심뉴딜에'}
    """
    found = largest_jobs(shares)
    if found is None:
        return None
    top = found.row
    share, jobs = f"**{format_share(top['jobs_share'])}**", f"{top['jobs']:,.0f}"
    if found.majority:
        return Sentence(
            f"**일자리의 대부분은 {{part}} 있다.** 일자리의 {share}({jobs}개)다.",
            f"**Most jobs are in {{part}}:** {share} of the jobs ({jobs}).",
            {"part": top["part"] + ("에" if lang == "ko" else "")},
        )
    if found.among_stated:
        return Sentence(
            f"**일자리를 밝힌 분야 가운데 {{part}}의 비중이 가장 크다.** 일자리의 {share}({jobs}개)다.",
            f"**Of the sectors that state their jobs, {{part}} has the largest share:** {share} "
            f"of the jobs ({jobs}).",
            {"part": top["part"]},
        )
    return Sentence(
        f"**일자리는 {{part}}의 비중이 가장 크다.** 일자리의 {share}({jobs}개)다.",
        f"**The largest share of the jobs is in {{part}}:** {share} ({jobs}).",
        {"part": top["part"]},
    )


def jobs_not_by_sector(sectors: pd.DataFrame, plan_jobs: int, lang: str) -> Sentence | None:
    """The jobs of the sectors that state none, as one total (plan jobs minus the sectors'
    stated jobs); None when every sector states its jobs.

    Examples
    --------
    >>> s = pd.DataFrame({"sector_en": ["Safety", "Green"], "jobs": [9348, None]})
    >>> jobs_not_by_sector(s, 9897, "en").en[:45]
    'The other sectors ({others}) hold 549 jobs to'
    """
    missing = sectors["jobs"].isna()
    if not missing.any():
        return None
    together = plan_jobs - sectors["jobs"].sum()
    return Sentence(
        f"나머지 분야({{others}})의 일자리는 합계 {together:,.0f}개"
        "(계획 전체 − 분야별로 밝힌 일자리)이며 분야별로 나뉘어 있지 않다.",
        f"The other sectors ({{others}}) hold {together:,.0f} jobs "
        "together (plan jobs minus the sector jobs stated), not broken down by sector.",
        {"others": ", ".join(sectors.loc[missing, f"sector_{lang}"])},
    )
