"""The jupyter_client side of warm kernels: manager, provisioner and a faster client.

:class:`WarmKernelManager` is an ``AsyncKernelManager`` (what nbclient and papermill
instantiate from ``kernel_manager_class``) that uses the IPC transport in the pool's
private directory and the :class:`WarmProvisioner`, a ``LocalProvisioner`` whose
``launch_kernel`` asks the template to fork instead of calling ``Popen``. Signals to the
kernel's process group, shutdown escalation, ``cleanup`` of connection files and
``is_alive`` are jupyter_client's own code.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
import uuid
from queue import Empty
from typing import TYPE_CHECKING, Any, ClassVar

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner

from analysis.site.warm_protocol import (
    KERNEL_FILE_PREFIX,
    KERNEL_ID_CHARS,
    ForkedKernel,
    WarmKernelError,
)

if TYPE_CHECKING:
    from analysis.site.warm_kernels import WarmKernelPool


class WarmKernelClient(AsyncKernelClient):  # type: ignore[misc]
    """``AsyncKernelClient`` whose ``wait_for_ready`` ends as soon as the kernel is ready.

    jupyter_client's version ends with "flush IOPub until it has been silent for 0.2 s": a
    fixed 0.2 s on every start, as long as a whole warm start. This one has the same
    guarantees (a ``kernel_info`` round trip, and IOPub proven connected by receiving the
    ``idle`` status of that very request) and then drops what is already queued on IOPub,
    without waiting. nbclient ignores IOPub messages of other requests anyway.
    """

    async def _async_wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:
            request_id = self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                reply = None
            is_reply = reply is not None and reply["msg_type"] == "kernel_info_reply"
            if is_reply and await self._idle_seen(request_id, within=0.2):
                self._handle_kernel_info_reply(reply)
                break
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")
        while True:  # drop what is queued, without waiting for more
            try:
                await self.iopub_channel.get_msg(timeout=0)
            except Empty:
                break

    # AsyncKernelClient binds wait_for_ready to the base implementation: rebind it.
    wait_for_ready = _async_wait_for_ready

    async def _idle_seen(self, request_id: str, within: float) -> bool:
        end = time.monotonic() + within
        while (left := end - time.monotonic()) > 0:
            try:
                msg = await self.iopub_channel.get_msg(timeout=left)
            except Empty:
                return False
            if (
                msg["msg_type"] == "status"
                and msg["parent_header"].get("msg_id") == request_id
                and msg["content"].get("execution_state") == "idle"
            ):
                return True
        return False


class WarmProvisioner(LocalProvisioner):  # type: ignore[misc]
    """A ``LocalProvisioner`` whose kernels are forked by the pool's template process.

    ``mode`` is ``"warm"`` after a fork of the template, ``"cold"`` after an ordinary start
    (the template exec'd the normal command, or the launch went through ``Popen`` because
    the pool was unavailable or stdio was a pipe); ``reason`` says why it was cold. Each
    launch is recorded in the manager class's ``launches`` with these and ``requested_at``,
    and, once jupyter_client has waited for the kernel's end (a shutdown, a kill, a
    restart), its ``exit_code`` (negative: the signal that ended it, e.g. ``-15`` for the
    SIGTERM of a shutdown that took too long; a kernel whose template died is given 255 or
    ``-9``, its real code being unknown). A kernel that died by itself, unwaited, has none.
    """

    pool: WarmKernelPool | None = None
    mode: str | None = None
    reason: str | None = None
    #: ``time.monotonic()`` when the launch was asked for (the manifest's kernel boot).
    requested_at: float | None = None
    #: This launch's record in the manager class's ``launches`` (``None`` before a launch).
    _launch: dict[str, str | float | int | None] | None = None

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
        """Fork the kernel from the template, or start it as ``LocalProvisioner`` does."""
        self.requested_at = time.monotonic()
        kwargs = LocalProvisioner._scrub_kwargs(kwargs)
        stdio: list[int] = []
        opened: list[int] = []
        try:
            for name, default in (("stdin", -1), ("stdout", 1), ("stderr", 2)):
                value = kwargs.get(name)
                if name == "stdin" and value is None:
                    value = subprocess.DEVNULL  # Popen gives a closed pipe: EOF too
                got = _stdio_fd(value, default)
                if got is None:
                    return await self._cold(cmd, kwargs, "stdio is a pipe")
                stdio.append(got[0])
                if got[1]:
                    opened.append(got[0])
            if self.pool is None:
                return await self._cold(cmd, kwargs, "no warm-kernel pool")
            env = dict(kwargs.get("env") or os.environ)
            env["JPY_PARENT_PID"] = str(os.getpid())
            cwd = str(kwargs.get("cwd") or os.getcwd())
            try:
                process = self.pool.launch(cmd, env, cwd, (stdio[0], stdio[1], stdio[2]))
            except WarmKernelError as exc:
                return await self._cold(cmd, kwargs, str(exc))
        finally:
            for fd in opened:
                os.close(fd)
        self.process = process
        self._record(process.mode, process.reason)
        self.pid = process.pid
        self.pgid = process.pid  # the child called setsid() before the template replied
        self.cwd = cwd
        return self.connection_info

    async def _cold(self, cmd: list[str], kwargs: dict[str, Any], reason: str) -> Any:
        """Start the kernel as jupyter_client would, and say why on stderr."""
        print(f"warm_kernels: cold start ({reason})", file=sys.stderr, flush=True)
        self._record("cold", reason)
        return await super().launch_kernel(cmd, **kwargs)

    def _record(self, mode: str, reason: str | None) -> None:
        self.mode, self.reason = mode, reason
        self._launch = {"mode": mode, "reason": reason, "requested_at": self.requested_at}
        launches = getattr(type(self.parent), "launches", None)
        if isinstance(launches, list):
            launches.append(self._launch)

    async def wait(self) -> int | None:
        process = self.process
        code = await super().wait()
        if isinstance(process, ForkedKernel):
            process.close()
        if process is not None and self._launch is not None:
            self._launch["exit_code"] = code
        return code

    async def cleanup(self, restart: bool = False) -> None:
        if isinstance(self.process, ForkedKernel) and not restart:
            self.process.close()
        await super().cleanup(restart=restart)


class WarmKernelManager(AsyncKernelManager):  # type: ignore[misc]
    """``AsyncKernelManager`` that starts kernels from a :class:`WarmKernelPool`.

    Use :meth:`WarmKernelPool.kernel_manager_class` to get a subclass bound to a pool; pass
    it to nbclient/papermill as ``kernel_manager_class``. The IPC transport is used, with the
    connection file and sockets in the pool's private directory.
    """

    pool_address: ClassVar[str] = ""
    #: Use :class:`WarmKernelClient` (no fixed 0.2 s IOPub flush at start).
    fast_ready: ClassVar[bool] = True
    #: How each kernel of this class started (see :class:`WarmProvisioner`).
    launches: ClassVar[list[dict[str, str | float | int | None]]] = []
    #: Pools by address, in this process.
    pools: ClassVar[dict[str, WarmKernelPool]] = {}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if self.fast_ready:
            self.client_factory = WarmKernelClient
        if not self.pool_address:
            raise WarmKernelError("use WarmKernelPool.kernel_manager_class() to get a manager")
        self.transport = "ipc"
        name = f"{KERNEL_FILE_PREFIX}{uuid.uuid4().hex[:KERNEL_ID_CHARS]}"
        self.connection_file = os.path.join(self.pool_address, f"{name}.json")
        self.ip = os.path.join(self.pool_address, f"{name}-ipc")

    def client(self, **kwargs: Any) -> Any:
        """A client whose sockets retry connecting every 5 ms instead of zmq's 100 ms.

        The client connects right after the fork, before the kernel has bound its IPC
        sockets; with the default interval the wait for the retry was most of a warm start.
        """
        import zmq

        client = super().client(**kwargs)
        client.context.setsockopt(zmq.RECONNECT_IVL, 5)
        self.context.setsockopt(zmq.RECONNECT_IVL, 5)  # the manager's control socket
        return client

    @classmethod
    def _pool(cls) -> WarmKernelPool:
        """The pool at ``pool_address`` (attached to, in a process that did not start it)."""
        from analysis.site.warm_kernels import WarmKernelPool

        pool = cls.pools.get(cls.pool_address)
        if pool is None:
            pool = WarmKernelPool.attach(cls.pool_address)
            cls.pools[cls.pool_address] = pool
        return pool

    async def _async_pre_start_kernel(self, **kw: Any) -> Any:
        if self.provisioner is None:
            self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
            provisioner = WarmProvisioner(
                kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self
            )
            with contextlib.suppress(OSError, ValueError, KeyError):  # no pool: cold
                provisioner.pool = self._pool()
            self.provisioner = provisioner
        return await super()._async_pre_start_kernel(**kw)


def _stdio_fd(value: Any, default: int) -> tuple[int, bool] | None:
    """A descriptor for one of the kernel's std streams (``None``: cannot be forwarded)."""
    if value is None:
        return default, False
    if value == subprocess.DEVNULL:
        return os.open(os.devnull, os.O_RDWR), True
    if isinstance(value, int) and value >= 0:
        return value, False
    if hasattr(value, "fileno"):
        return value.fileno(), False
    return None  # PIPE or something else Popen-specific


# jupyter_client is only needed by clients; the template never creates a context from it.
