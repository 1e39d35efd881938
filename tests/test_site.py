"""The fixture site built with real Pelican: pages, pagination, links, Vietnamese output."""

import re

import pytest
import yaml
from conftest import DATA

from giamngheo.publishing import sitecheck


@pytest.fixture(scope="module")
def output(fixture_site):
    return fixture_site[0]


def read(output, path):
    return (output / path).read_text(encoding="utf-8")


def test_build_logs_no_warnings(fixture_site):
    _, records = fixture_site
    assert [r.getMessage() for r in records] == []


def test_every_internal_link_resolves(output):
    assert sitecheck.broken_links(output) == []


def test_development_links_are_relative(output):
    """RELATIVE_URLS: the development site works from any folder."""
    for page in sitecheck.pages(output):
        absolute = [link for link in sitecheck.parse(page).links if link.startswith("/")]
        assert absolute == [], page


@pytest.mark.parametrize(("data_file", "folder"), [("areas.yml", "dia-ban"), ("programs.yml", "chuong-trinh")])
def test_every_area_and_program_has_its_page(output, data_file, folder):
    slugs = [entry["slug"] for entry in yaml.safe_load((DATA / data_file).read_text(encoding="utf-8"))]
    assert slugs
    for slug in slugs:
        assert (output / folder / slug / "index.html").is_file(), slug
    index = read(output, f"{folder}/index.html")
    for slug in slugs:
        assert f'href="../{folder}/{slug}/"' in index or f'href="{slug}/"' in index or f"/{slug}/" in index


def test_every_kind_has_its_page(output):
    for entry in yaml.safe_load((DATA / "kinds.yml").read_text(encoding="utf-8")):
        assert (output / "mo-hinh" / "loai" / entry["slug"] / "index.html").is_file()


def titles(html):
    return re.findall(r'class="app-card__title"><a href="[^"]*">([^<]*)</a>', html)


def test_former_district_includes_its_communes_and_says_so(output):
    page = read(output, "dia-ban/hong-dan/index.html")
    assert "gồm cả tin bài và mô hình của các xã, phường" in page
    assert "Xã Ninh Quới" in page
    # Its model (tagged Xã Ninh Quới) is listed on the district page.
    assert "Tôm - lúa ở Ninh Quới" in titles(page)
    everything = (
        page + read(output, "dia-ban/hong-dan/trang/2/index.html") + read(output, "dia-ban/hong-dan/trang/3/index.html")
    )
    found = set(titles(everything))
    assert {
        "Hồng Dân trao bò giống",  # "Hong Dan", 2024: the district
        "Huyện Hồng Dân tổng kết năm",
        "Ninh Quới giao việc cho cán bộ",  # Xã Ninh Quới
        "Xã Hồng Dân khởi động chương trình mới",  # "Hồng Dân", 2026: the commune
        "Vĩnh Lộc hỗ trợ nhà ở",  # xa vinh loc
    } <= found
    assert "Tin bài (5)" in page


def test_new_commune_page_lists_only_its_own_content(output):
    page = read(output, "dia-ban/xa-hong-dan/index.html")
    assert titles(page) == ["Xã Hồng Dân khởi động chương trình mới"]
    assert "Huyện Hồng Dân" in page and "(cũ)" in page  # links back to its former district


def test_bare_name_is_decided_by_the_date(output):
    assert "Thành phố Bạc Liêu bàn giao nhà" in titles(read(output, "dia-ban/bac-lieu/index.html"))
    assert titles(read(output, "dia-ban/phuong-bac-lieu/index.html")) == ["Phường Bạc Liêu ra mắt tổ tự quản"]


def test_pagination(output):
    first = read(output, "dia-ban/hong-dan/index.html")
    second = read(output, "dia-ban/hong-dan/trang/2/index.html")
    last = read(output, "dia-ban/hong-dan/trang/3/index.html")
    assert "Trang 1/3" in first and 'rel="next" href="../../../dia-ban/hong-dan/trang/2/"' not in first
    assert 'rel="next"' in first and 'rel="prev"' not in first
    assert 'rel="prev"' in second and 'rel="next"' in second
    assert 'rel="prev"' in last and 'rel="next"' not in last
    assert not (output / "dia-ban/hong-dan/trang/4").exists()
    pages = [titles(p) for p in (first, second, last)]
    # Models are shown once, on the first page; articles two per page, none repeated.
    articles = pages[0][1:] + pages[1] + pages[2]
    assert len(articles) == len(set(articles)) == 5


def test_program_rolls_up_its_projects(output):
    page = read(output, "chuong-trinh/giam-ngheo-2021-2025/index.html")
    assert "gồm cả nội dung của các dự án" in page
    # The index files the 2021-2025 program under "Lưu trữ", not under the current ones.
    index = read(output, "chuong-trinh/index.html")
    current, archived = index.split('<h2 class="app-section__title">Lưu trữ</h2>')
    assert "chuong-trinh/giam-ngheo-2021-2025/" in archived.split("</main>")[0]
    assert "chuong-trinh/giam-ngheo-2021-2025/" not in current.split("Đang thực hiện")[1]
    # 2 articles tagged with the program itself + projects 2, 3, 4, 5 (5 articles) + models.
    assert re.search(r"Tin bài \((\d+)\)", page).group(1) == "7"


def test_area_index_is_in_vietnamese_order_with_counts(output):
    index = read(output, "dia-ban/index.html")
    names = re.findall(r'class="app-tree__link" href="[^"]*">([^<]*)</a>', index)
    districts = [n for n in names if n.startswith(("Huyện", "Thị xã", "Thành phố"))]
    assert districts == [
        "Thành phố Bạc Liêu",
        "Huyện Đông Hải",
        "Thị xã Giá Rai",
        "Huyện Hòa Bình",
        "Huyện Hồng Dân",
        "Huyện Phước Long",
        "Huyện Vĩnh Lợi",
    ]
    assert re.search(r'>Huyện Hồng Dân</a>\s*<span class="app-tree__count">\(6\)</span>', index)
    assert re.search(r'>Xã Ninh Quới</a>\s*<span class="app-tree__count">\(2\)</span>', index)


def test_model_profile_has_its_own_address_and_facts(output):
    page = read(output, "mo-hinh/nuoi-de-sinh-san-luan-chuyen-o-ap-vinh-lac/index.html")
    assert "504 triệu đồng" in page
    assert "1,3 triệu đồng/người/tháng" in page
    assert "Thứ Sáu, 10/05/2024" in page
    assert 'alt="Đàn dê trắng trong chuồng sàn gỗ."' in page
    assert not list(output.glob("tin-tuc/*/nuoi-de*"))  # not in the news stream
    assert "Nuôi dê sinh sản" in read(output, "mo-hinh/index.html")  # but in the showcase


def test_showcase_filters_without_javascript(output):
    page = read(output, "mo-hinh/index.html")
    assert "<script" not in page
    assert 'href="../mo-hinh/loai/chan-nuoi/">Chăn nuôi</a> (1)' in page
    assert 'href="../dia-ban/hong-dan/#mo-hinh">Huyện Hồng Dân</a> (1)' in page
    assert "../chuong-trinh/du-an-3/#mo-hinh" in page
    assert sorted(titles(page)) == sorted(
        [
            "Nuôi dê sinh sản luân chuyển ở ấp Vĩnh Lạc",
            "Tôm - lúa ở Ninh Quới",
            "Trồng rau an toàn ở Phường Giá Rai",
            "Mô hình hẹn giờ năm 2031",  # the preview shows drafts and scheduled profiles
        ]
    )


def test_article_page_in_vietnamese(output):
    page = read(output, "tin-tuc/2024/gia-rai-phuoc-long-cung-thoat-ngheo/index.html")
    assert '<html lang="vi">' in page
    assert "Thứ Hai, 09/09/2024 09:09" in page
    assert 'datetime="2024-09-09T09:09:00+07:00"' in page
    # The special characters of the title survive, escaped once.
    assert "Giá Rai &amp; Phước Long: “cùng thoát nghèo” &lt;nhanh&gt;" in page
    assert "Thị xã Giá Rai" in page and "Huyện Phước Long" in page


def test_intrasite_links_to_models_resolve(output):
    page = read(output, "tin-tuc/2025/nghi-quyet-13-sau-5-nam/index.html")
    assert "mo-hinh/nuoi-de-sinh-san-luan-chuyen-o-ap-vinh-lac/" in page
    assert "{filename}" not in page


def test_preview_shows_drafts_and_scheduled_content_marked(output):
    listing = read(output, "dia-ban/toan-tinh/index.html")
    assert "Bản nháp chưa đăng" in listing and "Bài hẹn giờ đăng năm 2030" in listing
    assert ">Bản nháp</strong>" in listing and ">Hẹn giờ</strong>" in listing
    draft = read(output, "tin-tuc/2026/a14/index.html")
    assert "Bản nháp – chưa xuất bản" in draft
    scheduled = read(output, "tin-tuc/2030/tuong-lai/index.html")
    assert "Hẹn giờ – sẽ xuất bản" in scheduled
    assert "Bản nháp – chưa xuất bản" not in read(output, "tin-tuc/2025/a12/index.html")
