"""The contracts' text dtype (``analysis.data.text_dtype.TEXT``) decides as pandera's ``str``
does and reports the same failures; only a column that passes is answered at once."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
import pytest

from analysis.data.processed_schemas import PROCESSED_SCHEMAS
from analysis.data.raw_schemas import RAW_SCHEMAS
from analysis.data.text_dtype import TEXT, WholeColumnText

#: Columns pandera's ``str`` passes or fails, cell by cell or as a whole.
COLUMNS = {
    "text": pd.Series(["의정부시", "Uijeongbu", ""], dtype="str"),
    "text with a missing cell": pd.Series(["a", None, "c"], dtype="str"),
    "objects, all text": pd.Series(["a", "b"], dtype=object),
    "objects, a number among them": pd.Series(["a", 3, "c", 4.5], dtype=object),
    "objects, a missing cell": pd.Series(["a", None], dtype=object),
    "numbers": pd.Series([1, 2, 3]),
    "empty objects": pd.Series([], dtype=object),
}


def _failures(dtype: object, column: pd.Series, nullable: bool) -> tuple | None:
    """What validating ``column`` under a one-column schema of ``dtype`` reports: the
    failure cases (column, check, index, value, each as ``repr`` so that 3 and "3" differ)
    and the messages of a lazy and of an eager validation; ``None`` if it passes."""
    schema = pa.DataFrameSchema({"c": pa.Column(dtype, nullable=nullable)})
    frame = pd.DataFrame({"c": column})
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases[["column", "check", "index", "failure_case"]]
        found = [[repr(value) for value in row] for row in cases.values.tolist()]
        with pytest.raises(pa.errors.SchemaError) as eager:
            schema.validate(frame)
        return found, str(exc), str(eager.value)
    return None


@pytest.mark.parametrize("nullable", [False, True], ids=["required", "nullable"])
@pytest.mark.parametrize("name", list(COLUMNS))
def test_text_passes_and_fails_as_pandera_str_with_the_same_failure_cases(name, nullable):
    column = COLUMNS[name]
    assert _failures(TEXT, column, nullable) == _failures(str, column, nullable)


def test_the_cases_cover_passing_and_cell_by_cell_failures():
    """The comparison above means something: some columns pass, and some fail in named
    cells (pandera's cell-by-cell answer, which TEXT must hand on)."""
    outcomes = {name: _failures(str, column, False) for name, column in COLUMNS.items()}
    assert outcomes["text"] is None
    cells = outcomes["objects, a number among them"][0]
    assert [(case[2], case[3]) for case in cells] == [("1", "3"), ("3", "4.5")]


def test_a_passing_column_is_answered_at_once():
    """pandera's own ``str`` answers cell by cell (and then tabulates no failures);
    TEXT answers ``True`` for the column."""
    column = COLUMNS["text"]
    own = pa.Column(str).dtype
    assert not isinstance(own.check(own, column), bool)
    assert TEXT.check(TEXT, column) is True
    assert str(TEXT) == str(own)


def test_every_text_column_of_the_contracts_uses_it():
    schemas = [*RAW_SCHEMAS.values(), *PROCESSED_SCHEMAS.values()]
    columns = [column for schema in schemas for column in schema.columns.values()]
    text = [column for column in columns if str(column.dtype) == str(pa.Column(str).dtype)]
    assert len(text) > 100
    assert all(isinstance(column.dtype, WholeColumnText) for column in text)
