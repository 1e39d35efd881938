"""Dates as staff write them: "24/11/2026", "24/11/2026 08:30", "2026-11-24 08:30"."""

import datetime
import re

VIETNAMESE = re.compile(
    r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s+(?:lúc\s+)?(\d{1,2})[:h](\d{2})(?::(\d{2}))?)?$", re.I
)
ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")


class DateError(ValueError):
    """A date that cannot be read or does not exist; args are (message, fix) in Vietnamese."""


def normalise_date(text):
    """'YYYY-MM-DD HH:MM' (the site's time zone) from what staff wrote, or DateError."""
    value = " ".join(text.split())
    match = VIETNAMESE.match(value)
    if match:
        day, month, year, hour, minute, second = match.groups()
    else:
        match = ISO.match(value)
        if not match:
            raise DateError(
                f"Không đọc được ngày “{text}”.",
                "Viết ngày theo dạng ngày/tháng/năm, ví dụ 24/11/2026 hoặc 24/11/2026 08:30.",
            )
        year, month, day, hour, minute, second = match.groups()
    try:
        moment = datetime.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    except ValueError:
        raise DateError(
            f"Ngày “{text}” không có thật (ngày {int(day)} tháng {int(month)} năm {year}).",
            "Kiểm tra lại ngày và tháng; viết theo thứ tự ngày/tháng/năm, ví dụ 28/02/2026.",
        ) from None
    return moment.strftime("%Y-%m-%d %H:%M:%S") if hour else moment.strftime("%Y-%m-%d")
