"""Helpers the cleaning modules share: typed columns from raw text, English names, shares.

Every helper reads one column of one raw table and, on a bad cell, raises
:class:`RawDataError` naming the file, row (CSV line), column and value of that cell.
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.data.korean_amounts import AmountParseError, KoreanAmount, parse_korean_amount
from analysis.data.raw import RawData

__all__ = [
    "EOK",
    "SHARE_DECIMALS",
    "UNIT_NAMES",
    "amounts_column",
    "bool_column",
    "english_names",
    "figure_row",
    "int_column",
    "preferred_figure_rows",
    "share",
]

#: One 억원 in won.
EOK = 10**8
SHARE_DECIMALS = 6

#: The unit suffix as written -> the unit named in processed tables.
UNIT_NAMES: dict[str, str] = {
    "원": "KRW",
    "명": "persons",
    "개": "items",
    "건": "cases",
    "년": "year",
    "월": "month",
    "개월": "months",
    "대": "count",
    "": "count",
}


def amounts_column(raw: RawData, table: str, column: str) -> list[KoreanAmount]:
    """Every cell of a raw column parsed as a Korean amount, in row order.

    Every stated amount is more than 0: amounts are the denominators of shares and rates
    (a plan's total, jobs, workers, population), and a source that states nothing of a
    measure has no row. The parser bounds them above (below 1경, within int64).

    Raises
    ------
    RawDataError
        Naming the file, row, column and value of a cell that is no amount, or is 0.
    """
    out = []
    for index, text in raw[table][column].items():
        try:
            amount = parse_korean_amount(text)
        except AmountParseError as exc:
            raise raw.error(table, index, exc.reason, column=column, value=text) from exc
        if amount.value <= 0:
            raise raw.error(
                table,
                index,
                "a stated amount must be more than 0 (it divides shares and rates; leave out "
                "the row of a figure the source does not state)",
                column=column,
                value=text,
            )
        out.append(amount)
    return out


def bool_column(raw: RawData, table: str, column: str) -> pd.Series:
    """A ``true``/``false`` column as bool."""
    mapping = {"true": True, "false": False}
    frame = raw[table]
    for index, text in frame[column].items():
        if text not in mapping:
            raise raw.error(table, index, "expected true or false", column=column, value=text)
    return frame[column].map(mapping).astype(bool)


def int_column(raw: RawData, table: str, column: str, *, nullable: bool = False) -> pd.Series:
    """A whole-number column as ``Int64`` (empty cells missing when ``nullable``)."""
    out: list[int | None] = []
    for index, text in raw[table][column].items():
        if text == "" and nullable:
            out.append(None)
            continue
        if not re.fullmatch(r"[0-9]+", text):  # not isdigit(): it takes ２０２５ and ²
            raise raw.error(table, index, "expected a whole number", column=column, value=text)
        out.append(int(text))
    return pd.Series(out, index=raw[table].index, dtype="Int64")


def english_names(raw: RawData, table: str, kind: str, id_column: str) -> list[str]:
    """The English name (translations_en.csv) of each row's ``id_column``, in row order."""
    translated = raw["translations_en"]
    rows = translated[translated["kind"] == kind]
    names = {
        (p, i): en for p, i, en in zip(rows["plan_id"], rows["id"], rows["name_en"], strict=True)
    }
    out = []
    for index, row in raw[table].iterrows():
        key = (row["plan_id"], row[id_column])
        if key not in names:
            raise raw.error(
                table,
                index,
                f"no English name in translations_en.csv for this {kind}",
                column=id_column,
                value=row[id_column],
            )
        out.append(names[key])
    return out


def preferred_figure_rows(figures: pd.DataFrame) -> dict[tuple[str, str, str], pd.Series]:
    """The preferred statement (row) of each figure of ``figures``, by
    ``(plan_id, scope, measure)``: the row marked ``preferred`` (never row order; the first
    such row, should the table hold two). Build it once, then look figures up with
    :func:`figure_row`.
    """
    preferred = figures[figures["preferred"]].drop_duplicates(["plan_id", "scope", "measure"])
    return {
        (str(row["plan_id"]), str(row["scope"]), str(row["measure"])): row
        for _, row in preferred.iterrows()
    }


def figure_row(
    preferred: dict[tuple[str, str, str], pd.Series], scope: str, measure: str, plan_id: str
) -> pd.Series | None:
    """The stated figure of ``scope`` and ``measure`` of ``plan_id``, or None
    (``preferred``: :func:`preferred_figure_rows` of the figures table)."""
    return preferred.get((plan_id, scope, measure))


def share(part: pd.Series, whole: pd.Series) -> pd.Series:
    """``part / whole`` rounded to :data:`SHARE_DECIMALS` (missing where either is)."""
    return (part.astype("Float64") / whole.astype("Float64")).round(SHARE_DECIMALS)
