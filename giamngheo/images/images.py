"""Pelican plugin: responsive, metadata-free images, processed once and cached.

Every photo under IMAGES_PATHS becomes several widths in WebP and JPEG and a 1200x630
crop for link previews (processing.py). The original is never published: links to it
({static}/images/x.jpg, covers) lead to the processed JPEG, and the theme adds srcset,
sizes, width and height (the `responsive_images` filter for the text, the `responsive_image`
function for covers: one `picture_html` for both). The cover of an article or profile
(`Image:`) is resolved here too: `item.cover` is its published file.
Results are cached by content and options in IMAGES_CACHE_PATH, so a rebuild, or a fresh
checkout with the cache restored, processes nothing that has not changed; new photos are
processed in parallel on every core.
"""

import concurrent.futures
import json
import logging
import os
import re
import shutil
import time
import urllib.parse

from jinja2 import pass_context
from markupsafe import Markup, escape
from pelican.generators import Generator
from pelican.utils import slugify

from giamngheo import core
from giamngheo.core import ContentProblem, all_content, mark_decorative, relative_source, report

from .processing import ImageProblem, cache_key, process, settle

logger = logging.getLogger(__name__)

# Every setting this plugin reads, with its default. pelicanconf.py may override any of them.
DEFAULTS = {
    "IMAGES_PATHS": ["images"],  # folders (under PATH) whose photos are processed
    "IMAGES_WIDTHS": [480, 800, 1200],  # widths offered in srcset; the largest is the default
    "IMAGES_JPEG_QUALITY": 80,
    "IMAGES_WEBP_QUALITY": 75,
    "IMAGES_MAX_BYTES": 30_000_000,  # a larger file is refused with a message
    "IMAGES_MAX_PIXELS": 40_000_000,  # and so is a larger picture (guards memory)
    "IMAGES_CACHE_PATH": "image-cache",  # relative to the current folder, like CACHE_PATH
    "IMAGES_WORKERS": None,  # processes for new photos; None: one per core
    "IMAGES_SIZES": "(min-width: 46rem) 44rem, 100vw",  # layout width of an image in the text
}
# Files with unsafe names are renamed (authoring) before their processed copies are named.
AFTER = ("giamngheo.authoring",)
SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
CONTEXT_KEY = "processed_images"


class ProcessedImage:
    """What the theme needs of one processed photo. URLs are relative to SITEURL."""

    def __init__(self, folder, meta, cache_dir):
        self.cache_dir = cache_dir
        self.width, self.height = meta["width"], meta["height"]
        self.files = [v["jpeg"] for v in meta["variants"]] + [v["webp"] for v in meta["variants"]] + [meta["og"]]
        self.folder = folder
        self.variants = [
            {"width": v["width"], "height": v["height"], "jpeg": self._url(v["jpeg"]), "webp": self._url(v["webp"])}
            for v in meta["variants"]
        ]
        self.default = self.variants[-1]
        self.url = self.default["jpeg"]
        self.og_url = self._url(meta["og"])

    def _url(self, name):
        return f"{self.folder}/{name}" if self.folder else name

    def srcset(self, kind, prefix, max_width=None):
        """The variants up to `max_width` (all by default), at least the smallest."""
        variants = [v for v in self.variants if max_width is None or v["width"] <= max_width] or self.variants[:1]
        return ", ".join(f"{prefix}{v[kind]} {v['width']}w" for v in variants)

    @property
    def default_path(self):
        """The processed default JPEG (what feeds enclose)."""
        return os.path.join(self.cache_dir, os.path.basename(self.url))


def _options(settings):
    return {
        "widths": list(settings["IMAGES_WIDTHS"]),
        "jpeg_quality": settings["IMAGES_JPEG_QUALITY"],
        "webp_quality": settings["IMAGES_WEBP_QUALITY"],
        "max_bytes": settings["IMAGES_MAX_BYTES"],
        "max_pixels": settings["IMAGES_MAX_PIXELS"],
    }


def _work(job):
    """In a worker process: process one photo into a fresh cache folder."""
    source, stem, cache_dir, options = job
    temporary = f"{cache_dir}.tmp-{os.getpid()}"
    shutil.rmtree(temporary, ignore_errors=True)
    try:
        meta = process(source, stem, temporary, options)
    except ImageProblem as problem:
        shutil.rmtree(temporary, ignore_errors=True)
        return source, None, problem.args
    with open(os.path.join(temporary, "meta.json"), "w", encoding="utf-8") as output:
        json.dump(meta, output)
    settle(temporary, cache_dir)
    return source, meta, None


def process_images(static_generator):
    """Process (or take from the cache) every photo, and publish it in place of its original."""
    settings = static_generator.settings
    context = static_generator.context
    options = _options(settings)
    cache_root = os.path.abspath(settings["IMAGES_CACHE_PATH"])
    folders = tuple(folder.rstrip("/") + "/" for folder in settings["IMAGES_PATHS"])
    photos = [
        s
        for s in static_generator.staticfiles
        if s.relative_source_path.lower().endswith(SUFFIXES) and s.relative_source_path.startswith(folders)
    ]
    started, jobs, found = time.perf_counter(), [], {}
    for static in photos:
        with open(static.source_path, "rb") as source:
            key = cache_key(source.read(), options)
        stem_source = os.path.splitext(os.path.basename(static.relative_source_path))[0]
        name = slugify(stem_source, regex_subs=settings["SLUG_REGEX_SUBSTITUTIONS"]) or "anh"
        stem = f"{name}-{key[:8]}"  # the content hash in the name: cacheable for a year
        cache_dir = os.path.join(cache_root, f"{key}-{name}")
        found[static.source_path] = (static, cache_dir)
        if not os.path.isfile(os.path.join(cache_dir, "meta.json")):
            jobs.append((static.source_path, stem, cache_dir, options))
    results = {}
    if jobs:
        workers = settings["IMAGES_WORKERS"] or os.cpu_count() or 1
        if workers > 1 and len(jobs) > 1:
            with concurrent.futures.ProcessPoolExecutor(max_workers=min(workers, len(jobs))) as pool:
                outcomes = list(pool.map(_work, jobs))
        else:
            outcomes = [_work(job) for job in jobs]
        results = {source: (meta, problem) for source, meta, problem in outcomes}
    records = context.setdefault(CONTEXT_KEY, {})
    for source_path, (static, cache_dir) in found.items():
        meta, problem = results.get(source_path, (None, None))
        if problem:
            message, fix = problem
            report(
                context,
                ContentProblem(relative_source(source_path, static_generator.path), None, message, fix, "image"),
            )
            continue
        if meta is None:
            with open(os.path.join(cache_dir, "meta.json"), encoding="utf-8") as cached:
                meta = json.load(cached)
        folder = os.path.dirname(static.save_as).replace(os.sep, "/")
        record = ProcessedImage(folder, meta, cache_dir)
        static.image = record
        static.override_url = record.url
        static.override_save_as = record.url
        records[record.url] = record
    # The originals stay out of the output (GPS positions in phone photos must never leak).
    static_generator.staticfiles[:] = [s for s in static_generator.staticfiles if s not in photos]
    elapsed = time.perf_counter() - started
    logger.info(
        "Ảnh: %d xử lý mới, %d lấy từ bộ nhớ đệm, %.2f giây (images: %d new, %d cached)",
        len(jobs),
        len(found) - len(jobs),
        elapsed,
        len(jobs),
        len(found) - len(jobs),
    )


def cover_path(item):
    """The cover (`Image:`) of an article or profile as a path under PATH, or None."""
    image = item.metadata.get("image")
    return urllib.parse.unquote(str(image)).lstrip("/") if image else None


def resolve_covers(generators):
    """Give each article and profile with an `Image:` its published file as `item.cover`
    (None when there is no such file, which giamngheo.checks reports)."""
    context = generators[0].context
    static = context.get("static_content", {})
    for item in all_content(context):
        path = cover_path(item)
        if path:
            item.cover = static.get(path)


class ImagesGenerator(Generator):
    """Copies the processed images from the cache into the output."""

    writes = core.Writes.SITE  # the photos: no text edit changes them

    def generate_context(self):
        pass  # the work happens once Pelican knows the static files (process_images)

    def generate_output(self, writer):
        for record in self.context.get(CONTEXT_KEY, {}).values():
            target = os.path.join(self.output_path, record.folder)
            os.makedirs(target, exist_ok=True)
            for name in record.files:
                destination = os.path.join(target, name)
                if not os.path.exists(destination):
                    shutil.copy2(os.path.join(record.cache_dir, name), destination)


IMG_TAG = re.compile(r"<img\b[^>]*>", re.I)
SRC = re.compile(r'\ssrc="([^"]+)"')


def picture_html(image, prefix, sizes, img_attributes, eager=False, max_width=None):
    """A processed photo as <picture>: WebP and JPEG srcsets (variants up to `max_width`, for
    a photo never shown large), its size (no layout shift), lazy loading unless it is the
    first thing a reader sees (`eager`). `img_attributes` are the <img>'s own (src, alt,
    class …), written as they come."""
    loading = ' fetchpriority="high"' if eager else ' loading="lazy"'
    webp, jpeg = image.srcset("webp", prefix, max_width), image.srcset("jpeg", prefix, max_width)
    return Markup(
        f'<picture><source type="image/webp" srcset="{webp}" sizes="{sizes}">'
        f'<img{img_attributes} srcset="{jpeg}" sizes="{sizes}"'
        f' width="{image.default["width"]}" height="{image.default["height"]}"{loading} decoding="async">'
        "</picture>"
    )


def make_responsive_filter(get_context, sizes):
    """A Jinja filter: each <img> of a processed photo in article HTML becomes a <picture>."""

    def responsive(html):
        html = mark_decorative(html)
        records = get_context().get(CONTEXT_KEY, {})
        if not records or "<img" not in html:
            return html

        def replace(match):
            tag = match.group(0)
            src = SRC.search(tag)
            if not src:
                return tag
            record = next((r for url, r in records.items() if src.group(1).endswith(url)), None)
            if record is None:
                return tag
            prefix = src.group(1)[: -len(record.url)]
            attributes = tag[len("<img") : -1].rstrip("/").rstrip()
            return picture_html(record, prefix, sizes, attributes)

        return IMG_TAG.sub(replace, html)

    return responsive


def make_responsive_image(default_sizes):
    """A Jinja function: a processed photo (a cover) as <picture>, addressed from SITEURL."""

    @pass_context
    def responsive_image(context, image, alt, sizes=None, eager=False, class_name="", max_width=None):
        if not image:
            return ""
        prefix = f"{context.get('SITEURL', '')}/"
        css_class = f' class="{escape(class_name)}"' if class_name else ""
        attributes = f'{css_class} src="{prefix}{image.url}" alt="{escape(alt)}"'
        return picture_html(image, prefix, sizes or default_sizes, attributes, eager=eager, max_width=max_width)

    return responsive_image


def add_filter(generator):
    sizes = generator.settings["IMAGES_SIZES"]
    generator.env.filters["responsive_images"] = make_responsive_filter(lambda: generator.context, sizes)
    generator.env.globals["responsive_image"] = make_responsive_image(sizes)


register = core.plugin(
    # static_generator_finalized: the static files are known and nothing is written yet.
    ("static_generator_finalized", process_images),
    # all_generators_finalized: every item is read and every static file known.
    ("all_generators_finalized", resolve_covers),
    # generator_init: every generator has its own Jinja environment.
    ("generator_init", add_filter),
    # get_generators: copying the processed files belongs to the writing phase.
    ("get_generators", ImagesGenerator),
)
