"""Files named ``.ipynb`` that are no proper notebook, and the code cells
:func:`analysis.site.code_cells.code_cells` reads from each: the build looks into notebooks
before it runs them (the warm template's preload, the start order), and none of these may
stop it there (running the briefing reports its error).

``HOSTILE_NOTEBOOKS`` is a list of ``(file text, code cell sources)`` for
``pytest.mark.parametrize``; :func:`write` puts one in a folder.
"""

from __future__ import annotations

from pathlib import Path

HOSTILE_NOTEBOOKS: list[tuple[str, list[str]]] = [
    ("{not json", []),
    ('{"cells": 5}', []),
    ('{"cells": [5, {"cell_type": "code", "source": 5}]}', []),
    ('{"cells": [{"cell_type": "code", "source": [1, ".figure("]}]}', [".figure("]),
    ('{"cells": [{"cell_type": "code", "source": "x = 1\\u0000"}]}', ["x = 1\x00"]),
    ('{"cells": [' + "[" * 100_000 + "]" * 100_000 + "]}", []),
    ("{}", []),
    ('{"nbformat": 4, "nbformat_minor": 5}', []),  # nbformat raises its ValidationError
]


def write(folder: Path, text: str) -> Path:
    """Write ``text`` as ``folder/hostile.ipynb`` and return its path."""
    path = folder / "hostile.ipynb"
    path.write_text(text, "utf-8")
    return path
