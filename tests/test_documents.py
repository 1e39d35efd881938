"""Văn bản: documents with typed fields, real attached files (a PDF printed by Chromium, an
image-only scan, a signed PDF that must stay byte for byte, a DOCX), relations both ways,
the list and its filter pages without JavaScript, and search inside the PDFs.

One fixture site is built once for the module; bad input is read (not written) in one go.
"""

import hashlib
import json
import shutil

import pytest
import yaml
from browser import chromium_path, need
from conftest import DATA, FIXTURE_SITE, build, read_site
from pdfs import docx, png, scan_pdf, text_pdf

from giamngheo.core import reported
from giamngheo.documents.fields import FieldProblem, derive_force, number_key, parse_number
from giamngheo.documents.files import read_pdf
from giamngheo.search.tokens import fold, syllables, terms

# The word only the resolution's PDF holds: search must find the document by it.
PDF_ONLY = "lục bình"
RESOLUTION = """Title: Về giảm nghèo bền vững đến năm 2025
Number: 13-NQ/TU
Form: Nghị quyết
Unit: Tỉnh ủy Bạc Liêu
Date: 10/05/2021
Sector: Giảm nghèo
Area: Toàn tỉnh
Files: tep/nghi-quyet.pdf | Toàn văn (bản ký số)
Summary: Nghị quyết của Tỉnh ủy về giảm nghèo bền vững.
"""
PLAN = """Title: Thực hiện Nghị quyết về giảm nghèo bền vững
Number: 05/KH-UBND
Form: Kế hoạch
Unit: UBND tỉnh Bạc Liêu
Date: 01/06/2021
Effective: 01/06/2021
Signer: Nguyễn Văn A
Signer_title: KT. Chủ tịch
Basis: 13/NQ-TU
Area: Toàn tỉnh
Files: tep/ke-hoach.pdf | Bản chụp; tep/ke-hoach-phu-luc.xlsx | Phụ lục
"""
NEW_PLAN = """Title: Thực hiện Nghị quyết về giảm nghèo bền vững (thay thế)
Number: 77/KH-UBND
Form: Kế hoạch
Unit: UBND tỉnh Bạc Liêu
Date: 01/03/2023
Replaces: 05/KH-UBND
Amends: 13 NQ TU
Area: Toàn tỉnh
Files: tep/ke-hoach-moi.docx | Toàn văn (Word)

Kế hoạch mới thay thế kế hoạch năm 2021.
"""
CITING = """Title: Tỉnh triển khai kế hoạch giảm nghèo mới
Date: 2023-03-05
Area: Toàn tỉnh
Documents: 77/KH-UBND

Tỉnh triển khai kế hoạch giảm nghèo mới.
"""


def xlsx(path):
    """A minimal workbook: a zip with xl/workbook.xml."""
    import zipfile

    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return path


def signed(path, source):
    """A PDF with an incremental update after its end, as a digital signature adds one: any
    rewrite of the file (re-saving, optimising) would break the signature."""
    data = source.read_bytes()
    path.write_bytes(data + b"\n% signature: 3082abcdef\n%%EOF\n")
    return path


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """The real files, made once: Chromium prints, a scan of a printed page, Word, Excel."""
    need(chromium_path(), "chromium")
    folder = tmp_path_factory.mktemp("files")
    printed = text_pdf(
        folder / "printed.pdf",
        "NGHỊ QUYẾT 13-NQ/TU",
        ["Về giảm nghèo bền vững đến năm 2025.", f"Hỗ trợ hộ nghèo đan {PDF_ONLY} làm hàng thủ công mỹ nghệ."],
    )
    return {
        "nghi-quyet.pdf": signed(folder / "nghi-quyet.pdf", printed),
        "ke-hoach.pdf": scan_pdf(folder / "ke-hoach.pdf", printed),
        "ke-hoach-phu-luc.xlsx": xlsx(folder / "ke-hoach-phu-luc.xlsx"),
        "ke-hoach-moi.docx": docx(folder / "ke-hoach-moi.docx", ["Kế hoạch thay thế kế hoạch năm 2021."]),
    }


def site_with_documents(root, files, documents):
    content = root / "content"
    shutil.copytree(FIXTURE_SITE, content)
    (content / "van-ban" / "tep").mkdir(parents=True)
    for name, path in files.items():
        shutil.copyfile(path, content / "van-ban" / "tep" / name)
    for name, text in documents.items():
        (content / name).write_text(text, encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def built(tmp_path_factory, files):
    root = tmp_path_factory.mktemp("documents")
    documents = {
        "van-ban/nghi-quyet-13.md": RESOLUTION,
        "van-ban/ke-hoach-05.md": PLAN,
        "van-ban/ke-hoach-77.md": NEW_PLAN,
        "tin-tuc/ke-hoach-moi.md": CITING,
    }
    content = site_with_documents(root, files, documents)
    output = root / "output"
    records = build(content, output, TAXONOMY_DATA_PATH=str(DATA))
    return content, output, records


def read(output, name):
    return (output / name).read_text(encoding="utf-8")


# The number ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "number", "year"),
    [
        ("35/2025/NĐ-CP", "35/2025/NĐ-CP", 2025),
        ("13/2025/TT-BNNMT", "13/2025/TT-BNNMT", 2025),
        ("1061/QĐ-TTg", "1061/QĐ-TTg", None),
        ("13-NQ/TU", "13-NQ/TU", None),
        ("1234/QĐ-UBND", "1234/QĐ-UBND", None),
        ("05/KH-UBND", "05/KH-UBND", None),
        ("190/2025/QH15", "190/2025/QH15", 2025),
        (" 05 / KH - UBND ", "05/KH-UBND", None),
    ],
)
def test_real_numbers_are_read(written, number, year):
    assert parse_number(written) == (number, year)


@pytest.mark.parametrize("written", ["", "KH-UBND", "05 KH UBND", "05/kh-ubnd", "Số 05/KH-UBND", "05/2025", "05/KH/"])
def test_a_malformed_number_is_refused_with_examples(written):
    with pytest.raises(FieldProblem) as error:
        parse_number(written)
    message, fix = error.value.args
    assert "không đúng dạng" in message and "1234/QĐ-UBND" in fix


def test_numbers_typed_as_people_type_them_are_one_number():
    assert number_key("13-NQ/TU") == number_key("13/NQ-TU") == number_key("13 nq tu") == "13nqtu"
    assert number_key("1234/QĐ-UBND") == number_key("1234 qd ubnd")
    assert [fold(word) for word in syllables("13/NQ-TU")] == [fold(word) for word in syllables("13 NQ TU")]


def test_force_follows_the_dates():
    import datetime

    day = datetime.date
    assert derive_force(day(2026, 1, 1), None, None, day(2025, 12, 1)) == "chua-co-hieu-luc"
    assert derive_force(day(2025, 1, 1), None, None, day(2025, 12, 1)) == "con-hieu-luc"
    assert derive_force(day(2025, 1, 1), day(2025, 6, 30), None, day(2025, 12, 1)) == "het-hieu-luc-toan-bo"
    assert derive_force(day(2025, 1, 1), None, day(2025, 7, 1), day(2025, 12, 1)) == "het-hieu-luc-toan-bo"


# The built site ------------------------------------------------------------------


def test_the_build_warns_only_of_the_scan_without_a_readable_copy(built):
    _, _, records = built
    [warning] = [record.getMessage() for record in records]
    assert "van-ban/ke-hoach-05.md" in warning and "ke-hoach.pdf" in warning and "bản chụp" in warning


def test_a_document_page_shows_what_portals_must_show(built):
    _, output, _ = built
    page = read(output, "van-ban/ke-hoach-05/index.html")
    for shown in (
        "Kế hoạch 05/KH-UBND",
        "UBND tỉnh Bạc Liêu",
        "01/06/2021",
        "KT. Chủ tịch Nguyễn Văn A",
        "Hết hiệu lực toàn bộ",  # replaced by 77/KH-UBND from 01/03/2023
        "(PDF, ",
        "1 trang)",
        "(Excel, ",
        "liên hệ Ban Biên tập",  # the scan: an accessible copy on request
    ):
        assert shown in page, shown
    [ld] = [
        json.loads(part.split(">", 1)[1].split("</script>")[0])
        for part in page.split('<script type="application/ld+json"')[1:]
        if '"Legislation"' in part.split("</script>")[0]
    ]
    assert (ld["legislationIdentifier"], ld["legislationLegalForce"]) == ("05/KH-UBND", "https://schema.org/NotInForce")
    assert [e["encodingFormat"] for e in ld["encoding"]] == [
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ]
    resolution = read(output, "van-ban/nghi-quyet-13/index.html")
    assert "liên hệ Ban Biên tập" not in resolution  # a PDF with text needs no copy
    assert "Còn hiệu lực" in resolution


def test_relations_are_shown_on_both_documents(built):
    _, output, _ = built
    plan, new_plan = read(output, "van-ban/ke-hoach-05/index.html"), read(output, "van-ban/ke-hoach-77/index.html")
    resolution = read(output, "van-ban/nghi-quyet-13/index.html")
    assert "Căn cứ" in plan and "van-ban/nghi-quyet-13/" in plan  # typed 13/NQ-TU, found
    assert "Văn bản thực hiện văn bản này" in resolution and "van-ban/ke-hoach-05/" in resolution
    assert "Bị thay thế bởi" in plan and "van-ban/ke-hoach-77/" in plan
    assert "Thay thế" in new_plan and "van-ban/ke-hoach-05/" in new_plan
    assert "Được sửa đổi, bổ sung bởi" in resolution and "Sửa đổi, bổ sung" in new_plan
    assert "tin-tuc/2023/ke-hoach-moi/" in new_plan  # the article that cites it
    article = read(output, "tin-tuc/2023/ke-hoach-moi/index.html")
    assert "Văn bản liên quan" in article and "Kế hoạch 77/KH-UBND" in article and "van-ban/ke-hoach-77/" in article


def test_files_are_published_byte_for_byte(built, files):
    _, output, _ = built
    for name, folder in (("nghi-quyet.pdf", "nghi-quyet-13"), ("ke-hoach.pdf", "ke-hoach-05")):
        published = (output / "van-ban" / folder / name).read_bytes()
        assert hashlib.sha256(published).digest() == hashlib.sha256(files[name].read_bytes()).digest(), name
    assert (output / "van-ban" / "ke-hoach-77" / "ke-hoach-moi.docx").read_bytes() == files[
        "ke-hoach-moi.docx"
    ].read_bytes()
    thumbnails = list((output / "van-ban" / "nghi-quyet-13").glob("trang-1-*.webp"))
    assert thumbnails, "the first page as a picture"


def test_a_pdf_is_read_once_per_content(files, tmp_path):
    options = {"widths": [160], "jpeg_quality": 80, "webp_quality": 75, "max_bytes": 10**8, "max_pixels": 10**8}
    first = read_pdf(files["nghi-quyet.pdf"], tmp_path, options)
    assert first["pages"] == 1 and PDF_ONLY in first["text"] and not first["scanned"]
    meta = next(tmp_path.glob("*/meta.json"))
    stamp = meta.stat().st_mtime_ns
    assert read_pdf(files["nghi-quyet.pdf"], tmp_path, options) == first
    assert meta.stat().st_mtime_ns == stamp  # from the cache, not read again
    assert read_pdf(files["ke-hoach.pdf"], tmp_path, options)["scanned"]


def test_the_list_is_newest_first_with_filter_pages_that_need_no_javascript(built):
    _, output, _ = built
    listing = read(output, "van-ban/index.html")
    order = [listing.index(f"van-ban/{slug}/") for slug in ("ke-hoach-77", "ke-hoach-05", "nghi-quyet-13")]
    assert order == sorted(order)
    assert 'href="../van-ban/loai/ke-hoach/">Kế hoạch</a> (2)' in listing or "loai/ke-hoach/" in listing
    kind = read(output, "van-ban/loai/ke-hoach/index.html")
    assert (
        "ke-hoach-77" in kind
        and "ke-hoach-05" in kind
        and "van-ban/nghi-quyet-13/" not in kind.split("danh-sach-van-ban")[-1]
    )
    assert "Kế hoạch</strong> (2)" in kind
    for page in ("co-quan/tinh-uy-bac-lieu", "nam/2021", "hieu-luc/het-hieu-luc-toan-bo", "hieu-luc/con-hieu-luc"):
        assert (output / "van-ban" / page / "index.html").is_file(), page
    expired = read(output, "van-ban/hieu-luc/het-hieu-luc-toan-bo/index.html").split("danh-sach-van-ban")[-1]
    assert "ke-hoach-05" in expired and "nghi-quyet-13" not in expired


def test_search_finds_words_inside_pdfs_and_numbers_as_typed(built):
    _, output, _ = built
    records = [
        doc
        for path in (output / "tim-kiem" / "chi-muc" / "d").glob("*.json")
        for doc in json.loads(path.read_text(encoding="utf-8"))
    ]
    [resolution] = [doc for doc in records if "van-ban/nghi-quyet-13/" in json.dumps(doc)]
    assert "Văn bản" in json.dumps(resolution, ensure_ascii=False)  # its type, a filter
    # Every term of the word inside the PDF, and of the number as typed, is in the index.
    index = "\n".join(
        path.read_text(encoding="utf-8") for path in (output / "tim-kiem" / "chi-muc" / "t").glob("*.txt")
    )
    folded_terms = {line.split("\t")[0] for line in index.splitlines()}
    for query in (PDF_ONLY, "13/NQ-TU", "13 NQ TU", "13-NQ/TU"):
        for term in terms(syllables(query)):
            assert fold(term) in folded_terms, (query, term)
    names = json.loads(read(output, "tim-kiem/chi-muc/loc.json"))["names"]
    assert "Nghị quyết" in names["loai-van-ban"] and "Tỉnh ủy Bạc Liêu" in names["co-quan"]


def test_each_kind_of_document_has_feeds_listed_and_linked_from_its_filter_page(built):
    _, output, _ = built
    import feedparser

    rss = feedparser.parse(read(output, "van-ban/loai/ke-hoach/rss.xml"))
    atom = feedparser.parse(read(output, "van-ban/loai/ke-hoach/atom.xml"))
    for feed in (rss, atom):
        assert not feed.bozo and feed.feed.title.endswith("Văn bản: Kế hoạch")
        assert sorted(entry.link.split("/van-ban/")[1] for entry in feed.entries) == ["ke-hoach-05/", "ke-hoach-77/"]
    assert len(feedparser.parse(read(output, "van-ban/loai/nghi-quyet/rss.xml")).entries) == 1
    kind = read(output, "van-ban/loai/ke-hoach/index.html")
    assert 'type="application/rss+xml" title="' in kind and "van-ban/loai/ke-hoach/rss.xml" in kind
    assert "Theo dõi trang này qua" in kind and "van-ban/loai/ke-hoach/atom.xml" in kind
    assert "rss.xml" not in read(output, "van-ban/nam/2021/index.html").split("</head>")[1]  # a year has none
    feeds_page = read(output, "lien-ket-rss/index.html")
    assert "Loại văn bản</h2>" in feeds_page and "van-ban/loai/nghi-quyet/rss.xml" in feeds_page
    opml = read(output, "feeds/danh-sach.opml")
    assert '<outline text="Loại văn bản">' in opml and "/van-ban/loai/ke-hoach/rss.xml" in opml


def test_documents_are_in_feeds_sitemap_and_the_editor(built):
    _, output, _ = built
    assert "van-ban/ke-hoach-77/" in read(output, "feeds/van-ban.rss.xml")
    assert "/van-ban/nghi-quyet-13/</loc>" in read(output, "sitemap.xml")
    assert "van-ban/nghi-quyet-13/" in read(output, "don-vi/tinh-uy-bac-lieu/index.html")
    package = json.loads(read(output, "du-lieu/datapackage.json"))
    [resource] = [r for r in package["resources"] if r["name"] == "van-ban"]
    assert resource["path"] == "van-ban.csv"
    table = read(output, "du-lieu/van-ban.csv")
    size = (output / "van-ban" / "nghi-quyet-13" / "nghi-quyet.pdf").stat().st_size
    assert "nghi-quyet-13,13-NQ/TU,Nghị quyết,Tỉnh ủy Bạc Liêu," in table and f",{size},1\n" in table
    config = yaml.safe_load(read(output, "admin/config.yml"))
    [collection] = [c for c in config["collections"] if c["name"] == "van-ban"]
    assert [f["name"] for f in collection["fields"]][:4] == ["title", "number", "form", "unit"]


# Bad input -------------------------------------------------------------------------

BAD = {
    "van-ban/sai-so.md": RESOLUTION.replace("13-NQ/TU", "NQ 13").replace("nghi-quyet.pdf", "ok.pdf"),
    "van-ban/trung-so.md": PLAN.replace("Basis: 13/NQ-TU\n", "").replace("ke-hoach.pdf | Bản chụp; ", "ok.pdf | A; "),
    "van-ban/trung-so-2.md": PLAN.replace("Basis: 13/NQ-TU\n", "").replace("ke-hoach.pdf | Bản chụp; ", "ok.pdf | A; "),
    "van-ban/sai-loai.md": RESOLUTION.replace("Nghị quyết\n", "Nghi quyêt lạ\n").replace("13-NQ/TU", "14-NQ/TU"),
    "van-ban/sai-ngay.md": PLAN.replace("05/KH", "06/KH")
    .replace("Effective: 01/06/2021", "Effective: 01/05/2021")
    .replace("Basis: 13/NQ-TU", "Basis: 99/QĐ-UBND"),
    "tin-tuc/sai-van-ban.md": CITING.replace("77/KH-UBND", "05/KH-UBDN"),
    "van-ban/sai-tep.md": RESOLUTION.replace("13-NQ/TU", "15-NQ/TU").replace("nghi-quyet.pdf", "anh.pdf"),
    "van-ban/mat-khau.md": RESOLUTION.replace("13-NQ/TU", "16-NQ/TU").replace("nghi-quyet.pdf", "mat-khau.pdf"),
    "van-ban/hong.md": RESOLUTION.replace("13-NQ/TU", "17-NQ/TU").replace("nghi-quyet.pdf", "hong.pdf"),
    "van-ban/qua-nang.md": RESOLUTION.replace("13-NQ/TU", "18-NQ/TU").replace("nghi-quyet.pdf", "qua-nang.pdf"),
}


def encrypted(path, source):
    """The PDF with a password to open it, as a word processor's “protect” saves one."""
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=source)
    writer.encrypt(user_password="mat-khau", owner_password="chu-so-huu", algorithm="AES-128")
    writer.write(path)
    return path


@pytest.fixture(scope="module")
def problems(tmp_path_factory, files):
    root = tmp_path_factory.mktemp("bad-documents")
    made = {
        **files,
        "ok.pdf": files["nghi-quyet.pdf"],
        "anh.pdf": png(root / "anh.pdf"),
        "mat-khau.pdf": encrypted(root / "mat-khau.pdf", files["nghi-quyet.pdf"].parent / "printed.pdf"),
        # A PDF cut short, as an interrupted download leaves it: the header and no more.
        "hong.pdf": root / "hong.pdf",
    }
    made["hong.pdf"].write_bytes(files["nghi-quyet.pdf"].read_bytes()[:300])
    content = site_with_documents(root, made, BAD)
    with open(content / "van-ban" / "tep" / "qua-nang.pdf", "wb") as large:  # sparse: no disk used
        large.write(b"%PDF-1.7\n")
        large.truncate(30_000_001)
    cache = root / "cache"
    read = read_site(content, root / "output", TAXONOMY_DATA_PATH=str(DATA), IMAGES_CACHE_PATH=str(cache))
    # Nothing of a refused PDF is kept: no half-made folder in the cache, no output.
    pages = [json.loads(meta.read_text(encoding="utf-8"))["pages"] for meta in cache.glob("van-ban/*/meta.json")]
    assert [folder.name for folder in cache.glob("van-ban/*") if ".tmp-" in folder.name] == []
    assert len(pages) == 2 and not (root / "output").exists()  # the printed PDF and the scan only
    return [(p.path, p.line, p.message, p.fix) for p in reported(read.context)]


@pytest.mark.parametrize(
    ("path", "line", "message", "fix"),
    [
        ("van-ban/sai-so.md", 2, "Số/ký hiệu “NQ 13” không đúng dạng", "13-NQ/TU"),
        ("van-ban/trung-so.md", 2, "đã dùng cho văn bản van-ban/trung-so-2.md", "Mỗi văn bản một số/ký hiệu"),
        ("van-ban/sai-loai.md", 3, "Loại văn bản “Nghi quyêt lạ” không có trong danh sách", "Nghị quyết"),
        ("van-ban/sai-ngay.md", 6, "Ngày có hiệu lực (01/05/2021) trước ngày ban hành (01/06/2021)", "Kiểm tra"),
        ("van-ban/sai-ngay.md", 9, "Không có văn bản số “99/QĐ-UBND”", "content/van-ban/"),
        ("van-ban/sai-tep.md", 8, "nội dung không phải PDF", "PDF"),
        ("van-ban/mat-khau.md", 8, "Tệp “tep/mat-khau.pdf”: Tệp PDF có mật khẩu", "không đặt mật khẩu"),
        ("van-ban/hong.md", 8, "Tệp “tep/hong.pdf”: Tệp PDF bị hỏng", "in lại ra PDF"),
        ("van-ban/qua-nang.md", 8, "Tệp “tep/qua-nang.pdf”: Tệp quá nặng (30.0 MB, tối đa 30 MB)", "Nén tệp PDF"),
        ("tin-tuc/sai-van-ban.md", 4, "Không có văn bản số “05/KH-UBDN”", "Có phải ý bạn là “05/KH-UBND”?"),
    ],
)
def test_bad_input_names_file_line_and_fix(problems, path, line, message, fix):
    matching = [p for p in problems if p[0] == path and message in p[2]]
    assert matching, problems
    assert matching[0][1] == line and fix in matching[0][3]
