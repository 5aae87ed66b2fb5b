"""How numbers are written for readers: the one rule for ko/en, particles, percentages.

The rule (issue 12, "Numbers as readers write them"):

* **Significant digits** match the source's precision: 3 by default, or as many as an
  exact source amount carries (``1천475억원`` has 4: 1,475억원, KRW 147.5 billion). A number
  is rounded to that many significant digits, never below the units of its integer part's
  scale word (``124,997,881`` USD at 3 digits is USD 125 million).
* **Derived figures** (a ratio, a rate such as jobs per 1억원, an amount per job or per
  resident, an amount converted to USD or to constant prices) show at most
  :data:`DERIVED_SIGNIFICANT` (3) significant digits, whatever digits the division or the
  conversion produced: their inputs are stated to 2–4 digits (``32만개``, ``5조3800억원``,
  ``14조원``; the ``precision`` column of the processed figures). A derived figure keeps a
  trailing zero that is one of its 3 digits (``12.0``, ``USD 38.0 billion``), so the
  amounts of one sentence read to one precision (:func:`format_derived`; money by
  ``derived=True`` of :func:`korean_money` and :func:`english_money`). In tables a float
  shows one number of decimals per column, never more than give it 3 significant digits
  (:func:`cell_decimals`); CSV downloads keep full precision.
* **Shares and percentages** show one decimal (``8.8%``, ``57.0%``); a share that would
  read 0.0% shows one significant digit instead (``0.02%``) (:func:`format_share`).
* **Separators and sign**: thousands separators, a real minus sign (U+2212).
* **Korean amounts** are written in the unit that suits their size, 만/억/조 with no space
  before the unit (``404만원``, ``1,475억원``, ``160조원``), unless the reader fixed a unit
  other than the default 억원 (``4.04백만원``, ``4,040,000원``, ``1.25억달러``).
* **English amounts** use scale words: ``KRW 4.04 million``, ``KRW 160 trillion``,
  ``USD 125 million`` (Korean units never appear in English).
* **A chart's value labels** read as the cells of its table (the table's rule for that
  column: :func:`column_format`, :func:`format_share`, or what ``formats=`` names), so the
  shares of one stacked bar are written to one decimal each, as in the table, and may add
  to 99.9% or 100.1%.
* **Korean particles** follow the final consonant of what precedes them
  (:func:`with_particle`).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported only where a frame or series is made: the build's workers
    import pandas as pd  # format numbers without pandas (analysis.site.workers)

MINUS = "\u2212"
DEFAULT_SIGNIFICANT = 3
#: Significant digits of a derived figure (ratio, rate, per-job amount, converted amount).
DERIVED_SIGNIFICANT = 3
#: Decimals of a share or percentage.
SHARE_DECIMALS = 1
#: Korean scale words, largest first (10^12 조, 10^8 억, 10^4 만).
KOREAN_SCALES: tuple[tuple[int, str], ...] = ((10**12, "조"), (10**8, "억"), (10**4, "만"))
#: English scale words, largest first.
ENGLISH_SCALES: tuple[tuple[int, str], ...] = (
    (10**12, "trillion"),
    (10**9, "billion"),
    (10**6, "million"),
)


# --- digits ---------------------------------------------------------------------------
def _magnitude(value: float) -> int:
    """Position of the leading digit: 0 for 1–9.99, 2 for 100–999, −2 for 0.01–0.099."""
    return math.floor(math.log10(abs(value)))


def display_decimals(value: float, significant: int = DEFAULT_SIGNIFICANT) -> int:
    """Decimals that show ``value`` with ``significant`` significant digits (at least 0).

    Examples
    --------
    >>> display_decimals(1475.0), display_decimals(0.0404), display_decimals(6.71)
    (0, 4, 2)
    >>> display_decimals(float("inf")), display_decimals(float("nan"))
    (0, 0)
    """
    if not value or is_missing(value) or math.isinf(value):
        return 0
    return max(0, significant - 1 - _magnitude(value))


def round_significant(value: float, significant: int = DEFAULT_SIGNIFICANT) -> float:
    """``value`` rounded to ``significant`` significant digits.

    Examples
    --------
    >>> round_significant(124_997_881.4), round_significant(0.040430), round_significant(0)
    (125000000.0, 0.0404, 0.0)
    """
    if not value or is_missing(value) or math.isinf(value):
        return float(value)
    return round(float(value), significant - 1 - _magnitude(value))


def source_digits(amount: float | int) -> int:
    """Significant digits an exact amount carries (trailing zeros are not precision), at
    least :data:`DEFAULT_SIGNIFICANT`; a non-integral (derived) amount gets the default.

    Examples
    --------
    >>> source_digits(147_500_000_000), source_digits(160 * 10**12), source_digits(4_043_010.75)
    (4, 3, 3)
    """
    if is_missing(amount) or not float(amount).is_integer() or not amount:
        return DEFAULT_SIGNIFICANT
    digits = str(abs(int(amount))).rstrip("0")
    return max(DEFAULT_SIGNIFICANT, len(digits))


def format_number(value: float, decimals: int = 0) -> str:
    """Thousands separators and a real minus sign; empty for a missing value.

    Examples
    --------
    >>> format_number(-1234.5, 1), format_number(float("nan"))
    ('−1,234.5', '')
    """
    if is_missing(value):
        return ""
    out = f"{value:,.{decimals}f}"
    if out.lstrip("-").strip("0.,") == "":  # −0.0 is written 0.0
        out = out.lstrip("-")
    return out.replace("-", MINUS)


def format_significant(
    value: float, significant: int = DEFAULT_SIGNIFICANT, *, trim: bool = False
) -> str:
    """``value`` at ``significant`` significant digits with separators and a real minus;
    ``trim`` drops trailing zero decimals (``125.0`` -> ``125``) for prose.

    Examples
    --------
    >>> format_significant(4.04301), format_significant(-1474.6, 4), format_significant(125.0, 4, trim=True)
    ('4.04', '−1,475', '125')
    """
    if is_missing(value):
        return ""
    rounded = round_significant(value, significant)
    out = format_number(rounded, display_decimals(rounded, significant))
    if trim and "." in out:
        out = out.rstrip("0").rstrip(".")
    return out


def format_derived(value: float) -> str:
    """A derived figure (a ratio or rate: jobs per 1억원, plan ÷ national, a per-job amount in
    a fixed unit) at :data:`DERIVED_SIGNIFICANT` significant digits, trailing zeros kept:
    the one way such a figure is written in prose, headlines and tables.

    Parameters
    ----------
    value : float
        The figure at full precision (missing: empty text).

    Returns
    -------
    str
        Separators, a real minus sign, 3 significant digits.

    Examples
    --------
    >>> format_derived(6.7098), format_derived(5.9480), format_derived(0.87578), format_derived(12.0)
    ('6.71', '5.95', '0.876', '12.0')
    >>> format_derived(1084.7), format_derived(-20.727)
    ('1,080', '−20.7')
    """
    return format_significant(value, DERIVED_SIGNIFICANT)


def format_share(fraction: float, *, sign: bool = True, decimals: int = SHARE_DECIMALS) -> str:
    """A share of a whole (a fraction of one) as a percentage with :data:`SHARE_DECIMALS`
    decimal; a non-zero share that would read ``0.0%`` shows one significant digit. Every
    percentage of a page (prose, headlines, captions, tables, chart labels) is written by this
    function (``tests/test_style.py`` checks the notebooks and the briefing wing): Python's
    ``f"{share:.1%}"`` would write a share of 0.03 % as ``0.0%``.

    Parameters
    ----------
    fraction : float
        The share as a fraction of one (0.0875 for 8.75%).
    sign : bool
        Whether to append ``%`` (a table whose header says ``(%)`` leaves it off).
    decimals : int
        Decimals of the percentage: a sentence giving a range in whole percents asks for 0.

    Examples
    --------
    >>> format_share(0.0875), format_share(0.07947), format_share(0.000922), format_share(0.00017)
    ('8.8%', '7.9%', '0.1%', '0.02%')
    >>> format_share(0.5695, sign=False), format_share(0.0)
    ('57.0', '0.0%')
    >>> format_share(0.274, decimals=0), format_share(0.004, decimals=0), f"{0.0003:.1%}"
    ('27%', '0.4%', '0.0%')
    """
    if is_missing(fraction):
        return ""
    percent = 100 * float(fraction)
    if percent and round(abs(percent), decimals) == 0:
        decimals = display_decimals(percent, 1)
        percent = round_significant(percent, 1)
    return format_number(percent, decimals) + ("%" if sign else "")


def cell_decimals(value: float, column: int) -> int:
    """Decimals of one float in a table: the column's (:func:`column_decimals`), but never more
    than give the value :data:`DERIVED_SIGNIFICANT` significant digits, so a large amount
    gains no spurious cents and every rate reads as in prose.

    Examples
    --------
    >>> cell_decimals(124_997_881.39, 2), cell_decimals(6.7098, 3), cell_decimals(0.876, 3)
    (0, 2, 3)
    """
    return min(column, display_decimals(value, DERIVED_SIGNIFICANT))


def column_format(values: Iterable[float]) -> Callable[[float], str]:
    """How a column of floats is written: in a table by default (:func:`cell_decimals` of
    the column's :func:`column_decimals`), and so at the bars of a chart of the same values
    (:mod:`analysis.briefing.charts`), so a bar's label reads as its table cell.

    Examples
    --------
    >>> write = column_format([1_024.9, 8.35])
    >>> write(1_024.9), write(8.35)
    ('1,025', '8.35')
    """
    places = column_decimals(values)
    return lambda value: format_number(value, cell_decimals(value, places))


def column_decimals(values: Iterable[float], significant: int = DEFAULT_SIGNIFICANT) -> int:
    """One number of decimals for a column or a chart's value labels: enough for its smallest
    non-zero value to show ``significant`` digits (at most 4), fewer where every value would
    only gain trailing zeros (a column of whole 억원 stays whole).

    Examples
    --------
    >>> column_decimals([1475.0, 98.0]), column_decimals([20.73, 0.55]), column_decimals([])
    (0, 2, 0)
    """
    import pandas as pd

    series = pd.Series(list(values), dtype="float64").abs()
    series = series[series.notna() & (series > 0)]
    if series.empty:
        return 0
    places = min(4, display_decimals(float(series.min()), significant))
    while places and (series.round(places) == series.round(places - 1)).all():
        places -= 1
    return places


# --- money ----------------------------------------------------------------------------
def _scaled(
    value: float, scales: Sequence[tuple[int, str]], significant: int, derived: bool = False
) -> tuple[str, str]:
    """(number, scale word) for ``value``, choosing the scale after rounding, so 99,996,000
    becomes 1억, not 10,000만. A stated amount drops trailing zero decimals (``14조``); a
    ``derived`` one is at :data:`DERIVED_SIGNIFICANT` digits and keeps them (``38.0``)."""
    if derived:
        significant = DERIVED_SIGNIFICANT
    rounded = round_significant(value, significant)
    for size, word in scales:
        if abs(rounded) >= size:
            return format_significant(rounded / size, significant, trim=not derived), word
    return format_significant(rounded, significant, trim=not derived), ""


def korean_money(
    amount: float,
    significant: int = DEFAULT_SIGNIFICANT,
    currency: str = "원",
    *,
    derived: bool = False,
) -> str:
    """An amount in the Korean unit that suits its size (만/억/조), no space before the unit.

    Parameters
    ----------
    amount : float
        In units of ``currency`` (KRW for 원, USD for 달러).
    significant : int
        Significant digits (see :func:`source_digits`).
    currency : str
        ``원`` or ``달러``.
    derived : bool
        A derived amount (per job, converted): :data:`DERIVED_SIGNIFICANT` digits whatever
        ``significant`` says, trailing zeros kept.

    Examples
    --------
    >>> korean_money(4_043_010.75), korean_money(147_500_000_000, 4), korean_money(160 * 10**12)
    ('404만원', '1,475억원', '160조원')
    >>> korean_money(124_997_881.4, currency="달러")
    '1억2,500만달러'

    A number that would need two or more decimals in its unit is written in two units, as
    Korean readers write it:

    >>> korean_money(4_782_200_000_000, 5), korean_money(1.3e12), korean_money(-4.08e12)
    ('4조7,822억원', '1.3조원', '−4조800억원')
    >>> korean_money(16_812_500, 6, derived=True), korean_money(3.80e10, currency="달러", derived=True)
    ('1,680만원', '380억달러')
    """
    if derived:
        significant = DERIVED_SIGNIFICANT
    number, word = _scaled(amount, KOREAN_SCALES, significant, derived)
    decimals = number.partition(".")[2]
    if len(decimals) >= 2 and word:
        sizes = dict((w, size) for size, w in KOREAN_SCALES)
        smaller = [(size, w) for size, w in KOREAN_SCALES if size < sizes[word]]
        rounded = abs(round_significant(amount, significant))
        big = int(rounded // sizes[word])
        rest = rounded - big * sizes[word]
        if smaller and abs(rest / smaller[0][0] - round(rest / smaller[0][0])) < 1e-6:
            sign = "−" if amount < 0 else ""
            part = round(rest / smaller[0][0])
            return f"{sign}{big:,}{word}{part:,}{smaller[0][1]}{currency}"
    return f"{number}{word}{currency}"


def english_money(
    amount: float,
    currency: str = "KRW",
    significant: int = DEFAULT_SIGNIFICANT,
    *,
    derived: bool = False,
) -> str:
    """An amount in English: currency code, number, scale word; a ``derived`` amount (per
    job, converted) at :data:`DERIVED_SIGNIFICANT` digits, trailing zeros kept.

    Examples
    --------
    >>> english_money(4_043_010.75), english_money(160 * 10**12), english_money(124_997_881.4, "USD")
    ('KRW 4.04 million', 'KRW 160 trillion', 'USD 125 million')
    >>> english_money(147_500_000_000, significant=4), english_money(-9_300)
    ('KRW 147.5 billion', 'KRW −9,300')
    >>> english_money(16_812_500, significant=6, derived=True), english_money(3.8e10, "USD", derived=True)
    ('KRW 16.8 million', 'USD 38.0 billion')
    """
    number, word = _scaled(amount, ENGLISH_SCALES, significant, derived)
    return f"{currency} {number} {word}".rstrip()


def fixed_unit_money(
    value: float, unit: str, significant: int = DEFAULT_SIGNIFICANT, *, derived: bool = False
) -> str:
    """An amount already in a Korean unit the reader fixed (``백만원``, ``원``), no space; a
    ``derived`` amount at :data:`DERIVED_SIGNIFICANT` digits, trailing zeros kept.

    Examples
    --------
    >>> fixed_unit_money(4.04301075, "백만원"), fixed_unit_money(4_043_010.75, "원")
    ('4.04백만원', '4,040,000원')
    >>> fixed_unit_money(16.8125, "백만원", 6, derived=True)
    '16.8백만원'
    """
    if derived:
        return f"{format_derived(value)}{unit}"
    return f"{format_significant(value, significant, trim=True)}{unit}"


# --- percentages of one whole ---------------------------------------------------------
# --- Korean particles ------------------------------------------------------------------
#: Particle pairs: (after a final consonant, after a vowel).
PARTICLES: dict[str, tuple[str, str]] = {
    "이/가": ("이", "가"),
    "은/는": ("은", "는"),
    "을/를": ("을", "를"),
    "과/와": ("과", "와"),
    "으로/로": ("으로", "로"),
    "이라/라": ("이라", "라"),
}
_RIEUL = 8  # index of ㄹ among the final consonants of a Hangul syllable
#: Final consonant index (0: none) of each digit read in Sino-Korean: 영 일 이 삼 사 오 육 칠 팔 구.
_DIGIT_FINAL = {"0": 21, "1": 8, "2": 0, "3": 16, "4": 0, "5": 0, "6": 1, "7": 8, "8": 8, "9": 0}
#: Final consonant of the place word read after a number ending in zeros: 십 백 천 만 억 조.
_PLACE_FINAL = [(12, 0), (8, 1), (4, 4), (3, 4), (2, 1), (1, 17)]
_CLOSING = ")]}>\"'’”」』 "


def _final_consonant(word: str) -> int | None:
    """Index (0 = none, 8 = ㄹ) of the final consonant with which ``word`` is read aloud,
    or None if it cannot be told (latin letters, symbols)."""
    core = word.rstrip(_CLOSING)
    if not core:
        return None
    last = core[-1]
    if "가" <= last <= "힣":
        return (ord(last) - ord("가")) % 28
    if last == "%":  # 퍼센트
        return 0
    if last.isdigit():
        number = core.replace(",", "")
        digits = number[len(number.rstrip("0123456789")) :]
        if "." in number or int(digits) == 0:  # decimals are read digit by digit
            return _DIGIT_FINAL[last]
        zeros = len(digits) - len(digits.rstrip("0"))
        for places, final in _PLACE_FINAL:
            if zeros >= places:
                return final
        return _DIGIT_FINAL[last]
    return None


def with_particle(word: str, pair: str) -> str:
    """``word`` followed by the particle of ``pair`` that suits how it ends when read aloud.

    The rule: after a final consonant the first form (이, 은, 을, 과, 으로), after a vowel the
    second (가, 는, 를, 와, 로); 으로/로 takes 로 after ㄹ too (그린뉴딜로). Digits are read in
    Sino-Korean, with the place word of trailing zeros (3 삼 -> 3으로, 2 이 -> 2로,
    10 십 -> 10으로, 1,000 천 -> 1,000으로, 9,300 백 -> 9,300을); decimals digit by digit; ``%``
    as 퍼센트; closing brackets and quotes are skipped. Latin letters and other symbols are
    read by pronunciation, which is out of scope: both forms are given, ``을(를)``.

    Examples
    --------
    >>> with_particle("그린뉴딜", "으로/로"), with_particle("안심뉴딜", "을/를"), with_particle("3", "으로/로")
    ('그린뉴딜로', '안심뉴딜을', '3으로')
    >>> with_particle("핵심사업", "이라/라"), with_particle("'스마트 도시'", "이라/라")
    ('핵심사업이라', "'스마트 도시'라")
    >>> with_particle("56.9%", "을/를"), with_particle("KRW", "이/가")
    ('56.9%를', 'KRW이(가)')
    """
    if pair not in PARTICLES:
        raise ValueError(f"unknown particle pair {pair!r}; known: {', '.join(PARTICLES)}")
    after_consonant, after_vowel = PARTICLES[pair]
    final = _final_consonant(word)
    if final is None:
        return f"{word}{after_consonant}({after_vowel})"
    vowel_like = final == 0 or (pair == "으로/로" and final == _RIEUL)
    return word + (after_vowel if vowel_like else after_consonant)


# --- values.json --------------------------------------------------------------------------
def fixed_decimals(frame: pd.DataFrame, decimals: dict[str, int]) -> pd.DataFrame:
    """A copy of ``frame`` with the named number columns as text: thousands separators, a
    real minus sign, the given decimals, empty for missing values.

    Examples
    --------
    >>> import pandas as pd
    >>> fixed_decimals(pd.DataFrame({"x": [1234.5, -0.04, None]}), {"x": 2})["x"].tolist()
    ['1,234.50', '−0.04', '']
    """
    out = frame.copy()
    for column, places in decimals.items():
        out[column] = [format_number(v, places) for v in out[column]]
    return out


def record_dict(keys: Iterable[object], values: Iterable[object]) -> dict[str, object]:
    """``dict(zip(keys, values))`` for ``values.json``: numpy scalars become Python numbers,
    missing values (NaN, NA) become None (JSON ``null``, not the invalid ``NaN``).

    Examples
    --------
    >>> record_dict(["a", "b"], [1.5, float("nan")])
    {'a': 1.5, 'b': None}
    """
    out: dict[str, object] = {}
    for key, value in zip(keys, values, strict=True):
        if is_missing(value):
            out[str(key)] = None
        else:
            out[str(key)] = value.item() if hasattr(value, "item") else value
    return out


def is_missing(value: object) -> bool:
    """Whether a scalar is missing (None, NaN, ``pd.NA``, ``pd.NaT``): shown as a dash, never
    formatted.

    Asked of pandas (``pd.isna``) only where pandas is already imported: no other process
    can hold one of its missing values, and the build's workers write pages without
    importing it. Elsewhere a value unequal to itself is missing (NaN of any float type,
    ``Decimal("NaN")``, numpy's ``NaT``), as ``pd.isna`` says of those.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> is_missing(None), is_missing(float("nan")), is_missing(np.float32("nan")), is_missing(0)
    (True, True, True, False)
    >>> is_missing(pd.NA), is_missing(pd.NaT), is_missing(np.datetime64("NaT")), is_missing("")
    (True, True, True, False)
    """
    if value is None:
        return True
    if isinstance(value, float):  # also numpy.float64
        return math.isnan(value)
    pandas = sys.modules.get("pandas")
    if pandas is not None:
        return bool(pandas.isna(value))
    return bool(value != value)
