"""Warm Jupyter kernels: each notebook gets a fresh process forked from a preloaded template.

Starting an IPython kernel and importing pandas, matplotlib and seaborn costs seconds per
notebook; reusing one kernel leaks state between notebooks. This module does neither: a
*template* ("zygote") process imports the heavy modules once and then only ever forks. Each
kernel is a new child of the template, so nothing a notebook does (globals, module
attributes, ``matplotlib.rcParams``, open figures, pandas options, RNG state, working
directory, environment, open files) can reach the next notebook, and the next notebook pays
only for ``fork()`` and the kernel's own set-up.

Usage (one build)::

    with WarmKernelPool(preload=DEFAULT_PRELOAD) as pool:
        papermill.execute_notebook(
            src, dst, kernel_name="python3",
            kernel_manager_class=pool.kernel_manager_class(),
        )

From another process (e.g. a build worker) that got ``pool.address``::

    km_class = WarmKernelPool.attach(address).kernel_manager_class()

How it fits jupyter_client: :class:`WarmKernelManager` is an ``AsyncKernelManager`` (what
nbclient expects) that uses the IPC transport in the pool's private directory and the
:class:`WarmProvisioner`, a ``LocalProvisioner`` whose ``launch_kernel`` asks the template to
fork instead of calling ``Popen``. Connection files, signals to the kernel's process group,
shutdown, ``poll``/``wait`` and exit codes behave as with ``Popen``. Any launch the template
cannot reproduce exactly (another interpreter, a non-ipykernel command, pipes for stdio, or an
environment differing in variables that matter at import time, or changed project source
files) is handed to a cold ``exec`` of the normal command line, so results never depend on
whether the warm path was taken.

Modules: :mod:`~analysis.site.warm_protocol` (the wire, the kernel handle),
:mod:`~analysis.site.warm_template` (the template process), :mod:`~analysis.site.warm_child`
(a fork becoming a kernel), :mod:`~analysis.site.warm_jupyter` (the jupyter_client classes).
"""

from __future__ import annotations

import ast
import contextlib
import fcntl
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis.files import atomic_write
from analysis.site.code_cells import tagged_code_cells
from analysis.site.temp_folders import owned_temp_folder
from analysis.site.warm_protocol import (
    LOCK_NAME,
    PID_NAME,
    READY_NAME,
    SOCKET_NAME,
    SPEC_NAME,
    ForkedKernel,
    WarmKernelError,
    receive_message,
    send_message,
    split_kernel_cmd,
)

if TYPE_CHECKING:
    from analysis.site.warm_jupyter import WarmKernelManager

#: The module whose ``_template_main`` the template process runs.
TEMPLATE_MODULE = "analysis.site.warm_template"
#: The folder a pool makes for its template when given none (:mod:`analysis.site.temp_folders`).
TEMPLATE_PREFIX = "analysis-wk-"
#: Seconds after a template's start (when it began listening) during which a launch waits for
#: it to finish preloading; past them, a launch finds it not ready and starts cold at once. A
#: cold kernel imports what the template imports and then starts later, so waiting for a
#: template that is making progress is the shorter way to a running first cell (a build's
#: first briefings launch while their template preloads). One still preloading this long
#: after its start is taken to be stuck, and no launch waits for it any more.
PRELOAD_WAIT = 10.0

__all__ = [
    "DEFAULT_PRELOAD",
    "ENTRY_PRELOAD",
    "ForkedKernel",
    "WarmKernelError",
    "WarmKernelPool",
    "kernel_python_options",
    "preload_for",
]

#: The Hangul font is not registered here: registering it changes matplotlib's font manager,
#: which a cold kernel has only once the briefing calls ``charts.apply_style()`` (the
#: isolation test found that preloading ``koreanize_matplotlib``, which registered it and set
#: ``rcParams`` on import, made a warm kernel differ from a cold one).
DEFAULT_PRELOAD: tuple[str, ...] = (
    "numpy",
    "pandas",
    "matplotlib",
    "matplotlib.pyplot",
    "seaborn",
    "analysis",
    "analysis.briefing",
    "analysis.briefing.charts",
)


#: Modules a template also preloads when every notebook of the build imports them in a
#: statement of its own (not within a function, a loop or a condition) of a code cell: the
#: briefings' entry point (``start_briefing``), which imports nearly all of
#: ``analysis.briefing``, ``analysis.data`` and ``mistune``. A kernel's first cell imported
#: them in about 26 ms of CPU; with them preloaded, 3 ms.
ENTRY_PRELOAD: tuple[str, ...] = ("analysis.briefing.session",)
#: What a template imports after :data:`ENTRY_PRELOAD`, when it preloads it: the module that
#: reads every processed table into the store the entry point's tables are read through
#: (:mod:`analysis.site.warm_data`), so that each kernel copies the tables it uses instead
#: of parsing them (about 1-4 ms of CPU a table). It belongs to the build, as the template's
#: own code does: a cold kernel's tables are the same, read from the files.
DATA_PRELOAD: tuple[str, ...] = ("analysis.site.warm_data",)
#: The tag of a code cell that papermill (nbclient's ``NotebookClient.skip_cells_with_tag``)
#: does not run: its imports do not count for :data:`ENTRY_PRELOAD`.
SKIP_TAG = "skip-execution"


def preload_for(notebooks: Iterable[Path]) -> tuple[str, ...]:
    """The modules a template for these notebooks should import.

    :data:`DEFAULT_PRELOAD` if any code cell imports one of its packages (``analysis``
    imports all the others), else none (the kernel's own modules are always preloaded);
    then each module of :data:`ENTRY_PRELOAD` that every one of the notebooks imports in a
    statement of its own of a code cell that runs (not tagged :data:`SKIP_TAG`), and with
    it :data:`DATA_PRELOAD`, the build's own. A warm kernel then has no module loaded,
    besides the build's own (``analysis.site``: the template's code and
    :data:`DATA_PRELOAD`), that a cold kernel of the same notebook would not load too, once
    the notebook has run to its end. A notebook that stops early (at a
    cell's error, or at ``SystemExit`` with no error code, after which papermill runs no
    more cells) may have the entry point loaded in its warm kernel only: a module whose
    import defines functions and constants and changes nothing else.

    Examples
    --------
    >>> import json, tempfile
    >>> folder = tempfile.TemporaryDirectory()
    >>> def notebook(name, source):
    ...     path = Path(folder.name) / name
    ...     cell = {"cell_type": "code", "source": source}
    ...     _ = path.write_text(json.dumps({"cells": [cell]}))
    ...     return path
    >>> charts = notebook("a.ipynb", "from analysis.briefing import charts")
    >>> preload_for([charts]) == DEFAULT_PRELOAD
    True
    >>> entry = notebook("b.ipynb", "from analysis.briefing.session import start_briefing")
    >>> preload_for([entry]) == (*DEFAULT_PRELOAD, *ENTRY_PRELOAD, *DATA_PRELOAD)
    True
    >>> preload_for([entry, charts]) == DEFAULT_PRELOAD  # not every notebook imports it
    True
    >>> folder.cleanup()
    """
    wanted = {name.split(".")[0] for name in DEFAULT_PRELOAD}
    uses_wanted = False
    common: set[str] | None = None  # what every notebook so far imports in a statement
    for notebook in notebooks:
        own: set[str] = set()
        for source, tags in tagged_code_cells(notebook):  # none from a file no notebook
            try:
                tree = ast.parse(source)
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                continue
            uses_wanted = uses_wanted or any(
                name.split(".")[0] in wanted
                for node in ast.walk(tree)
                for name in _imported_names(node)
            )
            if SKIP_TAG not in tags:
                own.update(name for node in tree.body for name in _imported_names(node))
        common = own if common is None else common & own
    if not uses_wanted:
        return ()
    entry = tuple(name for name in ENTRY_PRELOAD if name in (common or ()))
    return (*DEFAULT_PRELOAD, *entry, *(DATA_PRELOAD if entry else ()))


def _imported_names(node: ast.AST) -> list[str]:
    """The modules an import statement ``node`` names (``from a import b``: ``a`` and
    ``a.b``, which may be a module); ``[]`` for a relative import or any other node.

    Examples
    --------
    >>> _imported_names(ast.parse("from a.b import c as d, e").body[0])
    ['a.b', 'a.b.c', 'a.b.e']
    >>> _imported_names(ast.parse("import a.b, c").body[0])
    ['a.b', 'c']
    """
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.module and not node.level:
        return [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
    return []


class WarmKernelPool:
    """Owns (or attaches to) one template process and launches kernels from it.

    Parameters
    ----------
    preload : sequence of str
        Modules the template imports (kernel internals are always added). A module that
        fails to import is skipped and reported by :meth:`info`; one that starts a thread is
        refused (the template exits with that message).
    directory : str, optional
        Private directory (mode 0700) for the template's socket and the kernels' connection
        files and IPC sockets; a new one under the temp dir by default, which the next pool
        removes if this one's process is killed (:mod:`analysis.site.temp_folders`). Keep it
        short: Unix socket paths are limited
        (:data:`~analysis.site.temp_folders.SYSTEM_SOCKET_PATH_MAX` bytes).
    env : mapping, optional
        Environment of the template, by default ``os.environ`` when :meth:`start` runs.
        Kernels whose environment differs in an import-sensitive variable start cold.
    start_timeout : float
        Seconds that :meth:`start` (``wait=True``) and :meth:`info` wait for the template
        to answer, preloading included; a launch waits for a preloading template at most
        until :data:`PRELOAD_WAIT` seconds after its start.
    kernel_name : str
        Kernelspec whose interpreter options (e.g. ``-Xfrozen_modules=off``) the template
        is started with, so that its kernels match ``python -m ipykernel_launcher`` exactly.
    """

    def __init__(
        self,
        preload: Sequence[str] = DEFAULT_PRELOAD,
        *,
        directory: str | None = None,
        env: Mapping[str, str] | None = None,
        start_timeout: float = 120.0,
        kernel_name: str = "python3",
    ) -> None:
        self.preload = list(preload)
        self.kernel_name = kernel_name
        self.python_options: list[str] | None = None
        self.directory = directory
        self.env = dict(env) if env is not None else None
        self.start_timeout = start_timeout
        self.owner_pid = os.getpid()
        self._owner = True
        self._process: subprocess.Popen[bytes] | None = None
        self._folder = contextlib.ExitStack()  # the folder it made, if it made one

    # ------------------------------------------------------------------ lifecycle
    @classmethod
    def attach(cls, address: str) -> WarmKernelPool:
        """A handle on a pool started by another process (``address`` = ``pool.address``)."""
        spec = json.loads((Path(address) / SPEC_NAME).read_text())
        pool = cls(spec["preload"], directory=address, env=spec["env"])
        pool.owner_pid = int(spec["owner_pid"])
        pool.python_options = list(spec["python_options"])
        pool.start_timeout = float(spec["start_timeout"])
        pool._owner = False
        return pool

    @property
    def address(self) -> str:
        if self.directory is None:
            raise WarmKernelError("the pool has not been started")
        return self.directory

    def start(self, wait: bool = True) -> WarmKernelPool:
        """Start the template (owner only).

        Parameters
        ----------
        wait : bool
            Wait until the template has preloaded. Without waiting, the first launches wait
            instead, at most until :data:`PRELOAD_WAIT` seconds after the template's start
            (:meth:`wait_for_preload`), so the caller can start other work meanwhile.
        """
        if self.directory is None:
            self.directory = str(self._folder.enter_context(owned_temp_folder(TEMPLATE_PREFIX)))
        if self.env is None:
            self.env = dict(os.environ)
        if self.python_options is None:
            self.python_options = kernel_python_options(self.kernel_name)
        spec = {
            "python_options": self.python_options,
            "preload": self.preload,
            "env": self.env,
            "owner_pid": self.owner_pid,
            "start_timeout": self.start_timeout,
        }
        (Path(self.directory) / SPEC_NAME).write_text(json.dumps(spec))
        with self._locked():
            if not self._alive():
                self._spawn()
        if wait:
            self.info()  # waits for the preload
        return self

    def close(self) -> None:
        """Stop the template (running kernels are not touched) and remove the directory."""
        if not self._owner or self.directory is None:
            return
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._process.wait(5)
        with contextlib.suppress(OSError, WarmKernelError, ValueError):
            pid = int(self.info(timeout=1)["pid"])  # a template respawned by a client?
            if self._process is None or pid != self._process.pid:
                os.kill(pid, signal.SIGTERM)  # a template respawned by another process
        shutil.rmtree(self.directory, ignore_errors=True)
        self._folder.close()  # a folder of its own: its ``.owner`` lock too

    def __enter__(self) -> WarmKernelPool:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def info(self, timeout: float | None = None) -> dict[str, Any]:
        """Ping the template: its pid, thread count, preloaded and failed modules."""
        with self._connect(timeout) as conn:
            send_message(conn, {"op": "ping"})
            reply, _ = receive_message(conn)
        if reply is None:
            raise WarmKernelError("the template closed the connection")
        return reply

    def kernel_manager_class(self) -> type[WarmKernelManager]:
        """A new ``AsyncKernelManager`` subclass bound to this pool (for nbclient/papermill).

        The class's ``launches`` list records how each of its kernels started
        (``{"mode": "warm", ...}`` or ``{"mode": "cold", "reason": ...}``) and how it ended
        (see :class:`~analysis.site.warm_jupyter.WarmProvisioner`).
        """
        from analysis.site.warm_jupyter import WarmKernelManager

        WarmKernelManager.pools[self.address] = self
        namespace = {"pool_address": self.address, "launches": []}
        return type("BoundWarmKernelManager", (WarmKernelManager,), namespace)

    # ------------------------------------------------------------------ launching
    def launch(
        self,
        argv: Sequence[str],
        env: Mapping[str, str],
        cwd: str,
        stdio: tuple[int, int, int],
    ) -> ForkedKernel:
        """Fork a kernel; restarts a dead template once (any process may do this). A
        template still preloading is waited for (:meth:`wait_for_preload`), a restarted one
        too.

        Raises :class:`WarmKernelError` if the template is not ready (it exited before it
        had preloaded, or still preloads :data:`PRELOAD_WAIT` seconds after its start; the
        caller starts a cold kernel), refuses the launch, or cannot be reached.
        """
        for attempt in (1, 2):
            reason = self.wait_for_preload()
            if reason is not None:
                raise WarmKernelError(f"the template is not ready: {reason}")
            try:
                conn = self._connect(self.start_timeout)
            except WarmKernelError:
                if attempt == 2:
                    raise
                self._respawn()
                continue
            try:
                send_message(
                    conn, {"op": "launch", "argv": list(argv), "env": dict(env), "cwd": cwd}, stdio
                )
                reply, fds = receive_message(conn, maxfds=1)
            except OSError as exc:
                conn.close()
                if attempt == 2:
                    raise WarmKernelError(f"template at {self.address} failed: {exc}") from exc
                self._respawn()
                continue
            if reply is None or "error" in reply:
                conn.close()
                detail = "closed the connection" if reply is None else reply["error"]
                if reply is None and attempt == 1:
                    self._respawn()
                    continue
                raise WarmKernelError(f"template at {self.address} refused the launch: {detail}")
            if not fds:
                conn.close()
                raise WarmKernelError("template sent no pidfd")
            return ForkedKernel(
                conn, int(reply["pid"]), fds[0], str(reply["mode"]), reply.get("reason")
            )
        raise AssertionError("unreachable")

    def ready(self) -> bool:
        """Whether the template has preloaded and serves launches."""
        return (Path(self.address) / READY_NAME).is_file()

    def wait_for_preload(self, poll: float = 0.01) -> str | None:
        """Wait until the template serves launches (:meth:`ready`) and return ``None``, or
        return why it will not: it exited before it had preloaded (or none was started), or
        it still preloads when :meth:`preload_time_left` has run out (the same deadline for
        every process that launches from it). Its exit ends the wait at once.
        """
        if self.ready():
            return None
        try:
            pidfd = os.pidfd_open(int((Path(self.address) / PID_NAME).read_text()))
        except (OSError, ValueError):  # no pid file, a partial one, or no such process
            return "the template exited before it had preloaded"
        try:
            deadline = time.monotonic() + self.preload_time_left()
            while not self.ready():
                left = deadline - time.monotonic()
                if left <= 0:
                    return f"the template still preloads {PRELOAD_WAIT:g} s after its start"
                if select.select([pidfd], [], [], min(poll, left))[0] and not self.ready():
                    return "the template exited before it had preloaded"
            return None
        finally:
            os.close(pidfd)

    def preload_time_left(self) -> float:
        """Seconds left until :data:`PRELOAD_WAIT` seconds after the template began listening
        (its socket file's time), between 0 (no socket) and :data:`PRELOAD_WAIT` (a clock
        set back cannot make the wait longer)."""
        try:
            started = (Path(self.address) / SOCKET_NAME).stat().st_mtime
        except OSError:
            return 0.0
        return min(max(started + PRELOAD_WAIT - time.time(), 0.0), PRELOAD_WAIT)

    def is_running(self) -> bool:
        """Whether the template this pool started is still running (owner only: an
        attached handle does not know its process)."""
        return self._process is not None and self._process.poll() is None

    # ------------------------------------------------------------------ internals
    @contextlib.contextmanager
    def _locked(self) -> Any:
        with open(Path(self.address) / LOCK_NAME, "a+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def _connect(self, timeout: float | None) -> socket.socket:
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            conn.connect(str(Path(self.address) / SOCKET_NAME))
        except OSError as exc:
            conn.close()
            raise WarmKernelError(
                f"no template process listening at {self.address} ({exc.strerror})"
            ) from exc
        conn.settimeout(timeout if timeout is not None else self.start_timeout)
        return conn

    def _alive(self) -> bool:
        try:
            self._connect(1).close()
        except WarmKernelError:
            return False
        return True

    def _respawn(self) -> None:
        try:
            os.kill(self.owner_pid, 0)
        except ProcessLookupError:
            raise WarmKernelError(
                f"the process that owned the pool at {self.address} has exited"
            ) from None
        with self._locked():
            if not self._alive():
                print(
                    f"warm_kernels: template at {self.address} is gone, starting a new one",
                    file=sys.stderr,
                )
                self._spawn()

    def _spawn(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            (Path(self.address) / READY_NAME).unlink()
        # The directory that holds this module's top-level package (or the module itself).
        here = Path(__file__).resolve().parents[TEMPLATE_MODULE.count(".")]
        code = (
            "import sys, importlib; sys.path.insert(0, sys.argv.pop(1)); "
            f"m = importlib.import_module({TEMPLATE_MODULE!r}); sys.path.pop(0); "
            "m._template_main(sys.argv[1:])"
        )
        process = subprocess.Popen(
            [
                sys.executable,
                *(self.python_options or []),
                "-P",
                "-c",
                code,
                str(here),
                "--python-options",
                json.dumps(self.python_options or []),
                "--directory",
                self.address,
                "--owner-pid",
                str(self.owner_pid),
                "--preload",
                ",".join(self.preload),
            ],
            env=self.env,
            cwd="/",
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # no terminal signals; it ends with its owner
        )
        if self._owner:
            self._process = process
        # replaced whole: launches read it (wait_for_preload)
        atomic_write(Path(self.address) / PID_NAME, str(process.pid).encode())
        deadline = time.monotonic() + 10
        while not self._alive():  # bound and listening (preloading may still run)
            if process.poll() is not None:
                raise WarmKernelError(f"template exited with code {process.returncode}")
            if time.monotonic() > deadline:
                process.kill()
                raise WarmKernelError("template did not start listening within 10 s")
            time.sleep(0.01)


def kernel_python_options(kernel_name: str) -> list[str]:
    """The interpreter options of a kernelspec's command (``[]`` if not understood)."""
    from jupyter_client.kernelspec import KernelSpecManager

    argv = KernelSpecManager().get_kernel_spec(kernel_name).argv
    split = split_kernel_cmd(argv)
    return split[0] if split is not None else []
