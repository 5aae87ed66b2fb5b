# One command builds the briefings (`make report`), one runs the tests (`make test`).
# Both create the virtual environment from the lock file on first use.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
UV_VERSION := 0.13.9
STAMP  := $(VENV)/.installed

.PHONY: test report data lint format lab bench pdf clean lock help

help:
	@echo "make report  - refresh data/processed and build the HTML briefings in reports/"
	@echo "make test    - run the whole test suite (creates .venv on first use)"
	@echo "make lint    - ruff check and format check"
	@echo "make lab     - open JupyterLab with the analysis kernel"
	@echo "make bench   - benchmark the build against plain papermill + nbconvert"
	@echo "make lock    - refresh requirements.lock from pyproject.toml"

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip sync --quiet --python $(BIN)/python requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (analysis)" >/dev/null
	@touch $(STAMP)

data: $(STAMP)
	$(BIN)/python -m analysis data

report: $(STAMP)
	$(BIN)/python -m analysis build $(ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests notebooks
	$(BIN)/ruff format --check src tests notebooks

format: $(STAMP)
	$(BIN)/ruff format src tests notebooks
	$(BIN)/ruff check --fix src tests notebooks

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=.

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_build.py

lock:
	@test -x $(BIN)/uv || $(MAKE) $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --extra lab --extra dev --python-version 3.11 -o requirements.lock

# exactly what builds write: the venv, build/ (screenshots), reports/ except its README
clean:
	rm -rf $(VENV) build
	find reports -mindepth 1 -maxdepth 1 ! -name README.md -exec rm -rf {} +

pdf: $(STAMP)
	$(BIN)/python -m analysis pdf
