"""The README's make targets that have no topic of their own: ``make lab`` (JupyterLab on
127.0.0.1 only, the ``python3`` kernel imports ``analysis``), ``make strip`` (clears
outputs and execution counts of ``notebooks/*.ipynb``, which the build then accepts) and
``make report``'s exit code."""

from __future__ import annotations

import fnmatch
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

import analysis
from analysis.errors import BuildError
from analysis.site.config import check_notebook_source

ROOT = Path(__file__).resolve().parents[1]
VENV = Path(sys.prefix)  # the virtual environment make made (it runs the tests)
#: What a ``make test`` that runs these tests passes to the makes they start: left out.
MAKE_VARIABLES = {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES"}


def make_recipe(target: str, cwd: Path = ROOT) -> str:
    """The one command line ``make TARGET`` runs in ``cwd`` with this virtual environment
    (printed by ``make -n``, its installation step taken as done)."""
    options = [f"VENV={VENV}", "-o", str(VENV / ".installed"), target]
    proc = subprocess.run(
        ["make", "-s", "-n", "--no-print-directory", "-f", str(ROOT / "Makefile"), *options],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env={k: v for k, v in os.environ.items() if k not in MAKE_VARIABLES},
    )
    [line] = proc.stdout.splitlines()
    return line


def test_make_lab_listens_on_127_0_0_1_only():
    command = shlex.split(make_recipe("lab"))
    assert command[:2] == [str(VENV / "bin" / "jupyter"), "lab"], command
    assert "--notebook-dir=." in command
    ips = [command[i + 1] for i, word in enumerate(command) if word == "--ip"]
    ips += [word.split("=", 1)[1] for word in command if word.startswith("--ip=")]
    assert ips == ["127.0.0.1"], command
    version = subprocess.run([*command[:2], "--version"], capture_output=True, timeout=120)
    assert version.returncode == 0, version.stderr  # JupyterLab is installed there


@pytest.mark.slow
def test_make_labs_python3_kernel_imports_analysis():
    """The kernelspec ``python3`` JupyterLab finds is the one ``make`` installed in the
    virtual environment (``ipykernel install --sys-prefix``): started from ``notebooks/``,
    it imports this project's ``analysis``."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import start_new_kernel

    spec = KernelSpecManager().get_kernel_spec("python3")
    assert spec.display_name == "Python 3 (analysis)"
    assert Path(spec.resource_dir).is_relative_to(VENV / "share" / "jupyter" / "kernels")
    manager, client = start_new_kernel(
        startup_timeout=120, kernel_name="python3", cwd=str(ROOT / "notebooks")
    )
    printed: list[str] = []
    try:
        reply = client.execute_interactive(
            "import analysis; print(analysis.__file__)",
            timeout=120,
            output_hook=lambda msg: printed.append(msg["content"].get("text", "")),
        )
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    assert reply["content"]["status"] == "ok", reply["content"]
    assert Path("".join(printed).strip()) == Path(analysis.__file__)


def _executed_copy(source: Path, target: Path) -> None:
    """``source`` as a kernel leaves it: every code cell with an execution count and an
    output (the rest, metadata included, ``make strip`` keeps as it is)."""
    nb = nbformat.read(source, as_version=4)
    for count, cell in enumerate((c for c in nb.cells if c.cell_type == "code"), start=1):
        cell.execution_count = count
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=f"out {count}\n")]
    nbformat.write(nb, target)


@pytest.mark.slow
def test_make_strip_clears_outputs_and_counts_and_keeps_the_rest(tmp_path):
    sources = sorted((ROOT / "notebooks").glob("*.ipynb"))
    assert sources
    (tmp_path / "notebooks").mkdir()
    for source in sources:
        _executed_copy(source, tmp_path / "notebooks" / source.name)
        with pytest.raises(BuildError, match="make strip"):
            check_notebook_source(tmp_path / "notebooks" / source.name, strict=True)
    command = make_recipe("strip", cwd=tmp_path)  # notebooks/*.ipynb: the shell's glob
    subprocess.run(command, shell=True, cwd=tmp_path, check=True, timeout=300)
    for source in sources:
        stripped = tmp_path / "notebooks" / source.name
        check_notebook_source(stripped, strict=True)  # the build takes it again
        assert nbformat.read(stripped, as_version=4) == nbformat.read(source, as_version=4)


def test_make_report_runs_the_build_and_exits_2_whatever_the_builds_code(tmp_path):
    """README, Scheduling: ``make report`` runs ``python -m analysis build``, but make exits
    2 whenever its command fails (here a build that exits 3), so the codes are the build's."""
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    for name in ("requirements.lock", "pyproject.toml"):
        (tmp_path / name).write_text("")
    python = tmp_path / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(f'#!/bin/sh\necho "$@" > {tmp_path / "args"}\nexit 3\n')
    python.chmod(0o755)
    (tmp_path / ".venv" / ".installed").touch()  # newer than the lock: nothing to install
    proc = subprocess.run(
        ["make", "-s", "report"],
        cwd=tmp_path,
        capture_output=True,
        timeout=60,
        env={k: v for k, v in os.environ.items() if k not in MAKE_VARIABLES},
    )
    assert proc.returncode == 2, proc.stderr
    assert (tmp_path / "args").read_text() == "-m analysis build\n"


def test_the_readme_names_every_module_of_the_package():
    """The layout table's row for ``src/analysis/`` lists the package's modules wing by wing:
    each module is named there, as itself (`name`), by a pattern the row writes
    (`clean*`, `warm_*`) or by its folder (`audit/`)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [row] = [line for line in readme.splitlines() if line.startswith("| `src/analysis/`")]
    named = set(re.findall(r"`([A-Za-z0-9_*/]+)`", row))
    patterns = [name for name in named if name.endswith("*")]
    package = ROOT / "src" / "analysis"
    missing = []
    for path in sorted(package.rglob("*.py")):
        if path.stem in ("__init__", "__main__"):
            continue
        folder = path.parent.relative_to(package).as_posix()
        inner = folder.split("/", 1)[1] + "/" if "/" in folder else None
        if (
            path.stem in named
            or any(fnmatch.fnmatch(path.stem, pattern) for pattern in patterns)
            or (inner is not None and inner in named)
        ):
            continue
        missing.append(path.relative_to(package).as_posix())
    assert missing == [], f"not in the README's layout table: {missing}"
