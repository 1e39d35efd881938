"""Vietnamese dates and numbers through Babel, never through the machine's locale."""

import datetime
import functools
import zoneinfo

from babel.dates import format_date, format_datetime, get_day_names
from babel.numbers import format_compact_decimal, format_decimal, format_percent

LOCALE = "vi"
DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"


def _local(value, timezone):
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.astimezone(zoneinfo.ZoneInfo(timezone))
    return value


# Babel's names of the days ("Thứ Hai" … "Chủ Nhật"), by weekday(). The long formats below
# put them before digits directly: Babel's pattern formatting cost a 5,000-article build half
# a second for dates that each appear once. tests/test_vietnamese.py holds them to Babel's.
DAY_NAMES = dict(get_day_names("wide", "format", locale=LOCALE).items())


def vi_date(value, timezone=DEFAULT_TIMEZONE):
    """'Thứ Ba, 24/11/2026' (Babel's "EEEE, dd/MM/yyyy")."""
    local = _local(value, timezone)
    return f"{DAY_NAMES[local.weekday()]}, {local.day:02d}/{local.month:02d}/{local.year:04d}"


def vi_datetime(value, timezone=DEFAULT_TIMEZONE):
    """'Thứ Ba, 24/11/2026 16:49' (24-hour clock, the site's time zone; "EEEE, dd/MM/yyyy HH:mm")."""
    local = _local(value, timezone)
    hour, minute = getattr(local, "hour", 0), getattr(local, "minute", 0)  # a date: midnight
    return f"{vi_date(local, timezone)} {hour:02d}:{minute:02d}"


def babel_date(value, timezone=DEFAULT_TIMEZONE, pattern="EEEE, dd/MM/yyyy"):
    """The same date as Babel formats it (what vi_date and vi_datetime must equal)."""
    return (format_datetime if "HH" in pattern else format_date)(_local(value, timezone), pattern, locale=LOCALE)


def vi_short_date(value, timezone=DEFAULT_TIMEZONE):
    """'24/11/2026'."""
    return format_date(_local(value, timezone), "dd/MM/yyyy", locale=LOCALE)


def iso_datetime(value, timezone=DEFAULT_TIMEZONE):
    """'2026-11-24T16:49:00+07:00', for <time datetime> and machines."""
    return _local(value, timezone).isoformat()


@functools.lru_cache(maxsize=4096)  # Babel is slow and the same figures recur on many pages
def vi_number(value, fraction_digits=2):
    """'1.234', '0,69': dot for thousands, comma for decimals."""
    pattern = "#,##0." + "#" * fraction_digits if fraction_digits else "#,##0"
    return format_decimal(value, format=pattern, locale=LOCALE)


@functools.lru_cache(maxsize=4096)  # Babel is slow and the same figures recur on many pages
def vi_percent(ratio, fraction_digits=2):
    """'0,69%' from 0.0069."""
    pattern = "#,##0." + "#" * fraction_digits + "%" if fraction_digits else "#,##0%"
    return format_percent(ratio, format=pattern, locale=LOCALE)


@functools.lru_cache(maxsize=4096)  # Babel is slow and the same figures recur on many pages
def vi_money(amount):
    """'504 triệu đồng', '1,5 tỷ đồng', '25.000 đồng' from an amount in VND."""
    if abs(amount) < 1_000_000:
        return f"{vi_number(amount, 0)} đồng"
    # Billions keep three decimals so that 2.004.000.000 reads "2,004 tỷ", not "2 tỷ".
    digits = 3 if abs(amount) >= 1_000_000_000 else 2
    compact = format_compact_decimal(amount, format_type="long", locale=LOCALE, fraction_digits=digits)
    return f"{compact} đồng"


def make_filters(timezone=DEFAULT_TIMEZONE):
    """The Jinja filters of the theme, bound to the site's time zone."""

    def with_tz(func):
        # A list page formats the same dates again and again, and Babel is not fast:
        # remember each result for the length of one build (one set of filters).
        seen = {}

        def formatted(value):
            if value not in seen:
                seen[value] = func(value, timezone)
            return seen[value]

        return formatted

    return {
        "vi_date": with_tz(vi_date),
        "vi_datetime": with_tz(vi_datetime),
        "vi_short_date": with_tz(vi_short_date),
        "iso_datetime": with_tz(iso_datetime),
        "vi_number": vi_number,
        "vi_percent": vi_percent,
        "vi_money": vi_money,
    }
