"""The processed tables, read once by a build's warm-kernel template for all its kernels.

A briefing's kernel reads the processed tables it needs (8 to 14 of them, 1-4 ms of CPU
each) through :func:`analysis.data.load.load_processed`, which keeps each table it has read
by the version of its file and hands out copies. The template imports this module last when
it preloads the briefings' entry point (:data:`analysis.site.warm_kernels.DATA_PRELOAD`):
importing it reads every table of the data folder the kernels will read (the template's
environment is theirs), so a kernel forked from it copies a kept table instead of parsing
the file. A kernel that reads another folder, or a table whose file has changed since,
reads the file, as a cold kernel does; a table is the same either way.

The template preloads to save time, never as a condition of running: a data folder that
cannot be read here is left to the kernels, which report it as they would without this.
"""

from __future__ import annotations

import contextlib

from analysis.data.load import preload_processed

__all__ = ["PRELOADED"]

#: The tables read ahead (empty if the data folder could not be read).
PRELOADED: list[str] = []

with contextlib.suppress(OSError, ValueError, KeyError):
    PRELOADED = preload_processed()
