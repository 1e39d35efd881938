"""A real browser for the tests: Debian's chromium, headless, driven by Playwright, and a
real HTTP server on 127.0.0.1 serving a built site (under a sub-path if asked)."""

import functools
import gzip
import http.server
import io
import os
import pathlib
import re
import shutil
import threading

import pytest

CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path(shell=True):
    """Debian's Chromium for the tests: its headless shell (package chromium-headless-shell,
    Chromium's own headless build, which Playwright too drives by default for headless
    runs), or the whole browser when it is missing or `shell` is False (Lighthouse); the
    variable CHROMIUM names another. The browser tests took 79 s with the whole browser and
    42 s with the shell (tests/test_accessibility.py, test_showcase.py, test_search.py, -n 0)."""
    for candidate in (
        os.environ.get("CHROMIUM"),
        "/usr/bin/chromium-headless-shell" if shell else None,
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ):
        if candidate and shutil.which(candidate):
            return candidate
    return None


def need(condition, what):
    """Skip when a tool is missing on a developer's machine; fail in CI, where it must be."""
    if not condition:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{what} is needed in CI (make test installs it)")
        pytest.skip(f"{what} is not installed")


class Htaccess:
    """The rules of the site's `.htaccess` that the tests depend on, applied as Apache would:
    `Header always set` (site-wide, and inside `<If "%{REQUEST_URI} =~ m#…#">`),
    `RedirectMatch` (301 with a target, 404/410 without), `ErrorDocument` (in `<If>` too).
    Read when each request comes, since the site is built after the server starts."""

    RULE = re.compile(
        r'^(?:Header always set (\S+) "(.*)"|RedirectMatch (\d+) "([^"]+)"(?: "([^"]+)")?|ErrorDocument (\d+) (\S+))$'
    )
    IF = re.compile(r'^<If "%\{REQUEST_URI\} =~ m#(.+)#">$')

    def __init__(self, root):
        self.path = os.path.join(root, ".htaccess")

    def rules(self, url_path):
        """(headers, redirect) for a request: redirect is (status, location or None,
        error document or None), or None."""
        headers, redirect, errors, inside = {}, None, {}, None
        if not os.path.exists(self.path):
            return headers, None
        with open(self.path, encoding="utf-8") as source:
            for line in (raw.strip() for raw in source):
                condition = self.IF.match(line)
                if condition:
                    inside = re.search(condition.group(1), url_path) is not None
                    continue
                if line == "</If>":
                    inside = None
                    continue
                if inside is False or "<FilesMatch" in line:
                    continue
                rule = self.RULE.match(line)
                if not rule:
                    continue
                name, value, status, pattern, location, error_status, document = rule.groups()
                if name:
                    headers[name] = value
                elif status and redirect is None and re.search(pattern, url_path):
                    redirect = (int(status), location)
                elif error_status:
                    errors[int(error_status)] = document
        if redirect:
            redirect = (*redirect, errors.get(redirect[0]))
        return headers, redirect


class SiteServer:
    """Serves `root` at http://127.0.0.1:<port><prefix>/ (prefix like "/giam-ngheo").

    With `htaccess=True` it also applies the site's `.htaccess` as Apache would (headers,
    redirects, gone pages; see Htaccess), as on shared Apache hosting; without it, as a host
    that sets no headers (GitHub Pages). The attribute `htaccess` may change between requests."""

    def __init__(self, root, prefix="", compress=False, htaccess=False):
        self.prefix = prefix.rstrip("/")
        root = str(root)
        prefix_value = self.prefix
        self.htaccess = htaccess
        apache, server = Htaccess(root), self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def end_headers(self):
                for name, value in getattr(self, "extra_headers", {}).items():
                    self.send_header(name, value)
                super().end_headers()

            def send_head(self):
                if server.htaccess:
                    self.extra_headers, redirect = apache.rules(self.path.split("?", 1)[0])
                    if redirect:
                        return self.redirect(*redirect)
                # As the .htaccess asks Apache to: gzip text and scripts for browsers that accept it.
                path = self.translate_path(self.path.split("?", 1)[0])
                if os.path.isdir(path):
                    path = os.path.join(path, "index.html")
                if not (
                    compress
                    and "gzip" in self.headers.get("Accept-Encoding", "")
                    and path.endswith((".html", ".js", ".css", ".json", ".xml", ".txt"))
                    and os.path.isfile(path)
                ):
                    return super().send_head()
                with open(path, "rb") as source:
                    body = gzip.compress(source.read())
                self.send_response(200)
                self.send_header("Content-Type", self.guess_type(path))
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                return io.BytesIO(body)

            def redirect(self, status, location, document):
                if location:
                    self.send_response(status)
                    self.send_header("Location", location)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return io.BytesIO(b"")
                page = document and self.translate_path(document)
                body = pathlib.Path(page).read_bytes() if page and os.path.isfile(page) else b"Gone"
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                return io.BytesIO(body)

            def translate_path(self, path):
                if prefix_value and path.startswith(prefix_value):
                    path = path[len(prefix_value) :] or "/"
                return super().translate_path(path)

            def send_error(self, code, message=None, explain=None):
                page = os.path.join(root, "404.html")
                if code == 404 and os.path.exists(page):
                    self.send_response(404)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.end_headers()
                    with open(page, "rb") as body:
                        self.wfile.write(body.read())
                    return
                super().send_error(code, message, explain)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=root))
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}{self.prefix}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
