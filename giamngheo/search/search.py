"""Pelican plugin: full-text search over a static index of our own, built by every Pelican run.

The index is made from the text the build already has (each item's title, summary and
Markdown-rendered content; a model profile's kind and facts), never from the written pages,
so navigation, footers and lists are never indexed. Its terms are syllables and pairs of
neighbouring syllables, folded and as written (tokens.py); its files are small and
fetched a few at a time by theme/static/js/search.js (index.py describes them). The search
page /tim-kiem/ loads nothing of it until a reader searches.

The index is written by a forked process that starts once everything is read and runs
while Pelican writes the pages; the build waits for it at its very end (`finalized`).
"""

import dataclasses
import gc
import html
import logging
import multiprocessing
import os
import re
import shutil
import unicodedata

from pelican.generators import Generator

from giamngheo import core
from giamngheo.core import content_type, content_types, published, this_build
from giamngheo.vietnamese.formatting import vi_date

from .index import BLOCK, Document, bucket_count, write_index

logger = logging.getLogger(__name__)

# Every setting this plugin reads, with its default. pelicanconf.py may override any of them.
DEFAULTS = {
    "SEARCH_URL": "tim-kiem/",
    "SEARCH_SAVE_AS": "tim-kiem/index.html",
    "SEARCH_BUNDLE": "tim-kiem/chi-muc",  # folder of the index, under the output
    "SEARCH_INDEX": True,  # False skips the index (the page is still written)
}
# The checks empty the output before the index's process starts writing into it; the text
# indexed is the sanitiser's (never a <style> block's CSS); a profile's kind and facts are
# the showcase's and the taxonomy's, the filters' areas and programs the taxonomy's
# (giamngheo/README.md: the core enforces this order).
AFTER = ("giamngheo.checks", "giamngheo.sanitise", "giamngheo.showcase", "giamngheo.taxonomy")
TAG = re.compile(r"<[^>]*>")
SPACE_BEFORE_PUNCTUATION = re.compile(r" ([,.;:!?)”])")  # left where an inline tag closed


def text_of(markup):
    """The words of an HTML fragment, tags removed, entities decoded, in NFC."""
    text = " ".join(html.unescape(TAG.sub(" ", markup or "")).split())
    return unicodedata.normalize("NFC", SPACE_BEFORE_PUNCTUATION.sub(r"\1", text))


def document(item, kind):
    """What the index keeps of one article, model profile or page."""
    parts = [item.metadata.get("summary") or "", getattr(item, "_content", "")]
    declared = content_type(item)  # its own words and filters, if its type declares them
    if declared is not None and declared.search_text:
        parts.append(html.escape(declared.search_text(item)))
    facts = getattr(item, "facts", None)  # a model profile's kind and typed facts
    parts.append(getattr(getattr(item, "kind", None), "name", "") or "")
    parts += [value for _, rows in (facts.panel() if facts else []) for _, value in rows]
    areas = [t for a in getattr(item, "areas", None) or [] for t in (a, *a.ancestors)]
    programs = [t for p in getattr(item, "programs", None) or [] for t in (p, *p.ancestors)]
    date = getattr(item, "date", None)
    filters = {
        "loai": [kind],
        "dia-ban": sorted({t.name for t in areas}),
        "chuong-trinh": sorted({t.short_name for t in programs}),
        "nam": [str(date.year)] if date else [],
    }
    if declared is not None and declared.search_filters:
        filters.update(declared.search_filters(item))
    return Document(
        title=text_of(item.title),
        text=" ".join(text_of(part) for part in parts),
        url=item.url,
        kind=kind,
        date=vi_date(date) if date else "",
        area=", ".join(a.name for a in getattr(item, "areas", None) or []),
        filters=filters,
    )


def searched_items(context):
    """(item, its type's label) of every published item of every content type (drafts and
    hidden pages are not searched), oldest first: page numbers only grow."""
    found = [
        (item, declared.label)
        for declared in content_types(context).values()
        for item in published(context, declared.name)
    ]
    return sorted(found, key=lambda pair: (str(getattr(pair[0], "date", "")), pair[0].url))


def _write(items, folder):
    # No cyclic garbage collection while indexing: the index makes no cycles, and each
    # collection would walk every object of the build (and, in a forked process, copy the
    # memory pages it touches): with it, the index took several times longer.
    collecting = gc.isenabled()
    gc.disable()
    try:
        documents = [document(item, kind) for item, kind in items]
        write_index(documents, folder, bucket_count(len(documents)))
    finally:
        if collecting:
            gc.enable()


@dataclasses.dataclass
class IndexJob:
    """The index of one build, from `all_generators_finalized` to `finalized`: the process
    writing it (None: written already, without fork) into `fresh`, to replace `final`."""

    process: object = None
    fresh: str = ""
    final: str = ""


class SearchGenerator(Generator):
    """Writes the index (in a process of its own) and the search page."""

    writes = core.Writes.SITE  # the index of every item: the full build writes it

    def generate_context(self):
        pass  # the page's figures are known once everything is read (start_index)

    def start_index(self):
        """Start writing the index into a fresh folder beside the final one."""
        items = searched_items(self.context)
        self.context["SEARCH_BUCKETS"] = bucket_count(len(items))
        self.context["SEARCH_BLOCK"] = BLOCK
        if not self.settings["SEARCH_INDEX"]:
            return
        final = os.path.join(self.output_path, self.settings["SEARCH_BUNDLE"])
        job = this_build(self.settings).part(IndexJob)
        job.fresh, job.final = f"{final}.new", final
        name = f"search index {os.path.abspath(job.fresh)}"
        for earlier in multiprocessing.active_children():  # a build that stopped before its end
            if earlier.name == name:
                earlier.terminate()
                earlier.join()
        shutil.rmtree(job.fresh, ignore_errors=True)
        if "fork" in multiprocessing.get_all_start_methods():
            fork = multiprocessing.get_context("fork")
            job.process = fork.Process(target=_write, args=(items, job.fresh), name=name, daemon=True)
            job.process.start()
        else:  # no fork (Windows): write it here and now
            _write(items, job.fresh)

    def generate_output(self, writer):
        core.write_page(self, writer, "SEARCH", "search")


def finish_index(pelican):
    """Wait for the index and put it in place of the previous one."""
    job = this_build(pelican.settings).part(IndexJob)
    if not job.final:
        return
    if job.process is not None:
        job.process.join()
        if job.process.exitcode:
            shutil.rmtree(job.fresh, ignore_errors=True)
            logger.error("Không tạo được chỉ mục tìm kiếm (search index failed, exit code %s)", job.process.exitcode)
            return
    shutil.rmtree(job.final, ignore_errors=True)
    os.replace(job.fresh, job.final)
    logger.info("Đã tạo chỉ mục tìm kiếm trong %s", job.final)


def start_index(generators):
    for generator in generators:
        if isinstance(generator, SearchGenerator):
            generator.start_index()


register = core.plugin(
    # get_generators: the search page, and the index's last step, belong to the writing phase.
    ("get_generators", SearchGenerator),
    # all_generators_finalized: every item is read (cached or not), the checks have emptied
    # the output and the sanitiser has cleaned the text (both are listed before); nothing is
    # written yet, so the index is made while Pelican writes the pages.
    ("all_generators_finalized", start_index),
    # finalized: every page is written; the index's process has had all that time.
    ("finalized", finish_index),
)
