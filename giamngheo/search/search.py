"""Pelican plugin: full-text search with Pagefind, built by every Pelican run.

Only the text of articles, model profiles and pages is indexed (templates mark it with
data-pagefind-body; navigation, footers and lists are not). Pagefind folds Vietnamese tones
("nuoi de" finds "nuôi dê", exact spelling ranks first) but not đ, which is a letter of its
own: each item gets `search_d_words`, a folded copy of its words with đ that templates give
Pagefind hidden, so that "dong hai" finds "Đông Hải"; the `folded` filter makes a hidden
unaccented twin of each title, weighted like the title, so that a query typed without
diacritics ranks the page it names first. The search page /tim-kiem/ loads nothing of the
index until a reader searches.
"""

import logging
import os
import re
import subprocess
import sys

from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from giamngheo import core
from giamngheo.core import all_content
from giamngheo.vietnamese.text import strip_diacritics

logger = logging.getLogger(__name__)

# Every setting this plugin reads, with its default. pelicanconf.py may override any of them.
DEFAULTS = {
    "SEARCH_URL": "tim-kiem/",
    "SEARCH_SAVE_AS": "tim-kiem/index.html",
    "SEARCH_BUNDLE": "pagefind",  # folder of the index, at the root of the site
    "SEARCH_INDEX": True,  # False skips running Pagefind (the page is still written)
}
D_WORD = re.compile(r"\w*[đĐ]\w*")


def folded(text):
    """All of `text` without diacritics, đ as d: an unaccented twin for ranking a title."""
    return strip_diacritics(str(Markup(text).striptags()))


def d_words(text):
    """The words of `text` that contain đ, folded ("Đông Định" -> "Dong Dinh"), once each."""
    words = dict.fromkeys(strip_diacritics(word) for word in D_WORD.findall(str(Markup(text).striptags())))
    return " ".join(words)


class SearchGenerator(Generator):
    """Writes the search page."""

    def generate_context(self):
        pass  # the page needs nothing but the settings

    def generate_output(self, writer):
        writer.write_file(
            self.settings["SEARCH_SAVE_AS"],
            self.get_template("search"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            url=self.settings["SEARCH_URL"],
        )


def add_filter(generator):
    generator.env.filters["folded"] = folded


def build_index(pelican):
    """Run Pagefind over the written site (every Pelican run, the plain command included)."""
    settings = pelican.settings
    if not settings["SEARCH_INDEX"]:
        return
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        pelican.output_path,
        "--output-subdir",
        settings["SEARCH_BUNDLE"],
        "--force-language",
        "vi",
        "--silent",
    ]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode:
        logger.error("Pagefind không tạo được chỉ mục tìm kiếm (search index failed): %s", result.stderr.strip())
    else:
        logger.info("Đã tạo chỉ mục tìm kiếm trong %s", os.path.join(pelican.output_path, settings["SEARCH_BUNDLE"]))


def fold_d_words(generators):
    """Once per build and item: the folded words with đ of its text (templates show them
    hidden to Pagefind), rather than rendering each article's content a second time."""
    for item in all_content(generators[0].context):
        fold_item(item)


def fold_item(item):
    """The folded words with đ of one item's text (again after the preview re-reads it)."""
    item.search_d_words = d_words(getattr(item, "_content", "") or "")


def get_generators(pelican):
    return SearchGenerator


def register():
    core.register()  # the package's core: defaults, content types, plugin order
    signals.get_generators.connect(get_generators)
    signals.generator_init.connect(add_filter)
    # all_generators_finalized: every item is read (cached or not), nothing is written.
    signals.all_generators_finalized.connect(fold_d_words)
    # finalized: every page is written; the index is made from the pages as readers get them.
    signals.finalized.connect(build_index)
