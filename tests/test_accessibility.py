"""Every page kind of the sample site, in a real browser: axe-core finds no violation
(WCAG 2.1 AA and best practices), the Nu Html Checker finds no error, keyboard use, reflow
at 320 px and 200% zoom, touch targets, print, and no request leaves the site."""

import shutil

import pytest
from browser import SiteServer, need
from conftest import ROOT, build

from giamngheo.publishing.gate import VNU, checker_messages  # the Nu Html Checker, as the gate runs it

PREFIX = "/giam-ngheo"
PAGE_KINDS = {
    "home": "",
    "article": "tin-tuc/2024/hong-dan-trao-40-con-bo-giong/",
    "model": "mo-hinh/nuoi-de-heo-vinh-hau-a/",
    "showcase": "mo-hinh/",
    "compare": "mo-hinh/so-sanh/",
    "document": "van-ban/ke-hoach-mau/",
    "documents": "van-ban/",
    "documents-filter": "van-ban/loai/quyet-dinh/",
    "kind": "mo-hinh/loai/chan-nuoi/",
    "area": "dia-ban/hong-dan/",
    "areas": "dia-ban/",
    "program": "chuong-trinh/du-an-2/",
    "programs": "chuong-trinh/",
    "category": "chuyen-muc/tin-tuc/",
    "tags": "the/",
    "archives": "luu-tru/",
    "feeds": "lien-ket-rss/",
    "page": "gioi-thieu/",
    "contact": "lien-he/",
    "search": "tim-kiem/",
    "statistics": "thong-ke/",
    "opendata": "du-lieu/",
    "unit": "don-vi/ubnd-xa-ninh-quoi/",
    "units": "don-vi/",
    "calendar": "lich/",
    "event": "lich/hoi-nghi-tong-ket-giam-ngheo-2026/",
    "404": "khong-co-trang-nay/",
}
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The sample site, built for production under a sub-path, on a real HTTP server."""
    output = tmp_path_factory.mktemp("a11y") / "output"
    with SiteServer(output, PREFIX) as server:
        records = build(ROOT / "content", output, "publishconf.py", TAXONOMY_DATA_PATH="data", SITEURL=server.url)
        assert [r.getMessage() for r in records] == []
        yield server, output


def open_page(tab, server, path):
    outside = []
    tab.on(
        "request",
        lambda request: (
            outside.append(request.url) if not request.url.startswith(server.url.rsplit(PREFIX, 1)[0]) else None
        ),
    )
    tab.goto(f"{server.url}/{path}")
    return outside


def axe_violations(page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: "tag", values:
             ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}})"""
    )
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_axe_finds_no_violation_and_nothing_is_fetched_from_elsewhere(page, served, kind):
    need(AXE.is_file(), "axe-core (npm)")
    server, _ = served
    outside = open_page(page, server, PAGE_KINDS[kind])
    assert axe_violations(page) == []
    assert outside == []


@pytest.mark.parametrize("kind", ["calendar", "event"])
def test_the_calendar_is_accessible_on_a_small_phone(browser, served, kind):
    """At 360 px, the width of the cheapest phones staff ask about."""
    need(AXE.is_file(), "axe-core (npm)")
    server, _ = served
    context = browser.new_context(viewport={"width": 360, "height": 800}, bypass_csp=True)
    tab = context.new_page()
    assert open_page(tab, server, PAGE_KINDS[kind]) == []
    assert axe_violations(tab) == []
    assert tab.evaluate("() => document.documentElement.scrollWidth") <= 360
    context.close()


def test_comparison_takes_four_models_at_most_and_stays_accessible(page, served):
    """What compare.js builds passes axe too; a fifth model in the address is left out."""
    need(AXE.is_file(), "axe-core (npm)")
    server, output = served
    slugs = sorted(p.parent.name for p in (output / "mo-hinh").glob("*/index.html"))
    slugs = [s for s in slugs if s not in ("loai", "trang", "so-sanh")]
    assert len(slugs) > 4
    open_page(page, server, f"{PAGE_KINDS['compare']}?chon={','.join(slugs[:5])}")
    assert page.locator(".app-compare__table thead th a").count() == 4
    assert page.locator(".app-compare__check:disabled").count() == len(slugs) - 4
    assert "số tối đa" in page.inner_text(".app-compare__bar")
    assert axe_violations(page) == []


def test_nu_html_checker_finds_no_error(served):
    need(VNU.is_file(), "vnu-jar (npm)")
    need(shutil.which("java"), "java")
    _, output = served
    files = [str(output / path / "index.html") for path in PAGE_KINDS.values() if path != PAGE_KINDS["404"]]
    files.append(str(output / "404.html"))
    messages = checker_messages(files)  # as the gate runs it
    assert [(m.get("url", "").rsplit("output", 1)[-1], m["message"]) for m in messages] == []


def test_keyboard_skip_link_and_visible_focus(page, served):
    server, _ = served
    open_page(page, server, PAGE_KINDS["article"])
    page.keyboard.press("Tab")
    first = page.evaluate(
        "() => [document.activeElement.className, document.activeElement.getBoundingClientRect().top >= 0]"
    )
    assert first == ["app-skip-link", True]
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "noi-dung"
    for _ in range(6):  # every next stop shows where the focus is
        page.keyboard.press("Tab")
        style = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
            return [document.activeElement.tagName, s.outlineStyle, s.backgroundColor]; }""")
        assert style[0] in ("A", "BUTTON") and (
            style[1] != "none" or style[2] not in ("rgba(0, 0, 0, 0)", "transparent")
        ), style


@pytest.mark.parametrize("width", [320, 640])  # 640 CSS px is 1280 px at 200% zoom
@pytest.mark.parametrize(
    "kind",
    [
        "home",
        "article",
        "model",
        "document",
        "documents",
        "area",
        "areas",
        "feeds",
        "statistics",
        "opendata",
        "calendar",
        "event",
    ],
)
def test_text_reflows_without_horizontal_scrolling(browser, served, kind, width):
    server, _ = served
    context = browser.new_context(viewport={"width": width, "height": 800})
    tab = context.new_page()
    tab.goto(f"{server.url}/{PAGE_KINDS[kind]}")
    assert tab.evaluate("() => document.documentElement.scrollWidth") <= width
    context.close()


def test_touch_targets_are_large_enough(page, served):
    server, _ = served
    open_page(page, server, PAGE_KINDS["area"])
    heights = page.evaluate("""() => [...document.querySelectorAll(
        '.app-nav__link, .app-pagination__link, .app-print, .app-skip-link')]
        .filter(e => e.offsetParent).map(e => [e.className, e.getBoundingClientRect().height])""")
    assert heights and all(h >= 44 for _, h in heights), heights


def test_print_hides_navigation_and_shows_address_and_date(page, served):
    server, _ = served
    open_page(page, server, PAGE_KINDS["article"])
    assert page.is_visible(".app-print")  # JavaScript on: the button is there
    page.emulate_media(media="print")
    assert not page.is_visible(".app-header") and not page.is_visible(".app-footer")
    assert not page.is_visible(".app-print")
    line = page.inner_text(".app-print-only")
    assert "Đăng ngày 14/03/2024" in line and f"{server.url}/{PAGE_KINDS['article']}" in line
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000


def test_print_button_is_absent_without_javascript(browser, served):
    server, _ = served
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"{server.url}/{PAGE_KINDS['article']}")
    assert tab.locator(".app-print").count() == 1 and not tab.is_visible(".app-print")
    context.close()


def test_404_page_is_served_for_unknown_addresses(page, served):
    server, _ = served
    response = page.goto(f"{server.url}/khong-co-trang-nay/")
    assert response.status == 404
    assert "Không tìm thấy trang" in page.inner_text("h1")
    page.click("text=Mô hình giảm nghèo")
    assert page.url == f"{server.url}/mo-hinh/"


def test_the_checkers_speak_up_on_a_broken_page(page, served, tmp_path):
    """Silence means something only if the same checks catch a known mistake."""
    need(AXE.is_file() and VNU.is_file() and shutil.which("java"), "axe-core, vnu-jar and java")
    server, output = served
    open_page(page, server, PAGE_KINDS["article"])
    page.evaluate("""() => { document.querySelector('.app-cover img').removeAttribute('alt');
                             document.querySelector('.app-skip-link').style.color = '#f8f8f8'; }""")
    page.add_script_tag(path=str(AXE))
    ids = page.evaluate("() => axe.run(document).then(r => r.violations.map(v => v.id))")
    assert "image-alt" in ids
    broken = tmp_path / "broken.html"
    broken.write_text(
        (output / PAGE_KINDS["article"] / "index.html").read_text(encoding="utf-8").replace("<main", "<main><div", 1),
        encoding="utf-8",
    )
    assert checker_messages([broken])


def test_charts_follow_forced_colours_and_print(browser, served):
    """High-contrast users see bars in the system's text colour; print keeps chart and table."""
    server, _ = served
    context = browser.new_context(forced_colors="active", viewport={"width": 360, "height": 800})
    tab = context.new_page()
    tab.goto(f"{server.url}/{PAGE_KINDS['statistics']}")
    colours = tab.evaluate("""() => {
        const bar = document.querySelector('.app-chart__bar'), text = document.querySelector('.app-chart__svg text');
        return [getComputedStyle(bar).fill, getComputedStyle(text).fill, getComputedStyle(document.body).color]; }""")
    assert colours[0] == colours[1] == colours[2], colours
    assert colours[0] != "rgb(10, 92, 54)"  # not the brand green the forced palette would hide
    context.close()
    tab = browser.new_page()
    tab.goto(f"{server.url}/{PAGE_KINDS['model']}")
    tab.emulate_media(media="print")
    assert tab.is_visible(".app-chart__svg") and tab.is_visible(".app-table")
    tab.close()
