"""Recorded files (``analysis.file_records``): a settled file whose size and modification
time are unchanged is not read again; every other file is read, so any change that moves
its size or time, or touches a file that had not settled, is seen."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest

from analysis import file_records
from analysis.file_records import SETTLED_NS, record_files, recorded_still
from analysis.files import files_below

#: An hour ago, in nanoseconds: long settled.
AN_HOUR = 3600 * 1_000_000_000


def _write(path: Path, text: str, *, age_ns: int = 0) -> Path:
    """Write ``text`` to ``path``; with ``age_ns``, date its modification that long ago."""
    path.write_bytes(text.encode())
    if age_ns:
        when = time.time_ns() - age_ns
        os.utime(path, ns=(when, when))
    return path


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


def test_record_keeps_the_hash_of_every_file_and_the_stats_of_settled_ones(tmp_path):
    old = _write(tmp_path / "old.png", "오래된 그림", age_ns=AN_HOUR)
    new = _write(tmp_path / "new.html", "<p>새 쪽</p>")
    digests, stats = record_files({"old": old, "new": new})
    assert digests == {
        "old": hashlib.sha256("오래된 그림".encode()).hexdigest(),
        "new": hashlib.sha256("<p>새 쪽</p>".encode()).hexdigest(),
    }
    assert stats == {"old": [old.stat().st_size, old.stat().st_mtime_ns]}
    assert "new" not in stats  # written just now: within SETTLED_NS of being hashed
    assert time.time_ns() - new.stat().st_mtime_ns < SETTLED_NS


def test_a_file_changed_while_it_is_hashed_keeps_no_stats(tmp_path, monkeypatch):
    path = _write(tmp_path / "page.html", "before", age_ns=AN_HOUR)
    digest = file_records.file_digest

    def changing(p: Path) -> str:
        out = digest(p)
        p.write_bytes(b"after!")  # the same size, a new time
        return out

    monkeypatch.setattr(file_records, "file_digest", changing)
    _, stats = record_files({"page": path})
    assert stats == {}


def test_an_unchanged_settled_file_is_not_read(tmp_path, reads):
    path = _write(tmp_path / "chart.png", "pixels", age_ns=AN_HOUR)
    digests, stats = record_files({"chart": path})
    reads.clear()
    assert recorded_still({"chart": path}, digests, stats) == stats
    assert reads == []


def test_a_file_without_stats_is_read_and_its_stats_kept_once_settled(tmp_path, reads):
    path = _write(tmp_path / "chart.png", "pixels")
    digests, stats = record_files({"chart": path})
    assert stats == {}
    assert recorded_still({"chart": path}, digests, stats) == {}  # read, not yet settled
    when = time.time_ns() - AN_HOUR
    os.utime(path, ns=(when, when))
    reads.clear()
    assert recorded_still({"chart": path}, digests, stats) == {"chart": [6, when]}
    assert reads == [path]


def test_any_change_of_content_with_a_new_time_is_seen(tmp_path):
    path = _write(tmp_path / "values.json", '{"jobs": 9897}', age_ns=AN_HOUR)
    digests, stats = record_files({"v": path})
    _write(path, '{"jobs": 9898}')  # the same size
    assert recorded_still({"v": path}, digests, stats) is None


def test_a_change_hidden_in_a_file_that_had_not_settled_is_seen(tmp_path):
    """Written again with the same size and its time put back: a file that had not settled
    has no stats, so it is read."""
    path = _write(tmp_path / "page.html", "<p>1,475억원</p>")
    digests, stats = record_files({"page": path})
    assert stats == {}
    before = path.stat().st_mtime_ns
    _write(path, "<p>1,476억원</p>")
    os.utime(path, ns=(before, before))
    assert recorded_still({"page": path}, digests, stats) is None


def test_a_change_hidden_by_putting_the_time_back_is_the_documented_limit(tmp_path):
    """The module says so: size and time stand for a settled file's content, so a change at
    the same size with its time set back is not seen (``--force`` rebuilds)."""
    path = _write(tmp_path / "page.html", "<p>1,475억원</p>", age_ns=AN_HOUR)
    digests, stats = record_files({"page": path})
    recorded = path.stat().st_mtime_ns
    _write(path, "<p>1,476억원</p>")
    os.utime(path, ns=(recorded, recorded))
    assert recorded_still({"page": path}, digests, stats) == stats
    assert "--force" in (file_records.__doc__ or "")


def test_a_missing_or_an_extra_file_is_seen(tmp_path):
    one = _write(tmp_path / "one.csv", "a", age_ns=AN_HOUR)
    two = _write(tmp_path / "two.csv", "b", age_ns=AN_HOUR)
    digests, stats = record_files({"one": one, "two": two})
    assert recorded_still({"one": one}, digests, stats) is None
    extra = _write(tmp_path / "three.csv", "c", age_ns=AN_HOUR)
    assert recorded_still({"one": one, "two": two, "three": extra}, digests, stats) is None
    two.unlink()
    assert recorded_still({"one": one, "two": two}, digests, stats) is None


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
