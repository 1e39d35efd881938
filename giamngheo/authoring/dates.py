"""Dates as staff write them: "24/11/2026", "24/11/2026 08:30", "2026-11-24 08:30", and as
the editor or other tools write them, with a time zone: "2026-11-24T01:30:00.000Z",
"2026-11-24 08:30+07:00" (converted to the site's time zone)."""

import datetime
import re
import zoneinfo

VIETNAMESE = re.compile(
    r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s+(?:lúc\s+)?(\d{1,2})[:h](\d{2})(?::(\d{2}))?)?$", re.I
)
ISO = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?)?$",
    re.I,
)
SITE_ZONE = "Asia/Ho_Chi_Minh"


class DateError(ValueError):
    """A date that cannot be read or does not exist; args are (message, fix) in Vietnamese."""


def normalise_date(text, timezone=None):
    """'YYYY-MM-DD HH:MM' (in the site's time zone, `timezone`) from what staff wrote, or DateError."""
    value = " ".join(text.split())
    match = VIETNAMESE.match(value)
    offset = None
    if match:
        day, month, year, hour, minute, second = match.groups()
    else:
        match = ISO.match(value)
        if not match:
            raise DateError(
                f"Không đọc được ngày “{text}”.",
                "Viết ngày theo dạng ngày/tháng/năm, ví dụ 24/11/2026 hoặc 24/11/2026 08:30.",
            )
        year, month, day, hour, minute, second, offset = match.groups()
    try:
        moment = datetime.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    except ValueError:
        raise DateError(
            f"Ngày “{text}” không có thật (ngày {int(day)} tháng {int(month)} năm {year}).",
            "Kiểm tra lại ngày và tháng; viết theo thứ tự ngày/tháng/năm, ví dụ 28/02/2026.",
        ) from None
    if offset:
        sign, digits = (
            (1, "0000") if offset.upper() == "Z" else (1 if offset[0] == "+" else -1, offset[1:].replace(":", ""))
        )
        zone = datetime.timezone(sign * datetime.timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
        moment = moment.replace(tzinfo=zone).astimezone(zoneinfo.ZoneInfo(timezone or SITE_ZONE)).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%d %H:%M:%S") if hour else moment.strftime("%Y-%m-%d")
