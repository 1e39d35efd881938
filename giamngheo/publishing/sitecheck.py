"""Reading a built site: its pages, and the internal links that do not resolve."""

import html.parser
import pathlib
import posixpath
import urllib.parse


class _Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []
        self.ids = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name) and tag != "base":
                self.links.append(attrs[name])


def parse(page):
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def pages(output):
    return sorted(pathlib.Path(output).rglob("*.html"))


def broken_links(output, siteurl=""):
    """(page, link) for each internal link or asset of each page that has no file.

    Links are relative (development), root-relative, or absolute under `siteurl`.
    Fragments are checked against the ids of the target page.
    """
    output = pathlib.Path(output)
    base_path = urllib.parse.urlsplit(siteurl).path.rstrip("/") if siteurl else ""
    broken = []
    for page in pages(output):
        page_url = "/" + page.relative_to(output).as_posix()
        for link in parse(page).links:
            parts = urllib.parse.urlsplit(link)
            if parts.scheme in ("mailto", "tel", "data"):
                continue
            if parts.scheme or parts.netloc:
                if not siteurl or not link.startswith(siteurl):
                    continue  # external
                path = parts.path[len(base_path) :] if base_path else parts.path
            elif parts.path.startswith("/"):
                path = parts.path[len(base_path) :] if base_path else parts.path
            else:
                path = posixpath.join(posixpath.dirname(page_url), parts.path) if parts.path else page_url
            path = posixpath.normpath(urllib.parse.unquote(path))
            target = output / path.lstrip("/")
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file() or (
                parts.fragment and target.suffix == ".html" and parts.fragment not in parse(target).ids
            ):
                broken.append((str(page.relative_to(output)), link))
    return broken
