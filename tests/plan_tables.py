"""The processed tables the prose, funding and headline tests read, and one plan's rows.

``load_tables()`` reads the project's ``data/processed`` (the tables every such test module
needs, with the national pillars also under ``"pillars"``); :func:`of` picks one plan.
"""

from __future__ import annotations

import csv
from pathlib import Path

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


#: What each kind of chart draws of the national figures, read from the raw table (written
#: here from what the charts show, not from the code): ``(whole plan?, year, measures)``
#: parts, ``None`` for every scope; ``"whole"`` stands for the year set beside the whole plan.
DRAWN_NATIONAL = {
    "pillar_shares": [(False, "2025", ("total_cost",))],
    "scale": [(False, "2025", ("total_cost",)), (True, "whole", ("total_cost",))],
    "jobs": [(None, "2025", ("jobs", "total_cost"))],
    "plan_jobs": [(True, "2025", ("jobs", "total_cost"))],
}


def drawn_raw_national_rows(kind: str, whole_year: str = "2025") -> list[dict[str, str]]:
    """The rows of ``data/raw/reference/national_figures.csv`` a chart of ``kind`` draws
    (:data:`DRAWN_NATIONAL`), in the table's order."""
    path = Path(__file__).resolve().parents[1] / "data/raw/reference/national_figures.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            r
            for r in csv.DictReader(fh)
            for whole, year, measures in DRAWN_NATIONAL[kind]
            if (whole is None or (r["scope"] == "plan") == whole)
            and r["horizon_year"] == (whole_year if year == "whole" else year)
            and r["measure"] in measures
        ]
