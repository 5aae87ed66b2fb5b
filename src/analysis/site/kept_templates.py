"""Warm-kernel templates kept from one build to the next in the same process.

Each build starts a warm-kernel template (:class:`~analysis.site.warm_kernels.WarmKernelPool`)
and stops it when it ends: about 1 s of CPU to import ipykernel, 2-3 s more where the
briefings need pandas, matplotlib and seaborn preloaded. A process that runs many builds
(a test session, a scheduler's long-lived worker, a notebook that drives builds) can keep
them instead::

    from analysis.site.build import build
    from analysis.site.kept_templates import keep_templates

    with keep_templates():
        for config in configs:
            build(config)

Within the block a build takes a running template started by an earlier build of this
process, if it preloads the same modules and was started with the same import-time
environment (:data:`~analysis.site.warm_protocol.IMPORT_SENSITIVE_ENV`) and interpreter
options; otherwise it starts one, and leaves it running for the next build. Every template
kept is stopped when the block ends, or, if a build in another thread still uses it, when
that build ends (and a template ends with the process that owns it).

Isolation is what it is within one build: a template never runs a notebook, every kernel is
a fresh fork of it, so nothing one briefing does reaches another, in the same build or the
next. A template that imported project source files since changed (its kernels would start
cold, see :meth:`~analysis.site.warm_template.Template.cold_reason`), that died, or whose
kernelspec now asks for other interpreter options, is replaced (and stopped once no build
uses it). An installed package upgraded meanwhile is not noticed: end the block after
upgrading.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from analysis.site.warm_kernels import WarmKernelError, WarmKernelPool, kernel_python_options
from analysis.site.warm_protocol import IMPORT_SENSITIVE_ENV

__all__ = ["keep_templates", "template_key", "warm_template"]


@dataclass
class _Kept:
    """A kept template, the builds using it now, and whether it is to stop once they end
    (replaced, or its block ended while a build in another thread still used it)."""

    pool: WarmKernelPool
    users: int = 0
    retired: bool = False


#: The templates kept by the active :func:`keep_templates` block, by :func:`template_key`;
#: ``None`` outside any block. The block is the process's: builds in other threads during
#: it share its templates.
_kept: dict[tuple[object, ...], _Kept] | None = None
#: Seconds a kept template may take to answer whether it is still current.
PING_TIMEOUT = 5.0
#: Held while a build looks up, replaces or adds a kept template (builds in threads).
_lock = threading.Lock()


@contextlib.contextmanager
def keep_templates() -> Iterator[None]:
    """Within the block, builds in this process share warm-kernel templates (see the module
    docstring); at its end every template it kept is stopped. A nested block keeps its own
    (the builds in it share none with the outer block's) and stops them at its own end."""
    global _kept
    with _lock:
        outer, _kept = _kept, {}
    try:
        yield
    finally:
        with _lock:
            ended, _kept = list(_kept.values()), outer
        _retire(ended)


def template_key(preload: Sequence[str], env: Mapping[str, str]) -> tuple[object, ...]:
    """What two builds' templates must share to be one: the modules preloaded and the
    import-time environment variables (others, such as the data folder, are the kernels' own).

    Examples
    --------
    >>> a = template_key(["pandas"], {"HOME": "/root", "ANALYSIS_DATA_DIR": "/a"})
    >>> a == template_key(["pandas"], {"HOME": "/root", "ANALYSIS_DATA_DIR": "/b"})
    True
    >>> a == template_key(["pandas"], {"HOME": "/home/x", "ANALYSIS_DATA_DIR": "/a"})
    False
    >>> a == template_key([], {"HOME": "/root"})
    False
    """
    sensitive = sorted((k, v) for k, v in env.items() if k.startswith(IMPORT_SENSITIVE_ENV))
    return (tuple(preload), tuple(sensitive))


@contextlib.contextmanager
def warm_template(preload: Sequence[str], env: Mapping[str, str]) -> Iterator[WarmKernelPool]:
    """A started template for one build (the build does not wait for its preload).

    Outside :func:`keep_templates` it is new and stopped when the block ends; inside, it is
    a kept one that is still current, or a new one that is kept.

    Raises :class:`~analysis.site.warm_kernels.WarmKernelError` or ``OSError`` if no
    template can start.
    """
    key = template_key(preload, env)
    replaced = []
    with _lock:  # the block may end in another thread: read _kept once, under the lock
        registry = _kept
        if registry is not None:
            kept = registry.get(key)
            if kept is not None and not is_current(kept.pool):
                replaced.append(registry.pop(key))
                kept = None
            if kept is None:
                kept = registry[key] = _Kept(WarmKernelPool(preload, env=env).start(wait=False))
            kept.users += 1
    if registry is None:
        with contextlib.closing(WarmKernelPool(preload, env=env).start(wait=False)) as pool:
            yield pool
        return
    _retire(replaced)
    try:
        yield kept.pool
    finally:
        with _lock:
            kept.users -= 1
            done = [kept] if kept.retired and kept.users == 0 else []
        for ended in done:
            ended.pool.close()


def _retire(ended: list[_Kept]) -> None:
    """Stop these templates now, or, for one a build still uses, when its last build ends."""
    with _lock:
        for kept in ended:
            kept.retired = True
        idle = [kept for kept in ended if kept.users == 0]
    for kept in idle:
        kept.pool.close()


def is_current(pool: WarmKernelPool) -> bool:
    """Whether a kept template can serve another build: alive, its kernelspec's interpreter
    options unchanged, and none of the project source files it imported changed since. One
    still preloading counts as current (a launch meanwhile waits for it, as in any build)
    until its launches stop waiting (:data:`~analysis.site.warm_kernels.PRELOAD_WAIT`).

    It cannot tell an installed package upgraded since (only the project's own source files
    outside the Python installation are watched): after upgrading, end the block (or the
    process) so that the next build starts a new template."""
    if pool.python_options != kernel_python_options(pool.kernel_name):
        return False
    if not pool.ready():  # preloading: current until its launches stop waiting for it
        return pool.is_running() and pool.preload_time_left() > 0
    try:
        info = pool.info(timeout=PING_TIMEOUT)
    except (WarmKernelError, OSError):
        return False
    return not info.get("changed")
