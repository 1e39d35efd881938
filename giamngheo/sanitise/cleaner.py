"""The one HTML sanitiser of the site: nh3 (Rust's ammonia), a maintained allowlist cleaner.

Content checks (giamngheo.checks) refuse unsafe HTML in staff's Markdown with a message that
names the file and the fix; this is the second line, for whatever a check does not know: it
runs on every article's, profile's and page's HTML before a template sees it (sanitise.py),
and on every piece of HTML a feed carries (giamngheo/feeds/absolute.py). Whatever it removes
never ran. What is unsafe is giamngheo/core/unsafe_html.py, shared with the checks and the
page policy: the allowlists below hold nothing it refuses.
"""

import dataclasses
import html
import re
import urllib.parse

import nh3

from giamngheo.core.unsafe_html import SAFE_URL_SCHEMES, UNSAFE_ELEMENTS, URL_ATTRIBUTES, frame_allowed

# What a page's text may hold: ammonia's default elements (text, lists, tables, figures,
# quotes, code) and the attributes Markdown and its extensions write. No style (the policy
# forbids inline styles), no event handler, no form, no script, no SVG or MathML.
PAGE_TAGS = (set(nh3.ALLOWED_TAGS) | {"iframe"}) - UNSAFE_ELEMENTS
GENERIC_ATTRIBUTES = {"id", "class", "lang", "dir", "title"}
PAGE_ATTRIBUTES = {
    "a": {"href", "hreflang", "rel"},
    "img": {"src", "alt", "width", "height", "loading", "decoding"},
    "iframe": {"src", "width", "height", "allow", "allowfullscreen", "loading", "referrerpolicy"},
    "ol": {"start", "reversed"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope", "abbr"},
    "col": {"span"},
    "colgroup": {"span"},
    "time": {"datetime"},
    "data": {"value"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "abbr": {"title"},
}
# Pelican's own link syntax, replaced after this runs: {filename}, {static}, {attach} …
PELICAN_LINK = re.compile(r"^\{\w+\}")


def safe_url(value, base=None):
    """`value` (made absolute against `base` when given) if it can only lead somewhere; else None."""
    value = value.strip()
    if PELICAN_LINK.match(value):
        return value
    if base is not None:
        value = urllib.parse.urljoin(base, value) if value else base
    scheme = urllib.parse.urlsplit(value).scheme.lower()
    if scheme and scheme not in SAFE_URL_SCHEMES:
        return None
    return value


@dataclasses.dataclass(frozen=True)
class Allowed:
    """What a kind of HTML may hold, as nh3 takes it: made once per kind (page, feed), not
    for each of a 5,000-article build's 10,000 fragments (a quarter of a second)."""

    tags: frozenset
    attributes: dict  # {tag: frozenset of names}; never changed once made
    dropped: frozenset  # elements removed with their content

    @classmethod
    def of(cls, tags, attributes):
        tags = frozenset(tags)
        dropped = frozenset({"script", "style", "template", "noscript", "svg", "math", "object", "embed"} - tags)
        return cls(tags, {tag: frozenset(names) for tag, names in attributes.items()}, dropped)


def clean(fragment, allowed, frame_hosts=(), base=None):
    """`fragment` with only the `allowed` tags and attributes (an `Allowed`), URLs that can
    only lead somewhere (absolute against `base` when given), frames only from `frame_hosts`
    (any container of host names), comments removed, markup balanced."""
    if isinstance(frame_hosts, (list, tuple)):
        frame_hosts = frozenset(frame_hosts)

    def check(element, attribute, value):
        if attribute in URL_ATTRIBUTES:
            value = safe_url(value, base)
            if value is not None and element == "iframe" and not frame_allowed(value, frame_hosts):
                return None
        return value

    cleaned = nh3.clean(
        fragment or "",
        tags=allowed.tags,
        clean_content_tags=allowed.dropped,
        attributes=allowed.attributes,
        generic_attribute_prefixes=set(),
        attribute_filter=check,
        url_schemes=set(SAFE_URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )
    return IMAGE_WITHOUT_SOURCE.sub("", cleaned)  # its address was refused: nothing to show


def clean_page_html(fragment, frame_hosts):
    """Staff's HTML as a page may show it (see PAGE_TAGS); frames only from `frame_hosts`."""
    cleaned = clean(fragment, PAGE_ALLOWED, frame_hosts)
    return EMPTY_FRAME.sub("", cleaned)  # a frame whose address was refused shows nothing


IMAGE_WITHOUT_SOURCE = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")
EMPTY_FRAME = re.compile(r"<iframe(?![^>]*\ssrc=)[^>]*>.*?</iframe>", re.S)
FRAME = re.compile(r"<iframe\b([^>]*)>.*?</iframe>", re.S)
ATTRIBUTE = re.compile(r'\s([a-z-]+)="([^"]*)"')


def frames_to_links(fragment, label):
    """Each <iframe> of cleaned HTML as a paragraph linking to what it showed: frames do not
    travel in feeds. `label(title)` words the link."""

    def link(match):
        attributes = {name: html.unescape(value) for name, value in ATTRIBUTE.findall(match.group(1))}
        source = attributes.get("src", "")
        if not source.startswith(("http://", "https://")):
            return ""
        return f'<p><a href="{html.escape(source, quote=True)}">{html.escape(label(attributes.get("title")))}</a></p>'

    return FRAME.sub(link, fragment)


PAGE_ALLOWED = Allowed.of(PAGE_TAGS, {tag: PAGE_ATTRIBUTES.get(tag, set()) | GENERIC_ATTRIBUTES for tag in PAGE_TAGS})
