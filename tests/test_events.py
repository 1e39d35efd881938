"""The calendar (giamngheo/events): events of the sample content on the fixture site, built
with the clock fixed (EVENTS_NOW); their pages, lists, calendar files (parsed by icalendar and
imported by khal, a real calendar client), JSON-LD, feeds, search, open data, editor form, and
the problems staff are told about."""

import json
import os
import re
import shutil
import subprocess

import icalendar
import pytest
import yaml
from browser import need
from conftest import DATA, FIXTURE_SITE, ROOT, build, read_site

from giamngheo.core import reported

SAMPLES = ROOT / "content" / "lich"
BEFORE = "2026-12-19T10:59:00+07:00"  # the goat-raising class ends on 19/12/2026 at 11:00
AFTER = "2026-12-19T11:00:00+07:00"
CLASS = "lop-day-nghe-nuoi-de-xa-hong-dan"
CANCELLED = "ban-giao-nha-dai-doan-ket-phuong-vinh-trach"
PEAK_MONTH = "thang-cao-diem-vi-nguoi-ngheo-2026"


def site_with_events(folder):
    content = folder / "content"
    shutil.copytree(FIXTURE_SITE, content)
    shutil.copytree(SAMPLES, content / "lich")
    return content


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    return site_with_events(tmp_path_factory.mktemp("events"))


@pytest.fixture(scope="module")
def built(content):
    output = content.parent / "before"
    records = build(content, output, EVENTS_NOW=BEFORE)
    assert [r.getMessage() for r in records] == []
    return output


def read(output, name):
    return (output / name).read_text(encoding="utf-8")


def calendar_of(output, name):
    return icalendar.Calendar.from_ical(read(output, name))


def test_the_calendar_lists_what_is_coming_by_month_then_what_has_happened(built):
    page = read(built, "lich/index.html")
    coming, happened = page.split('id="da-dien-ra"')
    assert "Sắp diễn ra (2)" in coming and "Tháng 12/2026" in coming
    # Soonest first: the class (15–19/12, not over yet), the conference (26/12).
    assert coming.index(CLASS) < coming.index("hoi-nghi-tong-ket")
    # The latest first: the cancelled ceremony (12/12), the loan day (20/11), the peak month.
    assert "Đã diễn ra (3)" in happened and "<strong>Đã hủy</strong>" in happened
    assert happened.index(CANCELLED) < happened.index("giai-ngan-von-vay") < happened.index(PEAK_MONTH)
    assert "Thứ Ba, 15/12/2026, 07:30 – Thứ Bảy, 19/12/2026, 11:00" in coming  # several days
    assert "Thứ Bảy, 17/10/2026 – Thứ Tư, 18/11/2026" in happened  # whole days
    assert "webcal://" in page and "lich/lich.ics" in page  # the whole calendar, to subscribe


def test_an_event_moves_from_coming_to_past_at_the_first_build_after_it_ends(content, built):
    after = content.parent / "after"
    assert [r.getMessage() for r in build(content, after, EVENTS_NOW=AFTER)] == []
    for output, coming in ((built, True), (after, False)):
        page = read(output, "lich/index.html")
        upcoming = page.split('id="da-dien-ra"')[0]
        assert (CLASS in upcoming) is coming
        area = read(output, "dia-ban/xa-hong-dan/index.html")  # its area shows what is coming
        assert ('id="lich">Sắp diễn ra (1)' in area) is coming
        assert ("Thêm vào lịch" in read(output, f"lich/{CLASS}/index.html")) is coming
    assert "Đã diễn ra" in read(after, f"lich/{CLASS}/index.html")


def test_the_home_page_and_the_unit_page_show_the_next_events(built):
    home = read(built, "index.html")
    assert 'id="lich-sap-toi">Lịch sắp tới' in home and CLASS in home and PEAK_MONTH not in home.split("tin-moi")[0]
    unit = read(built, "don-vi/hoi-nong-dan-tinh/index.html")
    assert CLASS in unit and "Sắp diễn ra (1)" in unit
    assert CLASS in read(built, "chuong-trinh/du-an-4/index.html")


def test_each_event_has_a_calendar_file_that_icalendar_reads(built):
    [event] = calendar_of(built, f"lich/{CLASS}/{CLASS}.ics").walk("VEVENT")
    assert str(event["UID"]) == f"lich-{CLASS}@giam-ngheo-bac-lieu"
    assert event["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert event.decoded("DTSTART").isoformat() == "2026-12-15T07:30:00+07:00"
    assert event.decoded("DTEND").isoformat() == "2026-12-19T11:00:00+07:00"
    assert str(event["STATUS"]) == "CONFIRMED" and int(event["SEQUENCE"]) == 0
    assert "Hội trường ấp Bình Lộc" in str(event["LOCATION"]) and str(event["URL"]).endswith(f"/lich/{CLASS}/")
    assert event["ORGANIZER"].params["CN"] == "Hội Nông dân tỉnh"
    [zone] = calendar_of(built, f"lich/{CLASS}/{CLASS}.ics").walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Asia/Ho_Chi_Minh" and "+07" in zone.to_ical().decode()


def test_the_calendar_text_is_plain_text(tmp_path):
    """A summary is rendered as HTML by the reader; a calendar shows it as text, its
    characters as written (no "&amp;", no tags)."""
    content = site_with_events(tmp_path)
    path = content / "lich" / f"{CLASS}.md"
    text = path.read_text(encoding="utf-8")
    text = re.sub(
        r"^summary: .*(\n  .*)*", 'summary: "Hộ nghèo Giá Rai & Phước Long học *nuôi dê* <3 buổi>"', text, flags=re.M
    )
    path.write_text(text, encoding="utf-8")
    output = tmp_path / "output"
    assert [r.getMessage() for r in build(content, output, EVENTS_NOW=BEFORE)] == []
    [event] = calendar_of(output, f"lich/{CLASS}/{CLASS}.ics").walk("VEVENT")
    assert "Hộ nghèo Giá Rai & Phước Long học nuôi dê <3 buổi>" in str(event["DESCRIPTION"])


def test_a_cancelled_and_changed_event_says_so_with_a_higher_sequence(built):
    [event] = calendar_of(built, f"lich/{CANCELLED}/{CANCELLED}.ics").walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED" and str(event["SUMMARY"]).startswith("[Đã hủy]")
    assert int(event["SEQUENCE"]) > 0  # Modified is after Date: calendars replace their copy
    assert "mưa lớn" in str(event["DESCRIPTION"])
    [whole] = calendar_of(built, f"lich/{PEAK_MONTH}/{PEAK_MONTH}.ics").walk("VEVENT")
    assert str(whole.decoded("DTSTART")) == "2026-10-17" and str(whole.decoded("DTEND")) == "2026-11-19"


def test_calendar_feeds_for_the_site_each_area_and_program(built):
    assert len(calendar_of(built, "lich/lich.ics").walk("VEVENT")) == 5
    area = calendar_of(built, "dia-ban/hong-dan/lich.ics")  # the former district holds its communes'
    assert [str(e["UID"]).split("@")[0] for e in area.walk("VEVENT")] == [
        "lich-giai-ngan-von-vay-ho-ngheo-xa-ninh-quoi",  # by start: 20/11, then 15/12
        f"lich-{CLASS}",
    ]
    assert len(calendar_of(built, "chuong-trinh/du-an-4/lich.ics").walk("VEVENT")) == 1
    assert not (built / "dia-ban/gia-rai/lich.ics").exists()  # no events, no calendar


def test_the_build_is_reproducible(content, built, tmp_path):
    again = tmp_path / "again"
    build(content, again, EVENTS_NOW=BEFORE)
    for name in (f"lich/{CANCELLED}/{CANCELLED}.ics", "lich/lich.ics", "dia-ban/hong-dan/lich.ics"):
        assert read(again, name) == read(built, name), name


def khal(config, *args):
    # TZ=UTC: the machine's zone must not matter, the file's VTIMEZONE does.
    result = subprocess.run(
        ["khal", "-c", str(config), *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "TZ": "UTC"},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_real_calendar_client_imports_them_at_the_right_local_time(built, tmp_path):
    need(shutil.which("khal"), "khal (Debian)")
    (tmp_path / "cal").mkdir()
    config = tmp_path / "khal.conf"
    config.write_text(
        f"[calendars]\n[[lich]]\npath = {tmp_path / 'cal'}\ntype = calendar\n"
        "[locale]\ndefault_timezone = Asia/Ho_Chi_Minh\nlocal_timezone = Asia/Ho_Chi_Minh\n"
        "timeformat = %H:%M\ndateformat = %d/%m/%Y\nlongdateformat = %d/%m/%Y\n"
        "datetimeformat = %d/%m/%Y %H:%M\nlongdatetimeformat = %d/%m/%Y %H:%M\n"
        f"[sqlite]\npath = {tmp_path / 'khal.db'}\n",
        encoding="utf-8",
    )
    for ics in sorted((built / "lich").glob("*/*.ics")):
        khal(config, "import", "--batch", "-a", "lich", str(ics))
    listed = khal(
        config,
        "list",
        "--once",
        "--day-format",
        "",
        "--format",
        "{start}|{end}|{title}|{cancelled}",
        "01/10/2026",
        "90d",
    )
    rows = [line.split("|") for line in listed.strip().splitlines()]
    by_title = {row[2]: row for row in rows}
    assert len(rows) == 5
    assert by_title["Lớp dạy nghề nuôi dê cho hộ nghèo xã Hồng Dân"][:2] == ["15/12/2026 07:30", "19/12/2026 11:00"]
    assert by_title["Tháng cao điểm “Vì người nghèo” năm 2026"][:2] == ["17/10/2026", "18/11/2026"]
    cancelled = by_title["[Đã hủy] Bàn giao 12 căn nhà Đại đoàn kết ở phường Vĩnh Trạch"]
    assert cancelled[:2] == ["12/12/2026 14:00", "12/12/2026 16:00"] and cancelled[3].strip() == "CANCELLED"
    assert all(row[3].strip() == "" for row in rows if row is not cancelled)


def json_ld(page):
    blocks = page.split('<script type="application/ld+json">')[1:]
    return [json.loads(block.split("</script>", 1)[0]) for block in blocks]


def test_its_json_ld_is_a_schema_org_event(built):
    [event] = [d for d in json_ld(read(built, f"lich/{CANCELLED}/index.html")) if d["@type"] == "Event"]
    # Google's required and recommended properties of an Event; no CreativeWork ones.
    assert event["name"].startswith("Bàn giao 12 căn nhà") and event["startDate"] == "2026-12-12T14:00:00+07:00"
    assert event["endDate"] == "2026-12-12T16:00:00+07:00"
    assert event["eventStatus"] == "https://schema.org/EventCancelled"
    assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    place = event["location"]
    assert place["@type"] == "Place" and place["address"]["@type"] == "PostalAddress"
    assert place["address"]["addressLocality"] == "Phường Vĩnh Trạch" and place["address"]["addressRegion"] == "Cà Mau"
    assert event["organizer"] == {
        "@type": "Organization",
        "name": "Ủy ban MTTQ Việt Nam tỉnh",
        "url": event["url"].split("/lich/")[0] + "/don-vi/mttq-tinh/",
    }
    assert not {"headline", "datePublished", "author", "publisher"} & set(event)
    [peak] = [d for d in json_ld(read(built, f"lich/{PEAK_MONTH}/index.html")) if d["@type"] == "Event"]
    assert (peak["startDate"], peak["endDate"]) == ("2026-10-17", "2026-11-18")


def test_events_are_in_the_feeds_the_sitemap_search_and_open_data(built):
    feed = read(built, "feeds/lich.rss.xml")
    assert CLASS in feed and "Thứ Ba, 15/12/2026, 07:30" in feed  # the start in the text
    assert CLASS in read(built, "feeds/tat-ca.rss.xml") and CLASS not in read(built, "feeds/tin-tuc.rss.xml")
    assert f"/lich/{CLASS}/</loc>" in read(built, "sitemap.xml") and "/lich/</loc>" in read(built, "sitemap.xml")
    index = " ".join(p.read_text(encoding="utf-8") for p in (built / "tim-kiem" / "chi-muc").rglob("*.json"))
    assert f"lich/{CLASS}/" in index and "Lịch" in index  # its type, a search filter
    rows = json.loads(read(built, "du-lieu/lich.json"))
    [row] = [r for r in rows if r["slug"] == CANCELLED]
    assert row["tinh_trang"] == "Đã hủy" and row["bat_dau"] == "2026-12-12T14:00:00+07:00"
    assert row["dia_ban"] == "phuong-vinh-trach" and row["don_vi_to_chuc"] == "Ủy ban MTTQ Việt Nam tỉnh"
    package = json.loads(read(built, "du-lieu/datapackage.json"))
    assert "lich" in [r["name"] for r in package["resources"]]


def test_the_editor_writes_times_with_their_offset(built):
    config = yaml.safe_load(read(built, "admin/config.yml"))
    [collection] = [c for c in config["collections"] if c["name"] == "lich"]
    assert collection["folder"] == "content/lich"
    fields = {f["name"]: f for f in collection["fields"]}
    for name in ("start", "end"):
        # The browser's local time with its offset (+07:00 in Việt Nam), never bare UTC.
        assert fields[name]["format"] == "YYYY-MM-DDTHH:mm:ssZ" and fields[name]["picker_utc"] is False
    assert fields["unit"]["label"] == "Đơn vị tổ chức" and fields["unit"]["required"]
    assert "hủy" in fields["event_status"]["options"]


def test_the_reader_reads_what_the_editor_wrote(built):
    # The class's sample is front matter as the editor writes it: 07:30+07:00 stays 07:30.
    assert "2026-12-15T07:30:00+07:00" in (SAMPLES / f"{CLASS}.md").read_text(encoding="utf-8")
    assert 'datetime="2026-12-15T07:30:00+07:00"' in read(built, f"lich/{CLASS}/index.html")


BAD = {
    "ket-thuc-truoc.md": (
        "Title: A\nDate: 2026-11-01\nStart: 20/12/2026 10:00\nEnd: 20/12/2026 08:00\n"
        "Location: x\nArea: Hồng Dân\nUnit: Hội Nông dân tỉnh\n\nx\n",
        4,
        "kết thúc (20/12/2026 08:00) trước khi bắt đầu",
    ),
    "thieu-gio.md": (
        "Title: A\nDate: 2026-11-01\nStart: 20/12/2026\nLocation: x\nArea: Hồng Dân\nUnit: Hội Nông dân tỉnh\n\nx\n",
        3,
        "thiếu giờ, mà sự kiện không ghi là diễn ra cả ngày",
    ),
    "dia-ban-la.md": (
        "Title: A\nDate: 2026-11-01\nStart: 20/12/2026 08:00\nArea: Sao Hỏa\nUnit: Hội Nông dân tỉnh\n\nx\n",
        4,
        "Địa bàn “Sao Hỏa” không có trong danh sách",
    ),
    "don-vi-la.md": (
        "Title: A\nDate: 2026-11-01\nStart: 20/12/2026 08:00\nArea: Hồng Dân\nUnit: Hội Sao Hỏa\n\nx\n",
        5,
        "Đơn vị “Hội Sao Hỏa” không có trong danh sách",
    ),
    "hoan.md": (
        "Title: A\nDate: 2026-11-01\nStart: 20/12/2026 08:00\nArea: Hồng Dân\nUnit: Hội Nông dân tỉnh\n"
        "Event_status: hoãn\n\nx\n",
        6,
        "“hoãn” mà không có lời giải thích",
    ),
    "huy.md": (
        "Title: A\nDate: 2026-11-01\nStart: 20/12/2026 08:00\nArea: Hồng Dân\nUnit: Hội Nông dân tỉnh\n"
        "Event_status: hủy\n\nx\n",
        6,
        "“đã hủy” mà không có lời giải thích",
    ),
}


def test_bad_events_name_the_file_the_line_and_the_fix(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    (content / "lich").mkdir()
    for name, (text, _, _) in BAD.items():
        (content / "lich" / name).write_text(text, encoding="utf-8")
    read_ = read_site(content, tmp_path / "output", TAXONOMY_DATA_PATH=str(DATA))
    problems = {p.path.rsplit("/", 1)[-1]: p for p in reported(read_.context)}
    assert sorted(problems) == sorted(BAD)
    for name, (_, line, message) in BAD.items():
        problem = problems[name]
        assert (problem.path, problem.line) == (f"lich/{name}", line), name
        assert message in problem.message and problem.fix, (name, problem.message)
