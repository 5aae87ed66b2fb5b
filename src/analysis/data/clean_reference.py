"""Cleaning of the reference tables: national figures, exchange rates, CPI, population."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import pandas as pd

from analysis.data.clean_common import amounts_column, bool_column, int_column
from analysis.data.raw import RawData

__all__ = [
    "clean_cpi",
    "clean_exchange_rates",
    "clean_population",
    "clean_reference_figures",
]


def clean_reference_figures(raw: RawData) -> pd.DataFrame:
    """National reference figures (Korean New Deal), parsed: one row per figure."""
    ref = raw["reference_figures"]
    amounts = amounts_column(raw, "reference_figures", "value_raw")
    units = ["KRW" if m != "jobs" else "jobs" for m in ref["measure"]]
    out = pd.DataFrame(
        {
            "plan_id": ref["plan_id"],
            "scope": ref["scope"],
            "measure": ref["measure"],
            "horizon_year": int_column(raw, "reference_figures", "horizon_year").astype("int64"),
            "value": pd.Series([a.value for a in amounts], dtype="int64"),
            "unit": units,
            "approx": pd.Series([a.approx for a in amounts], dtype=bool),
            "value_raw": ref["value_raw"],
            "source_title": ref["source_title"],
            "source_publisher": ref["source_publisher"],
            "source_date": ref["source_date"],
            "source_url": ref["source_url"],
            "note": ref["note"],
            "is_derived": bool_column(raw, "reference_figures", "is_derived"),
        }
    )
    return out


def _decimal_column(raw: RawData, table: str, column: str) -> list[Decimal]:
    out = []
    for index, text in raw[table][column].items():
        try:
            value = Decimal(text.replace(",", ""))
        except InvalidOperation as exc:
            raise raw.error(
                table, index, "expected a decimal number", column=column, value=text
            ) from exc
        if not value.is_finite() or value <= 0:
            raise raw.error(table, index, "expected a positive number", column=column, value=text)
        out.append(value)
    return out


def clean_exchange_rates(raw: RawData) -> pd.DataFrame:
    """Exchange rates as KRW per unit of foreign currency (float), with their source."""
    table = raw["reference_exchange_rates"]
    rates = _decimal_column(raw, "reference_exchange_rates", "krw_per_unit_raw")
    return pd.DataFrame(
        {
            "currency": table["currency"],
            "year": int_column(raw, "reference_exchange_rates", "year").astype("int64"),
            "basis": table["basis"],
            "krw_per_unit": [float(r) for r in rates],
            "source_publisher": table["source_publisher"],
            "source_date": table["source_date"],
            "source_url": table["source_url"],
        }
    )


def clean_cpi(raw: RawData) -> pd.DataFrame:
    """Consumer price index by year (2020 = 100), with its source."""
    table = raw["reference_cpi"]
    index = _decimal_column(raw, "reference_cpi", "index_raw")
    return pd.DataFrame(
        {
            "year": int_column(raw, "reference_cpi", "year").astype("int64"),
            "cpi": [float(i) for i in index],
            "base": table["base"],
            "source_publisher": table["source_publisher"],
            "source_url": table["source_url"],
        }
    )


def clean_population(raw: RawData) -> pd.DataFrame:
    """Population by government (and the nation), parsed, with its basis and source."""
    table = raw["reference_population"]
    amounts = amounts_column(raw, "reference_population", "population_raw")
    for index, amount in zip(table.index, amounts, strict=True):
        if amount.unit != "명" or amount.approx:
            raise raw.error(
                "reference_population",
                index,
                "expected an exact count of people (명)",
                column="population_raw",
                value=table.at[index, "population_raw"],
            )
    out = table.copy()
    out.insert(3, "population", pd.Series([a.value for a in amounts], dtype="int64"))
    return out
