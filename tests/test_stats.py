"""Statistics (plugins/stats/): published figures, totals from the profiles, SVG charts,
on the fixture site built for production with the figures in tests/fixture_site/so-lieu/."""

import html
import json
import re
import shutil
import xml.etree.ElementTree as ET

import pytest
from conftest import FIXTURE_SITE, build

from giamngheo.core import ContentError
from giamngheo.stats.charts import Bar, BarChart, LineChart, Point, Series

SITEURL = "https://example.org/giam-ngheo"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def site(site_builds):
    output, records = site_builds("publishconf.py", SITEURL=SITEURL, STATISTICS_DATA_PATH="so-lieu")
    assert [r.getMessage() for r in records] == []
    return output


def page(site, path):
    return (site / path / "index.html").read_text(encoding="utf-8")


def figures(text):
    """[(svg element, table rows as lists of cell texts)] of every chart on a page."""
    found = []
    for block in re.findall(r'<figure class="app-chart".*?</figure>', text, re.S):
        svg = ET.fromstring(re.search(r"<svg.*?</svg>", block, re.S).group(0))  # well-formed XML
        rows = [
            [
                html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
                for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
            ]
            for row in re.findall(r"<tr>(.*?)</tr>", block, re.S)
        ]
        found.append((svg, rows))
    return found


def svg_texts(svg):
    return [element.text for element in svg.iter(f"{SVG}text")]


def test_every_chart_is_an_accessible_svg_with_a_matching_table(site):
    pages = [
        "thong-ke",
        "dia-ban/hong-dan",
        "dia-ban/toan-tinh",
        "chuong-trinh/du-an-2",
        "mo-hinh/loai/chan-nuoi",
        "mo-hinh/nuoi-de-sinh-san-luan-chuyen-o-ap-vinh-lac",
    ]
    checked = 0
    for path in pages:
        charts = figures(page(site, path))
        assert charts, path
        for svg, rows in charts:
            assert svg.get("role") == "img"
            title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
            assert title.text and desc.text
            assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
            head, body = rows[0], rows[1:]
            assert len(head) >= 2 and body
            # Every figure of the table is written in the picture, and nothing else is.
            values = [cell for row in body for cell in row[1:] if cell != "–"]
            labels = [row[0] for row in body]
            texts = svg_texts(svg)
            for value in values:
                assert value in texts, (path, value)
            for label in labels:
                assert any(label in text or text.rstrip("…") in label for text in texts), (path, label)
            checked += 1
    assert checked >= 12


def test_chart_ids_are_unique_on_each_page(site):
    for path in ["thong-ke", "dia-ban/hong-dan", "chuong-trinh/du-an-2"]:
        ids = re.findall(r' id="([^"]+)"', page(site, path))
        assert len(ids) == len(set(ids)), path


def test_published_rates_with_source_date_and_uncertain_year(site):
    text = page(site, "thong-ke")
    charts = figures(text)
    svg, rows = next(
        (s, r) for s, r in charts if "Toàn tỉnh" in s.find(f"{SVG}title").text and "Tỷ lệ" in s.find(f"{SVG}title").text
    )
    assert rows == [["Năm", "Hộ nghèo", "Hộ cận nghèo"], ["2022?", "3,19%", "5,32%"], ["2024", "0,69%", "1,86%"]]
    assert "Nguồn: Nguồn thử A" in text and "số liệu tính đến 31/12/2022" in text and "Năm chưa chắc chắn." in text
    assert "2022?" in svg_texts(svg)
    # The bare "Hồng Dân" dated 2023 is the former district: its figures are on its page.
    district = page(site, "dia-ban/hong-dan")
    assert any(r[1:] == [["Năm 2023", "120 hộ"], ["Năm 2024", "1.234 hộ"]] for _, r in figures(district))
    program = page(site, "chuong-trinh/du-an-2")
    assert any(["Năm 2024 – Huyện Hồng Dân", "4,5 tỷ đồng"] in r for _, r in figures(program))


def expected_totals(site, area_slugs):
    """Sums over the published profiles filed under any of `area_slugs`, from the open data."""
    models = json.loads((site / "du-lieu" / "mo-hinh.json").read_text(encoding="utf-8"))
    chosen = [m for m in models if set((m["area_slugs"] or "").split("; ")) & set(area_slugs)]
    return {
        key: sum(m[key] or 0 for m in chosen)
        for key in ("households_total", "households_poor", "households_near_poor", "households_escaped")
    } | {"models": len(chosen)}


def test_totals_agree_with_the_profiles(site):
    # The former district includes its communes: Xã Ninh Quới's tôm-lúa profile counts for Hồng Dân.
    hong_dan = expected_totals(site, ["hong-dan", "xa-hong-dan", "xa-vinh-loc", "xa-ninh-thanh-loi", "xa-ninh-quoi"])
    assert hong_dan["models"] == 1 and hong_dan["households_total"] == 10
    [rows] = [r for s, r in figures(page(site, "dia-ban/hong-dan")) if "theo nhóm" in s.find(f"{SVG}title").text]
    assert ["Hộ nghèo", f"{hong_dan['households_poor']} hộ"] in rows
    assert ["Hộ cận nghèo", f"{hong_dan['households_near_poor']} hộ"] in rows
    other = (
        hong_dan["households_total"]
        - hong_dan["households_poor"]
        - hong_dan["households_near_poor"]
        - hong_dan["households_escaped"]
    )
    assert ["Hộ khác", f"{other} hộ"] in rows
    everything = expected_totals(
        site,
        [
            a
            for a in re.findall(
                r'"area_slugs": "([^"]+)"', (site / "du-lieu" / "mo-hinh.json").read_text(encoding="utf-8")
            )
            for a in a.split("; ")
        ],
    )
    overview = page(site, "thong-ke")
    assert (
        f"Cộng từ {everything['models']} hồ sơ mô hình đã đăng: {everything['households_total']} hộ tham gia"
        in overview
    )
    [rows] = [r for s, r in figures(overview) if s.find(f"{SVG}title").text == "Số mô hình theo loại hình"]
    assert sum(int(r[1]) for r in rows[1:]) == everything["models"]  # one kind per profile
    assert "hẹn giờ" not in overview  # the future-dated profile counts nowhere


def test_model_profile_shows_income_and_households_as_small_charts(site):
    charts = figures(page(site, "mo-hinh/nuoi-de-sinh-san-luan-chuyen-o-ap-vinh-lac"))
    titles = [svg.find(f"{SVG}title").text for svg, _ in charts]
    assert titles == ["Thu nhập bình quân (đồng/người/tháng)", "Hộ tham gia theo nhóm"]
    income = charts[0][1]
    assert income[0] == ["Thời điểm", "Thu nhập"] and [r[0] for r in income[1:]] == ["Khi bắt đầu", "Hiện nay"]
    assert all(r[1].endswith("đồng") for r in income[1:])


def test_bar_lengths_follow_the_values():
    chart = BarChart("x", "T", "D", "Nhóm", "Số", [Bar("a", 10, "10"), Bar("b", 5, "5"), Bar("c", 0, "0")])
    svg = ET.fromstring(str(chart.svg()))
    widths = [float(rect.get("width")) for rect in svg.iter(f"{SVG}rect")]
    assert len(widths) == 2 and widths[0] == pytest.approx(2 * widths[1])  # no bar for zero
    assert chart.table == (["Nhóm", "Số"], [["a", "10"], ["b", "5"], ["c", "0"]])


def test_line_chart_tells_series_apart_without_colour():
    chart = LineChart(
        "y",
        "T",
        "D",
        "Năm",
        [
            Series("Hộ nghèo", [Point(2022, "2022", 0.03, "3%"), Point(2024, "2024", 0.01, "1%")]),
            Series("Hộ cận nghèo", [Point(2024, "2024", 0.02, "2%")]),
        ],
    )
    svg = ET.fromstring(str(chart.svg()))
    lines = [e for e in svg.iter() if e.get("class") == "app-chart__line"]
    assert {line.get("stroke-dasharray") for line in lines} == {None, "6 4"}  # solid and dashed
    assert {m.tag for m in svg.iter() if m.get("class") == "app-chart__mark"} == {f"{SVG}circle", f"{SVG}rect"}
    assert chart.table == (["Năm", "Hộ nghèo", "Hộ cận nghèo"], [["2022", "3%", "–"], ["2024", "1%", "2%"]])


@pytest.fixture
def content(tmp_path):
    copy = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, copy)
    return copy


@pytest.mark.parametrize(
    ("file", "text", "line", "message", "fix"),
    [
        (
            "poverty_rates.yml",
            "- area: Hong Dann\n  date: 2024-12-31\n  poor: 1\n  source: S\n",
            1,
            "Địa bàn “Hong Dann” không có trong danh sách",
            "Huyện Hồng Dân",
        ),
        (
            "poverty_rates.yml",
            "- area: Toàn tỉnh\n  date: 2024-12-31\n  poor: khoảng 1\n  source: S\n",
            3,
            "cần một tỷ lệ phần trăm, nhưng đang ghi “khoảng 1”",
            "0,69",
        ),
        (
            "poverty_rates.yml",
            "- area: Toàn tỉnh\n  date: 2024-12-31\n  poor: 1\n",
            1,
            "Thiếu nguồn của số liệu",
            "source:",
        ),
        (
            "poverty_rates.yml",
            "- area: Toàn tỉnh\n  date: 31/12/2024\n  poor: 1\n  source: S\n",
            2,
            "Ngày “31/12/2024” ở trường date không hợp lệ",
            "2024-12-31",
        ),
        (
            "households_left_poverty.yml",
            "- area: Toàn tỉnh\n  date: 2024-12-31\n  households: 12,5\n  source: S\n",
            3,
            "cần một số nguyên",
            "1.234",
        ),
        (
            "households_left_poverty.yml",
            "- area: Toàn tỉnh\n  date: 2024-12-31\n  households: 1\n  source: S\n  nguon: x\n",
            5,
            "Trường lạ “nguon”",
            "source",
        ),
        (
            "households_left_poverty.yml",
            "- area: Hồng Dân\n  households: 1\n  source: S\n",
            1,
            "Thiếu thời điểm của số liệu",
            "date: 2024-12-31",
        ),
        (
            "program_spending.yml",
            "- program: Dự án 9\n  date: 2024-12-31\n  amount: 1 tỷ\n  source: S\n",
            1,
            "Chương trình “Dự án 9” không có trong danh sách",
            "programs.yml",
        ),
        (
            "program_spending.yml",
            "- program: Dự án 2\n  date: 2024-12-31\n  amount: nhiều\n  source: S\n",
            3,
            "cần một số tiền",
            "504 triệu",
        ),
        (
            "poverty_rates.yml",
            "- area: Phường 1\n  date: 2024-12-31\n  poor: 1\n  source: S\n",
            1,
            "ứng với nhiều địa bàn",
            "Phường Bạc Liêu",
        ),
        (
            "poverty_rates.yml",
            "- area: Toàn tỉnh\n  date: 2024-12-31\n  poor: 1\n  source: S\n"
            "- area: toàn tỉnh\n  date: 2024-12-31\n  poor: 2\n  source: S\n",
            5,
            "bị ghi hai lần",
            "Giữ một mục",
        ),
        ("poverty_rates.yml", "- area: Toàn tỉnh\n date: 2024\n", 2, "cú pháp YAML", "thụt vào"),
    ],
)
def test_bad_figures_name_the_file_line_and_fix(content, tmp_path, file, text, line, message, fix):
    (content / "so-lieu" / file).write_text(text, encoding="utf-8")
    output = tmp_path / "output"
    with pytest.raises(ContentError) as stop:
        build(content, output, STATISTICS_DATA_PATH="so-lieu")
    [problem] = stop.value.problems
    assert problem.path == f"so-lieu/{file}"
    assert problem.line == line
    assert message in problem.message, problem
    assert fix in problem.fix, problem
    assert not output.exists()
