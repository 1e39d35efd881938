"""Content with mistakes: the build stops before writing, naming the file, line and fix."""

import shutil
import subprocess
import sys

import pytest
from conftest import FIXTURE_SITE, ROOT, build, cli_caches
from formats import FORMATS, in_format

from giamngheo.core import ContentError

GOOD_ARTICLE = """Title: Bài viết mẫu
Date: 2025-03-01 08:00
Area: {area}
Program: {program}

Nội dung.
"""


@pytest.fixture
def site(tmp_path):
    """A copy of the fixture site that a test may spoil."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    return content


@pytest.fixture(params=FORMATS)
def fmt(request):
    """The format the test writes its files in; in front matter every line is one further down."""
    return request.param


def write(path, text, fmt):
    path.write_text(in_format(text, fmt), encoding="utf-8")


def shift(line, fmt):
    return line + 1 if fmt == "front matter" and line else line


def build_problems(content, output):
    with pytest.raises(ContentError) as stop:
        build(content, output)
    return stop.value.problems


def test_unknown_area_names_file_line_and_nearest(site, tmp_path, fmt):
    write(site / "tin-tuc" / "sai.md", GOOD_ARTICLE.format(area="Hong Dann", program="Dự án 2"), fmt)
    output = tmp_path / "output"
    [problem] = build_problems(site, output)
    assert problem.path == "tin-tuc/sai.md"
    assert problem.line == shift(3, fmt)
    assert "“Hong Dann” không có trong danh sách" in problem.message
    assert "Huyện Hồng Dân" in problem.fix
    assert not output.exists()  # nothing was written


def test_every_problem_is_reported_at_once(site, tmp_path, fmt):
    write(site / "tin-tuc" / "sai1.md", GOOD_ARTICLE.format(area="Sao Hỏa", program="Dự án 2"), fmt)
    write(site / "tin-tuc" / "sai2.md", GOOD_ARTICLE.format(area="Đông Hải", program="Dự án 9"), fmt)
    write(site / "tin-tuc" / "sai3.md", "Title: Không có địa bàn\nDate: 2025-03-01\n\nNội dung.\n", fmt)
    problems = build_problems(site, tmp_path / "output")
    assert [(p.path, p.line) for p in problems] == [
        ("tin-tuc/sai1.md", shift(3, fmt)),
        ("tin-tuc/sai2.md", shift(4, fmt)),
        ("tin-tuc/sai3.md", None),
    ]
    assert "Thiếu địa bàn" in problems[2].message


def test_bare_name_on_the_last_day_before_the_reform_is_the_district(site, tmp_path, fmt):
    text = GOOD_ARTICLE.format(area="Hồng Dân", program="").replace("2025-03-01", "2025-06-30")
    write(site / "tin-tuc" / "ok.md", text, fmt)
    assert build(site, tmp_path / "output") == []
    page = (tmp_path / "output" / "dia-ban" / "hong-dan" / "index.html").read_text(encoding="utf-8")
    assert "Bài viết mẫu" in page
    commune = (tmp_path / "output" / "dia-ban" / "xa-hong-dan" / "index.html").read_text(encoding="utf-8")
    assert "Bài viết mẫu" not in commune


def test_model_field_of_the_wrong_type(site, tmp_path, fmt):
    path = site / "mo-hinh" / "nuoi-de-sinh-san-luan-chuyen-o-ap-vinh-lac.md"
    write(path, path.read_text(encoding="utf-8").replace("Households_poor: 12", "Households_poor: khoảng 50"), fmt)
    [problem] = build_problems(site, tmp_path / "output")
    assert problem.path == "mo-hinh/nuoi-de-sinh-san-luan-chuyen-o-ap-vinh-lac.md"
    assert problem.line == shift(13, fmt)
    assert "khoảng 50" in problem.message and "Households_poor" in problem.message


def test_model_without_kind_or_with_unknown_kind(site, tmp_path, fmt):
    path = site / "mo-hinh" / "rau.md"
    write(path, path.read_text(encoding="utf-8").replace("Kind: Trồng trọt", "Kind: Bay lượn"), fmt)
    [problem] = build_problems(site, tmp_path / "output")
    assert "Loại hình mô hình “Bay lượn”" in problem.message


def test_missing_date_names_the_field(site, tmp_path, fmt):
    write(site / "tin-tuc" / "khong-ngay.md", "Title: Không ngày\nArea: Toàn tỉnh\n\nNội dung.\n", fmt)
    [problem] = build_problems(site, tmp_path / "output")
    assert problem.path == "tin-tuc/khong-ngay.md"
    assert "Thiếu ngày đăng (trường “Date”)" in problem.message


def test_missing_cover_image_and_alt_text(site, tmp_path, fmt):
    path = site / "tin-tuc" / "a11.md"
    text = path.read_text(encoding="utf-8").replace("images/nha.jpg", "images/khong-co.jpg")
    text = "\n".join(line for line in text.splitlines() if not line.startswith("Image_alt")) + "\n"
    write(path, text, fmt)
    problems = build_problems(site, tmp_path / "output")
    messages = " | ".join(p.message for p in problems)
    assert len(problems) == 2
    assert "Không tìm thấy ảnh “images/khong-co.jpg”" in messages
    assert "lời mô tả" in messages


def test_broken_data_file_names_its_line(site, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "content" / "data", data)
    with open(data / "areas.yml", "a", encoding="utf-8") as areas:
        areas.write("- slug: xa-moi\n  name: Xã Mới\n  parent: khong-co\n")
    with pytest.raises(ContentError) as stop:
        build(site, tmp_path / "output", TAXONOMY_DATA_PATH=str(data))
    [problem] = stop.value.problems
    assert problem.path.endswith("areas.yml") and problem.line is not None
    assert "khong-co" in problem.message


def test_command_line_prints_the_problems_without_a_traceback(site, tmp_path):
    (site / "tin-tuc" / "sai.md").write_text(GOOD_ARTICLE.format(area="Hong Dann", program=""), encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pelican",
            str(site),
            "-s",
            str(ROOT / "pelicanconf.py"),
            "-o",
            str(tmp_path / "out"),
            "-e",
            f'TAXONOMY_DATA_PATH="{ROOT / "content" / "data"}"',
            *cli_caches(tmp_path / "cache"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 1
    assert "tin-tuc/sai.md, dòng 3" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_invoke_build_keeps_the_last_good_site(tmp_path):
    """tasks.build stages the new build and swaps it in only when it succeeds."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    shutil.copytree(ROOT / "content" / "data", content / "data")
    for name in ("pelicanconf.py", "publishconf.py", "tasks.py"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "giamngheo").symlink_to(ROOT / "giamngheo")
    (tmp_path / "theme").symlink_to(ROOT / "theme")
    invoke = [sys.executable, "-m", "invoke"]
    first = subprocess.run([*invoke, "build"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    index = (tmp_path / "output" / "index.html").read_text(encoding="utf-8")
    bad = content / "tin-tuc" / "sai.md"
    bad.write_text(GOOD_ARTICLE.format(area="Hong Dann", program=""), encoding="utf-8")
    second = subprocess.run([*invoke, "build"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert second.returncode != 0
    assert "sai.md, dòng 3" in second.stderr
    assert (tmp_path / "output" / "index.html").read_text(encoding="utf-8") == index
    assert not (tmp_path / "output.new").exists()


ESCAPE = "../" * 12  # from any folder of this machine, up to its root
LINKS = f"""Title: Bài có liên kết ra ngoài
Date: 2025-03-01 08:00
Area: Huyện Đông Hải
Program: Dự án 2

[hệ thống](/etc/passwd)

![mô tả]({ESCAPE}etc/hostname)

[tệp]({{static}}/../bi-mat.py)

[git]({{static}}/../.git/config)

[mật khẩu]({{static}}/{ESCAPE}etc/passwd)

[đính kèm]({{attach}}../../ghi-chu.txt)

[bài]({{filename}}/../ngoai.md)

[máy](file:///etc/hosts)

[số liệu]({{static}}/data/areas.yml)

[chương trình](../data/programs.yml)

[ảnh](images/de.jpg) [bài khác]({{filename}}/tin-tuc/a05.md)
"""


def test_links_out_of_content_or_to_unpublished_files_stop_the_build(site, tmp_path):
    """What an author might write that would publish a file from outside content/ (or from
    content/ but not meant for the site: data/*.yml), or leave a link that leads nowhere: each
    is named by its line before anything is written, Pelican's own copy of such files too."""
    (tmp_path / "bi-mat.py").write_text("SECRET = 'x'\n", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text("[core]\n", encoding="utf-8")
    (tmp_path / "ghi-chu.txt").write_text("ghi chú\n", encoding="utf-8")
    (site / "data").mkdir()
    for name in ("areas.yml", "programs.yml"):
        shutil.copy(ROOT / "content" / "data" / name, site / "data" / name)
    (site / "tin-tuc" / "lien-ket.md").write_text(LINKS, encoding="utf-8")
    output = tmp_path / "ra" / "site"  # Pelican would copy {static}/../bi-mat.py to ra/bi-mat.py

    problems = build_problems(site, output)

    assert {problem.path for problem in problems} == {"tin-tuc/lien-ket.md"}
    assert [(problem.line, problem.detail) for problem in problems] == [
        (6, "link to a local file"),
        (8, "link outside content"),
        (10, "link outside content"),
        (12, "link outside content"),
        (14, "link outside content"),
        (16, "link outside content"),
        (18, "link outside content"),
        (20, "link to a local file"),
        (22, "link to an unpublished file"),
        (24, "link to an unpublished file"),
    ]
    for problem, named in zip(
        problems,
        ("/etc/passwd", "etc/hostname", "/../bi-mat.py", ".git/config", "etc/passwd", "ghi-chu.txt", "ngoai.md"),
        strict=False,
    ):
        assert named in problem.message and "content/images/" in problem.fix
    assert "content/images/" in problems[-1].message  # what the site does publish
    assert not output.exists() and not (tmp_path / "ra").exists()  # nothing written, anywhere
