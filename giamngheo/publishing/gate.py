"""The quality gate: what must be true of a built site before it is published."""

import hashlib
import json
import logging
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse

import feedparser

from giamngheo.addresses import ledger
from giamngheo.core import LogRecorder
from giamngheo.sources import SOURCE_NOTICE

from . import feedcheck, sitecheck
from .secrets import SHORTEST_SEARCHABLE

# The Nu Html Checker, installed by `make gate-tools` (tools/gate/, pinned apart from the
# tests' node packages so that a publish installs only it).
VNU = (
    pathlib.Path(__file__).resolve().parents[2]
    / "tools"
    / "gate"
    / "node_modules"
    / "vnu-jar"
    / "build"
    / "dist"
    / "vnu.jar"
)


def build_settings(settings_file, output, **overrides):
    """Pelican's settings for a build of `settings_file` into `output`."""
    from pelican.settings import read_settings

    return read_settings(settings_file, override={"OUTPUT_PATH": str(output), **overrides})


def build_site(settings_file, output, **overrides):
    """Build with real Pelican into `output`; return the warnings and errors it logged.

    Raises giamngheo.core.ContentError when the content has problems (nothing is written).
    """
    return run_build(build_settings(settings_file, output, **overrides))


def run_build(settings):
    """Build with real Pelican and `settings` (build_settings); what build_site returns."""
    from pelican import Pelican

    recorder = LogRecorder(logging.WARNING)
    logging.getLogger().addHandler(recorder)
    try:
        Pelican(settings).run()
    finally:
        logging.getLogger().removeHandler(recorder)
    return recorder.records


QUICK_JAVA_FILES = 1000  # fewer pages than this: the checker runs without Java's optimising compiler
VNU_OPTIONS = ("--errors-only", "--also-check-css", "--format", "json")  # the checker's, in its cache key


class Passed:
    """What a checker passed before, by content: a file whose bytes, and what else its result
    depends on (`context`), are those of a file the same checker passed has no error, and is
    not checked again. One empty file per passed digest, in `folder`; markers not used for
    `KEEP_DAYS` are dropped (`prune`, once per check_site), so the folder stays about the size
    of the site. Files with errors are never recorded: they are checked, and reported, every
    time."""

    KEEP_DAYS = 30

    def __init__(self, folder, checker):
        self.folder, self.checker = pathlib.Path(folder), checker

    @classmethod
    def of_vnu(cls, folder, vnu):
        """The Nu Html Checker's: the jar's own digest and its options name the checker."""
        with open(vnu, "rb") as jar:
            return cls(folder, f"vnu {hashlib.file_digest(jar, 'sha256').hexdigest()} {' '.join(VNU_OPTIONS)}")

    @classmethod
    def of_feeds(cls, folder):
        """The feed checks': feedparser's version and the rules' own text name the checker."""
        with open(feedcheck.__file__, "rb") as rules:
            return cls(folder, f"feeds {feedparser.__version__} {hashlib.file_digest(rules, 'sha256').hexdigest()}")

    def marker(self, path, context=""):
        digest = hashlib.sha256(f"{self.checker} {context}\n".encode())
        digest.update(path.read_bytes())
        name = digest.hexdigest()
        return self.folder / name[:2] / name

    def known(self, marker):
        try:
            os.utime(marker)  # still used: kept
        except FileNotFoundError:
            return False
        return True

    def record(self, markers):
        for marker in markers:
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.touch()

    @classmethod
    def prune(cls, folder):
        """Drop the markers of every checker that no check used for KEEP_DAYS."""
        too_old = time.time() - cls.KEEP_DAYS * 86400
        for marker in pathlib.Path(folder).glob("??/*"):
            if marker.stat().st_mtime < too_old:
                marker.unlink(missing_ok=True)


class CheckerFailed(Exception):
    """The Nu Html Checker could not run ("missing": no Java) or said nothing readable."""


def checker_messages(files, vnu=VNU):
    """The Nu Html Checker's messages (its JSON: url, message, lastLine…) on `files`, in one
    run of Java. Raises CheckerFailed when it cannot run or its output is not its report."""
    java = shutil.which("java")
    if not java:
        raise CheckerFailed("missing")
    # Java's optimising compiler pays off only on a long run: on the sample site (215 pages)
    # leaving it out halves the checker's CPU (12.5 -> 6.0 s) and shortens it (6.9 -> 5.8 s);
    # on 3,225 pages it made the run 6 s longer, so large sites keep it.
    quick = ["-XX:TieredStopAtLevel=1"] if len(files) < QUICK_JAVA_FILES else []
    result = subprocess.run(
        [java, *quick, "-Xss4m", "-jar", str(vnu), *VNU_OPTIONS, *map(str, files)], capture_output=True, text=True
    )
    try:
        return json.loads(result.stderr or '{"messages": []}')["messages"]
    except ValueError:
        raise CheckerFailed(result.stderr.strip()[-500:] or f"exit {result.returncode}") from None


def markup_errors(output, vnu=VNU, cache=None):
    """(file, error) for every error the Nu Html Checker finds in the pages and the CSS of
    `output` (the inline CSS of each page too), or one finding saying the checker is missing.

    One run over the whole folder: the checker is a Java program, and starting Java for each
    of thousands of pages would take far longer than checking them. With `cache` (a folder),
    only the files it has not passed before are checked (`Passed`): an hourly publish of an
    unchanged site starts no Java at all, and an edit checks the pages it changed.
    """
    if not pathlib.Path(vnu).is_file():
        return [(None, "missing")]
    # The pages (whose CSS is inline, and checked there) and the site's own stylesheets.
    files = sorted(path.resolve() for path in pathlib.Path(output).rglob("*") if path.suffix in (".html", ".css"))
    passed = Passed.of_vnu(cache, vnu) if cache else None
    if passed:
        markers = {path: passed.marker(path, path.suffix) for path in files}
        files = [path for path in files if not passed.known(markers[path])]
    if not files:
        return []
    with tempfile.TemporaryDirectory(prefix="gate-") as folder:
        staged = StagedFiles(files, pathlib.Path(folder).resolve())
        try:
            messages = checker_messages(staged.files, vnu)
        except CheckerFailed as failure:
            return [(None, str(failure))]
    root = pathlib.Path(output).resolve().as_posix()
    found, failed = [], set()
    for message in messages:
        url = urllib.parse.unquote(message.get("url", "").removeprefix("file:"))
        path, line, pages = staged.origin(url, message.get("lastLine"))
        failed.update(pages)
        where = (path.as_posix().removeprefix(root) if path else url).lstrip("/")
        found.append((f"{where} (dòng {line})" if line else where, message.get("message", "")))
    # The checker names each file by its address (file:/…): when every error names one of the
    # files given, the others passed.
    if passed and None not in failed:
        passed.record(markers[path] for path in files if path not in failed)
    return found


class StagedFiles:
    """What the checker reads for `files`: each page with the text of its inline stylesheets
    taken out (their line breaks kept, so that line numbers hold), and each distinct inline
    stylesheet once, as a .css file in `folder`. The theme's stylesheet is inline in every
    page (14 KB): checking it again in each one was 60 % of the checker's time (the sample
    site's 221 files: 6.1 s, 2.5 s without it). An error in a stylesheet is reported at the
    first page that holds it, at the line it is on there."""

    STYLE = re.compile(rb"(<style\b[^>]*>)(.*?)(?=</style)", re.S | re.I)

    def __init__(self, files, folder):
        self.files, self._from = [], {}  # checked path -> (page, first line, every page holding it)
        sheets = {}
        for number, path in enumerate(files):
            page = path.read_bytes() if path.suffix == ".html" else b""
            if not self.STYLE.search(page):
                self.files.append(path)
                self._from[path.as_posix()] = (path, 1, [path])
                continue

            def blank(match, path=path, page=page):
                css = match.group(2)
                key = hashlib.sha256(css).hexdigest()[:32]
                if key not in sheets:
                    sheet = folder / f"{key}.css"
                    sheet.write_bytes(css)
                    sheets[key] = (path, page.count(b"\n", 0, match.end(1)) + 1, [])
                    self.files.append(sheet)
                    self._from[sheet.as_posix()] = sheets[key]
                sheets[key][2].append(path)
                return match.group(1) + b"\n" * css.count(b"\n")

            copy = folder / f"{number}.html"
            copy.write_bytes(self.STYLE.sub(blank, page))
            self.files.append(copy)
            self._from[copy.as_posix()] = (path, 1, [path])

    def origin(self, url, line):
        """(the file of `output` a message of the checker is about, its line there, the
        files it fails); (None, line, [None]) for an address that is none of them."""
        path, first, pages = self._from.get(url, (None, 1, [None]))
        return path, (first + line - 1 if line else None), pages


def feed_errors(output, siteurl, cache=None):
    """(feed, finding) for every feed that breaks the W3C validator's rules or does not parse.
    With `cache`, a feed passed before with the same bytes at the same address is not read
    again (`Passed`)."""
    found, good = [], []
    output = pathlib.Path(output)
    passed = Passed.of_feeds(cache) if cache else None
    for path in sorted(output.rglob("*.xml")):
        if not path.name.endswith(("rss.xml", "atom.xml")):
            continue
        url = f"{siteurl}/{path.relative_to(output).as_posix()}"
        marker = passed.marker(path, url) if passed else None
        if marker and passed.known(marker):
            continue
        data = path.read_bytes()
        check = feedcheck.check_rss if path.name.endswith("rss.xml") else feedcheck.check_atom
        findings = [f"{level} {name}: {where}" for level, name, where in check(data, url)]
        if feedparser.parse(data).bozo:
            findings.append("feedparser cannot read it")
        found += [(str(path.relative_to(output)), finding) for finding in findings]
        if marker and not findings:
            good.append(marker)
    if passed:
        passed.record(good)
    return found


def run_tests():
    """The whole test suite; True when it passes."""
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-x"]).returncode == 0


def secret_leaks(output, secrets):
    """Files of the built site that contain a deploy password."""
    needles = [value.encode("utf-8") for value in secrets if len(value) >= SHORTEST_SEARCHABLE]
    if not needles:
        return []
    output = pathlib.Path(output)

    def leaks(path):
        data = path.read_bytes()  # once per file, whatever the number of passwords
        return any(needle in data for needle in needles)

    return sorted(path.relative_to(output).as_posix() for path in output.rglob("*") if path.is_file() and leaks(path))


def dropped_addresses(output, previous):
    """Addresses live where the site is published that the build in `output` forgets."""
    path = pathlib.Path(output) / ledger.LEDGER_NAME
    now = json.loads(path.read_text(encoding="utf-8"))["addresses"] if path.exists() else {}
    return ledger.dropped(previous or {}, now)


def source_notice(record):
    """Whether a build warning is about a unit's portal (giamngheo.sources): reported in the
    publish log, never a reason to hold the site back, since the failing source's last good
    copy is what the site shows."""
    return bool(getattr(record, SOURCE_NOTICE, False))


def check_site(output, siteurl, records, secrets=(), previous=None, cache=None):
    """Plain-words reasons not to publish `output` (empty when it may be published).

    `previous`: the addresses live where it is published; none may be dropped. `cache`: the
    folder of what the HTML checker and the feed checks passed before (GATE_CACHE_PATH)."""
    reasons = []
    for address in dropped_addresses(output, previous):
        reasons.append(
            f"Địa chỉ đã đăng /{address} sẽ không còn trả lời (dropped address): thêm “Redirect_from: /{address}” "
            "vào bài thay thế nó. (A published address would break.)"
        )
    for path in secret_leaks(output, secrets):
        reasons.append(
            f"Mật khẩu xuất bản (DEPLOY_PASSWORD hoặc trong DEPLOY_URL) nằm trong tệp {path} của trang: xóa nó khỏi "
            "nội dung, rồi đổi mật khẩu tài khoản và sửa secret. (The deploy password is in the site's output.)"
        )
    for record in records:
        if source_notice(record):
            continue  # a unit's portal that failed: its last good copy is shown (build_and_check says so)
        reasons.append(f"Cảnh báo khi xây dựng trang (build warning): {record.getMessage()}")
    for page, link in sitecheck.broken_links(output, siteurl):
        reasons.append(f"Liên kết hỏng (broken link) trong {page}: {link}")
    for feed, finding in feed_errors(output, siteurl, cache=cache):
        reasons.append(f"Kênh RSS/Atom không hợp lệ (invalid feed) {feed}: {finding}")
    for page, error in markup_errors(output, cache=cache):
        if page is None:
            reasons.append(
                "Chưa kiểm tra được HTML và CSS: thiếu Java hoặc Nu Html Checker (tools/gate/node_modules/vnu-jar). Chạy "
                f"“make gate-tools” rồi xuất bản lại. (The HTML checker cannot run: {error}.)"
            )
        else:
            reasons.append(f"Lỗi HTML/CSS (Nu Html Checker) trong {page}: {error}")
    if cache:
        Passed.prune(cache)
    return reasons
