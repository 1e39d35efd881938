"""Feeds built from the fixture site with production settings under a sub-path."""

import datetime
import json
import re
import shutil
import xml.etree.ElementTree as ET

import feedparser
import pytest
from conftest import FIXTURE_SITE, build

from giamngheo.publishing import feedcheck, gate, sitecheck

SITEURL = "https://example.org/giam-ngheo"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def site(site_builds):
    output, records = site_builds("publishconf.py", SITEURL=SITEURL, DEFAULT_PAGINATION=2)
    assert [r.getMessage() for r in records] == []
    return output


def all_feeds(output):
    return sorted(output.rglob("*.rss.xml")) + sorted(output.rglob("rss.xml")) + sorted(output.rglob("*atom.xml"))


def parsed(path):
    return feedparser.parse(path.read_bytes())


def test_every_area_program_and_category_has_rss_and_atom(site):
    for folder in ("dia-ban", "chuong-trinh", "chuyen-muc"):
        pages = [p.parent for p in (site / folder).glob("*/index.html")]
        assert pages
        for page in pages:
            assert (page / "rss.xml").is_file(), page
            assert (page / "atom.xml").is_file(), page
    for name in ("tat-ca", "tin-tuc", "mo-hinh"):
        assert (site / "feeds" / f"{name}.rss.xml").is_file()
        assert (site / "feeds" / f"{name}.atom.xml").is_file()


def test_every_feed_parses_cleanly_with_absolute_links(site):
    feeds = all_feeds(site)
    assert len(feeds) > 60
    for path in feeds:
        feed = parsed(path)
        assert feed.bozo == 0, (path, feed.get("bozo_exception"))
        assert feed.feed.language if "rss" in path.name else True
        assert feed.feed.link.startswith(SITEURL + "/"), path
        for entry in feed.entries:
            assert entry.link.startswith(SITEURL + "/"), (path, entry.link)
            assert entry.id == entry.link


def links_in(fragment):
    return re.findall(r'(?:href|src)="([^"]*)"', fragment) + [
        url for srcset in re.findall(r'srcset="([^"]*)"', fragment) for url in re.findall(r"(\S+)\s+\d+w", srcset)
    ]


def test_content_urls_are_absolute_and_nothing_runs(site):
    # Read the XML itself: feedparser's sanitiser would drop srcset before we could look.
    [body] = [
        i.findtext("description") for i in ET.parse(site / "dia-ban" / "phuong-bac-lieu" / "rss.xml").iter("item")
    ]
    links = links_in(body)
    assert len(links) == 3  # the link, the image, the anchor
    assert all(link.startswith(SITEURL + "/") for link in links), links
    assert f"{SITEURL}/chuyen-muc/tin-tuc/" in links
    assert any(link.startswith(f"{SITEURL}/images/nha-") and link.endswith(".jpg") for link in links)
    assert "srcset" not in body  # readers need only the absolute src
    assert f"{SITEURL}/tin-tuc/2025/a12/#noi-dung" in links
    assert "<script" not in body and "alert" not in body and "onclick" not in body
    # Atom carries the same content.
    [atom] = [
        e.findtext(f"{ATOM}content")
        for e in ET.parse(site / "dia-ban" / "phuong-bac-lieu" / "atom.xml").getroot().iter(f"{ATOM}entry")
    ]
    assert sorted(links_in(atom)) == sorted(links)


def test_intrasite_links_in_content_are_absolute(site):
    feed = parsed(site / "feeds" / "tin-tuc.rss.xml")
    [entry] = [e for e in feed.entries if e.title == "Nghị quyết 13 sau 5 năm"]
    assert f"{SITEURL}/mo-hinh/nuoi-de-sinh-san-luan-chuyen-o-ap-vinh-lac/" in links_in(entry.description)


def test_dates_carry_the_plus_seven_offset(site):
    rss = (site / "feeds" / "tin-tuc.rss.xml").read_text(encoding="utf-8")
    dates = re.findall(r"<pubDate>([^<]*)</pubDate>", rss)
    assert dates and all(d.endswith(" +0700") for d in dates)
    assert "<pubDate>Mon, 09 Sep 2024 09:09:00 +0700</pubDate>" in rss
    atom = ET.parse(site / "feeds" / "tin-tuc.atom.xml").getroot()
    published = [e.find(f"{ATOM}published").text for e in atom.iter(f"{ATOM}entry")]
    assert published and all(p.endswith("+07:00") for p in published)


def test_updated_date_where_the_article_was_modified(site):
    atom = ET.parse(site / "dia-ban" / "phuong-bac-lieu" / "atom.xml").getroot()
    [entry] = atom.iter(f"{ATOM}entry")
    assert entry.find(f"{ATOM}published").text == "2025-12-01T08:00:00+07:00"
    assert entry.find(f"{ATOM}updated").text == "2026-01-15T10:30:00+07:00"
    assert atom.find(f"{ATOM}updated").text == "2026-01-15T10:30:00+07:00"


def test_categories_are_areas_and_programs(site):
    feed = parsed(site / "feeds" / "tin-tuc.rss.xml")
    entry = next(e for e in feed.entries if e.title.startswith("Giá Rai"))
    terms = {tag.term for tag in entry.tags}
    assert {
        "Thị xã Giá Rai",
        "Huyện Phước Long",
        "Phong trào “Vì người nghèo – Không để ai bị bỏ lại phía sau”",
    } <= terms


def test_cover_image_is_an_enclosure_with_its_real_length(site):
    feed = parsed(site / "dia-ban" / "bac-lieu" / "rss.xml")
    entry = next(e for e in feed.entries if e.title == "Thành phố Bạc Liêu bàn giao nhà")
    [enclosure] = entry.enclosures
    assert enclosure.href.startswith(f"{SITEURL}/images/nha-") and enclosure.href.endswith(".jpg")
    assert enclosure.type == "image/jpeg"
    published = site / enclosure.href[len(SITEURL) + 1 :]
    assert int(enclosure.length) == published.stat().st_size  # the file readers download
    atom = parsed(site / "dia-ban" / "bac-lieu" / "atom.xml")
    atom_entry = next(e for e in atom.entries if e.title == "Thành phố Bạc Liêu bàn giao nhà")
    assert [link.length for link in atom_entry.links if link.rel == "enclosure"] == [enclosure.length]


def test_special_characters_in_titles_round_trip(site):
    for name in ("tin-tuc.rss.xml", "tin-tuc.atom.xml"):
        titles = [e.title for e in parsed(site / "feeds" / name).entries]
        assert "Giá Rai & Phước Long: “cùng thoát nghèo” <nhanh>" in titles
    data = json.loads((site / "feeds" / "tat-ca.json").read_text(encoding="utf-8"))
    assert "Giá Rai & Phước Long: “cùng thoát nghèo” <nhanh>" in [item["title"] for item in data["items"]]


def test_drafts_and_future_content_never_appear(site):
    for path in [*all_feeds(site), site / "feeds" / "tat-ca.json"]:
        text = path.read_text(encoding="utf-8")
        assert "Bản nháp chưa đăng" not in text, path
        assert "hẹn giờ đăng năm 2030" not in text, path
        assert "hẹn giờ năm 2031" not in text, path
    assert not list(site.rglob("*bai-hen-gio*")) and not list(site.rglob("tuong-lai*"))
    assert "hẹn giờ" not in (site / "mo-hinh" / "index.html").read_text(encoding="utf-8")


def test_model_items_carry_key_facts(site):
    entry = next(e for e in parsed(site / "feeds" / "mo-hinh.rss.xml").entries if "dê" in e.title)
    for fact in (
        "Huyện Hòa Bình",
        "Chăn nuôi",
        "22 hộ",
        "12 hộ",
        "504 triệu đồng",
        "9 hộ",
        "2,6 triệu đồng/người/tháng",
    ):
        assert fact in entry.description, fact
    assert "Chăn nuôi" in {tag.term for tag in entry.tags}


def test_former_district_feed_includes_its_communes(site):
    titles = [e.title for e in parsed(site / "dia-ban" / "hong-dan" / "rss.xml").entries]
    assert "Ninh Quới giao việc cho cán bộ" in titles and "Hồng Dân trao bò giống" in titles
    assert "Tôm - lúa ở Ninh Quới" in titles


def test_json_feed(site):
    data = json.loads((site / "feeds" / "tat-ca.json").read_text(encoding="utf-8"))
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["feed_url"] == f"{SITEURL}/feeds/tat-ca.json"
    assert len(data["items"]) == 16  # 13 published articles and 3 models
    for item in data["items"]:
        assert item["url"].startswith(SITEURL + "/") and item["id"] == item["url"]
        datetime.datetime.fromisoformat(item["date_published"])
        assert item["date_published"].endswith("+07:00")
        assert all(link.startswith(SITEURL + "/") for link in links_in(item["content_html"]))


def test_opml_lists_every_rss_feed(site):
    root = ET.parse(site / "feeds" / "danh-sach.opml").getroot()
    urls = {o.get("xmlUrl") for o in root.iter("outline") if o.get("xmlUrl")}
    files = {f"{SITEURL}/{p.relative_to(site).as_posix()}" for p in site.rglob("*rss.xml")}
    assert urls == files


def test_feeds_page_lists_every_feed(site):
    page = (site / "lien-ket-rss" / "index.html").read_text(encoding="utf-8")
    for path in site.rglob("*rss.xml"):
        assert f'href="{SITEURL}/{path.relative_to(site).as_posix()}"' in page
    assert "Cách dùng" in page and "danh-sach.opml" in page


def alternates(page):
    return re.findall(
        r'<link rel="alternate" type="application/(?:rss|atom)\+xml" title="[^"]*" href="([^"]*)">',
        page.read_text(encoding="utf-8"),
    )


def test_every_page_announces_the_site_feed(site):
    for page in sitecheck.pages(site):
        assert f"{SITEURL}/feeds/tat-ca.rss.xml" in alternates(page), page


def test_area_pages_and_their_articles_announce_the_area_feed(site):
    assert f"{SITEURL}/dia-ban/hong-dan/rss.xml" in alternates(site / "dia-ban" / "hong-dan" / "index.html")
    article = site / "tin-tuc" / "2024" / "gia-rai-phuoc-long-cung-thoat-ngheo" / "index.html"
    found = alternates(article)
    assert f"{SITEURL}/dia-ban/gia-rai/atom.xml" in found and f"{SITEURL}/dia-ban/phuoc-long/rss.xml" in found
    assert f"{SITEURL}/chuong-trinh/vi-nguoi-ngheo/rss.xml" in found


def test_newest_items_only(tmp_path):
    output = tmp_path / "output"
    build(FIXTURE_SITE, output, "publishconf.py", SITEURL=SITEURL, FEEDS_MAX_ITEMS=3, FEEDS_CONTENT="summary")
    feed = parsed(output / "feeds" / "tat-ca.rss.xml")
    assert [e.title for e in feed.entries] == [
        "Trồng rau an toàn ở Phường Giá Rai",
        "Xã Hồng Dân khởi động chương trình mới",
        "Phường Bạc Liêu ra mắt tổ tự quản",
    ]
    assert "Nội dung bài" not in feed.entries[2].description  # summary only


def test_an_edit_keeps_the_item_id(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    first = tmp_path / "first"
    build(content, first, "publishconf.py", SITEURL=SITEURL)
    path = content / "tin-tuc" / "a12.md"
    text = path.read_text(encoding="utf-8").replace(
        "Title: Phường Bạc Liêu ra mắt tổ tự quản", "Title: Phường Bạc Liêu ra mắt tổ tự quản (cập nhật)"
    )
    path.write_text(text.replace("Nội dung bài", "Nội dung đã sửa của bài"), encoding="utf-8")
    second = tmp_path / "second"
    build(content, second, "publishconf.py", SITEURL=SITEURL)
    ids = [{e.id for e in parsed(out / "feeds" / "tin-tuc.atom.xml").entries} for out in (first, second)]
    assert ids[0] == ids[1]


def feed_files(output):
    return sorted(p for p in output.rglob("*.xml") if p.name.endswith(("rss.xml", "atom.xml")))


def test_every_feed_passes_the_w3c_validator_rules(site):
    checked = 0
    for path in feed_files(site):
        url = f"{SITEURL}/{path.relative_to(site).as_posix()}"
        check = feedcheck.check_rss if path.name.endswith("rss.xml") else feedcheck.check_atom
        assert check(path.read_bytes(), url) == [], path
        checked += 1
    assert checked > 60


@pytest.mark.parametrize(
    ("mistake", "finding"),
    [
        (lambda x: x.replace('rel="self"', 'rel="me"'), "MissingAtomSelfLink"),
        (lambda x: x.replace("+0700</pubDate>", "UTC</pubDate>", 1), "InvalidRFC2822Date"),
        (lambda x: x.replace("Mon, 09 Sep 2024", "Tue, 09 Sep 2024"), "IncorrectDOW"),
        (lambda x: x.replace("&#x3C;nhanh", "&lt;nhanh"), "CharacterData"),
        (lambda x: x.replace("&lt;p&gt;", '&lt;p style="color:red"&gt;', 1), "DangerousStyleAttr"),
        (lambda x: x.replace('&lt;a href="https://example.org/giam-ngheo/', '&lt;a href="/', 1), "ContainsRelRef"),
        (lambda x: x.replace('isPermaLink="true"', 'isPermaLink="yes"', 1), "InvalidBooleanAttribute"),
        (lambda x: x.replace("&lt;/p&gt;", "&lt;/p&gt;&lt;/div&gt;", 1), "NotHtml"),
        (lambda x: re.sub(r'(<media:content[^>]*fileSize=")\d+', r"\g<1>12 KB", x, count=1), "InvalidIntegerAttribute"),
        (lambda x: re.sub(r'(<media:thumbnail[^>]*url=")https?://', r"\1", x, count=1), "InvalidURLAttribute"),
        (lambda x: x.replace('medium="image"', 'medium="photo"', 1), "InvalidMediaMedium"),
    ],
)
def test_the_rule_checker_catches_known_mistakes(site, mistake, finding):
    """The checker is only worth its silence if it speaks up on a broken feed."""
    path = site / "feeds" / "tin-tuc.rss.xml"
    broken = mistake(path.read_text(encoding="utf-8"))
    assert broken != path.read_text(encoding="utf-8")
    names = [name for _, name, _ in feedcheck.check_rss(broken.encode("utf-8"), f"{SITEURL}/feeds/tin-tuc.rss.xml")]
    assert finding in names


def test_the_rule_checker_catches_atom_mistakes(site):
    path = site / "feeds" / "tin-tuc.atom.xml"
    text = path.read_text(encoding="utf-8")
    stamps = re.findall(r"<updated>([^<]*)</updated>", text)
    duplicate = text.replace(f"<updated>{stamps[2]}</updated>", f"<updated>{stamps[1]}</updated>", 1)
    names = [
        name for _, name, _ in feedcheck.check_atom(duplicate.encode("utf-8"), f"{SITEURL}/feeds/tin-tuc.atom.xml")
    ]
    assert "DuplicateUpdated" in names
    moved = feedcheck.check_atom(text.encode("utf-8"), f"{SITEURL}/feeds/khac.atom.xml")
    assert [name for _, name, _ in moved] == ["SelfDoesntMatchLocation"]


def published_file(site, url):
    assert url.startswith(SITEURL + "/"), url
    return site / url[len(SITEURL) + 1 :]


def test_items_with_a_cover_carry_media_rss(site):
    """Enclosure and Media RSS agree with the published files: bytes, type, pixel size."""
    from PIL import Image

    root = ET.parse(site / "dia-ban" / "bac-lieu" / "rss.xml").getroot()
    assert root.get("version") == "2.0"
    media = "{http://search.yahoo.com/mrss/}"
    items = list(root.iter("item"))
    with_cover = [i for i in items if i.find("enclosure") is not None]
    assert with_cover and len(with_cover) < len(items)  # items without a cover carry no media
    for item in items:
        enclosure, content = item.find("enclosure"), item.find(f"{media}content")
        if enclosure is None:
            assert content is None and item.find(f"{media}thumbnail") is None
            continue
        path = published_file(site, enclosure.get("url"))
        assert int(enclosure.get("length")) == path.stat().st_size
        assert enclosure.get("type") == content.get("type") == "image/jpeg"
        assert content.get("url") == enclosure.get("url") and content.get("medium") == "image"
        assert content.get("fileSize") == enclosure.get("length")
        with Image.open(path) as image:
            assert (int(content.get("width")), int(content.get("height"))) == image.size
        assert content.findtext(f"{media}description").strip()  # the cover's alt text
        thumbnail = item.find(f"{media}thumbnail")
        with Image.open(published_file(site, thumbnail.get("url"))) as image:
            assert (int(thumbnail.get("width")), int(thumbnail.get("height"))) == image.size
            assert image.size[0] <= int(content.get("width"))
    # feedparser (as portals read it) sees the same picture.
    entry = next(e for e in parsed(site / "dia-ban" / "bac-lieu" / "rss.xml").entries if e.enclosures)
    assert entry.media_content[0]["url"] == entry.enclosures[0].href
    assert entry.media_thumbnail[0]["width"]


def test_atom_and_json_feed_carry_the_picture(site):
    media = "{http://search.yahoo.com/mrss/}"
    atom = ET.parse(site / "dia-ban" / "bac-lieu" / "atom.xml").getroot()
    entries = [e for e in atom.iter(f"{ATOM}entry") if e.find(f"{media}content") is not None]
    assert entries
    for entry in entries:
        [link] = [each for each in entry.findall(f"{ATOM}link") if each.get("rel") == "enclosure"]
        assert link.get("href") == entry.find(f"{media}content").get("url")
        assert int(link.get("length")) == published_file(site, link.get("href")).stat().st_size
        assert entry.find(f"{media}thumbnail") is not None
    data = json.loads((site / "feeds" / "tat-ca.json").read_text(encoding="utf-8"))
    pictured = [item for item in data["items"] if "image" in item]
    assert pictured
    for item in pictured:
        [attachment] = item["attachments"]
        assert attachment["url"] == item["image"] and attachment["mime_type"] == "image/jpeg"
        assert attachment["size_in_bytes"] == published_file(site, item["image"]).stat().st_size


def test_the_gate_reads_a_feed_once_by_its_content_and_address(site, tmp_path, monkeypatch):
    """With its cache, the gate does not check again a feed it passed at the same address;
    a feed with a finding, or the same feed at another address, is checked every time."""
    output = site
    folder, cache = tmp_path / "site", tmp_path / "gate-cache"
    (folder / "feeds").mkdir(parents=True)
    shutil.copy(output / "feeds" / "tat-ca.rss.xml", folder / "feeds")
    (folder / "b").mkdir()
    (folder / "b" / "rss.xml").write_bytes(b'<rss version="2.0"><channel><title>x</title></channel></rss>')
    read = []
    real = feedcheck.check_rss
    monkeypatch.setattr(feedcheck, "check_rss", lambda data, url: read.append(url) or real(data, url))

    assert {feed for feed, _ in gate.feed_errors(folder, SITEURL, cache=cache)} == {"b/rss.xml"}
    assert gate.feed_errors(folder, SITEURL, cache=cache) != []
    assert read == [f"{SITEURL}/b/rss.xml", f"{SITEURL}/feeds/tat-ca.rss.xml", f"{SITEURL}/b/rss.xml"]
    gate.feed_errors(folder, "https://other.example", cache=cache)
    assert read[3:] == ["https://other.example/b/rss.xml", "https://other.example/feeds/tat-ca.rss.xml"]


def test_a_feed_that_is_not_xml_is_a_finding_not_a_traceback(tmp_path):
    (tmp_path / "rss.xml").write_bytes(b'<rss version="2.0"><channel><title>x</title></channel>')  # not closed
    (tmp_path / "atom.xml").write_bytes(b"<feed>Gi\xe3m ngh\xe8o</feed>")  # an old 8-bit encoding, not UTF-8
    found = {}
    for feed, finding in gate.feed_errors(tmp_path, SITEURL):
        found.setdefault(feed, []).append(finding)
    assert found["rss.xml"][0].startswith("E SAXError: line 1, column") and "not well-formed" in found["rss.xml"][0]
    assert found["atom.xml"][0].startswith("E UnicodeError")
