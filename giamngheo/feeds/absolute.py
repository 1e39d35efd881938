"""Make HTML fit to travel: every URL absolute, nothing that runs or works only here."""

import html
import html.parser
import urllib.parse

URL_ATTRIBUTES = {"href", "src", "cite", "longdesc"}
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
DROPPED_ELEMENTS = {
    "script",
    "style",
    "noscript",
    "iframe",
    "object",
    "embed",
    "form",
    "template",
    "source",
    "link",
    "meta",
    "base",
    "svg",
    "math",
    "applet",
    "frame",
    "frameset",
    "audio",
    "video",
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
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def absolute_url(value, base):
    """`value` resolved against `base`; mailto:, tel: and absolute URLs are kept."""
    value = value.strip()
    if not value:
        return base
    return urllib.parse.urljoin(base, value)


class _Rewriter(html.parser.HTMLParser):
    def __init__(self, base):
        super().__init__(convert_charrefs=False)
        self.base = base
        self.out = []
        self.skipping = []  # open dropped elements

    def _attrs(self, attrs):
        kept = []
        for name, value in attrs:
            if name not in KEPT_ATTRIBUTES:
                continue  # event handlers, styles, srcset …
            value = value or ""
            if name in URL_ATTRIBUTES:
                if value.strip().lower().startswith(("javascript:", "vbscript:", "data:")):
                    continue
                value = absolute_url(value, self.base)
            kept.append(f' {name}="{html.escape(value, quote=True)}"')
        return "".join(kept)

    def handle_starttag(self, tag, attrs):
        if tag not in KNOWN_ELEMENTS and tag not in DROPPED_ELEMENTS:
            return  # unwrapped: its text stays
        if tag in DROPPED_ELEMENTS:
            if tag == "iframe" and not self.skipping:
                self._link_to_embed(dict(attrs))
            if tag not in VOID_ELEMENTS:
                self.skipping.append(tag)
            return
        if not self.skipping:
            self.out.append(f"<{tag}{self._attrs(attrs)}>")

    def _link_to_embed(self, attrs):
        """An embedded video becomes a link to it: frames do not travel in feeds."""
        source = (attrs.get("src") or "").strip()
        if source.startswith(("http://", "https://", "//")):
            url = html.escape(absolute_url(source, self.base), quote=True)
            label = html.escape(attrs.get("title") or "video")
            self.out.append(f'<p><a href="{url}">Xem {label}</a></p>')

    def handle_startendtag(self, tag, attrs):
        if tag in KNOWN_ELEMENTS and not self.skipping:
            self.out.append(f"<{tag}{self._attrs(attrs)}>")

    def handle_endtag(self, tag):
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag in KNOWN_ELEMENTS and tag not in VOID_ELEMENTS:
            self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if not self.skipping:
            self.out.append(data)

    def handle_entityref(self, name):
        if not self.skipping:
            self.out.append(f"&{name};")

    def handle_charref(self, name):
        if not self.skipping:
            self.out.append(f"&#{name};")

    def handle_comment(self, data):
        pass  # comments carry nothing for readers


def portable_html(fragment, base):
    """`fragment` with every URL absolute against `base`, without scripts, styles, frames,
    objects, forms, media elements or any attribute a feed reader does not need."""
    rewriter = _Rewriter(base)
    rewriter.feed(fragment or "")
    rewriter.close()
    return "".join(rewriter.out)
