# Quick start: `make demo` runs the pipeline on sample_data/, `make test` runs the tests,
# `make test-fast` only those that run no flow and load no model (well under a minute).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# torch is installed first and pinned: this version's CPU build is what the offline
# registry carries; an unpinned torch would pull several GB of CUDA packages.
TORCH  ?= torch==2.13.0

.PHONY: demo test test-fast install clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/activate pyproject.toml
	$(BIN)/pip install --quiet "$(TORCH)"
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

demo: install
	$(BIN)/bitext run configs/sample.yaml

test: install
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

# The inner loop: markers are set in tests/conftest.py.
test-fast: install
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q -m "not flow and not model"

clean:
	rm -rf $(VENV) runs .pytest_cache
