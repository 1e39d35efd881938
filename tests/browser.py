"""A real browser for the tests: Debian's chromium, headless, driven by Playwright, and a
real HTTP server on 127.0.0.1 serving a built site (under a sub-path if asked)."""

import functools
import gzip
import http.server
import io
import os
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


def chromium_path():
    for candidate in (
        os.environ.get("CHROMIUM"),
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


class SiteServer:
    """Serves `root` at http://127.0.0.1:<port><prefix>/ (prefix like "/giam-ngheo")."""

    def __init__(self, root, prefix="", compress=False):
        self.prefix = prefix.rstrip("/")
        root = str(root)
        prefix_value = self.prefix

        class Handler(http.server.SimpleHTTPRequestHandler):
            def send_head(self):
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
