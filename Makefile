# The two commands of a fresh clone: `make build`, then `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: build test chromium catalogs serve clean bench

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

test: $(VENV)/.test-tools chromium
	$(BIN)/ruff check src tests
	$(BIN)/mypy
	$(BIN)/python -m pytest

# The browser tests drive Debian's Chromium; install it when it is missing (as root, as in CI).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Chromium for the browser tests (apt-get)"; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || { \
	    echo "error: the browser tests need Chromium at /usr/bin/chromium;" \
	         "install it with 'apt-get install chromium' as root" >&2; exit 1; }; }

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
