"""The structured facts of a model profile: which header fields exist, their types, how
they are read from what staff write and checked against each other."""

import dataclasses
import re

from giamngheo.core.fields import Field as CoreField
from giamngheo.vietnamese.formatting import vi_money, vi_number, vi_percent
from giamngheo.vietnamese.text import fold


class FieldError(ValueError):
    """A value staff wrote cannot be read as the field's type; args are (message, fix)."""


def parse_count(text):
    """A whole number of households, jobs …: "22", "1.234", "1 234"."""
    cleaned = re.sub(r"(?<=\d)[.\s](?=\d{3}\b)", "", text.strip())
    if not re.fullmatch(r"\d+", cleaned):
        raise FieldError(
            f"cần một số nguyên, nhưng đang ghi “{text}”",
            "Chỉ ghi con số, ví dụ 12 hoặc 1.234 (không ghi “khoảng”, “hộ”, …).",
        )
    return int(cleaned)


_MONEY_UNITS = {"trieu": 1_000_000, "ty": 1_000_000_000, "ti": 1_000_000_000, "nghin": 1_000, "ngan": 1_000}


def parse_money(text):
    """An amount in VND: "420.000.000", "420000000", "504 triệu", "1,5 tỷ" (đồng optional)."""
    folded = fold(text)
    folded = re.sub(r"\s*(dong|d|vnd)$", "", folded)
    match = re.fullmatch(r"(\d+)(?: (\d+))? (trieu|ty|ti|nghin|ngan)", folded)
    if match:
        # fold() turned "1,5 tỷ" into "1 5 ty": the second group is the decimal part.
        whole, decimals, unit = match.groups()
        value = float(f"{whole}.{decimals or 0}")
        return round(value * _MONEY_UNITS[unit])
    digits = re.sub(r"(?<=\d)[.\s](?=\d{3}\b)", "", re.sub(r"\s*(đồng|đ|VND)$", "", text.strip(), flags=re.I))
    if re.fullmatch(r"\d+", digits):
        return int(digits)
    raise FieldError(
        f"cần một số tiền (đồng), nhưng đang ghi “{text}”",
        "Ghi số tiền bằng chữ số, ví dụ 420.000.000 hoặc 504 triệu hoặc 1,5 tỷ.",
    )


def parse_year(text):
    """A four-digit year between 1990 and 2100."""
    if not re.fullmatch(r"\s*(19[9]\d|20\d\d|2100)\s*", text):
        raise FieldError(f"cần một năm có bốn chữ số, nhưng đang ghi “{text}”", "Ví dụ: 2024.")
    return int(text)


def parse_yes_no(text):
    """có / không."""
    folded = fold(text)
    if folded in ("co", "yes", "x", "dung"):
        return True
    if folded in ("khong", "no", "k"):
        return False
    raise FieldError(f"cần “có” hoặc “không”, nhưng đang ghi “{text}”", "Ghi “có” hoặc “không”.")


OPERATIONS = ("Đang triển khai", "Đang nhân rộng", "Đã kết thúc")


def parse_operation(text):
    """The model's own state (not Pelican's Status, which is draft/published)."""
    for operation in OPERATIONS:
        if fold(operation) == fold(text):
            return operation
    choices = ", ".join(f"“{o}”" for o in OPERATIONS)
    raise FieldError(f"không phải một tình trạng đã biết: “{text}”", f"Ghi một trong: {choices}.")


def parse_text(text):
    return " ".join(text.split())


GENERAL, HOUSEHOLDS, FUNDING, RESULTS = "Thông tin chung", "Hộ tham gia", "Kinh phí", "Kết quả"


@dataclasses.dataclass(frozen=True)
class Field:
    key: str  # the header key, lower case as Pelican gives it: "households_poor"
    label: str  # what readers see
    group: str  # the part of the facts panel it shows in
    parse: object = parse_text
    required: bool = False
    display: str = "text"  # text | count | money | income | year | yes_no
    unit: str = ""  # after a count: "hộ", "tháng"


FIELDS = (
    Field("operation", "Tình trạng", GENERAL, parse_operation),
    Field("hamlet", "Ấp", GENERAL),
    Field("commune", "Xã, phường", GENERAL),
    Field("start_year", "Năm bắt đầu", GENERAL, parse_year, required=True, display="year"),
    Field("duration_months", "Thời gian thực hiện", GENERAL, parse_count, display="count", unit="tháng"),
    Field("lead_unit", "Đơn vị chủ trì", GENERAL, required=True),
    Field(
        "households_total", "Tổng số hộ tham gia", HOUSEHOLDS, parse_count, required=True, display="count", unit="hộ"
    ),
    Field("households_poor", "Hộ nghèo", HOUSEHOLDS, parse_count, display="count", unit="hộ"),
    Field("households_near_poor", "Hộ cận nghèo", HOUSEHOLDS, parse_count, display="count", unit="hộ"),
    Field("households_escaped", "Hộ mới thoát nghèo", HOUSEHOLDS, parse_count, display="count", unit="hộ"),
    Field(
        "households_ethnic_minority",
        "Trong đó hộ dân tộc thiểu số",
        HOUSEHOLDS,
        parse_count,
        display="count",
        unit="hộ",
    ),
    Field("funding_central", "Ngân sách trung ương", FUNDING, parse_money, display="money"),
    Field("funding_local", "Ngân sách địa phương", FUNDING, parse_money, display="money"),
    Field("funding_households", "Người dân đối ứng", FUNDING, parse_money, display="money"),
    Field("funding_loans", "Vốn vay Ngân hàng Chính sách xã hội", FUNDING, parse_money, display="money"),
    Field("funding_in_kind", "Hỗ trợ bằng hiện vật", FUNDING),
    Field("revolving", "Luân chuyển vốn, con giống", FUNDING, parse_yes_no, display="yes_no"),
    Field("revolving_note", "Cách luân chuyển", FUNDING),
    Field("income_before", "Thu nhập bình quân khi bắt đầu", RESULTS, parse_money, display="income"),
    Field("income_after", "Thu nhập bình quân hiện nay", RESULTS, parse_money, display="income"),
    Field("households_left_poverty", "Số hộ đã thoát nghèo", RESULTS, parse_count, display="count", unit="hộ"),
    Field("jobs", "Việc làm tạo ra", RESULTS, parse_count, display="count", unit="việc làm"),
    Field("replicable", "Có thể nhân rộng", RESULTS, parse_yes_no, display="yes_no"),
    Field("training", "Tập huấn", RESULTS),
    Field("lessons", "Bài học kinh nghiệm", RESULTS),
    Field("contact", "Liên hệ", RESULTS),
)
GROUPS = (GENERAL, HOUSEHOLDS, FUNDING, RESULTS)
FIELDS_BY_KEY = {field.key: field for field in FIELDS}
FUNDING_KEYS = ("funding_central", "funding_local", "funding_households", "funding_loans")
TARGET_KEYS = ("households_poor", "households_near_poor", "households_escaped")
# What a reader needs first (feeds start a profile with them): fields or derived facts.
KEY_FACTS = (
    "households_total",
    "households_poor",
    "households_near_poor",
    "funding_total",
    "households_left_poverty",
    "income_before",
    "income_after",
)
# The theme's choices (showcase DEFAULTS, MODEL_*_FACTS): the strip under a profile's
# title, a card in a list, what it takes to copy a model, the comparison columns.
HEADLINE_FACTS = ("households_total", "households_left_poverty", "income_change", "cost_per_household")
CARD_FACTS = ("households_total", "households_left_poverty", "income_change")
REPLICATE_FACTS = ("cost_per_household", "funding_in_kind", "training", "lead_unit", "contact")
COMPARE_FACTS = ("cost_per_household", "households_left_poverty", "income_change", "replicable")
# Facts computed from the fields, by the Facts property of the same name.
DERIVED_LABELS = {
    "target_share": "Tỷ lệ hộ nghèo, cận nghèo, mới thoát nghèo",
    "funding_total": "Tổng kinh phí",
    "cost_per_household": "Kinh phí bình quân mỗi hộ",
    "income_ratio": "Thu nhập tăng",
    "income_change": "Thu nhập mỗi người mỗi tháng",
}


@dataclasses.dataclass
class Facts:
    """The typed facts of one model profile; absent fields are None."""

    values: dict

    def __getattr__(self, key):
        if key in FIELDS_BY_KEY:
            return self.values.get(key)
        raise AttributeError(key)

    @property
    def funding_total(self):
        amounts = [self.values[k] for k in FUNDING_KEYS if self.values.get(k) is not None]
        return sum(amounts) if amounts else None

    @property
    def target_households(self):
        """Participants from the target groups (nghèo, cận nghèo, mới thoát nghèo)."""
        counts = [self.values[k] for k in TARGET_KEYS if self.values.get(k) is not None]
        return sum(counts) if counts else None

    @property
    def target_share(self):
        total, target = self.values.get("households_total"), self.target_households
        if not total or target is None:
            return None
        return target / total

    @property
    def cost_per_household(self):
        """What the model cost per participating household, all funding sources together."""
        total, households = self.funding_total, self.values.get("households_total")
        if total is None or not households:
            return None
        return round(total / households)

    @property
    def income_ratio(self):
        before, after = self.values.get("income_before"), self.values.get("income_after")
        if not before or after is None:
            return None
        return after / before

    def rows(self):
        """{group: [(key, label, text)]}: every fact present, derived ones included, in
        Vietnamese formats; `key` is the field's key or the derived property's name. Made
        once: a profile's facts are shown on its page, its cards, feeds and comparisons."""
        if "_rows" not in self.__dict__:
            self.__dict__["_rows"] = self._make_rows()
        return self.__dict__["_rows"]

    def _make_rows(self):
        rows = {group: [] for group in GROUPS}
        for field in FIELDS:
            value = self.values.get(field.key)
            if value is not None:
                rows[field.group].append((field.key, field.label, format_value(field, value)))
        if self.target_share is not None:
            share = vi_percent(self.target_share, 0)
            rows[HOUSEHOLDS].append(("target_share", DERIVED_LABELS["target_share"], share))
        if self.funding_total is not None:
            rows[FUNDING].insert(0, ("funding_total", DERIVED_LABELS["funding_total"], vi_money(self.funding_total)))
        if self.cost_per_household is not None:
            cost = vi_money(self.cost_per_household)
            rows[FUNDING].insert(1, ("cost_per_household", DERIVED_LABELS["cost_per_household"], cost))
        if self.income_ratio is not None:
            ratio = f"gấp {vi_number(self.income_ratio, 1)} lần"
            rows[RESULTS].insert(2, ("income_ratio", DERIVED_LABELS["income_ratio"], ratio))
        return rows

    def panel(self):
        """[(group, [(label, text)])] for the facts panel, in Vietnamese formats."""
        rows = self.rows()
        return [(group, [(label, text) for _, label, text in rows[group]]) for group in GROUPS if rows[group]]

    def key_facts(self, keys=KEY_FACTS, missing=None):
        """[(label, text)] of the facts named by `keys` (fields or derived facts), in that
        order; a fact the profile does not give is left out, or shown as `missing`."""
        found = self.__dict__.get("_found")
        if found is None:
            found = {key: text for rows in self.rows().values() for key, _, text in rows}
            if self.income_change is not None:
                found["income_change"] = self.income_change
            self.__dict__["_found"] = found
        return [(fact_label(key), found.get(key, missing)) for key in keys if key in found or missing is not None]

    @staticmethod
    def labels(keys):
        """The readers' names of these facts (the head of a table of them)."""
        return [fact_label(key) for key in keys]

    @property
    def income_change(self):
        """Income per person and month before and after, in one figure: "1,3 → 2,05 triệu
        đồng" (its label says per person and month: the value stays short enough for a phone)."""
        before, after = self.values.get("income_before"), self.values.get("income_after")
        if before is None or after is None:
            return None
        before_text, after_text = vi_money(before), vi_money(after)
        unit = after_text.split(" ", 1)[1]
        if before_text.endswith(" " + unit):  # same unit: say it once
            before_text = before_text[: -len(unit) - 1]
        return f"{before_text} → {after_text}"


def fact_label(key):
    """What readers call a field or a derived fact."""
    return FIELDS_BY_KEY[key].label if key in FIELDS_BY_KEY else DERIVED_LABELS[key]


def format_value(field, value):
    """A fact as readers see it: "12 hộ", "420 triệu đồng", "1,3 triệu đồng/người/tháng"."""
    if field.display == "count":
        return f"{vi_number(value, 0)} {field.unit}".strip()
    if field.display == "money":
        return vi_money(value)
    if field.display == "income":
        return f"{vi_money(value)}/người/tháng"
    if field.display == "yes_no":
        return "Có" if value else "Không"
    return str(value)


def _raw(metadata, key):
    value = metadata.get(key)
    if value is None:
        return None
    if isinstance(value, list):
        value = " ".join(str(v) for v in value)
    value = str(value).strip()
    return value or None


def parse_facts(metadata):
    """(Facts, [(key, message, fix)]) from a model profile's metadata."""
    values, errors = {}, []
    for field in FIELDS:
        raw = _raw(metadata, field.key)
        if raw is None:
            if field.required:
                errors.append(
                    (
                        field.key,
                        "chưa điền, đây là trường bắt buộc",
                        f"Thêm dòng “{field.key.capitalize()}: …” và điền giá trị.",
                    )
                )
            continue
        try:
            values[field.key] = field.parse(raw)
        except FieldError as error:
            message, fix = error.args
            errors.append((field.key, message, fix))
    facts = Facts(values)
    target, total = facts.target_households, values.get("households_total")
    if target is not None and total is not None and target > total:
        errors.append(
            (
                "households_total",
                f"số hộ nghèo, cận nghèo và mới thoát nghèo ({target}) lớn hơn tổng số hộ tham gia ({total})",
                "Kiểm tra lại các con số Households_*.",
            )
        )
    left, poor = values.get("households_left_poverty"), values.get("households_poor")
    if left is not None and poor is not None and left > poor + (values.get("households_near_poor") or 0):
        errors.append(
            (
                "households_left_poverty",
                f"số hộ thoát nghèo ({left}) lớn hơn số hộ nghèo và cận nghèo tham gia",
                "Kiểm tra lại Households_left_poverty.",
            )
        )
    return facts, errors


# What the editor's form says under a fact's field (the wording matches docs/huong-dan-bien-tap.md).
FACT_HINTS = {
    "money": "Số tiền bằng đồng, chỉ ghi chữ số, ví dụ 420000000.",
    "income": "Đồng mỗi người mỗi tháng, chỉ ghi chữ số, ví dụ 1300000.",
    "count": "Chỉ ghi con số.",
}
LONG_TEXT = ("lessons", "training", "revolving_note", "funding_in_kind")


def editor_field(fact):
    """A fact as a field of the editor's form: numbers, money in VND, yes/no, year, select;
    with how the preview pane shows it (its display, unit and group, as the facts panel)."""
    shown = {"display": fact.display if fact.display != "text" else "", "unit": fact.unit, "group": fact.group}
    required = " Bắt buộc." if fact.required else ""
    number = ("value_type", "int")
    if fact.key == "operation":
        return CoreField(
            fact.key, fact.label, "select", fact.required, options=(("options", list(OPERATIONS)),), **shown
        )
    if fact.display == "year":
        bounds = (number, ("min", 1990), ("max", 2100))
        return CoreField(
            fact.key,
            fact.label,
            "number",
            fact.required,
            "Năm có bốn chữ số, ví dụ 2024." + required,
            options=bounds,
            **shown,
        )
    if fact.display in ("count", "money", "income"):
        unit = f" Đơn vị: {fact.unit}." if fact.display == "count" and fact.unit else ""
        hint = FACT_HINTS[fact.display] + unit + required
        return CoreField(fact.key, fact.label, "number", fact.required, hint, options=(number, ("min", 0)), **shown)
    if fact.display == "yes_no":
        return CoreField(fact.key, fact.label, "boolean", False, "Bật nếu có.", **shown)
    widget = "text" if fact.key in LONG_TEXT else "string"
    return CoreField(fact.key, fact.label, widget, fact.required, "Bắt buộc." if fact.required else None, **shown)
