"""The README's claims about dependencies: the lock satisfies ``pyproject.toml`` (matplotlib
below 3.11 included), and ``environment.yml`` gives conda users the lock's versions."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]


#: A pinned line of a lock file: ``name[extras]==version`` then markers, hashes or a comment.
LOCK_LINE = re.compile(r"([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==([^\s;\\#]+)")


def locked_versions(path: Path = ROOT / "requirements.lock") -> dict[str, Version]:
    """A lock file's pins: canonical package name -> version."""
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = LOCK_LINE.match(line.strip())
        if match:
            pins[canonicalize_name(match[1])] = Version(match[2])
    return pins


def declared_requirements() -> list[Requirement]:
    """The project's dependencies and those of every extra, from ``pyproject.toml``."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        lines += extra
    return [Requirement(line) for line in lines]


#: Entries of ``environment.yml`` that pin no package version on purpose.
UNPINNED = {"python=3.11", "pip", "-e ."}


def conda_pins(path: Path = ROOT / "environment.yml") -> dict[str, str | None]:
    """A conda environment file's packages (conda ``name=version`` and pip ``name==version``)
    by canonical name -> pinned version, ``None`` for an entry with no exact version;
    :data:`UNPINNED` left out."""
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries: list[str] = []
    for item in spec["dependencies"]:
        entries += item["pip"] if isinstance(item, dict) else [item]
    pins: dict[str, str | None] = {}
    for entry in entries:
        if entry in UNPINNED:
            continue
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)==?([0-9][^=<>!~\s]*)", entry)
        name = match[1] if match else re.split(r"[=<>!~\s\[]", entry, maxsplit=1)[0]
        pins[canonicalize_name(name)] = match[2] if match else None
    return pins


def test_the_lock_pins_every_declared_dependency_within_its_bounds():
    pins = locked_versions()
    requirements = declared_requirements()
    assert len(requirements) > 15  # pyproject was read
    for requirement in requirements:
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is declared but not in requirements.lock"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"requirements.lock pins {requirement.name}=={pins[name]}, "
            f"outside pyproject.toml's {requirement}"
        )


def test_matplotlib_is_held_below_3_11_as_the_readme_says():
    (matplotlib,) = [r for r in declared_requirements() if r.name == "matplotlib"]
    assert not any(matplotlib.specifier.contains(v) for v in ("3.11.0", "3.11.2", "4.0"))
    assert matplotlib.specifier.contains("3.10.9")
    assert locked_versions()["matplotlib"] < Version("3.11")
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "matplotlib is held below 3.11" in readme


def test_environment_yml_gives_the_locks_versions():
    pins = locked_versions()
    conda = conda_pins()
    assert {"pandas", "matplotlib", "koreanize-matplotlib"} <= conda.keys()  # both kinds read
    unpinned = sorted(name for name, version in conda.items() if version is None)
    assert not unpinned, f"environment.yml pins no version of {unpinned}"
    differing = {
        name: (version, str(pins.get(name)))
        for name, version in conda.items()
        if name in pins and Version(str(version)) != pins[name]
    }
    assert not differing, f"environment.yml (left) differs from requirements.lock: {differing}"
    assert conda.keys() <= pins.keys(), conda.keys() - pins.keys()


@pytest.mark.parametrize(
    ("entry", "name", "expected"),
    [
        ("matplotlib=3.10.9", "matplotlib", "3.10.9"),
        ("pypdf==7.1.1", "pypdf", "7.1.1"),
        ("nbformat", "nbformat", None),
        ("nbformat>=5", "nbformat", None),
        ("Jinja2=3.1.6", "jinja2", "3.1.6"),
    ],
)
def test_conda_pins_reads_both_spellings_and_flags_the_unpinned(tmp_path, entry, name, expected):
    path = tmp_path / "environment.yml"
    path.write_text(
        yaml.safe_dump({"dependencies": ["python=3.11", "pip", {"pip": [entry, "-e ."]}]}),
        encoding="utf-8",
    )
    assert conda_pins(path) == {name: expected}


def test_locked_versions_reads_markers_extras_and_comments(tmp_path):
    path = tmp_path / "requirements.lock"
    path.write_text(
        "# uv pip compile ...\nPyYAML==6.0.4\n    # via analysis\n"
        "x[extra]==1.0 ; python_version >= '3.11'\ny==2.0;python_version<'4'\n",
        encoding="utf-8",
    )
    assert locked_versions(path) == {
        "pyyaml": Version("6.0.4"),
        "x": Version("1.0"),
        "y": Version("2.0"),
    }
