"""giamngheo.checks: each check on real content read by real Pelican (nothing written)."""

import shutil

import pytest
from conftest import FIXTURE_SITE, read_site
from hypothesis import example, given, settings
from hypothesis import strategies as st

from giamngheo.checks.checks import ContentCheckGenerator, stop_on_problems
from giamngheo.checks.rules import (
    _Unsafe,
    check_addresses,
    check_covers,
    check_image_alts,
    check_links,
    check_unsafe_html,
)
from giamngheo.core import ContentError
from giamngheo.core.unsafe_html import may_hold_unsafe

ARTICLE = "Title: {title}\nDate: 2024-05-01 08:00\nArea: Đông Hải\n{extra}\n{body}\n"


def article(title="Bài thử", body="Nội dung.", extra=""):
    return ARTICLE.format(title=title, body=body, extra=extra)


@pytest.fixture
def content(tmp_path):
    """A content folder with one photo and no articles yet."""
    folder = tmp_path / "content"
    (folder / "tin-tuc").mkdir(parents=True)
    (folder / "images").mkdir()
    shutil.copy(FIXTURE_SITE / "images" / "de.jpg", folder / "images" / "de.jpg")
    return folder


def read(content, tmp_path, **overrides):
    site = read_site(content, tmp_path / "output", **overrides)
    return site, site.context, str(content)


def write(content, name, text):
    (content / "tin-tuc" / name).write_text(text, encoding="utf-8")


def test_unsafe_html_names_the_line_of_each_finding(content, tmp_path):
    body = (
        'Đoạn một.\n\n<script>alert(1)</script>\n\n<p onclick="x()">Bấm</p>\n\n'
        '<iframe src="https://evil.example/x"></iframe>\n\n'
        '<iframe src="https://www.youtube.com/embed/abc"></iframe>\n'
    )
    write(content, "a.md", article(body=body))
    _, context, path = read(content, tmp_path)
    problems = check_unsafe_html(context, path, ["www.youtube.com"])
    assert [(p.path, p.line, p.detail) for p in problems] == [
        ("tin-tuc/a.md", 7, "unsafe HTML"),
        ("tin-tuc/a.md", 9, "unsafe HTML"),
        ("tin-tuc/a.md", 11, "unsafe HTML"),
    ]
    assert "<script>" in problems[0].message
    assert "onclick" in problems[1].message
    assert "evil.example" in problems[2].message and "www.youtube.com" in problems[2].fix


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ('<a href="vbscript:msgbox(1)">x</a>', "vbscript:"),
        ('<a href="data:text/html;base64,PHA+">x</a>', "data:text"),
        ('<a href="jav&#x09;ascript:alert(1)">x</a>', "javascript:"),  # as a browser reads it
        ('<blockquote cite="javascript:alert(1)">x</blockquote>', "javascript:"),
        ('<p on-x="y">x</p>', "on-x"),
        ('<iframe src="//www.youtube.com/embed/abc"></iframe>', "https://"),
        ('<iframe src="javascript:alert(1)"></iframe>', "không rõ"),
    ],
)
def test_unsafe_html_is_what_the_sanitiser_and_the_policy_refuse(content, tmp_path, body, named):
    """One set of rules (giamngheo/core/unsafe_html.py): what the sanitiser would remove
    silently or the policy would warn about is refused here, by file and line, first."""
    write(content, "a.md", article(body=f"Đoạn một.\n\n{body}\n"))
    _, context, path = read(content, tmp_path)
    problems = check_unsafe_html(context, path, ["www.youtube.com"])
    assert problems and {(p.path, p.line) for p in problems} == {("tin-tuc/a.md", 7)}
    assert any(named in p.message for p in problems)


# Pieces of HTML put together at random: what the checks' quick look must never wave through.
PIECES = [
    "<p>",
    "</p>",
    "<a ",
    "<A ",
    "<img",
    "<iframe ",
    "<IFRAME",
    "<script>",
    "<ScRiPt",
    "<form",
    "<meta",
    "<link ",
    "<base",
    "<object",
    "<embed",
    "<applet",
    "<!-- ",
    " -->",
    "onclick=x",
    "ONLOAD=",
    "on-x",
    " ",
    "\t",
    "\n",
    "\xa0",
    "/",
    '"',
    "'",
    "=",
    ">",
    "href=",
    "src=",
    "cite=",
    "javascript:",
    "java",
    "script:",
    "vb",
    "data:",
    "text",
    "&#x09;",
    "&colon;",
    "&amp;",
    "Hộ nghèo ",
    "trong ",
    "con ",
    "x",
]


@given(st.lists(st.sampled_from(PIECES), max_size=14))
@settings(max_examples=400, deadline=None)
@example(["<p", "\t", "onclick=x", ">"])
@example(["<p", "\xa0", "onclick=x", ">"])  # a space to the parser, whatever browsers make of it
@example(["<p", "\n", "ONLOAD=", "x", ">"])
@example(["<a ", "href=", '"', "java", "\n", "script:", "x", '"', ">"])
@example(["<a ", "href=", '"', "java", "&#x09;", "script:", '"', ">"])
def test_the_quick_look_misses_nothing_the_parse_finds(pieces):
    """check_unsafe_html parses only the items the quick look (may_hold_unsafe) flags: the
    parse must find nothing in an item it lets through."""
    fragment = "".join(pieces)
    finder = _Unsafe({"www.youtube.com"})
    finder.feed(fragment)
    finder.close()
    if finder.found:
        assert may_hold_unsafe(fragment), (fragment, finder.found)


def test_the_quick_look_lets_plain_items_through():
    assert not may_hold_unsafe(
        '<p>Hộ nghèo trong xã <a href="https://example.vn/a">vay vốn</a></p><img src="a.jpg" alt="">'
    )
    assert may_hold_unsafe("<p>Nông nghiệp &amp; PTNT</p>")  # a reference could hide a scheme: parsed


def test_links_to_missing_files_are_problems_and_existing_ones_are_not(content, tmp_path):
    body = "[ảnh](images/de.jpg) [bài]({filename}/tin-tuc/khong-co.md) [tài liệu](tai-lieu.pdf)\n"
    write(content, "a.md", article(body=body))
    _, context, path = read(content, tmp_path)
    problems = check_links(context, path)
    assert sorted(p.message for p in problems) == [
        "Liên kết tới “/tin-tuc/khong-co.md”, nhưng không có tệp nào như vậy.",
        "Liên kết tới “tai-lieu.pdf”, nhưng không có tệp nào như vậy.",
    ]
    assert {p.line for p in problems} == {5}


def test_covers_must_exist_under_static_paths_and_have_alt_text(content, tmp_path):
    write(content, "ok.md", article("Có ảnh", extra="Image: images/de.jpg\nImage_alt: Đàn dê\n"))
    write(content, "missing.md", article("Thiếu ảnh", extra="Image: images/khong-co.jpg\nImage_alt: x\n"))
    write(content, "no-alt.md", article("Thiếu mô tả", extra="Image: images/de.jpg\n"))
    shutil.copy(content / "images" / "de.jpg", content / "tin-tuc" / "de.jpg")
    write(content, "outside.md", article("Ngoài thư mục ảnh", extra="Image: tin-tuc/de.jpg\nImage_alt: x\n"))
    site, context, path = read(content, tmp_path)
    problems = check_covers(context, path, site.settings["STATIC_PATHS"])
    assert sorted((p.path, p.line, p.detail) for p in problems) == [
        ("tin-tuc/missing.md", 4, "cover image missing"),
        ("tin-tuc/no-alt.md", 4, "cover image without alt text"),
        ("tin-tuc/outside.md", 4, "cover image missing"),
    ]


def test_two_items_at_one_address_are_both_named(content, tmp_path):
    write(content, "mot.md", article("Một", extra="Slug: trung\n"))
    write(content, "hai.md", article("Hai", extra="Slug: trung\n"))
    write(content, "ba.md", article("Ba"))
    _, context, path = read(content, tmp_path)
    problems = check_addresses(context, path)
    assert sorted((p.path, p.line) for p in problems) == [("tin-tuc/hai.md", 1), ("tin-tuc/mot.md", 1)]
    assert "/tin-tuc/2024/trung/" in problems[0].message
    assert "tin-tuc/hai.md, tin-tuc/mot.md" in problems[0].message


def test_drafts_do_not_claim_an_address(content, tmp_path):
    write(content, "mot.md", article("Một", extra="Slug: trung\n"))
    write(content, "hai.md", article("Hai", extra="Slug: trung\nStatus: draft\n"))
    _, context, path = read(content, tmp_path, PREVIEW_DRAFTS=False)
    assert check_addresses(context, path) == []


def test_images_in_the_text_need_alt_text_unless_decorative(content, tmp_path):
    write(
        content, "a.md", article(body="![](images/de.jpg)\n\n![trang trí](images/de.jpg)\n\n![Đàn dê](images/de.jpg)\n")
    )
    _, context, path = read(content, tmp_path)
    [problem] = check_image_alts(context, path)
    assert (problem.path, problem.line, problem.detail) == ("tin-tuc/a.md", 5, "image without alt text")
    assert "“de.jpg”" in problem.message


def test_read_errors_become_one_problem_per_file(content, tmp_path):
    (content / "tin-tuc" / "cp1258.md").write_bytes(article("Tiếng Việt").encode("cp1258", errors="replace"))
    write(content, "ok.md", article())
    site, _, _ = read(content, tmp_path)
    [problem] = site.read_problems
    assert problem.path == "tin-tuc/cp1258.md"
    assert "UTF-8" in problem.message


def test_nothing_is_written_or_emptied_when_a_check_fails(content, tmp_path):
    write(content, "a.md", article(body="<script>x()</script>\n"))
    output = tmp_path / "output"
    output.mkdir()
    (output / "trang-cu.html").write_text("trang tốt lần trước", encoding="utf-8")
    site = read_site(content, output, CLEAN_OUTPUT_AFTER_CHECKS=True)
    site.generator(ContentCheckGenerator).recorder.records.clear()  # read_site took them already
    with pytest.raises(ContentError) as stop:
        stop_on_problems(site.generators)
    assert [p.path for p in stop.value.problems] == ["tin-tuc/a.md"]
    assert "Nội dung có 1 lỗi" in str(stop.value)
    assert (output / "trang-cu.html").exists()


def test_good_content_empties_the_output_only_after_the_checks(content, tmp_path):
    write(content, "a.md", article())
    output = tmp_path / "output"
    output.mkdir()
    (output / "trang-cu.html").write_text("trang cũ", encoding="utf-8")
    site = read_site(content, output, CLEAN_OUTPUT_AFTER_CHECKS=True)
    stop_on_problems(site.generators)
    assert not (output / "trang-cu.html").exists()
