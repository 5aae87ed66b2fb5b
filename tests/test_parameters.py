"""The one parameter schema: -p and briefings.yml checks, variants, sources stay sources."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml
from conftest import TWO, write_config

from analysis.briefing.parameters import (
    SCHEMA,
    BriefingParameters,
    ParameterError,
    markdown_table,
    parameters_cell_source,
    parse_command_line,
)
from analysis.errors import BuildError
from analysis.site.config import check_notebook_source, load_config

ROOT = Path(__file__).resolve().parents[1]
CPI_YEARS = [
    int(line.split(",")[0])
    for line in (ROOT / "data/raw/reference/cpi.csv").open()
    if line[:1].isdigit()
]


def cli(env, config: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "analysis", "build", "--config", str(config), "--quiet", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=env["root"],
    )


# --- the schema ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "rate", ["inf", "-inf", "nan", "0", "-5", "abc", "True", "1e-320", "99.99", "10000.01", "1e300"]
)
def test_exchange_rate_outside_its_range_is_rejected(rate):
    with pytest.raises(
        ParameterError, match=r"exchange_rate=.*allowed: None or a number from 100 "
    ):
        parse_command_line([("exchange_rate", rate)])


@pytest.mark.parametrize("rate", [10**400, -(10**400), 1e-320, 1e300])
def test_exchange_rate_in_the_config_is_checked_against_the_same_range(rate):
    with pytest.raises(ParameterError, match=r"allowed: None or a number from 100 to 10,000"):
        SCHEMA["exchange_rate"].check(rate)


@pytest.mark.parametrize("rate", ["100", "10000", "1180.0200000000001", "9999.999999999998"])
def test_every_allowed_exchange_rate_gives_a_short_page_name(rate):
    spec = SCHEMA["exchange_rate"]
    assert len(spec.variant_token(spec.parse(rate))) <= 24


def test_command_line_values_are_typed_by_the_schema():
    values = parse_command_line([("exchange_rate", "1300"), ("price_year", "2023")])
    assert values == {"exchange_rate": 1300.0, "price_year": 2023}
    assert type(values["exchange_rate"]) is float and type(values["price_year"]) is int
    with pytest.raises(ParameterError, match=r"price_year='2023\.5'"):
        parse_command_line([("price_year", "2023.5")])


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("price_yaer", "unknown parameter 'price_yaer' (did you mean 'price_year'?)"),
        ("unti", "unknown parameter 'unti' (did you mean 'unit'?)"),
        ("lang", "'lang' cannot be set with -p: a briefing's languages are its parameter sets"),
        ("plan", "'plan' cannot be set with -p: a briefing's plans are its `plans` in the config"),
        ("output_dir", "'output_dir' cannot be set with -p: the build sets it"),
    ],
)
def test_command_line_names_are_checked(name, message):
    with pytest.raises(ParameterError) as info:
        parse_command_line([(name, "en")])
    assert message in str(info.value)


def test_a_name_given_twice_is_an_error():
    with pytest.raises(ParameterError, match="given twice"):
        parse_command_line([("unit", "USD"), ("unit", "KRW")])


def test_price_year_must_be_a_cpi_year_and_usd_is_nominal_only():
    assert BriefingParameters.validated(
        {"price_year": CPI_YEARS}, price_year=max(CPI_YEARS)
    ).price_year == max(CPI_YEARS)
    with pytest.raises(ParameterError, match=f"price_year={max(CPI_YEARS) + 1}"):
        BriefingParameters.validated({"price_year": CPI_YEARS}, price_year=max(CPI_YEARS) + 1)
    with pytest.raises(ParameterError, match="with unit='USD'"):
        BriefingParameters.validated(
            {"price_year": CPI_YEARS}, unit="USD", price_year=max(CPI_YEARS)
        )
    with pytest.raises(ParameterError, match="did you mean 'jobs_split'"):
        BriefingParameters.validated({"price_year": CPI_YEARS}, job_split="budget")


def test_readme_table_is_the_schema():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- parameters:start -->\n(.*?)\n<!-- parameters:end -->", readme, re.S)
    assert block and block.group(1) == markdown_table()
    names = re.findall(r"^\| `(\w+)` \|", block.group(1), re.M)
    assert names == list(SCHEMA)


def test_every_notebook_parameters_cell_is_the_schema():
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
        assert cell.source == parameters_cell_source(), path.name
        assert check_notebook_source(path, strict=True) == {
            name: spec.default for name, spec in SCHEMA.items()
        }


def test_build_help_lists_every_command_line_parameter():
    proc = subprocess.run(
        [sys.executable, "-m", "analysis", "build", "--help"], capture_output=True, text=True
    )
    assert proc.returncode == 0
    for name, spec in SCHEMA.items():
        listed = re.search(rf"^  {name} +{re.escape(spec.help)}", proc.stdout, re.M)
        assert bool(listed) == spec.command_line, name


# --- the build -------------------------------------------------------------------------------


def test_code_in_a_parameter_name_never_runs(env, tmp_path):
    config = write_config(env["root"], TWO)
    marker = tmp_path / "pwned"
    name = f"__import__('os').system('touch {marker}');x"
    proc = cli(env, config, "-p", name, "1")
    assert proc.returncode == 2, proc.stderr
    assert "unknown parameter" in proc.stderr and "Traceback" not in proc.stderr
    assert not marker.exists() and not (env["reports"] / "notebooks").exists()
    # the same name in briefings.yml
    data = yaml.safe_load(config.read_text())
    data["briefings"][0]["parameter_sets"][0][name] = 1
    config.write_text(yaml.safe_dump(data, allow_unicode=True))
    proc = cli(env, config)
    assert proc.returncode == 2 and "parameter set 1: unknown parameter" in proc.stderr
    assert str(config) in proc.stderr
    assert not marker.exists() and not (env["reports"] / "notebooks").exists()


@pytest.mark.parametrize("rate", ["1e-320", "1e300"])
def test_an_extreme_exchange_rate_exits_2_before_any_kernel(env, rate):
    config = write_config(env["root"], TWO)
    proc = cli(env, config, "-p", "unit", "USD", "-p", "exchange_rate", rate)
    assert proc.returncode == 2, proc.stderr
    assert f"exchange_rate={float(rate)!r} is invalid" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr and not env["reports"].exists()


def test_misspelt_parameter_exits_2_with_did_you_mean(env):
    config = write_config(env["root"], TWO)
    proc = cli(env, config, "-p", "price_yaer", "2023")
    assert proc.returncode == 2
    assert "unknown parameter 'price_yaer' (did you mean 'price_year'?)" in proc.stderr


@pytest.mark.parametrize(("name", "value"), [("exchange_rate", ".inf"), ("unit", "EUR")])
def test_invalid_value_in_the_config_exits_2(env, name, value):
    config = write_config(env["root"], TWO)
    data = yaml.safe_load(config.read_text())
    data["defaults"] = {name: yaml.safe_load(value)}
    config.write_text(yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(BuildError, match=rf"briefing 'quick', parameter set 1: parameter {name}="):
        load_config(config)


def test_command_line_override_publishes_a_variant_and_keeps_the_default_pages(env, published):
    config = published  # built once (without failures), copied into env
    before = {p.name: p.read_bytes() for p in env["reports"].glob("quick-*.html")}
    assert sorted(before) == ["quick-en.html", "quick-ko.html"]
    proc = cli(env, config, "-p", "unit", "USD", "--only", "quick-en")
    assert proc.returncode == 0, proc.stderr
    after = {p.name: p.read_bytes() for p in env["reports"].glob("quick-*.html")}
    assert sorted(after) == ["quick-en-usd.html", "quick-en.html", "quick-ko.html"]
    assert after["quick-en.html"] == before["quick-en.html"]
    assert after["quick-ko.html"] == before["quick-ko.html"]
    manifest = json.loads((env["reports"] / "manifest.json").read_text())
    assert manifest["briefings"]["quick-en-usd"]["parameters"]["unit"] == "USD"
    assert "unit" not in manifest["briefings"]["quick-en"]["parameters"]


def test_variant_names_say_what_changed(env):
    config = write_config(env["root"], TWO)
    jobs = load_config(config, {"exchange_rate": 1300, "jobs_split": "budget"})
    variants = {j.name: j for j in jobs if j.override_of}
    assert sorted(variants) == ["quick-en-rate1300-split-budget", "quick-ko-rate1300-split-budget"]
    assert variants["quick-en-rate1300-split-budget"].parameters["exchange_rate"] == 1300.0
    # an override equal to the configured value changes nothing: no variant
    assert not [j for j in load_config(config, {"jobs_split": "none"}) if j.override_of]


def _notebook(tmp_path: Path, edit) -> Path:
    nb = nbformat.read(ROOT / "notebooks" / "04_overview.ipynb", as_version=4)
    edit(nb)
    path = tmp_path / "04_overview.ipynb"
    nbformat.write(nb, path)
    return path


def _params_cell(nb):
    return next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))


def _set_rate(nb):
    _params_cell(nb).source = parameters_cell_source().replace(
        "exchange_rate = None", "exchange_rate = 1300"
    )


def _add_output(nb):
    code = [c for c in nb.cells if c.cell_type == "code"]
    code[2].outputs = [nbformat.v4.new_output("stream", text="x")]


def _count(nb):
    [c for c in nb.cells if c.cell_type == "code"][1].execution_count = 7


def _run_code(nb):
    _params_cell(nb).source = parameters_cell_source() + "\n__import__('os').getcwd()"


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (_set_rate, r"sets exchange_rate = 1300, not the default None"),
        (_add_output, r"cell \d+ has outputs; clear them with `make strip`"),
        (_count, r"cell \d+ has execution count 7"),
        (
            _run_code,
            # the line after the schema's own lines
            rf"line {len(parameters_cell_source().splitlines()) + 1}: only `name = literal` lines",
        ),
    ],
)
def test_build_refuses_a_notebook_that_is_not_a_clean_source(env, tmp_path, edit, message):
    notebook = _notebook(tmp_path, edit)
    config = write_config(env["root"], TWO, notebook=notebook)
    proc = cli(env, config)
    assert proc.returncode == 2
    assert str(notebook) in proc.stderr and re.search(message, proc.stderr), proc.stderr
    assert not (env["reports"] / "notebooks").exists()


def test_start_briefing_reads_the_schema_from_the_namespace(tmp_path):
    from analysis.briefing.session import start_briefing

    namespace = {"lang": "en", "unit": "USD", "unrelated": object()}
    brief = start_briefing("t", namespace, output_dir=str(tmp_path))
    assert (brief.params.lang, brief.params.unit) == ("en", "USD")
    with pytest.raises(ParameterError, match="did you mean 'unit'"):
        start_briefing("t", output_dir=str(tmp_path), unti="USD")


def test_output_dir_and_data_dir_none_mean_the_defaults_of_the_readme(tmp_path, monkeypatch):
    """README's table: ``output_dir`` None means ``build/interactive/NAME-LANG`` of the
    project (where a notebook run in JupyterLab writes its figures and ``values.json``,
    never ``reports/``); ``data_dir`` None means ``$ANALYSIS_DATA_DIR``, else ``data/``."""
    from analysis.briefing.session import start_briefing

    monkeypatch.setenv("ANALYSIS_REPORTS_DIR", str(tmp_path / "reports"))
    monkeypatch.delenv("ANALYSIS_DATA_DIR", raising=False)
    name = f"readme-defaults-{os.getpid()}"
    folder = ROOT / "build" / "interactive" / f"{name}-en"
    try:
        brief = start_briefing(name, lang="en")
        brief.record(answer=42)
        assert brief.output_dir == folder
        assert json.loads((folder / "values.json").read_text())["values"] == {"answer": 42}
        assert brief.data_folder == ROOT / "data" / "processed"
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    assert not (tmp_path / "reports").exists()
    shutil.copytree(ROOT / "data" / "processed", tmp_path / "data" / "processed")
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(tmp_path / "data"))
    brief = start_briefing(name, lang="ko", output_dir=str(tmp_path / "out"))
    assert brief.data_folder == tmp_path / "data" / "processed"
