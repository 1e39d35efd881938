"""A document's typed fields as staff write them: its number (số/ký hiệu), its dates, its
legal force (tình trạng hiệu lực). Pure functions, each returning a value or raising
`FieldProblem` with a Vietnamese message and fix."""

import datetime
import re
import unicodedata

from giamngheo.search.tokens import fold


class FieldProblem(Exception):
    """A field that cannot be read; args are (message, fix) in Vietnamese."""


# Số/ký hiệu, as state and Party documents write them. State: number, an optional year, then
# the kind and the issuer's abbreviations joined by "-": 35/2025/NĐ-CP, 13/2025/TT-BNNMT,
# 1061/QĐ-TTg, 190/2025/QH15, 1234/QĐ-UBND, 05/KH-UBND. Party: number-kind/issuer: 13-NQ/TU.
_LETTERS = r"A-ZĐ"
_PART = rf"[{_LETTERS}][{_LETTERS}a-zđ0-9&]*"
STATE_NUMBER = re.compile(rf"^(?P<number>\d{{1,5}})/(?:(?P<year>\d{{4}})/)?{_PART}(?:-{_PART})*$")
PARTY_NUMBER = re.compile(rf"^(?P<number>\d{{1,5}})-{_PART}/{_PART}(?:-{_PART})*$")
NUMBER_EXAMPLES = "“1234/QĐ-UBND”, “35/2025/NĐ-CP” hoặc “13-NQ/TU”"


def parse_number(text):
    """The number as written (NFC, spaces around / and - removed) and the year it names, if any."""
    number = re.sub(r"\s*([/-])\s*", r"\1", unicodedata.normalize("NFC", str(text).strip()))
    match = STATE_NUMBER.match(number) or PARTY_NUMBER.match(number)
    if not match:
        raise FieldProblem(
            f"Số/ký hiệu “{text}” không đúng dạng.",
            f"Viết số, dấu “/” và ký hiệu chữ in hoa như trên văn bản, ví dụ {NUMBER_EXAMPLES}.",
        )
    year = match.groupdict().get("year")
    return number, int(year) if year else None


def number_key(text):
    """What two spellings of one number share: "13-NQ/TU", "13/NQ-TU" and "13 nq tu" -> "13nqtu"."""
    return re.sub(r"[^0-9a-z]", "", fold(unicodedata.normalize("NFC", str(text))))


_DAY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_day(text):
    """A day written 01/07/2025 (or 2025-07-01)."""
    text = str(text).strip()
    day_first, iso = _DAY.match(text), _ISO_DAY.match(text)
    try:
        if day_first:
            day, month, year = (int(part) for part in day_first.groups())
            return datetime.date(year, month, day)
        if iso:
            return datetime.date(*(int(part) for part in iso.groups()))
    except ValueError:
        raise FieldProblem(f"Ngày “{text}” không có trên lịch.", "Kiểm tra lại ngày và tháng.") from None
    raise FieldProblem(f"Ngày “{text}” không đúng dạng.", "Viết ngày/tháng/năm, ví dụ “01/07/2025”.")


# Tình trạng hiệu lực, as the national legal database lists it (vbpl.vn): slug, name.
FORCE_STATES = {
    "chua-co-hieu-luc": "Chưa có hiệu lực",
    "con-hieu-luc": "Còn hiệu lực",
    "het-hieu-luc-mot-phan": "Hết hiệu lực một phần",
    "het-hieu-luc-toan-bo": "Hết hiệu lực toàn bộ",
    "ngung-hieu-luc": "Ngưng hiệu lực",
    "ngung-hieu-luc-mot-phan": "Ngưng hiệu lực một phần",
    "chua-xac-dinh": "Chưa xác định",
}
_FORCE_BY_KEY = {fold(name): slug for slug, name in FORCE_STATES.items()}
# What dates and relations decide; the others only staff can say (Force: …).
DERIVED_STATES = ("chua-co-hieu-luc", "con-hieu-luc", "het-hieu-luc-toan-bo")


def parse_force(text):
    """The slug of a tình trạng hiệu lực written by staff."""
    slug = _FORCE_BY_KEY.get(fold(" ".join(str(text).split())))
    if slug is None:
        raise FieldProblem(
            f"Tình trạng hiệu lực “{text}” không có trong danh sách.",
            "Viết một trong: " + ", ".join(f"“{name}”" for name in FORCE_STATES.values()) + "; hoặc bỏ trống để "
            "trang tự suy ra từ các ngày.",
        )
    return slug


def derive_force(effective, expires, replaced_on, today):
    """The force that the dates and a replacing document decide: not yet, in force, or ended."""
    ended = [day for day in (expires, replaced_on) if day is not None]
    if ended and min(ended) <= today:
        return "het-hieu-luc-toan-bo"
    if effective is not None and effective > today:
        return "chua-co-hieu-luc"
    return "con-hieu-luc"
