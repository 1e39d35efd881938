"""Search on the fixture site, built for production under a sub-path, in a real browser."""

import re

import pytest
from browser import SiteServer, need
from conftest import FIXTURE_SITE, ROOT, build

PREFIX = "/giam-ngheo"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    output = tmp_path_factory.mktemp("search") / "output"
    with SiteServer(output, PREFIX) as server:
        records = build(FIXTURE_SITE, output, "publishconf.py", SITEURL=server.url)
        assert [r.getMessage() for r in records] == []
        yield server, output


def titles(tab):
    tab.wait_for_function(
        "() => { const s = document.getElementById('trang-thai').textContent; return s && !s.startsWith('Đang'); }"
    )
    return tab.locator(".app-search__title").all_inner_texts()


def search(tab, server, query="", **filters):
    params = "&".join([f"q={query}"] + [f"{k.replace('_', '-')}={v}" for k, v in filters.items()])
    tab.goto(f"{server.url}/tim-kiem/?{params}")
    return titles(tab)


def test_the_index_is_made_by_every_pelican_run(served):
    _, output = served
    index = output / "tim-kiem" / "chi-muc"
    assert (index / "loc.json").is_file() and (output / "theme" / "js" / "search.js").is_file()
    assert len(list((index / "t").glob("*.txt"))) == 16 and list((index / "d").glob("*.json"))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("dong hai", "Đông Hải dạy nghề ven biển"),
        ("Đông Hải", "Đông Hải dạy nghề ven biển"),
        ("ho tro nha o", "Vĩnh Lộc hỗ trợ nhà ở"),
        ("nuoi de", "Nuôi dê sinh sản luân chuyển ở ấp Vĩnh Lạc"),
        ("NUÔI DÊ", "Nuôi dê sinh sản luân chuyển ở ấp Vĩnh Lạc"),
    ],
)
def test_queries_with_and_without_diacritics(page, served, query, expected):
    server, _ = served
    found = search(page, server, query)
    assert found and found[0] == expected, found


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # "dê" (goat) and "dế" (cricket) both fold to "de": typed with its marks, the exact
        # word ranks first even over a title that matches only without marks.
        ("nuôi dế", "Tôm - lúa ở Ninh Quới"),
        ("nuôi dê", "Nuôi dê sinh sản luân chuyển ở ấp Vĩnh Lạc"),
        ("nuoi de", "Nuôi dê sinh sản luân chuyển ở ấp Vĩnh Lạc"),  # without marks, the title first
    ],
)
def test_exact_spelling_ranks_first(page, served, query, expected):
    server, _ = served
    found = search(page, server, query)
    assert found[0] == expected, found


def test_words_of_two_syllables_match_as_words(page, served):
    server, _ = served
    # "Bạc Liêu bàn giao nhà" holds "nhà" and, further on, "ở": it is not about "nhà ở".
    assert search(page, server, "nha o") == ["Vĩnh Lộc hỗ trợ nhà ở"]
    excerpt = page.locator(".app-search__excerpt").first
    assert set(excerpt.locator("mark").all_inner_texts()) == {"nhà ở"}
    assert "Thành phố Bạc Liêu bàn giao nhà" in search(page, server, "nha")


def test_ten_results_at_a_time(page, served):
    server, _ = served
    first = search(page, server, "bai")
    assert len(first) == 10 and page.is_visible("#xem-them")
    page.click("#xem-them")
    page.wait_for_function("() => document.querySelectorAll('.app-search__result').length > 10")
    assert len(page.locator(".app-search__title").all_inner_texts()) > 10


def test_results_show_type_date_area_and_marked_excerpt(page, served):
    server, _ = served
    search(page, server, "nuoi de")
    first = page.locator(".app-search__result").first
    assert re.search(r"Mô hình · Thứ Sáu, 10/05/2024 · Huyện Hòa Bình", first.inner_text())
    assert first.locator(".app-search__excerpt mark").count() >= 1
    href = first.locator("a").get_attribute("href")
    assert href == f"{PREFIX}/mo-hinh/nuoi-de-sinh-san-luan-chuyen-o-ap-vinh-lac/"


def test_filters_narrow_and_a_former_district_matches_its_communes(page, served):
    server, _ = served
    everything = search(page, server, "mo hinh")
    models = search(page, server, "mo hinh", loai="Mô hình")
    assert 0 < len(models) < len(everything)
    hong_dan = search(page, server, "bai", dia_ban="Huyện Hồng Dân")
    assert "Ninh Quới giao việc cho cán bộ" in hong_dan  # tagged Xã Ninh Quới
    assert all("Giá Rai" not in title for title in hong_dan)
    year = search(page, server, "bai", nam="2024")
    assert year and "Phường Bạc Liêu ra mắt tổ tự quản" not in year
    label = page.locator("#bo-loc label", has_text="2024").inner_text()
    assert re.match(r"2024 \(\d+\)", label)  # counts beside each filter


def test_query_and_filters_live_in_the_address(page, served):
    server, _ = served
    page.goto(f"{server.url}/tim-kiem/")
    page.fill("#tu-khoa", "nuoi de")
    titles(page)
    assert page.locator("#bo-loc input").count() == 0  # the filters' data loads on demand
    page.click("#nut-loc")
    page.check("#bo-loc input[value='Mô hình']")
    page.wait_for_function("() => location.search.includes('loai=')")
    shared = page.url
    assert "q=nuoi+de" in shared
    page.goto(shared)  # a shared link restores the search
    assert page.input_value("#tu-khoa") == "nuoi de"
    assert page.is_checked("#bo-loc input[value='Mô hình']")
    assert titles(page)[0] == "Nuôi dê sinh sản luân chuyển ở ấp Vĩnh Lạc"


def test_keyboard_only(page, served):
    server, _ = served
    page.goto(f"{server.url}/tim-kiem/")
    page.focus("#tu-khoa")
    page.keyboard.type("ho tro nha o")
    page.keyboard.press("Enter")
    titles(page)
    page.keyboard.press("Tab")  # the search button
    page.keyboard.press("Tab")  # "Lọc kết quả"
    assert page.evaluate("() => document.activeElement.id") == "nut-loc"
    page.keyboard.press("Enter")
    page.wait_for_selector("#bo-loc input")
    page.keyboard.press("Tab")  # the first filter
    assert page.evaluate("() => document.activeElement.type") == "checkbox"
    page.keyboard.press("Space")
    page.wait_for_function("() => location.search.includes('loai=')")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => !!document.activeElement.closest('.app-search__title')"):
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/tin-tuc/" in page.url or "/mo-hinh/" in page.url or "/gioi-thieu/" in page.url


def test_no_violation_with_results_shown(page, served):
    need(AXE.is_file(), "axe-core (npm)")
    server, _ = served
    search(page, server, "nuoi de")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""() => axe.run(document, {runOnly: {type: "tag", values:
        ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}})""")
    assert [v["id"] for v in result["violations"]] == []


def test_nothing_of_the_search_loads_until_it_is_used(page, served):
    server, _ = served
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{server.url}/tim-kiem/")
    page.wait_for_load_state("networkidle")
    assert [url for url in requests if "/chi-muc/" in url or url.endswith(".js")] == []
    page.fill("#tu-khoa", "nuoi de")
    titles(page)
    assert [url for url in requests if "/chi-muc/" in url] and [url for url in requests if url.endswith("/search.js")]


def test_without_javascript_the_page_offers_the_lists(browser, served):
    server, _ = served
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"{server.url}/tim-kiem/?q=nuoi+de")
    for link in ("Theo địa bàn", "Theo chương trình, dự án", "Lưu trữ tin bài theo năm"):
        assert tab.is_visible(f"text={link}")
    tab.click("text=Theo địa bàn")
    assert tab.url == f"{server.url}/dia-ban/"
    context.close()


def test_boilerplate_is_not_indexed(page, served):
    server, _ = served
    assert search(page, server, "Bỏ qua, đến nội dung chính") == []  # the skip link on every page
    assert "Lưu trữ" not in " ".join(search(page, server, "luu tru"))  # footer and list pages
