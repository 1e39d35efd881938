"""`invoke new-article` and `invoke new-model`: ready-to-fill files that build."""

import datetime
import os
import pathlib
import shutil
import zoneinfo

import pytest
from conftest import DATA, FIXTURE_SITE, ROOT, build

from giamngheo.authoring.new_content import new_content
from giamngheo.core import ContentError


@pytest.fixture
def site(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    shutil.copytree(DATA, content / "data")
    # Not "pelicanconf.py": Pelican loads a settings file as a module of its own name, and
    # "from pelicanconf import *" would then import the file itself, leaving only PATH.
    settings = tmp_path / "site_settings.py"
    settings.write_text(f"from pelicanconf import *\nPATH = {str(content)!r}\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(ROOT))
    return content, str(settings)


def test_new_article_is_a_commented_draft_that_builds(site, tmp_path):
    content, settings = site
    path, problems = new_content(
        "article", "Đông Hải trao 30 con bò giống", area="dong hai", program="Dự án 2", settings_file=settings
    )
    assert problems == []
    today = datetime.datetime.now(zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
    assert path == os.path.join(str(content), "tin-tuc", str(today.year), "dong-hai-trao-30-con-bo-giong.md")
    text = pathlib.Path(path).read_text(encoding="utf-8")
    for field in (
        "Title:",
        "Date:",
        "Category:",
        "Tags:",
        "Area:",
        "Program:",
        "Summary:",
        "Image:",
        "Image_alt:",
        "Author:",
        "Status: draft",
    ):
        assert f"\n{field}" in text, field
    assert f"Date: {today:%d/%m/%Y}" in text
    assert text.count("\n# ") >= 10  # every field explained in Vietnamese
    output = tmp_path / "output"
    assert build(content, output, TAXONOMY_DATA_PATH=str(DATA)) == []
    page = (output / "tin-tuc" / str(today.year) / "dong-hai-trao-30-con-bo-giong" / "index.html").read_text(
        encoding="utf-8"
    )
    # Dated today, after the 2025 reform, the bare name "dong hai" is the new commune.
    assert "Bản nháp – chưa xuất bản" in page and "Xã Đông Hải" in page


def test_new_model_lists_every_field_and_asks_for_the_required_ones(site, tmp_path):
    content, settings = site
    path, problems = new_content(
        "model", "Nuôi gà thả vườn", area="Xã Ninh Quới", kind="Chăn nuôi", settings_file=settings
    )
    assert problems == []
    text = pathlib.Path(path).read_text(encoding="utf-8")
    from giamngheo.showcase.fields import FIELDS

    for field in FIELDS:
        assert f"\n{field.key.capitalize()}:" in text, field.key
    with pytest.raises(ContentError) as stop:
        build(content, tmp_path / "output", TAXONOMY_DATA_PATH=str(DATA))
    assert {p.detail for p in stop.value.problems} == {"model field lead_unit", "model field households_total"}


def test_unknown_area_on_the_command_line_writes_nothing(site):
    content, settings = site
    before = sorted(p for p in content.rglob("*.md"))
    _, problems = new_content("article", "Bài thử", area="Sao Hỏa", settings_file=settings)
    assert problems and "Sao Hỏa" in problems[0].message
    assert sorted(p for p in content.rglob("*.md")) == before
