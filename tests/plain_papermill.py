"""The papermill command line as a user runs it (a kernel of its own, talking over TCP
ports), for the tests that run it beside the build's tests.

jupyter_client chooses a kernel's five TCP ports by binding each to port 0 and closing it
before the kernel binds it, so kernels started at the same moment on one machine can meet
on a port: the kernel dies or never answers, and papermill stops with "Kernel didn't respond
in 60 seconds" or "Kernel died before replying to kernel_info" (nteract/papermill#239 and
#776). The build never meets this (its kernels use IPC sockets in folders of their own).
Under pytest-xdist other kernels start beside these runs, so a run whose kernel did not
start, and only such a run, is started once more; any other failure, or a second one, is
the test's result.
"""

from __future__ import annotations

import subprocess
import sys
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
    for attempt in (1, 2):
        done = subprocess.run(command, capture_output=True, text=True, **run)
        kernel_failed = any(words in done.stderr for words in KERNEL_DID_NOT_START)
        if done.returncode == 0 or not kernel_failed or attempt == 2:
            return done
    raise AssertionError("unreachable")


def failure(done: subprocess.CompletedProcess, chars: int = 2000) -> str:
    """The start and the end of a failed run's stderr: a kernel's own error (such as
    ``Address already in use``) comes first, papermill's traceback last."""
    err = done.stderr
    if len(err) <= 2 * chars:
        return err
    return f"{err[:chars]}\n[...]\n{err[-chars:]}"
