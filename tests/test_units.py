"""Tests for :mod:`analysis.data.korean_amounts`: Korean numerals <-> exact integers.

Every expected value here is worked out by hand from the Korean text
(e.g. ``1천475억원`` = ``(1 * 1000 + 475) * 10**8``), never copied from the code.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.data.korean_amounts import (
    GROUP_UNITS,
    SMALL_UNITS,
    UNITS,
    AmountParseError,
    KoreanAmount,
    format_korean_amount,
    parse_korean_amount,
)

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"

MAN = 10**4
EOK = 10**8
JO = 10**12

# ---------------------------------------------------------------------------
# Figures transcribed in data/raw, with hand-computed values.
# ---------------------------------------------------------------------------

#: text -> (value, unit, approx); every literal string found in the raw tables.
RAW_FIGURES: dict[str, tuple[int, str, bool]] = {
    # figures.csv (value_raw)
    "4개": (4, "개", False),
    "42개": (42, "개", False),
    "1천475억원": ((1 * 1000 + 475) * EOK, "원", False),
    "9천897개": (9 * 1000 + 897, "개", False),
    "98억원": (98 * EOK, "원", False),
    "80억원": (80 * EOK, "원", False),
    "8개": (8, "개", False),
    "16개": (16, "개", False),
    "4건": (4, "건", False),
    "840억원": (840 * EOK, "원", False),
    "580억원": (580 * EOK, "원", False),
    "390억원": (390 * EOK, "원", False),
    "2021년": (2021, "년", False),
    "86억원": (86 * EOK, "원", False),
    "70억원": (70 * EOK, "원", False),
    "4억원": (4 * EOK, "원", False),
    "2022년": (2022, "년", False),
    "451억원": (451 * EOK, "원", False),
    "64억원": (64 * EOK, "원", False),
    "9천348개": (9 * 1000 + 348, "개", False),
    "8월": (8, "월", False),
    "11월": (11, "월", False),
    "4개월": (4, "개월", False),
    "376억원": (376 * EOK, "원", False),
    "9천300여명": (9 * 1000 + 300, "명", True),
    # refresh_workers_by_field.csv (workers_raw)
    "700명": (700, "명", False),
    "900명": (900, "명", False),
    "300명": (300, "명", False),
    "1,700명": (1 * 1000 + 700, "명", False),
    "180명": (180, "명", False),
    "5,300명": (5 * 1000 + 300, "명", False),
    # reference_figures.csv (value_raw): decimals times 조 / 만
    "58.2조원": (582 * JO // 10, "원", False),
    "44.8조원": (448 * JO // 10, "원", False),
    "90.3만": (903 * MAN // 10, "", False),
    "73.4조원": (734 * JO // 10, "원", False),
    "42.7조원": (427 * JO // 10, "원", False),
    "65.9만": (659 * MAN // 10, "", False),
    "28.4조원": (284 * JO // 10, "원", False),
    "26.6조원": (266 * JO // 10, "원", False),
    "33.9만": (339 * MAN // 10, "", False),
    "160조원": (160 * JO, "원", False),
    "114.1조원": (1141 * JO // 10, "원", False),
    "25.2조원": (252 * JO // 10, "원", False),
    "20.7조원": (207 * JO // 10, "원", False),
    "190.1만": (1901 * MAN // 10, "", False),
    "67.7조원": (677 * JO // 10, "원", False),
    "49조원": (49 * JO, "원", False),
    "88.7만": (887 * MAN // 10, "", False),
    "23.4조원": (234 * JO // 10, "원", False),
    "39만": (39 * MAN, "", False),
    # plans/incheon_nd_2020, gyeonggi_nd_2020, chungnam_nd_2020 figures.csv (value_raw)
    "14조원": (14 * JO, "원", False),
    "14조 원": (14 * JO, "원", False),  # a space before 원
    "2조7천억": (2 * JO + 7 * 1000 * EOK, "", False),  # money without 원
    "17만3천개": (17 * MAN + 3 * 1000, "개", False),
    "17만3000개": (17 * MAN + 3000, "개", False),
    "2025년": (2025, "년", False),
    "1조8000억원": (JO + 8000 * EOK, "원", False),
    "1만8000개": (MAN + 8000, "개", False),
    "5조6000억원": (5 * JO + 6000 * EOK, "원", False),
    "5만8000개": (5 * MAN + 8000, "개", False),
    "2조9000억원": (2 * JO + 9000 * EOK, "원", False),
    "3만8000개": (3 * MAN + 8000, "개", False),
    "5조3800억원": (5 * JO + 3800 * EOK, "원", False),
    "5조3880억원": (5 * JO + 3880 * EOK, "원", False),
    "5조4000억원": (5 * JO + 4000 * EOK, "원", False),
    "1조3000억원": (JO + 3000 * EOK, "원", False),
    "1조 3000억원": (JO + 3000 * EOK, "원", False),  # a space inside the amount
    "32만개": (32 * MAN, "개", False),
    "3개": (3, "개", False),
    "8494억원": (8494 * EOK, "원", False),
    "2,180억원": (2180 * EOK, "원", False),
    "6,990명": (6990, "명", False),
    "6900개": (6900, "개", False),
    "2조7,900억원": (2 * JO + 7900 * EOK, "원", False),
    "2만5,200여개": (2 * MAN + 5200, "개", True),
    "2만5000개": (2 * MAN + 5000, "개", False),
    "2조 3750억원": (2 * JO + 3750 * EOK, "원", False),
    "28만 4000개": (28 * MAN + 4000, "개", False),
    "214억원": (214 * EOK, "원", False),
    "1504억원": (1504 * EOK, "원", False),
    "467억원": (467 * EOK, "원", False),
    "1조740억원": (JO + 740 * EOK, "원", False),
    "1조107억원": (JO + 107 * EOK, "원", False),
    "7058억원": (7058 * EOK, "원", False),
    "1조 2361억원": (JO + 2361 * EOK, "원", False),
    "9070억원": (9070 * EOK, "원", False),
    "2321억원": (2321 * EOK, "원", False),
    "4조7,822억원": (4 * JO + 7822 * EOK, "원", False),
    "4조 7800억여원": (4 * JO + 7800 * EOK, "원", True),
    "4만1,881개": (4 * MAN + 1881, "개", False),
    "4만개 이상": (4 * MAN, "개", True),  # 이상: a lower bound
    "8,464억원": (8464 * EOK, "원", False),
    "37개": (37, "개", False),
    "2조9696억 원": (2 * JO + 9696 * EOK, "원", False),
    "2조9,000억원": (2 * JO + 9000 * EOK, "원", False),
    "31개": (31, "개", False),
    "9662억 원": (9662 * EOK, "원", False),
    "17개": (17, "개", False),
}

RAW_COLUMNS = [
    ("plans/*/figures.csv", "value_raw"),
    ("plans/*/programme_workers.csv", "workers_raw"),
    ("reference/national_figures.csv", "value_raw"),
]


def _raw_values() -> list[tuple[str, int, str]]:
    out = []
    paths = [(path, column) for pattern, column in RAW_COLUMNS for path in RAW.glob(pattern)]
    for path, column in sorted(paths):
        with path.open(encoding="utf-8", newline="") as fh:
            for i, row in enumerate(csv.DictReader(fh), start=2):
                out.append((str(path.relative_to(RAW)), i, row[column]))
    return out


def _shape(text: str) -> str:
    """The 'style' of a figure: every run of digits replaced by 9."""
    return re.sub(r"\d+", "9", text)


#: Hand-worked readings, digit by digit, of figures with a decimal point or a 천 group:
#: text -> (digits as stated, power of ten of the last stated digit, approx).
HAND_WORKED: dict[str, tuple[list[int], int, bool]] = {
    "58.2조원": ([5, 8, 2], 11, False),  # 5x10^13 + 8x10^12 + 2x10^11
    "114.1조원": ([1, 1, 4, 1], 11, False),
    "1천475억원": ([1, 4, 7, 5], 8, False),  # 1천 = 1,000 (억): 1,475 x 10^8
    "90.3만": ([9, 0, 3], 3, False),  # 90.3 x 10^4 = 903 x 10^3
    "9천300여명": ([9, 3, 0, 0], 0, True),  # 여 = "some": approximate
    "1,700명": ([1, 7, 0, 0], 0, False),
}


@pytest.mark.parametrize("text", list(HAND_WORKED))
def test_hand_expectations_are_consistent(text: str) -> None:
    """The parser and the RAW_FIGURES table both agree with a digit-by-digit reading."""
    digits, last_power, approx = HAND_WORKED[text]
    by_hand = sum(d * 10 ** (last_power + len(digits) - 1 - i) for i, d in enumerate(digits))
    got = parse_korean_amount(text)
    assert got.value == by_hand
    assert got.approx is approx
    assert RAW_FIGURES[text][0] == by_hand


@pytest.mark.parametrize(("text", "expected"), list(RAW_FIGURES.items()), ids=list(RAW_FIGURES))
def test_parse_raw_figures(text: str, expected: tuple[int, str, bool]) -> None:
    value, unit, approx = expected
    got = parse_korean_amount(text)
    qualifier = ("이상" if text.endswith("이상") else "여") if approx else ""
    assert got == KoreanAmount(value=value, unit=unit, approx=approx, qualifier=qualifier)
    assert type(got.value) is int


@pytest.mark.parametrize("text", ["58.2조원", "114.1조원", "44.8조원", "90.3만", "190.1만"])
def test_decimal_money_is_exact_int_not_float(text: str) -> None:
    got = parse_korean_amount(text)
    assert type(got.value) is int
    assert not isinstance(got.value, float)
    assert got.value == RAW_FIGURES[text][0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4.35억원", 435 * EOK // 100),  # float: 4.35 * 10**8 == 434999999.99999994
        ("1.1억원", 11 * EOK // 10),  # float: 1.1 * 10**8 == 110000000.00000001
        ("0.07만원", 7 * MAN // 100),  # float: 0.07 * 10**4 == 700.0000000000001
    ],
)
def test_decimal_money_does_not_go_through_float(text: str, expected: int) -> None:
    number = float(text.split("억")[0].split("만")[0])
    mult = EOK if "억" in text else MAN
    assert number * mult != expected  # the float route really is inexact here
    got = parse_korean_amount(text)
    assert got.value == expected
    assert type(got.value) is int


def test_every_raw_value_parses_to_an_int() -> None:
    values = _raw_values()
    assert values, "no raw figures found"
    for name, row, text in values:
        got = parse_korean_amount(text)
        assert type(got.value) is int, (name, row, text)
        assert got.unit in UNITS or got.unit == "", (name, row, text)
        if text in RAW_FIGURES:
            assert (got.value, got.unit, got.approx) == RAW_FIGURES[text], (name, row, text)


def test_every_raw_figure_style_is_covered_by_hand_expectations() -> None:
    covered = {_shape(text) for text in RAW_FIGURES}
    missing = sorted(
        {(name, text) for name, _, text in _raw_values() if _shape(text) not in covered}
    )
    assert not missing, f"figure styles without a hand-computed test: {missing}"


# ---------------------------------------------------------------------------
# Other hand-written parses.
# ---------------------------------------------------------------------------

EXTRA_CASES: list[tuple[str, tuple[int, str, bool]]] = [
    ("0", (0, "", False)),
    ("0원", (0, "원", False)),
    ("7", (7, "", False)),
    ("300여", (300, "", True)),
    ("1만", (1 * MAN, "", False)),
    ("천", (1000, "", False)),
    ("십만", (10 * MAN, "", False)),
    ("천만원", (1000 * MAN, "원", False)),
    ("2천억원", (2 * 1000 * EOK, "원", False)),
    ("2천억5천만원", (2000 * EOK + 5000 * MAN, "원", False)),
    ("1조2천345억6천789만1천234원", (1 * JO + 2345 * EOK + 6789 * MAN + 1234, "원", False)),
    ("3조5만", (3 * JO + 5 * MAN, "", False)),
    ("1억1", (1 * EOK + 1, "", False)),
    ("1천2백3십4명", (1 * 1000 + 2 * 100 + 3 * 10 + 4, "명", False)),
    ("3백5십", (3 * 100 + 5 * 10, "", False)),
    ("1천5", (1000 + 5, "", False)),
    ("1,475억원", (1475 * EOK, "원", False)),
    ("12,345,678원", (12_345_678, "원", False)),
    ("1,234.5만원", (12345 * MAN // 10, "원", False)),
    ("0.5만", (5 * MAN // 10, "", False)),
    ("1.23456789억원", (123456789 * EOK // 10**8, "원", False)),
    ("9천999조9천999억9천999만9천999원", (10**16 - 1, "원", False)),
    ("12개월", (12, "개월", False)),
    ("3개", (3, "개", False)),
    ("5여건", (5, "건", True)),
]


@pytest.mark.parametrize(("text", "expected"), EXTRA_CASES, ids=[c[0] for c in EXTRA_CASES])
def test_parse_hand_cases(text: str, expected: tuple[int, str, bool]) -> None:
    value, unit, approx = expected
    got = parse_korean_amount(text)
    assert (got.value, got.unit, got.approx) == (value, unit, approx)
    assert type(got.value) is int


def test_longest_unit_wins() -> None:
    assert parse_korean_amount("4개월").unit == "개월"
    assert parse_korean_amount("4개").unit == "개"
    assert parse_korean_amount("8월").unit == "월"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("98 억원", (98 * EOK, "원", False)),
        (" 98억원 ", (98 * EOK, "원", False)),
        ("98억 원", (98 * EOK, "원", False)),
        ("1천 475 억 원", ((1 * 1000 + 475) * EOK, "원", False)),
        ("9천300 여 명", (9300, "명", True)),
        ("1,700\t명", (1700, "명", False)),
        ("58.2 조원\n", (582 * JO // 10, "원", False)),
        ("98억\u3000원", (98 * EOK, "원", False)),
    ],
)
def test_whitespace_is_ignored(text: str, expected: tuple[int, str, bool]) -> None:
    got = parse_korean_amount(text)
    assert (got.value, got.unit, got.approx) == expected


# ---------------------------------------------------------------------------
# Errors.
# ---------------------------------------------------------------------------

BAD_TEXTS = [
    "",
    "   ",
    "abc",
    "5만3억",  # group units out of order
    "억만",
    "3억2억",  # repeated group unit
    "1,70명",  # bad comma
    "1,7000명",
    ",100원",
    "12천원",  # more than one digit before 천
    "0천",
    "1백2천",  # small units out of order
    "1천2천",  # repeated small unit
    "1천5000",  # digits after 천 too large
    "1십15",
    "3억20000",  # more than four digits in the ones group
    "10000억",  # more than four digits before 억
    "0.5원",  # not whole
    "1.5",
    "1.00001만",
    "억원",  # no number
    "만",
    "원",
    "여명",
    "여",
    "98억 원x",
    "300명여",
    "3개월원",
    "-5원",
    "1.2.3원",
    ".5만",
    "1e5원",
    "1여천",
    "$100",
    "10,000,000,000,000,000원",  # 1경 (10^16): above the largest amount, 9천999조...
    "99,999,999,999,999,999,999원",  # would not fit int64
]


@pytest.mark.parametrize("text", BAD_TEXTS)
def test_malformed_input_raises_with_text_in_message(text: str) -> None:
    with pytest.raises(AmountParseError) as info:
        parse_korean_amount(text)
    err = info.value
    assert isinstance(err, ValueError)
    assert err.value == text
    assert repr(text) in str(err)
    assert text in str(err)


@pytest.mark.parametrize(
    "text",
    [
        "1천5000억",  # 1천 then 5000: five digits' worth inside one 억-group
        "1천1000억원",
        "1백200만",
        "2십10조",
        "1조1천5000억",
    ],
)
def test_digits_after_small_unit_must_fit_before_group_unit(text: str) -> None:
    # '1천5000' on its own is rejected ("too large after a numeral unit"); the same digits
    # followed by a group unit must be rejected too, not silently summed (1천5000억 != 6천억).
    with pytest.raises(AmountParseError) as info:
        parse_korean_amount(text)
    assert text in str(info.value)


@pytest.mark.parametrize("value", [None, 5, 5.0, b"5", ["5"]])
def test_non_text_raises(value: object) -> None:
    with pytest.raises(AmountParseError):
        parse_korean_amount(value)  # type: ignore[arg-type]


def test_located_names_file_row_and_column() -> None:
    err = AmountParseError("1,70명", "misplaced thousands separator")
    located = err.located(file="f.csv", row=3, column="value_raw")
    assert isinstance(located, AmountParseError)
    msg = str(located)
    assert "f.csv" in msg
    assert "row 3" in msg
    assert "value_raw" in msg
    assert "1,70명" in msg
    assert "misplaced thousands separator" in msg
    assert (located.file, located.row, located.column) == ("f.csv", 3, "value_raw")
    assert located.value == "1,70명"
    # the original is not changed
    assert "f.csv" not in str(err)
    assert err.file is None and err.row is None and err.column is None


def test_located_keeps_row_zero() -> None:
    msg = str(AmountParseError("x", "bad").located(file="g.csv", row=0, column="c"))
    assert "row 0" in msg


def test_located_from_a_real_parse_error() -> None:
    with pytest.raises(AmountParseError) as info:
        parse_korean_amount("5만3억")
    msg = str(info.value.located(file="figures.csv", row=12, column="value_raw"))
    for part in ("figures.csv", "row 12", "value_raw", "5만3억"):
        assert part in msg


# ---------------------------------------------------------------------------
# format_korean_amount: hand examples and rejections.
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "approx", "expected"),
    [
        ((1 * 1000 + 475) * EOK, "원", False, "1천475억원"),
        (9 * 1000 + 300, "명", True, "9천300여명"),
        (9 * 1000 + 897, "개", False, "9천897개"),
        (98 * EOK, "원", False, "98억원"),
        (2 * 1000 * EOK, "", False, "2천억"),
        (0, "", False, "0"),
        (0, "원", True, "0여원"),
        (7, "", False, "7"),
        (1 * MAN, "", False, "1만"),
        (1000 + 5, "", False, "1천5"),
        (1 * JO + 1, "", False, "1조1"),
        (160 * JO, "원", False, "160조원"),
        (582 * JO // 10, "원", False, "58조2천억원"),
        (903 * MAN // 10, "", False, "90만3천"),
        (4, "개월", False, "4개월"),
        (2021, "년", False, "2천21년"),
        (10**16 - 1, "", False, "9천999조9천999억9천999만9천999"),
    ],
)
def test_format_hand_cases(value: int, unit: str, approx: bool, expected: str) -> None:
    assert format_korean_amount(value, unit, approx=approx) == expected


@pytest.mark.parametrize(
    ("value", "unit"),
    [
        (-1, ""),
        (-(10**8), "원"),
        (True, ""),
        (False, "원"),
        (1.0, ""),
        (5.5, "원"),
        (float("nan"), ""),
        ("5", ""),
        (None, ""),
        (10**16, ""),
        (10**16 + 1, "원"),
        (10**20, ""),
        (5, "달러"),
        (5, "kg"),
        (5, "만"),
        (5, "여"),
    ],
)
def test_format_rejects_bad_input(value: object, unit: str) -> None:
    with pytest.raises(ValueError):
        format_korean_amount(value, unit)  # type: ignore[arg-type]


def test_units_constant() -> None:
    assert set(UNITS) == {"개월", "원", "개", "명", "건", "년", "월", "대"}
    # 개월 must be tried before 개 and 월
    assert UNITS.index("개월") < UNITS.index("개")
    assert UNITS.index("개월") < UNITS.index("월")
    assert SMALL_UNITS == {"십": 10, "백": 100, "천": 1000}
    assert GROUP_UNITS == {"만": 10**4, "억": 10**8, "조": 10**12}


# ---------------------------------------------------------------------------
# Property tests.
# ---------------------------------------------------------------------------

unit_or_none = st.sampled_from(("", *UNITS))


@given(n=st.integers(min_value=0, max_value=10**16 - 1), unit=unit_or_none, approx=st.booleans())
def test_format_parse_round_trip(n: int, unit: str, approx: bool) -> None:
    text = format_korean_amount(n, unit, approx=approx)
    got = parse_korean_amount(text)
    assert (got.value, got.unit, got.approx) == (n, unit, approx)
    assert type(got.value) is int


@given(n=st.integers(min_value=0, max_value=10**12), approx=st.booleans())
def test_comma_digits_parse(n: int, approx: bool) -> None:
    text = f"{n:,}" + ("여" if approx else "") + "명"
    got = parse_korean_amount(text)
    assert (got.value, got.unit, got.approx) == (n, "명", approx)
    assert type(got.value) is int


@given(n=st.integers(min_value=0, max_value=10**12), unit=unit_or_none)
def test_plain_digits_parse(n: int, unit: str) -> None:
    got = parse_korean_amount(f"{n}{unit}")
    assert (got.value, got.unit, got.approx) == (n, unit, False)


def _group_text(draw: st.DrawFn, g: int) -> str:
    """Write one four-digit group (1..9999) in a randomly chosen style, independently of
    the module under test."""
    style = draw(st.sampled_from(["digits", "comma", "cheon", "full"]))
    if style == "digits":
        return str(g)
    if style == "comma":
        return f"{g:,}"
    if style == "cheon":  # the announcement's style: 1천475, 9천, 300
        thousands, below = divmod(g, 1000)
        if thousands:
            return f"{thousands}천" + (str(below) if below else "")
        return str(g)
    # "full": every digit with its numeral unit, 1 optionally left out (천 = 1천)
    out = []
    for digit, name in zip(f"{g:04d}", ["천", "백", "십", ""], strict=True):
        d = int(digit)
        if d == 0:
            continue
        if name and d == 1 and draw(st.booleans()):
            out.append(name)
        else:
            out.append(f"{d}{name}")
    return "".join(out)


@st.composite
def korean_compositions(draw: st.DrawFn) -> tuple[str, int, str, bool]:
    groups = [draw(st.integers(min_value=0, max_value=9999)) for _ in range(4)]
    names = ["조", "억", "만", ""]
    mults = [10**12, 10**8, 10**4, 1]
    pieces = []
    for g, name in zip(groups, names, strict=True):
        if g:
            pieces.append(_group_text(draw, g) + name)
    expected = sum(g * m for g, m in zip(groups, mults, strict=True))
    if not pieces:
        pieces = ["0"]
    sep = draw(st.sampled_from(["", "", " ", "\t"]))
    approx = draw(st.booleans())
    unit = draw(unit_or_none)
    text = sep.join(pieces) + ("여" if approx else "") + sep + unit
    return text, expected, unit, approx


@given(case=korean_compositions())
def test_random_korean_composition_parses(case: tuple[str, int, str, bool]) -> None:
    text, expected, unit, approx = case
    got = parse_korean_amount(text)
    assert (got.value, got.unit, got.approx) == (expected, unit, approx), text
    assert type(got.value) is int


@given(
    whole=st.integers(min_value=0, max_value=9999),
    frac=st.text(alphabet="0123456789", min_size=1, max_size=12),
    group=st.sampled_from(sorted(GROUP_UNITS)),
)
def test_decimal_before_group_unit_is_exact(whole: int, frac: str, group: str) -> None:
    exponent = {"만": 4, "억": 8, "조": 12}[group]
    frac = frac[:exponent]
    scale = 10 ** len(frac)
    numerator = whole * scale + int(frac)  # the decimal times 10**len(frac)
    text = f"{whole}.{frac}{group}원"
    if numerator == 0:
        with pytest.raises(AmountParseError):
            parse_korean_amount(text)
        return
    expected = numerator * 10**exponent // scale
    assert numerator * 10**exponent % scale == 0
    got = parse_korean_amount(text)
    assert got.value == expected, text
    assert type(got.value) is int


@given(
    whole=st.integers(min_value=0, max_value=9999),
    frac=st.text(alphabet="0123456789", min_size=0, max_size=6),
    last=st.integers(min_value=1, max_value=9),
    group=st.sampled_from(["", *sorted(GROUP_UNITS)]),
)
def test_fractional_result_is_rejected(whole: int, frac: str, last: int, group: str) -> None:
    exponent = {"": 0, "만": 4, "억": 8, "조": 12}[group]
    # pad so that the fraction has more digits than the unit can absorb, ending non-zero
    digits = frac.ljust(exponent, "0") + str(last)
    text = f"{whole}.{digits}{group}원"
    with pytest.raises(AmountParseError) as info:
        parse_korean_amount(text)
    assert text in str(info.value)


@given(
    small=st.sampled_from(sorted(SMALL_UNITS)),
    lead=st.integers(min_value=1, max_value=9),
    data=st.data(),
    group=st.sampled_from(["", *sorted(GROUP_UNITS)]),
)
def test_digits_after_small_unit_must_be_smaller_than_it(
    small: str, lead: int, data: st.DataObject, group: str
) -> None:
    mult = {"십": 10, "백": 100, "천": 1000}[small]
    tail = data.draw(st.integers(min_value=mult, max_value=9999), label="tail")
    text = f"{lead}{small}{tail}{group}"
    with pytest.raises(AmountParseError) as info:
        parse_korean_amount(text)
    assert text in str(info.value)


@given(
    first=st.sampled_from(sorted(GROUP_UNITS)),
    second=st.sampled_from(sorted(GROUP_UNITS)),
    a=st.integers(min_value=1, max_value=9999),
    b=st.integers(min_value=1, max_value=9999),
)
def test_group_units_must_strictly_decrease(first: str, second: str, a: int, b: int) -> None:
    order = {"만": 1, "억": 2, "조": 3}
    text = f"{a}{first}{b}{second}"
    if order[first] > order[second]:
        got = parse_korean_amount(text)
        assert got.value == a * 10 ** (4 * order[first]) + b * 10 ** (4 * order[second])
    else:
        with pytest.raises(AmountParseError) as info:
            parse_korean_amount(text)
        assert text in str(info.value)
