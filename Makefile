# One command builds the briefings (`make report`), one runs the tests (`make test`).
# Both create the virtual environment from the lock file on first use.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
UV_VERSION := 0.13.9
STAMP  := $(VENV)/.installed

.PHONY: test test-fast report data lint format lab strip bench pdf clean lock help

help:
	@echo "make report  - refresh data/processed and build the HTML briefings in reports/"
	@echo "make test    - run the whole test suite, in parallel (creates .venv on first use)"
	@echo "make test-fast - the suite without kernels or a browser: run it while you work"
	@echo "make data    - only refresh data/processed from data/raw"
	@echo "make lint    - ruff check and format check"
	@echo "make format  - ruff format and fix"
	@echo "make lab     - open JupyterLab (127.0.0.1) with the analysis kernel; outputs go to build/interactive/"
	@echo "make strip   - clear outputs and execution counts of notebooks/*.ipynb before committing"
	@echo "make bench   - benchmark the build against plain papermill + nbconvert"
	@echo "make pdf     - PDF of each briefing (headless Chromium)"
	@echo "make lock    - refresh requirements.lock from pyproject.toml"
	@echo "make clean   - remove the virtual environment and generated reports"

# --compile-bytecode: where PYTHONDONTWRITEBYTECODE is set (CI images often set it), every
# process (kernels, builds, test workers) would otherwise compile pandas & co. from source
$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip sync --quiet --compile-bytecode --python $(BIN)/python requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	$(BIN)/python -m compileall -q src >/dev/null
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (analysis)" >/dev/null
	@touch $(STAMP)

data: $(STAMP)
	$(BIN)/python -m analysis data

report: $(STAMP)
	$(BIN)/python -m analysis build $(ARGS)

# -n auto: pytest-xdist workers; tests that inspect the same build share it (tests/conftest.py);
# SCREENSHOTS=1 make test also saves screenshots of every briefing in build/screenshots/
test: $(STAMP)
	$(BIN)/python -m pytest -n auto $(PYTEST_ARGS)

test-fast: $(STAMP)
	$(BIN)/python -m pytest -n auto -m "not slow and not browser" $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests notebooks
	$(BIN)/ruff format --check src tests notebooks

format: $(STAMP)
	$(BIN)/ruff format src tests notebooks
	$(BIN)/ruff check --fix src tests notebooks

# --allow-root: containers often run as root; --ip: never listen beyond this machine
lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=. --ip 127.0.0.1 --allow-root

# nbconvert's ClearOutputPreprocessor: outputs and execution counts gone, the rest kept
strip: $(STAMP)
	$(BIN)/jupyter nbconvert --clear-output --inplace --log-level WARN notebooks/*.ipynb

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_build.py

# Left out of the lock: rfc3987-syntax (and lark, which only it needs), jsonschema's optional
# checker of the "iri" string format, wanted by no schema the project validates. jsonschema
# imports it when it is installed, and it builds a grammar as it is imported: 1.3 s of CPU in
# every process that reads a notebook (nbformat validates with jsonschema), the build's
# workers' fork server included. Without it jsonschema leaves "iri" values unchecked.
lock:
	@test -x $(BIN)/uv || $(MAKE) $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --extra lab --extra dev --python-version 3.11 \
		--no-emit-package rfc3987-syntax --no-emit-package lark -o requirements.lock

# exactly what builds write: the venv, build/ (screenshots), reports/ except its README
clean:
	rm -rf $(VENV) build
	find reports -mindepth 1 -maxdepth 1 ! -name README.md -exec rm -rf {} +

pdf: $(STAMP)
	$(BIN)/python -m analysis pdf
