"""Make HTML fit to travel: every URL absolute, nothing that runs or works only here."""

from giamngheo.sanitise import cleaner as sanitise

# What a feed reader may render, and no more: the W3C Feed Validation Service warns about
# any attribute outside the classic sanitiser list (style, role, aria-*, srcset, loading …),
# and readers need none of them. The plain `src` of an image is enough away from the site.
KEPT_ATTRIBUTES = {
    "href",
    "src",
    "alt",
    "title",
    "width",
    "height",
    "lang",
    "dir",
    "id",
    "class",
    "datetime",
    "cite",
    "colspan",
    "rowspan",
    "headers",
    "scope",
    "start",
    "rel",
    "hreflang",
    "longdesc",
}
# Elements readers know; any other tag (a typo such as <nhanh>, a custom element) is
# dropped and its text kept.
KNOWN_ELEMENTS = {
    "a",
    "abbr",
    "acronym",
    "address",
    "area",
    "article",
    "aside",
    "b",
    "big",
    "blockquote",
    "br",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "map",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "section",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
}


FEED_ALLOWED = sanitise.Allowed.of(
    KNOWN_ELEMENTS | {"iframe"}, dict.fromkeys(KNOWN_ELEMENTS | {"iframe"}, KEPT_ATTRIBUTES)
)


def portable_html(fragment, base):
    """`fragment` cleaned by the site's sanitiser (nh3) for feed readers: every URL absolute
    against `base`; no script, style, frame, object, form, media element, SVG or attribute a
    feed reader does not need; an embedded video becomes a link to it."""
    cleaned = sanitise.clean(fragment, FEED_ALLOWED, frame_hosts=ANY_HOST, base=base)
    return sanitise.frames_to_links(cleaned, lambda title: f"Xem {title or 'video'}")


class _AnyHost:
    """Feeds link to any video a page embeds (the page itself only shows allowed hosts)."""

    def __contains__(self, host):
        return bool(host)


ANY_HOST = _AnyHost()
