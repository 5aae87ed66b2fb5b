"""What a freshly forked child of the warm-kernel template does to become a kernel.

A fork of the template differs from a freshly started ``python -m ipykernel_launcher`` in
its session, signals, file descriptors, working directory, environment, random state,
BLAS threads, matplotlib backend, ``sys.argv`` and ``sys.path``; :func:`become_kernel`
sets each of them as a fresh interpreter would have them, then runs ipykernel's
``IPKernelApp`` and exits as the interpreter would, but for one race of ipykernel's own
exit that it avoids (:func:`_finish_control_thread`). A launch the template cannot reproduce
exactly (``cold_reason``) ``execve``s the normal kernel command instead, after the same
session, stdio, directory and environment set-up.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import sys
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from analysis.site.warm_protocol import INLINE_BACKEND, kernel_args, open_fds

if TYPE_CHECKING:
    from analysis.site.warm_template import Template


def become_kernel(
    template: Template,
    argv: list[str],
    env: dict[str, str],
    cwd: str,
    stdio: list[int],
    ready_w: int,
    client_pidfd: int,
    cold_reason: str | None,
) -> None:
    """Turn a fresh fork of the template into the kernel the launch asked for (or exec it).

    Parameters
    ----------
    template : Template
        The template's state (descriptors to keep, BLAS setter, backend, ``sys.path``).
    argv, env, cwd : list of str, dict, str
        The kernel command line, environment and working directory of the launch.
    stdio : list of int
        The client's stdin, stdout and stderr descriptors.
    ready_w : int
        Pipe to the template, written once this process leads its own session.
    client_pidfd : int
        pidfd of the client: the kernel ends when the client does.
    cold_reason : str or None
        Why the launch cannot be served warm; ``None`` for a warm start.
    """
    os.setsid()  # before the template replies: the client may killpg(pid) at once
    os.write(ready_w, b"1")
    os.close(ready_w)
    # Signals as a fresh interpreter has them (the template ignores SIGINT).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    # stdio of the client, nothing else of the template's (sockets, selector, pidfds).
    for target, fd in enumerate(stdio):
        os.dup2(fd, target)
    keep = {0, 1, 2, client_pidfd} | template.keep_fds
    for fd in open_fds() - keep:
        with contextlib.suppress(OSError):
            os.close(fd)
    os.chdir(cwd)
    env = dict(env)
    env.setdefault("JPY_PARENT_PID", str(os.getppid()))
    os.environ.clear()
    os.environ.update(env)
    time.tzset()
    if cold_reason is not None:
        print(f"warm_kernels: cold start ({cold_reason})", file=sys.stderr, flush=True)
        os.close(client_pidfd)
        os.execve(argv[0], argv, env)
    _reset_process_state(template, env, cwd, argv)
    _watch_client(client_pidfd)
    from ipykernel.kernelapp import IPKernelApp

    code: int = 0
    try:
        # parent_handle=1: ipykernel's own parent poller stays off (it would watch the
        # template, our parent); _watch_client() does its job. Non-zero also keeps the
        # kernel from printing its "ipython kernel entry point" banner to stdout.
        IPKernelApp.launch_instance(argv=kernel_args(argv), parent_handle=1)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:
        import traceback

        traceback.print_exc()
        code = 1
    with contextlib.suppress(BaseException):  # never keep the kernel from exiting
        _finish_control_thread(IPKernelApp)
    _exit_like_interpreter(code)


#: Seconds the kernel waits for its control thread to finish before it closes its sockets.
CONTROL_THREAD_JOIN = 5.0


def _finish_control_thread(app_class: Any, timeout: float = CONTROL_THREAD_JOIN) -> None:
    """Stop the kernel's control thread and wait for it, while its IOPub thread still runs.

    After a shutdown request, ipykernel (7.4) stops the kernel's main loop from the control
    thread; the control thread then flushes stdout and stderr, which waits for the IOPub
    thread (``Kernel.process_control``). Meanwhile the main thread leaves its loop and, at
    exit, ``IPKernelApp.close`` stops the IOPub thread first and joins the control thread
    after. When the IOPub thread stops first, the flush waits out its 10 s timeout, and the
    client gives up on a clean exit after 2.5 s (jupyter_client's ``shutdown_wait_time``
    halved) and sends SIGTERM: a quarter of the quick notebook's kernels did so. Ending the
    control thread first lets its flush through; ``close`` then finds it ended.
    """
    if not app_class.initialized():
        return
    thread = getattr(app_class.instance(), "control_thread", None)
    if thread is None or not thread.is_alive():
        return
    # Thread-safe. The stop runs once the callback under way yields: after the shutdown
    # request's flush and idle status, which follow its handler in one step; a handler that
    # is still waiting (e.g. on the kernel's child processes) is cut off, as close() would.
    thread.stop()
    thread.join(timeout)


def _reset_process_state(
    template: Template, env: Mapping[str, str], cwd: str, argv: list[str]
) -> None:
    """What differs between a fork of the template and a freshly started interpreter."""
    import random

    random.seed()  # also done by random's own at-fork hook; harmless twice
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        numpy.random.seed()  # the legacy global RandomState, from OS entropy
    _set_blas_threads(template.blas_setter, env)
    mpl = sys.modules.get("matplotlib")
    backend = env.get("MPLBACKEND") or INLINE_BACKEND  # ipykernel's default
    if mpl is not None and backend != template.mpl_backend:
        mpl.use(backend, force=True)
    # ``python -m ipykernel_launcher ...`` semantics
    launcher = sys.modules.get("ipykernel_launcher")
    launcher_file = getattr(launcher, "__file__", None) or "ipykernel_launcher"
    sys.argv = [launcher_file, *kernel_args(argv)]
    sys.path[:] = [cwd, *template.base_sys_path]
    # sys.path_importer_cache is kept: its finders check directory mtimes on every lookup,
    # and clearing it cost 25 ms (freeing the finders dirties copy-on-write pages).


def blas_thread_setter() -> Any:
    """OpenBLAS's ``set_num_threads`` from the loaded library (looked up in the template)."""
    import ctypes

    with open("/proc/self/maps") as maps:
        libs = sorted({line.split()[-1] for line in maps if "openblas" in line and ".so" in line})
    for lib_path in libs:
        lib = ctypes.CDLL(lib_path)
        for name in (
            "scipy_openblas_set_num_threads64_",
            "scipy_openblas_set_num_threads",
            "openblas_set_num_threads64_",
            "openblas_set_num_threads",
        ):
            func = getattr(lib, name, None)
            if func is not None:
                return func
    return None


def _set_blas_threads(setter: Any, env: Mapping[str, str]) -> None:
    """The template runs OpenBLAS single-threaded; give the kernel a fresh process's count."""
    if setter is None:
        return
    wanted = None
    for key in ("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS"):
        with contextlib.suppress(ValueError, TypeError):
            value = int(env.get(key, ""))
            if value > 0:
                wanted = value
                break
    if wanted is None:
        wanted = len(os.sched_getaffinity(0))
    if wanted != 1:
        setter(wanted)


def _watch_client(client_pidfd: int) -> None:
    """End the kernel (and its process group) when the process that launched it dies.

    Plays the part of ipykernel's parent poller (``JPY_PARENT_PID``), which cannot work here
    because the kernel's parent is the template, not the client.
    """
    import threading

    def watch() -> None:
        select.select([client_pidfd], [], [])
        os.killpg(0, signal.SIGKILL)

    threading.Thread(target=watch, name="warm-kernel-client-watch", daemon=True).start()


def _exit_like_interpreter(code: int) -> None:
    """Finish as ``python -m ...`` would: join threads, run atexit, flush, exit."""
    import atexit
    import threading

    with contextlib.suppress(BaseException):
        threading._shutdown()  # type: ignore[attr-defined]
    with contextlib.suppress(BaseException):
        atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        with contextlib.suppress(BaseException):
            if stream is not None:
                stream.flush()
    os._exit(code)
