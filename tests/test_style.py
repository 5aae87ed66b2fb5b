"""Lint and format (ruff), and notebooks committed without outputs: part of `make test`."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import tomllib
from importlib.metadata import entry_points
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUFF = Path(sys.executable).parent / "ruff"


def test_ruff_check_and_format():
    targets = ["src", "tests", "notebooks"]
    check = subprocess.run([str(RUFF), "check", *targets], cwd=ROOT, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    fmt = subprocess.run(
        [str(RUFF), "format", "--check", *targets], cwd=ROOT, capture_output=True, text=True
    )
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr


def test_notebooks_are_committed_without_outputs_and_with_a_parameters_cell():
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    assert len(notebooks) >= 4
    for path in notebooks:
        nb = json.loads(path.read_text(encoding="utf-8"))
        assert nb["metadata"]["kernelspec"]["name"] == "python3", path.name
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert all(not c.get("outputs") and c.get("execution_count") is None for c in code), (
            path.name
        )
        tagged = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
        assert len(tagged) == 1, f"{path.name}: {len(tagged)} cells tagged parameters"


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the docstring nodes of ``tree`` (their examples may show a ``%`` spec)."""
    kinds = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    return {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, kinds)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }


def _percent_specs(code: str) -> list[str]:
    """The fields of ``code`` that write a percentage with a format spec: f-string fields
    (``f"{x:.1%}"``) and ``str.format`` templates in its strings (``"({share:.1%})"``, as a
    catalogue entry would hold), docstrings left out."""
    tree = ast.parse(code)
    skip = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FormattedValue) and node.format_spec is not None:
            spec = "".join(
                part.value
                for part in node.format_spec.values
                if isinstance(part, ast.Constant) and isinstance(part.value, str)
            )
            if spec.endswith("%"):
                found.append(f"{{{ast.unparse(node.value)}:{spec}}}")
        elif (
            isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
        ):
            found += re.findall(r"\{[^{}:]*:[^{}]*%\}", node.value)
    return found


def _page_code() -> dict[str, str]:
    """The code that writes a page's words: the notebooks' code cells and the briefing wing."""
    code = {
        path.name: "\n".join(
            "".join(cell["source"])
            for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]
            if cell["cell_type"] == "code"
        )
        for path in sorted((ROOT / "notebooks").glob("*.ipynb"))
    }
    for path in sorted((ROOT / "src" / "analysis" / "briefing").glob("*.py")):
        code[path.name] = path.read_text(encoding="utf-8")
    return code


def test_every_percentage_on_a_page_is_written_by_format_share():
    """A page's percentages follow one rule (``numbers.format_share``) in prose, headlines,
    captions, tables and charts: ``f"{share:.1%}"`` would write a share of 0.03 % as 0.0%."""
    example = '''def f(a, b, c):
    """Docstring: f"{a:.1%}" is fine here."""
    return f"{a:.1%} {b:,.0f} {c:.0%}", "({share:.1%})", "{x} %"'''
    assert sorted(_percent_specs(example)) == ["{a:.1%}", "{c:.0%}", "{share:.1%}"]
    code = _page_code()
    assert {"04_overview.ipynb", "headlines.py", "labels.py"} <= set(code)
    for name, text in code.items():
        assert _percent_specs(text) == [], name


def test_wings_keep_their_import_layers():
    """import-linter contracts in pyproject.toml: data imports neither briefing nor site;
    briefing never imports site; shared modules import no wing."""
    linter = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(linter)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" in result.stdout and "0 broken" in result.stdout


def test_the_pytest_plugins_of_the_declared_dependencies_are_loaded(pytestconfig):
    """pyproject's addopts turn pytest's plugin autoload off and name the plugins to load:
    each installed pytest plugin of a dependency pyproject declares is loaded (a new one
    must be added to the list, else its tests would silently lose it); a plugin of an
    undeclared, transitive dependency (anyio, typeguard, platformdirs) is not."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"].values()
    requirements = [*project["dependencies"], *(r for extra in extras for r in extra)]
    declared = {
        re.split(r"[<>=!~\[ ;]", r, maxsplit=1)[0].lower().replace("_", "-") for r in requirements
    }
    manager = pytestconfig.pluginmanager
    assert pytestconfig.getoption("disable_plugin_autoload")
    plugins = [ep for ep in entry_points(group="pytest11") if ep.name != "xdist.looponfail"]
    assert plugins, "no pytest plugin installed at all: pytest-xdist is missing"
    for ep in plugins:  # registered under any name: its module is a registered plugin
        module = sys.modules.get(ep.module)
        loaded = module is not None and manager.is_registered(module)
        assert loaded == (ep.dist.name.lower().replace("_", "-") in declared), (ep.name, ep.value)
    assert pytestconfig.pluginmanager.get_plugin("xdist.plugin") is not None
    assert pytestconfig.pluginmanager.get_plugin("_hypothesis_pytestplugin") is not None
