"""The quality gate: what must be true of a built site before it is published."""

import json
import logging
import pathlib
import shutil
import subprocess
import sys

import feedparser

from giamngheo.addresses import ledger
from giamngheo.core import LogRecorder
from giamngheo.sources import SOURCE_NOTICE

from . import feedcheck, sitecheck
from .secrets import SHORTEST_SEARCHABLE

# The Nu Html Checker (W3C), pinned in package-lock.json; `make gate-tools` installs it and Java.
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


def build_site(settings_file, output, **overrides):
    """Build with real Pelican into `output`; return the warnings and errors it logged.

    Raises giamngheo.core.ContentError when the content has problems (nothing is written).
    """
    from pelican import Pelican
    from pelican.settings import read_settings

    settings = read_settings(settings_file, override={"OUTPUT_PATH": str(output), **overrides})
    recorder = LogRecorder(logging.WARNING)
    logging.getLogger().addHandler(recorder)
    try:
        Pelican(settings).run()
    finally:
        logging.getLogger().removeHandler(recorder)
    return recorder.records


QUICK_JAVA_FILES = 1000  # fewer pages than this: the checker runs without Java's optimising compiler


def markup_errors(output, vnu=VNU):
    """(file, error) for every error the Nu Html Checker finds in the pages and the CSS of
    `output` (the inline CSS of each page too), or one finding saying the checker is missing.

    One run over the whole folder: the checker is a Java program, and starting Java for each
    of thousands of pages would take far longer than checking them.
    """
    java = shutil.which("java")
    if not java or not pathlib.Path(vnu).is_file():
        return [(None, "missing")]
    # The pages (whose CSS is inline, and checked there) and the site's own stylesheets.
    files = sorted(str(path) for path in pathlib.Path(output).rglob("*") if path.suffix in (".html", ".css"))
    if not files:
        return []
    # Java's optimising compiler pays off only on a long run: on the sample site (215 pages)
    # leaving it out halves the checker's CPU (12.5 -> 6.0 s) and shortens it (6.9 -> 5.8 s);
    # on 3,225 pages it made the run 6 s longer, so large sites keep it.
    quick = ["-XX:TieredStopAtLevel=1"] if len(files) < QUICK_JAVA_FILES else []
    result = subprocess.run(
        [java, *quick, "-Xss4m", "-jar", str(vnu), "--errors-only", "--also-check-css", "--format", "json", *files],
        capture_output=True,
        text=True,
    )
    try:
        messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    except ValueError:
        return [(None, result.stderr.strip()[-500:] or f"exit {result.returncode}")]
    root = pathlib.Path(output).resolve().as_posix()
    found = []
    for message in messages:
        where = message.get("url", "").removeprefix("file:").removeprefix(root).lstrip("/")
        line = f" (dòng {message['lastLine']})" if message.get("lastLine") else ""
        found.append((f"{where}{line}", message.get("message", "")))
    return found


def feed_errors(output, siteurl):
    """(feed, finding) for every feed that breaks the W3C validator's rules or does not parse."""
    found = []
    output = pathlib.Path(output)
    for path in sorted(output.rglob("*.xml")):
        if not path.name.endswith(("rss.xml", "atom.xml")):
            continue
        url = f"{siteurl}/{path.relative_to(output).as_posix()}"
        check = feedcheck.check_rss if path.name.endswith("rss.xml") else feedcheck.check_atom
        for level, name, where in check(path.read_bytes(), url):
            found.append((str(path.relative_to(output)), f"{level} {name}: {where}"))
        if feedparser.parse(path.read_bytes()).bozo:
            found.append((str(path.relative_to(output)), "feedparser cannot read it"))
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


def check_site(output, siteurl, records, secrets=(), previous=None):
    """Plain-words reasons not to publish `output` (empty when it may be published).

    `previous`: the addresses live where it is published; none may be dropped."""
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
    for feed, finding in feed_errors(output, siteurl):
        reasons.append(f"Kênh RSS/Atom không hợp lệ (invalid feed) {feed}: {finding}")
    for page, error in markup_errors(output):
        if page is None:
            reasons.append(
                "Chưa kiểm tra được HTML và CSS: thiếu Java hoặc Nu Html Checker (tools/gate/node_modules/vnu-jar). Chạy "
                f"“make gate-tools” rồi xuất bản lại. (The HTML checker cannot run: {error}.)"
            )
        else:
            reasons.append(f"Lỗi HTML/CSS (Nu Html Checker) trong {page}: {error}")
    return reasons
