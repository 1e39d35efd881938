"""Bad and unusual content, each case built with real Pelican (production settings).

Accepted cases must render correctly; refused cases must stop the build with a message
naming the file and the problem, with no traceback and no change to the published output.
"""

import shutil
import subprocess
import sys
import unicodedata

import pytest
from conftest import DATA, FIXTURE_SITE, ROOT, build, cli_caches
from formats import FORMATS, in_format

from giamngheo.core import ContentError

SITEURL = "https://example.org/giam-ngheo"
IMAGE = "!"  # Markdown image marker, kept apart so that no tool mistakes a path for a link


def link(text, target):
    """A Markdown link, built at run time (some editing tools rewrite literal ones)."""
    return "[" + text + "]" + "(" + target + ")"


def article(title="Bài kiểm thử", date="2025-03-01 08:00", area="Đông Hải", extra="", body="Nội dung bài."):
    lines = [f"Title: {title}", f"Date: {date}", f"Area: {area}"] + ([extra] if extra else [])
    return "\n".join(lines) + "\n\n" + body + "\n"


def cp1258(text):
    """Text as an old Windows editor saved it: Windows-1258 with combining tone marks."""
    out = []
    for char in text:
        decomposed = unicodedata.normalize("NFD", char)
        letter = "".join(m for m in decomposed[1:] if m in "\u0302\u0306\u031b")
        tones = "".join(m for m in decomposed[1:] if m not in letter)
        out.append(unicodedata.normalize("NFC", decomposed[0] + letter) + tones)
    return "".join(out).encode("cp1258")


VIETNAMESE = "Title: Hồng Dân trao bò giống cho hộ nghèo\nDate: 2025-03-01\nArea: Hồng Dân\n\nNgười dân vượt khó thoát nghèo bền vững.\n"
VNI = "Title: Hoàng Daân trao boø gioáng cho hoä ngheøo\nDate: 2025-03-01\nArea: Hoàng Daân\n\nNgöôøi daân vöôït khoù thoaùt ngheøo.\n"
TCVN3 = "Title: H\xe5ng D\xa9n trao b\xdf gi\xe8ng cho h\xe9 ngh\xd7o\nDate: 2025-03-01\nArea: H\xe5ng D\xa9n\n\nNg\xad\xeai d\xa9n v\xad\xeft kh\xf3 tho\xb8t ngh\xd7o.\n"

# name: (files {path: str or bytes}, expected: "ok" with (page, text) checks, or "refused" with (path, line, words))
CASES = {
    "nfd text is stored as nfc": (
        {"tin-tuc/nfd.md": unicodedata.normalize("NFD", article(title="Phường Láng Tròn đón Tết"))},
        "ok",
        [("tin-tuc/2025/nfd/index.html", "Phường Láng Tròn đón Tết")],
    ),
    "byte-order mark and windows line endings": (
        {"tin-tuc/bom.md": b"\xef\xbb\xbf" + article(title="Bài có BOM").replace("\n", "\r\n").encode("utf-8")},
        "ok",
        [("tin-tuc/2025/bom/index.html", '<h1 class="app-title">Bài có BOM</h1>')],
    ),
    "spaces around the colon and trailing spaces": (
        {
            "tin-tuc/spaces.md": "Title :  Bài có khoảng trắng   \nDate: 2025-03-01 08:00   \nArea :   Đông Hải  \n\nNội dung.\n"
        },
        "ok",
        [("tin-tuc/2025/spaces/index.html", ">Bài có khoảng trắng</h1>")],
    ),
    "vietnamese date": (
        {"tin-tuc/ngay.md": article(date="24/11/2025")},
        "ok",
        [("tin-tuc/2025/ngay/index.html", "Thứ Hai, 24/11/2025 00:00")],
    ),
    "vietnamese date and time": (
        {"tin-tuc/gio.md": article(date="24/11/2025 08:30")},
        "ok",
        [("tin-tuc/2025/gio/index.html", "Thứ Hai, 24/11/2025 08:30")],
    ),
    "area without diacritics and with an abbreviated type": (
        {"tin-tuc/dia-ban.md": article(area="dong hai; H. Vĩnh Lợi")},
        "ok",
        [("dia-ban/vinh-loi/index.html", "Bài kiểm thử"), ("dia-ban/dong-hai/index.html", "Bài kiểm thử")],
    ),
    "tags separated by semicolons": (
        {"tin-tuc/the.md": article(extra="Tags: sinh kế; nuôi dê")},
        "ok",
        [("the/sinh-ke/index.html", "Bài kiểm thử"), ("the/nuoi-de/index.html", "Bài kiểm thử")],
    ),
    "comment lines and empty fields in the header": (
        {
            "tin-tuc/ghi-chu.md": "# Ghi chú cho người viết\nTitle: Bài có ghi chú\n# Ngày đăng\nDate: 01/03/2025 08:00\nArea: Đông Hải\nImage:\nSummary:\n\nNội dung.\n"
        },
        "ok",
        [("tin-tuc/2025/ghi-chu/index.html", ">Bài có ghi chú</h1>")],
    ),
    "image file named with spaces and vietnamese letters": (
        {
            "images/Ảnh lúa tôm.JPG": FIXTURE_SITE / "images" / "nha.jpg",
            "tin-tuc/anh.md": article(
                extra="Image: images/Ảnh lúa tôm.JPG\nImage_alt: Ruộng lúa tôm",
                body=IMAGE + link("Ruộng lúa tôm", "<images/Ảnh lúa tôm.JPG>"),
            ),
        },
        "ok",
        [
            ("tin-tuc/2025/anh/index.html", f'src="{SITEURL}/images/anh-lua-tom-'),
            ("tin-tuc/2025/anh/index.html", "-320.webp 320w"),
        ],
    ),
    "link to another article by its file": (
        {"tin-tuc/lien-ket.md": article(body="Xem " + link("bài trước", "tin-tuc/hong-dan-trao-bo-giong.md") + ".")},
        "ok",
        [("tin-tuc/2025/lien-ket/index.html", f'href="{SITEURL}/tin-tuc/2024/hong-dan-trao-bo-giong/"')],
    ),
    "video from an allowed host": (
        {"tin-tuc/video.md": article(body='<iframe src="https://www.youtube.com/embed/abc" title="Video"></iframe>')},
        "ok",
        [("tin-tuc/2025/video/index.html", "https://www.youtube.com/embed/abc")],
    ),
    "windows-1258 file": (
        {"tin-tuc/cp1258.md": cp1258(VIETNAMESE)},
        "refused",
        ("tin-tuc/cp1258.md", 1, ["UTF-8", "Windows-1258"]),
    ),
    "vni file": ({"tin-tuc/vni.md": VNI.encode("cp1252")}, "refused", ("tin-tuc/vni.md", 1, ["UTF-8", "VNI"])),
    "tcvn3 file": (
        {"tin-tuc/tcvn3.md": TCVN3.encode("latin-1")},
        "refused",
        ("tin-tuc/tcvn3.md", 1, ["UTF-8", "TCVN3"]),
    ),
    "missing title": (
        {"tin-tuc/khong-tieu-de.md": "Date: 2025-03-01\nArea: Đông Hải\n\nNội dung.\n"},
        "refused",
        ("tin-tuc/khong-tieu-de.md", 1, ["Thiếu tiêu đề"]),
    ),
    "broken header": (
        {"tin-tuc/hong.md": "Title Bài hỏng\nDate 2025-03-01\n\nNội dung.\n"},
        "refused",
        ("tin-tuc/hong.md", 1, ["Thiếu tiêu đề"]),
    ),
    "missing date": (
        {"tin-tuc/khong-ngay.md": "Title: Không ngày\nArea: Đông Hải\n\nNội dung.\n"},
        "refused",
        ("tin-tuc/khong-ngay.md", None, ["Thiếu ngày đăng"]),
    ),
    "impossible date": (
        {"tin-tuc/31-2.md": article(date="31/02/2026")},
        "refused",
        ("tin-tuc/31-2.md", 2, ["không có thật", "31"]),
    ),
    "unreadable date": (
        {"tin-tuc/ngay-sai.md": article(date="hôm qua")},
        "refused",
        ("tin-tuc/ngay-sai.md", 2, ["Không đọc được ngày"]),
    ),
    "unknown area": (
        {"tin-tuc/sai-dia-ban.md": article(area="Đông Hả")},
        "refused",
        ("tin-tuc/sai-dia-ban.md", 3, ["“Đông Hả” không có", "Huyện Đông Hải"]),
    ),
    "unknown program": (
        {"tin-tuc/sai-ct.md": article(extra="Program: Dự án 9")},
        "refused",
        ("tin-tuc/sai-ct.md", 4, ["“Dự án 9” không có"]),
    ),
    "model count written in words": (
        {
            "mo-hinh/sai-so.md": "Title: Mô hình sai số\nDate: 2025-03-01\nArea: Đông Hải\nKind: Chăn nuôi\nStart_year: 2024\nLead_unit: Hội Nông dân\nHouseholds_total: khoảng 50\n\nNội dung.\n"
        },
        "refused",
        ("mo-hinh/sai-so.md", 7, ["khoảng 50", "Households_total"]),
    ),
    "model at the comparison's address": (
        {
            "mo-hinh/so-sanh.md": "Title: So sánh\nDate: 2025-03-01\nArea: Đông Hải\nKind: Chăn nuôi\nStart_year: 2024\nLead_unit: Hội Nông dân\nHouseholds_total: 5\n\nNội dung.\n"
        },
        "refused",
        ("mo-hinh/so-sanh.md", None, ["trang so sánh mô hình", "Đổi tên tệp"]),
    ),
    "link to a missing image": (
        {"tin-tuc/thieu-anh.md": article(body=IMAGE + link("Ảnh", "images/khong-co.jpg"))},
        "refused",
        ("tin-tuc/thieu-anh.md", 5, ["images/khong-co.jpg"]),
    ),
    "link to a missing article": (
        {"tin-tuc/thieu-bai.md": article(body="Xem " + link("bài", "{filename}/tin-tuc/khong-co.md") + ".")},
        "refused",
        ("tin-tuc/thieu-bai.md", 5, ["khong-co.md"]),
    ),
    "two articles at one address": (
        {"tin-tuc/trung.md": article(title="Trùng địa chỉ", date="2024-01-01", extra="Slug: hong-dan-trao-bo-giong")},
        "refused",
        ("tin-tuc/trung.md", 1, ["cùng địa chỉ", "hong-dan-trao-bo-giong"]),
    ),
    "script": (
        {"tin-tuc/script.md": article(body="<script>alert(1)</script>")},
        "refused",
        ("tin-tuc/script.md", 5, ["<script>"]),
    ),
    "event handler": (
        {"tin-tuc/onclick.md": article(body='<p onclick="alert(1)">Bấm</p>')},
        "refused",
        ("tin-tuc/onclick.md", 5, ["onclick"]),
    ),
    "javascript link": (
        {"tin-tuc/js.md": article(body="[bấm vào đây](javascript:alert(1))")},
        "refused",
        ("tin-tuc/js.md", 5, ["javascript:"]),
    ),
    "iframe from anywhere": (
        {"tin-tuc/iframe.md": article(body='<iframe src="https://evil.example/x"></iframe>')},
        "refused",
        ("tin-tuc/iframe.md", 5, ["evil.example", "www.youtube.com"]),
    ),
}


@pytest.fixture(scope="module")
def good_site(site_builds):
    """A published site that a failed build must leave exactly as it is."""
    output, _ = site_builds("publishconf.py", SITEURL=SITEURL)
    return {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()}, output


# Refusals reported at line 1 whatever the format: the file has no usable header at all.
SAME_LINE_IN_BOTH_FORMATS = {"missing title", "broken header"}


def make_site(tmp_path, files, fmt="header"):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    for relative, data in files.items():
        if relative.endswith(".md"):
            data = in_format(data, fmt)
        path = content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8", newline="")
        elif isinstance(data, bytes):
            path.write_bytes(data)
        else:
            shutil.copy(data, path)
    return content


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", CASES)
def test_content_case(name, fmt, tmp_path, good_site):
    files, expected, checks = CASES[name]
    content = make_site(tmp_path, files, fmt)
    good_files, good_output = good_site
    output = tmp_path / "output"
    shutil.copytree(good_output, output)  # what is published now
    if expected == "ok":
        records = build(content, output, "publishconf.py", SITEURL=SITEURL)
        assert [r.getMessage() for r in records] == []
        for page, text in checks:
            assert (output / page).is_file(), page
            if text:
                assert text in (output / page).read_text(encoding="utf-8"), (page, text)
    else:
        path, line, words = checks
        if fmt == "front matter" and line and name not in SAME_LINE_IN_BOTH_FORMATS:
            line += 1  # the opening "---"
        with pytest.raises(ContentError) as stop:
            build(content, output, "publishconf.py", SITEURL=SITEURL)
        mine = [p for p in stop.value.problems if p.path == path]
        assert mine, stop.value.problems
        text = " ".join(str(p) for p in mine)
        for word in words:
            assert word in text, (word, text)
        assert next(p for p in mine if words[0] in str(p)).line == line
        after = {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()}
        assert after == good_files  # nothing half-published, the last good site intact


def test_refusal_on_the_command_line_has_no_traceback(tmp_path):
    content = make_site(
        tmp_path,
        {name: data for case in ("vni file", "script", "impossible date") for name, data in CASES[case][0].items()},
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pelican",
            str(content),
            "-s",
            "publishconf.py",
            "-o",
            str(tmp_path / "out"),
            "-e",
            f'TAXONOMY_DATA_PATH="{DATA}"',
            "-e",
            f'SITEURL="{SITEURL}"',
            *cli_caches(tmp_path / "cache"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 1
    for expected in ("tin-tuc/vni.md, dòng 1", "tin-tuc/script.md, dòng 5", "tin-tuc/31-2.md, dòng 2", "Cách sửa"):
        assert expected in result.stderr, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
