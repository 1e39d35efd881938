"""Pelican plugin: RSS 2.0 and Atom 1.0 feeds for the whole site, news, model profiles,
each category, area, program, unit and kind of document, a JSON Feed, an OPML list and a page that explains them.

Pelican's own feeds are turned off (FEED_* = None in pelicanconf.py): one generator writes
every feed with one helper, so all carry the same item: absolute permalink as id, dates
with the +07:00 offset, full content with absolute URLs and no scripts, the cover image as
an enclosure with Media RSS (size, thumbnail, alternative text; media.py), the areas and
programs as categories.
"""

import dataclasses
import datetime
import html
import json
import logging
import os
import re

from feedgenerator import rfc2822_date
from markupsafe import Markup
from pelican.generators import Generator

from giamngheo import core
from giamngheo.core import content_type, content_types, mark_decorative, newest_first, published

from .absolute import portable_html
from .media import MediaAtomFeed, MediaRssFeed, cover_picture

logger = logging.getLogger(__name__)

# Every setting this plugin reads, with its default. pelicanconf.py may override any of them.
DEFAULTS = {
    "FEEDS_MAX_ITEMS": 50,  # newest items per feed
    "FEEDS_CONTENT": "full",  # "full": the whole article in each item; "summary": the summary
    # Absolute address that feeds link to. Feeds need absolute URLs even in development,
    # where SITEURL is empty: there they point at the preview server.
    "FEEDS_SITEURL": None,  # None: the site's absolute address (SITE_ABSOLUTE_URL)
    "FEEDS_PATH": "feeds",  # folder of the site-wide feeds, the JSON Feed and the OPML list
    "FEEDS_PAGE_URL": "lien-ket-rss/",  # the page that lists every feed
    "FEEDS_PAGE_SAVE_AS": "lien-ket-rss/index.html",
}
# Feeds need the showcase's profiles and the taxonomy's terms, read before them, and the
# covers (item.cover) giamngheo.images resolves.
# The JSON Feed of everything, in FEEDS_PATH (its server type: giamngheo/policy/hosting.py).
JSON_FEED_NAME = "tat-ca.json"
AFTER = ("giamngheo.images", "giamngheo.showcase", "giamngheo.taxonomy")


# The feeds of areas and programs: (group on the feeds page, context key, the term's name
# for the title, description, note when the term includes its children's content).
TERM_FEEDS = (
    ("Địa bàn", "areas", "name", "Tin bài và mô hình của {name}{note}.", " và các xã, phường trên địa bàn"),
    ("Chương trình", "programs", "short_name", "Tin bài và mô hình thuộc {name}{note}.", " và các dự án thành phần"),
    ("Đơn vị", "units", "name", "Tin bài và mô hình do {name} đưa tin{note}.", ""),
    # Loại văn bản (giamngheo.documents): its list is /van-ban/loai/<slug>/.
    ("Loại văn bản", "document_kinds", "feed_title", "Văn bản loại {name} mới ban hành{note}.", ""),
)


@dataclasses.dataclass
class Feed:
    """One feed, written as RSS and Atom, and the page of the site it belongs to."""

    group: str  # heading on the feeds page: "Toàn trang", "Địa bàn" …
    title: str
    description: str  # what it carries, in Vietnamese
    page_url: str  # relative to SITEURL
    rss_url: str
    atom_url: str
    items: list = dataclasses.field(repr=False, default_factory=list)


class FeedsGenerator(Generator):
    """Builds the feeds after the taxonomy has filed content under areas and programs."""

    writes = core.Writes.LISTS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.feeds = []
        self._entries = {}  # id(content) -> feed entry, so each article is prepared once

    @property
    def siteurl(self):
        return (self.settings["FEEDS_SITEURL"] or self.settings["SITE_ABSOLUTE_URL"]).rstrip("/")

    def absolute(self, url):
        return f"{self.siteurl}/{url}"

    def generate_context(self):
        limit = self.settings["FEEDS_MAX_ITEMS"]
        folder = self.settings["FEEDS_PATH"].strip("/")
        name = self.settings["SITENAME"]
        # Each type with a site-wide feed of its own; all of them together in "tất cả".
        fed = [t for t in content_types(self.settings).values() if t.site_feed]
        everything = [item for declared in fed for item in published(self.context, declared.name)]

        def site_feed(slug, title, description, page_url, items):
            return Feed(
                "Toàn trang",
                f"{name}: {title}",
                description,
                page_url,
                f"{folder}/{slug}.rss.xml",
                f"{folder}/{slug}.atom.xml",
                newest_first(items, limit),
            )

        self.feeds = [site_feed("tat-ca", "tất cả", "Mọi tin bài và mô hình giảm nghèo mới.", "", everything)]
        for declared in fed:
            feed = declared.site_feed
            page_url = self.settings[declared.index_url_setting] if declared.index_url_setting else ""
            items = published(self.context, declared.name)
            self.feeds.append(site_feed(feed.slug, feed.title, feed.description, page_url, items))
        self.context["site_feed"] = self.feeds[0]
        for category, items in sorted(self.context.get("categories", []), key=lambda pair: pair[0].name):
            category.feed = self._term_feed(
                "Chuyên mục", f"{name}: {category.name}", f"Tin bài chuyên mục {category.name}.", category.url, items
            )
        for group, key, title, description, children in TERM_FEEDS:
            for term in self.context.get(key, []):
                note = children if term.children else ""
                term.feed = self._term_feed(
                    group,
                    f"{name}: {getattr(term, title)}",
                    description.format(name=term.name, note=note),
                    term.url,
                    term.items,
                )
        self.context["feeds"] = self.feeds
        dates = [item.date for item in everything] + [getattr(i, "modified", None) or i.date for i in everything]
        self.site_updated = max(dates) if dates else datetime.datetime(2021, 1, 1, tzinfo=datetime.UTC)

    def _term_feed(self, group, title, description, page_url, items):
        base = page_url if page_url.endswith("/") else page_url.rsplit("/", 1)[0] + "/"
        feed = Feed(
            group,
            title,
            description,
            page_url,
            f"{base}rss.xml",
            f"{base}atom.xml",
            newest_first(items, self.settings["FEEDS_MAX_ITEMS"]),
        )
        self.feeds.append(feed)
        return feed

    # Items -----------------------------------------------------------------------------

    def entry(self, item):
        """The feed entry of an article or model profile (prepared once per build)."""
        if id(item) not in self._entries:
            self._entries[id(item)] = self._make_entry(item)
        return self._entries[id(item)]

    def forget(self, item):
        """Prepare the entry of `item` again (the live preview has read its text again)."""
        self._entries.pop(id(item), None)

    def _make_entry(self, item):
        link = self.absolute(item.url)
        summary = portable_html(item.get_summary(self.siteurl), link)
        content = portable_html(mark_decorative(item.get_content(self.siteurl)), link)
        declared = content_type(item, self.settings)
        if declared.feed_html:  # what the type puts first (a profile's key facts)
            first = declared.feed_html(item)
            content, summary = first + content, first + summary
        categories = []
        for attribute in declared.feed_categories:  # the terms it is filed under, as the type lists them
            value = getattr(item, attribute, None)
            for term in value if isinstance(value, list) else [value] if value is not None else []:
                categories.append(term.short_name if attribute == "programs" else term.name)
        author = getattr(item, "author", None)
        return {
            "title": item.title,
            "link": link,
            "unique_id": link,  # the permalink: an edit never makes readers show the item again
            "pubdate": item.date,
            "updateddate": getattr(item, "modified", None),
            "summary": summary,
            "content": content if self.settings["FEEDS_CONTENT"] == "full" else summary,
            "author_name": author.name if author else self.settings["SITENAME"],
            "categories": list(dict.fromkeys(categories)),
            "picture": cover_picture(item, self.absolute),
        }

    # Writing ---------------------------------------------------------------------------

    def generate_output(self, writer):
        self.write_feeds(self.feeds)
        self._write_opml()
        core.write_page(self, writer, "FEEDS_PAGE", "feeds", feeds=self.feeds)

    def write_feeds(self, feeds):
        """The RSS and Atom files of `feeds`, and the JSON Feed if the site's feed is one of
        them (the live preview writes only the feeds of an edited item)."""
        for feed in feeds:
            self._write_xml(MediaRssFeed, feed, feed.rss_url)
            self._write_xml(MediaAtomFeed, feed, feed.atom_url)
        if self.feeds[0] in feeds:
            self._write_json_feed(self.feeds[0])

    def _open(self, relative):
        path = os.path.join(self.output_path, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        return open(path, "w", encoding="utf-8")

    def _write_xml(self, feed_class, feed, url):
        fallback = self.site_updated

        class StableFeed(feed_class):
            def latest_post_date(self):
                # feedgenerator says "now" for a feed without items; a build must not
                # change files whose content did not change (deploys compare contents).
                return super().latest_post_date() if self.items else fallback

        document = StableFeed(
            title=feed.title,
            link=self.absolute(feed.page_url),
            description=feed.description,
            language="vi",
            feed_url=self.absolute(url),
            feed_guid=self.absolute(url),
            author_name=self.settings["SITENAME"],
        )
        seen_updated = set()
        for item in feed.items:
            entry = self.entry(item)
            updated = entry["updateddate"]
            if feed_class is MediaAtomFeed:
                # Atom readers (and the W3C validator) take two entries with the same
                # <updated> for a broken feed; articles published in the same minute are
                # told apart by a microsecond, which no reader shows.
                updated = updated or entry["pubdate"]
                while updated in seen_updated:
                    updated += datetime.timedelta(microseconds=1)
                seen_updated.add(updated)
            document.add_item(
                title=entry["title"],
                link=entry["link"],
                description=entry["content"] if feed_class is MediaRssFeed else entry["summary"],
                content=entry["content"] if feed_class is MediaAtomFeed else None,
                unique_id=entry["unique_id"],
                unique_id_is_permalink=True,
                pubdate=entry["pubdate"],
                updateddate=updated,
                author_name=entry["author_name"],
                categories=entry["categories"],
                enclosures=[entry["picture"].enclosure] if entry["picture"] else [],
                picture=entry["picture"],
            )
        with self._open(url) as output:
            output.write(_plain_text_lt(document.writeString("utf-8")))

    def _write_json_feed(self, feed):
        """JSON Feed 1.1 (https://jsonfeed.org/version/1.1) of everything."""
        url = f"{self.settings['FEEDS_PATH'].strip('/')}/{JSON_FEED_NAME}"
        items = []
        for item in feed.items:
            entry = self.entry(item)
            data = {
                "id": entry["unique_id"],
                "url": entry["link"],
                "title": entry["title"],
                "content_html": entry["content"],
                "summary": html.unescape(_strip_tags(entry["summary"])).strip(),
                "date_published": entry["pubdate"].isoformat(),
                "authors": [{"name": entry["author_name"]}],
                "tags": entry["categories"],
            }
            if entry["updateddate"]:
                data["date_modified"] = entry["updateddate"].isoformat()
            picture = entry["picture"]
            if picture:
                data["image"] = picture.url
                data["attachments"] = [{"url": picture.url, "mime_type": picture.type, "size_in_bytes": picture.length}]
            items.append(data)
        document = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": feed.title,
            "home_page_url": self.absolute(""),
            "feed_url": self.absolute(url),
            "description": feed.description,
            "language": "vi",
            "authors": [{"name": self.settings["SITENAME"]}],
            "items": items,
        }
        with self._open(url) as output:
            json.dump(document, output, ensure_ascii=False, indent=1)

    def _write_opml(self):
        """An OPML 2.0 list of every RSS feed, for readers that import lists."""
        url = f"{self.settings['FEEDS_PATH'].strip('/')}/danh-sach.opml"
        now = self.site_updated  # not the clock: an unchanged site builds to unchanged files
        lines = [
            '<?xml version="1.0" encoding="utf-8"?>',
            '<opml version="2.0">',
            f"  <head><title>{html.escape(self.settings['SITENAME'])}: các kênh RSS</title>"
            f"<dateCreated>{rfc2822_date(now)}</dateCreated></head>",
            "  <body>",
        ]
        groups = dict.fromkeys(feed.group for feed in self.feeds)
        for group in groups:
            lines.append(f'    <outline text="{html.escape(group)}">')
            for feed in (f for f in self.feeds if f.group == group):
                lines.append(
                    f'      <outline type="rss" text="{html.escape(feed.title)}" title="{html.escape(feed.title)}"'
                    f' xmlUrl="{html.escape(self.absolute(feed.rss_url))}" htmlUrl="{html.escape(self.absolute(feed.page_url))}"/>'
                )
            lines.append("    </outline>")
        lines += ["  </body>", "</opml>", ""]
        with self._open(url) as output:
            output.write("\n".join(lines))


_TEXT_ELEMENT = re.compile(r"(<(title|category|name|subtitle)>)([^<]*)(</\2>)")


def _plain_text_lt(xml):
    """Write "<" in plain-text elements (titles, categories) as &#x3C;.

    Both forms mean the same to an XML parser, but the W3C Feed Validation Service takes
    a "&lt;" in a title for HTML and warns; with a hexadecimal reference it does not.
    """
    return _TEXT_ELEMENT.sub(lambda m: m.group(1) + m.group(3).replace("&lt;", "&#x3C;") + m.group(4), xml)


def _strip_tags(fragment):
    return Markup(fragment).striptags()


register = core.plugin(
    # get_generators: feeds need the taxonomy's terms and the showcase's models, so the
    # plugin runs as a generator after both (checked on `initialized`).
    ("get_generators", FeedsGenerator),
)
