"""Executed notebooks written whole or not at all, however the worker ends.

Papermill saves the notebook it executes at the start and end of every cell, by opening the
file and writing it in place. A worker killed by the build's timeout, or by a signal, while
it saves leaves the file empty or cut short, so the build cannot name the cell that was
running, and ``reports/failed/`` would keep a broken copy. :func:`write_notebooks_atomically`
makes papermill write each save to a temporary file next to the notebook and rename it over
the notebook: a reader (or a kill) sees the last complete save. A worker's saves are compact
(:mod:`analysis.site.cell_saves`); :func:`papermill_layout` gives a notebook kept in
``reports/failed/`` the layout papermill writes.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from analysis.files import atomic_write

__all__ = [
    "AtomicLocalHandler",
    "papermill_layout",
    "read_saved_notebook",
    "write_notebooks_atomically",
]

#: The paths the handler serves: every absolute local path (the build's are all absolute).
SCHEME = "/"


class AtomicLocalHandler:
    """A papermill I/O handler for local paths that reads as papermill's own and writes by
    rename: the new text goes to a temporary file in the same folder, which then replaces
    the target (``os.replace``, atomic on POSIX). On an error the target is unchanged and
    the temporary file removed.

    The target is replaced, not written into: it gets the mode a new file gets, and a
    symbolic or hard link at that path is replaced by a file. Whole under a kill, not under
    a power cut (no ``fsync``). Meant for a build worker, which writes only the executed
    notebook in its staging folder.

    Examples
    --------
    >>> import shutil
    >>> folder = Path(tempfile.mkdtemp())
    >>> handler = AtomicLocalHandler()
    >>> handler.write('{"cells": []}', str(folder / "a.ipynb"))
    >>> handler.read(str(folder / "a.ipynb"))
    '{"cells": []}'
    >>> handler.write("\\udc80 cannot be encoded", str(folder / "a.ipynb"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    UnicodeEncodeError: 'utf-8' codec can't encode character '\\udc80' in position 0: ...
    >>> handler.read(str(folder / "a.ipynb")), sorted(p.name for p in folder.iterdir())
    ('{"cells": []}', ['a.ipynb'])
    >>> shutil.rmtree(folder)
    """

    def __init__(self) -> None:
        from papermill.iorw import LocalHandler

        self._local = LocalHandler()
        #: The mode ``open()`` gives a new file in this process (its umask, read once).
        self._mode = 0o666 & ~_umask()

    def read(self, path: str) -> str:
        """The file's text, as papermill's ``LocalHandler`` reads it."""
        return self._local.read(path)

    def listdir(self, path: str) -> list[str]:
        """The folder's entries, as papermill's ``LocalHandler`` lists them."""
        return self._local.listdir(path)

    def pretty_path(self, path: str) -> str:
        """``path`` itself."""
        return path

    def write(self, buf: str, path: str) -> None:
        """Replace ``path`` by ``buf`` (UTF-8) in one rename; its folder must exist."""
        target = Path(path)
        if not target.parent.is_dir():
            raise FileNotFoundError(f"output folder {target.parent} doesn't exist.")
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(buf)
            os.chmod(tmp, self._mode)  # as open() would have created it
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise


def _umask() -> int:
    """The process's file-creation mask, read from ``/proc`` (setting it to read it back
    would change it for every thread meanwhile); 0o022 where ``/proc`` does not say."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    return 0o022


_installed = False


def write_notebooks_atomically() -> None:
    """Make papermill, in this process, write every notebook at an absolute local path
    through :class:`AtomicLocalHandler` (once per process; later calls do nothing)."""
    global _installed
    if _installed:
        return
    from papermill.iorw import papermill_io

    papermill_io.register(SCHEME, AtomicLocalHandler())  # consulted before "local"
    _installed = True


def read_saved_notebook(path: Path) -> Any | None:
    """The notebook at ``path`` as nbformat reads it (version 4); ``None`` if the file is
    missing, cut short (written by other means than a rename) or no notebook: a file a
    worker left must not stop the build.

    Examples
    --------
    >>> folder = tempfile.TemporaryDirectory()
    >>> for text in ("{", "[]", "{}", '{"nbformat": 4, "nbformat_minor": 5}'):
    ...     _ = (Path(folder.name) / "n.ipynb").write_text(text, encoding="utf-8")
    ...     print(read_saved_notebook(Path(folder.name) / "n.ipynb"))
    None
    None
    None
    None
    >>> folder.cleanup()
    """
    import nbformat

    unreadable = (OSError, ValueError, LookupError, TypeError, AttributeError, RecursionError)
    try:  # nbformat's NotJSONError is a ValueError; its ValidationError is not
        return nbformat.read(path, as_version=4)
    except (*unreadable, nbformat.ValidationError):
        return None


def papermill_layout(path: Path) -> None:
    """Rewrite the notebook at ``path`` in the layout papermill writes (``nbformat.writes``),
    in one rename, if it is a valid notebook of format 4 (what papermill saves): the same
    notebook in another layout. Any other file is left as it is (nbformat would convert an
    older format, or a file that only looks like one, into another notebook), and so is the
    file if it cannot be rewritten (a full disk).

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("a = 1\\nb = 2")])
    >>> folder = tempfile.TemporaryDirectory()
    >>> path = Path(folder.name) / "n.ipynb"
    >>> _ = path.write_text(json.dumps(nb), encoding="utf-8")  # compact, as a worker saves
    >>> papermill_layout(path)
    >>> path.read_text(encoding="utf-8") == nbformat.writes(nb)
    True
    >>> for text in ("{", '{"nbformat": 4, "nbformat_minor": 5}', '{"cells": []}'):
    ...     _ = path.write_text(text, encoding="utf-8")
    ...     papermill_layout(path)
    ...     print(path.read_text(encoding="utf-8"))
    {
    {"nbformat": 4, "nbformat_minor": 5}
    {"cells": []}
    >>> folder.cleanup()
    """
    import nbformat

    try:
        format_4 = json.loads(path.read_text(encoding="utf-8")).get("nbformat") == 4
    except (OSError, ValueError, AttributeError, RecursionError):
        return
    notebook = read_saved_notebook(path) if format_4 else None
    if notebook is None or not nbformat.validator.isvalid(notebook):
        return
    with contextlib.suppress(OSError):  # atomic_write leaves the old file whole
        atomic_write(path, nbformat.writes(notebook).encode("utf-8"))
