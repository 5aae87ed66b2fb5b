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
kept is stopped when the block ends (and a template ends with the process that owns it).

Isolation is what it is within one build: a template never runs a notebook, every kernel is
a fresh fork of it, so nothing one briefing does reaches another, in the same build or the
next. A template that imported project source files since changed (its kernels would start
cold, see :meth:`~analysis.site.warm_template.Template.cold_reason`), that died, or whose
kernelspec now asks for other interpreter options, is stopped and replaced.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator, Mapping, Sequence

from analysis.site.warm_kernels import WarmKernelError, WarmKernelPool, kernel_python_options
from analysis.site.warm_protocol import IMPORT_SENSITIVE_ENV

__all__ = ["keep_templates", "template_key", "warm_template"]

#: The templates kept by the active :func:`keep_templates` block, by :func:`template_key`;
#: ``None`` outside any block.
_kept: dict[tuple[object, ...], WarmKernelPool] | None = None
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
    outer, _kept = _kept, {}
    try:
        yield
    finally:
        pools, _kept = list(_kept.values()), outer
        for pool in pools:
            pool.close()


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
    if _kept is None:
        with contextlib.closing(WarmKernelPool(preload, env=env).start(wait=False)) as pool:
            yield pool
        return
    key = template_key(preload, env)
    with _lock:
        pool = _kept.get(key)
        if pool is not None and not is_current(pool):
            del _kept[key]
            pool.close()
            pool = None
        if pool is None:
            pool = WarmKernelPool(preload, env=env).start(wait=False)
            _kept[key] = pool
    yield pool


def is_current(pool: WarmKernelPool) -> bool:
    """Whether a kept template can serve another build: alive, its kernelspec's interpreter
    options unchanged, and none of the project source files it imported changed since. One
    still preloading counts as current (a launch meanwhile starts cold, as in any build)."""
    if pool.python_options != kernel_python_options(pool.kernel_name):
        return False
    if not pool.ready():
        return pool.is_running()
    try:
        info = pool.info(timeout=PING_TIMEOUT)
    except (WarmKernelError, OSError):
        return False
    return not info.get("changed")
