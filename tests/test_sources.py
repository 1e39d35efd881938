"""News from the units' own portals (giamngheo.sources): real builds of the fixture site that
read feeds served on 127.0.0.1 by a server in this process, good ones and bad ones."""

import functools
import http.server
import re
import shutil
import threading
import time

import pytest
from browser import need
from conftest import DATA, FIXTURE_SITE, GATE_CACHE, ROOT, build, free_port, make_settings, read_site

from giamngheo.publishing.gate import VNU, check_site, markup_errors, source_notice
from giamngheo.sources import Fetch, Source, load_sources
from giamngheo.sources.check import check_sources, table
from giamngheo.taxonomy import load_vocabulary

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>UBND xã Ninh Quới</title><link>http://portal.example/</link>
<description>Tin</description>
<item><title>Ninh Quới trao nhà đại đoàn kết</title><link>http://portal.example/tin/nha</link>
<guid>nq-1</guid><pubDate>Mon, 03 Mar 2025 08:00:00 +0700</pubDate>
<description>&lt;p&gt;Xã trao &lt;b&gt;10 căn nhà&lt;/b&gt; cho hộ nghèo.&lt;/p&gt;</description></item>
<item><title>Ninh Quới hẹn trước</title><link>http://portal.example/tin/hen</link>
<guid>nq-2</guid><pubDate>Mon, 03 Mar 2099 08:00:00 +0700</pubDate><description>Chưa đến ngày.</description></item>
<item><title>Ninh Quới tập huấn sinh kế</title><link>http://portal.example/tin/tap-huan</link>
<guid>nq-3</guid><pubDate>Tue, 04 Mar 2025 08:00:00 +0700</pubDate><description>Tập huấn.</description></item>
</channel></rss>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Sở NN&amp;MT</title><id>urn:so</id>
<updated>2025-04-01T00:00:00Z</updated>
<entry><title>Sở tổng kết giảm nghèo quý I</title><id>urn:so:1</id>
<link href="http://portal.example/so/tong-ket"/><updated>2025-04-01T00:00:00Z</updated>
<summary>Tổng kết quý I.</summary></entry></feed>"""
JSON_FEED = """{"version": "https://jsonfeed.org/version/1.1", "title": "NHCSXH",
"items": [{"id": "vay-1", "url": "http://portal.example/nh/vay", "title": "Giải ngân vốn vay hộ nghèo",
"date_published": "2025-05-02T09:00:00+07:00", "content_text": "Giải ngân 5 tỷ đồng."},
{"id": "nq-1-again", "url": "http://portal.example/tin/nha", "title": "Bản đăng lại", "content_text": "x"}]}"""
HOSTILE = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Hội LHPN</title><link>http://portal.example/</link><description>x</description>
<item><title>Hội Phụ nữ giúp hội viên nghèo &lt;img src=x onerror=alert(1)&gt;</title>
<link>http://portal.example/hoi/giup</link><pubDate>Wed, 05 Mar 2025 08:00:00 +0700</pubDate>
<description>&lt;script&gt;alert("x")&lt;/script&gt;&lt;a href="javascript:alert(2)" onclick="alert(3)"&gt;Giúp vốn&lt;/a&gt;
&lt;iframe src="http://evil.example/"&gt;&lt;/iframe&gt;&lt;style&gt;body{display:none}&lt;/style&gt;</description></item>
<item><title>Liên kết chạy mã</title><link>javascript:alert(4)</link><description>x</description></item>
</channel></rss>"""
BROKEN = '<?xml version="1.0"?><rss version="2.0"><channel><title>Hỏng<item><title>x</channel>'


def rss(title, link, date="Thu, 06 Mar 2025 08:00:00 +0700"):
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title><link>http://p/</link>'
        f"<description>d</description><item><title>{title}</title><link>{link}</link><pubDate>{date}</pubDate>"
        "<description>Tóm tắt.</description></item></channel></rss>"
    )


class PortalServer(http.server.ThreadingHTTPServer):
    """Many portals on one address: the reader connects to all of them at once."""

    daemon_threads = True
    request_queue_size = 64  # the default 5 would make connections past it wait a second or more


class Portals(http.server.BaseHTTPRequestHandler):
    """The units' portals: what each path answers depends on the server's `round`."""

    def do_GET(self):
        server = self.server
        server.requests.append((self.path, self.headers.get("If-None-Match"), self.headers.get("User-Agent")))
        first, path = server.round == 1, self.path.split("?")[0]
        if path == "/rss.xml":
            return self._send(RSS, "application/rss+xml")
        if path == "/atom.xml":
            return self._send(ATOM, "application/atom+xml")
        if path == "/feed.json":
            return self._send(JSON_FEED, "application/feed+json")
        if path == "/hostile.xml":
            return self._send(HOSTILE, "application/rss+xml")
        if path == "/etag.xml":  # conditional requests: 304 once the reader has its copy
            if self.headers.get("If-None-Match") == '"v1"':
                self.send_response(304)
                self.end_headers()
                return None
            return self._send(rss("Bạc Liêu cũ: tin có ETag", "http://portal.example/etag/1"), etag='"v1"')
        if path == "/slow.xml":  # answers at once, then hangs past every timeout
            if not first:
                time.sleep(3)
            return self._send(rss("Tin của nguồn sau này chậm", "http://portal.example/slow/1"))
        if path == "/broken.xml":  # good, then broken XML
            return self._send(rss("Tin của nguồn sau này hỏng", "http://portal.example/broken/1") if first else BROKEN)
        if path == "/later.xml":  # 404, then 200
            if first:
                return self.send_error(404)
            return self._send(rss("Tin của nguồn lúc đầu 404", "http://portal.example/later/1"))
        if path == "/huge.xml":
            return self._huge()
        if path == "/old.xml":
            self.send_response(301)
            self.send_header("Location", "/atom.xml")
            self.end_headers()
            return None
        return self.send_error(404)

    def _send(self, text, content_type="application/rss+xml", etag=None):
        body = text.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        if etag:
            self.send_header("ETag", etag)
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the reader gave up waiting (the slow portal)

    def _huge(self):
        """50 MB of items, made as they are sent (no length announced), never held whole."""
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.end_headers()
        item = b"<item><title>x</title><link>http://portal.example/x</link></item>" * 1000
        try:
            self.wfile.write(b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>')
            for _ in range(50 * 1024 * 1024 // len(item)):
                self.wfile.write(item)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the reader stopped at its size limit

    def log_message(self, *args):
        pass


SOURCES = """
- unit: UBND xã Ninh Quới
  feed: {url}/rss.xml
- unit: Sở NN&MT
  feed: {url}/atom.xml
- unit: NHCSXH
  feed: {url}/feed.json
- unit: Hội LHPN
  feed: {url}/hostile.xml
- unit: UBND xã Ninh Quới
  name: Cổng xã Ninh Quới (lọc)
  feed: {url}/etag.xml
- unit: UBND xã Ninh Quới
  feed: {url}/slow.xml
- unit: UBND xã Ninh Quới
  feed: {url}/broken.xml
- unit: UBND xã Ninh Quới
  feed: {url}/later.xml
- unit: UBND xã Ninh Quới
  feed: {url}/huge.xml
"""
FAILING = ("/slow.xml", "/broken.xml", "/huge.xml")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def portals():
    server = PortalServer(("127.0.0.1", free_port()), Portals)
    server.round, server.requests = 1, []
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def settings_for(tmp, url):
    (tmp / "sources.yml").write_text(SOURCES.format(url=url), encoding="utf-8")
    return {
        "SOURCES_FILE": str(tmp / "sources.yml"),
        "SOURCES_FETCH": True,
        "SOURCES_CACHE_PATH": str(tmp / "feed-cache"),
        "SOURCES_TIMEOUT": 1,
        "SOURCES_DEADLINE": 5,
        "SOURCES_MAX_BYTES": 1024 * 1024,
        "SOURCES_HOME_COUNT": 50,
        "SOURCES_TERM_COUNT": 50,
    }


@pytest.fixture(scope="module")
def builds(portals, tmp_path_factory):
    """Round 1 reads every portal (read only, nothing written); round 2 builds with some of
    them failing; round 3 builds with the server gone."""
    tmp = tmp_path_factory.mktemp("sources")
    settings = settings_for(tmp, portals.url)
    read_site(FIXTURE_SITE, tmp / "seed", **settings)
    portals.round = 2
    second = build(FIXTURE_SITE, tmp / "second", **settings)
    portals.shutdown()
    portals.server_close()
    third = build(FIXTURE_SITE, tmp / "third", **settings)
    return {"second": (tmp / "second", second), "third": (tmp / "third", third)}


def news_section(page):
    """The "Tin từ các đơn vị" section of a built page ('' if there is none)."""
    found = re.search(r'<section class="app-section" aria-labelledby="tin-don-vi">.*?</section>', page, re.S)
    return found.group(0) if found else ""


def read(output, address):
    return (output / address / "index.html").read_text(encoding="utf-8")


def test_the_good_items_show_linked_out_and_marked_with_their_source(builds):
    output, _ = builds["second"]
    home = news_section(read(output, ""))
    for title in (
        "Ninh Quới trao nhà đại đoàn kết",
        "Sở tổng kết giảm nghèo quý I",
        "Giải ngân vốn vay hộ nghèo",
        "Tin của nguồn lúc đầu 404",  # 404 then 200: there on the next build
        "Bạc Liêu cũ: tin có ETag",
    ):
        assert title in home
    assert '<a href="http://portal.example/tin/nha" rel="external noopener">' in home
    assert "Nguồn: UBND xã Ninh Quới" in home and "Nguồn: Cổng xã Ninh Quới (lọc)" in home
    assert "Xã trao 10 căn nhà cho hộ nghèo." in home  # the summary as text
    assert "Ninh Quới hẹn trước" not in home  # dated 2099: held back
    assert home.count("http://portal.example/tin/nha") == 1 and "Bản đăng lại" not in home  # once, by link
    unit = news_section(read(output, "don-vi/ubnd-xa-ninh-quoi"))
    area = news_section(read(output, "dia-ban/xa-ninh-quoi"))
    assert "Ninh Quới trao nhà đại đoàn kết" in unit and "Ninh Quới trao nhà đại đoàn kết" in area
    assert "Giải ngân vốn vay hộ nghèo" not in unit  # the bank's, not the commune's


def test_hostile_markup_from_a_portal_is_gone(builds):
    output, _ = builds["second"]
    home = news_section(read(output, ""))
    assert "Hội Phụ nữ giúp hội viên nghèo" in home and "Giúp vốn" in home
    for hostile in ("alert", "<script", "onerror", "onclick", "javascript:", "<iframe", "evil.example", "<style"):
        assert hostile not in home
    assert "Liên kết chạy mã" not in home  # an item whose link runs code is no item


def test_failing_portals_keep_their_last_good_copy_and_are_named_in_the_log(builds, portals):
    output, records = builds["second"]
    home = news_section(read(output, ""))
    assert "Tin của nguồn sau này chậm" in home and "Tin của nguồn sau này hỏng" in home
    messages = [record.getMessage() for record in records]
    for path in FAILING:
        [message] = [m for m in messages if f"{portals.url}{path}" in m]
        assert "Nguồn tin" in message
    assert all(source_notice(record) for record in records), messages  # no other warning; none blocks a publish
    etag = [(path, tag) for path, tag, _ in portals.requests if path == "/etag.xml"]
    assert etag == [("/etag.xml", None), ("/etag.xml", '"v1"')]  # a conditional request, answered 304
    assert all(agent.startswith("giamngheo-feed-reader/") for _, _, agent in portals.requests)


def test_the_gate_reports_failing_portals_but_lets_the_site_through(builds):
    output, records = builds["second"]
    reasons = check_site(output, "", records, cache=GATE_CACHE)  # the pages' HTML: the next test
    assert len(records) == len(FAILING)
    assert not [reason for reason in reasons if "Nguồn tin" in reason]


def test_with_every_portal_down_the_same_items_show(builds, portals):
    second, _ = builds["second"]
    third, records = builds["third"]
    for address in ("", "don-vi/ubnd-xa-ninh-quoi", "dia-ban/xa-ninh-quoi", "don-vi/nhcsxh-chi-nhanh-tinh"):
        assert news_section(read(third, address)) == news_section(read(second, address)) != ""
    assert len(records) == len(SOURCES.strip().split("- unit:")) - 1  # each one named
    assert all(source_notice(record) for record in records)


def test_the_pages_with_news_are_valid_html(builds, tmp_path):
    need(VNU.is_file() and shutil.which("java"), "vnu-jar and java")
    output, _ = builds["second"]
    for address in ("", "don-vi/ubnd-xa-ninh-quoi", "dia-ban/xa-ninh-quoi"):
        assert news_section(read(output, address))
        shutil.copy(output / address / "index.html", tmp_path / f"{address.replace('/', '-') or 'home'}.html")
    assert markup_errors(tmp_path) == []


class QuietFiles(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_the_pages_with_news_pass_axe(builds, page):
    need(AXE.is_file(), "axe-core (npm)")
    output, _ = builds["second"]
    handler = functools.partial(QuietFiles, directory=str(output))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        for address in ("", "don-vi/ubnd-xa-ninh-quoi/", "dia-ban/xa-ninh-quoi/"):
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/{address}")
            assert page.locator("#tin-don-vi").count() == 1
            page.add_script_tag(path=str(AXE))
            violations = page.evaluate(
                """() => axe.run(document, {runOnly: {type: "tag", values:
                     ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}})
                     .then(result => result.violations.map(v => v.id))"""
            )
            assert violations == [], address
    finally:
        server.shutdown()
        server.server_close()


def test_a_development_build_reads_the_cache_only(tmp_path):
    (tmp_path / "sources.yml").write_text("- unit: NHCSXH\n  feed: http://127.0.0.1:9/feed.xml\n", encoding="utf-8")
    site = read_site(FIXTURE_SITE, tmp_path / "out", SOURCES_FILE=str(tmp_path / "sources.yml"))
    [outcome] = site.context["source_outcomes"]
    assert (outcome.status, outcome.seconds, outcome.items) == ("not modified", None, [])


def test_no_source_holds_the_build_past_the_deadline(tmp_path):
    server = PortalServer(("127.0.0.1", free_port()), Portals)
    server.round, server.requests = 2, []  # /slow.xml now answers after 3 s
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    settings = {**make_settings(), **settings_for(tmp_path, url), "SOURCES_TIMEOUT": 10, "SOURCES_DEADLINE": 1}
    sources = [Source("nhcsxh-chi-nhanh-tinh", f"{url}/slow.xml?{n}") for n in range(3)] + [
        Source("nhcsxh-chi-nhanh-tinh", f"{url}/atom.xml")
    ]
    try:
        outcomes = Fetch(settings).read_all(sources)
    finally:
        server.shutdown()
        server.server_close()
    assert [outcome.status for outcome in outcomes] == ["slow", "slow", "slow", "ok"]
    assert all("chờ chung" in outcome.reason for outcome in outcomes[:3])


def test_invoke_sources_tells_how_each_portal_answered(tmp_path):
    server = PortalServer(("127.0.0.1", free_port()), Portals)
    server.round, server.requests = 2, []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        settings = settings_for(tmp_path, url)
        (tmp_path / "sources.yml").write_text(
            SOURCES.format(url=url) + f"- unit: NHCSXH\n  feed: {url}/old.xml\n- unit: NHCSXH\n  feed: {url}/none\n",
            encoding="utf-8",
        )
        check_sources("pelicanconf.py", TAXONOMY_DATA_PATH=str(DATA), **settings)
        outcomes, problems = check_sources("pelicanconf.py", TAXONOMY_DATA_PATH=str(DATA), **settings)
    finally:
        server.shutdown()
        server.server_close()
    assert problems == []
    status = {outcome.source.feed.removeprefix(url): outcome.status for outcome in outcomes}
    assert status == {
        "/rss.xml": "ok",
        "/atom.xml": "ok",
        "/feed.json": "ok",
        "/hostile.xml": "ok",
        "/etag.xml": "not modified",
        "/slow.xml": "slow",
        "/broken.xml": "broken",
        "/later.xml": "ok",
        "/huge.xml": "broken",
        "/old.xml": "moved",
        "/none": "gone",
    }
    printed = table(outcomes)
    assert printed.splitlines()[0].startswith("Trạng thái") and f"{url}/atom.xml" in printed
    assert "HTTP 404" in printed and "lớn quá" in printed


@pytest.mark.parametrize(
    ("entry", "line", "message"),
    [
        ("- unit: UBND xã Sao Hỏa\n  feed: https://x.vn/rss", 2, "Đơn vị “UBND xã Sao Hỏa” không có trong danh sách"),
        ("- unit: NHCSXH\n  feed: ftp://x.vn/rss", 2, "Địa chỉ kênh “ftp://x.vn/rss” không hợp lệ"),
        ("- unit: NHCSXH\n  feed: x.vn/rss", 2, "không hợp lệ"),
        ("- unit: NHCSXH", 2, "thiếu “unit” hoặc “feed”"),
        ("- unit: NHCSXH\n  feed: https://x.vn/rss\n  max: nhiều", 2, "“max: nhiều” không hợp lệ"),
        ("- unit: NHCSXH\n  feed: https://x.vn/rss\n  mỗi: 5", 2, "trường lạ: mỗi"),
        ("- unit: NHCSXH\n  feed: https://x.vn/rss\n   max: 5", 4, "sai cú pháp YAML"),
    ],
)
def test_a_bad_entry_names_the_file_the_line_and_the_fix(tmp_path, entry, line, message):
    (tmp_path / "sources.yml").write_text("# Nguồn tin\n" + entry + "\n", encoding="utf-8")
    units, _ = load_vocabulary(str(DATA / "units.yml"), "data/units.yml")
    _, problems = load_sources(str(tmp_path / "sources.yml"), "data/sources.yml", units)
    [problem] = problems
    assert (problem.path, problem.line) == ("data/sources.yml", line)
    assert message in problem.message and problem.fix


def test_the_sample_sources_name_known_units():
    units, _ = load_vocabulary(str(DATA / "units.yml"), "data/units.yml")
    sources, problems = load_sources(str(DATA / "sources.yml"), "data/sources.yml", units)
    assert problems == [] and len(sources) >= 3
    assert all(source.feed.startswith("https://") for source in sources)
