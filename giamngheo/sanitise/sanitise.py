"""Pelican plugin: every item's HTML cleaned by the site's sanitiser (nh3, `cleaner.py`) once
the checks have passed: the checks tell staff what is wrong, this is the second line.

It runs before anything else reads the HTML it cleans (the search index, the feeds, the
templates): giamngheo.search names it in its AFTER.
"""

from giamngheo import core
from giamngheo.core import all_content

from .cleaner import clean_page_html

# The checks must have passed (they report staff's unsafe HTML by file and line) before the
# sanitiser silently cleans what is left.
AFTER = ("giamngheo.checks",)


def sanitise_content(generators):
    """Clean every item's HTML (text and summary) before any template shows it."""
    context = generators[0].context
    for item in all_content(context):
        sanitise_item(item, context["EMBED_ALLOWED_HOSTS"])


def sanitise_item(item, hosts):
    """Clean one item's text and summary (the live preview calls it for an item it re-reads)."""
    if getattr(item, "_content", None):
        item._content = clean_page_html(item._content, hosts)
    if getattr(item, "_summary", None):
        item._summary = clean_page_html(item._summary, hosts)


register = core.plugin(
    # all_generators_finalized: every item is read and the checks (listed before) have passed;
    # nothing is written and nothing has read the HTML yet (the plugins that do come after).
    ("all_generators_finalized", sanitise_content),
)
