# Two commands set everything up: `make build` and `make test`. Both create or reuse .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test check lint clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/catalog build --models models --out site

check: $(STAMP)
	$(BIN)/catalog check --models models

lint: $(STAMP)
	$(BIN)/ruff check catalog tests
	$(BIN)/ruff format --check catalog tests

test: $(STAMP)
	$(BIN)/ruff check catalog tests
	$(BIN)/python -m pytest

clean:
	rm -rf site .pytest_cache
