"""Make HTML fit to travel: every URL absolute, nothing that runs or works only here."""

import html
import html.parser
import urllib.parse

URL_ATTRIBUTES = {"href", "src", "poster", "cite", "action", "data", "longdesc", "background", "formaction"}
DROPPED_ELEMENTS = {"script", "style", "noscript", "iframe", "object", "embed", "form", "template"}
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def absolute_url(value, base):
    """`value` resolved against `base`; mailto:, tel: and absolute URLs are kept."""
    value = value.strip()
    if not value:
        return base
    return urllib.parse.urljoin(base, value)


def absolute_srcset(value, base):
    """Each candidate of a srcset ("a.jpg 480w, b.jpg 800w") made absolute."""
    candidates = []
    for candidate in value.split(","):
        parts = candidate.strip().split()
        if parts:
            candidates.append(" ".join([absolute_url(parts[0], base), *parts[1:]]))
    return ", ".join(candidates)


class _Rewriter(html.parser.HTMLParser):
    def __init__(self, base):
        super().__init__(convert_charrefs=False)
        self.base = base
        self.out = []
        self.skipping = []  # open dropped elements

    def _attrs(self, attrs):
        kept = []
        for name, value in attrs:
            if name.startswith("on"):
                continue  # event handlers run script
            if value is None:
                kept.append(f" {name}")
                continue
            if name in URL_ATTRIBUTES:
                if value.strip().lower().startswith(("javascript:", "vbscript:")):
                    continue
                value = absolute_url(value, self.base)
            elif name == "srcset":
                value = absolute_srcset(value, self.base)
            kept.append(f' {name}="{html.escape(value, quote=True)}"')
        return "".join(kept)

    def handle_starttag(self, tag, attrs):
        if tag in DROPPED_ELEMENTS:
            if tag not in VOID_ELEMENTS:
                self.skipping.append(tag)
            return
        if not self.skipping:
            self.out.append(f"<{tag}{self._attrs(attrs)}>")

    def handle_startendtag(self, tag, attrs):
        if tag not in DROPPED_ELEMENTS and not self.skipping:
            self.out.append(f"<{tag}{self._attrs(attrs)}>")

    def handle_endtag(self, tag):
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag not in DROPPED_ELEMENTS and tag not in VOID_ELEMENTS:
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
    """`fragment` with every URL absolute against `base` and without scripts, styles,
    frames, objects, forms or event-handler attributes."""
    rewriter = _Rewriter(base)
    rewriter.feed(fragment or "")
    rewriter.close()
    return "".join(rewriter.out)
