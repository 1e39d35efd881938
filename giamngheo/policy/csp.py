"""The Content-Security-Policy of the built site: hashes of inline code, the page's <meta>,
and the headers of the `.htaccess`.

Run on every page written (as Pelican's writer writes it, and once all are written on pages
written some other way), so a page another plugin adds later is covered without telling
this module about it: every inline <script> and <style> a page has is hashed, and the policy
allows exactly those.

Two ways the policy reaches a browser, because hosts differ:
- a `<meta http-equiv>` in each page, listing that page's own hashes: GitHub Pages and any
  host that cannot set headers. Meta cannot carry frame-ancestors (nor the other headers).
- headers in `.htaccess` (Apache): one site-wide policy listing the hashes of every page.
  Apache can only set a header per path pattern, the set is small (inline code comes from
  templates, never from content), and where both arrive a browser enforces both, so each
  page is still held to its own hashes by its meta.
"""

import base64
import hashlib
import html.parser
import re

from giamngheo.core.unsafe_html import CODE_SCHEMES, unsafe_attribute

DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}  # data blocks: a policy does not apply
# Beside what runs code (giamngheo/core/unsafe_html.py), what the policy blocks: a style
# attribute needs 'unsafe-hashes'. Never written by the site's templates; the sanitiser
# removes it from content (Markdown writes one for an aligned table column, so the checks
# do not refuse it).
STYLE_ATTRIBUTE = "style"
META_ONLY_IGNORED = {"frame-ancestors", "report-uri", "report-to", "sandbox"}


def digest(text):
    """The policy's source for inline code (str, or the UTF-8 bytes of it)."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return "'sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode("ascii") + "'"


class _Inline(html.parser.HTMLParser):
    """The inline scripts and styles of a page, and attributes the policy would block."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.scripts, self.styles, self.forbidden = [], [], []
        self._open = None  # ("script" | "style", text parts) while inside one

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name == STYLE_ATTRIBUTE or unsafe_attribute(name, value):
                self.forbidden.append(f"<{tag} {name}=…>")
        if tag == "script" and "src" not in attributes:
            kind = (attributes.get("type") or "").strip().lower()
            self._open = ("script" if kind not in DATA_SCRIPT_TYPES else None, [])
        elif tag == "style":
            self._open = ("style", [])

    def handle_data(self, data):
        if self._open:
            self._open[1].append(data)

    def handle_endtag(self, tag):
        if self._open and tag in ("script", "style"):
            kind, parts = self._open
            if kind:
                (self.scripts if kind == "script" else self.styles).append("".join(parts))
            self._open = None

    # Inside <script>/<style> html.parser gives raw text; elsewhere references don't matter.
    def handle_entityref(self, name):
        self.handle_data(f"&{name};")

    def handle_charref(self, name):
        self.handle_data(f"&#{name};")


# A page the site writes has no event handler, style attribute or address that runs code, so
# most pages need no full parse (a third of a 5,000-article build was spent parsing): a quick
# look for anything that could be one decides (`needs_parse`), and the parser reads the pages
# that have it. The look works on the page's UTF-8 bytes, lower-cased (cheap for bytes, not
# for Vietnamese text). It searches for what an attribute named on… or style followed by "="
# looks like (patterns that start with their letters, which the regex engine finds as fast as
# a substring) and keeps a match where an attribute may start (after a space, a quote or "/",
# as the HTML parser reads attributes): outside a tag that only costs a full parse. Anchored
# on "<" and kept inside tags, the look took 1.2 s of a 5,000-article build, this 0.5 s; tried
# at every character, 4.5 s. Inline code is found the same way, and hashed as the bytes it is.
# The look finds each rule as written; an address that hides its scheme behind character
# references or control characters is the sanitiser's to remove from content.
SUSPECT_ATTRIBUTES = (re.compile(rb"""on[^\s"'>/=]*\s*="""), re.compile(rb"style\s*="))
ATTRIBUTE_START = frozenset(b" \t\n\r\f\v\"'/")  # bytes' \s, quotes, slash
# The code schemes as few substrings as find them all ("script:" finds javascript: and
# vbscript:): each is a scan of the whole page, and a wider net only costs a full parse.
CODE_ADDRESSES = tuple(sorted({b"script:" if s.endswith("script:") else s.encode("ascii") for s in CODE_SCHEMES}))
BLOCK_START = re.compile(rb"<(script|style)[\s/>]")
SOURCE = re.compile(rb"\ssrc\s*=")
TYPE = re.compile(rb"""\stype\s*=\s*["']?([^"'\s>]+)""")


def needs_parse(low):
    """Whether a page (its UTF-8 bytes, lower case) may hold an attribute the policy would
    block, so inline_code parses it in full."""
    if any(scheme in low for scheme in CODE_ADDRESSES):
        return True
    return any(
        low[found.start() - 1] in ATTRIBUTE_START for pattern in SUSPECT_ATTRIBUTES for found in pattern.finditer(low)
    )


def inline_code(page_html):
    """(script hashes, style hashes, forbidden attributes) of one page."""
    raw = page_html.encode("utf-8")
    low = raw.lower()
    if needs_parse(low):
        return parsed_inline_code(page_html)
    scripts, styles = set(), set()
    found = BLOCK_START.search(low)
    while found:
        tag = found.group(1)
        opened = low.find(b">", found.end() - 1)
        closed = low.find(b"</" + tag, opened)
        if opened == -1 or closed == -1:  # not closed: the browser runs nothing of it
            break
        text = raw[opened + 1 : closed]
        if tag == b"style":
            styles.add(text)
        else:
            attributes = low[found.end() - 1 : opened]
            kind = TYPE.search(attributes)
            if not SOURCE.search(attributes) and not (kind and kind.group(1).decode() in DATA_SCRIPT_TYPES):
                scripts.add(text)
        found = BLOCK_START.search(low, closed)
    return sorted(map(digest, scripts)), sorted(map(digest, styles)), []


def parsed_inline_code(page_html):
    """inline_code, by a full HTML parse that names each attribute the policy would block."""
    parser = _Inline()
    parser.feed(page_html)
    parser.close()
    return (
        sorted({digest(s) for s in parser.scripts}),
        sorted({digest(s) for s in parser.styles}),
        parser.forbidden,
    )


def directives(base, scripts, styles, extra=None):
    """{directive: [sources]}: `base` with the hashes added, and `extra` merged in."""
    result = {name: list(sources) for name, sources in base.items()}
    for name, hashes in (("script-src", scripts), ("style-src", styles)):
        if hashes:
            result[name] = result.get(name, ["'self'"]) + list(hashes)
    for name, sources in (extra or {}).items():
        result[name] = result.get(name, []) + [s for s in sources if s not in result.get(name, [])]
    return result


def policy_text(policy, meta=False):
    parts = []
    for name, sources in policy.items():
        if meta and name in META_ONLY_IGNORED:
            continue
        parts.append(f"{name} {' '.join(sources)}".strip())
    return "; ".join(parts)


CHARSET = re.compile(r"<meta charset=[\"']?utf-8[\"']?\s*/?>", re.I)
HEAD = re.compile(r"<head\b[^>]*>", re.I)


def with_meta(page_html, policy):
    """`page_html` with the policy as a <meta>, before anything it governs."""
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy_text(policy, meta=True)}">'
    for pattern in (CHARSET, HEAD):
        match = pattern.search(page_html)
        if match:
            return page_html[: match.end()] + tag + page_html[match.end() :]
    return tag + page_html
