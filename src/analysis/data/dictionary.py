"""The data dictionary: every processed and raw column, its dtype, unit and derivation.

Nothing is written here that the contracts do not already say: :func:`data_dictionary`
reads each column's description, unit and derivation from the pandera schemas of
:mod:`analysis.data.processed_schemas` (and, for the raw tables,
:mod:`analysis.data.raw_schemas`). It is written as ``data/processed/data_dictionary.csv``;
:func:`analysis.data.load.load_processed` reads the dtypes back from that file.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from analysis.data.processed_schemas import PROCESSED_SCHEMAS
from analysis.data.raw_schemas import PLAN_FILES, RAW_SCHEMAS, REFERENCE_FILES

__all__ = ["DICTIONARY_COLUMNS", "data_dictionary", "raw_dictionary"]

DICTIONARY_COLUMNS = [
    "layer",
    "table",
    "table_row",
    "column",
    "dtype",
    "unit",
    "description",
    "derivation",
]


def _entry(layer: str, table: str, schema: pa.DataFrameSchema, column: str, dtype: str) -> dict:
    spec = schema.columns[column]
    metadata = spec.metadata or {}
    if not spec.description or "derivation" not in metadata:
        raise KeyError(f"{layer} column {table}.{column} has no description in its contract")
    return {
        "layer": layer,
        "table": table,
        "table_row": schema.description or "",
        "column": column,
        "dtype": dtype,
        "unit": metadata.get("unit", ""),
        "description": spec.description,
        "derivation": metadata["derivation"],
    }


def raw_dictionary() -> pd.DataFrame:
    """One row per column of every raw table (file, relative to ``data/raw``, as table)."""
    rows = []
    for table, schema in RAW_SCHEMAS.items():
        file = (
            f"plans/<plan_id>/{PLAN_FILES[table]}"
            if table in PLAN_FILES
            else f"reference/{REFERENCE_FILES[table]}"
        )
        for column in schema.columns:
            rows.append(_entry("raw", file, schema, column, "str"))
    return pd.DataFrame(rows, columns=DICTIONARY_COLUMNS)


def data_dictionary(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The data dictionary for the given processed tables, then the raw tables.

    Raises
    ------
    KeyError
        If a processed table has a column its contract does not describe.
    """
    rows = []
    for table, frame in tables.items():
        schema = PROCESSED_SCHEMAS[table]
        for column in frame.columns:
            if column not in schema.columns:
                raise KeyError(f"processed column {table}.{column} is not in its contract")
            rows.append(_entry("processed", table, schema, column, str(frame[column].dtype)))
    processed = pd.DataFrame(rows, columns=DICTIONARY_COLUMNS)
    return pd.concat([processed, raw_dictionary()], ignore_index=True)
