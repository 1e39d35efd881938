"""The showcase as a reader sees it, in a real browser on the fixture site, on a 360 px phone
and on a desktop screen: cards with photos, key figures before the story, the facts panel
(closed on a phone, open on a desktop, without JavaScript and in print), "Làm theo mô hình
này", related content and neighbours, and the comparison with and without JavaScript."""

import re

import pytest
from browser import SiteServer

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
MODEL = "mo-hinh/nuoi-de-sinh-san-luan-chuyen-o-ap-vinh-lac/"
COMPARE = "mo-hinh/so-sanh/"
PUBLISHED_MODELS = {"nuoi-de-sinh-san-luan-chuyen-o-ap-vinh-lac", "rau", "tom-lua", "tuong-lai"}


@pytest.fixture(scope="module")
def server(fixture_site):
    output, _ = fixture_site
    with SiteServer(output) as running:
        yield running


@pytest.fixture(params=[PHONE, DESKTOP], ids=["phone", "desktop"])
def viewport(request):
    return request.param


def open_tab(browser, server, path, viewport=PHONE, javascript=True):
    context = browser.new_context(viewport=viewport, java_script_enabled=javascript)
    tab = context.new_page()
    tab.goto(f"{server.url}/{path}")
    return context, tab


def test_cards_show_photos_with_their_size_and_alt_text(browser, server, viewport):
    context, tab = open_tab(browser, server, "dia-ban/hoa-binh/", viewport)  # a model with a photo, articles without
    photos = tab.eval_on_selector_all(
        ".app-card__img",
        """images => images.map(i => ({alt: i.alt, width: i.getAttribute("width"), height: i.getAttribute("height"),
             loading: i.loading, box: [i.getBoundingClientRect().width, i.getBoundingClientRect().height],
             webp: i.parentElement.querySelector("source").srcset}))""",
    )
    assert photos, "no card with a photo"
    for photo in photos:
        assert photo["alt"].strip() and photo["width"] and photo["height"]
        assert max(int(w) for w in re.findall(r"\.webp (\d+)w", photo["webp"])) <= 480  # small files only
        width, height = photo["box"]
        assert 100 <= width <= 200 and abs(width / height - 1.5) < 0.02  # thumbnail, fixed ratio
    # Cards without a cover have no empty picture box; every card keeps its title link.
    cards = tab.eval_on_selector_all(
        ".app-card", "cards => cards.map(c => [!!c.querySelector('img'), c.classList.contains('app-card--image')])"
    )
    assert [False, False] in cards and all(has_image == flagged for has_image, flagged in cards)
    assert tab.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]
    context.close()


def test_only_the_first_cards_load_their_photo_at_once(fixture_site):
    output, _ = fixture_site
    page = (output / "mo-hinh" / "loai" / "chan-nuoi" / "index.html").read_text(encoding="utf-8")
    first = re.search(r'<img class="app-card__img"[^>]*>', page).group(0)
    assert 'loading="lazy"' not in first and 'width="' in first and 'height="' in first
    home = (output / "index.html").read_text(encoding="utf-8")
    news = home[home.index('id="tin-moi"') :]  # below the models: lazily
    assert all('loading="lazy"' in tag for tag in re.findall(r'<img class="app-card__img"[^>]*>', news))


def test_model_cards_carry_their_key_figures(browser, server):
    context, tab = open_tab(browser, server, "mo-hinh/")
    card = tab.locator(".app-card", has_text="Nuôi dê sinh sản luân chuyển")
    figures = card.locator(".app-figures__item").evaluate_all(
        "items => items.map(i => [i.querySelector('dt').textContent, i.querySelector('dd').textContent])"
    )
    assert figures == [
        ["Tổng số hộ tham gia", "22 hộ"],
        ["Số hộ đã thoát nghèo", "9 hộ"],
        ["Thu nhập mỗi người mỗi tháng", "1,3 → 2,6 triệu đồng"],
    ]
    context.close()


def test_key_figures_come_before_the_story(browser, server, viewport):
    context, tab = open_tab(browser, server, MODEL, viewport)
    tops = tab.evaluate(
        """() => ["h1", ".app-figures", ".app-prose"].map(s => document.querySelector(s).getBoundingClientRect().top)"""
    )
    assert tops == sorted(tops)
    strip = tab.locator("main .app-figures").first
    assert strip.is_visible() and strip.bounding_box()["y"] < viewport["height"]  # on the first screen
    labels = tab.eval_on_selector_all("main .app-figures dt", "dts => dts.map(d => d.textContent)")
    values = tab.eval_on_selector_all("main .app-figures dd", "dds => dds.map(d => d.textContent)")
    assert dict(zip(labels, values, strict=True)) == {
        "Tổng số hộ tham gia": "22 hộ",
        "Số hộ đã thoát nghèo": "9 hộ",
        "Thu nhập mỗi người mỗi tháng": "1,3 → 2,6 triệu đồng",
        "Kinh phí bình quân mỗi hộ": "22,91 triệu đồng",
    }
    assert tab.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]
    context.close()


def test_facts_panel_is_closed_on_a_phone_and_open_on_a_desktop(browser, server):
    context, tab = open_tab(browser, server, MODEL, PHONE)
    panel = tab.locator("details.app-facts")
    assert panel.evaluate("d => d.open") is False
    tab.click(".app-facts__summary")
    assert panel.evaluate("d => d.open") is True
    context.close()
    context, tab = open_tab(browser, server, MODEL, DESKTOP)
    assert tab.locator("details.app-facts").evaluate("d => d.open") is True
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_print_shows_every_fact(browser, server, javascript):
    context, tab = open_tab(browser, server, MODEL, PHONE, javascript=javascript)
    tab.emulate_media(media="print")
    panel = tab.locator("details.app-facts")
    assert panel.evaluate("d => d.open") is True
    rows = tab.locator(".app-facts .app-facts__row")
    assert rows.count() >= 20 and all(rows.nth(i).is_visible() for i in range(rows.count()))
    assert tab.locator(".app-facts__group").all_inner_texts() == [
        "Thông tin chung",
        "Hộ tham gia",
        "Kinh phí",
        "Kết quả",
    ]
    assert not tab.locator(".app-related").is_visible() and not tab.locator(".app-sequence").is_visible()
    context.close()


def test_facts_are_description_lists_for_screen_readers(browser, server):
    context, tab = open_tab(browser, server, MODEL, DESKTOP)
    structure = tab.eval_on_selector_all(
        ".app-facts dl", "lists => lists.map(l => [...l.children].map(row => [...row.children].map(c => c.tagName)))"
    )
    assert structure and all(row == ["DT", "DD"] for rows in structure for row in rows)
    context.close()


def test_profile_ends_with_what_it_takes_to_replicate_it(browser, server):
    context, tab = open_tab(browser, server, MODEL, PHONE)
    section = tab.locator("section.app-replicate")
    assert section.locator("h2").inner_text() == "Làm theo mô hình này"
    text = section.inner_text()
    for expected in ("Kinh phí bình quân mỗi hộ", "22,91 triệu đồng", "Đơn vị chủ trì", "Liên hệ"):
        assert expected in text
    # It comes after the story and the facts, and leads to the comparison with this model picked.
    order = tab.evaluate(
        """() => [".app-prose", ".app-facts", ".app-replicate"].map(s => document.querySelector(s).getBoundingClientRect().top)"""
    )
    assert order == sorted(order)
    section.get_by_role("link", name="so sánh mô hình").click()
    tab.wait_for_selector(".app-compare__chosen:not([hidden])")
    assert "chon=nuoi-de-sinh-san-luan-chuyen-o-ap-vinh-lac" in tab.url
    context.close()


def test_items_link_to_related_content_and_to_their_neighbours(browser, server):
    context, tab = open_tab(browser, server, "tin-tuc/2024/hong-dan-trao-bo-giong/", PHONE)
    related = tab.locator(".app-related a")
    assert related.count() >= 1
    nav = tab.locator("nav.app-sequence")
    assert nav.get_attribute("aria-label") == "Tin bài trước và sau"
    assert nav.locator("a[rel=prev]").count() == 0  # the oldest article: only a newer one
    newer = nav.locator("a[rel=next]")
    title = newer.inner_text().split("\n")[-1].strip()
    newer.click()
    assert tab.locator("h1").inner_text() == title
    assert tab.locator("nav.app-sequence a[rel=prev]").count() == 1
    context.close()


def test_compare_without_javascript_is_a_table_of_every_model_by_kind(browser, server):
    context, tab = open_tab(browser, server, COMPARE, PHONE, javascript=False)
    rows = tab.eval_on_selector_all("tr[data-model]", "rows => rows.map(r => r.dataset.model)")
    assert set(rows) == PUBLISHED_MODELS
    heads = tab.eval_on_selector_all(".app-compare-table thead th", "ths => ths.map(t => t.textContent)")[:6]
    assert heads == [
        "Mô hình",
        "Địa bàn",
        "Kinh phí bình quân mỗi hộ",
        "Số hộ đã thoát nghèo",
        "Thu nhập mỗi người mỗi tháng",
        "Có thể nhân rộng",
    ]
    goats = tab.locator("tr[data-model='nuoi-de-sinh-san-luan-chuyen-o-ap-vinh-lac'] td").all_inner_texts()
    assert goats == ["Huyện Hòa Bình", "22,91 triệu đồng", "9 hộ", "1,3 → 2,6 triệu đồng", "Có"]
    # Nothing that needs JavaScript shows: no boxes, no instructions, no empty "chosen" section.
    assert not tab.locator(".app-compare__check").first.is_visible()
    assert not tab.locator(".app-compare__bar").is_visible() and not tab.locator(".app-compare__chosen").is_visible()
    # The wide table scrolls in its own box, not the page.
    assert tab.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()


def test_compare_with_javascript_puts_the_chosen_models_side_by_side(browser, server, viewport):
    context, tab = open_tab(browser, server, COMPARE, viewport)
    assert not tab.locator(".app-compare__chosen").is_visible()
    assert "Đánh dấu từ 2 đến 4 mô hình" in tab.locator(".app-compare__bar").inner_text()
    tab.check("tr[data-model='tom-lua'] .app-compare__check")
    tab.check("tr[data-model='nuoi-de-sinh-san-luan-chuyen-o-ap-vinh-lac'] .app-compare__check")
    assert "2 mô hình" in tab.locator(".app-compare__bar").inner_text()
    assert tab.url.endswith("?chon=tom-lua,nuoi-de-sinh-san-luan-chuyen-o-ap-vinh-lac")
    chosen = tab.locator(".app-compare__table")
    assert chosen.locator("thead th a").all_inner_texts() == [
        "Tôm - lúa ở Ninh Quới",
        "Nuôi dê sinh sản luân chuyển ở ấp Vĩnh Lạc",
    ]
    kinds = chosen.locator("tbody tr").first.locator("th, td").all_inner_texts()
    assert kinds == ["Loại hình", "Sản xuất kết hợp", "Chăn nuôi"]
    # The choice is in the address: a reload (or a shared link) shows the same comparison.
    tab.reload()
    assert tab.locator(".app-compare__table thead th a").count() == 2
    assert tab.is_checked("tr[data-model='tom-lua'] .app-compare__check")
    tab.click(".app-compare__remove >> nth=0")
    assert tab.url.endswith("?chon=nuoi-de-sinh-san-luan-chuyen-o-ap-vinh-lac")
    assert not tab.is_checked("tr[data-model='tom-lua'] .app-compare__check")
    assert tab.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]
    context.close()


def test_compare_ignores_unknown_models_in_the_address(browser, server):
    context, tab = open_tab(browser, server, f"{COMPARE}?chon=khong-co,rau,rau", DESKTOP)
    assert tab.locator(".app-compare__table thead th a").all_inner_texts() == ["Trồng rau an toàn ở Phường Giá Rai"]
    assert "thêm ít nhất 1" in tab.locator(".app-compare__bar").inner_text()
    context.close()


def test_nothing_moves_while_the_showcase_loads(browser, server):
    """CLS 0: photos have their box before they arrive, scripts only fill reserved space."""
    for path in ("", "mo-hinh/", COMPARE, MODEL):
        context = browser.new_context(viewport=PHONE)
        tab = context.new_page()
        tab.add_init_script(
            """window.__shifts = 0; new PerformanceObserver(list => { for (const e of list.getEntries())
               if (!e.hadRecentInput) window.__shifts += e.value; }).observe({type: "layout-shift", buffered: true});"""
        )
        tab.goto(f"{server.url}/{path}")
        tab.wait_for_load_state("load")
        tab.mouse.wheel(0, 3000)
        tab.wait_for_timeout(300)
        assert tab.evaluate("() => window.__shifts") == 0, path
        context.close()
