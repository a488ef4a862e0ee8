# Two commands on a fresh machine: `make demo` and `make test`. Both build .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export TF_CPP_MIN_LOG_LEVEL ?= 3

.PHONY: venv demo test bench clean

venv: $(STAMP)

$(STAMP): pyproject.toml $(wildcard plugins/*/pyproject.toml)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m pip install --quiet -e plugins/skcb-example-metrics
	touch $(STAMP)

demo: venv
	$(BIN)/skcb demo

test: venv
	$(BIN)/python -m pytest -n 2 --dist loadfile

bench: venv
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) logs .pytest_cache
