"""Where the project's data and reports live, independent of the working directory.

Paths resolve from this file, so notebooks and the build work from any folder. Set
``ANALYSIS_DATA_DIR`` (a folder holding ``raw/`` and ``processed/``) or
``ANALYSIS_REPORTS_DIR`` to point at other folders.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "LOCK_FILE",
    "PACKAGE_DIR",
    "PROJECT_ROOT",
    "data_dir",
    "processed_dir",
    "raw_dir",
    "reports_dir",
]

#: The repository root (``src/analysis/paths.py`` -> two levels up from ``src``).
PROJECT_ROOT: Path = Path(__file__).resolve().parents[2]
#: The package's own folder (``src/analysis``): the code of the refresh and the briefings.
PACKAGE_DIR: Path = Path(__file__).resolve().parent
#: The pinned dependencies (``make lock``); a change refreshes the data and rebuilds every
#: briefing.
LOCK_FILE: Path = PROJECT_ROOT / "requirements.lock"


def data_dir() -> Path:
    """The data folder: ``$ANALYSIS_DATA_DIR`` or ``<project>/data``."""
    return Path(os.environ.get("ANALYSIS_DATA_DIR") or PROJECT_ROOT / "data").resolve()


def raw_dir() -> Path:
    """Raw tables as transcribed from the sources (never written by code)."""
    return data_dir() / "raw"


def processed_dir() -> Path:
    """Validated, tidy tables written by :func:`analysis.data.refresh.refresh_processed`."""
    return data_dir() / "processed"


def reports_dir() -> Path:
    """Generated briefings: ``$ANALYSIS_REPORTS_DIR`` or ``<project>/reports``."""
    return Path(os.environ.get("ANALYSIS_REPORTS_DIR") or PROJECT_ROOT / "reports").resolve()
