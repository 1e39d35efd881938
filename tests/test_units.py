"""Units (đơn vị): the bodies that report on poverty reduction, a taxonomy like areas
(content/data/units.yml), each with its page and feeds."""

import shutil

import pytest
from conftest import DATA, FIXTURE_SITE, ROOT, read_site

from giamngheo.core import reported
from giamngheo.taxonomy import load_vocabulary


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return read_site(ROOT / "content", tmp_path_factory.mktemp("units") / "output")


@pytest.mark.parametrize(
    ("written", "slug"),
    [
        ("UBND xã Ninh Quới", "ubnd-xa-ninh-quoi"),
        ("ubnd xa ninh quoi", "ubnd-xa-ninh-quoi"),
        ("Ủy ban nhân dân xã Ninh Quới", "ubnd-xa-ninh-quoi"),
        ("NHCSXH", "nhcsxh-chi-nhanh-tinh"),
        ("Hội LHPN", "hoi-lien-hiep-phu-nu-tinh"),
        ("UBND huyện Hồng Dân", "ubnd-hong-dan"),
        ("Sở NN&MT", "so-nong-nghiep-va-moi-truong"),
    ],
)
def test_names_are_matched_as_staff_write_them(written, slug):
    vocabulary, problems = load_vocabulary(str(DATA / "units.yml"), "data/units.yml")
    assert problems == []
    assert vocabulary.match(written).slug == slug


def test_every_unit_has_its_area_and_the_sample_names_them(sample):
    assert reported(sample.context) == []
    units = {unit.slug: unit for unit in sample.context["units"]}
    assert len(units) >= 40 and all(unit.area is not None for unit in units.values())
    article = sample.item("xa-ninh-quoi-giao-viec-cho-tung-can-bo-giam-ngheo")
    [unit] = article.units
    assert unit is units["ubnd-xa-ninh-quoi"] and unit.area.slug == "xa-ninh-quoi"
    assert article in unit.articles and unit.count >= 1
    model = sample.item("trong-dua-hau-rau-mau-dinh-thanh")
    assert model in units["ubnd-xa-dinh-thanh"].models  # profiles are filed under units too


def test_an_unknown_unit_names_the_file_the_line_and_the_list(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    (content / "tin-tuc" / "sai.md").write_text(
        "Title: Sai\nDate: 2025-03-01\nArea: Hồng Dân\nUnit: UBND xã Sao Hỏa\n\nx\n", encoding="utf-8"
    )
    read = read_site(content, tmp_path / "output", TAXONOMY_DATA_PATH=str(DATA))
    [problem] = reported(read.context)
    assert (problem.path, problem.line) == ("tin-tuc/sai.md", 4)
    assert "Đơn vị “UBND xã Sao Hỏa” không có trong danh sách" in problem.message and "units.yml" in problem.fix
