"""The processed tables the prose, funding and headline tests read, and one plan's rows.

``load_tables()`` reads the project's ``data/processed`` (the tables every such test module
needs, with the national pillars also under ``"pillars"``); :func:`of` picks one plan.
"""

from __future__ import annotations

import pandas as pd

from analysis.data.load import load_processed

#: The processed tables these tests read.
TABLES = (
    "plans",
    "sectors",
    "figures",
    "projects",
    "refresh_programme",
    "reference_figures",
    "reference_pillars",
)


def load_tables() -> dict[str, pd.DataFrame]:
    """Every table of :data:`TABLES`, and ``reference_pillars`` again as ``"pillars"``."""
    tables = {name: load_processed(name) for name in TABLES}
    return tables | {"pillars": tables["reference_pillars"]}


def of(frame: pd.DataFrame, plan: str) -> pd.DataFrame:
    """The rows of ``frame`` about ``plan``, numbered from 0."""
    return frame[frame["plan_id"] == plan].reset_index(drop=True)
