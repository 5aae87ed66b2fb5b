"""The dtype of the contracts' text columns: pandera's ``str``, answered for the whole column.

pandera checks a ``str`` column cell by cell. When every cell passes, it still gathers the
failing ones (none), tabulates them and writes them into a message nobody reads: about
0.6 ms per column, most of the time a data refresh spends checking dtypes (the contracts
have some 240 text columns). :data:`TEXT` asks pandera's own ``str`` check and, when every
cell passes, answers ``True`` for the column, which pandera takes as passed without more
work. When a cell fails it hands pandera the cell-by-cell answer as before, so a failure is
reported as it always was: by row, column and value.

Examples
--------
>>> import pandas as pd
>>> import pandera.pandas as pa
>>> schema = pa.DataFrameSchema({"name": pa.Column(TEXT)})
>>> schema.validate(pd.DataFrame({"name": ["의정부시", "Uijeongbu"]}))["name"].tolist()
['의정부시', 'Uijeongbu']
>>> try:
...     schema.validate(pd.DataFrame({"name": ["의정부시", 3]}, dtype=object), lazy=True)
... except pa.errors.SchemaErrors as exc:
...     exc.failure_cases[["column", "index", "failure_case"]].values.tolist()
[['name', 1, 3]]
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from pandera.dtypes import DataType
from pandera.engines import pandas_engine

__all__ = ["TEXT", "WholeColumnText"]

#: pandera's dtype for ``str`` (with this pandas: its string dtype), whose check this keeps.
_STR = pandas_engine.Engine.dtype(str)


class WholeColumnText(type(_STR)):  # type: ignore[misc]
    """pandera's ``str`` dtype whose check answers ``True`` for a column that passes in every
    cell, and the cell-by-cell answer otherwise."""

    def check(
        self, pandera_dtype: DataType, data_container: object | None = None
    ) -> bool | Iterable[bool]:
        """pandera's ``str`` check of ``pandera_dtype`` (and of the cells of
        ``data_container``): ``True`` if it passes everywhere, else its own answer."""
        cells = super().check(pandera_dtype, data_container)
        if isinstance(cells, bool):
            return cells
        return True if bool(np.all(cells)) else cells


#: The dtype of every text column of the raw and processed contracts.
TEXT = WholeColumnText(**({"storage": _STR.storage} if hasattr(_STR, "storage") else {}))
