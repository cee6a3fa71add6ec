# The two commands of a fresh clone: `make build`, then `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: build test lint catalogs serve clean bench

$(BIN)/g20site: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test-tools: $(BIN)/g20site
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

build: $(BIN)/g20site
	$(BIN)/g20site build

test: $(VENV)/.test-tools
	$(BIN)/ruff check src tests
	$(BIN)/mypy
	$(BIN)/python -m pytest

catalogs: $(BIN)/g20site
	$(BIN)/pybabel extract --sort-output -F babel.cfg -o templates/locale/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching -i templates/locale/messages.pot -d templates/locale

serve: $(BIN)/g20site
	$(BIN)/g20site serve

clean:
	rm -rf public .g20site-cache .pytest_cache .mypy_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

DOCS ?= 1000
bench: $(BIN)/g20site
	$(BIN)/python benchmarks/run.py --docs $(DOCS)
