"""The sentences of the briefing that sets a plan against the national Korean New Deal
(notebook 02): the sector-mix contrast, the periods the two plans cover, the derived national
figures and the sector-mix caption (its jobs sentences are in
:mod:`analysis.briefing.jobs_prose`).

Each function returns a :class:`~analysis.briefing.sentence.Sentence` (``(ko, en)``
templates and the names their ``{placeholders}`` take) or a chart caption, or None
when the data give nothing to say. Numbers are written here, by the one number rule
(``money`` is the briefing's :meth:`analysis.briefing.session.Briefing.money`); names are
values, so the page shows them literally.
"""

from __future__ import annotations

import pandas as pd

from analysis.briefing.labels import text
from analysis.briefing.money import Money
from analysis.briefing.national_comparison import (
    PILLAR_HORIZON,
    derived_pillar_figures,
    mix_contrast,
)
from analysis.briefing.numbers import format_share, with_particle
from analysis.briefing.sentence import Caption, Sentence, caption

__all__ = [
    "by_construction_notes",
    "mix_contrast_sentence",
    "national_amounts_note",
    "paired_shares",
    "period_caveat",
    "sector_mix_caption",
]


def _particle(word: str, pair: str) -> str:
    """Only the Korean particle of ``pair`` that follows ``word`` (``과/와`` -> ``와``)."""
    return with_particle(word, pair)[len(word) :]


def period_caveat(
    announced: str,
    horizon: int | None,
    later: pd.DataFrame,
    mix: pd.DataFrame,
    whole_year: int,
    lang: str,
) -> Sentence:
    """The note that the plan and the national plan cover different periods.

    Parameters
    ----------
    announced : str
        The plan's announcement date as the plans table writes it.
    horizon : int or None
        The year the plan runs to, if stated.
    later : pandas.DataFrame
        :func:`analysis.briefing.national_comparison.period_ends`: parts stated to run to a
        year of their own (``year, name, paragraph``).
    mix : pandas.DataFrame
        :func:`analysis.briefing.national_comparison.plan_vs_national`; sectors without a
        counterpart are named.
    whole_year : int
        The horizon of the national figures the whole-plan comparison uses.
    lang : {"ko", "en"}
        Language of the names and paragraph labels given as values.

    Examples
    --------
    >>> later = pd.DataFrame({"year": [2021], "name": ["G&B City"], "paragraph": [9]})
    >>> mix = pd.DataFrame({"sector": ["Culture"], "has_counterpart": [False]})
    >>> s = period_caveat("2020-07-21", 2022, later, mix, 2025, "en")
    >>> s.en[:78]
    'The two plans cover different periods: this plan was announced 2020-07-21, run'
    >>> s.values
    {'items': '2021 (G&B City, paragraph 9)', 'unmatched': 'Culture'}
    """
    ends_ko = "" if horizon is None else f", {horizon}년까지"
    ends_en = "" if horizon is None else f", running to {horizon}"
    year_word, joiner = ("년", "·") if lang == "ko" else (" ", ", ")
    items = joiner.join(
        f"{year}{year_word}({name}, {text('paragraph_n', lang, n=paragraph)})"
        for year, name, paragraph in later.itertuples(index=False)
    )
    unmatched = ", ".join(mix.loc[~mix["has_counterpart"], "sector"])
    other_horizon = whole_year != PILLAR_HORIZON
    ko = (
        f"두 계획은 기간이 다르다. 이 계획은 {announced}에 발표되었다{ends_ko}."
        + (" 일부 사업은 {items}까지 이어진다." if items else "")
        + f" 국가 분야 수치는 {PILLAR_HORIZON}년까지의 누계다"
        + (
            f"; 계획 전체 비교에는 국가 계획의 {whole_year}년까지 수치를 썼다."
            if other_horizon
            else "."
        )
        + (" {unmatched}에는 대응하는 국가 분야가 없어 국가 쪽을 비워 두었다." if unmatched else "")
        + " 짝지은 분야는 가장 가까운 짝일 뿐 같은 사업이 아니다."
    )
    en = (
        f"The two plans cover different periods: this plan was announced {announced}{ends_en}."
        + (" Some items run to {items}." if items else "")
        + f" National pillar figures are totals to {PILLAR_HORIZON}"
        + (
            f"; the whole-plan comparison uses the national plan's figures to {whole_year}."
            if other_horizon
            else "."
        )
        + (
            " {unmatched} has no national counterpart: its national side is left empty and "
            "marked so."
            if unmatched
            else ""
        )
        + " Paired sectors and pillars are the closest match, not the same programme."
    )
    values = {"items": items} if items else {}
    if unmatched:
        values["unmatched"] = unmatched
    return Sentence(ko, en, values)


def paired_shares(mix: pd.DataFrame) -> Sentence | None:
    """Each paired sector's share of the plan beside its pillar's share of the national plan
    (``mix``: :func:`analysis.briefing.national_comparison.plan_vs_national`); None when no
    sector with a stated share has a counterpart.

    Examples
    --------
    >>> m = pd.DataFrame({"sector": ["Green"], "pillar": ["Green New Deal"],
    ...     "has_counterpart": [True], "plan_share": [0.5695], "national_share": [0.4588]})
    >>> paired_shares(m).values
    {'listed': 'Green 57.0% ↔ Green New Deal 45.9%'}
    """
    paired = mix[mix["has_counterpart"] & mix["plan_share"].notna()]
    listed = "; ".join(
        f"{s} {format_share(a)} ↔ {p} {format_share(b)}"
        for s, a, p, b in zip(
            paired["sector"],
            paired["plan_share"],
            paired["pillar"],
            paired["national_share"],
            strict=True,
        )
    )
    if not listed:
        return None
    return Sentence(
        "분야별 비중(이 계획 ↔ 국가): {listed}.",
        "Shares (this plan ↔ national): {listed}.",
        {"listed": listed},
    )


def mix_contrast_sentence(mix: pd.DataFrame, who: str, lang: str) -> Sentence | None:
    """How the plan's sector mix departs from the national plan's: the two largest national
    pillars, the same two sectors in the plan, and the sectors that weigh more than their
    pillar (:func:`analysis.briefing.national_comparison.mix_contrast`); None when fewer than
    two sectors are paired.

    Parameters
    ----------
    mix : pandas.DataFrame
        :func:`analysis.briefing.national_comparison.plan_vs_national`.
    who : str
        The plan's government, in ``lang``.
    lang : {"ko", "en"}
        In Korean the sector names given as values carry their particles.

    Examples
    --------
    >>> m = pd.DataFrame({"sector_id": ["d", "g"], "sector": ["Digital", "Green"],
    ...     "pillar": ["D", "G"], "has_counterpart": [True] * 2,
    ...     "plan_share": [0.066, 0.569], "national_share": [0.364, 0.459]})
    >>> mix_contrast_sentence(m, "Uijeongbu", "en").en.split("; ")[1]
    "in {who}'s plan {pa} dominates with **56.9%** and {pb} takes only **6.6%**."
    """
    contrast = mix_contrast(mix)
    if contrast is None:
        return None
    na, nb = contrast.national_pair.to_dict("records")
    pa, pb = contrast.plan_pair.to_dict("records")
    na_share, nb_share = format_share(na["national_share"]), format_share(nb["national_share"])
    pa_share, pb_share = format_share(pa["plan_share"]), format_share(pb["plan_share"])
    ko = (
        f"국가 계획에서는 {{na}}({na_share})"
        + _particle(na["pillar"], "과/와" if contrast.similar else "이/가")
        + f" {{nb}}({nb_share})"
        + (
            _particle(nb["pillar"], "이/가") + " 비슷하게 크지만"
            if contrast.similar
            else "보다 크지만"
        )
    )
    en = f"In the national plan {{na}} ({na_share}) " + (
        f"and {{nb}} ({nb_share}) are of similar size"
        if contrast.similar
        else f"is larger than {{nb}} ({nb_share})"
    )
    dominates = pa["plan_share"] > 0.5
    only = pb["plan_share"] < pb["national_share"]
    ko += (
        f", {{who}}의 계획은 {{pa}} **{pa_share}**로 "
        + ("압도적이고" if dominates else "더 크고")
        + f" {{pb}} **{pb_share}**"
        + ("에 그친다." if only else "다.")
    )
    en += (
        "; in {who}'s plan {pa} "
        + ("dominates with" if dominates else "is the larger with")
        + f" **{pa_share}** and {{pb}} takes "
        + ("only " if only else "")
        + f"**{pb_share}**."
    )
    values: dict[str, object] = {"na": na["pillar"], "nb": nb["pillar"], "who": who}
    if lang == "ko":
        values["pa"] = with_particle(pa["sector"], "이/가")
        values["pb"] = with_particle(pb["sector"], "은/는")
    else:
        values["pa"], values["pb"] = pa["sector"], pb["sector"]
    for i, row in enumerate(contrast.heavier.to_dict("records")):
        plan, national = format_share(row["plan_share"]), format_share(row["national_share"])
        ko += (
            f" {{h{i}}}({plan})"
            + _particle(row["sector"], "은/는")
            + f" 국가의 {{hp{i}}}({national})보다 비중이 크다."
        )
        en += (
            f" {{h{i}}}, at {plan}, weighs more than its national counterpart, "
            f"{{hp{i}}} ({national})."
        )
        values.update({f"h{i}": row["sector"], f"hp{i}": row["pillar"]})
    return Sentence(ko, en, values)


def national_amounts_note(
    reference: pd.DataFrame,
    national: pd.DataFrame,
    national_treasury_krw: int,
    basis_label: str,
    money: Money,
    lang: str,
) -> Sentence:
    """The note under the scale comparison: national amounts are nominal sums, and each
    pillar figure no source prints with its meaning is shown as the difference it equals
    (:func:`analysis.briefing.national_comparison.derived_pillar_figures`).

    Parameters
    ----------
    reference : pandas.DataFrame
        The processed ``reference_figures`` table.
    national : pandas.DataFrame
        :func:`analysis.briefing.national_comparison.national_pillars` (pillar names).
    national_treasury_krw : int
        The national plan's 국비 to :data:`PILLAR_HORIZON`.
    basis_label : str
        The briefing's unit and price basis (``MoneyBasis.label``).
    money : callable
        The briefing's money formatter.
    lang : {"ko", "en"}
        Language of the measure words and pillar names.
    """
    derived = derived_pillar_figures(reference)
    pillar_name = dict(zip(national["pillar_id"], national[f"pillar_name_{lang}"], strict=True))
    at_horizon = reference[reference["horizon_year"] == PILLAR_HORIZON]
    printed_derived = int((at_horizon["is_derived"] & (at_horizon["scope"] != "plan")).sum())
    unexplained = printed_derived > len(derived)
    how_ko, how_en, named = [], [], {}
    for i, row in enumerate(derived.itertuples(index=False)):
        amount = money if row.measure != "jobs" else (lambda v: f"{v:,}")
        measure = text(f"reference_measure_{row.measure}", lang)
        sum_of = " − ".join(amount(v) for v in [row.whole, *row.parts])
        how_ko.append(
            f" {{pillar{i}}}의 {measure} {with_particle(amount(row.value), '은/는')} '{measure}'라는"
            f" 말과 함께 실린 자료를 찾지 못한 값으로, 국가 계획 전체의 {measure}에서 다른 분야의 "
            f"{measure}를 뺀 값({sum_of})과 같다."
        )
        how_en.append(
            f" The {{pillar{i}}} pillar's {measure} of {amount(row.value)} equals {sum_of}: the "
            f"national plan's {measure} minus the other pillars'; no source found prints it as "
            f"{measure}."
        )
        named[f"pillar{i}"] = pillar_name[row.pillar_id]
    treasury = money(national_treasury_krw)
    ko = (
        "국가 금액은 여러 해에 걸친 명목 금액의 합이다. 단위·가격 기준을 바꾸면 이를 2020년 원화로 "
        f"보고 똑같이 환산하므로(현재 기준: {basis_label}) 비율은 변하지 않지만, 국가 금액 자체는 "
        f"근사치다. 국가 계획 전체의 국비는 {treasury}이다."
        + "".join(how_ko)
        + (
            " 분야별 국비 중 일부는 보도에 '국비'라는 말과 함께 실리지 않은 값이다."
            if unexplained
            else ""
        )
        + f" 출처는 아래 '{text('page_sources', lang='ko')}'에 있다."
    )
    en = (
        "National amounts are sums of nominal won over several years. A change of unit or price "
        f"basis converts them as if they were 2020 won (now: {basis_label}), so the ratios do not "
        "change but the national amounts are approximate. The national plan's national funding "
        f"is {treasury}."
        + "".join(how_en)
        + (
            " Some pillars' national funding figures are not printed with the word for national "
            "funding attached in any source found."
            if unexplained
            else ""
        )
        + f" The sources are listed under '{text('page_sources', lang='en')}' below."
    )
    return Sentence(ko, en, named)


def sector_mix_caption(plan_total_krw: int, national_total_krw: int, money: Money) -> Caption:
    """The caption of the sector-mix chart: each bar a share of its own plan's total (the
    plan's and the national plan's totals named).

    Examples
    --------
    >>> sector_mix_caption(1475, 1600000, str)["caption_en"][:60]
    "Sector mix. Each bar is a share of its own plan's total (thi"
    """
    plan, national = money(plan_total_krw), money(national_total_krw)
    return caption(
        f"분야 구성. 각 막대는 자기 계획 총사업비(이 계획 {plan}, 국가 {national}) 대비 비중이다. "
        "대응 국가 분야가 없거나 금액이 밝혀지지 않은 막대는 비어 있다.",
        f"Sector mix. Each bar is a share of its own plan's total (this plan {plan}, national "
        f"{national}). Bars without a national counterpart or a stated amount are empty.",
    )


def by_construction_notes(
    checks: pd.DataFrame, reference: pd.DataFrame, pillars: pd.DataFrame, lang: str
) -> list[Sentence]:
    """Why a check of the national plan shown on a page proves nothing: its verdict is
    ``by_construction`` because a pillar's figure of that measure (a row of
    ``reference_figures`` marked ``is_derived``) is itself the whole plan's minus the other
    pillars' (:func:`~analysis.briefing.national_comparison.derived_pillar_figures`). One
    sentence per such check, none if the page shows none.

    Parameters
    ----------
    checks : pandas.DataFrame
        :func:`analysis.briefing.audit_view.audit_overview` (``topic``, ``entity``
        ``"<year>:<measure>"``, ``verdict_id``).
    reference, pillars : pandas.DataFrame
        The processed ``reference_figures`` and ``reference_pillars``.
    lang : str
        The page's language (for the pillars' names, data values of the sentence).

    Examples
    --------
    >>> checks = pd.DataFrame({"topic": ["national_measure"], "verdict_id": ["by_construction"],
    ...     "entity": ["2025:national_treasury"]})
    >>> reference = pd.DataFrame({"scope": ["plan", "digital", "green", "safety_net"],
    ...     "measure": ["national_treasury"] * 4, "horizon_year": [2025] * 4,
    ...     "value": [10, 5, 3, 2], "is_derived": [False, False, False, True]})
    >>> pillars = pd.DataFrame({"pillar_id": ["safety_net"], "pillar_name_en": ["Safety net"]})
    >>> [note] = by_construction_notes(checks, reference, pillars, "en")
    >>> note.en.format(**note.values)
    "The check of the national plan's national funding proves nothing: the figure for Safety net is itself the total minus the other 2 pillars, so it matches by construction."
    """
    names = dict(zip(pillars["pillar_id"], pillars[f"pillar_name_{lang}"], strict=True))
    made = checks[
        (checks["topic"] == "national_measure") & (checks["verdict_id"] == "by_construction")
    ]
    notes = []
    for entity in made["entity"]:
        year, _, measure = str(entity).partition(":")
        derived = derived_pillar_figures(reference, int(year))
        derived = derived[derived["measure"] == measure]
        if derived.empty:
            continue
        others = len(derived["parts"].iloc[0])
        ko_measure, en_measure = (text(f"reference_measure_{measure}", k) for k in ("ko", "en"))
        notes.append(
            Sentence(
                f"{ko_measure} 합계 점검은 {{pillar}}의 {with_particle(ko_measure, '이/가')} 전체에서 "
                f"나머지 {others}개 분야를 빼서 구한 값이라 당연히 맞으므로 검증이 되지 않는다.",
                f"The check of the national plan's {en_measure} proves nothing: the figure for "
                f"{{pillar}} is itself the total minus the other {others} "
                f"{'pillar' if others == 1 else 'pillars'}, so it matches by construction.",
                {"pillar": ", ".join(names.get(p, p) for p in derived["pillar_id"])},
            )
        )
    return notes
