"""What a generator writes, declared on its class: `writes = Writes.…`.

The live preview (`giamngheo/preview/`) learns from it what to write again after a save that
changes only an item's text (its fast path), and what to leave to the full build that follows.
A generator class of the package declares it; one of Pelican's own, which cannot, gets a
default from Pelican's classes (`writes_of`).
"""

import enum

from pelican.generators import CachingGenerator


class Writes(enum.StrEnum):
    # Each item's own page and the lists of items (paginated pages, archives), through the
    # writer it is given: the fast path runs it with a writer that writes the edited items'
    # own pages first, then only the pages that list them. A generator that reads items.
    ITEMS = "items"
    # Pages and feeds that list items, through the writer it is given: the fast path runs it
    # with a writer that writes only the files that list the edited items.
    LISTS = "lists"
    # Files made from the whole site, from data or from settings (static files, images, the
    # sitemap, open data, addresses, the editor): the fast path skips it, the full build that
    # follows writes them.
    SITE = "site"
    # Nothing: it reads or checks only.
    NOTHING = "nothing"


def writes_of(generator):
    """What `generator` writes: its class's `writes`; for Pelican's own generators, ITEMS
    for those that read items (CachingGenerator: articles, pages), SITE for the others."""
    declared = getattr(type(generator), "writes", None)
    if declared is not None:
        return Writes(declared)
    return Writes.ITEMS if isinstance(generator, CachingGenerator) else Writes.SITE


class Text:
    """A finished text as a template for Pelican's writer (`writer.write_file(name,
    Text(text), context)`), for files that are not rendered from a Jinja template."""

    def __init__(self, text):
        self.text = text

    def render(self, context):
        return self.text


def write_page(generator, writer, name, template, **values):
    """Write `generator`'s one page named by the settings `name`_SAVE_AS and `name`_URL (as
    STATISTICS_SAVE_AS, STATISTICS_URL) from its `template`, with its context and `values`."""
    settings = generator.settings
    url = settings[f"{name}_URL"]
    writer.write_file(
        settings[f"{name}_SAVE_AS"],
        generator.get_template(template),
        generator.context,
        relative_urls=settings["RELATIVE_URLS"],
        url=url,
        page_name=url.strip("/"),
        **values,
    )
