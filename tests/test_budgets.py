"""Weight budgets on every page of the sample site: one round trip on a cheap phone."""

import gzip
import re

import pytest
from conftest import ROOT, build

from giamngheo.publishing import sitecheck

SITEURL = "https://example.org/giam-ngheo"
BUDGET = 14 * 1024  # bytes of gzip: HTML and the CSS it needs, in the first round trip


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    output = tmp_path_factory.mktemp("budget") / "output"
    build(ROOT / "content", output, "publishconf.py", TAXONOMY_DATA_PATH="data", SITEURL=SITEURL)
    return output


def test_every_page_fits_the_first_round_trip(output):
    pages = sitecheck.pages(output)
    assert len(pages) > 100
    heavy = [(str(p.relative_to(output)), len(gzip.compress(p.read_bytes(), 9))) for p in pages]
    assert [entry for entry in heavy if entry[1] > BUDGET] == []


def test_nothing_blocks_rendering_and_nothing_comes_from_elsewhere(output):
    for page in sitecheck.pages(output):
        text = page.read_text(encoding="utf-8")
        assert '<link rel="stylesheet"' not in text, page  # the CSS is inline
        for tag in re.findall(r"<script[^>]*\ssrc=[^>]*>", text):  # the site's own, never blocking
            assert re.fullmatch(rf'<script src="{re.escape(SITEURL)}/theme/js/[a-z-]+\.js" defer>', tag), page
        for url in re.findall(r'(?:src|href|srcset)="(https?://[^" ]+)', text):
            if not url.startswith(SITEURL):
                # Links readers follow are fine; nothing the page loads by itself may be elsewhere.
                assert not re.search(rf'(?:src|srcset)="{re.escape(url)}', text), (page, url)
        assert "fonts.googleapis" not in text and "@import" not in text and "url(http" not in text


def test_javascript_only_where_used(output):
    with_script = [p for p in sitecheck.pages(output) if "<script>" in p.read_text(encoding="utf-8")]
    assert with_script
    for page in with_script:
        text = page.read_text(encoding="utf-8")
        if page.relative_to(output).as_posix() == "tim-kiem/index.html":
            assert 'data-module="app-search"' in text
            continue
        assert 'data-module="app-print"' in text, page  # the print button and nothing else
        assert len(max(re.findall(r"<script>(.*?)</script>", text, re.S), key=len)) < 500


def test_scripts_are_small_files_of_the_site_where_they_are_used(output):
    """Progressive enhancement: a page loads a script of theme/static/js/ only where an
    element asks for it (data-module), and each script is small."""
    modules = {"facts.js": "app-facts", "compare.js": "app-compare"}
    users = {name: [] for name in modules}
    for page in sitecheck.pages(output):
        text = page.read_text(encoding="utf-8")
        for name in re.findall(r'<script src="[^"]*/theme/js/([a-z-]+\.js)" defer>', text):
            assert f'data-module="{modules[name]}"' in text, (page, name)
            users[name].append(page.relative_to(output).as_posix())
    assert "mo-hinh/so-sanh/index.html" in users["compare.js"]
    assert "mo-hinh/nuoi-de-heo-vinh-hau-a/index.html" in users["facts.js"]
    for name in modules:
        assert len(gzip.compress((output / "theme" / "js" / name).read_bytes(), 9)) < 2048, name


def test_sitemap_and_robots(output):
    sitemap = (output / "sitemap.xml").read_text(encoding="utf-8")
    locations = set(re.findall(r"<loc>([^<]+)</loc>", sitemap))
    assert f"{SITEURL}/" in locations and f"{SITEURL}/dia-ban/hong-dan/" in locations
    assert f"{SITEURL}/mo-hinh/nuoi-de-heo-vinh-hau-a/" in locations
    assert not any("404" in loc for loc in locations)
    assert "<lastmod>2024-03-14</lastmod>" in sitemap
    assert f"Sitemap: {SITEURL}/sitemap.xml" in (output / "robots.txt").read_text(encoding="utf-8")


def test_share_tags_and_news_article(output):
    import json

    page = (output / "tin-tuc" / "2024" / "hong-dan-trao-40-con-bo-giong" / "index.html").read_text(encoding="utf-8")
    url = f"{SITEURL}/tin-tuc/2024/hong-dan-trao-40-con-bo-giong/"
    assert f'<link rel="canonical" href="{url}">' in page
    assert '<meta property="og:type" content="article">' in page and f'<meta property="og:url" content="{url}">' in page
    assert re.search(
        rf'<meta property="og:image" content="{SITEURL}/images/tin-tuc/bo-giong-hong-dan-[0-9a-f]{{8}}-og.jpg">', page
    )
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    blocks = [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)]
    article = next(b for b in blocks if b["@type"] == "NewsArticle")
    assert article["datePublished"] == "2024-03-14T08:30:00+07:00" and article["inLanguage"] == "vi"
    assert article["image"][0].endswith("-og.jpg") and article["mainEntityOfPage"] == url
    crumbs = next(b for b in blocks if b["@type"] == "BreadcrumbList")
    assert crumbs["itemListElement"][0]["name"] == "Trang chủ"
    home = (output / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{SITEURL}/">' in home and f"{SITEURL}/theme/images/chia-se.png" in home


def test_hosting_settings(output):
    htaccess = (output / ".htaccess").read_text(encoding="utf-8")
    for directive in ("ErrorDocument 404", "mod_deflate", "immutable", "AddDefaultCharset utf-8"):
        assert directive in htaccess
    assert (output / "404.html").is_file()
