"""Content types and the walk over all content.

Each kind of content declares itself once, as a `ContentType`, and everything that treats
kinds differently (checks, taxonomy, feeds, search, seo, the templates) asks the registry
rather than testing class names or attributes. Pelican's articles and pages are declared
here; a plugin adds its own type with `register_content_type` when Pelican starts
(showcase adds model profiles). The registry lives in Pelican's settings, under
`CONTENT_TYPES`, so templates read it as well.
"""

import dataclasses
import re

from pelican.contents import Article, Page

SETTING = "CONTENT_TYPES"


@dataclasses.dataclass(frozen=True)
class ContentType:
    """How one kind of content is named, placed, listed and shown."""

    name: str  # the template variable and template name: "article" -> article.html
    content_class: type
    url_prefix: str  # settings that place it: ARTICLE -> ARTICLE_URL, ARTICLE_SAVE_AS
    context_keys: tuple  # context lists of this type, the published one first
    label: str  # what readers call it (search filter, cards): "Tin bài"
    paths_setting: str  # the setting listing its source folders under PATH
    index_url_setting: str = ""  # the setting of the page that lists it, if any

    @property
    def context_key(self):
        """The context list of its published items: "articles", "models"."""
        return self.context_keys[0]


ARTICLE = ContentType(
    "article", Article, "ARTICLE", ("articles", "drafts", "hidden_articles"), "Tin bài", "ARTICLE_PATHS"
)
PAGE = ContentType("page", Page, "PAGE", ("pages", "hidden_pages", "draft_pages"), "Trang", "PAGE_PATHS")


def register_content_type(settings, content_type):
    """Declare a content type for this build (once Pelican's settings are read)."""
    types = dict(settings.get(SETTING) or {"article": ARTICLE, "page": PAGE})
    types[content_type.name] = content_type
    settings[SETTING] = types


def content_types(settings):
    """{name: ContentType} of this build: articles and pages, then what plugins declared."""
    return settings.get(SETTING) or {"article": ARTICLE, "page": PAGE}


def content_type(item, settings=None):
    """The ContentType of an article, page or profile (None for anything else)."""
    types = content_types(settings if settings is not None else getattr(item, "settings", {}))
    for candidate in types.values():
        if type(item) is candidate.content_class:
            return candidate
    return None


def all_content(context, types=None):
    """Every article, page and profile of this build, drafts and hidden ones included, once
    each, type by type in the order they were declared."""
    seen = set()
    for declared in content_types(context).values():
        if types is not None and declared.name not in types:
            continue
        for key in declared.context_keys:
            for item in context.get(key, []):
                if id(item) not in seen:
                    seen.add(id(item))
                    yield item


def shown_item(context):
    """The item a page being written shows (the writer's context names it by its type), or None."""
    return next((context[t.name] for t in content_types(context).values() if context.get(t.name)), None)


def published(context, name):
    """The published items of one content type ([] when that type is not in this build)."""
    declared = content_types(context).get(name)
    return list(context.get(declared.context_key, [])) if declared else []


def newest_first(items, limit=None):
    """Dated items, newest first (the first `limit` of them)."""
    return sorted(items, key=lambda item: item.date, reverse=True)[:limit]


DECORATIVE_ALT = re.compile(r'alt="trang trí"', re.I)


def mark_decorative(html_text):
    """An image whose alternative text is "trang trí" (decorative) is hidden from screen
    readers on the page: empty alt and role="presentation", as WCAG asks for decoration.
    (Kept as "trang trí" in the stored content, which Pelican would flag if it were empty.)"""
    return DECORATIVE_ALT.sub('alt="" role="presentation"', html_text)
