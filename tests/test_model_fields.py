"""Typed facts of model profiles (giamngheo/showcase/fields.py)."""

import pytest

from giamngheo.showcase.fields import FieldError, parse_count, parse_facts, parse_money, parse_yes_no

MINIMAL = {"start_year": "2023", "lead_unit": "Hội Nông dân xã", "households_total": "22"}


@pytest.mark.parametrize(("text", "value"), [("22", 22), ("1.234", 1234), ("1 234", 1234), (" 7 ", 7)])
def test_counts(text, value):
    assert parse_count(text) == value


@pytest.mark.parametrize("text", ["khoảng 50", "12 hộ", "-3", "1,5", ""])
def test_counts_refuse_what_is_not_a_whole_number(text):
    with pytest.raises(FieldError):
        parse_count(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("420.000.000", 420_000_000),
        ("420000000", 420_000_000),
        ("420.000.000 đồng", 420_000_000),
        ("504 triệu", 504_000_000),
        ("504 triệu đồng", 504_000_000),
        ("1,5 tỷ", 1_500_000_000),
        ("1,5 tỉ đồng", 1_500_000_000),
        ("0", 0),
    ],
)
def test_money(text, value):
    assert parse_money(text) == value


@pytest.mark.parametrize("text", ["nhiều", "khoảng 5 triệu", "5 đô"])
def test_money_refuses_text(text):
    with pytest.raises(FieldError):
        parse_money(text)


@pytest.mark.parametrize(
    ("text", "value"), [("có", True), ("Có", True), ("co", True), ("không", False), ("Khong", False)]
)
def test_yes_no(text, value):
    assert parse_yes_no(text) is value


def test_minimal_profile_has_no_errors():
    facts, errors = parse_facts(MINIMAL)
    assert errors == []
    assert facts.households_total == 22
    assert facts.funding_total is None


def test_missing_required_fields_are_reported():
    _, errors = parse_facts({})
    assert {key for key, _, _ in errors} == {"start_year", "lead_unit", "households_total"}


def test_wrong_type_names_the_field_and_the_value():
    _, errors = parse_facts({**MINIMAL, "households_poor": "khoảng 50"})
    assert [(key, "khoảng 50" in message) for key, message, _ in errors] == [("households_poor", True)]


def test_groups_larger_than_the_total_are_refused():
    _, errors = parse_facts({**MINIMAL, "households_poor": "20", "households_near_poor": "5"})
    assert [key for key, _, _ in errors] == ["households_total"]


def test_panel_in_vietnamese_formats():
    facts, errors = parse_facts(
        {
            **MINIMAL,
            "households_poor": "12",
            "households_near_poor": "6",
            "households_escaped": "2",
            "funding_central": "420.000.000",
            "funding_local": "50 triệu",
            "funding_households": "34.000.000",
            "income_before": "1.300.000",
            "income_after": "2.600.000",
            "revolving": "có",
        }
    )
    assert errors == []
    panel = dict(facts.panel())
    households = dict(panel["Hộ tham gia"])
    assert households["Tổng số hộ tham gia"] == "22 hộ"
    assert households["Tỷ lệ hộ nghèo, cận nghèo, mới thoát nghèo"] == "91%"
    funding = dict(panel["Kinh phí"])
    assert funding["Tổng kinh phí"] == "504 triệu đồng"
    assert funding["Luân chuyển vốn, con giống"] == "Có"
    results = dict(panel["Kết quả"])
    assert results["Thu nhập bình quân khi bắt đầu"] == "1,3 triệu đồng/người/tháng"
    assert results["Thu nhập tăng"] == "gấp 2 lần"


@pytest.mark.parametrize(
    ("before", "after", "text"),
    [
        ("1.300.000", "2.050.000", "1,3 → 2,05 triệu đồng"),  # one unit, said once
        ("900.000", "1.500.000", "900.000 đồng → 1,5 triệu đồng"),
    ],
)
def test_income_before_and_after_is_one_short_figure(before, after, text):
    facts, _ = parse_facts({**MINIMAL, "income_before": before, "income_after": after})
    assert facts.income_change == text


def test_cost_per_household_counts_every_source_of_funding():
    facts, _ = parse_facts(
        {**MINIMAL, "funding_central": "420.000.000", "funding_local": "50 triệu", "funding_households": "34.000.000"}
    )
    assert facts.cost_per_household == 22_909_091
    assert ("Kinh phí bình quân mỗi hộ", "22,91 triệu đồng") in dict(facts.panel())["Kinh phí"]
    assert parse_facts(MINIMAL)[0].cost_per_household is None  # no funding written: no figure


def test_key_facts_are_chosen_by_key_and_may_mark_what_is_missing():
    facts, _ = parse_facts(
        {**MINIMAL, "households_left_poverty": "5", "income_before": "1.300.000", "income_after": "2 triệu"}
    )
    keys = ("households_left_poverty", "income_change", "cost_per_household", "replicable")
    assert facts.key_facts(keys) == [
        ("Số hộ đã thoát nghèo", "5 hộ"),
        ("Thu nhập mỗi người mỗi tháng", "1,3 → 2 triệu đồng"),
    ]
    assert [text for _, text in facts.key_facts(keys, missing="Chưa ghi")] == [
        "5 hộ",
        "1,3 → 2 triệu đồng",
        "Chưa ghi",
        "Chưa ghi",
    ]
    assert facts.labels(keys)[2:] == ["Kinh phí bình quân mỗi hộ", "Có thể nhân rộng"]
