# Heard — the two commands that matter: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HEARD := $(VENV)/bin/heard
STAMP := $(VENV)/.installed-dev
BENCH_STAMP := $(VENV)/.installed-bench
export HEARD_DATA_DIR ?= var

.PHONY: help install run test lint bench portal-messages clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Heard needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

install: $(STAMP) ## set up .venv with Heard and its development tools (quick when done before)

run: install ## migrate and start Heard on SQLite in ./var (web chat, staff portal, seeded surveys)
	$(HEARD) migrate
	$(HEARD) demo seed --offer
	$(HEARD) serve

test: install ## run the whole test suite (two processes, then the fault suite and timing tests alone)
	$(PY) -m pytest -q -n 2 -m "not faults and not serial"
	$(PY) -m pytest -q -m "faults or serial"

lint: install ## ruff, mypy, the import-layer contract and bandit (security)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	$(VENV)/bin/bandit -q -c pyproject.toml -r anonymiser bot feedback surveys

$(BENCH_STAMP): pyproject.toml | $(STAMP)
	$(PY) -m pip install --quiet -e ".[dev,bench]"
	@touch $@

bench: $(BENCH_STAMP) ## run the benchmarks and print their tables (see bench/RESULTS.md)
	@for b in bench/*/run.py; do echo "== $$b"; $(PY) $$b || exit 1; done

portal-messages: install ## extract the staff portal's words into its English catalogue (docs/languages.md)
	$(VENV)/bin/pybabel --quiet extract -F babel.cfg --no-location --sort-output --omit-header \
		-o bot/locale/en/LC_MESSAGES/portal.po .

clean: ## remove the virtual environment and caches (keeps ./var)
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
