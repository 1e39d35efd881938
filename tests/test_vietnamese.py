"""Vietnamese text, dates and numbers (giamngheo/vietnamese)."""

import datetime
import unicodedata
import zoneinfo

import pytest

from giamngheo.vietnamese.formatting import (
    babel_date,
    iso_datetime,
    vi_date,
    vi_datetime,
    vi_money,
    vi_number,
    vi_percent,
)
from giamngheo.vietnamese.text import fold, same_tone_place, sort_key, strip_diacritics

UTC = zoneinfo.ZoneInfo("UTC")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đông Hải", "dong hai"),
        ("huyện  Hồng Dân", "huyen hong dan"),
        ("TP. Bạc Liêu", "tp bac lieu"),
        (unicodedata.normalize("NFD", "Vĩnh Lợi"), "vinh loi"),
        ("Dự án 2: Đa dạng hóa sinh kế", "du an 2 da dang hoa sinh ke"),
        ("ĐỊNH THÀNH", "dinh thanh"),
    ],
)
def test_fold_ignores_case_diacritics_and_form(text, expected):
    assert fold(text) == expected


def test_strip_diacritics_turns_d_with_stroke_into_d():
    assert strip_diacritics("Đường đến Đông Hải") == "Duong den Dong Hai"


def test_sort_key_follows_the_vietnamese_alphabet():
    names = ["Vĩnh Lợi", "Đông Hải", "Giá Rai", "Dương", "Ăn", "An", "Âm", "Hồng Dân", "Hòa Bình", "Bạc Liêu"]
    assert sorted(names, key=sort_key) == [
        "An",
        "Ăn",
        "Âm",
        "Bạc Liêu",
        "Dương",
        "Đông Hải",
        "Giá Rai",
        "Hòa Bình",
        "Hồng Dân",
        "Vĩnh Lợi",
    ]


def test_sort_key_orders_tones_ngang_huyen_hoi_nga_sac_nang():
    assert sorted(["má", "mạ", "mà", "ma", "mã", "mả"], key=sort_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]


@pytest.mark.parametrize(
    ("old", "new"),
    [("Hòa Bình", "Hoà Bình"), ("Thúy", "Thuý"), ("khỏe", "khoẻ"), ("Ủy ban", "Uỷ ban"), ("xòe", "xoè")],
)
def test_old_and_new_tone_placement_are_one_spelling(old, new):
    assert same_tone_place(old) == same_tone_place(new) == new
    assert sort_key(old)[:2] == sort_key(new)[:2]  # and they sort as one


@pytest.mark.parametrize("word", ["hoàng", "quý", "của", "lúa", "thuở", "hoặc", "khuyến"])
def test_tone_placement_leaves_other_syllables_alone(word):
    assert same_tone_place(word) == word


def test_sort_key_is_the_same_for_nfc_and_nfd():
    name = "Ninh Thạnh Lợi"
    assert sort_key(unicodedata.normalize("NFD", name))[:2] == sort_key(name)[:2]


@pytest.mark.parametrize(
    ("moment", "date_text", "datetime_text"),
    [
        (datetime.datetime(2026, 11, 24, 9, 49, tzinfo=UTC), "Thứ Ba, 24/11/2026", "Thứ Ba, 24/11/2026 16:49"),
        # 20:00 UTC on a Saturday is already Sunday in Việt Nam.
        (datetime.datetime(2026, 11, 28, 20, 0, tzinfo=UTC), "Chủ Nhật, 29/11/2026", "Chủ Nhật, 29/11/2026 03:00"),
        (datetime.date(2025, 7, 1), "Thứ Ba, 01/07/2025", None),
    ],
)
def test_dates_in_vietnamese_in_the_site_time_zone(moment, date_text, datetime_text):
    assert vi_date(moment) == date_text
    if datetime_text:
        assert vi_datetime(moment) == datetime_text
        assert iso_datetime(moment).endswith("+07:00")


def test_long_dates_are_written_as_babel_writes_them():
    """vi_date and vi_datetime format by hand, with Babel's day names: every day of two years
    (each weekday, month and the turn of the year) at hours either side of midnight in Việt Nam."""
    start = datetime.datetime(2025, 12, 1, 16, 59, tzinfo=UTC)
    for days in range(0, 730, 1):
        for hours in (0, 7, 13):
            moment = start + datetime.timedelta(days=days, hours=hours, minutes=days % 60)
            assert vi_date(moment) == babel_date(moment)
            assert vi_datetime(moment) == babel_date(moment, pattern="EEEE, dd/MM/yyyy HH:mm")
    assert vi_date(datetime.date(2005, 1, 2)) == babel_date(datetime.date(2005, 1, 2)) == "Chủ Nhật, 02/01/2005"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1234, "1.234"), (0.69, "0,69"), (1234567.5, "1.234.567,5"), (0, "0")],
)
def test_numbers_use_dot_for_thousands_and_comma_for_decimals(value, expected):
    assert vi_number(value) == expected


def test_percent():
    assert vi_percent(0.0069) == "0,69%"
    assert vi_percent(0.0186) == "1,86%"


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (504_000_000, "504 triệu đồng"),
        (1_500_000_000, "1,5 tỷ đồng"),
        (2_004_000_000, "2,004 tỷ đồng"),
        (1_300_000, "1,3 triệu đồng"),
        (25_000, "25.000 đồng"),
    ],
)
def test_money(amount, expected):
    assert vi_money(amount) == expected


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Đông Hải", "dong-hai"),
        ("Hồng Dân trao bò giống", "hong-dan-trao-bo-giong"),
        ("Phường Hiệp Thành", "phuong-hiep-thanh"),
        (unicodedata.normalize("NFD", "Vĩnh Lợi"), "vinh-loi"),
        ("Tôm – lúa: “mô hình” 2026", "tom-lua-mo-hinh-2026"),
    ],
)
def test_slugs_drop_diacritics_with_the_site_settings(name, slug):
    from conftest import make_settings
    from pelican.utils import slugify

    settings = make_settings()
    assert slugify(name, regex_subs=settings["SLUG_REGEX_SUBSTITUTIONS"]) == slug
