"""The findings of each briefing's headline box, written from the tables.

Each function returns a :class:`Headline`: two or three ``(ko, en)`` sentences and the data
values their ``{placeholders}`` take (names, shown literally by
:meth:`analysis.briefing.session.Briefing.headline`). Numbers are written into the sentences
here, by the one number rule (``money`` is the briefing's :meth:`Briefing.money`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from analysis.briefing.money import Money
from analysis.briefing.numbers import (
    DERIVED_SIGNIFICANT,
    format_derived,
    format_share,
    is_missing,
    round_significant,
    with_particle,
)
from analysis.briefing.sector_jobs_prose import largest_jobs

__all__ = [
    "Headline",
    "funding_headline",
    "jobs_headline",
    "overview_headline",
    "sector_headline",
]


@dataclass
class Headline:
    """Findings for a headline box: ``(ko, en)`` sentences and their placeholder values."""

    findings: list[tuple[str, str]] = field(default_factory=list)
    values: dict[str, object] = field(default_factory=dict)

    def add(self, ko: str, en: str, **values: object) -> None:
        """One more finding (at most three are kept: the first ones)."""
        if len(self.findings) < 3:
            self.findings.append((ko, en))
            self.values.update(values)


def _budgeted(sectors: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Sectors with a stated budget, largest first, with their names in ``lang``."""
    out = sectors[sectors["total_budget_krw"].notna()].copy()
    out["name"] = out[f"sector_{lang}"]
    return out.sort_values("total_budget_krw", ascending=False).reset_index(drop=True)


def _with(name: str, pair: str | None, lang: str) -> str:
    """``name`` in quotes (a sector name may hold commas), in Korean followed by the
    particle of ``pair`` chosen by its last syllable.

    Examples
    --------
    >>> _with("데이터를 도민 품으로", "으로/로", "ko"), _with("Green", "으로/로", "en")
    ('‘데이터를 도민 품으로’로', '‘Green’')
    """
    if lang != "ko" or pair is None:
        return f"‘{name}’"
    return f"‘{name}’" + with_particle(name, pair)[len(name) :]


def sector_headline(sectors: pd.DataFrame, plan_total_krw: int | None, lang: str) -> Headline:
    """Largest and smallest sectors by budget, and the range of own-funds shares.

    Examples
    --------
    >>> s = pd.DataFrame({"sector_en": ["A", "B"], "sector_ko": ["가", "나"],
    ...                   "total_budget_krw": [300, 100], "own_share_of_sector": [0.5, 0.8]})
    >>> sector_headline(s, 400, "en").findings[0][1]
    '{largest} is the largest sector: 75.0% of the budget.'
    """
    out = Headline()
    ranked = _budgeted(sectors, lang)
    total = plan_total_krw or ranked["total_budget_krw"].sum()
    if len(ranked) and total:
        top = ranked.iloc[0]
        share = format_share(top["total_budget_krw"] / total)
        out.add(
            f"가장 큰 분야는 {{largest}}, 총사업비의 {share}다.",
            f"{{largest}} is the largest sector: {share} of the budget.",
            largest=_with(top["name"], "으로/로", lang),
        )
    if len(ranked) >= 2 and total:
        low = ranked.iloc[-1]
        share = format_share(low["total_budget_krw"] / total)
        out.add(
            f"가장 작은 분야는 {{smallest}}, {share}다.",
            f"The smallest is {{smallest}}: {share}.",
            smallest=_with(low["name"], "으로/로", lang),
        )
    own = sectors["own_share_of_sector"].dropna()
    if len(own) >= 2:
        least, most = (format_share(share, decimals=0) for share in (own.min(), own.max()))
        out.add(
            f"자체 재원이 분야 사업비에서 차지하는 비중은 {least}에서 {most}까지다.",
            f"Own funds pay between {least} and {most} of a sector's budget.",
        )
    missing = int(sectors["total_budget_krw"].isna().sum())
    if missing:
        out.add(
            f"{len(sectors)}개 분야 가운데 {missing}개는 예산이 발표되지 않았다.",
            f"{missing} of the {len(sectors)} sectors {'has' if missing == 1 else 'have'} no "
            "stated budget.",
        )
    if len(out.findings) < 2:
        out.add(
            f"계획은 {len(sectors)}개 분야로 이루어진다.", f"The plan has {len(sectors)} sectors."
        )
    return out


def funding_headline(
    own_krw: int | None,
    total_krw: int | None,
    term: str,
    mix: pd.DataFrame,
    money: Money,
    lang: str,
    identified_national_krw: int | None = None,
) -> Headline:
    """The own-funds share (``term``: what the plan calls them, 시비 / "city funds"), and
    the sector whose share differs most from its national pillar's (``mix``:
    :func:`analysis.briefing.national_comparison.plan_vs_national`).
    ``identified_national_krw``: national funding the plan names for single programmes, the
    only part of the other money whose source is said."""
    out = Headline()
    if own_krw is not None and total_krw:
        share = format_share(own_krw / total_krw)
        out.add(
            f"자체 재원인 {{term}} 총사업비의 {share}({money(own_krw)})이고, 나머지 "
            f"{money(total_krw - own_krw)}의 구성은 "
            + (
                f"사업 단위로 밝힌 국비 {money(identified_national_krw)} 말고는 발표되지 않았다."
                if identified_national_krw
                else "발표되지 않았다."
            ),
            f"Own funds ({{term}}) are {share} of the budget ({money(own_krw)}); how the other "
            f"{money(total_krw - own_krw)} is funded is not stated"
            + (
                f", apart from {money(identified_national_krw)} of national funding named for "
                "single programmes."
                if identified_national_krw
                else "."
            ),
            term=with_particle(term, "은/는") if lang == "ko" else term,
        )
    else:
        out.add("계획은 자체 재원을 밝히지 않는다.", "The plan does not state its own funds.")
    paired = mix[mix["has_counterpart"] & mix["plan_share"].notna()]
    if len(paired):
        gap = (paired["plan_share"] - paired["national_share"]).abs()
        row = paired.loc[gap.idxmax()]
        plan_share, national_share = (
            format_share(row["plan_share"]),
            format_share(row["national_share"]),
        )
        out.add(
            f"{{sector}}의 비중은 {plan_share}로, 한국판 뉴딜에서 {{pillar}} 차지하는 "
            f"비중({national_share})과 가장 많이 다르다.",
            f"{{sector}} takes {plan_share} of the plan, the furthest from its national "
            f"counterpart, {{pillar}} ({national_share} of the Korean New Deal).",
            sector=_with(row["sector"], None, lang),
            pillar=_with(row["pillar"], "이/가", lang),
        )
    unpaired = mix.loc[~mix["has_counterpart"], "sector"].tolist()
    if unpaired:
        out.add(
            f"{len(unpaired)}개 분야는 한국판 뉴딜에 대응하는 분야가 없다: {{unpaired}}.",
            f"{len(unpaired)} sector{' has' if len(unpaired) == 1 else 's have'} no national "
            "counterpart: {unpaired}.",
            unpaired=", ".join(unpaired),
        )
    return out


def jobs_headline(jobs: pd.DataFrame, money: Money, base: str) -> Headline:
    """Jobs per ``base`` of the plan and of the national plan, and the highest rate among
    the plan's sectors and programmes (``jobs``: :func:`analysis.briefing.tables.jobs_per_budget`),
    as the page's chart and table write them (``jobs_per_base``).

    ``base`` is the page's money base in its language
    (:attr:`analysis.briefing.money.MoneyBasis.jobs_base_name`: ``1억원``,
    ``1 million USD``).
    """
    out = Headline()
    rate = jobs.set_index("entity_id")
    plan = rate.loc["plan"] if "plan" in rate.index else None
    if plan is not None and not is_missing(plan["jobs_per_base"]):
        per = format_derived(plan["jobs_per_base"])
        per_job = money(round_significant(plan["budget_per_job_krw"], DERIVED_SIGNIFICANT))
        out.add(
            f"계획 전체로는 {base}당 일자리 {per}개, 일자리 하나에 {per_job}이다.",
            f"The plan as a whole: {per} jobs per {base}, {per_job} per job.",
        )
    if "national_plan" in rate.index:
        per = format_derived(rate.loc["national_plan", "jobs_per_base"])
        out.add(
            f"한국판 뉴딜은 {base}당 {per}개다.",
            f"The national Korean New Deal: {per} per {base}.",
        )
    own = jobs[(jobs["group"] == "plan") & (jobs["entity_id"] != "plan")]
    own = own[own["jobs_per_base"].notna()]
    if len(own):
        top = own.loc[own["jobs_per_base"].idxmax()]
        per = format_derived(top["jobs_per_base"])
        out.add(
            f"가장 높은 것은 {{entity}}: {base}당 {per}개.",
            f"The highest: {{entity}}, {per} per {base}.",
            entity=top["entity"],
        )
    if len(out.findings) < 2:
        out.add(
            "계획은 일자리를 분야별로 밝히지 않는다.",
            "The plan does not state jobs by sector.",
        )
    return out


def overview_headline(
    sectors: pd.DataFrame,
    plan_total_krw: int | None,
    jobs_by_part: pd.DataFrame | None,
    issue_verdicts: Sequence[str],
    lang: str,
) -> Headline:
    """Where the budget goes, where the jobs are (``jobs_by_part``:
    :func:`analysis.briefing.tables.budget_vs_jobs_shares`, or None), and what the audit
    found (``issue_verdicts``: the verdicts of the plan's checks that are findings): counts
    the text names fewer or more of apart from sums that do not add up."""
    out = Headline()
    ranked = _budgeted(sectors, lang)
    if len(ranked) and plan_total_krw:
        top = ranked.iloc[0]
        share = format_share(top["total_budget_krw"] / plan_total_krw)
        out.add(
            f"예산의 {share}가 {{budget_sector}}에 간다.",
            f"{share} of the budget goes to {{budget_sector}}.",
            budget_sector=_with(top["name"], None, lang),
        )
    found = largest_jobs(jobs_by_part) if jobs_by_part is not None else None
    if found is not None:  # a sector: never the jobs no sector states (the remainder)
        share = format_share(found.row["jobs_share"])
        part = _with(found.row["part"], None, lang)
        if found.majority:
            out.add(
                f"일자리의 대부분({share})이 {{jobs_part}}에 있다.",
                f"Most of the jobs ({share}) are in {{jobs_part}}.",
                jobs_part=part,
            )
        elif found.among_stated:
            out.add(
                f"일자리를 밝힌 분야 가운데 {{jobs_part}}의 비중이 가장 크다: 일자리의 {share}.",
                f"Of the sectors that state their jobs, {{jobs_part}} has the largest share: "
                f"{share} of the jobs.",
                jobs_part=part,
            )
        else:
            out.add(
                f"일자리는 {{jobs_part}}의 비중이 가장 크다: {share}.",
                f"{{jobs_part}} has the largest share of the jobs: {share}.",
                jobs_part=part,
            )
    counts = sum(v in ("fewer_named", "more_named") for v in issue_verdicts)
    sums = len(issue_verdicts) - counts
    if sums and counts:
        out.add(
            f"발표 수치 {sums}곳은 서로 맞지 않고, {counts}곳은 발표된 개수와 이름이 나온 항목 수가 다르다.",
            f"{sums} of the plan's figures {'does' if sums == 1 else 'do'} not add up, and in "
            f"{counts} place{'' if counts == 1 else 's'} the text names a different number of "
            "items than it states.",
        )
    elif sums:
        out.add(
            f"발표 수치 {sums}곳이 서로 맞지 않는다.",
            f"{sums} of the plan's figures {'does' if sums == 1 else 'do'} not add up.",
        )
    elif counts:
        out.add(
            f"발표 수치의 합은 맞지만, {counts}곳은 발표된 개수와 이름이 나온 항목 수가 다르다.",
            f"The plan's sums add up, but in {counts} places the text names a different number "
            "of items than it states.",
        )
    else:
        out.add("발표 수치끼리는 서로 맞아떨어진다.", "The plan's own figures add up.")
    return out
