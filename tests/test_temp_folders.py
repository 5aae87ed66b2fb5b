"""The temporary folders of kernels and templates (analysis.site.temp_folders): a folder
whose process was killed is removed by the next one of its kind; nothing else is."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from analysis.site.temp_folders import OWNER, owned_temp_folder, remove_abandoned

PREFIX = "analysis-test-"

#: A process that makes an owned folder in ``argv[1]``, prints its path and waits.
HOLDER = textwrap.dedent(
    """
    import sys, time
    from analysis.site.temp_folders import owned_temp_folder
    with owned_temp_folder(sys.argv[2], sys.argv[1]) as folder:
        (folder / "kernel.json").write_text("{}")
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
