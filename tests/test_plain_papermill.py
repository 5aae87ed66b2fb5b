"""The helper that runs the papermill command line in tests starts it once more only when
its kernel did not start (tests/plain_papermill.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from plain_papermill import KERNEL_DID_NOT_START, failure, run_papermill_cli


def fake_papermill(folder: Path, failures: list[tuple[int, str]]) -> Path:
    """A stand-in for papermill that fails as ``failures`` says, one entry per run (exit
    code, stderr), then succeeds; it counts its runs in ``folder/runs``."""
    script = folder / "papermill"
    script.write_text(
        f"#!{sys.executable}\n"
        "import pathlib, sys\n"
        f"failures = {failures!r}\n"
        f"runs = pathlib.Path({str(folder / 'runs')!r})\n"
        "n = int(runs.read_text()) if runs.exists() else 0\n"
        "runs.write_text(str(n + 1))\n"
        "if n < len(failures):\n"
        "    sys.stderr.write(failures[n][1]); sys.exit(failures[n][0])\n"
    )
    script.chmod(0o755)
    return script


@pytest.mark.parametrize("message", KERNEL_DID_NOT_START)
def test_a_kernel_that_did_not_start_is_started_once_more_with_a_warning(tmp_path, message):
    first = f"zmq.error.ZMQError: Address in use\nRuntimeError: {message} 60 seconds\n"
    papermill = fake_papermill(tmp_path, [(1, first)])
    with pytest.warns(UserWarning, match="did not start(.|\n)*Address in use"):
        assert run_papermill_cli(["in.ipynb"], papermill=papermill).returncode == 0
    assert (tmp_path / "runs").read_text() == "2"


def test_a_cell_that_prints_the_words_is_not_run_again(tmp_path):
    said = "print says: Kernel didn't respond in 60 seconds\nPapermillExecutionError: cell 2\n"
    papermill = fake_papermill(tmp_path, [(1, said)])
    assert run_papermill_cli(["in.ipynb"], papermill=papermill).returncode == 1
    assert (tmp_path / "runs").read_text() == "1"


def test_a_kernel_that_never_starts_fails_after_the_second_run(tmp_path):
    twice = [(1, "RuntimeError: Kernel didn't respond in 60 seconds")] * 2
    papermill = fake_papermill(tmp_path, twice)
    with pytest.warns(UserWarning):
        assert run_papermill_cli(["in.ipynb"], papermill=papermill).returncode == 1
    assert (tmp_path / "runs").read_text() == "2"


def test_any_other_failure_is_not_run_again(tmp_path):
    papermill = fake_papermill(tmp_path, [(1, "PapermillExecutionError: cell 3 raised")])
    done = run_papermill_cli(["in.ipynb"], papermill=papermill)
    assert done.returncode == 1 and "cell 3" in done.stderr
    assert (tmp_path / "runs").read_text() == "1"


def test_a_failure_shows_the_start_and_the_end_of_stderr(tmp_path):
    head, tail = "zmq.error.ZMQError: Address already in use", "Kernel didn't respond"
    papermill = fake_papermill(tmp_path, [(1, head + "x" * 10_000 + tail)])
    shown = failure(run_papermill_cli([], papermill=papermill))
    assert shown.startswith(head) and shown.endswith(tail) and len(shown) < 4100
