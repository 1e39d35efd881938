"""Photos: responsive variants, upright, without metadata, never the original, cached."""

import logging
import re
import shutil

import pytest
from conftest import FIXTURE_SITE, build
from PIL import Image

from giamngheo.core import ContentError

SITEURL = "https://example.org/giam-ngheo"
GPS_IFD = 0x8825
ORIENTATION = 0x0112


def link(text, target):
    return "!" + "[" + text + "]" + "(" + target + ")"


def phone_photo(path, width=1600, height=1000, orientation=6):
    """A photo as a phone saves it: stored sideways with an EXIF orientation, with GPS."""
    image = Image.new("RGB", (width, height), (40, 120, 200))
    image.paste((220, 40, 40), (0, 0, width // 4, height))  # a red band on the left
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[2], gps[3], gps[4] = "N", (9.0, 17.0, 30.0), "E", (105.0, 43.0, 10.0)
    image.save(path, "JPEG", exif=exif.tobytes(), quality=90)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("images")
    content = root / "content"
    shutil.copytree(FIXTURE_SITE, content)
    phone_photo(content / "images" / "Ảnh điện thoại.jpg")
    (content / "tin-tuc" / "anh.md").write_text(
        "Title: Bài có ảnh điện thoại\nDate: 2025-03-01 08:00\nArea: Đông Hải\n"
        "Image: images/Ảnh điện thoại.jpg\nImage_alt: Ruộng lúa sau mùa gặt\n\n"
        f"Đoạn đầu.\n\n{link('Đàn dê', 'images/de.jpg')}\n\n{link('trang trí', 'images/nha.jpg')}\n",
        encoding="utf-8",
    )
    output = root / "output"
    records = build(content, output, "publishconf.py", SITEURL=SITEURL, IMAGES_CACHE_PATH=str(root / "cache"))
    assert [r.getMessage() for r in records] == []
    return content, output, root


def published_photos(output):
    return sorted(p for p in (output / "images").iterdir() if p.name.startswith("anh-dien-thoai-"))


def test_widths_in_webp_and_jpeg_and_an_open_graph_crop(site):
    _, output, _ = site
    names = [p.name for p in published_photos(output)]
    for width in (480, 800):  # the photo is 1000 wide once upright: 480, 800 and 1000
        assert any(n.endswith(f"-{width}.webp") for n in names) and any(n.endswith(f"-{width}.jpg") for n in names)
    assert any(n.endswith("-1000.jpg") for n in names)
    og = next(p for p in published_photos(output) if p.name.endswith("-og.jpg"))
    assert Image.open(og).size == (1200, 630)


def test_phone_photos_are_upright_and_carry_no_metadata(site):
    _, output, _ = site
    for path in published_photos(output):
        image = Image.open(path)
        if not path.name.endswith("-og.jpg"):
            assert image.height > image.width, path  # 1600x1000 stored sideways, orientation 6
            # The red band was on the left of the stored pixels: after turning, it is on top.
            assert image.getpixel((image.width // 2, 2))[0] > 200
        assert dict(image.getexif()) == {}, path
        assert "exif" not in image.info and "icc_profile" not in image.info
        assert b"PhoneMaker" not in path.read_bytes()


def test_originals_are_never_published(site):
    content, output, _ = site
    originals = {p.read_bytes() for p in (content / "images").iterdir()}
    for path in output.rglob("*"):
        if path.is_file() and path.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp"):
            assert path.read_bytes() not in originals, path
    assert not list(output.rglob("Ảnh*")) and not (output / "images" / "de.jpg").exists()


def test_pages_use_responsive_markup(site):
    _, output, _ = site
    page = (output / "tin-tuc" / "2025" / "anh" / "index.html").read_text(encoding="utf-8")
    cover = re.search(r'<figure class="app-cover">(.*?)</figure>', page, re.S).group(1)
    assert '<source type="image/webp" srcset="' in cover and "-480.webp 480w" in cover
    assert 'width="1000" height="1600"' in cover and 'fetchpriority="high"' in cover and "loading" not in cover
    inline = re.search(r'<div class="app-prose">(.*?)</div>', page, re.S).group(1)
    assert inline.count("<picture>") == 2 and inline.count('loading="lazy"') == 2
    assert 'alt="Đàn dê"' in inline and 'alt="" role="presentation"' in inline
    assert re.search(r'width="\d+" height="\d+"', inline)
    assert f'<meta property="og:image" content="{SITEURL}/images/anh-dien-thoai-' in page


def test_a_rebuild_processes_nothing(site, tmp_path, caplog):
    content, _, root = site
    caplog.set_level(logging.INFO, logger="giamngheo.images.images")
    build(content, tmp_path / "again", "publishconf.py", SITEURL=SITEURL, IMAGES_CACHE_PATH=str(root / "cache"))
    [message] = [r.getMessage() for r in caplog.records if r.name == "giamngheo.images.images"]
    assert message.startswith("Ảnh: 0 xử lý mới, 3 lấy từ bộ nhớ đệm")


@pytest.mark.parametrize(
    ("setup", "words"),
    [
        (lambda c: (c / "images" / "hong.jpg").write_bytes(b"\xff\xd8 khong phai anh"), "Không đọc được tệp ảnh"),
        (lambda c: phone_photo(c / "images" / "lon.jpg", 900, 900), "Ảnh quá lớn"),
        (
            lambda c: (c / "tin-tuc" / "khong-alt.md").write_text(
                "Title: Ảnh thiếu mô tả\nDate: 2025-03-01\nArea: Đông Hải\n\n" + link("", "images/de.jpg") + "\n",
                encoding="utf-8",
            ),
            "chưa có lời mô tả",
        ),
    ],
)
def test_bad_photos_stop_the_build_with_a_message(tmp_path, setup, words):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    setup(content)
    with pytest.raises(ContentError) as stop:
        build(
            content,
            tmp_path / "output",
            "publishconf.py",
            SITEURL=SITEURL,
            IMAGES_MAX_PIXELS=500_000,
            IMAGES_CACHE_PATH=str(tmp_path / "cache"),
        )
    assert any(words in str(problem) for problem in stop.value.problems), stop.value.problems
