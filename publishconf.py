"""Production settings: development settings plus what publishing changes."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

# The public address comes from the environment (a CI secret), never from the repository;
# `pelican -s publishconf.py -e SITEURL='"https://example.org/giam-ngheo"'` overrides it too.
SITEURL = os.environ.get("SITEURL", "").rstrip("/")
RELATIVE_URLS = False
# Start from an empty output folder, but only once the content check has passed: a build
# that fails leaves the last good site untouched (giamngheo.checks).
DELETE_OUTPUT_DIRECTORY = False
CLEAN_OUTPUT_AFTER_CHECKS = True
PREVIEW_DRAFTS = False  # drafts are never published
WITH_FUTURE_DATES = False  # future-dated content waits for its date (a scheduled build)
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""

# Pelican's content cache, compared by content (md5) rather than by file dates, which a
# fresh checkout resets: CI restores cache/ between runs (.github/workflows/publish.yml).
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CHECK_MODIFIED_METHOD = "md5"
