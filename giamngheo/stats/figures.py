"""Published figures that staff keep in content/data/ (poverty rates, households that left
poverty, program spending): their format, reading and checking.

Every figure names what it is about (an area or a program, written as in articles), the
date it refers to, and its source. Values are read from the YAML text itself, not from
YAML's numbers, so "1.234" stays one thousand two hundred and thirty-four and "0,69" is
0.69%, as staff write them.
"""

import dataclasses
import datetime
import os
import re

from giamngheo.core import ContentProblem, relative_source
from giamngheo.showcase.fields import FieldError, parse_count, parse_money
from giamngheo.taxonomy import AmbiguousMatch, NoMatch
from giamngheo.taxonomy.vocabulary import compose_list
from giamngheo.vietnamese.formatting import vi_money, vi_number, vi_percent
from giamngheo.vietnamese.text import nfc


def parse_percent(text):
    """A percentage as staff write it: "0,69", "0.69", "0,69%" -> 0.0069."""
    cleaned = text.strip().removesuffix("%").strip().replace(",", ".")
    if not re.fullmatch(r"\d{1,3}(\.\d+)?", cleaned) or float(cleaned) > 100:
        raise FieldError(
            f"cần một tỷ lệ phần trăm, nhưng đang ghi “{text}”",
            "Ghi con số phần trăm, dấu phẩy thập phân, ví dụ 0,69 (nghĩa là 0,69%).",
        )
    return round(float(cleaned) / 100, 10)  # 5,32 -> 0.0532, not 0.053200000000000004


@dataclasses.dataclass(frozen=True)
class Value:
    key: str  # the YAML key: "poor"
    label: str  # "Tỷ lệ hộ nghèo"
    parse: object
    format: object  # value -> text readers see
    example: str
    type: str  # Table Schema type of the open data: number | integer


@dataclasses.dataclass(frozen=True)
class Table:
    """One data file of figures and what each record in it carries."""

    name: str  # file name without .yml; also the open data resource's name
    title: str
    subject: str  # "area" or "program": the taxonomy the figure is about
    values: tuple
    optional_area: bool = False  # a program's figure may name the area it was spent in

    @property
    def keys(self):
        keys = {self.subject, "date", "source", "date_note", "note"} | {v.key for v in self.values}
        return keys | ({"area"} if self.optional_area else set())


TABLES = (
    Table(
        "poverty_rates",
        "Tỷ lệ hộ nghèo, hộ cận nghèo",
        "area",
        (
            Value("poor", "Tỷ lệ hộ nghèo", parse_percent, lambda v: vi_percent(v, 2), "0,69", "number"),
            Value("near_poor", "Tỷ lệ hộ cận nghèo", parse_percent, lambda v: vi_percent(v, 2), "1,86", "number"),
        ),
    ),
    Table(
        "households_left_poverty",
        "Số hộ thoát nghèo",
        "area",
        (Value("households", "Số hộ thoát nghèo", parse_count, lambda v: f"{vi_number(v, 0)} hộ", "1.234", "integer"),),
    ),
    Table(
        "program_spending",
        "Kinh phí thực hiện chương trình",
        "program",
        (Value("amount", "Kinh phí", parse_money, vi_money, "4,5 tỷ", "integer"),),
        optional_area=True,
    ),
)
LABELS = {"area": "địa bàn", "program": "chương trình"}


@dataclasses.dataclass
class Figure:
    """One record of a table: what it is about, when, its values and its source."""

    table: Table
    subject: object  # the Area or Program term
    area: object  # the Area term (the subject itself for area tables), or None
    date: datetime.date
    values: dict  # key -> parsed value
    source: str
    date_note: str = ""  # when the date is uncertain: why
    note: str = ""
    line: int = 0

    @property
    def year_text(self):
        return f"{self.date.year}?" if self.date_note else str(self.date.year)

    def text(self, key):
        value = self.values.get(key)
        field = next(v for v in self.table.values if v.key == key)
        return "–" if value is None else field.format(value)


def _scalars(node):
    """{key: (text, line)} of one record; None when the record is not a mapping."""
    if not hasattr(node, "value") or not isinstance(node.value, list):
        return None
    found = {}
    for key, value in node.value:
        if not hasattr(value, "value") or isinstance(value.value, list):
            found[str(key.value)] = (None, value.start_mark.line + 1)
        else:
            found[str(key.value)] = (nfc(str(value.value)).strip(), value.start_mark.line + 1)
    return found


def read_table(table, path, display_path, vocabularies, terms):
    """(figures, problems) of one data file; a missing file has no figures."""
    nodes, problems = compose_list(path, display_path, missing_ok=True)
    figures = []
    for node in nodes or []:
        record_line = node.start_mark.line + 1
        fields = _scalars(node)

        def problem(line, message, fix, detail):
            problems.append(ContentProblem(display_path, line, message, fix, detail))

        if fields is None:
            problem(
                record_line,
                "Mục này không đúng dạng.",
                "Mỗi mục là các dòng “tên: giá trị”, thụt vào hai dấu cách.",
                "record is not a mapping",
            )
            continue
        for key in sorted(set(fields) - table.keys):
            problem(
                fields[key][1],
                f"Trường lạ “{key}”.",
                f"Chỉ dùng các trường: {', '.join(sorted(table.keys))}.",
                f"unknown key {key!r}",
            )
        date = _date(fields, record_line, problem)
        subject = _term(table.subject, fields, record_line, date, vocabularies, terms, problem, required=True)
        area = subject if table.subject == "area" else None
        if table.optional_area and "area" in fields:
            area = _term("area", fields, record_line, date, vocabularies, terms, problem, required=False)
        source, source_line = fields.get("source", (None, record_line))
        if not source:
            problem(
                source_line,
                "Thiếu nguồn của số liệu (trường “source”).",
                "Thêm dòng “source: …” ghi văn bản hoặc báo cáo công bố số liệu, ví dụ "
                "“source: Quyết định số …/QĐ-UBND ngày … công nhận kết quả rà soát hộ nghèo”.",
                "missing source",
            )
        values = {}
        for value in table.values:
            text, line = fields.get(value.key, (None, record_line))
            if not text:
                continue
            try:
                values[value.key] = value.parse(text)
            except FieldError as error:
                message, fix = error.args
                problem(line, f"{value.label} (trường “{value.key}”): {message}.", fix, f"bad number {value.key}")
        if not values and not any(v.key in fields for v in table.values):
            names = ", ".join(f"“{v.key}”" for v in table.values)
            problem(
                record_line,
                "Mục này chưa có số liệu nào.",
                f"Ghi ít nhất một trong các trường {names}, ví dụ “{table.values[0].key}: {table.values[0].example}”.",
                "no value",
            )
        if subject is not None and date is not None and source and values:
            figures.append(
                Figure(
                    table,
                    subject,
                    area,
                    date,
                    values,
                    source,
                    fields.get("date_note", ("", 0))[0] or "",
                    fields.get("note", ("", 0))[0] or "",
                    record_line,
                )
            )
    seen = {}
    for figure in figures:
        key = (figure.subject.slug, figure.area.slug if figure.area else None, figure.date)
        if key in seen:
            problems.append(
                ContentProblem(
                    display_path,
                    figure.line,
                    f"Số liệu của {figure.subject.name} ngày {figure.date:%d/%m/%Y} bị ghi hai lần (dòng {seen[key]} và dòng {figure.line}).",
                    "Giữ một mục, xóa mục kia.",
                    "duplicate figure",
                )
            )
        seen.setdefault(key, figure.line)
    return sorted(figures, key=lambda f: f.date), problems


def _date(fields, record_line, problem):
    text, line = fields.get("date", (None, record_line))
    if not text:
        problem(
            line,
            "Thiếu thời điểm của số liệu (trường “date”).",
            "Thêm dòng “date: 2024-12-31” (năm-tháng-ngày mà số liệu tính đến).",
            "missing date",
        )
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        problem(
            line,
            f"Ngày “{text}” ở trường date không hợp lệ.",
            "Viết ngày theo dạng NĂM-THÁNG-NGÀY, ví dụ 2024-12-31.",
            f"invalid date {text!r}",
        )
        return None


def _term(key, fields, record_line, date, vocabularies, terms, problem, required):
    text, line = fields.get(key, (None, record_line))
    label = LABELS[key]
    if not text:
        if required:
            problem(
                line,
                f"Thiếu {label} (trường “{key}”).",
                f"Thêm dòng “{key}: …”, ví dụ “{key}: {'Toàn tỉnh' if key == 'area' else 'Dự án 2'}”.",
                f"missing {key}",
            )
        return None
    try:
        entry = vocabularies[key].match(text, date)
    except NoMatch as error:
        names = ", ".join(f"“{e.name}”" for e in error.suggestions)
        hint = f"Có phải ý bạn là: {names}? " if names else ""
        problem(
            line,
            f"{label.capitalize()} “{text}” không có trong danh sách.",
            f"{hint}Viết một tên có trong content/data/{key}s.yml.",
            f"unknown {key} {text!r}",
        )
        return None
    except AmbiguousMatch as error:
        if date is None:
            return None  # the missing date is reported; with it, the bare name may be clear
        names = " hoặc ".join(f"“{e.name}”" for e in error.candidates)
        problem(
            line,
            f"Tên “{text}” ứng với nhiều {label}: {names}.",
            f"Ghi rõ tên đầy đủ, ví dụ {names}.",
            f"ambiguous {key} {text!r}",
        )
        return None
    return terms[key][entry.slug]


def read_tables(data_path, content_path, vocabularies, terms):
    """{table name: [Figure]} and the problems of every data file of figures."""
    tables, problems = {}, []
    for table in TABLES:
        path = os.path.join(data_path, f"{table.name}.yml")
        display = relative_source(path, content_path)
        tables[table.name], found = read_table(table, path, display, vocabularies, terms)
        problems += found
    return tables, problems
