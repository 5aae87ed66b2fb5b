"""The wire between warm-kernel clients and the template process, and the kernel handle.

Protocol (``SOCK_SEQPACKET`` Unix socket ``<pool directory>/zygote.sock``, one connection
per request, JSON messages):

* ``{"op": "ping"}`` -> ``{"ok": true, "pid": ..., "threads": ..., "preloaded": [...]}``.
* ``{"op": "launch", "argv": [...], "env": {...}, "cwd": "..."}`` with the kernel's stdin,
  stdout and stderr attached as ``SCM_RIGHTS`` -> ``{"pid": n, "mode": "warm"|"cold",
  "reason": ...}`` with a pidfd of the kernel attached; later ``{"exit": code}`` (negative
  for a signal, as ``Popen.returncode``) once the template has reaped the kernel. If the
  client closes the connection while the kernel runs, the template kills the kernel's
  process group.

Linux only (pidfds, ``SCM_RIGHTS``, ``SO_PEERCRED``, ``/proc``).
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import socket
import subprocess
import time
from collections.abc import Mapping, Sequence
from typing import Any

#: What ``ipykernel_launcher`` imports on its way to the first cell; importing these in the
#: template takes ~0.3 s off every kernel start. None of them starts a thread on import.
KERNEL_PRELOAD: tuple[str, ...] = (
    "zmq",
    "zmq.asyncio",
    "tornado.ioloop",
    "jupyter_client.session",
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.zmqshell",
    "ipykernel.iostream",
    "ipykernel.displayhook",
    "ipykernel.comm",
    "ipykernel.debugger",
    "ipykernel.eventloops",
    "matplotlib_inline.backend_inline",
    "IPython.core.interactiveshell",
    "IPython.core.completer",
    "IPython.core.magics",
    "IPython.core.history",
    "IPython.core.pylabtools",
    "comm",
    # imported while the kernel initialises (found with WARM_KERNELS_TRACE=profile)
    "IPython.core.completerlib",
    "IPython.core.debugger",
    "IPython.core.oinspect",
    "IPython.extensions.storemagic",
    "IPython.utils.wildcard",
    "tornado.platform.asyncio",
    "sqlite3",
    "pdb",
    "faulthandler",
)

#: Environment variables read at interpreter start or at import time by preloaded modules: a
#: kernel whose environment differs from the template's in one of these is started cold.
#: (``MPLBACKEND`` and the BLAS thread variables are applied in the child instead.)
IMPORT_SENSITIVE_ENV: tuple[str, ...] = (
    "PYTHON",  # prefix: PYTHONPATH, PYTHONHASHSEED, PYTHONWARNINGS, PYTHONUTF8, ...
    "LANG",
    "LC_",
    "HOME",
    "XDG_CONFIG_HOME",
    "XDG_CACHE_HOME",
    "MPLCONFIGDIR",
    "MATPLOTLIBRC",
    "MATPLOTLIBDATA",
    "PYDEVD_",
    "JUPYTER_",
    "IPYTHONDIR",
    "TZ",
)

INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
SOCKET_NAME = "zygote.sock"
#: A warm kernel's connection file and sockets, in its template's folder, are named
#: ``<KERNEL_FILE_PREFIX><KERNEL_ID_CHARS random hex digits>``
#: (:class:`~analysis.site.warm_jupyter.WarmKernelManager`).
KERNEL_FILE_PREFIX = "k-"
KERNEL_ID_CHARS = 12
SPEC_NAME = "pool.json"
LOCK_NAME = "pool.lock"
#: Written by the template once it has preloaded and serves launches.
READY_NAME = "ready"
#: The template's process id, written by the process that started it.
PID_NAME = "template.pid"
_MAX_MSG = 1 << 20


class WarmKernelError(RuntimeError):
    """The template process is unavailable or refused a launch."""


def send_message(sock: socket.socket, obj: Mapping[str, Any], fds: Sequence[int] = ()) -> None:
    """Send one JSON message, with file descriptors attached (``SCM_RIGHTS``) if given."""
    data = json.dumps(obj).encode()
    if fds:
        socket.send_fds(sock, [data], list(fds))
    else:
        sock.send(data)


def receive_message(
    sock: socket.socket, maxfds: int = 0
) -> tuple[dict[str, Any] | None, list[int]]:
    """One message (``None`` on EOF) and the file descriptors that came with it."""
    if maxfds:
        data, fds, _flags, _addr = socket.recv_fds(sock, _MAX_MSG, maxfds)
    else:
        data, fds = sock.recv(_MAX_MSG), []
    if not data:
        for fd in fds:
            os.close(fd)
        return None, []
    return json.loads(data), list(fds)


def open_fds() -> set[int]:
    """The file descriptors this process has open."""
    return {int(name) for name in os.listdir("/proc/self/fd")}


def thread_count() -> int:
    """The threads of this process (``fork`` is only safe with one)."""
    return len(os.listdir("/proc/self/task"))


def split_kernel_cmd(argv: Sequence[str]) -> tuple[list[str], list[str]] | None:
    """``[python, *options, -m, ipykernel_launcher, *args]`` -> ``(options, args)``."""
    argv = list(argv)
    for i in range(1, len(argv) - 1):
        if argv[i] == "-m":
            if argv[i + 1] != "ipykernel_launcher":
                return None
            options = argv[1:i]
            if not all(o.startswith(("-X", "-W")) and len(o) > 2 for o in options):
                return None  # only attached -X/-W options are understood
            return options, argv[i + 2 :]
    return None


def kernel_args(argv: Sequence[str]) -> list[str]:
    """The arguments after ``-m ipykernel_launcher`` (``-f connection_file`` ...)."""
    split = split_kernel_cmd(argv)
    if split is None:
        raise WarmKernelError(f"not a python -m ipykernel_launcher command: {argv}")
    return split[1]


class ForkedKernel:
    """A ``subprocess.Popen``-like handle on a kernel forked by the template."""

    stdin = stdout = stderr = None

    def __init__(
        self, conn: socket.socket, pid: int, pidfd: int, mode: str, reason: str | None = None
    ) -> None:
        self.pid = pid
        self.mode = mode  # "warm", or "cold": the template exec'd the normal command
        self.reason = reason  # why it was cold
        self.returncode: int | None = None
        self._conn: socket.socket | None = conn
        self._pidfd: int | None = pidfd

    def poll(self) -> int | None:
        """The exit code once the template has reaped the kernel, else ``None``."""
        if self.returncode is None:
            self._read(timeout=0)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                raise subprocess.TimeoutExpired(["kernel", str(self.pid)], timeout or 0)
            self._read(timeout=0.5 if left is None else min(left, 0.5))
        assert self.returncode is not None
        return self.returncode

    def _read(self, timeout: float) -> None:
        if self._conn is None:
            self._exited_without_template(timeout)
            return
        ready, _, _ = select.select([self._conn], [], [], timeout)
        if not ready:
            return
        try:
            message, _ = receive_message(self._conn)
        except BlockingIOError:
            return
        except OSError:
            message = None
        if message is not None and "exit" in message:
            self.returncode = int(message["exit"])
            self.close()
        elif message is None:  # the template died: it can no longer report an exit code
            self._conn.close()
            self._conn = None
            self._exited_without_template(0)

    def _exited_without_template(self, timeout: float) -> None:
        if self._pidfd is None:
            self.returncode = -signal.SIGKILL
            return
        ready, _, _ = select.select([self._pidfd], [], [], timeout)
        if ready:
            self.returncode = 255  # exited, code unknown (its parent, the template, is gone)
            self.close()

    def send_signal(self, signum: int) -> None:
        if self.returncode is None and self._pidfd is not None:
            with contextlib.suppress(ProcessLookupError):
                signal.pidfd_send_signal(self._pidfd, signum)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._pidfd is not None:
            os.close(self._pidfd)
            self._pidfd = None

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.close()
