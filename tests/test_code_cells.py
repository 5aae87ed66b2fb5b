"""Reading a notebook's code cells before running it (``analysis.site.code_cells``)."""

from __future__ import annotations

import json

import pytest
from hostile_notebooks import HOSTILE_NOTEBOOKS, write

from analysis.site.code_cells import code_cells


def test_code_cells_in_order_sources_joined_other_cells_left_out(tmp_path):
    path = tmp_path / "n.ipynb"
    cells = [
        {"cell_type": "markdown", "source": "import pandas"},
        {"cell_type": "code", "source": ["a = 1\n", "b = 2"]},
        {"cell_type": "raw", "source": "x"},
        {"cell_type": "code", "source": "c = 3"},
    ]
    path.write_text(json.dumps({"cells": cells, "nbformat": 4}), "utf-8")
    assert code_cells(path) == ["a = 1\nb = 2", "c = 3"]
    assert code_cells(tmp_path / "missing.ipynb") == []


@pytest.mark.parametrize(("text", "sources"), HOSTILE_NOTEBOOKS)
def test_a_file_that_is_no_notebook_gives_only_what_it_shows_as_code(tmp_path, text, sources):
    assert code_cells(write(tmp_path, text)) == sources
