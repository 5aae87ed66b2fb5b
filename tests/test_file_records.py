"""Recorded files (``analysis.file_records``): a settled file whose size and times are
unchanged is not read again; every other file is read, so any change that moves its size or
times, or touches a file that had not settled, is seen."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from analysis import file_records
from analysis.file_records import SETTLED_NS, record_files, recorded_still
from analysis.files import files_below

#: An hour, in nanoseconds.
AN_HOUR = 3600 * 1_000_000_000


def _write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode())
    return path


def _stats(path: Path) -> list[int]:
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns]


@pytest.fixture
def an_hour_later(monkeypatch: pytest.MonkeyPatch) -> None:
    """``file_records`` sees the clock an hour ahead: every file written so far has settled
    (a file's change time cannot be set back, so the clock is moved instead)."""
    monkeypatch.setattr(
        file_records, "time", SimpleNamespace(time_ns=lambda: time.time_ns() + AN_HOUR)
    )


@pytest.fixture
def just_written(monkeypatch: pytest.MonkeyPatch) -> None:
    """``file_records`` sees the clock stopped now: a file written before the test's checks
    has not settled, however slowly the machine runs them."""


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files ``file_records`` reads (hashes), in order."""
    seen: list[Path] = []
    digest = file_records.file_digest

    def counted(path: Path) -> str:
        seen.append(path)
        return digest(path)

    monkeypatch.setattr(file_records, "file_digest", counted)
    return seen


def test_record_keeps_the_hash_of_every_file_and_the_stats_of_settled_ones(tmp_path, monkeypatch):
    old = _write(tmp_path / "old.png", "오래된 그림")
    written = time.time_ns()
    time.sleep(0.05)  # past the file system's clock tick: `new` is written after `written`
    later = written + SETTLED_NS
    monkeypatch.setattr(file_records, "time", SimpleNamespace(time_ns=lambda: later))
    new = _write(tmp_path / "new.html", "<p>새 쪽</p>")  # after `written`, so within SETTLED_NS
    digests, stats = record_files({"old": old, "new": new})
    assert digests == {
        "old": hashlib.sha256("오래된 그림".encode()).hexdigest(),
        "new": hashlib.sha256("<p>새 쪽</p>".encode()).hexdigest(),
    }
    assert stats == {"old": _stats(old)}


def test_a_file_changed_while_it_is_hashed_keeps_no_stats(tmp_path, monkeypatch, an_hour_later):
    path = _write(tmp_path / "page.html", "before")
    digest = file_records.file_digest

    def changing(p: Path) -> str:
        out = digest(p)
        p.write_bytes(b"after!")  # the same size, new times
        return out

    monkeypatch.setattr(file_records, "file_digest", changing)
    _, stats = record_files({"page": path})
    assert stats == {}


def test_an_unchanged_settled_file_is_not_read(tmp_path, reads, an_hour_later):
    path = _write(tmp_path / "chart.png", "pixels")
    digests, stats = record_files({"chart": path})
    assert stats == {"chart": _stats(path)}
    reads.clear()
    assert recorded_still({"chart": path}, digests, stats) == stats
    assert reads == []


def test_a_file_without_stats_is_read_and_its_stats_kept_once_settled(
    tmp_path, reads, monkeypatch, just_written
):
    path = _write(tmp_path / "chart.png", "pixels")
    digests, stats = record_files({"chart": path})
    assert stats == {}
    assert recorded_still({"chart": path}, digests, stats) == {}  # read, not yet settled
    monkeypatch.setattr(
        file_records, "time", SimpleNamespace(time_ns=lambda: time.time_ns() + AN_HOUR)
    )
    reads.clear()
    assert recorded_still({"chart": path}, digests, stats) == {"chart": _stats(path)}
    assert reads == [path]


def test_any_change_of_content_is_seen(tmp_path, an_hour_later):
    path = _write(tmp_path / "values.json", '{"jobs": 9897}')
    digests, stats = record_files({"v": path})
    assert stats
    _write(path, '{"jobs": 9898}')  # the same size
    assert recorded_still({"v": path}, digests, stats) is None


def test_a_change_hidden_by_putting_the_modification_time_back_is_seen(tmp_path, an_hour_later):
    """``touch -d`` at the same size: the modification time is as recorded, the change time
    (which no user can set) is not, so the file is read."""
    path = _write(tmp_path / "page.html", "<p>1,475억원</p>")
    digests, stats = record_files({"page": path})
    [_, modified, _] = stats["page"]
    time.sleep(0.05)  # past the file system's clock tick
    _write(path, "<p>1,476억원</p>")
    os.utime(path, ns=(modified, modified))
    assert path.stat().st_mtime_ns == modified
    assert recorded_still({"page": path}, digests, stats) is None


def test_a_change_hidden_in_a_file_that_had_not_settled_is_seen(tmp_path, just_written):
    """Written again within the tick it was hashed in (as if: its times put back to the
    record's): a file that had not settled has no stats, so it is read."""
    path = _write(tmp_path / "page.html", "<p>1,475억원</p>")
    digests, stats = record_files({"page": path})
    assert stats == {}
    _write(path, "<p>1,476억원</p>")
    assert recorded_still({"page": path}, digests, stats) is None


def test_a_missing_or_an_extra_file_is_seen(tmp_path, an_hour_later):
    one = _write(tmp_path / "one.csv", "a")
    two = _write(tmp_path / "two.csv", "b")
    digests, stats = record_files({"one": one, "two": two})
    assert set(stats) == {"one", "two"}
    assert recorded_still({"one": one}, digests, stats) is None
    extra = _write(tmp_path / "three.csv", "c")
    assert recorded_still({"one": one, "two": two, "three": extra}, digests, stats) is None
    two.unlink()
    assert recorded_still({"one": one, "two": two}, digests, stats) is None


@pytest.mark.parametrize(
    "stats",
    [{"v": "x"}, {"v": [1]}, {"v": [None, None, None]}, {"v": {"size": 6}}, {"v": [6, 0, 0]},
     {"other": [6, 0, 0]}],
    ids=["text", "short", "nulls", "object", "wrong times", "another file"],
)  # fmt: skip
def test_recorded_stats_that_do_not_fit_are_ignored_and_the_file_read(tmp_path, reads, stats):
    """A manifest's stats are data: any that do not match the file now make it be read."""
    path = _write(tmp_path / "values.json", '{"a": 1}')
    digests, _ = record_files({"v": path})
    reads.clear()
    assert recorded_still({"v": path}, digests, stats) is not None
    assert reads == [path]
    _write(path, '{"a": 2}')
    assert recorded_still({"v": path}, digests, stats) is None


def test_files_below_lists_files_as_pathlib_would_and_leaves_out_hidden_ones(tmp_path):
    """``analysis.files.files_below`` (one ``scandir`` per folder) lists what a walk with
    pathlib lists, in the order of the paths' parts: hidden files and folders out, a folder
    linked to not entered, a broken link not a file."""
    for name in ["a/x.png", "a-b/x.png", "a/b/c.csv", "z.html", ".lock", "a/.staging/p.html"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name)
    (tmp_path / "linked").symlink_to(tmp_path / "a", target_is_directory=True)
    (tmp_path / "file-link.png").symlink_to(tmp_path / "z.html")
    (tmp_path / "broken.png").symlink_to(tmp_path / "nowhere")
    expected = {
        p.relative_to(tmp_path).as_posix(): p
        for p in sorted(tmp_path.rglob("*"))
        if p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(tmp_path).parts)
        and p.relative_to(tmp_path).parts[0] != "linked"
    }
    found = files_below(tmp_path)
    assert list(found.items()) == list(expected.items())
    assert list(found)[:3] == ["a/b/c.csv", "a/x.png", "a-b/x.png"]
    assert files_below(tmp_path / "missing") == {}
    assert "z.html" not in files_below(tmp_path, exclude=("z.html",))
