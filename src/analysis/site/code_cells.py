"""The code of a notebook's code cells, read from a file that may hold anything.

The build looks into notebooks before it runs them (which modules the warm template should
import, how many cells draw a chart); a file that is not a notebook must not stop it there,
since running that briefing reports the error with the file's name.
"""

from __future__ import annotations

import json
from pathlib import Path

__all__ = ["code_cells", "tagged_code_cells"]


def code_cells(notebook: str | Path) -> list[str]:
    """The source of each code cell of ``notebook``, in order; ``[]`` if the file cannot be
    read as a notebook (missing, not JSON, not shaped like nbformat, nested too deeply).
    :func:`tagged_code_cells` without the tags.

    Examples
    --------
    >>> code_cells("no-such-notebook.ipynb")
    []
    """
    return [source for source, _ in tagged_code_cells(notebook)]


def tagged_code_cells(notebook: str | Path) -> list[tuple[str, frozenset[str]]]:
    """The source of each code cell of ``notebook``, in order, with the cell's tags (the
    strings in its metadata's ``tags``; none where the metadata or its tags are of another
    type); ``[]`` if the file cannot be read as a notebook.

    A source given as a list of strings is joined; a cell or source of any other type is
    left out.

    Examples
    --------
    >>> import shutil, tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> path = folder / "n.ipynb"
    >>> cells = [
    ...     {"cell_type": "code", "source": ["x = 1\\n", "y = 2"]},
    ...     {"cell_type": "markdown", "source": "# title"},
    ...     {"cell_type": "code", "source": 5},
    ...     {"cell_type": "code", "source": "a", "metadata": {"tags": ["skip-execution", 1]}},
    ...     {"cell_type": "code", "source": "b", "metadata": {"tags": "skip-execution"}},
    ... ]
    >>> _ = path.write_text(json.dumps({"cells": cells}))
    >>> tagged_code_cells(path)  # doctest: +NORMALIZE_WHITESPACE
    [('x = 1\\ny = 2', frozenset()), ('a', frozenset({'skip-execution'})),
     ('b', frozenset())]
    >>> _ = path.write_text('{"cells": 5}')
    >>> tagged_code_cells(path)
    []
    >>> shutil.rmtree(folder)
    """
    try:
        cells = json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]
        return [
            (_source(cell["source"]), _tags(cell.get("metadata")))
            for cell in cells
            if isinstance(cell, dict)
            and cell.get("cell_type") == "code"
            and isinstance(cell.get("source"), str | list)
        ]
    except (OSError, UnicodeError, ValueError, LookupError, TypeError, RecursionError):
        return []


def _tags(metadata: object) -> frozenset[str]:
    """The string tags of a cell's ``metadata`` (nbformat: a list under ``tags``)."""
    tags = metadata.get("tags") if isinstance(metadata, dict) else None
    if not isinstance(tags, list):
        return frozenset()
    return frozenset(tag for tag in tags if isinstance(tag, str))


def _source(source: str | list) -> str:
    """A cell's source as one string (nbformat allows a string or a list of strings)."""
    if isinstance(source, list):
        return "".join(part for part in source if isinstance(part, str))
    return source
