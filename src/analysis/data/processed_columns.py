"""Building blocks of the processed contracts: column makers that carry a column's
description, unit and derivation (:func:`described`), and descriptions shared by tables."""

from __future__ import annotations

import pandera.pandas as pa

from analysis.data.text_dtype import TEXT

__all__ = ["described"]

_ID = r"^[a-z0-9_]+$"
_PLAN = ("", "plan identifier (the plan's folder under data/raw/plans/)", "raw")
_PARA = ("paragraph", "line of the row's source text that states the value (1-based)", "raw")
_SOURCE = ("", "the source (sources.csv) whose text states the value", "raw")
_SECTOR_KO = ("", "sector name in Korean as written in the plan", "raw sectors.csv")
_SECTOR_EN = ("", "sector name in English (editorial translation)", "raw translations_en.csv")
_SHARE = "fraction 0-1"
_NOT_OWN = (
    "not the plan's own government's funds (national, provincial, other or unstated); "
    "the text does not say how it splits"
)


def described(column: pa.Column, unit: str, description: str, derivation: str) -> pa.Column:
    """``column`` with its description, unit and derivation."""
    column.description = description
    column.metadata = {"unit": unit, "derivation": derivation}
    return column


def _text(*checks: pa.Check, nullable: bool = False) -> pa.Column:
    return pa.Column(TEXT, list(checks), nullable=nullable)


def _id() -> pa.Column:
    return _text(pa.Check.str_matches(_ID))


def _nonempty() -> pa.Column:
    return _text(pa.Check.str_length(min_value=1))


def _optional_id() -> pa.Column:
    return _text(pa.Check.str_matches(r"^([a-z0-9_]+)?$"))


def _int(min_value: int | None = 0, *, nullable: bool = False) -> pa.Column:
    checks = [] if min_value is None else [pa.Check.ge(min_value)]
    return pa.Column("Int64" if nullable else "int64", checks, nullable=nullable)


def _share(nullable: bool = False) -> pa.Column:
    # No upper bound: a part larger than its stated whole is a finding of the audit.
    return pa.Column("Float64" if nullable else float, pa.Check.ge(0.0), nullable=nullable)


def _eok(nullable: bool = False) -> pa.Column:
    return pa.Column("Float64" if nullable else float, pa.Check.ge(0), nullable=nullable)


_d = described
