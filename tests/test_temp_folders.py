"""The temporary folders of kernels, templates and the workers' fork server
(analysis.site.temp_folders): a folder whose process was killed is removed by the next one
of its kind; nothing else is."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from analysis.errors import BuildError
from analysis.site.temp_folders import (
    OWNER,
    SYSTEM_SOCKET_PATH_MAX,
    check_socket_room,
    owned_temp_folder,
    remove_abandoned,
)

PREFIX = "analysis-test-"

#: A process that makes an owned folder in ``argv[1]``, prints its path and waits.
HOLDER = textwrap.dedent(
    """
    import subprocess, sys, time
    from analysis.site.temp_folders import owned_temp_folder
    with owned_temp_folder(sys.argv[2], sys.argv[1]) as folder:
        (folder / "kernel.json").write_text("{}")
        if sys.argv[3:]:  # a child that outlives it (as a template or kernel might)
            child = subprocess.Popen(["sleep", "600"], start_new_session=True)
            print(child.pid, flush=True)
        print(folder, flush=True)
        time.sleep(600)
    """
)


def start_holder(root: Path, prefix: str = PREFIX) -> tuple[subprocess.Popen, Path]:
    """A process holding a new owned folder in ``root``, and that folder."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(root), prefix], stdout=subprocess.PIPE, text=True
    )
    line = proc.stdout.readline().strip()
    assert line, "the holder made no folder"
    return proc, Path(line)


def kill(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()


def test_a_killed_owners_folder_is_removed_by_the_next_and_a_living_ones_kept(tmp_path):
    killed, abandoned = start_holder(tmp_path)
    living, in_use = start_holder(tmp_path)
    try:
        kill(killed)
        assert (abandoned / "kernel.json").is_file()  # kill -9: nothing could clean up
        with owned_temp_folder(PREFIX, tmp_path) as mine:
            assert not abandoned.exists()
            assert (in_use / "kernel.json").is_file()
            assert mine.is_dir() and mine.name.startswith(PREFIX)
            assert remove_abandoned(PREFIX, tmp_path) == []  # its own is in use too
        assert not mine.exists()
        assert in_use.is_dir()
    finally:
        kill(living)
    assert remove_abandoned(PREFIX, tmp_path) == [in_use]


def test_the_lock_is_not_inherited_by_the_owners_children(tmp_path):
    """A process the owner started (a template, a kernel) does not hold the folder: once
    the owner is killed, the folder is removed though the child still runs."""
    killed = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path), PREFIX, "child"],
        stdout=subprocess.PIPE,
        text=True,
    )
    child = int(killed.stdout.readline())
    try:
        folder = Path(killed.stdout.readline().strip())
        kill(killed)
        assert folder.is_dir()
        os.kill(child, 0)  # still running
        assert remove_abandoned(PREFIX, tmp_path) == [folder]
    finally:
        os.kill(child, signal.SIGKILL)


def test_a_forked_child_leaving_the_block_leaves_the_folder(tmp_path):
    """A process forked inside the block that leaves it (ends) does not remove the folder
    its parent still uses; the parent does, as it leaves."""
    block = owned_temp_folder(PREFIX, tmp_path)
    folder = block.__enter__()
    pid = os.fork()
    if pid == 0:
        try:
            block.__exit__(None, None, None)
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    assert (folder / OWNER).is_file()
    assert remove_abandoned(PREFIX, tmp_path) == []  # still held by the parent
    block.__exit__(None, None, None)
    assert not folder.exists()


def test_only_folders_proved_abandoned_are_removed(tmp_path):
    """Another prefix, a folder without an owner file (being made, or an older version's),
    a file, and a symbolic link to an abandoned folder: all stay, and so does what the link
    points to."""
    other = tmp_path / "other-abc"
    other.mkdir()
    (other / OWNER).touch()
    unowned = tmp_path / f"{PREFIX}unowned"
    unowned.mkdir()
    plain_file = tmp_path / f"{PREFIX}file"
    plain_file.write_text("x")
    target = tmp_path / "elsewhere"
    target.mkdir()
    (target / OWNER).touch()
    (target / "keep.txt").write_text("keep")
    link = tmp_path / f"{PREFIX}link"
    link.symlink_to(target, target_is_directory=True)
    owner_link = tmp_path / f"{PREFIX}owner-link"
    owner_link.mkdir()
    (owner_link / OWNER).symlink_to(target / OWNER)
    abandoned = tmp_path / f"{PREFIX}abandoned"
    abandoned.mkdir()
    (abandoned / OWNER).touch()
    assert remove_abandoned(PREFIX, tmp_path) == [abandoned]
    for kept in (other, unowned, plain_file, link, owner_link, target / "keep.txt"):
        assert kept.exists() or kept.is_symlink(), kept


def test_a_prefix_is_matched_literally(tmp_path):
    """A prefix with glob characters matches itself only."""
    lookalike = tmp_path / "analysis-x-1"
    lookalike.mkdir()
    (lookalike / OWNER).touch()
    assert remove_abandoned("analysis-[x]-", tmp_path) == []
    assert lookalike.is_dir()


def test_the_folder_is_removed_when_the_block_fails(tmp_path):
    with pytest.raises(RuntimeError), owned_temp_folder(PREFIX, tmp_path) as folder:
        (folder / "sub").mkdir()
        raise RuntimeError("the build failed")
    assert not folder.exists()
    assert list(tmp_path.iterdir()) == []


def test_the_folder_is_private(tmp_path):
    with owned_temp_folder(PREFIX, tmp_path) as folder:
        assert folder.stat().st_mode & 0o777 == 0o700
        assert folder.stat().st_uid == os.getuid()


#: A process that has multiprocessing make its folder (``hold_multiprocessing_temp_dir``;
#: ``before``: multiprocessing made one first), starts a fork server there, prints the
#: folder, then ends (``wait``: waits to be killed).
MULTIPROCESSING_HOLDER = textwrap.dedent(
    """
    import multiprocessing, multiprocessing.forkserver, multiprocessing.util, sys, time
    from analysis.site.temp_folders import hold_multiprocessing_temp_dir
    if sys.argv[2] == "before":
        multiprocessing.util.get_temp_dir()
    path = hold_multiprocessing_temp_dir(sys.argv[1])
    assert hold_multiprocessing_temp_dir(sys.argv[1]) == path  # once per process
    multiprocessing.forkserver.ensure_running()
    print(path, flush=True)
    if sys.argv[2] == "wait":
        time.sleep(600)
    """
)


def multiprocessing_holder(temp: Path, mode: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", MULTIPROCESSING_HOLDER, PREFIX, mode],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ | {"TMPDIR": str(temp)},
    )


def test_multiprocessings_folder_is_removed_at_exit_and_by_the_next_after_a_kill(short_temp):
    killed = multiprocessing_holder(short_temp, "wait")
    path = Path(killed.stdout.readline().strip())
    assert path.name.startswith("pymp-")
    assert path.parent.parent == short_temp and path.parent.name.startswith(PREFIX)
    assert (path.parent / OWNER).is_file()
    [socket] = path.iterdir()  # the fork server's
    assert stat.S_ISSOCK(socket.stat().st_mode)
    killed.kill()
    killed.communicate(timeout=30)
    assert path.is_dir()  # kill -9: nothing could clean up
    ended = multiprocessing_holder(short_temp, "exit")
    out, err = ended.communicate(timeout=60)
    assert ended.returncode == 0 and err == "", err
    assert Path(out.strip()).parent.name.startswith(PREFIX)
    assert list(short_temp.iterdir()) == []  # the killed one's, and its own as it ended


@pytest.mark.parametrize("case", ["made before", "long TMPDIR"])
def test_multiprocessings_folder_is_left_where_it_is_if_made_before_or_too_deep(short_temp, case):
    """multiprocessing made its folder before (it is kept), or an owned folder would make the
    fork server's socket path too long for the system (60 bytes of TMPDIR: 103 and more
    inside an owned folder, 92 without): the server starts in multiprocessing's own folder."""
    temp = short_temp
    if case == "long TMPDIR":
        temp = short_temp / ("x" * (60 - len(str(short_temp)) - 1))
        temp.mkdir()
        assert len(str(temp)) == 60
    proc = multiprocessing_holder(temp, "before" if case == "made before" else "exit")
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0 and err == "", err
    path = Path(out.strip())
    assert path.parent == temp and path.name.startswith("pymp-")
    assert list(temp.iterdir()) == []  # multiprocessing removed its own; no owned one


@pytest.mark.parametrize("over", [0, 1])
def test_a_socket_path_up_to_the_systems_limit_has_room_and_one_byte_more_has_not(
    tmp_path, monkeypatch, over
):
    """The check stops exactly where the system would: a socket path of
    ``SYSTEM_SOCKET_PATH_MAX`` bytes passes, one byte more stops the build, and the length
    it advises for the folder is the one that passes."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    below = "s" * (SYSTEM_SOCKET_PATH_MAX - len(os.fsencode(tmp_path)) - 1 + over)  # "/" + below
    assert len(os.fsencode(os.path.join(tmp_path, below))) == SYSTEM_SOCKET_PATH_MAX + over
    if not over:
        check_socket_room([below, "short"], "these")
        return
    with pytest.raises(BuildError) as stopped:
        check_socket_room(["short", below], "these")
    fits = len(os.fsencode(tmp_path)) - 1
    assert f"set TMPDIR to a folder of at most {fits} bytes" in str(stopped.value)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path)[:fits])
    check_socket_room([below], "these")  # the advised length has room
