"""The sentences about what a plan's jobs count (notebooks 02 and 03): jobs against a
programme's workers and the national plan's jobs, the budget per job of the sectors without
stated jobs and why it differs, and why a plan's jobs per budget can beat the national plan's.
Jobs by sector are in :mod:`analysis.briefing.sector_jobs_prose`.

Each function returns a :class:`~analysis.briefing.sentence.Sentence` (``(ko, en)``
templates and the names their ``{placeholders}`` take), or None when the data give nothing to
say. Numbers are written here (``money`` is the briefing's money formatter); names are values,
so the page shows them literally.
"""

from __future__ import annotations

import pandas as pd

from analysis.briefing.chart_caveats import short_programmes, workers_as_announced
from analysis.briefing.funding import preferred_rows
from analysis.briefing.labels import sentence_start, text
from analysis.briefing.money import Money
from analysis.briefing.national_comparison import PILLAR_HORIZON, entity_color_key
from analysis.briefing.numbers import format_derived, format_share, with_particle
from analysis.briefing.sentence import Caption, Sentence, caption
from analysis.briefing.tables import sectors_without_jobs

__all__ = [
    "jobs_and_workers_note",
    "jobs_differ_note",
    "jobs_per_budget_caption",
    "per_job_gap_reason",
    "rest_per_job",
    "short_public_jobs_note",
]


#: What a plan's stated jobs and the national plan's jobs count: a clause of two notes. The
#: national figure is jobs created to the pillars' horizon; the sources give no start year.
_WHAT_JOBS_COUNT = {
    "ko": "계획이 밝힌 일자리에는 짧은 공공일자리나 시간제 일자리가 들어 있을 수 있고, 국가 계획의 "
    f"일자리는 {PILLAR_HORIZON}년까지 만들어질 일자리 수다.",
    "en": "a plan's stated jobs may include short public or part-time jobs; the national plan "
    f"counts jobs to be created by {PILLAR_HORIZON}.",
}


def _topic(name: str, lang: str) -> str:
    """``name`` with the Korean topic particle (은/는); as it is in English."""
    return with_particle(name, "은/는") if lang == "ko" else name


def _most_jobs_sector(sectors: pd.DataFrame) -> str:
    """The id of the sector with the most stated jobs (the last of a tie in table order)."""
    return sectors[sectors["jobs"].notna()].sort_values("jobs").iloc[-1]["sector_id"]


def jobs_and_workers_note(
    figures: pd.DataFrame,
    plan_id: str,
    programme: pd.DataFrame,
    sectors: pd.DataFrame,
    who: str,
    lang: str,
) -> Sentence:
    """The note that a plan's 'jobs' are not all the same thing: the plan states jobs, its
    public-jobs programme workers (each quoted as written, with its paragraph), the national
    plan counts jobs created to its horizon, and jobs stated with 여 are lower bounds.

    Parameters
    ----------
    figures : pandas.DataFrame
        The processed ``figures`` table (preferred statements are quoted).
    plan_id : str
    programme : pandas.DataFrame
        The plan's ``refresh_programme`` table; the first programme with stated workers is
        named.
    sectors : pandas.DataFrame
        The plan's sectors (``jobs_approx`` marks jobs stated with 여).
    who : str
        The plan's government, in ``lang``.
    lang : {"ko", "en"}
    """
    approx = sectors.loc[sectors["jobs_approx"].fillna(False).astype(bool), f"sector_{lang}"]
    plan_jobs = preferred_rows(figures, plan_id).query("measure == 'jobs'")
    counted: dict[str, object] = {}
    for _, prog in programme[programme["workers_announced"].notna()].iterrows():
        said = preferred_rows(figures, plan_id, prog["project_id"])
        said = said[said["measure"] == "workers"]
        if not plan_jobs.empty and not said.empty:
            counted = {
                "who": _topic(who, lang),
                "jobs_raw": plan_jobs["value_raw"].iloc[0],
                "jobs_at": text("paragraph_n", lang, n=int(plan_jobs["source_paragraph"].iloc[0])),
                "programme": _topic(prog[f"name_{lang}"], lang),
                "workers_raw": said["value_raw"].iloc[0],
                "workers_at": text("paragraph_n", lang, n=int(said["source_paragraph"].iloc[0])),
            }
            break
    ko = (
        "같은 '일자리'가 아니다. "
        + (
            "{who} 일자리 개수({jobs_raw}, {jobs_at})를, {programme} 참여 인원({workers_raw}, "
            "{workers_at})을 밝힌다. "
            if counted
            else ""
        )
        + _WHAT_JOBS_COUNT["ko"]
        + (" {approx}의 일자리는 '여'(남짓)로 밝혀져 하한이다." if len(approx) else "")
    )
    en = (
        "These are not the same 'jobs'. "
        + (
            "{who} states a number of jobs ({jobs_raw}, {jobs_at}), {programme} a number of "
            "workers ({workers_raw}, {workers_at}). "
            if counted
            else ""
        )
        + sentence_start(_WHAT_JOBS_COUNT["en"])
        + (
            " Jobs of {approx} are stated as 'a little over' a number: a lower bound."
            if len(approx)
            else ""
        )
    )
    values = {"approx": ", ".join(approx)} if len(approx) else {}
    return Sentence(ko, en, {**values, **counted})


def rest_per_job(
    jobs: pd.DataFrame, sectors: pd.DataFrame, money: Money, lang: str
) -> Sentence | None:
    """The budget per job of the sectors without stated jobs, against the sector with the
    most stated jobs; None unless the plan has such a remainder (``other_sectors``).

    Parameters
    ----------
    jobs : pandas.DataFrame
        :func:`analysis.briefing.tables.jobs_per_budget`.
    sectors : pandas.DataFrame
        The plan's sectors.
    money : callable
        Formats a per-job amount in KRW.
    lang : {"ko", "en"}
    """
    by_id = jobs.set_index("entity_id")
    if "other_sectors" not in by_id.index:
        return None
    top = _most_jobs_sector(sectors)
    rest_krw = by_id.loc["other_sectors", "budget_per_job_krw"]
    top_krw = by_id.loc[top, "budget_per_job_krw"]
    ratio = rest_krw / top_krw
    return Sentence(
        f"나머지({{rest}}, 차감값)는 일자리 하나에 **{money(rest_krw)}**꼴로, "
        f"{{top}}({money(top_krw)})의 약 **{ratio:,.1f}배**다.",
        f"The rest ({{rest}}; derived) costs **{money(rest_krw)}** per job, "
        f"about **{ratio:,.1f} times** {{top}} ({money(top_krw)}).",
        {"rest": sectors_without_jobs(sectors, lang), "top": by_id.loc[top, "entity"]},
    )


def per_job_gap_reason(
    jobs: pd.DataFrame, sectors: pd.DataFrame, programme: pd.DataFrame, lang: str
) -> Sentence | None:
    """Why the sector with the most stated jobs spends so little per job: its jobs may be
    mostly a short programme's workers (:func:`analysis.briefing.chart_caveats.short_programmes`).

    None unless the plan has sectors without stated jobs (``other_sectors``), the sector with
    the most jobs has such a programme, and none of the other sectors names a programme.
    """
    if "other_sectors" not in set(jobs["entity_id"]):
        return None
    top = _most_jobs_sector(sectors)
    short = short_programmes(sectors, programme)
    short = short[short["sector_id"] == top]
    rest_ids = set(sectors.loc[sectors["jobs"].isna(), "sector_id"])
    if short.empty or set(programme["sector_id"]) & rest_ids:
        return None
    prog = short.iloc[0]
    workers = workers_as_announced(prog, lang)
    months = int(prog["duration_months"])
    share = format_share(prog["share_of_sector_jobs"], decimals=0)
    jobs = f"{prog['sector_jobs']:,.0f}"
    return Sentence(
        "차이는 무엇을 세는지에서 온다: {top}의 일자리는 대부분 짧은 공공일자리로 보인다. "
        f"{months}개월짜리 {{programme}} 참여자 {workers}명이 "
        f"일자리 {jobs}개에 들어 있다면 그 **{share}**다. "
        "나머지 분야는 공공일자리 사업을 밝히지 않는다.",
        "The gap is in what is counted: the jobs of {top} are mostly short public jobs. "
        f"{{programme}}, a {months}-month programme, had {workers} workers, "
        f"**{share}** of the sector's {jobs} jobs "
        "if they are counted among them; the other sectors name no public-jobs programme.",
        {
            "top": sectors.set_index("sector_id").loc[top, f"sector_{lang}"],
            "programme": prog[f"name_{lang}"],
        },
    )


def short_public_jobs_note(
    jobs: pd.DataFrame,
    sectors: pd.DataFrame,
    programmes: pd.DataFrame,
    who: str,
    base: str,
    lang: str,
) -> Sentence | None:
    """Why a plan's jobs per budget beats the national plan's: its stated jobs may be mostly
    the workers of a short public-jobs programme
    (:func:`analysis.briefing.chart_caveats.short_programmes`). None unless such a programme
    exists and the plan's rate is above the national one.

    Parameters
    ----------
    jobs : pandas.DataFrame
        :func:`analysis.briefing.tables.jobs_per_budget` (rates in the display basis).
    sectors, programmes : pandas.DataFrame
        The plan's ``sectors`` and ``refresh_programme`` tables.
    who : str
        The plan's government, in ``lang``.
    base : str
        The budget the rates count against (``MoneyBasis.jobs_base_name``: 1억원...).
    lang : {"ko", "en"}

    Rates are written by :func:`analysis.briefing.numbers.format_derived` (3 significant
    digits), as every page writes them.
    """
    by_id = jobs.set_index("entity_id")
    short = short_programmes(sectors, programmes)
    if short.empty or "plan" not in by_id.index or "national_plan" not in by_id.index:
        return None
    plan_rate = by_id.loc["plan", "jobs_per_base"]
    national_rate = by_id.loc["national_plan", "jobs_per_base"]
    if not plan_rate > national_rate:
        return None
    in_sectors = sectors.set_index("sector_id").loc[short["sector_id"], f"sector_{lang}"]
    months = "/".join(str(int(m)) for m in short["duration_months"])
    rest = by_id.loc["other_sectors"] if "other_sectors" in by_id.index else None
    below = rest is not None and rest["jobs_per_base"] < national_rate
    plan_shown, national_shown = format_derived(plan_rate), format_derived(national_rate)
    rest_shown = format_derived(rest["jobs_per_base"]) if below else ""
    ko = (
        f"{{who}}의 높은 예산 대비 일자리({base}당 {plan_shown}개, 국가 {national_shown}개)는 "
        f"짧은 공공일자리를 세기 때문으로 보인다: {{sectors}}의 일자리는 대부분 {months}개월짜리 "
        "공공일자리 사업({programmes}) 참여자일 수 있다(그림의 주의 문구)."
        + (
            f" 나머지 분야({{rest}})는 {base}당 {rest_shown}개로 국가 계획보다 낮다."
            if below
            else ""
        )
    )
    en = (
        f"{{who}}'s high jobs per budget ({plan_shown} per {base}, against "
        f"{national_shown} nationally) appears to come from counting short public jobs: the "
        f"jobs of {{sectors}} may be mostly the workers of {{programmes}}, a {months}-month "
        "public-jobs programme (see the caution in the chart)."
        + (
            f" The other sectors ({{rest}}) score {rest_shown} per {base}, below the national plan."
            if below
            else ""
        )
    )
    values = {
        "sectors": ", ".join(in_sectors),
        "programmes": ", ".join(short[f"name_{lang}"]),
        "who": who,
    }
    if below:
        values["rest"] = sectors_without_jobs(sectors, lang)
    return Sentence(ko, en, values)


def jobs_differ_note() -> Sentence:
    """The note that a plan's stated jobs and the national plan's jobs count different things.

    Examples
    --------
    >>> jobs_differ_note().en[:44]
    'Jobs mean different things in the two plans:'
    """
    return Sentence(
        f"일자리는 두 계획에서 같은 것을 세지 않는다. {_WHAT_JOBS_COUNT['ko']} "
        "분야별 일자리와 일자리 하나에 드는 예산은 '예산 대비 일자리' 브리핑에 있다.",
        f"Jobs mean different things in the two plans: {_WHAT_JOBS_COUNT['en']} "
        "Jobs by sector and the budget per job are in the 'jobs per budget' briefing.",
    )


def jobs_per_budget_caption(jobs: pd.DataFrame, sectors: pd.DataFrame) -> Caption:
    """The caption of the plan-vs-national jobs-per-budget chart: what each rate divides,
    and the key to the bar colours
    (:func:`analysis.briefing.national_comparison.entity_color_key`)."""
    return caption(
        f"예산 대비 일자리: 이 계획은 밝힌 일자리 ÷ 총사업비, 국가는 {PILLAR_HORIZON}년까지 "
        "일자리 ÷ 총사업비. " + entity_color_key(jobs, sectors, "ko") + ".",
        f"Jobs per budget: for this plan, stated jobs ÷ budget; national, jobs to "
        f"{PILLAR_HORIZON} ÷ total cost. " + entity_color_key(jobs, sectors, "en") + ".",
    )
