"""YAML front matter (what the editor at /admin/ writes) and Pelican's header lines give the
same metadata, and the same errors at the same lines, through the one forgiving reader."""

import json
import logging
import pathlib
import shutil
import subprocess
import unicodedata

import pytest
from browser import need
from conftest import DATA, FIXTURE_SITE, ROOT, build, make_settings

from giamngheo.authoring.reader import ContentFileError, ForgivingMarkdownReader
from giamngheo.editor.convert import Converter, decap_files, to_front_matter

BODY = "\n\nNội dung bài.\n"

# name: (header format, front matter)
CASES = {
    "plain fields": (
        "Title: Hồng Dân trao bò giống\nDate: 2025-03-14 08:30\nArea: Hồng Dân\nSummary: Một câu.",
        "---\ntitle: Hồng Dân trao bò giống\ndate: 2025-03-14 08:30\narea: Hồng Dân\nsummary: Một câu.\n---",
    ),
    "lists": (
        "Title: Bài\nDate: 2025-03-14\nArea: Huyện Hồng Dân; Xã Ninh Quới\nProgram: Dự án 2; Dự án 4\nTags: sinh kế; nuôi dê",
        "---\ntitle: Bài\ndate: 2025-03-14\narea:\n  - Huyện Hồng Dân\n  - Xã Ninh Quới\nprogram: [Dự án 2, Dự án 4]\n"
        "tags:\n  - sinh kế\n  - nuôi dê\n---",
    ),
    "date without time": (
        "Title: Bài\nDate: 2025-03-14\nArea: Đông Hải",
        "---\ntitle: Bài\ndate: 2025-03-14\narea: Đông Hải\n---",
    ),
    "vietnamese date": (
        "Title: Bài\nDate: 24/11/2025 08:30\nArea: Đông Hải",
        "---\ntitle: Bài\ndate: 24/11/2025 08:30\narea: Đông Hải\n---",
    ),
    "date in utc, as javascript writes it": (
        "Title: Bài\nDate: 2025-03-14 08:30\nArea: Đông Hải",
        "---\ntitle: Bài\ndate: 2025-03-14T01:30:00.000Z\narea: Đông Hải\n---",
    ),
    "date with an offset in both formats": (
        "Title: Bài\nDate: 2025-03-14T08:30:00+07:00\nArea: Đông Hải",
        "---\ntitle: Bài\ndate: '2025-03-14 09:30+08:00'\narea: Đông Hải\n---",
    ),
    "quoted values and a colon": (
        "Title: Hỏi: hộ nghèo là gì?\nDate: 2025-03-14\nArea: Đông Hải",
        "---\ntitle: 'Hỏi: hộ nghèo là gì?'\ndate: \"2025-03-14\"\narea: Đông Hải\n---",
    ),
    "long value folded over lines": (
        "Title: Bài\nDate: 2025-03-14\nArea: Đông Hải\nSummary: Một câu tóm tắt khá dài, viết trên hai dòng khi lưu.",
        "---\ntitle: Bài\ndate: 2025-03-14\narea: Đông Hải\nsummary: Một câu tóm tắt khá dài,\n  viết trên hai dòng khi lưu.\n---",
    ),
    "empty fields are fields not given": (
        "Title: Bài\nDate: 2025-03-14\nArea: Đông Hải\nImage:\nSummary:",
        "---\ntitle: Bài\ndate: 2025-03-14\narea: Đông Hải\nimage: ''\nsummary:\nimage_alt: null\n---",
    ),
    "model facts: numbers and yes/no": (
        "Title: Mô hình\nDate: 2025-03-14\nArea: Đông Hải\nKind: Chăn nuôi\nStart_year: 2024\nHouseholds_total: 22\n"
        "Funding_central: 420000000\nRevolving: có\nReplicable: không",
        "---\ntitle: Mô hình\ndate: 2025-03-14\narea: Đông Hải\nkind: Chăn nuôi\nstart_year: 2024\nhouseholds_total: 22\n"
        "funding_central: 420000000\nrevolving: true\nreplicable: false\n---",
    ),
    "attached files with their labels, as the editor's file list writes them": (
        "Title: Văn bản\nDate: 2025-03-14\nArea: Đông Hải\n"
        "Files: tep/ke-hoach.pdf | Bản chụp có chữ ký; tep/phu-luc.xlsx | Phụ lục; tep/ban-word.docx",
        "---\ntitle: Văn bản\ndate: 2025-03-14\narea: Đông Hải\nfiles:\n  - file: tep/ke-hoach.pdf\n"
        "    label: Bản chụp có chữ ký\n  - label: Phụ lục\n    file: tep/phu-luc.xlsx\n  - file: tep/ban-word.docx\n---",
    ),
    "nfd text": tuple(
        unicodedata.normalize("NFD", text)
        for text in (
            "Title: Phường Láng Tròn đón Tết\nDate: 2025-03-14\nArea: Phường Láng Tròn",
            "---\ntitle: Phường Láng Tròn đón Tết\ndate: 2025-03-14\narea: Phường Láng Tròn\n---",
        )
    ),
}


def read(tmp_path, name, data):
    path = tmp_path / "tin-tuc" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    reader = ForgivingMarkdownReader(make_settings(PATH=str(tmp_path)))
    content, metadata = reader.read(str(path))
    plain = {key: [str(v) for v in value] if isinstance(value, list) else str(value) for key, value in metadata.items()}
    return content, plain


@pytest.mark.parametrize("name", CASES)
def test_front_matter_and_header_give_the_same_metadata(name, tmp_path):
    header, front_matter = CASES[name]
    assert read(tmp_path, "a.md", header + BODY) == read(tmp_path, "b.md", front_matter + BODY)


def test_byte_order_mark_and_windows_line_endings(tmp_path):
    header, front_matter = CASES["lists"]
    plain = read(tmp_path, "a.md", front_matter + BODY)
    windows = read(tmp_path, "b.md", b"\xef\xbb\xbf" + (front_matter + BODY).replace("\n", "\r\n").encode("utf-8"))
    assert windows == plain == read(tmp_path, "c.md", header + BODY)


def test_the_body_may_follow_the_closing_line_directly(tmp_path):
    content, metadata = read(tmp_path, "a.md", "---\ntitle: Bài\ndate: 2025-03-14\n---\nĐoạn một.\n\nĐoạn hai.\n")
    assert metadata["title"] == "Bài"
    assert content == "<p>Đoạn một.</p>\n<p>Đoạn hai.</p>"


def test_one_reader_reads_many_files_as_if_each_were_the_first(tmp_path):
    """The reader keeps one Markdown instance: nothing of a file (its metadata, a footnote, an
    abbreviation, a summary) leaks into the next one, which is read as a fresh reader reads it."""
    folder = tmp_path / "tin-tuc"
    folder.mkdir()
    first = "Title: Một\nDate: 2025-03-14\nSummary: Tóm *tắt*\nTags: a; b\n\nChữ[^1] HTML.\n\n[^1]: Chú thích.\n*[HTML]: Ngôn ngữ\n"
    second = "Title: Hai\nDate: 2025-03-15\n\nHTML và chữ[^1].\n"
    (folder / "1.md").write_text(first, encoding="utf-8")
    (folder / "2.md").write_text(second, encoding="utf-8")
    reader = ForgivingMarkdownReader(make_settings(PATH=str(tmp_path)))
    one = reader.read(str(folder / "1.md"))
    two = reader.read(str(folder / "2.md"))
    assert "footnote" in one[0] and "<abbr" in one[0] and "<em>tắt</em>" in str(one[1]["summary"])
    assert "footnote" not in two[0] and "<abbr" not in two[0] and "[^1]" in two[0]
    assert str(two[1]["title"]) == "Hai" and "summary" not in two[1] and "tags" not in two[1]
    fresh = ForgivingMarkdownReader(make_settings(PATH=str(tmp_path)))
    assert two == fresh.read(str(folder / "2.md"))
    assert one == reader.read(str(folder / "1.md"))


def test_the_date_in_utc_is_shown_in_the_site_time_zone(tmp_path):
    _, metadata = read(tmp_path, "a.md", CASES["date in utc, as javascript writes it"][1] + BODY)
    assert metadata["date"].startswith("2025-03-14 08:30:00")


def errors(tmp_path, text, caplog):
    caplog.clear()
    with caplog.at_level(logging.ERROR), pytest.raises(ContentFileError):
        read(tmp_path, "sai.md", text)
    return [
        (r.content_problem.line, r.content_problem.message) for r in caplog.records if hasattr(r, "content_problem")
    ]


@pytest.mark.parametrize(
    "header, front_matter, lines",
    [
        ("Title: Bài\nDate: 31/02/2026\nArea: Đông Hải", "---\ntitle: Bài\ndate: 31/02/2026\narea: Đông Hải\n---", [3]),
        ("Date: 2025-03-14\nArea: Đông Hải", "---\ndate: 2025-03-14\narea: Đông Hải\n---", [1]),
        ("Title: Bài\nArea: Đông Hải", "---\ntitle: Bài\narea: Đông Hải\n---", [None]),
    ],
)
def test_the_same_mistake_gives_the_same_error(tmp_path, caplog, header, front_matter, lines):
    in_header = errors(tmp_path, header + BODY, caplog)
    in_front_matter = errors(tmp_path, front_matter + BODY, caplog)
    assert in_header and [message for _, message in in_header] == [message for _, message in in_front_matter]
    assert [line for line, _ in in_front_matter] == lines  # the line of the field in the file


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("---\ntitle: Bài\ndate: 2025-03-14\n\nNội dung.\n", 1, "không có dòng “---” đóng lại"),
        ("---\ntitle: Bài\ndate: 2025-03-14\narea: [Đông Hải\n---\n\nNội dung.\n", 4, "viết sai cách"),
        ("---\ntitle: Bài: hai chấm\ndate: 2025-03-14\n---\n\nNội dung.\n", 2, "viết sai cách"),
        (
            "---\ntitle: Bài\ndate: 2025-03-14\narea:\n  huyện: Đông Hải\n---\n\nNội dung.\n",
            5,
            "một giá trị hoặc một danh sách",
        ),
        (
            "---\ntitle: Bài\ndate: 2025-03-14\nfiles:\n  - file: a.pdf\n  - tep: b.pdf\n    nhan: Toàn văn\n---\n\nNội dung.\n",
            6,
            "chỉ có “file” (đường dẫn tệp) và “label”",
        ),
        ("---\ntiêu đề: Bài\ndate: 2025-03-14\n---\n\nNội dung.\n", 2, "Tên trường “tiêu đề” không hợp lệ"),
    ],
)
def test_front_matter_mistakes_name_the_line_and_the_fix(tmp_path, caplog, text, line, words):
    [(where, message)] = errors(tmp_path, text, caplog)
    assert words in message
    assert where == line


# -- the round trip: every file opens and saves in the editor without a change ---------------


def content_files(root):
    return sorted(str(path) for path in root.rglob("*.md"))


@pytest.fixture(scope="module")
def converter():
    need(shutil.which("node") and (ROOT / "node_modules" / "decap-cms-core").is_dir(), "node with decap-cms (npm ci)")
    return Converter(make_settings(PATH=str(ROOT / "content"), TAXONOMY_DATA_PATH=str(DATA)))


def test_every_sample_file_is_in_the_editors_format(converter):
    """Read as the editor's form holds it and written as the editor writes it, every sample
    file comes out byte for byte the same: opening and saving it changes nothing."""
    paths = content_files(ROOT / "content")
    assert len(paths) > 30
    written = decap_files([converter.editor_data(path) for path in paths])
    for path, text in zip(paths, written, strict=True):
        assert text == pathlib.Path(path).read_text(encoding="utf-8"), path


def test_decap_reads_and_writes_every_sample_file_unchanged(converter):
    paths = content_files(ROOT / "content")
    payload = [
        {"file": pathlib.Path(path).read_text(encoding="utf-8"), "sortedKeys": converter.editor_data(path)[1]}
        for path in paths
    ]
    result = subprocess.run(
        ["node", str(ROOT / "giamngheo" / "editor" / "decap_format.js")],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    for path, text in zip(paths, json.loads(result.stdout), strict=True):
        assert text == pathlib.Path(path).read_text(encoding="utf-8"), path


def test_header_files_moved_to_front_matter_build_the_same_site(tmp_path, converter):
    """The fixture site is in the header format: moved to the editor's format (areas named as
    in the data files, numbers, yes/no), it builds into exactly the same files."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    before, after = tmp_path / "before", tmp_path / "after"
    assert build(content, before, SEARCH_INDEX=False) == []
    settings = make_settings(PATH=str(content), TAXONOMY_DATA_PATH=str(DATA))
    changed = to_front_matter(content_files(content), settings)
    assert len(changed) == len(content_files(content))
    assert all(pathlib.Path(path).read_text(encoding="utf-8").startswith("---\ntitle: ") for path in changed)
    assert build(content, after, SEARCH_INDEX=False) == []
    files = {p.relative_to(before) for p in before.rglob("*") if p.is_file() and "admin" not in p.parts}
    assert files == {p.relative_to(after) for p in after.rglob("*") if p.is_file() and "admin" not in p.parts}
    different = [str(f) for f in sorted(files) if (before / f).read_bytes() != (after / f).read_bytes()]
    assert different == []
