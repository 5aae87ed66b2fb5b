"""The build workers' papermill engine (analysis.site.cell_saves): the notebook it executes is
what papermill's own engine makes, saved once per code cell, and every save names the cell
that runs after it."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import papermill as pm
import pytest
from papermill.iorw import papermill_io

from analysis.site.cell_saves import ENGINE, register_engine
from analysis.site.workers import KERNEL_NAME, _failed_cell_of, running_cell_index


def _notebook(path: Path, fail: bool = False) -> Path:
    """A markdown cell, a parameters cell, markdown, three code cells (the second failing
    if ``fail``), markdown at the end."""
    v4 = nbformat.v4
    nb = v4.new_notebook()
    nb.cells = [
        v4.new_markdown_cell("# title"),
        v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
        v4.new_markdown_cell("words"),
        v4.new_code_cell("print(x)"),
        v4.new_code_cell("raise ValueError('no')" if fail else "y = x + 1\ny"),
        v4.new_code_cell("print('last')"),
        v4.new_markdown_cell("end"),
    ]
    nb.metadata["kernelspec"] = {
        "name": KERNEL_NAME,
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)
    return path


def _run(source: Path, out: Path, engine: str | None, monkeypatch) -> tuple[list, list, bool]:
    """Execute ``source`` into ``out`` with papermill's ``engine``; return the text of each
    write of the notebook (the engine's saves, then papermill's own last write), the notebook
    each holds, and whether the run failed."""
    texts: list[str] = []
    write = papermill_io.write

    def recording(buf, path, *args, **kwargs):
        if path == str(out):
            texts.append(buf)
        return write(buf, path, *args, **kwargs)

    failed = False
    with monkeypatch.context() as patch:
        patch.setattr(papermill_io, "write", recording)
        try:
            pm.execute_notebook(
                str(source),
                str(out),
                parameters={"x": 5},
                kernel_name=KERNEL_NAME,
                progress_bar=False,
                engine_name=engine,
            )
        except pm.PapermillExecutionError:
            failed = True
    return texts, [nbformat.reads(text, as_version=4) for text in texts], failed


def _comparable(nb) -> list[tuple]:
    """What a run leaves in each cell, without times."""
    return [
        (
            cell.cell_type,
            cell.source,
            cell.metadata.get("tags", []),
            cell.metadata.get("papermill", {}).get("status"),
            json.dumps(cell.get("outputs", []), sort_keys=True),
        )
        for cell in nb.cells
    ]


@pytest.mark.parametrize("fail", [False, True], ids=["runs", "fails"])
def test_the_engine_saves_once_per_code_cell_and_each_save_names_the_next_cell(
    tmp_path, monkeypatch, fail
):
    register_engine()
    source = _notebook(tmp_path / "in.ipynb", fail=fail)
    ours_texts, ours_saves, ours_failed = _run(source, tmp_path / "ours.ipynb", ENGINE, monkeypatch)
    plain_texts, plain_saves, plain_failed = _run(
        source, tmp_path / "plain.ipynb", None, monkeypatch
    )
    assert ours_failed == plain_failed == fail
    ours = nbformat.read(tmp_path / "ours.ipynb", as_version=4)
    plain = nbformat.read(tmp_path / "plain.ipynb", as_version=4)
    # the executed notebook is papermill's own (outputs, statuses; papermill injected x = 5)
    assert _comparable(ours) == _comparable(plain)
    # papermill's last write (of the notebook done, or stopped by an error) is in its layout,
    # as with its own engine; the engine's saves before it are compact
    for texts in (ours_texts, plain_texts):
        assert texts[-1] == nbformat.writes(nbformat.reads(texts[-1], as_version=4))
    assert all("\n" not in text for text in ours_texts[:-1]) and "\n" in plain_texts[0]
    ours_saves, plain_saves = ours_saves[:-1], plain_saves[:-1]  # the engines' saves
    # cells as run (the final notebook of a failed run has papermill's error banners too)
    cells = ours_saves[0].cells
    printing = next(i for i, cell in enumerate(cells) if cell.source == "print(x)")
    assert "5" in json.dumps(ours_saves[-1].cells[printing].outputs)
    failing = next(i for i, c in enumerate(cells) if "raise" in c.source or "y =" in c.source)
    code = [i for i, cell in enumerate(cells) if cell.cell_type == "code"]
    ran = code[: code.index(failing) + 1] if fail else code  # up to the failure
    # saves: the start, the first code cell's start, each code cell run, the end
    assert len(ours_saves) == 1 + 1 + len(ran) + 1
    last = failing if fail else len(cells) - 1  # papermill's own engine: every cell, twice
    assert len(plain_saves) == 1 + 2 * (last + 1) + 1
    assert running_cell_index(ours_saves[0].cells) is None  # no cell started yet
    assert running_cell_index(ours_saves[1].cells) == code[0]  # marked running
    for done, save in zip(ran, ours_saves[2 : 2 + len(ran)], strict=True):
        # a save after code cell `done`: what papermill's own saves at the next cell's start
        # (or its end, for the failed one) say is running, read from ours
        later = [i for i in code if i > done]
        expected = done if fail and done == ran[-1] else (later[0] if later else None)
        assert running_cell_index(save.cells) == expected, done
    assert running_cell_index(ours_saves[-1].cells) == (failing if fail else None)
    # numbered as in the source notebook: papermill's injected parameters and banners not
    # counted
    assert _failed_cell_of(ours.cells) == (5 if fail else None)


def test_a_notebook_killed_in_a_cell_after_the_first_names_that_cell():
    """What the last save holds when a worker is killed in the fourth cell (two code cells
    done, markdown between them): the cell named is the next code cell, numbered without
    papermill's injected parameters."""

    def cell(kind, status, tags=()):
        return {
            "cell_type": kind,
            "metadata": {"tags": list(tags), "papermill": {"status": status}},
        }

    cells = [
        cell("markdown", "pending"),
        cell("code", "completed", ["parameters"]),
        cell("code", "completed", ["injected-parameters"]),
        cell("markdown", "pending"),
        cell("code", "completed"),
        cell("code", "pending"),
        cell("code", "pending"),
    ]
    assert _failed_cell_of(cells) == 5
    cells[5]["metadata"]["papermill"]["status"] = "completed"
    assert _failed_cell_of(cells) == 6
    # papermill's injected cell running: no cell of the source notebook is named
    assert _failed_cell_of([*cells[:2], cell("code", "pending", ["injected-parameters"])]) is None
