"""Content types and the walk over all content.

Each kind of content declares itself once, as a `ContentType`: its addresses, its fields in
the editor, the taxonomies that apply, whether it is in the site-wide feeds, related lists
and search, its card and pages, its new-item template, which of its dates publishes it.
Everything that treats kinds differently (checks, taxonomy, feeds, search, seo, the editor,
the preview, the templates) loops over the registry and reads those declarations; no code
outside the core and a type's own package tests a type's name or class.

Pelican's articles and pages are declared here and read by Pelican; a plugin (or any module
in PLUGINS) adds its own type by listing it in `CONTENT_TYPES`: the core registers it when
Pelican starts and reads it with `ContentGenerator` (generator.py). The registry lives in
Pelican's settings, under `CONTENT_TYPES`, so templates read it as well.
"""

import dataclasses
import datetime
import os
import re

from pelican.contents import Article, Content, Page

from .fields import BODY, DATE, IMAGE_FIELDS, STATUS, SUMMARY, TITLE, UNIT, EditorForm, Field, taxonomy_fields

SETTING = "CONTENT_TYPES"
TEMPLATES = os.path.join(os.path.dirname(__file__), "templates")  # new-item templates of articles


@dataclasses.dataclass(frozen=True)
class SiteFeed:
    """A type's own site-wide feed (RSS and Atom in FEEDS_PATH); its items are also in the
    feed of everything."""

    slug: str  # file name: tin-tuc -> feeds/tin-tuc.rss.xml
    title: str  # after the site's name: "Giảm nghèo …: tin bài"
    description: str


@dataclasses.dataclass(frozen=True)
class ContentType:
    """Everything one kind of content is: how it is named, read, placed, listed and shown."""

    name: str  # the template variable and template name: "article" -> article.html
    content_class: type  # Pelican's Article or Page, or a DeclaredContent subclass
    url_prefix: str  # settings that place it: ARTICLE -> ARTICLE_URL, ARTICLE_SAVE_AS
    context_keys: tuple  # context lists of this type, the published one first
    label: str  # what readers call it (search filter, cards): "Tin bài"
    paths_setting: str  # the setting listing its source folders under PATH
    index_url_setting: str = ""  # the setting of the page that lists it, if any
    # Where it appears.
    taxonomies: tuple = ()  # taxonomy keys its items carry: ("area", "program")
    required_taxonomies: tuple = ()  # those it must carry
    site_feed: SiteFeed = None  # its own site-wide feed; None: in no site-wide feed
    related: bool = False  # a stream with newer/older, and in other items' related lists
    similar_by: tuple = ()  # item attributes (term lists) whose shared terms make items "similar"
    previewed: bool = False  # the live preview shows its drafts (marked)
    # Its pages. A type read by the core (not Pelican's) writes `<name>.html` per item and,
    # when `list_template` is set, its list page at the settings `<index_url_setting>` and
    # its SAVE_AS, `per_page` items a page (None: DEFAULT_PAGINATION), paginated under
    # its own context key ("models_page", "models_next_page" …).
    list_template: str = ""
    per_page: int = None
    schema_type: str = ""  # schema.org type of its JSON-LD
    term_section: tuple = ()  # (anchor, heading) of its section on area, program, kind pages
    card_facts_setting: str = ""  # the setting naming the facts its cards show
    card_label: object = None  # item -> text of a card's type line; None: the type's label
    # When it happens, if not when it is published: the attribute a card's date shows and
    # whose day picks the terms valid then (an event's start; areas across the 2025 reform).
    when: str = "date"
    # Items -> those its sections on term pages and the home page show, in order (an event's
    # coming ones, soonest first); None: all, newest first. `home_section`: (anchor, heading)
    # of its section on the home page, under the models; (): none.
    listed: object = None
    home_section: tuple = ()
    json_ld: object = None  # (item, data) -> its JSON-LD from the shared one (an Event's dates, place)
    # Open data: (its published items, url -> absolute url) -> a table of the Data Package
    # (giamngheo.opendata's Dataset: documents' numbers and files, events' start and place);
    # None: not in the package as a table of its own.
    open_data: object = None
    feed_html: object = None  # item -> HTML put before its text in feeds (key facts)
    feed_categories: tuple = ("areas", "programs")  # item attributes whose terms are its feed categories
    # Search: item -> more words indexed beyond its title and text (a document's number, the
    # text of its PDFs); item -> {filter: [values]} more filters of the search page.
    search_text: object = None
    search_filters: object = None
    # The date that publishes it: an item dated in the future waits for that date. An event's
    # start date is not it (an event is announced before it starts).
    publication_date: str = "date"
    # Writing it: the editor's form, and the template of `invoke new-…` (a file path).
    editor: EditorForm = None
    new_item: str = ""
    new_item_folder: str = ""  # under its first source folder: "{year}" for articles
    # A ContentGenerator subclass that adds checks or pages (None: the core's generator).
    generator: type = None

    @property
    def context_key(self):
        """The context list of its published items: "articles", "models"."""
        return self.context_keys[0]

    @property
    def read_by_core(self):
        """Read by the core's generator (Pelican reads its own articles and pages)."""
        return self.content_class not in (Article, Page)

    def published_date(self, item):
        return getattr(item, self.publication_date, None)


class DeclaredContent(Content):
    """An item of a type read by the core: placed by its type's settings, drafts included."""

    mandatory_properties = ("title", "date")
    allowed_statuses = ("published", "hidden", "draft")
    default_status = "published"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # As Pelican does for articles: an item dated in the future waits for its date.
        declared = content_type(self, self.settings)
        date = declared.published_date(self) if declared else getattr(self, "date", None)
        future = date is not None and date > datetime.datetime.now(tz=date.tzinfo)
        if future and not self.settings["WITH_FUTURE_DATES"]:
            self.status = "draft"

    def _expand_settings(self, key, klass=None):
        # Drafts and translations share the item's address pattern.
        prefix = content_type(self, self.settings).url_prefix
        fq_key = f"{prefix}_{key.upper().removeprefix('LANG_')}"
        return str(self.settings[fq_key]).format(**self.url_format)


def declare(name, plural, label, content_class, **options):
    """A type read by the core with the usual settings: `declare("dataset", "datasets", "Số
    liệu", Dataset)` reads DATASET_PATHS, places items by DATASET_URL / DATASET_SAVE_AS, keeps
    them in the context as datasets, dataset_drafts, hidden_datasets. (`content_class` is a
    DeclaredContent subclass of a module's own, so that Pelican's content cache can pickle it.)"""
    prefix = name.upper()
    options.setdefault("index_url_setting", f"{plural.upper()}_URL" if options.get("list_template") else "")
    return ContentType(
        name,
        content_class,
        prefix,
        (plural, f"{name}_drafts", f"hidden_{plural}"),
        label,
        f"{prefix}_PATHS",
        **options,
    )


def category_label(article):
    """A news article's card names its category ("Chính sách")."""
    return str(article.category)


ARTICLE = ContentType(
    "article",
    Article,
    "ARTICLE",
    ("articles", "drafts", "hidden_articles"),
    "Tin bài",
    "ARTICLE_PATHS",
    taxonomies=("area", "program", "unit"),
    required_taxonomies=("area",),
    site_feed=SiteFeed("tin-tuc", "tin bài", "Tin tức, chính sách và gương thoát nghèo; không gồm mô hình."),
    related=True,
    previewed=True,
    schema_type="NewsArticle",
    card_label=category_label,
    feed_categories=("areas", "programs", "category"),
    editor=EditorForm(
        "tin-tuc",
        ("Bài viết", "bài viết", "Tin tức, chính sách và gương thoát nghèo. Mỗi năm một thư mục."),
        "images/tin-tuc",
        (
            TITLE,
            DATE,
            Field("category", "Chuyên mục", "select", True, choices="category", default="Tin tức"),
            Field("tags", "Thẻ (từ khóa)", "list"),
            *taxonomy_fields(),
            UNIT,
            SUMMARY,
            *IMAGE_FIELDS,
            Field("author", "Người viết", default_setting="AUTHOR"),
            Field("modified", "Ngày cập nhật", "datetime"),
            STATUS,
            BODY,
        ),
        path="{{year}}/{{slug}}",
    ),
    new_item=os.path.join(TEMPLATES, "article.md"),
    new_item_folder="{year}",
)
PAGE = ContentType(
    "page",
    Page,
    "PAGE",
    ("pages", "hidden_pages", "draft_pages"),
    "Trang",
    "PAGE_PATHS",
    editor=EditorForm(
        "trang",
        ("Trang", "trang", "Các trang cố định: giới thiệu, liên hệ, chính sách nội dung."),
        "images",
        (
            TITLE,
            Field("slug", "Địa chỉ trang", hint="Chữ thường không dấu, ví dụ gioi-thieu. Để trống: lấy từ tên tệp."),
            SUMMARY,
            BODY,
        ),
        dated=False,
    ),
)
BUILT_IN = {"article": ARTICLE, "page": PAGE}


def register_content_type(settings, content_type):
    """Declare a content type for this build (once Pelican's settings are read)."""
    types = dict(settings.get(SETTING) or BUILT_IN)
    types[content_type.name] = content_type
    settings[SETTING] = types


def content_types(settings):
    """{name: ContentType} of this build: articles and pages, then what plugins declared."""
    return settings.get(SETTING) or BUILT_IN


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
