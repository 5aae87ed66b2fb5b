"""Tests for :mod:`analysis.briefing.numbers`: the one rule for numbers in Korean and English.

Expected strings are written by hand from the amounts (e.g. 국비 376억원 over 9,300 workers is
37,600,000,000 / 9,300 = 4,043,010.75 KRW, written 404만원 / KRW 4.04 million at 3 digits).
"""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.briefing import numbers
from analysis.briefing.html_tables import table_html
from analysis.briefing.numbers import english_money, korean_money, with_particle

MAN, EOK, JO = 10**4, 10**8, 10**12
PER_WORKER = 376 * EOK / (9 * 1000 + 300)  # 4,043,010.75 KRW
USD_RATE = 1180.02


@pytest.mark.parametrize(
    ("krw", "significant", "expected"),
    [
        (PER_WORKER, 3, "404만원"),  # 404.301075만 -> 404만
        (PER_WORKER / 4, 3, "101만원"),  # a month of four: 101.075...만
        ((1 * 1000 + 475) * EOK, 4, "1,475억원"),  # 1천475억원, as stated
        (160 * JO, 3, "160조원"),  # not 1,600,000 억원
        (266 * JO // 10, 3, "26.6조원"),
        (98 * EOK, 3, "98억원"),  # no trailing .0
        (-(1475 - 1258) * EOK, 3, "\u2212217억원"),  # real minus
        (99_996_000.0, 3, "1억원"),  # 99,996,000 rounds to 1.00억, not 10,000만
        (9_300, 3, "9,300원"),
    ],
)
def test_korean_money_picks_the_unit_that_suits_the_size(
    krw: float, significant: int, expected: str
) -> None:
    assert korean_money(krw, significant) == expected
    assert " " not in expected  # one spacing rule: no space before the Korean unit


@pytest.mark.parametrize(
    ("amount", "currency", "significant", "expected"),
    [
        (PER_WORKER, "KRW", 3, "KRW 4.04 million"),
        (160 * JO, "KRW", 3, "KRW 160 trillion"),
        ((1 * 1000 + 475) * EOK, "KRW", 4, "KRW 147.5 billion"),
        # 147,500,000,000 / 1,180.02 = 124,997,881.4 USD: not "124,997,881 USD"
        ((1 * 1000 + 475) * EOK / USD_RATE, "USD", 3, "USD 125 million"),
        (-217 * EOK, "KRW", 3, "KRW \u221221.7 billion"),
    ],
)
def test_english_money_uses_scale_words(
    amount: float, currency: str, significant: int, expected: str
) -> None:
    assert english_money(amount, currency, significant) == expected


def test_fixed_unit_money_keeps_the_readers_unit() -> None:
    assert numbers.fixed_unit_money(PER_WORKER / 10**6, "백만원") == "4.04백만원"
    assert numbers.fixed_unit_money(PER_WORKER, "원") == "4,040,000원"


@pytest.mark.parametrize(
    ("amount", "digits"),
    [
        ((1 * 1000 + 475) * EOK, 4),  # "1475" then zeros
        (98 * EOK, 3),  # two digits stated, three shown (the default floor)
        (PER_WORKER, 3),  # derived, not exact
        (12_345_678, 8),
    ],
)
def test_source_digits(amount: float, digits: int) -> None:
    assert numbers.source_digits(amount) == digits


def test_format_number_minus_and_separators() -> None:
    assert numbers.format_number(-1234567.25, 1) == "\u22121,234,567.2"  # banker's: .25 -> .2
    assert numbers.format_number(-0.001, 2) == "0.00"  # no minus on a zero
    assert numbers.format_number(float("nan")) == ""


def test_column_decimals_follow_the_smallest_value() -> None:
    assert numbers.column_decimals([98.0, 840.0, 86.0, 451.0]) == 0  # whole 억원
    assert numbers.column_decimals([0.0404, 1.8652]) == 4  # 0.0404 needs 4 places
    assert (
        numbers.column_decimals([20.73, 0.5]) == 2
    )  # 0.500 at 3 digits; 20.730 adds a zero; 20.7 would lose one
    assert numbers.column_decimals([0.0, float("nan")]) == 0


@pytest.mark.parametrize(
    ("word", "pair", "expected"),
    [
        ("그린뉴딜", "으로/로", "그린뉴딜로"),  # ㄹ takes 로
        ("안심뉴딜", "을/를", "안심뉴딜을"),
        ("디지털뉴딜", "이/가", "디지털뉴딜이"),
        ("의정부", "은/는", "의정부는"),
        ("의정부", "과/와", "의정부와"),
        ("시비", "으로/로", "시비로"),
        ("국비", "을/를", "국비를"),
        ("사업", "으로/로", "사업으로"),
        ("3", "으로/로", "3으로"),  # 삼
        ("2", "으로/로", "2로"),  # 이
        ("1", "으로/로", "1로"),  # 일: ㄹ
        ("6", "이/가", "6이"),  # 육
        ("10", "이/가", "10이"),  # 십
        ("1,000", "은/는", "1,000은"),  # 천
        ("9,300", "을/를", "9,300을"),  # 구천삼백
        ("20,000", "이/가", "20,000이"),  # 이만
        ("100,000,000", "과/와", "100,000,000과"),  # 일억
        ("56.9%", "을/를", "56.9%를"),  # 퍼센트
        ("3.5", "이/가", "3.5가"),  # 삼점오
        ("1,475억원", "을/를", "1,475억원을"),
        ("(문단 2)", "이/가", "(문단 2)가"),  # brackets skipped: 이
        ("KRW", "이/가", "KRW이(가)"),  # latin: out of scope, both forms
    ],
)
def test_with_particle(word: str, pair: str, expected: str) -> None:
    assert with_particle(word, pair) == expected


def test_with_particle_rejects_an_unknown_pair() -> None:
    with pytest.raises(ValueError, match="에/에게"):
        with_particle("의정부", "에/에게")


# --- derived figures: at most 3 significant digits (issue: spurious precision) -------------
# Gyeonggi states 5조3800억원 (3 digits) and 32만개 (2 digits): 16,812,500 KRW per job happens
# to be a whole number, which must not read as a stated amount of 6 digits.
GYEONGGI_PER_JOB = (5 * JO + 3800 * EOK) / (32 * MAN)


def test_a_per_job_amount_is_derived_not_stated() -> None:
    assert GYEONGGI_PER_JOB == 16_812_500  # what made "KRW 16.8125 million"
    digits = numbers.source_digits(GYEONGGI_PER_JOB)
    assert english_money(GYEONGGI_PER_JOB, significant=digits, derived=True) == "KRW 16.8 million"
    assert korean_money(GYEONGGI_PER_JOB, digits, derived=True) == "1,680만원"
    assert numbers.fixed_unit_money(GYEONGGI_PER_JOB / 10**6, "백만원", digits, derived=True) == (
        "16.8백만원"
    )


def test_converted_amounts_of_one_sentence_read_to_one_precision() -> None:
    # 국비 114.1조, 44.8조, 42.7조 at 1,180.02 KRW/USD: USD 96.69, 37.97, 36.19 billion
    dollars = [
        english_money(k * JO / 10 / USD_RATE, "USD", 4, derived=True) for k in (1141, 448, 427)
    ]
    assert dollars == ["USD 96.7 billion", "USD 38.0 billion", "USD 36.2 billion"]
    assert korean_money(448 * JO / 10 / USD_RATE, 3, "달러", derived=True) == "380억달러"


@pytest.mark.parametrize(
    ("plan_krw", "national_krw", "expected"),
    [
        (14 * JO, 160 * JO, "8.8%"),  # Incheon 14조원 of 160조원: 8.75%, stated to ±0.5조
        (5 * JO + 3800 * EOK, 677 * JO // 10, "7.9%"),  # Gyeonggi of 67.7조원 (to 2022): 7.947%
        (4 * JO + 7822 * EOK, 160 * JO, "3.0%"),  # Chungnam 4조7822억원: 2.989%
        (1475 * EOK, 160 * JO, "0.1%"),  # Uijeongbu: 0.092%
        (98 * EOK, 582 * JO // 10, "0.02%"),  # Uijeongbu digital of 58.2조원: not 0.0%
    ],
)
def test_shares_show_one_decimal(plan_krw: int, national_krw: int, expected: str) -> None:
    assert numbers.format_share(plan_krw / national_krw) == expected


@pytest.mark.parametrize(
    ("jobs", "krw", "expected"),
    [
        (9_897, 1475 * EOK, "6.71"),  # Uijeongbu: 6.7098 (plan comparison showed 6.710)
        (173_000, 14 * JO, "1.24"),  # Incheon: 1.2357
        (320_000, 5 * JO + 3800 * EOK, "5.95"),  # Gyeonggi: 5.9480
        (41_881, 4 * JO + 7822 * EOK, "0.876"),  # Chungnam: 0.87577 (one page showed 0.88)
        (9_897 - 9_348, (1475 - 451) * EOK, "0.536"),  # Uijeongbu's other sectors
    ],
)
def test_jobs_per_budget_reads_the_same_everywhere(jobs: int, krw: int, expected: str) -> None:
    rate = jobs / (krw / EOK)
    assert numbers.format_derived(rate) == expected
    table = table_html(pd.DataFrame({"rate": [rate, 20.727, 0.5]}))
    assert f">{expected}<" in table  # a table column shows the rate as the prose does


def test_a_table_shows_no_cents_on_a_large_converted_amount() -> None:
    # Uijeongbu's 1,475억원 at 1,180.02 KRW/USD beside a small amount of the same column
    usd = 1475 * EOK / USD_RATE
    table = table_html(pd.DataFrame({"amount": [usd, 4.5]}))
    assert ">124,997,881<" in table and "124,997,881." not in table and ">4.50<" in table


#: Missing values of several kinds, then present ones (a Python expression: numpy as np,
#: Decimal).
MIXED_VALUES = (
    '[None, float("nan"), np.float32("nan"), np.float16("nan"), Decimal("NaN"), '
    'complex("nan"), np.datetime64("NaT"), 0, 0.0, 1.5, np.float32(2.5), Decimal("3"), "", "x"]'
)
#: Run as ``python -c`` with pandas unimportable, as in a build worker: is_missing of each
#: of MIXED_VALUES, and how format_number writes the missing ones but the last.
NO_PANDAS_PROBE = f"""
import json, sys
sys.modules["pandas"] = None
from decimal import Decimal
import numpy as np
from analysis.briefing.numbers import format_number, is_missing
values = {MIXED_VALUES}
print(json.dumps([[is_missing(v) for v in values], [format_number(v) for v in values[:6]]]))
"""


def test_is_missing_says_the_same_without_pandas_as_pd_isna_with_it() -> None:
    """The build's workers format numbers with no pandas imported: every missing value is
    still missing there, and written as nothing (not ``nan``)."""
    import json
    import subprocess
    import sys
    from decimal import Decimal

    import numpy as np

    values = eval(MIXED_VALUES, {"np": np, "Decimal": Decimal})
    expected = [bool(pd.isna(v)) for v in values]
    assert expected == [True] * 7 + [False] * 7  # pandas' own answer, the reference
    done = subprocess.run(
        [sys.executable, "-c", NO_PANDAS_PROBE], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    missing, written = json.loads(done.stdout)
    assert missing == expected
    assert written == [""] * 6
