"""Pelican plugin: what search engines and link previews need beyond each page's <head>.

(`SITE_ABSOLUTE_URL`, for canonical URLs, Open Graph and JSON-LD, is the core's.)

- `sitemap.xml` of every page this build wrote (never drafts, hidden items, previews or the
  404 page);
- `robots.txt` pointing to it.
"""

import html
import os

from pelican.generators import Generator

from giamngheo import core
from giamngheo.core import shown_item

# Every setting this plugin reads, with its default. pelicanconf.py may override any of them.
DEFAULTS = {
    "SITEMAP_SAVE_AS": "sitemap.xml",
    "ROBOTS_SAVE_AS": "robots.txt",
    "SITEMAP_EXCLUDE": ["404.html", "drafts/"],  # path prefixes left out of the sitemap
}
# The sitemap lists every page written before it: every plugin that writes pages through
# Pelican's writer comes first; it leaves out previews (item.preview, giamngheo.authoring).
AFTER = (
    "giamngheo.authoring",
    "giamngheo.showcase",
    "giamngheo.taxonomy",
    "giamngheo.stats",
    "giamngheo.opendata",
    "giamngheo.feeds",
    "giamngheo.search",
)
WRITTEN = "seo_written_pages"


class SeoGenerator(Generator):
    """Collects the pages written by this build and writes the sitemap and robots.txt."""

    writes = core.Writes.SITE

    def generate_context(self):
        self.context[WRITTEN] = []  # filled by remember_page as pages are written

    def generate_output(self, writer):
        # After every plugin that writes HTML (checked on `initialized`), it writes last.
        base = self.context["SITE_ABSOLUTE_URL"]
        entries = []
        for relative, modified in sorted(set(self.context.get(WRITTEN, []))):
            if relative.startswith(tuple(self.settings["SITEMAP_EXCLUDE"])):
                continue
            location = relative[: -len("index.html")] if relative.endswith("index.html") else relative
            lastmod = f"<lastmod>{modified}</lastmod>" if modified else ""
            entries.append(f"<url><loc>{html.escape(f'{base}/{location}')}</loc>{lastmod}</url>")
        sitemap = (
            '<?xml version="1.0" encoding="utf-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + "\n".join(entries) + "\n</urlset>\n"
        )
        self._write(self.settings["SITEMAP_SAVE_AS"], sitemap)
        robots = f"User-agent: *\nAllow: /\n\nSitemap: {base}/{self.settings['SITEMAP_SAVE_AS']}\n"
        self._write(self.settings["ROBOTS_SAVE_AS"], robots)

    def _write(self, relative, text):
        with open(os.path.join(self.output_path, relative), "w", encoding="utf-8") as output:
            output.write(text)


def remember_page(path, context):
    """Note each HTML page written, with the date its content last changed."""
    written = context.get(WRITTEN)
    if written is None or not str(path).endswith(".html"):
        return
    item = shown_item(context)
    if item is not None and getattr(item, "preview", None):
        return  # drafts and scheduled items exist only in the preview
    if item is not None and item.status == "hidden":
        return  # written at its address for who has it, listed nowhere: not in the sitemap either
    date = getattr(item, "modified", None) or getattr(item, "date", None)
    relative = os.path.relpath(path, context["OUTPUT_PATH"]).replace(os.sep, "/")
    written.append((relative, date.date().isoformat() if date else None))


register = core.plugin(
    # get_generators: the sitemap lists the pages written before it (every plugin in AFTER).
    ("get_generators", SeoGenerator),
    # content_written: sent for every file the writer renders, with that page's context.
    ("content_written", remember_page),
)
