"""The sentences of the plan-vs-national briefing (02), checked against figures worked out by
hand from the plans' quotes and the national plan's reference figures (source in comments)."""

from __future__ import annotations

import pandas as pd
import pytest
from plan_tables import load_tables, of

from analysis.briefing import national_comparison, national_prose
from analysis.briefing.prose import fill

EOK, JO = 10**8, 10**12
UIJEONGBU, INCHEON, GYEONGGI = "uijeongbu_snd_2020", "incheon_nd_2020", "gyeonggi_nd_2020"
# Uijeongbu [2]: 1천475억원; digital 98억 [3], green 840억 [9], culture 86억 [12], safety 451억 [15]
TOTAL, BUDGET = 1475, {"digital": 98, "green": 840, "safety": 451}
# The national plan to 2025 (reference README): total cost 160조원; digital 58.2, green 73.4,
# safety net 28.4조원 (here in 억원, as the tables hold whole won); 국비 114.1조원 of which
# digital 44.8 and green 42.7조원
NATIONAL = {"digital": 582_000, "green": 734_000, "safety_net": 284_000}


@pytest.fixture(scope="module")
def data() -> dict[str, pd.DataFrame]:
    return load_tables()


def mix_for(data, plan: str, lang: str) -> pd.DataFrame:
    national = national_comparison.national_pillars(
        data["reference_figures"], data["reference_pillars"]
    )
    sectors = of(data["sectors"], plan).sort_values("sector_order").reset_index(drop=True)
    return national_comparison.plan_vs_national(sectors, national, lang)


def shown(sentence, lang: str) -> str:
    """The sentence as the page's text has it (values filled in, not escaped)."""
    return fill(sentence.ko if lang == "ko" else sentence.en, sentence.values, escape=str)


def test_period_caveat_names_the_later_projects_and_the_unmatched_sector(data) -> None:
    # announced 2020, no horizon; G&B City to 2021 [9], cultural resources to 2022 [13];
    # 문화뉴딜 has no national counterpart; the national figures used are those to 2025
    later = national_comparison.period_ends(
        of(data["figures"], UIJEONGBU),
        of(data["projects"], UIJEONGBU),
        of(data["sectors"], UIJEONGBU),
        "en",
    )
    said = national_prose.period_caveat(
        "2020", None, later, mix_for(data, UIJEONGBU, "en"), 2025, "en"
    )
    assert shown(said, "en") == (
        "The two plans cover different periods: this plan was announced 2020. Some items run to "
        "2021 (The G&B City project, paragraph 9), 2022 (Citizen-led discovery of cultural "
        "resources, paragraph 13). National pillar figures are totals to 2025. Culture has no "
        "national counterpart: its national side is left empty and marked so. Paired sectors "
        "and pillars are the closest match, not the same programme."
    )


def test_period_caveat_for_a_plan_to_2022(data) -> None:
    # Gyeonggi runs to 2022 and every sector is paired; the national plan states 2022 figures
    # (67.7조원), so the whole-plan comparison uses them
    later = pd.DataFrame({"year": [], "name": [], "paragraph": []})
    said = national_prose.period_caveat(
        "2020-07-23", 2022, later, mix_for(data, GYEONGGI, "ko"), 2022, "ko"
    )
    assert said.values == {}
    assert said.ko == (
        "두 계획은 기간이 다르다. 이 계획은 2020-07-23에 발표되었다, 2022년까지. 국가 분야 수치는 "
        "2025년까지의 누계다; 계획 전체 비교에는 국가 계획의 2022년까지 수치를 썼다. "
        "짝지은 분야는 가장 가까운 짝일 뿐 같은 사업이 아니다."
    )


def test_paired_shares_set_each_sector_against_its_pillar(data) -> None:
    total = sum(NATIONAL.values())  # 160조원
    expected = "; ".join(
        f"{name} {BUDGET[s] / TOTAL:.1%} ↔ {pillar} {NATIONAL[p] / total:.1%}"
        for s, name, p, pillar in [
            ("digital", "Digital", "digital", "Digital New Deal"),
            ("green", "Green", "green", "Green New Deal"),
            ("safety", "Safety (안심)", "safety_net", "Stronger employment and social safety net"),
        ]
    )
    said = national_prose.paired_shares(mix_for(data, UIJEONGBU, "en"))
    assert said.values == {"listed": expected}
    assert national_prose.paired_shares(mix_for(data, UIJEONGBU, "en").iloc[0:0]) is None


def test_mix_contrast_in_korean_with_particles(data) -> None:
    # national: green 73.4 and digital 58.2 of 160조원, green a quarter larger (not "of
    # similar size": 58.2 / 73.4 < 0.9); Uijeongbu: green
    # 840/1475 dominates (over half), digital 98/1475 falls below its pillar; safety 451/1475
    # outweighs the safety net 28.4/160
    g, d, s = (BUDGET[k] / TOTAL for k in ("green", "digital", "safety"))
    ng, nd, ns = (NATIONAL[k] / 1_600_000 for k in ("green", "digital", "safety_net"))
    assert nd / ng < 0.9  # more than a tenth apart
    said = national_prose.mix_contrast_sentence(mix_for(data, UIJEONGBU, "ko"), "의정부시", "ko")
    assert shown(said, "ko") == (
        f"국가 계획에서는 그린 뉴딜({ng:.1%})이 디지털 뉴딜({nd:.1%})보다 크지만, 의정부시의 "
        f"계획은 그린뉴딜이 **{g:.1%}**로 압도적이고 디지털뉴딜은 **{d:.1%}**에 그친다. "
        f"안심뉴딜({s:.1%})은 국가의 안전망 강화({ns:.1%})보다 비중이 크다."
    )


def test_mix_contrast_when_the_larger_sector_is_under_half(data) -> None:
    # Incheon: green 5조6000억 and digital 1조8000억 of 14조원: green the larger, under half
    said = national_prose.mix_contrast_sentence(mix_for(data, INCHEON, "en"), "Incheon", "en")
    assert (
        f"in Incheon's plan Green New Deal is the larger with **{5.6 / 14:.1%}** and Digital New "
        f"Deal takes only **{1.8 / 14:.1%}**." in shown(said, "en")
    )
    assert (
        national_prose.mix_contrast_sentence(mix_for(data, INCHEON, "en").iloc[:1], "Incheon", "en")
        is None
    )


def test_derived_safety_net_funding_is_shown_as_a_difference(data) -> None:
    # 국비 of the safety net 26.6조원 = 114.1 − 44.8 − 42.7 (no source prints it as 국비)
    national = national_comparison.national_pillars(
        data["reference_figures"], data["reference_pillars"]
    )
    said = national_prose.national_amounts_note(
        data["reference_figures"],
        national,
        1141 * JO // 10,
        "억원, 2020년 명목",
        lambda krw: f"{krw / JO:.1f}조원",
        "ko",
    )
    assert said.values == {"pillar0": "안전망 강화"}
    assert "국가 계획 전체의 국비는 114.1조원이다." in said.ko
    assert (
        " {pillar0}의 국비 26.6조원은 '국비'라는 말과 함께 실린 자료를 찾지 못한 값으로, 국가 계획 "
        "전체의 국비에서 다른 분야의 국비를 뺀 값(114.1조원 − 44.8조원 − 42.7조원)과 같다."
    ) in said.ko
    assert "(now: 억원, 2020년 명목)" in said.en and "Some pillars'" not in said.en


def test_sector_mix_caption_names_both_totals() -> None:
    caption = national_prose.sector_mix_caption(
        1475 * EOK, 160 * JO, lambda k: f"{k / EOK:,.0f}억원"
    )
    assert "(이 계획 1,475억원, 국가 1,600,000억원)" in caption["caption_ko"]
    assert "(this plan 1,475억원, national 1,600,000억원)" in caption["caption_en"]
