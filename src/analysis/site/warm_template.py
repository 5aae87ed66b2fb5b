"""The warm-kernel template ("zygote"): imports the heavy modules once, then only forks.

Started by :class:`analysis.site.warm_kernels.WarmKernelPool` as
``python [-X options] -P -c ... _template_main``. Single-threaded by construction (it exits
if a preloaded import starts a thread), no signal handlers, no atexit hooks, no zmq
context: a ``selectors`` loop over its listening socket, one pidfd per running kernel, one
connection per kernel, and a pidfd of its owner (it exits when the owner does).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import json
import os
import selectors
import signal
import socket
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.site.warm_child import become_kernel, blas_thread_setter
from analysis.site.warm_protocol import (
    _MAX_MSG,
    IMPORT_SENSITIVE_ENV,
    INLINE_BACKEND,
    KERNEL_PRELOAD,
    READY_NAME,
    SOCKET_NAME,
    open_fds,
    receive_message,
    send_message,
    split_kernel_cmd,
    thread_count,
)


@dataclass
class _Running:
    pid: int
    pidfd: int
    conn: socket.socket


@dataclass
class Template:
    """State of the template process; only ever used in the template itself."""

    listener: socket.socket
    owner_pidfd: int | None
    base_env: dict[str, str]
    preloaded: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    keep_fds: set[int] = field(default_factory=set)
    mpl_backend: str | None = None
    python_options: list[str] = field(default_factory=list)
    blas_setter: Any = None
    watched_files: dict[str, float] = field(default_factory=dict)
    base_sys_path: list[str] = field(default_factory=list)
    running: dict[int, _Running] = field(default_factory=dict)  # by pidfd
    by_conn: dict[int, _Running] = field(default_factory=dict)  # by connection fd
    started: float = field(default_factory=time.time)

    # ---------------------------------------------------------------- preloading
    def preload(self, modules: Iterable[str]) -> None:
        """Import ``modules``; refuse any that leaves a thread running (fork needs one)."""
        if thread_count() != 1:
            raise SystemExit("warm_kernels template: a thread was running before preloading")
        for name in modules:
            try:
                importlib.import_module(name)
            except Exception as exc:  # a preload is an optimisation, never a requirement
                self.failed[name] = f"{type(exc).__name__}: {exc}"
                continue
            if thread_count() != 1:
                raise SystemExit(
                    f"warm_kernels template: importing {name!r} started a thread; "
                    "a process with threads cannot be forked safely"
                )
            self.preloaded.append(name)
        mpl = sys.modules.get("matplotlib")
        if mpl is not None:
            self.mpl_backend = str(mpl.rcParams._get("backend"))
        self.watched_files = _project_files()
        if "numpy" in sys.modules:
            self.blas_setter = blas_thread_setter()
        # Move everything imported so far out of the collector's reach: a collection in a
        # kernel then does not touch (and copy-on-write) the template's pages.
        gc.collect()
        gc.freeze()

    # ---------------------------------------------------------------- serving
    def serve(self) -> None:
        sel = selectors.DefaultSelector()
        sel.register(self.listener, selectors.EVENT_READ, "accept")
        if self.owner_pidfd is not None:
            sel.register(self.owner_pidfd, selectors.EVENT_READ, "owner")
        while True:
            for key, _ in sel.select():
                kind = key.data
                if kind == "owner":
                    return
                if kind == "accept":
                    with contextlib.suppress(OSError):
                        conn, _ = self.listener.accept()
                        self._handle(conn, sel)
                elif kind == "exit":
                    self._reap(key.fd, sel)
                elif kind == "client":
                    self._client_event(key.fd, sel)

    def _handle(self, conn: socket.socket, sel: selectors.BaseSelector) -> None:
        conn.settimeout(10)
        try:
            request, fds = receive_message(conn, maxfds=3)
        except (OSError, ValueError):
            conn.close()
            return
        if request is None:
            conn.close()
            return
        try:
            if request.get("op") == "ping":
                send_message(conn, self.info())
                conn.close()
            elif request.get("op") == "launch":
                self._launch(conn, request, fds, sel)
            else:
                send_message(conn, {"error": f"unknown op {request.get('op')!r}"})
                conn.close()
        finally:
            for fd in fds:
                with contextlib.suppress(OSError):
                    os.close(fd)

    def info(self) -> dict[str, Any]:
        return {
            "ok": True,
            "pid": os.getpid(),
            "threads": thread_count(),
            "preloaded": self.preloaded,
            "failed": self.failed,
            "running": len(self.running),
            "started": self.started,
            "changed": self.changed_files(),
        }

    def _launch(
        self,
        conn: socket.socket,
        request: dict[str, Any],
        fds: list[int],
        sel: selectors.BaseSelector,
    ) -> None:
        argv: list[str] = list(request["argv"])
        env: dict[str, str] = dict(request["env"])
        cwd: str = str(request["cwd"])
        if len(fds) != 3:
            send_message(conn, {"error": "launch needs stdin, stdout and stderr descriptors"})
            conn.close()
            return
        if not os.path.isdir(cwd):
            send_message(conn, {"error": f"working directory {cwd!r} does not exist"})
            conn.close()
            return
        reason = self.cold_reason(argv, env)
        creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12)
        client_pid = int.from_bytes(creds[:4], sys.byteorder)
        try:
            client_pidfd = os.pidfd_open(client_pid)
        except OSError:
            conn.close()  # the client is already gone
            return
        ready_r, ready_w = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # ------------------------------------------------ the kernel
            code = 70
            try:
                os.close(ready_r)
                # The fds of the template's sockets are closed in the child; detach the
                # objects so that no finaliser closes a number the kernel has reused.
                for sock in (self.listener, conn, *(r.conn for r in self.running.values())):
                    sock.detach()
                become_kernel(self, argv, env, cwd, fds, ready_w, client_pidfd, reason)
            except BaseException:
                with contextlib.suppress(BaseException):
                    import traceback

                    traceback.print_exc()
            finally:
                os._exit(code)
        # ------------------------------------------------------------- the template
        os.close(ready_w)
        os.close(client_pidfd)
        kernel_pidfd = os.pidfd_open(pid)  # before any reaping, so it names this child
        os.read(ready_r, 1)  # the child has called setsid(): its pgid is its pid
        os.close(ready_r)
        running = _Running(pid, kernel_pidfd, conn)
        self.running[kernel_pidfd] = running
        self.by_conn[conn.fileno()] = running
        conn.setblocking(False)
        sel.register(kernel_pidfd, selectors.EVENT_READ, "exit")
        sel.register(conn, selectors.EVENT_READ, "client")
        reply = {"pid": pid, "mode": "cold" if reason else "warm", "reason": reason}
        with contextlib.suppress(OSError):
            conn.setblocking(True)
            send_message(conn, reply, [kernel_pidfd])
            conn.setblocking(False)

    def cold_reason(self, argv: list[str], env: Mapping[str, str]) -> str | None:
        """Why this launch cannot be served from the template, or ``None``."""
        split = split_kernel_cmd(argv)
        if split is None:
            return "not a python -m ipykernel_launcher command"
        if os.path.abspath(argv[0]) != os.path.abspath(sys.executable):
            return f"interpreter {argv[0]} is not the template's {sys.executable}"
        if split[0] != self.python_options:
            return f"interpreter options {split[0]} differ from the template's"
        for key in set(env) | set(self.base_env):
            if key.startswith(IMPORT_SENSITIVE_ENV) and env.get(key) != self.base_env.get(key):
                return f"environment variable {key} differs from the template's"
        changed = self.changed_files()
        if changed:
            return f"{changed[0]} changed or disappeared since the template imported it"
        return None

    def changed_files(self) -> list[str]:
        """The project source files the template imported that have changed (another
        modification time) or disappeared since: a kernel forked now would run the old code."""
        changed = []
        for path, mtime in self.watched_files.items():
            try:
                if os.stat(path).st_mtime != mtime:
                    changed.append(path)
            except OSError:
                changed.append(path)
        return changed

    def _reap(self, pidfd: int, sel: selectors.BaseSelector) -> None:
        running = self.running.pop(pidfd)
        sel.unregister(pidfd)
        _, status = os.waitpid(running.pid, 0)
        os.close(pidfd)
        code = os.waitstatus_to_exitcode(status)
        with contextlib.suppress(OSError):
            running.conn.setblocking(True)
            running.conn.settimeout(1)
            send_message(running.conn, {"exit": code})
        self.by_conn.pop(running.conn.fileno(), None)
        with contextlib.suppress(KeyError, ValueError):
            sel.unregister(running.conn)
        running.conn.close()

    def _client_event(self, fd: int, sel: selectors.BaseSelector) -> None:
        running = self.by_conn.get(fd)
        if running is None:
            return
        try:
            data = running.conn.recv(_MAX_MSG)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if data:
            return  # clients send nothing after the launch; ignore
        # The client is gone while its kernel runs: kill the kernel's whole process group.
        with contextlib.suppress(OSError):
            os.killpg(running.pid, signal.SIGKILL)
        sel.unregister(running.conn)
        self.by_conn.pop(fd, None)


def _project_files() -> dict[str, float]:
    """Source files of imported modules that live outside any Python installation."""
    roots = tuple(
        os.path.join(os.path.realpath(p), "")
        for p in {sys.prefix, sys.base_prefix, sys.exec_prefix}
    )
    files: dict[str, float] = {}
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None)
        if not path or not path.endswith(".py"):
            continue
        real = os.path.realpath(path)
        if real.startswith(roots):
            continue
        with contextlib.suppress(OSError):
            files[real] = os.stat(real).st_mtime
    return files


def _template_main(args: Sequence[str] | None = None) -> None:
    """Entry point of the template process (``python -P -c ...``, see WarmKernelPool)."""
    parser = argparse.ArgumentParser(prog="warm_kernels template")
    parser.add_argument("--directory", required=True)
    parser.add_argument("--owner-pid", type=int, required=True)
    parser.add_argument("--preload", default="")
    parser.add_argument("--python-options", default="[]", help="JSON list, e.g. -X options")
    ns = parser.parse_args(args)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the owner decides when we end
    directory = Path(ns.directory)
    path = directory / SOCKET_NAME
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    listener.bind(str(path))
    listener.listen(128)  # clients may connect now; they wait until preloading is done
    try:
        owner_pidfd: int | None = os.pidfd_open(ns.owner_pid)
    except ProcessLookupError:
        return
    # JPY_* would become defaults of ipykernel traits at import time: keep them out.
    for key in [k for k in os.environ if k.startswith("JPY_")]:
        del os.environ[key]
    base_env = dict(os.environ)
    base_sys_path = list(sys.path)
    # Preload under the environment kernels will see, plus two template-only settings.
    os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
    os.environ["OPENBLAS_NUM_THREADS"] = "1"  # no BLAS worker threads in the template
    fds_before = open_fds()
    template = Template(listener=listener, owner_pidfd=owner_pidfd, base_env=base_env)
    template.base_sys_path = base_sys_path
    template.python_options = list(json.loads(ns.python_options))
    preload = [m for m in ns.preload.split(",") if m]
    template.preload([*KERNEL_PRELOAD, *preload])
    os.environ.clear()
    os.environ.update(base_env)
    template.keep_fds = open_fds() - fds_before  # descriptors opened by preloaded modules
    (directory / READY_NAME).write_text(str(os.getpid()))
    try:
        template.serve()
    finally:
        with contextlib.suppress(OSError):
            if path.exists() and os.stat(path).st_ino == os.fstat(listener.fileno()).st_ino:
                path.unlink()
        os._exit(0)
