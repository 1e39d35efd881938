"""Reading the units' feeds as a good feed reader does, and the last good copy of each.

Every source is fetched at once in a thread pool under one deadline for all of them, each
with its own timeout; requests are conditional (ETag, Last-Modified), identify the site
(User-Agent), and stop at a size limit. What a source gave last time it worked is kept in the
cache folder (one JSON file per feed): a source that is down, slow, broken, gone or suddenly
empty keeps showing what readers saw, and its failure is only reported.
"""

import calendar
import concurrent.futures
import dataclasses
import datetime
import hashlib
import html
import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request

import feedparser

from giamngheo.sanitise.cleaner import Allowed, clean, safe_url

# What an administrator reads in `invoke sources` and the build log, one word per outcome.
OK, NOT_MODIFIED, MOVED, GONE, BROKEN, SLOW = "ok", "not modified", "moved", "gone", "broken", "slow"
FAILED = (GONE, BROKEN, SLOW)  # the last good copy is shown
SUMMARY_LENGTH = 300  # characters of a summary kept (text only)
CHUNK = 64 * 1024
WHITESPACE = re.compile(r"\s+")
# feedparser notes these on a feed it read well: a feed served with a loose content type or
# charset is not broken.
HARMLESS = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)


@dataclasses.dataclass
class Outcome:
    """What reading one source gave: its status, why (for people), and the items shown."""

    source: object
    status: str
    reason: str = ""
    items: list = dataclasses.field(default_factory=list)  # dicts, as in the cache
    location: str = ""  # where a moved feed now lives
    cached_at: str = ""  # when the copy shown was read, if it is an older one
    seconds: float | None = None  # how long reading it took (None: not read, or past the deadline)

    @property
    def failed(self):
        return self.status in FAILED


class Fetch:
    """The settings of one round of reading: timeouts, size limit, User-Agent, cache folder."""

    def __init__(self, settings):
        self.timeout = float(settings["SOURCES_TIMEOUT"])
        self.deadline = float(settings["SOURCES_DEADLINE"])
        self.max_bytes = int(settings["SOURCES_MAX_BYTES"])
        self.workers = int(settings["SOURCES_WORKERS"])
        self.user_agent = settings["SOURCES_USER_AGENT"]
        self.cache = os.path.abspath(settings["SOURCES_CACHE_PATH"])

    def cache_file(self, source):
        key = hashlib.sha256(source.feed.encode("utf-8")).hexdigest()[:24]
        return os.path.join(self.cache, f"{key}.json")

    def cached(self, source):
        """The last good copy of a source ({} if none)."""
        try:
            with open(self.cache_file(source), encoding="utf-8") as file:
                copy = json.load(file)
        except (OSError, ValueError):
            return {}
        return copy if copy.get("feed") == source.feed else {}

    def keep(self, source, copy):
        """Store a good copy, atomically: a build stopped half-way leaves the old one whole."""
        os.makedirs(self.cache, exist_ok=True)
        path = self.cache_file(source)
        partial = f"{path}.{os.getpid()}.partial"
        with open(partial, "w", encoding="utf-8") as file:
            json.dump(copy, file, ensure_ascii=False, indent=1)
        os.replace(partial, path)

    def from_cache(self, sources):
        """Every source's last good copy, reading nothing from the network (the preview)."""
        return [Outcome(s, NOT_MODIFIED, "bản lưu", self.cached(s).get("items", [])) for s in sources]

    def read_all(self, sources):
        """Read every source at once; none waits past the shared deadline."""
        if not sources:
            return []
        started = time.monotonic()
        stop = started + self.deadline
        pool = concurrent.futures.ThreadPoolExecutor(max_workers=max(1, min(self.workers, len(sources))))
        futures = [pool.submit(self.read, source, stop) for source in sources]
        concurrent.futures.wait(futures, timeout=self.deadline)
        # The threads still reading end at their own timeout; nobody waits for them.
        pool.shutdown(wait=False, cancel_futures=True)
        outcomes = []
        for source, future in zip(sources, futures, strict=True):
            if future.done() and not future.cancelled():
                outcomes.append(future.result())
            else:
                reason = f"quá {self.deadline:g} giây chờ chung cho mọi nguồn"
                outcomes.append(self._fallback(source, SLOW, reason))
        return outcomes

    def read(self, source, stop):
        """Fetch and parse one source; never raises."""
        started = time.monotonic()
        try:
            outcome = self._read(source, stop)
        except Exception as error:  # a source's failure, whatever it is, must never stop the build
            outcome = self._fallback(source, BROKEN, f"lỗi không lường trước: {error!r}")
        outcome.seconds = time.monotonic() - started
        return outcome

    def _fallback(self, source, status, reason, location=""):
        copy = self.cached(source)
        return Outcome(source, status, reason, copy.get("items", []), location, copy.get("checked", ""))

    def _read(self, source, stop):
        copy = self.cached(source)
        request = urllib.request.Request(source.feed, headers={"User-Agent": self.user_agent, "Accept": ACCEPT})
        if copy.get("etag"):
            request.add_header("If-None-Match", copy["etag"])
        if copy.get("last_modified"):
            request.add_header("If-Modified-Since", copy["last_modified"])
        redirects = RedirectRecorder()
        opener = urllib.request.build_opener(redirects)
        started = time.monotonic()
        limit = min(started + self.timeout, stop)
        if stop < started + self.timeout:
            slow = f"quá {self.deadline:g} giây chờ chung cho mọi nguồn"
        else:
            slow = f"quá {self.timeout:g} giây"
        try:
            with opener.open(request, timeout=max(0.1, limit - started)) as response:
                body = self._body(response, limit)
                headers, base = response.headers, response.geturl()
        except urllib.error.HTTPError as error:
            error.close()
            if error.code == 304:
                return Outcome(source, NOT_MODIFIED, "", copy.get("items", []))
            status = GONE if error.code in (404, 410) else BROKEN
            return self._fallback(source, status, f"HTTP {error.code}")
        except TooLarge:
            return self._fallback(source, BROKEN, f"lớn quá {self.max_bytes // 1024 // 1024} MB")
        except (TimeoutError, TooSlow):
            return self._fallback(source, SLOW, slow)
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                return self._fallback(source, SLOW, slow)
            return self._fallback(source, BROKEN, f"không kết nối được ({error.reason})")
        except (OSError, ValueError) as error:
            return self._fallback(source, BROKEN, f"không kết nối được ({error})")
        items, problem = parse(body, headers.get("Content-Type", ""), base)
        location = redirects.permanent
        if problem:
            return self._fallback(source, BROKEN, problem, location)
        if not items and copy.get("items"):
            return self._fallback(source, BROKEN, "kênh bỗng trống: giữ bản lưu", location)
        self.keep(
            source,
            {
                "feed": source.feed,
                "checked": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                "etag": headers.get("ETag", ""),
                "last_modified": headers.get("Last-Modified", ""),
                "items": items,
            },
        )
        if location:
            return Outcome(source, MOVED, f"đã chuyển sang {location}", items, location)
        return Outcome(source, OK, "", items)

    def _body(self, response, limit):
        """The body, read in pieces: past the size limit or the time limit it stops."""
        length = response.headers.get("Content-Length")
        if length and length.isdigit() and int(length) > self.max_bytes:
            raise TooLarge
        pieces, size = [], 0
        while True:
            if time.monotonic() > limit:
                raise TooSlow
            piece = response.read(CHUNK)
            if not piece:
                return b"".join(pieces)
            size += len(piece)
            if size > self.max_bytes:
                raise TooLarge
            pieces.append(piece)


ACCEPT = "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.5"


class TooLarge(Exception):
    """The feed is larger than SOURCES_MAX_BYTES."""


class TooSlow(Exception):
    """The feed kept coming past the source's time."""


class RedirectRecorder(urllib.request.HTTPRedirectHandler):
    """Follows redirects, noting where a permanent one (301, 308) leads."""

    def __init__(self):
        self.permanent = ""

    def redirect_request(self, request, fp, code, msg, headers, newurl):
        if urllib.parse.urlsplit(newurl).scheme not in ("http", "https"):
            raise urllib.error.HTTPError(newurl, code, f"redirect to {newurl}", headers, fp)
        if code in (301, 308):
            self.permanent = newurl
        return super().redirect_request(request, fp, code, msg, headers, newurl)


def parse(body, content_type, base):
    """(items, problem): the items of an RSS, Atom or JSON Feed body, or why it cannot be read."""
    start = body.lstrip()[:1]
    if "json" in content_type or start == b"{":
        try:
            document = json.loads(body.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError) as error:
            return [], f"JSON hỏng ({error})"
        if not isinstance(document, dict) or not isinstance(document.get("items"), list):
            return [], "không phải JSON Feed (thiếu “items”)"
        entries = [_json_entry(entry) for entry in document["items"] if isinstance(entry, dict)]
    else:
        parsed = feedparser.parse(body, response_headers={"content-location": base})
        if parsed.bozo and not isinstance(parsed.bozo_exception, HARMLESS):
            return [], f"XML hỏng ({parsed.bozo_exception})"
        if not parsed.version:
            return [], "không phải kênh RSS, Atom hay JSON Feed"
        entries = [_feedparser_entry(entry) for entry in parsed.entries]
    items = []
    for entry in entries:
        link = safe_url(entry["link"], base) if entry["link"] else None
        title = text_only(entry["title"])
        if not link or not link.startswith(("http://", "https://")) or not title:
            continue  # an item readers cannot open or name is no item
        items.append(
            {
                "id": str(entry["id"] or link),
                "title": title,
                "link": link,
                "date": entry["date"],
                "summary": text_only(entry["summary"], SUMMARY_LENGTH),
            }
        )
    return items, ""


def _feedparser_entry(entry):
    when = entry.get("published_parsed") or entry.get("updated_parsed")
    date = datetime.datetime.fromtimestamp(calendar.timegm(when), datetime.UTC).isoformat() if when else ""
    return {
        "id": entry.get("id", ""),
        "title": entry.get("title", ""),
        "link": entry.get("link", ""),
        "date": date,
        "summary": entry.get("summary", ""),
    }


def _json_entry(entry):
    date = ""
    for key in ("date_published", "date_modified"):
        try:
            date = datetime.datetime.fromisoformat(str(entry[key]).replace("Z", "+00:00")).isoformat()
            break
        except (KeyError, ValueError):
            continue
    summary = entry.get("summary") or entry.get("content_html") or html.escape(str(entry.get("content_text") or ""))
    return {
        "id": entry.get("id", ""),
        "title": str(entry.get("title") or ""),
        "link": str(entry.get("url") or entry.get("external_url") or ""),
        "date": date,
        "summary": str(summary),
    }


TEXT_ONLY = Allowed.of((), {})  # no element, no attribute: the sanitiser keeps the text


def text_only(fragment, length=None):
    """The text of a piece of HTML (nothing that could run or show as markup), whitespace
    collapsed, cut at a word near `length` characters."""
    text = html.unescape(clean(str(fragment or ""), TEXT_ONLY))
    text = WHITESPACE.sub(" ", text).strip()
    if length and len(text) > length:
        text = text[:length].rsplit(" ", 1)[0].rstrip(",.;:") + "…"
    return text
