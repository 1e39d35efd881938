"""Matching what staff write to areas and programs (giamngheo/taxonomy/vocabulary.py)."""

import datetime
import unicodedata

import pytest
from conftest import DATA

from giamngheo.taxonomy.vocabulary import UNIT_PREFIXES, AmbiguousMatch, NoMatch, load_vocabulary

BEFORE = datetime.date(2024, 5, 1)
AFTER = datetime.date(2026, 2, 1)


@pytest.fixture(scope="module")
def areas():
    vocabulary, problems = load_vocabulary(DATA / "areas.yml", "data/areas.yml", UNIT_PREFIXES)
    assert problems == []
    return vocabulary


@pytest.fixture(scope="module")
def programs():
    vocabulary, problems = load_vocabulary(DATA / "programs.yml", "data/programs.yml")
    assert problems == []
    return vocabulary


@pytest.mark.parametrize(
    ("written", "day", "slug"),
    [
        ("Hồng Dân", BEFORE, "hong-dan"),
        ("Hong Dan", BEFORE, "hong-dan"),
        ("huyện Hồng Dân", AFTER, "hong-dan"),  # the prefix decides, whatever the date
        ("HUYỆN HỒNG DÂN", None, "hong-dan"),
        ("H. Hồng Dân", None, "hong-dan"),
        (unicodedata.normalize("NFD", "huyện Hồng Dân"), None, "hong-dan"),
        ("Hồng Dân", AFTER, "xa-hong-dan"),  # after the reform the bare name is the commune
        ("xã Hồng Dân", BEFORE, "xa-hong-dan"),
        # Xã Đông Hải, Xã Hòa Bình and Xã Vĩnh Lợi exist since 1 July 2025: as with Hồng Dân,
        # the bare name is the district before that day and the new commune from then on.
        ("Đông Hải", BEFORE, "dong-hai"),
        ("dong hai", BEFORE, "dong-hai"),
        ("Đông Hải", AFTER, "xa-dong-hai"),
        ("Bạc Liêu", BEFORE, "bac-lieu"),
        ("Bạc Liêu", AFTER, "phuong-bac-lieu"),
        ("TP Bạc Liêu", AFTER, "bac-lieu"),
        ("Thành phố Bạc Liêu", None, "bac-lieu"),
        ("thi xa gia rai", None, "gia-rai"),
        ("TX. Giá Rai", None, "gia-rai"),
        ("Phường Giá Rai", None, "phuong-gia-rai"),
        ("Hoà Bình", BEFORE, "hoa-binh"),  # old-style tone placement
        ("Hòa Bình", BEFORE, "hoa-binh"),
        ("Hòa Bình", AFTER, "xa-hoa-binh"),
        ("ninh quoi", None, "xa-ninh-quoi"),
        ("Xã Ninh Thạnh Lợi", None, "xa-ninh-thanh-loi"),
        ("Toàn tỉnh", None, "toan-tinh"),
        ("tỉnh Bạc Liêu", None, "toan-tinh"),
        ("  Vĩnh   Lợi ", BEFORE, "vinh-loi"),
        ("Vĩnh Lợi", AFTER, "xa-vinh-loi"),
        # Former communes name the unit that absorbed them (and so its former district).
        ("xã Vĩnh Hậu A", BEFORE, "xa-vinh-hau"),
        ("Vinh Hau A", AFTER, "xa-vinh-hau"),
        ("thị trấn Ngan Dừa", None, "xa-hong-dan"),
        ("TT. Gành Hào", BEFORE, "xa-ganh-hao"),
        ("Long Điền Tây", BEFORE, "xa-ganh-hao"),
        ("xã Long Thạnh", BEFORE, "xa-hoa-binh"),
        ("phường Nhà Mát", None, "phuong-hiep-thanh"),
        # "xã Phong Thạnh": before the reform the former commune, now in Phường Giá Rai;
        # from 1 July 2025 the new Xã Phong Thạnh (former Tân Thạnh, Phong Thạnh Tây, Tân Phong).
        ("xã Phong Thạnh", BEFORE, "phuong-gia-rai"),
        ("Phong Thạnh", BEFORE, "phuong-gia-rai"),
        ("xã Phong Thạnh", AFTER, "xa-phong-thanh"),
        ("Phong Thạnh", AFTER, "xa-phong-thanh"),
        ("Xã Phong Thạnh", None, "xa-phong-thanh"),  # no date: a unit's own name first
        ("Phong Thạnh Tây", BEFORE, "xa-phong-thanh"),
        ("Phong Thạnh Tây A", BEFORE, "xa-phong-hiep"),
        # "Phước Long": the former district, the former xã Phước Long (now Xã Vĩnh Phước),
        # the former thị trấn Phước Long and the new Xã Phước Long.
        ("Phước Long", BEFORE, "phuoc-long"),
        ("Phước Long", AFTER, "xa-phuoc-long"),
        ("xã Phước Long", BEFORE, "xa-vinh-phuoc"),
        ("xã Phước Long", AFTER, "xa-phuoc-long"),
        ("thị trấn Phước Long", BEFORE, "xa-phuoc-long"),
        ("Huyện Phước Long", AFTER, "phuoc-long"),
    ],
)
def test_area_matching(areas, written, day, slug):
    assert areas.match(written, day).slug == slug


@pytest.mark.parametrize(
    ("written", "slug"),
    [
        ("Dự án 2", "du-an-2"),
        ("du an 2", "du-an-2"),
        ("DA5", "du-an-5"),
        ("Dự án 2: Đa dạng hóa sinh kế, phát triển mô hình giảm nghèo", "du-an-2"),
        ("CTMTQG 2026-2035", "ctmtqg-2026-2035"),
        ("Nghị quyết 257/2025/QH15", "ctmtqg-2026-2035"),
        ("Giảm nghèo bền vững 2021-2025", "giam-ngheo-2021-2025"),
        ("Vì người nghèo", "vi-nguoi-ngheo"),
        ("Quỹ “Vì người nghèo”", "quy-vi-nguoi-ngheo"),
        ("đỡ đầu hộ nghèo", "do-dau-ho-ngheo"),
        ("NQ 13", "nghi-quyet-13"),
    ],
)
def test_program_matching(programs, written, slug):
    assert programs.match(written).slug == slug


@pytest.mark.parametrize(
    ("written", "slugs"),
    [
        ("Hồng Dân", {"hong-dan", "xa-hong-dan"}),
        ("Hòa Bình", {"hoa-binh", "xa-hoa-binh"}),
        ("Phước Long", {"phuoc-long", "xa-phuoc-long"}),
    ],
)
def test_bare_name_without_a_date_is_ambiguous(areas, written, slugs):
    with pytest.raises(AmbiguousMatch) as error:
        areas.match(written)
    assert {entry.slug for entry in error.value.candidates} == slugs


@pytest.mark.parametrize("day", [BEFORE, AFTER, None])
def test_a_former_ward_number_shared_by_two_towns_is_ambiguous(areas, day):
    """Phường 1 of TP Bạc Liêu and Phường 1 of TX Giá Rai: staff must name the new ward."""
    with pytest.raises(AmbiguousMatch) as error:
        areas.match("Phường 1", day)
    assert {entry.slug for entry in error.value.candidates} == {"phuong-bac-lieu", "phuong-gia-rai"}


def test_all_25_units_of_resolution_1655(areas):
    new = [e for e in areas.entries.values() if e.valid_from == datetime.date(2025, 7, 1)]
    assert len(new) == 25
    assert sorted(e.type for e in new).count("xã") == 20 and [e.type for e in new].count("phường") == 5
    assert all(e.predecessors for e in new)


def test_a_commune_on_two_former_districts(areas):
    assert areas.entries["xa-hoa-binh"].parents == ("hoa-binh", "vinh-loi")
    for district in ("hoa-binh", "vinh-loi"):
        assert "xa-hoa-binh" in {e.slug for e in areas.entries.values() if district in e.parents}
    assert {e.slug for e in areas.entries.values() if "vinh-loi" in e.parents} == {
        "xa-vinh-loi",
        "xa-hung-hoi",
        "xa-chau-thoi",
        "xa-hoa-binh",
    }


@pytest.mark.parametrize(
    ("written", "expected"),
    [("Hong Dann", "hong-dan"), ("Đông Hả", "dong-hai"), ("Ninh Quoi C", "xa-ninh-quoi"), ("Phuoc Lon", "phuoc-long")],
)
def test_unknown_area_suggests_the_nearest_names(areas, written, expected):
    with pytest.raises(NoMatch) as error:
        areas.match(written, BEFORE)
    assert expected in [entry.slug for entry in error.value.suggestions]


def test_unknown_program_is_refused(programs):
    with pytest.raises(NoMatch):
        programs.match("Dự án 9")


def test_every_new_commune_belongs_to_a_former_district(areas):
    for entry in areas.entries.values():
        if entry.valid_from:
            assert entry.parents, entry.slug
            for parent in entry.parents:
                assert areas.entries[parent].valid_until == datetime.date(2025, 6, 30)
            assert entry.valid_from == datetime.date(2025, 7, 1)


def test_seed_data_holds_the_seven_districts_and_seven_projects(areas, programs):
    districts = [e for e in areas.entries.values() if e.type in ("thành phố", "thị xã", "huyện")]
    assert len(districts) == 7
    projects = [e for e in programs.entries.values() if e.parent == "giam-ngheo-2021-2025"]
    assert [p.slug for p in projects] == [f"du-an-{n}" for n in range(1, 8)]


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("- slug: a\n  name: A\n- slug: a\n  name: B\n", "bị trùng", 3),
        ("- slug: a\n  name: A\n  parent: zz\n", "parent “zz”", 1),
        ("- slug: a\n  name: A\n- slug: b\n  name: B\n  parent: [a, zz]\n", "parent “zz”", 3),
        ("- slug: Bad Slug\n  name: A\n", "không hợp lệ", 1),
        ("- slug: a\n  name: A\n  valid_until: 30/06/2025\n", "không hợp lệ", 1),
        ("- slug: a\n  name: A\n parent: b\n", "cú pháp YAML", 3),  # mis-indented
        ("- slug: a\n", "thiếu “slug” hoặc “name”", 1),
        ("- slug: a\n  name: A\n  colour: red\n", "trường lạ", 1),
    ],
)
def test_data_file_mistakes_name_the_line(tmp_path, text, message, line):
    path = tmp_path / "areas.yml"
    path.write_text(text, encoding="utf-8")
    _, problems = load_vocabulary(path, "data/areas.yml", UNIT_PREFIXES)
    assert problems, text
    assert message in problems[0].message
    assert problems[0].line == line
    assert problems[0].path == "data/areas.yml"


@pytest.mark.parametrize(
    ("written", "slugs"),
    [
        ("Dự án 2; Dự án 5", ["du-an-2", "du-an-5"]),
        ("Dự án 2, Dự án 5", ["du-an-2", "du-an-5"]),
        ("du an 2 ,  , DA5;", ["du-an-2", "du-an-5"]),
        # Official names with commas are not cut at the comma.
        (
            "Dự án 1: Hỗ trợ đầu tư phát triển hạ tầng kinh tế - xã hội các huyện nghèo, các xã đặc biệt "
            "khó khăn vùng bãi ngang, ven biển và hải đảo, Dự án 2",
            ["du-an-1", "du-an-2"],
        ),
        (
            "Chương trình mục tiêu quốc gia xây dựng nông thôn mới, giảm nghèo bền vững và phát triển kinh tế - xã "
            "hội vùng đồng bào dân tộc thiểu số và miền núi giai đoạn 2026–2035",
            ["ctmtqg-2026-2035"],
        ),
    ],
)
def test_program_lists(programs, written, slugs):
    assert [entry.slug for _, entry in programs.match_list(written)] == slugs


def test_list_reports_each_unknown_value(programs):
    results = programs.match_list("Dự án 2, Dự án 9; Quỹ Vì người nghèo")
    assert [value for value, entry in results if isinstance(entry, NoMatch)] == ["Dự án 9"]
    assert len(results) == 3


def test_an_alias_equal_to_the_bare_name_does_not_override_the_date(tmp_path):
    path = tmp_path / "areas.yml"
    path.write_text(
        "- slug: hoa-binh\n  name: Huyện Hòa Bình\n  type: huyện\n  valid_until: 2025-06-30\n  aliases: [Hoà Bình]\n"
        "- slug: xa-hoa-binh\n  name: Xã Hòa Bình\n  type: xã\n  valid_from: 2025-07-01\n  parent: hoa-binh\n",
        encoding="utf-8",
    )
    vocabulary, problems = load_vocabulary(path, "areas.yml", UNIT_PREFIXES)
    assert problems == []
    assert vocabulary.match("Hòa Bình", AFTER).slug == "xa-hoa-binh"
    assert vocabulary.match("Hoà Bình", BEFORE).slug == "hoa-binh"
