"""Korean numerals and units: parse ``1천475억원`` into exact integers, and format them back.

The announcement writes amounts the Korean way: digits mixed with the numeral units
십 (10), 백 (100), 천 (1,000) inside a four-digit group, and the group units
만 (10^4), 억 (10^8) and 조 (10^12) between groups. ``1천475억원`` is
(1 x 1,000 + 475) x 10^8 won = 147,500,000,000 KRW. A trailing ``여`` ("some", "about")
marks the figure as a little over what is written: ``9천300여명`` is some 9,300 people, and a
trailing ``이상`` ("or more": ``4만개 이상``) a lower bound; both make the figure approximate.
Spaces may stand inside an amount (``1조 3000억원``, ``9662억 원``). Counts may use the count
word 대 (``4대 분야``: four sectors). A money amount may be written without 원 (``2조7천억``):
its unit is then ``""`` and the measure says it is money.

Money is never a float here: values are Python ``int`` (decimals such as ``58.2조원``
are parsed with :class:`decimal.Decimal` and must come out whole).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

__all__ = [
    "GROUP_UNITS",
    "MAX_AMOUNT",
    "QUALIFIERS",
    "SMALL_UNITS",
    "UNITS",
    "AmountParseError",
    "KoreanAmount",
    "format_korean_amount",
    "parse_korean_amount",
]

SMALL_UNITS: dict[str, int] = {"십": 10, "백": 100, "천": 1_000}
GROUP_UNITS: dict[str, int] = {"만": 10**4, "억": 10**8, "조": 10**12}

#: Every amount is below 1경 (10^16): four digits before 조, the largest unit. The tables
#: hold amounts as int64, which sums of hundreds of such amounts still fit.
MAX_AMOUNT = 10_000 * GROUP_UNITS["조"] - 1

#: Counting suffixes the parser accepts, longest first so that 개월 wins over 개.
UNITS: tuple[str, ...] = ("개월", "원", "개", "명", "건", "년", "월", "대")
#: Words after an amount that make it a lower bound: 여 ("a little over"), 이상 ("or more").
QUALIFIERS: tuple[str, ...] = ("여", "이상")

_NUMBER = r"[0-9][0-9,]*(?:\.[0-9]+)?"
_TOKEN = re.compile(rf"({_NUMBER})|([십백천])|([만억조])")


class AmountParseError(ValueError):
    """A text that is not a Korean amount.

    The message names the text and, when given, the file, row and column it came from.
    """

    def __init__(
        self,
        value: object,
        reason: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.value = value
        self.reason = reason
        self.file = file
        self.row = row
        self.column = column
        where = ", ".join(
            part
            for part in (
                f"file {file}" if file else "",
                f"row {row}" if row is not None else "",
                f"column {column!r}" if column else "",
            )
            if part
        )
        prefix = f"{where}: " if where else ""
        super().__init__(f"{prefix}cannot parse {value!r} as a Korean amount: {reason}")

    def located(self, *, file: str, row: int, column: str) -> AmountParseError:
        """Return the same error with the file, row and column it came from."""
        return AmountParseError(self.value, self.reason, file=file, row=row, column=column)


@dataclass(frozen=True)
class KoreanAmount:
    """A parsed amount.

    Attributes
    ----------
    value : int
        The exact value in base units (won for 원, people for 명, ...).
    unit : str
        The unit suffix as written (``"원"``, ``"명"``, ...), or ``""`` when none.
    approx : bool
        True when the text marks the figure as approximate (``여`` or ``이상``).
    qualifier : str
        ``"여"`` (a little over), ``"이상"`` (or more) or ``""`` (as written).
    """

    value: int
    unit: str
    approx: bool
    qualifier: str = ""

    @property
    def precision(self) -> int:
        """The place of the last non-zero digit written: the figure's stated precision.

        ``5조3800억원`` is stated to the 100억 (10^10), ``3조780억원`` to the 10억,
        ``14만여`` to the 만; a total is compared with a sum at this precision.

        Examples
        --------
        >>> parse_korean_amount("5조3800억원").precision == 100 * 10**8
        True
        >>> parse_korean_amount("14만여명").precision
        10000
        """
        if self.value == 0:
            return 1
        place = 1
        while self.value % (place * 10) == 0:
            place *= 10
        return place


def _split_unit(text: str) -> tuple[str, str]:
    for unit in UNITS:
        if text.endswith(unit):
            return text[: -len(unit)], unit
    return text, ""


def _to_decimal(digits: str, original: str) -> Decimal:
    if "," in digits and not re.fullmatch(r"[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?", digits):
        raise AmountParseError(original, f"misplaced thousands separator in {digits!r}")
    try:
        return Decimal(digits.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only numbers
        raise AmountParseError(original, f"bad number {digits!r}") from exc


def parse_korean_amount(text: str) -> KoreanAmount:
    """Parse a Korean numeral amount into an exact integer.

    Parameters
    ----------
    text : str
        The figure as written, e.g. ``"1천475억원"``, ``"9천300여명"``, ``"1,700명"``,
        ``"58.2조원"``, ``"90.3만"``, ``"4만개 이상"``, ``"4대"``. Spaces are ignored.

    Returns
    -------
    KoreanAmount
        The value as ``int``, the unit suffix and the approximate flag.

    Raises
    ------
    AmountParseError
        If the text is empty, has characters other than digits, commas, a decimal point,
        numeral units, ``여`` or ``이상`` and one unit suffix, puts units out of order
        (``5만3억``), has a fractional result (``0.5원``), or is above :data:`MAX_AMOUNT`
        (``99,999,999,999,999,999,999원``).

    Examples
    --------
    >>> parse_korean_amount("1천475억원")
    KoreanAmount(value=147500000000, unit='원', approx=False, qualifier='')
    >>> parse_korean_amount("9천300여명")
    KoreanAmount(value=9300, unit='명', approx=True, qualifier='여')
    >>> parse_korean_amount("4만개 이상")
    KoreanAmount(value=40000, unit='개', approx=True, qualifier='이상')
    >>> parse_korean_amount("58.2조원").value
    58200000000000
    """
    if not isinstance(text, str):
        raise AmountParseError(text, "not a text value")
    compact = re.sub(r"\s+", "", text)
    if not compact:
        raise AmountParseError(text, "empty value")
    qualifier = "이상" if compact.endswith("이상") else ""
    body, unit = _split_unit(compact.removesuffix("이상"))
    if body.endswith("여"):
        if qualifier:
            raise AmountParseError(text, "both 여 and 이상")
        qualifier, body = "여", body[:-1]
    if not body:
        raise AmountParseError(text, "no number before the unit")

    pos = 0
    total = Decimal(0)
    group = Decimal(0)  # value accumulated inside the current 만-group
    number: Decimal | None = None
    last_group_mult = None  # group units must strictly decrease: 조 > 억 > 만
    last_small_mult = None  # small units must strictly decrease within a group
    fraction_seen = False  # a decimal such as 58.2조 must be the last group
    for match in _TOKEN.finditer(body):
        if fraction_seen:
            raise AmountParseError(text, "nothing may follow a decimal amount")
        if match.start() != pos:
            raise AmountParseError(text, f"unexpected {body[pos : match.start()]!r}")
        pos = match.end()
        digits, small, big = match.groups()
        if digits is not None:
            if number is not None:
                raise AmountParseError(text, "two numbers in a row")
            number = _to_decimal(digits, text)
        elif small is not None:
            mult = SMALL_UNITS[small]
            if last_small_mult is not None and mult >= last_small_mult:
                raise AmountParseError(text, f"{small!r} out of order")
            if number is not None and (number >= 10 or number <= 0):
                raise AmountParseError(text, f"{number} cannot multiply {small!r}")
            group += (number if number is not None else Decimal(1)) * mult
            number = None
            last_small_mult = mult
        else:
            mult = GROUP_UNITS[big]
            if last_group_mult is not None and mult >= last_group_mult:
                raise AmountParseError(text, f"{big!r} out of order")
            if number is not None and last_small_mult is not None and number >= last_small_mult:
                raise AmountParseError(text, f"{number} too large after a numeral unit")
            group += number if number is not None else Decimal(0)
            if group == 0:
                raise AmountParseError(text, f"no number before {big!r}")
            if group >= 10_000:
                raise AmountParseError(text, f"more than four digits before {big!r}")
            fraction_seen = group != group.to_integral_value()
            total += group * mult
            group = Decimal(0)
            number = None
            last_group_mult = mult
            last_small_mult = None
    if pos != len(body):
        raise AmountParseError(text, f"unexpected {body[pos:]!r}")
    if number is not None:
        if last_small_mult is not None and number >= last_small_mult:
            raise AmountParseError(text, f"{number} too large after a numeral unit")
        if last_group_mult is not None and number + group >= 10_000:
            raise AmountParseError(text, f"{number} too large after a group unit")
        group += number
    total += group
    if total != total.to_integral_value():
        raise AmountParseError(text, "not a whole number of units")
    if total > MAX_AMOUNT:
        raise AmountParseError(text, "too large: an amount is below 1경 (10^16)")
    return KoreanAmount(value=int(total), unit=unit, approx=bool(qualifier), qualifier=qualifier)


def format_korean_amount(value: int, unit: str = "", *, approx: bool = False) -> str:
    """Write an integer the way the announcement does: ``147500000000`` -> ``1천475억원``.

    Each 만-group is written as digits, its thousands with 천 (``1천475억``, ``9천897``,
    ``2천억``), the style of the source. Zero groups are left out.

    Parameters
    ----------
    value : int
        A non-negative integer.
    unit : str, default ""
        Suffix to append (``"원"``, ``"명"``, ...).
    approx : bool, default False
        Insert ``여`` before the unit.

    Examples
    --------
    >>> format_korean_amount(147_500_000_000, "원")
    '1천475억원'
    >>> format_korean_amount(9_300, "명", approx=True)
    '9천300여명'
    """
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"format_korean_amount needs a non-negative int, got {value!r}")
    if value > MAX_AMOUNT:
        raise ValueError(f"{value} is too large: the largest unit is 조 (10^12)")
    if unit and unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}; known: {', '.join(UNITS)}")
    parts: list[str] = []
    rest = value
    for name, mult in sorted(GROUP_UNITS.items(), key=lambda kv: -kv[1]):
        group, rest = divmod(rest, mult)
        if group:
            parts.append(_format_group(group) + name)
    if rest or not parts:
        parts.append(_format_group(rest))
    return "".join(parts) + ("여" if approx else "") + unit


def _format_group(group: int) -> str:
    thousands, below = divmod(group, 1_000)
    if thousands:
        return f"{thousands}천{below or ''}"
    return str(group)
