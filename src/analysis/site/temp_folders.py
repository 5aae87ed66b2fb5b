"""Temporary folders that a killed build leaves behind are removed by the next build.

A build keeps its kernels' sockets and connection files, its warm template's, and its
workers' fork server's socket (and ``make pdf`` its browser driver's files) in folders of
the system's temporary directory (``tempfile.gettempdir()``: short paths, as Unix
sockets need). It removes them as it ends; a build killed with SIGKILL, or cut off by the
machine going down, cannot. So each such folder holds a file, ``.owner``, that the process
which made it keeps locked (``flock``) for as long as the folder is in use; the system drops
the lock when that process ends, however it ends. Before it makes a folder of a kind, a
process removes the folders of that kind whose ``.owner`` nobody holds. A folder without an
``.owner`` (one being made, or one that an older version left) is never removed: only a
folder proved abandoned is.
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import multiprocessing.util
import os
import shutil
import stat
import sys
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

__all__ = [
    "OWNER",
    "SOCKET_PATH_MAX",
    "SYSTEM_SOCKET_PATH_MAX",
    "check_socket_room",
    "hold_multiprocessing_temp_dir",
    "owned_temp_folder",
    "remove_abandoned",
]

#: The file whose lock says that a folder is in use.
OWNER = ".owner"
#: The owned folder that holds this process's multiprocessing temporary folder, once made
#: (:func:`hold_multiprocessing_temp_dir`); held until the process exits.
_multiprocessing_holder: contextlib.ExitStack | None = None
_multiprocessing_lock = threading.Lock()
#: Longest path a Unix socket may have, in bytes (``sun_path`` holds 108 on Linux, 104 on
#: macOS, with the closing NUL): the smaller, so that a path that fits fits everywhere.
SOCKET_PATH_MAX = 103
#: Longest path a Unix socket may have on this system, in bytes: 107 on Linux, else the
#: smaller (:data:`SOCKET_PATH_MAX`).
SYSTEM_SOCKET_PATH_MAX = 107 if sys.platform.startswith("linux") else SOCKET_PATH_MAX
#: What a fork server's socket adds to the folder that holds multiprocessing's folder:
#: ``/pymp-XXXXXXXX/listener-XXXXXXXX`` (Python 3.14 names it ``sock-…``, shorter).
_SOCKET_BELOW = len("/pymp-xxxxxxxx/listener-xxxxxxxx")


def check_socket_room(below: Iterable[str], what: str) -> None:
    """Raise :class:`~analysis.errors.BuildError` if a Unix socket at one of the paths
    ``below`` the temporary folder (``tempfile.gettempdir()``) would be longer than
    :data:`SYSTEM_SOCKET_PATH_MAX` bytes; the message names the folder, the longest such path,
    ``what`` makes it, and the way out (a shorter ``TMPDIR``).

    Examples
    --------
    >>> check_socket_room(["x" * 200], "the kernels")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    analysis.errors.BuildError: the temporary folder ... is too long for the Unix sockets of the kernels: .../xxx... would have ... bytes, more than ...; no folder is short enough for them
    """
    from analysis.errors import BuildError

    root = tempfile.gettempdir()
    longest = max((os.path.join(root, path) for path in below), key=lambda p: len(os.fsencode(p)))
    size = len(os.fsencode(longest))
    limit = SYSTEM_SOCKET_PATH_MAX
    if size > limit:
        fits = len(os.fsencode(root)) - size + limit  # the longest folder that would do
        way_out = (
            f"set TMPDIR to a folder of at most {fits} bytes (e.g. TMPDIR=/tmp)"
            if fits > 1
            else "no folder is short enough for them"
        )
        raise BuildError(
            f"the temporary folder {root} is too long for the Unix sockets of {what}: {longest} "
            f"would have {size} bytes, more than the {limit} a socket's path may have here; "
            f"{way_out}"
        )


@contextlib.contextmanager
def owned_temp_folder(prefix: str, root: str | Path | None = None) -> Iterator[Path]:
    """A new private folder ``<root>/<prefix>XXXXXXXX`` (mode 0700; ``root`` is the temporary
    directory by default), held for the block and removed after it, as
    :class:`tempfile.TemporaryDirectory` does; first, the folders of the same ``prefix``
    whose owners are gone (:func:`remove_abandoned`).

    The folder is locked before it gets its name's ``.owner``: the lock file is made and
    locked under another name, then renamed, so that no other process can find the folder
    unlocked while it is made.

    Examples
    --------
    >>> root = tempfile.TemporaryDirectory()
    >>> with owned_temp_folder("example-", root.name) as folder:
    ...     folder.name.startswith("example-"), (folder / OWNER).is_file()
    (True, True)
    >>> folder.exists()
    False
    >>> root.cleanup()
    """
    remove_abandoned(prefix, root)
    maker = os.getpid()
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=root))
    try:
        handle = (folder / f"{OWNER}.new").open("w")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)  # new and ours: never blocks
        os.replace(folder / f"{OWNER}.new", folder / OWNER)
        yield folder
    finally:
        if os.getpid() == maker:  # not a forked child leaving the block: the folder is in use
            shutil.rmtree(folder, ignore_errors=True)
        handle.close()  # after the removal: until then, no other process takes the folder


def remove_abandoned(prefix: str, root: str | Path | None = None) -> list[Path]:
    """Remove the folders ``<root>/<prefix>*`` of this user whose ``.owner`` is not locked
    (their process has ended); return them. Folders of other users, symbolic links, folders
    without an ``.owner`` and folders in use are left alone.

    Examples
    --------
    >>> root = tempfile.TemporaryDirectory()
    >>> left = Path(root.name) / "example-left"
    >>> left.mkdir()
    >>> (left / OWNER).touch()  # made by a process that was killed: nobody holds it
    >>> with owned_temp_folder("example-", root.name) as folder:
    ...     left.exists(), remove_abandoned("example-", root.name)
    (False, [])
    >>> root.cleanup()
    """
    base = Path(root if root is not None else tempfile.gettempdir())
    removed = []
    try:
        candidates = sorted(base.glob(f"{glob.escape(prefix)}*"))
    except OSError:
        return removed
    for folder in candidates:
        with contextlib.suppress(OSError):
            info = folder.lstat()
            if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
                continue
            fd = os.open(folder / OWNER, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # BlockingIOError: in use
                shutil.rmtree(folder)
                removed.append(folder)
            finally:
                os.close(fd)
    return removed


def hold_multiprocessing_temp_dir(prefix: str) -> str:
    """Have :mod:`multiprocessing` make this process's temporary folder (``pymp-*``, where a
    fork server listens on a socket) inside an owned folder ``<temp>/<prefix>XXXXXXXX``
    (:func:`owned_temp_folder`) that is held until the process exits; return the path of
    ``pymp-*``.

    multiprocessing removes its folder as the process exits, but a process killed with
    SIGKILL leaves it, and nothing in it tells whether its process is gone. Inside an owned
    folder it is: the next process that calls this with the same ``prefix`` removes it.

    Once per process: later calls return the same path. multiprocessing's folder is left
    where multiprocessing puts it, and no owned folder is made, if multiprocessing made it
    before the first call (another part of the program started a fork server, say), or if
    the socket's path would be too long for the system inside an owned folder
    (:data:`SOCKET_PATH_MAX`: a long ``TMPDIR``).

    ``tempfile.tempdir`` is set to the owned folder while multiprocessing makes its folder:
    a thread that makes a temporary file at that moment, without naming a folder, makes it
    there (and it is removed with the folder).
    """
    global _multiprocessing_holder
    with _multiprocessing_lock:
        if _multiprocessing_holder is None:
            holder = contextlib.ExitStack()
            _multiprocessing_holder = holder
            owned = len(os.fsencode(tempfile.gettempdir())) + len(f"/{prefix}xxxxxxxx")
            if owned + _SOCKET_BELOW > SOCKET_PATH_MAX:
                return multiprocessing.util.get_temp_dir()
            folder = holder.enter_context(owned_temp_folder(prefix))
            default, tempfile.tempdir = tempfile.tempdir, str(folder)
            try:  # multiprocessing makes its folder with tempfile's default directory
                made = multiprocessing.util.get_temp_dir()
            finally:
                tempfile.tempdir = default
            if Path(made).parent == folder:
                # after multiprocessing's own removal of its folder (exit priority -100)
                multiprocessing.util.Finalize(None, holder.close, exitpriority=-200)
            else:
                holder.close()  # made before: the owned folder is not needed
    return multiprocessing.util.get_temp_dir()
