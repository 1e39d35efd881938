"""Production settings: development settings plus what publishing changes."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

# The public address comes from the environment (a CI secret), never from the repository;
# `pelican -s publishconf.py -e SITEURL='"https://example.org/giam-ngheo"'` overrides it too.
SITEURL = os.environ.get("SITEURL", "").rstrip("/")
RELATIVE_URLS = False
# The staff's editor on the published site signs in to the git host named by EDITOR_BACKEND,
# EDITOR_REPO, … (giamngheo/editor/backend.py; README, the administrator's page). Not set: no /admin/.
from giamngheo.editor.backend import BackendError, backend_from_environment  # noqa: E402

try:
    EDITOR_BACKEND = backend_from_environment(os.environ)
except BackendError as error:
    sys.exit(f"{error} (README: Publishing, the editor.)")
# Start from an empty output folder, but only once the content check has passed: a build
# that fails leaves the last good site untouched (giamngheo.checks).
DELETE_OUTPUT_DIRECTORY = False
CLEAN_OUTPUT_AFTER_CHECKS = True
PREVIEW_DRAFTS = False  # drafts are never published
WITH_FUTURE_DATES = False  # future-dated content waits for its date (a scheduled build)
# Read the units' portals (giamngheo.sources; a failing one keeps its last good copy in
# feed-cache/), unless the environment says SOURCES_FETCH=false: a machine without internet,
# and the tests, which serve their feeds on 127.0.0.1.
SOURCES_FETCH = os.environ.get("SOURCES_FETCH", "true").strip().lower() not in ("false", "0", "no")
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""

# Pelican's content cache, compared by content (md5) rather than by file dates, which a
# fresh checkout resets: CI restores cache/ between runs (.github/workflows/publish.yml).
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CHECK_MODIFIED_METHOD = "md5"
