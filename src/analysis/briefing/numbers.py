"""How numbers are written for readers: decimals, separators, JSON-safe values."""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd


def display_decimals(value: float, significant: int = 3) -> int:
    """Decimals that show ``value`` with at least ``significant`` significant digits.

    Examples
    --------
    >>> display_decimals(1475.0), display_decimals(0.0404), display_decimals(6.71)
    (0, 4, 2)
    """
    if not value or pd.isna(value):
        return 0
    digits_before = math.floor(math.log10(abs(value))) + 1
    return max(0, significant - digits_before)


def fixed_decimals(frame: pd.DataFrame, decimals: dict[str, int]) -> pd.DataFrame:
    """A copy of ``frame`` with the named number columns as text: thousands separators, a
    real minus sign, the given decimals, empty for missing values (for tables whose values
    span orders of magnitude, where one rounding for the whole column would hide them).

    Examples
    --------
    >>> fixed_decimals(pd.DataFrame({"x": [1234.5, -0.04, None]}), {"x": 2})["x"].tolist()
    ['1,234.50', '−0.04', '']
    """
    out = frame.copy()
    for column, places in decimals.items():
        out[column] = [
            "" if pd.isna(v) else f"{v:,.{places}f}".replace("-", "\u2212") for v in out[column]
        ]
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
        if value is None or pd.isna(value):
            out[str(key)] = None
        else:
            out[str(key)] = value.item() if hasattr(value, "item") else value
    return out
