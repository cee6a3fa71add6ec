# The two commands of a fresh clone: `make build`, then `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The files the quality gates run, from package.json (see the npm ci rule below).
NODE_TOOLS := node_modules/axe-core/axe.min.js node_modules/vnu-jar/build/dist/vnu.jar node_modules/lighthouse/package.json

.PHONY: build test golden chromium java node web-servers catalogs serve clean bench lighthouse deploy hugo

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

# pytest in TEST_WORKERS processes (pytest-xdist), each taking whole test files, so that a file's
# shared builds, servers and browser pages are made once; TEST_WORKERS=0 runs it in this process.
TEST_WORKERS ?= 2

test: $(VENV)/.test-tools chromium java web-servers $(NODE_TOOLS)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

# Rewrite tests/golden/ (the fixture site built with a fixed clock) by the golden test's own
# build; review the change as `git diff tests/golden` (new files are added with --intent-to-add
# so that the diff shows them too).
golden: $(VENV)/.test-tools
	G20SITE_GOLDEN=update $(BIN)/python -m pytest -q tests/test_golden.py
	-git add --intent-to-add tests/golden
	-git --no-pager diff --stat tests/golden

# The browser tests drive Debian's Chromium; install it when it is missing (as root, as in CI).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Chromium for the browser tests (apt-get)"; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || { \
	    echo "error: the browser tests need Chromium at /usr/bin/chromium;" \
	         "install it with 'apt-get install chromium' as root" >&2; exit 1; }; }

# tests/test_hosting.py serves the built sites with real nginx (and Debian's brotli_static module),
# Apache and Caddy; install them when missing (as root, as in CI). None is started as a service.
WEB_SERVERS := nginx libnginx-mod-http-brotli-static apache2 caddy
web-servers:
	@{ command -v nginx && command -v apache2 && command -v caddy && \
	   test -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so; } >/dev/null 2>&1 || { \
	  echo "Installing nginx, Apache and Caddy for the hosting tests (apt-get)"; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(WEB_SERVERS) >/dev/null; } || { \
	    echo "error: the hosting tests need nginx, its brotli_static module, Apache and Caddy;" \
	         "install them with 'apt-get install $(WEB_SERVERS)' as root" >&2; exit 1; }; }

# The quality gates (tests/test_quality.py) run axe-core in Chromium and the Nu Html Checker
# (vnu.jar, on Java); `make lighthouse` runs Lighthouse. All three come from package.json:
# `npm ci` runs when one of those files is missing or package-lock.json changed (no install
# scripts: vnu-jar's would fetch a Java runtime; Debian's is used instead). `touch`: npm
# keeps the dates of the packages, older than the lock file.
$(NODE_TOOLS) &: package.json package-lock.json | node
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(NODE_TOOLS)

node:
	@command -v npm >/dev/null 2>&1 || { \
	  echo "Installing Node.js and npm for the quality gates (apt-get)"; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; } || { \
	    echo "error: the quality gates need Node.js 18+ and npm;" \
	         "install them with 'apt-get install nodejs npm' as root" >&2; exit 1; }; }

# The benchmark compares with Hugo when the machine has it: install Debian's when missing (as root); a
# machine that cannot is benchmarked without it.
hugo:
	@command -v hugo >/dev/null 2>&1 || { \
	  echo "Installing Hugo for the benchmark (apt-get)"; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo >/dev/null; } || \
	    echo "Hugo could not be installed: the benchmark runs without it" >&2; }

java:
	@command -v java >/dev/null 2>&1 || { \
	  echo "Installing Java for the Nu Html Checker (apt-get)"; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; } || { \
	    echo "error: the HTML checks need Java 11+;" \
	         "install it with 'apt-get install default-jre-headless' as root" >&2; exit 1; }; }

# Lighthouse 12, mobile, on the home page and a meeting note of the bundled site: a benchmark, not a test.
lighthouse: $(BIN)/g20site chromium $(NODE_TOOLS)
	$(BIN)/python benchmarks/lighthouse.py

# The theme's catalogs, then the tool's: its own messages and Click's (Usage:, Options:, its errors),
# which Click marks with _ and ngettext, taken from the installed click (see babel-tool.cfg).
TOOL_KEYWORDS := -k _ -k N_ -k Message -k ngettext:1,2 -k Plural:1,2
CLICK_FOLDER := import click, os; print(os.path.relpath(os.path.dirname(click.__file__)))

catalogs: $(BIN)/g20site
	$(BIN)/pybabel extract --sort-output -F babel.cfg -o templates/locale/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching -i templates/locale/messages.pot -d templates/locale
	$(BIN)/pybabel extract --sort-output -F babel-tool.cfg $(TOOL_KEYWORDS) --project=g20site \
	  -o src/g20site/locale/g20site.pot src/g20site "$$($(BIN)/python -c '$(CLICK_FOLDER)')"
	$(BIN)/pybabel update --no-fuzzy-matching -D g20site -i src/g20site/locale/g20site.pot -d src/g20site/locale

serve: $(BIN)/g20site
	$(BIN)/g20site serve --drafts

clean:
	rm -rf public .g20site-cache .pytest_cache .mypy_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

# Copy the built site to a server over SSH: make deploy DEST=user@server.go.id:/var/www/html/g20/
# (--delete removes there what the build no longer makes; the checksums skip what did not change).
deploy: $(BIN)/g20site
	@test -n "$(DEST)" || { echo "usage: make deploy DEST=user@server:/var/www/html/g20/" >&2; exit 2; }
	$(BIN)/g20site build --quiet
	rsync -rlz --checksum --delete --chmod=D755,F644 --exclude=.g20site-manifest.json public/ "$(DEST)"

DOCS ?= 1000
bench: $(BIN)/g20site hugo
	$(BIN)/python benchmarks/run.py --docs $(DOCS)
	cd benchmarks && ../$(BIN)/python editor.py
