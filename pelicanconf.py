"""Development settings. Production changes only what publishconf.py says."""

AUTHOR = "Ban Biên tập"
SITENAME = "Giảm nghèo bền vững Bạc Liêu"
SITESUBTITLE = "Thông tin giảm nghèo bền vững vùng Bạc Liêu, tỉnh Cà Mau"
SITEURL = ""
RELATIVE_URLS = True  # the development site works from any folder and any port

PATH = "content"
THEME = "theme"
TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_LANG = "vi"
DEFAULT_DATE = None  # every article must carry its own Date

# The site's plugins: one package, giamngheo/, one sub-package per concern (giamngheo/README.md).
# giamngheo.core comes first; where the order matters, a plugin checks it when Pelican starts.
PLUGINS = [
    "giamngheo.core",
    "giamngheo.checks",
    "giamngheo.sanitise",
    "giamngheo.authoring",
    "giamngheo.images",
    "giamngheo.vietnamese",
    "giamngheo.showcase",
    "giamngheo.documents",
    "giamngheo.taxonomy",
    "giamngheo.sources",
    "giamngheo.events",
    "giamngheo.stats",
    "giamngheo.opendata",
    "giamngheo.feeds",
    "giamngheo.search",
    "giamngheo.seo",
    "giamngheo.editor",
    "giamngheo.addresses",
    "giamngheo.policy",
]

# Content layout: news under tin-tuc/, model profiles under mo-hinh/ (showcase plugin),
# static pages under pages/, areas/programs/kinds under data/ (taxonomy plugin).
ARTICLE_PATHS = ["tin-tuc"]
ARTICLE_EXCLUDES = ["pages", "data"]  # the core adds each declared content type's folders
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images", "extra"]
# The build writes the server rules (giamngheo/policy/hosting.py); an administrator's own Apache
# lines, if any, go in content/extra/htaccess and stay above them in /.htaccess.
EXTRA_PATH_METADATA = {"extra/htaccess": {"path": ".htaccess"}}
READERS = {"rst": None, "htm": None, "html": None}  # staff write Markdown only
USE_FOLDER_AS_CATEGORY = False  # folders are years, not categories
DEFAULT_CATEGORY = "Tin tức"
# Addresses come from file names, so correcting a title never moves a page (or makes feed
# readers show an item again); "Bài mới Đông Hải.md" -> bai-moi-dong-hai (Unidecode: đ -> d).
SLUGIFY_SOURCE = "basename"

# Addresses in Vietnamese, each page a folder with index.html ("pretty" URLs on any host).
ARTICLE_URL = "tin-tuc/{date:%Y}/{slug}/"
ARTICLE_SAVE_AS = "tin-tuc/{date:%Y}/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "chuyen-muc/{slug}/"
CATEGORY_SAVE_AS = "chuyen-muc/{slug}/index.html"
CATEGORIES_URL = "chuyen-muc/"
CATEGORIES_SAVE_AS = "chuyen-muc/index.html"
TAG_URL = "the/{slug}/"
TAG_SAVE_AS = "the/{slug}/index.html"
TAGS_URL = "the/"
TAGS_SAVE_AS = "the/index.html"
ARCHIVES_URL = "luu-tru/"
ARCHIVES_SAVE_AS = "luu-tru/index.html"
AUTHOR_SAVE_AS = ""  # articles are signed by units, not people: no author pages
AUTHORS_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "categories", "tags", "archives", "404"]  # 404 -> 404.html

# Pagination: page 2 of /dia-ban/hong-dan/ is /dia-ban/hong-dan/trang/2/.
# 20 items a page: fewer pages to click through on a phone and to write (a 5,000-article
# build writes 1,600 fewer files than with 10); a page of 20 cards is still about 8 KB gzip.
DEFAULT_PAGINATION = 20
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/trang/{number}/", "{base_name}/trang/{number}/index.html"),
)
# Pelican's writer paginates only the templates listed here; the taxonomy plugin writes
# area.html, program.html, kind.html and unit.html. A content type read by the core adds its own list
# page (models.html, 12 a page, is declared with the showcase's MODEL).
PAGINATED_TEMPLATES = {
    "index": None,
    "tag": None,
    "category": None,
    "area": None,
    "program": None,
    "kind": None,
    "unit": None,
}

# Feeds: the feeds plugin writes every feed (site, news, models, each category, area and
# program, as RSS and Atom, plus JSON Feed and OPML); Pelican's own feeds are off.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
FEEDS_MAX_ITEMS = 50  # newest items per feed
FEEDS_CONTENT = "full"  # "full" article in each item, or "summary"
# The live preview shows drafts (Status: draft) and future-dated content, marked as such;
# publishconf.py turns both off, so the published site and its feeds never contain them.
PREVIEW_DRAFTS = True
WITH_FUTURE_DATES = True
# News from the units' own portals (content/data/sources.yml, giamngheo.sources): development
# builds and the preview show the last good copies in feed-cache/ and never go out to the
# network (SOURCES_FETCH, True in publishconf.py).
# Hosts whose video players staff may embed with <iframe>: EMBED_ALLOWED_HOSTS, whose default
# (YouTube, Vimeo, Facebook) is declared in giamngheo/checks/checks.py.


# Main navigation: (label, URL relative to SITEURL).
MENU_LINKS = (
    ("Tin tức", "chuyen-muc/tin-tuc/"),
    ("Mô hình giảm nghèo", "mo-hinh/"),
    ("Văn bản", "van-ban/"),
    ("Địa bàn", "dia-ban/"),
    ("Chương trình", "chuong-trinh/"),
    ("Lịch", "lich/"),
    ("Giới thiệu", "gioi-thieu/"),
    ("Liên hệ", "lien-he/"),
    ("Tìm kiếm", "tim-kiem/"),
)
DISPLAY_PAGES_ON_MENU = False
DISPLAY_CATEGORIES_ON_MENU = False

# Markdown: "extra" (tables, md_in_html for <div lang="en" markdown="1">) and "meta" only.
# smarty and toc were measured at +30% of a 5,000-article build (benchmarks/), for
# typographic quotes staff's editors already type and heading ids nothing links to.
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
    },
    "output_format": "html5",
}

# Escape every value by default: titles and metadata are text ("Giá Rai & Phước Long <…>"),
# and only rendered Markdown (content, summary) is marked |safe in the templates.
# No auto_reload: a build's templates do not change while it runs (the preview starts a new
# build when one does), and looking at every template file's time at every include cost a
# 5,000-article build about a second.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True, "auto_reload": False}

CACHE_CONTENT = False  # development builds read everything; benchmarks turn it on
# Pelican's content cache as plain pickle files: gzip at level 9 cost a 5,000-article build
# about 1.5 s, and CI's cache (actions/cache, GitLab's cache) compresses the folder anyway.
GZIP_CACHE = False
# What the quality gate's HTML checker and feed checks already passed (giamngheo/publishing/
# gate.py): a page, stylesheet or feed whose bytes passed is not checked again. Relative to
# the current folder, like CACHE_PATH; CI keeps it between runs with the other caches.
GATE_CACHE_PATH = "gate-cache"
DELETE_OUTPUT_DIRECTORY = False
