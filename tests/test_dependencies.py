"""The README's claims about dependencies: ``make`` installs the lock, the lock satisfies
``pyproject.toml`` (matplotlib below 3.11 included), and ``environment.yml`` gives conda users
the lock's versions."""

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


def locked_versions() -> dict[str, Version]:
    """``requirements.lock``: canonical package name -> pinned version."""
    pins = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if "==" in line and not line.lstrip().startswith("#"):
            name, version = line.split("==", 1)
            pins[canonicalize_name(name.strip())] = Version(version.split()[0])
    return pins


def declared_requirements() -> list[Requirement]:
    """The project's dependencies and those of every extra, from ``pyproject.toml``."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        lines += extra
    return [Requirement(line) for line in lines]


def conda_pins(path: Path = ROOT / "environment.yml") -> dict[str, str]:
    """A conda environment file's pinned versions (conda ``name=version`` and pip
    ``name==version``) by canonical name; unpinned entries and Python left out."""
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries: list[str] = []
    for item in spec["dependencies"]:
        entries += item["pip"] if isinstance(item, dict) else [item]
    pins = {}
    for entry in entries:
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)==?([0-9][^=\s]*)", entry)
        if match and match[1] != "python":
            pins[canonicalize_name(match[1])] = match[2]
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
    assert not matplotlib.specifier.contains("3.11.0")
    assert locked_versions()["matplotlib"] < Version("3.11")
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "matplotlib is held below 3.11" in readme


def test_environment_yml_gives_the_locks_versions():
    pins = locked_versions()
    conda = conda_pins()
    assert {"pandas", "matplotlib", "koreanize-matplotlib"} <= conda.keys()  # both kinds read
    differing = {
        name: (version, str(pins.get(name)))
        for name, version in conda.items()
        if name in pins and Version(version) != pins[name]
    }
    assert not differing, f"environment.yml (left) differs from requirements.lock: {differing}"
    assert conda.keys() <= pins.keys(), conda.keys() - pins.keys()


@pytest.mark.parametrize(
    ("entry", "expected"),
    [("matplotlib=3.10.9", "3.10.9"), ("pypdf==7.1.1", "7.1.1"), ("nbformat", None)],
)
def test_conda_pins_reads_both_spellings(tmp_path, entry, expected):
    path = tmp_path / "environment.yml"
    path.write_text(
        yaml.safe_dump({"dependencies": ["python=3.11", entry, {"pip": [entry]}]}),
        encoding="utf-8",
    )
    assert conda_pins(path) == ({entry.split("=")[0]: expected} if expected else {})
