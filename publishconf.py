"""Production settings: development settings plus what publishing changes."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

# The public address comes from the environment (a CI secret), never from the repository;
# `pelican -s publishconf.py -e SITEURL='"https://example.org/giam-ngheo"'` overrides it too.
SITEURL = os.environ.get("SITEURL", "").rstrip("/")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
DRAFT_SAVE_AS = ""  # drafts are never published
DRAFT_LANG_SAVE_AS = ""
