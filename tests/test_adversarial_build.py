"""Faults the build must survive: a kill -9 or an error at each publishing step, a corrupt
manifest, a full or read-only disk, briefings removed from the config; kernels on IPC;
``make clean``. Uses the tiny notebook of ``test_build``."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import TWO, run, snapshot, write_config

from analysis.errors import BuildError, OutputError
from analysis.site.manifest import read_manifest, write_manifest
from analysis.site.publish import FAULT_ENV, PUBLISH_STEPS

PROJECT = Path(__file__).resolve().parents[1]


def relabel(config: Path, label: str | None) -> None:
    """Set the ``label`` parameter of every parameter set (changes every page's text);
    ``None`` removes it again."""
    data = yaml.safe_load(config.read_text())
    for pset in data["briefings"][0]["parameter_sets"]:
        pset.pop("label", None)
        if label is not None:
            pset["label"] = label
    config.write_text(yaml.safe_dump(data, allow_unicode=True))


def leftovers(reports: Path) -> list[str]:
    """Backups, temporary files and staging folders anywhere under ``reports``."""
    return sorted(
        p.relative_to(reports).as_posix()
        for p in reports.rglob("*")
        if ".old-" in p.name or p.name.endswith(".tmp") or p.name.startswith(".staging")
    )


def everything(reports: Path) -> dict[str, bytes]:
    """Pages, executed notebooks and assets (not the kernel pid the test notebook writes)."""
    return snapshot(reports)


def cli_build(config: Path, **env_vars: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "analysis", "build", "--config", str(config), "--jobs", "1"],
        capture_output=True,
        text=True,
        timeout=300,
        env=os.environ | env_vars,
    )


# --- 1. publishing: all-or-nothing per briefing, repaired after a kill -------------------


@pytest.mark.parametrize("step", PUBLISH_STEPS)
def test_kill_at_any_publish_step_is_repaired_by_the_next_build(env, published, step):
    config = published  # built once, copied into env
    good = everything(env["reports"])
    relabel(config, "new")
    killed = cli_build(config, **{FAULT_ENV: f"{step}:kill"})
    assert killed.returncode == -9, killed.stderr
    # back to the published inputs: only a check of every published file can see the damage
    relabel(config, None)
    report = run(config)
    assert not report.failed
    assert everything(env["reports"]) == good
    assert leftovers(env["reports"]) == []
    # killed before anything moved, quick-ko is intact; after, its files are mixed: rebuilt
    assert ("quick-ko" in report.built) == (step != "assets")


@pytest.mark.parametrize("step", PUBLISH_STEPS[1:])
def test_error_between_publish_steps_puts_the_old_files_back(env, published, monkeypatch, step):
    config = published  # built once, copied into env
    good = everything(env["reports"])
    manifest = (env["reports"] / "manifest.json").read_bytes()
    relabel(config, "new")
    monkeypatch.setenv(FAULT_ENV, f"{step}:enospc")
    with pytest.raises(OutputError, match="No space left on device") as caught:
        run(config)
    assert caught.value.exit_code == 3
    assert everything(env["reports"]) == good
    assert (env["reports"] / "manifest.json").read_bytes() == manifest
    assert leftovers(env["reports"]) == []


def test_a_published_file_deleted_or_altered_is_rebuilt(env, published):
    config = published  # built once, copied into env
    good = everything(env["reports"])
    notebook = env["reports"] / "notebooks" / "quick-ko.ipynb"
    notebook.write_bytes(notebook.read_bytes()[:100])  # partial
    (env["reports"] / "assets" / "quick-en" / "values.json").unlink()
    (env["reports"] / "assets" / "quick-en" / "stray.png").write_bytes(b"x")
    report = run(config)
    assert sorted(report.built) == ["quick-en", "quick-ko"]
    assert everything(env["reports"]) == good


# --- 2. a corrupt manifest is set aside --------------------------------------------------

CORRUPT = {
    "truncated inside a Hangul character": '{"briefings": {"가'.encode()[:-1],
    "not JSON": b"<html>oops</html>",
    "a list": b"[]",
    "briefings a number": b'{"briefings": 3}',
    "an entry a number": b'{"briefings": {"quick-ko": 3}}',
    "NaN": b'{"briefings": {}, "x": NaN}',
    "empty": b"",
}


@pytest.mark.parametrize("content", CORRUPT.values(), ids=CORRUPT.keys())
def test_corrupt_manifest_is_set_aside_with_a_warning(tmp_path, capsys, content):
    (tmp_path / "manifest.json").write_bytes(content)
    (tmp_path / "manifest.json.corrupt-1").write_bytes(b"an earlier one")
    assert read_manifest(tmp_path) == {"briefings": {}}
    err = capsys.readouterr().err
    assert err.startswith("warning: ") and str(tmp_path / "manifest.json") in err
    assert "manifest.json.corrupt-2" in err
    assert (tmp_path / "manifest.json.corrupt-2").read_bytes() == content
    assert (tmp_path / "manifest.json.corrupt-1").read_bytes() == b"an earlier one"
    assert not (tmp_path / "manifest.json").exists()


def test_build_goes_on_after_a_corrupt_manifest(env, published, capsys):
    config = published  # built once, copied into env
    (env["reports"] / "manifest.json").write_bytes('{"briefings": {"빠'.encode()[:-2])
    report = run(config)
    assert sorted(report.built) == ["quick-en", "quick-ko"] and not report.failed
    assert "set aside" in capsys.readouterr().err
    manifest = json.loads((env["reports"] / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["briefings"]) == {"quick-ko", "quick-en"}
    assert (env["reports"] / "manifest.json.corrupt-1").is_file()


def test_manifest_never_holds_non_json_numbers(tmp_path):
    (tmp_path / "manifest.json").write_text('{"briefings": {}}')
    with pytest.raises(BuildError, match=r"manifest\.json"):
        write_manifest(tmp_path, {"briefings": {"x": {"parameters": {"rate": float("inf")}}}})
    assert (tmp_path / "manifest.json").read_text() == '{"briefings": {}}'
    assert [p.name for p in tmp_path.iterdir()] == ["manifest.json"]


# --- 3. disk full, read-only folder -------------------------------------------------------


def test_cli_reports_a_write_error_in_one_line_with_exit_3(env, published):
    config = published  # built once, copied into env
    good = everything(env["reports"])
    relabel(config, "new")
    proc = cli_build(config, **{FAULT_ENV: "page:enospc"})
    assert proc.returncode == 3
    assert "Traceback" not in proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: <{FAULT_ENV} page>: No space left on device (ENOSPC)"]
    assert everything(env["reports"]) == good


@pytest.fixture
def small_disk(env):
    """``reports/`` on a 4 MB tmpfs (needs root to mount), unmounted afterwards."""
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a tmpfs needs root")
    env["reports"].mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(env["reports"])],
        capture_output=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr!r}")
    yield env
    subprocess.run(["umount", "-l", str(env["reports"])], check=True)


def test_disk_full_exits_3_naming_the_path_and_keeps_published_pages(small_disk):
    config = write_config(small_disk["root"], TWO)
    run(config)
    good = everything(small_disk["reports"])
    relabel(config, "new")
    filler = small_disk["reports"] / "filler"
    with contextlib.suppress(OSError), filler.open("wb") as fh:
        while True:
            fh.write(b"\0" * 65536)
            fh.flush()
    with pytest.raises(OutputError, match=r"No space left on device \(ENOSPC\)") as caught:
        run(config)
    assert str(small_disk["reports"]) in str(caught.value)
    filler.unlink()
    assert everything(small_disk["reports"]) == good
    relabel(config, None)
    assert run(config).skipped == ["quick-ko", "quick-en"]


def test_read_only_reports_exits_3_naming_the_path(small_disk):
    config = write_config(small_disk["root"], TWO)
    run(config)
    good = everything(small_disk["reports"])
    relabel(config, "new")
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk["reports"])], check=True)
    try:
        proc = cli_build(config)
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk["reports"])], check=True)
    assert proc.returncode == 3 and "Traceback" not in proc.stderr
    [line] = [x for x in proc.stderr.splitlines() if x.startswith("error:")]
    assert str(small_disk["reports"]) in line and "Read-only file system (EROFS)" in line
    assert everything(small_disk["reports"]) == good


# --- 4. briefings removed from the config -------------------------------------------------


def test_removed_briefings_disappear_on_a_full_build_only(env):
    root = env["root"]
    config = write_config(root, TWO)
    data = yaml.safe_load(config.read_text())
    shutil.copy(root / "quick.ipynb", root / "other.ipynb")
    data["briefings"].append(
        data["briefings"][0] | {"slug": "other", "notebook": str(root / "other.ipynb")}
    )
    data["briefings"][1]["parameter_sets"] = [{"lang": "ko"}]
    config.write_text(yaml.safe_dump(data, allow_unicode=True))
    run(config)
    reports = env["reports"]
    (reports / "failed").mkdir(exist_ok=True)
    (reports / "failed" / "other-ko.log").write_text("an old failure")
    other = ["other-ko.html", "notebooks/other-ko.ipynb", "assets/other-ko", "failed/other-ko.log"]
    assert all((reports / p).exists() for p in other)
    del data["briefings"][1]
    config.write_text(yaml.safe_dump(data, allow_unicode=True))

    assert run(config, only=["quick"]).skipped == ["quick-ko", "quick-en"]
    assert all((reports / p).exists() for p in other)
    assert "other-ko" in json.loads((reports / "manifest.json").read_text())["briefings"]

    assert run(config).skipped == ["quick-ko", "quick-en"]
    assert [p for p in other if (reports / p).exists()] == []
    assert set(json.loads((reports / "manifest.json").read_text())["briefings"]) == {
        "quick-ko",
        "quick-en",
    }
    assert "other-ko" not in (reports / "index.html").read_text()
    assert (reports / "quick-ko.html").is_file()


# --- 5. kernels over IPC ------------------------------------------------------------------


def test_kernels_talk_over_ipc_not_tcp(env):
    config = write_config(env["root"], [{"lang": "ko", "fail": True}])
    report = run(config)
    assert [name for name, _ in report.failed] == ["quick-ko"]
    log = (env["reports"] / "failed" / "quick-ko.log").read_text()
    assert "TCP without encryption" not in log
    assert "Address already in use" not in log


# --- 7. make clean ------------------------------------------------------------------------


def test_make_clean_removes_exactly_what_builds_write(tmp_path):
    shutil.copy(PROJECT / "Makefile", tmp_path / "Makefile")
    written = [
        "reports/index.html",
        "reports/.build.lock",
        "reports/.staging/x/a.ipynb",
        "reports/notebooks/a.ipynb",
        "reports/assets/a/figures/f.png",
        "reports/pdf/a.pdf",
        "build/screenshots/a.png",
        ".venv/bin/python",
    ]
    kept = [
        "reports/README.md",
        "data/processed/figures.csv",
        "data/raw/figures.csv",
        "notebooks/01_overview.ipynb",
        "docs/benchmarks.md",
    ]
    for relative in written + kept:
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text("x")
    subprocess.run(["make", "-s", "-C", str(tmp_path), "clean"], check=True, timeout=60)
    present = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert present == sorted([*kept, "Makefile"])
