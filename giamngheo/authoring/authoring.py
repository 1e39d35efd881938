"""Pelican plugin: writing for the site as staff do.

- a forgiving Markdown reader (reader.py);
- in the live preview (PREVIEW_DRAFTS = True), drafts and future-dated content are shown
  and marked; the published site (publishconf.py) never contains them;
- images and documents whose file names have spaces or Vietnamese letters are published
  under a safe name ("Ảnh lúa tôm.JPG" -> "anh-lua-tom.jpg").
"""

import datetime
import os

from pelican.readers import MarkdownReader
from pelican.utils import slugify

from giamngheo import core
from giamngheo.core import all_content, content_type

from .reader import ForgivingMarkdownReader

SAFE_NAME_CHARACTERS = set("abcdefghijklmnopqrstuvwxyz0123456789-_.")

# Every setting this plugin reads, with its default. pelicanconf.py may override any of them.
DEFAULTS = {
    "PREVIEW_DRAFTS": False,  # True: show drafts and future-dated content, marked (preview)
}


def use_forgiving_reader(readers):
    """Read every Markdown extension with the forgiving reader."""
    for extension in MarkdownReader.file_extensions:
        if readers.reader_classes.get(extension) is MarkdownReader:
            readers.reader_classes[extension] = ForgivingMarkdownReader


def mark_preview(content):
    """In the preview, show drafts and scheduled content, marked as such."""
    settings = content.settings
    if not settings["PREVIEW_DRAFTS"]:
        return
    declared = content_type(content, settings)
    if declared is None:
        return
    if content.status == "draft" and declared.previewed:  # the types that declare it
        content.status = "published"
        content.preview = "draft"
    date = declared.published_date(content)
    if date is not None and date > datetime.datetime.now(tz=date.tzinfo):
        content.preview = getattr(content, "preview", None) or "scheduled"


def safe_static_names(generator):
    """Publish files with spaces, capitals or Vietnamese letters under a safe name."""
    taken = {static.save_as for static in generator.staticfiles}
    for static in generator.staticfiles:
        folder, name = os.path.split(static.save_as)
        if set(name) <= SAFE_NAME_CHARACTERS:
            continue
        stem, suffix = os.path.splitext(name)
        safe = slugify(stem, regex_subs=generator.settings["SLUG_REGEX_SUBSTITUTIONS"]) or "tep"
        candidate, number = f"{safe}{suffix.lower()}", 2
        while os.path.join(folder, candidate) in taken:
            candidate, number = f"{safe}-{number}{suffix.lower()}", number + 1
        save_as = os.path.join(folder, candidate).replace(os.sep, "/")
        taken.add(save_as)
        static.override_save_as = save_as
        static.override_url = save_as


def freeze_addresses(generators):
    """Compute each article's, profile's and page's address once.

    Pelican works the URL out again at every use (a format, a slugify, a relative path), and
    a list page uses it for every card: on a 5,000-article site that is a tenth of the build.
    Once everything is read, statuses and slugs are final, so the result can be kept.
    """
    for item in all_content(generators[0].context):
        item.override_url, item.override_save_as = item.url, item.save_as


register = core.plugin(
    # readers_init: the place Pelican offers to swap the reader of a file extension.
    ("readers_init", use_forgiving_reader),
    # content_object_init: every article and profile passes here once it has its status and date.
    ("content_object_init", mark_preview),
    # static_generator_finalized: static files are known, nothing is copied or linked yet.
    ("static_generator_finalized", safe_static_names),
    # all_generators_finalized: every item is read and its status final; nothing is written.
    ("all_generators_finalized", freeze_addresses),
)
