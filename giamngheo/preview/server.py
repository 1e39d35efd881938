"""The preview server of `make serve`: serves the preview folder on 127.0.0.1, rebuilds on
every save (builder.py) and reloads the browser once the pages are written.

Into every HTML page it serves (never into the files, which are never published either) it
adds one stylesheet and one script from /__preview__/, external files so that a Content
Security Policy without inline scripts allows them, and, while the content has problems, a
banner listing each (file, line, fix) in Vietnamese. The script asks /__preview__/state
whether its page changed and reloads it then, keeping the scroll position.
"""

import functools
import html
import http.server
import json
import mimetypes
import os
import pathlib
import queue
import re
import signal
import sys
import threading
import time
import urllib.parse
import uuid

from .builder import Cancelled, PreviewBuilder

ASSETS = pathlib.Path(__file__).parent / "assets"
PREFIX = "/__preview__/"
# What a page not (yet) built shows: with the banner, when the first build has problems.
NOT_BUILT = (
    '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Chưa có trang</title></head>'
    "<body><p>Bản xem trước chưa có trang này.</p></body></html>"
).encode()
RESTART_SUFFIXES = (".py",)  # a plugin or the settings: the process starts again


class PreviewState:
    """What the server tells the pages: which files changed at which generation, and the
    problems of the content as last built."""

    def __init__(self):
        self.instance = uuid.uuid4().hex[:12]  # a restarted server makes every page reload
        self.generation = 0
        self.changed = {}  # output file (relative) -> generation at which it last changed
        self.problems = []
        self.problems_generation = 0
        self.ready = False  # the first build is done
        self.busy = False
        self.idle = False  # built, nothing waiting: the pages show every save
        self.lock = threading.Lock()

    def publish(self, result):
        with self.lock:
            self.generation += 1
            for name in result.changed:
                self.changed[name] = self.generation
            if result.problems != self.problems:
                self.problems = list(result.problems)
                self.problems_generation = self.generation
            self.ready = self.ready or result.ok

    def reload(self, instance, since, page):
        """Does the page at `page` (a file of the output), loaded at `since`, need a reload?"""
        with self.lock:
            return (
                instance != self.instance
                or self.problems_generation > since
                or self.changed.get(page, 0) > since
                or self.changed.get("*", 0) > since  # every page: the first build
            )


def _file_of(root, url_path):
    """The output file a URL path names (folders by their index.html), or None."""
    relative = urllib.parse.unquote(url_path).lstrip("/")
    path = os.path.normpath(os.path.join(root, relative))
    if not path.startswith(os.path.abspath(root)):
        return None
    if os.path.isdir(path):
        path = os.path.join(path, "index.html")
    return path


def _handler(builder, state):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def log_message(self, format, *args):
            pass  # the terminal shows builds and problems, not every request

        def do_GET(self):
            parts = urllib.parse.urlsplit(self.path)
            if parts.path.startswith(PREFIX):
                return self._preview(parts)
            with builder.lock:  # not while a build swaps the folder or writes pages
                path = _file_of(builder.output, parts.path)
                if path and path.endswith("index.html") and not parts.path.endswith("/") and os.path.isfile(path):
                    return self._send(301, b"", "text/plain", {"Location": parts.path + "/"})
                status = 200
                if not path or not os.path.isfile(path):
                    status, path = 404, os.path.join(builder.output, "404.html")
                body = pathlib.Path(path).read_bytes() if os.path.isfile(path) else NOT_BUILT
            kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
            page = os.path.relpath(path, builder.output).replace(os.sep, "/")
            if kind == "text/html" and not page.startswith(NOT_INJECTED):
                body = inject(body.decode("utf-8"), state, page).encode("utf-8")
                kind += "; charset=utf-8"
            self._send(status, body, kind)

        def _preview(self, parts):
            name = parts.path[len(PREFIX) :]
            if name == "state":
                query = urllib.parse.parse_qs(parts.query)
                since = int((query.get("since") or ["0"])[0] or 0)
                page = (query.get("page") or [""])[0]
                answer = {
                    "reload": state.reload((query.get("instance") or [""])[0], since, page),
                    "generation": state.generation,
                    "problems": state.problems,
                    "ready": state.ready,
                    "busy": state.busy,
                    "idle": state.idle,
                }
                return self._send(200, json.dumps(answer).encode(), "application/json")
            asset = ASSETS / name
            if "/" in name or not asset.is_file():
                return self._send(404, b"Not found", "text/plain")
            self._send(200, asset.read_bytes(), mimetypes.guess_type(name)[0])

        def _send(self, status, body, kind, headers=None):
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

    return Handler


# The staff editor's page: a live reload would throw away what staff are typing.
NOT_INJECTED = ("admin/",)


def inject(page_html, state, page):
    """The page as served: the preview's stylesheet and script, and the problems banner."""
    with state.lock:
        generation, problems = state.generation, list(state.problems)
    tags = (
        f'<link rel="stylesheet" href="{PREFIX}preview.css">'
        f'<script src="{PREFIX}preview.js" defer data-instance="{state.instance}" '
        f'data-generation="{generation}" data-page="{html.escape(page)}"></script>'
    )
    page_html = page_html.replace("</head>", tags + "</head>", 1)
    if problems:
        items = "".join(f"<li>{html.escape(problem)}</li>" for problem in problems)
        banner = (
            '<div class="preview-problems" id="preview-problems" role="alert">'
            f"<p><strong>Nội dung có {len(problems)} lỗi: trang chưa được cập nhật.</strong> "
            "Các trang đang hiển thị là bản đúng gần nhất; sửa lỗi rồi lưu tệp, trang sẽ tự tải lại.</p>"
            f"<ul>{items}</ul></div>"
        )
        page_html = re.sub(r"<body[^>]*>", lambda match: match.group(0) + banner, page_html, count=1)
    return page_html


class PreviewServer:
    """Watches the sources, rebuilds and serves. `run()` blocks until `stop()`."""

    def __init__(self, builder, watched, host="127.0.0.1", port=8000, out=sys.stderr):
        self.builder, self.watched = builder, [os.path.abspath(path) for path in watched]
        self.state = PreviewState()
        self.http = http.server.ThreadingHTTPServer((host, port), _handler(builder, self.state))
        self.http.daemon_threads = True
        self.changes = queue.Queue()
        self.stopping = threading.Event()
        self.out = out
        self.background = None  # the full build after a fast path (builder.BackgroundBuild)

    @property
    def address(self):
        host, port = self.http.server_address[:2]
        return f"http://{host}:{port}/"

    def stop(self):
        self.stopping.set()
        self.http.shutdown()

    def run(self):
        threading.Thread(target=self.http.serve_forever, daemon=True).start()
        threading.Thread(target=self._watch, daemon=True).start()
        self._say(f"Đang dựng bản xem trước … (preview at {self.address})")
        self._build(lambda: self.builder.full_build(), first=True)
        catch_up = False  # after a fast path, or a cancelled build: a full build is due
        try:
            while not self.stopping.is_set():
                self.state.idle = not catch_up and self.changes.empty()
                try:
                    paths = {self.changes.get(timeout=0.2)}
                except queue.Empty:
                    if catch_up and self.builder.stale:  # no build to keep: this one is kept, here
                        catch_up = self._build(lambda: self.builder.full_build(self._newer_save), quiet=True) is None
                    elif catch_up and self.background is None:
                        self.background = self.builder.start_background()
                        self.state.busy = True
                    elif self.background is not None:
                        catch_up = not self._take_background()
                    continue
                self._stop_background()  # a newer save: it never waits for that build
                while not self.changes.empty():
                    paths.add(self.changes.get())
                if any(path.endswith(RESTART_SUFFIXES) for path in paths):
                    self._restart(paths)
                self._say("Tệp đã lưu (saved): " + ", ".join(sorted(os.path.basename(path) for path in paths)))
                result = self._build(
                    functools.partial(self.builder.update, paths, self._newer_save, self._item_written)
                )
                catch_up = result is None or (result.kind == "fast" and (catch_up or bool(result.changed)))
        finally:
            self._stop_background()

    def _take_background(self):
        """Whether the full build in the background has ended (its pages are then served)."""
        result = self.background.finished()
        if result is None:
            return False
        self.background = None
        self.state.busy = False
        self._report(result, quiet=True)
        return True

    def _stop_background(self):
        if self.background is not None:
            self.background.stop()
            self.background = None
            self.state.busy = False

    def _item_written(self, result):
        """The fast path wrote the edited items' pages: reload them before the listings."""
        self.state.publish(result)

    def _newer_save(self):
        return not self.changes.empty() or self.stopping.is_set()

    def _build(self, build, first=False, quiet=False):
        """Run one build and tell the pages; the result, or None if a newer save cancelled it."""
        self.state.busy, self.state.idle = True, False
        try:
            result = build()
        except Cancelled:
            return None
        finally:
            self.state.busy = False
        if first and result.ok:
            result.changed = ["*"]
        self._report(result, quiet)
        if first:
            self._say(f"Xem trước tại {self.address} (Ctrl+C để dừng)")
        return result

    def _report(self, result, quiet=False):
        """Tell the pages and the terminal what a build changed, or its problems."""
        self.state.publish(result)
        seconds = f"{result.seconds:.2f}".replace(".", ",")
        if result.problems:
            self._say("Nội dung có lỗi, trang cũ được giữ nguyên (content problems; kept the last good pages):")
            for problem in result.problems:
                self._say(f"  - {problem}")
        elif not quiet or result.changed:
            what = "nhanh" if result.kind == "fast" else "toàn bộ"
            self._say(f"Đã cập nhật {len(result.changed)} tệp ({what}) trong {seconds} giây. (Updated.)")

    def _watch(self):
        import watchfiles

        for changes in watchfiles.watch(*self.watched, stop_event=self.stopping, debounce=400, step=30):
            for _, path in changes:
                self.changes.put(os.path.abspath(path))

    def _restart(self, paths):
        """A plugin or the settings changed: start the whole process again with the new code."""
        names = ", ".join(sorted(os.path.basename(path) for path in paths if path.endswith(RESTART_SUFFIXES)))
        self._say(f"Mã nguồn thay đổi ({names}): khởi động lại bản xem trước. (Restarting.)")
        self._stop_background()
        self.http.server_close()
        os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])

    def _say(self, text):
        print(f"[{time.strftime('%H:%M:%S')}] {text}", file=self.out, flush=True)


def _interrupted(signum, frame):
    raise KeyboardInterrupt


def serve(settings_file, host="127.0.0.1", port=8000, root=".preview", overrides=None, watch=()):
    """Build the site into `root`/site and serve it with live reload until Ctrl+C."""
    from pelican.settings import read_settings

    builder = PreviewBuilder(settings_file, os.path.join(root, "site"), os.path.join(root, "cache"), overrides)
    settings = read_settings(settings_file, override=dict(overrides or {}))
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # giamngheo/
    watched = [settings["PATH"], settings["THEME"], package, settings_file, *watch]
    server = PreviewServer(builder, [path for path in watched if os.path.exists(path)], host, port)
    signal.signal(signal.SIGTERM, _interrupted)  # `kill` (the tests' stop()) ends it as Ctrl+C does
    try:
        server.run()
    except KeyboardInterrupt:
        server.stop()
