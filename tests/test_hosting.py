"""The site's server rules on the servers that run them: Debian's Apache 2.4 reading the
`.htaccess` with `AllowOverride All` (cPanel shared hosting) and Debian's nginx with the
server block of `invoke nginx-config` (a VPS), over a production build made after an earlier
one, as `invoke publish` makes it: the earlier build's ledger and manifest handed to the
next, with one article renamed and one deleted. At the root of a host and under a sub-path.
"""

import gzip
import hashlib
import json
import shutil
import urllib.request

import pytest
from browser import SiteServer
from conftest import FIXTURE_SITE, build
from hosts import Apache, Nginx, free_port, served_folder
from test_security import WATCH, page_kinds

from giamngheo.addresses import ledger
from giamngheo.addresses.addresses import AddressConflict
from giamngheo.core import read_site_settings
from giamngheo.policy import hosting

RENAMED_FROM, RENAMED_TO = "tin-tuc/a02.md", "tin-tuc/hong-dan-tong-ket-nam-2024.md"
NEW_ADDRESS = "tin-tuc/2024/hong-dan-tong-ket-nam-2024/"
DELETED = "tin-tuc/a03.md"
EDITOR = {"name": "github", "repo": "so-lao-dong/giam-ngheo", "branch": "main"}
# Files no build of the fixture has, for the rules on their types: a stylesheet, a chart, an
# events calendar, and the deploy's own records.
PLANTED = {
    "theme/kiem-thu.css": "body { color: #0b0c0c; }\n" * 40,
    "theme/kiem-thu.svg": '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>\n' * 40,
    "su-kien/kiem-thu.ics": "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n" * 20,
    ".deploy-manifest.json": "{}",
    ".deploy-history/1/index.html": "<p>cũ</p>",
}


@pytest.fixture(scope="module")
def earlier():
    """The build that is live before: its folder and what publish reads of the target
    (its ledger and every file of its manifest)."""
    base = served_folder()
    output = base / "earlier"
    assert build(FIXTURE_SITE, output, "publishconf.py", SITEURL="https://example.vn", EDITOR_BACKEND=EDITOR) == []
    files = [p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file()]
    previous = ledger.live_on_target((output / ledger.LEDGER_NAME).read_bytes(), files)
    (base / "previous.json").write_text(json.dumps({"addresses": previous}), encoding="utf-8")
    yield base, previous, {}
    shutil.rmtree(base, ignore_errors=True)


class Site:
    def __init__(self, output, prefix, port, previous, settings):
        self.output, self.prefix, self.port, self.previous, self.settings = output, prefix, port, previous, settings

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}{self.prefix}"

    def records(self):
        return json.loads((self.output / ledger.LEDGER_NAME).read_text(encoding="utf-8"))["addresses"]


@pytest.fixture(scope="module", params=["", "/giam-ngheo"], ids=["root", "sub-path"])
def site(request, earlier):
    """The next build, for a server on 127.0.0.1 at the root or under /giam-ngheo/ (the
    folder of that name in the document root, as on cPanel)."""
    base, previous, built = earlier
    prefix = request.param
    if prefix in built:  # pytest may set this fixture up again for another server: build once
        return built[prefix]
    content = base / f"content{prefix.replace('/', '-')}"
    shutil.copytree(FIXTURE_SITE, content)
    (content / RENAMED_FROM).rename(content / RENAMED_TO)
    (content / DELETED).unlink()
    port = free_port()
    output = base / "www" / prefix.strip("/") if prefix else base / "root"
    siteurl = f"http://127.0.0.1:{port}{prefix}"
    overrides = {"SITEURL": siteurl, "EDITOR_BACKEND": EDITOR, "PUBLISHED_ADDRESSES": str(base / "previous.json")}
    assert build(content, output, "publishconf.py", **overrides) == []
    for name, text in PLANTED.items():
        (output / name).parent.mkdir(parents=True, exist_ok=True)
        (output / name).write_text(text, encoding="utf-8")
    for path in [base, *base.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    settings = read_site_settings("publishconf.py", SITEURL=siteurl, EDITOR_BACKEND=EDITOR)
    built[prefix] = Site(output, prefix, port, previous, settings)
    return built[prefix]


@pytest.fixture(scope="module", params=["apache", "nginx"])
def server(request, site):
    if request.param == "apache":
        host = Apache(site.output, site.prefix, port=site.port)
    else:
        host = Nginx(
            site.output,
            site.prefix,
            port=site.port,
            server_block=lambda listen: hosting.nginx_config(site.settings, site.output, listen=listen),
        )
    with host:
        host.site = site
        yield host
    assert "[error]" not in host.log() or request.param == "apache"


def old_address(site, source):
    return next(a for a, r in site.previous.items() if r.get("source") == source)


def test_every_page_that_exists_answers_200(server):
    site = server.site
    records = site.records()
    answered = {}
    for path in site.output.rglob("*.html"):
        relative = path.relative_to(site.output).as_posix()
        if relative.startswith(".deploy-"):
            continue
        address = ledger.address_of(relative)
        expected = {ledger.MOVED: 301, ledger.GONE: 410}.get(records.get(address, {}).get("status"), 200)
        status = server.get(address)[0]
        if status != expected:
            answered[address] = status
    assert answered == {}
    # Pages the earlier build also had, that the deletion must not send away: a tag other
    # articles still carry, and the editor (a page the ledger once left out).
    for address in ("the/thu-nghiem/", "the/", "admin/", ""):
        assert address in site.previous and server.get(address)[0] == 200, address
    assert server.get("admin")[0] == 301  # a folder without its slash: the server adds it


def test_a_renamed_item_moves_with_301_on_the_same_site(server):
    site = server.site
    old = old_address(site, RENAMED_FROM)
    for address in (old, old + "index.html"):
        status, headers, _ = server.get(address)
        assert (status, headers["Location"]) == (301, f"{site.url}/{NEW_ADDRESS}"), address
    assert server.get(NEW_ADDRESS)[0] == 200


def test_a_deleted_item_is_gone_with_its_notice(server):
    site = server.site
    old = old_address(site, DELETED)
    status, headers, body = server.get(old)
    assert status == 410
    text = body.decode("utf-8")
    assert "Bài đã gỡ" in text and "Ninh Quới giao việc cho cán bộ" in text
    assert "unsafe-inline" not in headers["Content-Security-Policy"]


def test_an_unknown_address_is_the_404_page(server):
    site = server.site
    for address in ("khong-co-trang-nay/", "tin-tuc/2031/khong-co.html"):
        status, headers, body = server.get(address)
        assert status == 404
        assert body == (site.output / "404.html").read_bytes()
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        assert "frame-ancestors 'self'" in headers["Content-Security-Policy"]


# file (relative to the site) -> its type on the server
TYPES = {
    "": "text/html; charset=utf-8",
    "feeds/tat-ca.rss.xml": "application/rss+xml; charset=utf-8",
    "feeds/tat-ca.atom.xml": "application/atom+xml; charset=utf-8",
    "dia-ban/hong-dan/rss.xml": "application/rss+xml; charset=utf-8",
    "dia-ban/hong-dan/atom.xml": "application/atom+xml; charset=utf-8",
    "feeds/tat-ca.json": "application/feed+json; charset=utf-8",
    "feeds/danh-sach.opml": "text/x-opml; charset=utf-8",
    "su-kien/kiem-thu.ics": "text/calendar; charset=utf-8",
    "du-lieu/mo-hinh.json": "application/json; charset=utf-8",
    "sitemap.xml": "application/xml; charset=utf-8",
    "theme/kiem-thu.css": "text/css; charset=utf-8",
    "theme/kiem-thu.svg": "image/svg+xml; charset=utf-8",
}


@pytest.mark.parametrize("address", list(TYPES))
def test_types_and_compression(server, address):
    site = server.site
    status, headers, body = server.get(address, gzip=True)
    assert status == 200
    assert headers["Content-Type"].replace('"', "") == TYPES[address]
    assert headers["Content-Encoding"] == "gzip"
    local = site.output / (address + "index.html" if not address or address.endswith("/") else address)
    assert gzip.decompress(body) == local.read_bytes()


def test_cache_lifetimes(server):
    image = next(p for p in (server.site.output / "images").iterdir() if p.suffix == ".webp")
    status, headers, _ = server.get(f"images/{image.name}")
    assert status == 200 and headers["Content-Type"] == "image/webp"
    assert headers.get_all("Cache-Control") == ["public, max-age=31536000, immutable"]
    assert server.get("")[1]["Cache-Control"] == "max-age=300"
    assert server.get("feeds/tat-ca.rss.xml")[1]["Cache-Control"] == "max-age=600"


@pytest.mark.parametrize("address", [".deploy-manifest.json", ".deploy-history/1/index.html", ".htaccess"])
def test_deploy_records_and_server_files_are_refused(server, address):
    assert server.get(address)[0] in (403, 404)


def test_the_readers_policy_and_the_editors_own(server):
    site = server.site
    headers = server.get("")[1]
    policy = headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "object-src 'none'" in policy and "frame-ancestors 'self'" in policy
    assert headers["X-Frame-Options"] == "SAMEORIGIN" and headers["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in headers["Permissions-Policy"]
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    editor = server.get("admin/")[1]["Content-Security-Policy"]
    page = (site.output / "admin" / "index.html").read_text(encoding="utf-8")
    own = page.split('http-equiv="Content-Security-Policy" content="', 1)[1].split('"', 1)[0]
    assert editor == f"{own}; frame-ancestors 'self'"
    assert server.get("admin/config.yml")[1]["Content-Security-Policy"] == editor


def test_every_page_kind_runs_under_the_servers_headers(server, browser):
    site = server.site
    context = browser.new_context(viewport={"width": 360, "height": 800})
    context.add_init_script(WATCH)
    tab = context.new_page()
    console, seen = [], []
    tab.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        kinds = [k for k in page_kinds(site.output) if not k.startswith((".deploy-", "admin/"))]
        for address in kinds:
            tab.goto(f"{site.url}/{address}")
            if address.startswith("tim-kiem/?q="):
                tab.wait_for_function("() => document.querySelectorAll('.app-search__result').length > 0")
            seen += [f"{address}: {v}" for v in tab.evaluate("window.__violations")]
    finally:
        context.close()
    assert len(kinds) >= 15
    assert seen == [] and console == []


@pytest.mark.parametrize("server", ["apache"], indirect=True)  # the emulation is of the .htaccess
def test_the_python_emulation_agrees_with_apache(server):
    """tests/browser.py applies the .htaccess in Python for quick tests: the same answers as
    Apache on the same cases."""
    site = server.site
    cases = ["", old_address(site, RENAMED_FROM), old_address(site, DELETED), "admin/", "the/thu-nghiem/", "khong-co/"]
    with SiteServer(site.output, site.prefix, htaccess=True) as emulation:
        for address in cases:
            status, headers, body = server.get(address)
            try:
                with urllib.request.build_opener(_NoRedirect).open(f"{emulation.url}/{address}") as answer:
                    other = (answer.status, answer.headers, answer.read())
            except urllib.error.HTTPError as error:
                other = (error.code, error.headers, error.read())
            assert other[0] == status, address
            assert other[1]["Location"] == headers["Location"], address
            assert other[1]["Content-Security-Policy"] == headers["Content-Security-Policy"], address
            if status in (200, 410):
                assert hashlib.sha256(other[2]).digest() == hashlib.sha256(body).digest(), address


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None


def test_the_htaccess_needs_no_edit_under_a_sub_path(server):
    site = server.site
    htaccess = (site.output / ".htaccess").read_text(encoding="utf-8")
    assert f"ErrorDocument 404 {site.prefix}/404.html" in htaccess
    assert f"m#^{site.prefix}/admin/#" in htaccess


def test_a_redirect_over_a_file_of_the_build_stops_it(tmp_path):
    """The guard: an address the plan would redirect holds a file this build wrote (here the
    JSON Feed, named as an old address by staff): the build stops, naming it."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    article = content / "tin-tuc" / "a04.md"
    article.write_text(
        article.read_text(encoding="utf-8").replace("\n\n", "\nRedirect_from: /feeds/tat-ca.json\n\n", 1),
        encoding="utf-8",
    )
    with pytest.raises(AddressConflict, match=r"/feeds/tat-ca\.json"):
        build(content, tmp_path / "output", "publishconf.py", SITEURL="https://example.vn")
