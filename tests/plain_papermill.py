"""The papermill command line as a user runs it (a kernel of its own, talking over TCP
ports), for the tests that run it beside the build's tests.

Once, under pytest-xdist at a load average of 8, plain papermill stopped with "Kernel didn't
respond in 60 seconds" before the notebook's first cell. That is either a start slower than
papermill's 60 s or, likelier, jupyter_client's port race: it chooses a kernel's five TCP
ports by binding each to port 0 and closing it before the kernel binds it, so kernels
started at the same moment on one machine can meet on a port, and the kernel dies or never
answers (nteract/papermill#239 and #776). The build never meets the race (its kernels use
IPC sockets in folders of their own). So a run whose kernel did not start, and only such a
run (papermill's last line says so), is started once more, with a warning that carries the
first run's stderr; any other failure, or a second one, is the test's result.
"""

from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

#: What papermill prints when the kernel it launched never answered.
KERNEL_DID_NOT_START = (
    "Kernel didn't respond in",
    "Kernel died before replying to kernel_info",
)


#: The papermill command line of this environment.
PAPERMILL = Path(sys.executable).parent / "papermill"


def run_papermill_cli(
    arguments: list[str], *, papermill: Path = PAPERMILL, **run: object
) -> subprocess.CompletedProcess:
    """Run ``papermill <arguments>`` (``subprocess.run`` keywords in ``run``, output captured
    as text); once more if its kernel did not start."""
    command = [str(papermill), *arguments]
    done = subprocess.run(command, capture_output=True, text=True, **run)
    if done.returncode != 0 and kernel_did_not_start(done.stderr):
        message = f"papermill's kernel did not start; once more. {failure(done)}"
        warnings.warn(message, stacklevel=2)
        done = subprocess.run(command, capture_output=True, text=True, **run)
    return done


def kernel_did_not_start(stderr: str) -> bool:
    """Whether papermill's last line of ``stderr`` says its kernel never answered (a cell's
    own output or traceback saying the same words earlier does not count)."""
    lines = stderr.strip().splitlines()
    last = lines[-1] if lines else ""
    return last.startswith("RuntimeError: ") and any(w in last for w in KERNEL_DID_NOT_START)


def failure(done: subprocess.CompletedProcess, chars: int = 2000) -> str:
    """The start and the end of a failed run's stderr: a kernel's own error (such as
    ``Address already in use``) comes first, papermill's traceback last."""
    err = done.stderr
    if len(err) <= 2 * chars:
        return err
    return f"{err[:chars]}\n[...]\n{err[-chars:]}"
