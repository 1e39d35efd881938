"""Pelican plugin: the calendar (Lịch), events people can put in their phone's calendar.

Events live under content/lich/, one declaration (`EVENT`) that the core reads and writes
(EVENT_URL and EVENT_SAVE_AS place them). Their dates are not their publication date: `Date`
publishes an event (a future one waits, as an article does), `Start` and `End` say when it
happens and where it is listed: /lich/ shows what is coming (soonest first, by month) and
what has happened (newest first). An event has happened once it has ended at the time of the
build (`EVENTS_NOW`, for tests only, fixes that time), so the hourly scheduled build moves it.

Each event has its calendar file (`<slug>.ics` beside its page), and the site, each area,
program and unit a calendar feed (`lich.ics`), written by calendar.py with icalendar.
"""

import dataclasses
import datetime
import itertools
import zoneinfo

from giamngheo import core
from giamngheo.authoring.dates import DateError, normalise_date
from giamngheo.core import ContentGenerator, DeclaredContent, EditorForm, Field, SiteFeed, declare
from giamngheo.core.fields import DATE, IMAGE_FIELDS, STATUS, SUMMARY, TITLE, taxonomy_fields

from . import calendar

# Every setting this plugin reads, with its default. pelicanconf.py may override any of them.
DEFAULTS = {
    "EVENT_PATHS": ["lich"],  # folders of events, under PATH
    "EVENT_EXCLUDES": [],
    "EVENT_URL": "lich/{slug}/",
    "EVENT_SAVE_AS": "lich/{slug}/index.html",
    "EVENTS_URL": "lich/",  # what is coming and what has happened
    "EVENTS_SAVE_AS": "lich/index.html",
    "EVENTS_CALENDAR_NAME": "lich.ics",  # the calendar feed of the site, and of each area, program, unit
    # The domain part of each event's UID ("lich-<slug>@…"): fixed, so that an event keeps
    # its UID whatever address the site is published at.
    "EVENTS_UID_DOMAIN": "giam-ngheo-bac-lieu",
    # The time an event is coming or past against: None, the time of the build. Tests only.
    "EVENTS_NOW": None,
}
# The calendar feeds of areas, programs and units are written beside their pages.
AFTER = ("giamngheo.taxonomy",)
YES = ("có", "co", "yes", "true", "1", "x")


@dataclasses.dataclass(frozen=True)
class Situation:
    """What staff write in `Event_status`, and what it means to calendars and search engines."""

    label: str  # as the page shows it
    schema: str  # schema.org EventStatusType
    ical: str  # RFC 5545 STATUS
    needs_note: str = ""  # the fix when `Status_note` is missing ("" when it is not needed)


SCHEDULED = Situation("Sắp diễn ra", "EventScheduled", "CONFIRMED")
SITUATIONS = {
    "sắp diễn ra": SCHEDULED,
    "hoãn": Situation(
        "Hoãn",
        "EventPostponed",
        "TENTATIVE",
        "Thêm dòng “Status_note: Hoãn vì …; ngày mới sẽ báo sau” (lý do, và ngày mới khi đã biết).",
    ),
    "dời lịch": Situation(
        "Dời lịch",
        "EventRescheduled",
        "CONFIRMED",
        "Thêm dòng “Status_note: Dời từ 15/12 sang 20/12/2026 vì …” và ghi ngày mới vào Start, End.",
    ),
    "hủy": Situation(
        "Đã hủy",
        "EventCancelled",
        "CANCELLED",
        "Thêm dòng “Status_note: Hủy vì …” để người dân biết lý do và nơi hỏi thêm.",
    ),
    "chuyển địa điểm": Situation(
        "Chuyển địa điểm",
        "EventScheduled",
        "CONFIRMED",
        "Thêm dòng “Status_note: Chuyển từ … sang …” và ghi địa điểm mới vào Location.",
    ),
}
ALIASES = {"hoan": "hoãn", "tạm hoãn": "hoãn", "doi lich": "dời lịch", "huy": "hủy", "hủy bỏ": "hủy", "đã hủy": "hủy"}
ATTENDANCE = {
    "trực tiếp": ("Trực tiếp", "OfflineEventAttendanceMode"),
    "trực tuyến": ("Trực tuyến", "OnlineEventAttendanceMode"),
    "kết hợp": ("Trực tiếp và trực tuyến", "MixedEventAttendanceMode"),
}


class Event(DeclaredContent):
    """Something that happens on a day: a training session, a loan day, a conference."""

    default_template = "event"


def now(settings):
    """The time events are coming or past against: the build's, or EVENTS_NOW (tests)."""
    zone = zoneinfo.ZoneInfo(settings["TIMEZONE"])
    fixed = settings.get("EVENTS_NOW")
    if fixed:
        return datetime.datetime.fromisoformat(str(fixed)).astimezone(zone)
    return datetime.datetime.now(zone)


def coming(events):
    """Events not yet ended, soonest first."""
    return sorted((e for e in events if not getattr(e, "past", True)), key=lambda e: e.start)


def past(events):
    """Events that have ended, the latest first."""
    return sorted((e for e in events if getattr(e, "past", False)), key=lambda e: e.start, reverse=True)


def by_month(events):
    """[("Tháng 12/2026", [events])], in the order given."""
    return [
        (f"Tháng {month:02d}/{year}", list(group))
        for (year, month), group in itertools.groupby(events, key=lambda e: (e.start.year, e.start.month))
    ]


def when_text(event):
    """ "Thứ Bảy, 20/12/2026, 08:00–11:00", "17/10/2026 – 18/11/2026 (cả ngày)"."""
    from giamngheo.vietnamese.formatting import vi_date

    start, end = event.start, event.end
    if event.all_day:
        if end.date() == start.date():
            return f"{vi_date(start)} (cả ngày)"
        return f"{vi_date(start)} – {vi_date(end)}"
    text = f"{vi_date(start)}, {start:%H:%M}"
    if event.has_end:
        text += f"–{end:%H:%M}" if end.date() == start.date() else f" – {vi_date(end)}, {end:%H:%M}"
    return text


def card_label(event):
    """A card's line: "Lịch · Đã hủy" for an event that is not simply coming."""
    return f"Lịch · {event.situation.label}" if event.situation is not SCHEDULED else "Lịch"


def feed_html(event):
    """Before its text in feeds: when and where (the feed item's date is its publication)."""
    from markupsafe import escape

    lines = [f"<strong>Thời gian:</strong> {escape(when_text(event))}"]
    if event.location:
        lines.append(f"<strong>Địa điểm:</strong> {escape(event.location)}")
    if event.situation is not SCHEDULED:
        lines.append(f"<strong>{escape(event.situation.label)}:</strong> {escape(event.status_note)}")
    return "<p>" + "<br>".join(lines) + "</p>"


def json_ld(event, data):
    """schema.org Event from the shared JSON-LD: what it is, when, where, by whom."""
    keep = ("@context", "description", "inLanguage", "url", "mainEntityOfPage", "image")
    ld = {key: data[key] for key in keep if key in data}
    mode = ATTENDANCE[event.attendance][1]
    address = {"@type": "PostalAddress", "streetAddress": event.location or "", "addressCountry": "VN"}
    areas = [a.name for a in event.areas]
    if areas:
        address["addressLocality"] = areas[0]
    address["addressRegion"] = "Cà Mau" if event.start.date() >= REFORM else "Bạc Liêu"
    ld.update(
        {
            "@type": "Event",
            "name": event.title,
            "startDate": calendar.ld_date(event.start, event.all_day),
            "endDate": calendar.ld_date(event.end, event.all_day),
            "eventStatus": f"https://schema.org/{event.situation.schema}",
            "eventAttendanceMode": f"https://schema.org/{mode}",
            "location": {"@type": "Place", "name": event.location or (areas[0] if areas else ""), "address": address},
            "organizer": {
                "@type": "Organization",
                "name": event.unit.name if event.unit else data["publisher"]["name"],
            },
        }
    )
    if event.unit:
        ld["organizer"]["url"] = data["publisher"]["url"] + event.unit.url
    return ld


REFORM = datetime.date(2025, 7, 1)  # Bạc Liêu joined Cà Mau (Nghị quyết 202/2025/QH15)


def open_data(events, absolute):
    """The open data's table of events: title, when, where, area, organiser, status."""
    from giamngheo.opendata.opendata import Column, Dataset

    columns = [
        Column("slug", "string", "Mã sự kiện", "Phần cuối địa chỉ trang.", {"required": True, "unique": True}),
        Column("tieu_de", "string", "Tên sự kiện"),
        Column("bat_dau", "string", "Bắt đầu", "Giờ Việt Nam (+07:00); chỉ ngày khi diễn ra cả ngày."),
        Column("ket_thuc", "string", "Kết thúc", "Như cột bắt đầu; ngày cuối với sự kiện cả ngày."),
        Column("ca_ngay", "boolean", "Diễn ra cả ngày"),
        Column("dia_diem", "string", "Địa điểm"),
        Column("dia_ban", "string", "Địa bàn (mã)", "Các mã cách nhau bằng “; ”."),
        Column("dia_ban_ten", "string", "Địa bàn"),
        Column("don_vi_to_chuc", "string", "Đơn vị tổ chức"),
        Column("tinh_trang", "string", "Tình trạng", "Sắp diễn ra, Hoãn, Dời lịch, Đã hủy, Chuyển địa điểm."),
        Column("ghi_chu_tinh_trang", "string", "Ghi chú tình trạng"),
        Column("lich", "string", "Tệp lịch (.ics)"),
        Column("url", "string", "Địa chỉ trang"),
    ]
    rows = [
        {
            "slug": e.slug,
            "tieu_de": e.title,
            "bat_dau": calendar.ld_date(e.start, e.all_day),
            "ket_thuc": calendar.ld_date(e.end, e.all_day),
            "ca_ngay": e.all_day,
            "dia_diem": e.location or None,
            "dia_ban": "; ".join(a.slug for a in e.areas) or None,
            "dia_ban_ten": "; ".join(a.name for a in e.areas) or None,
            "don_vi_to_chuc": e.unit.name if e.unit else None,
            "tinh_trang": e.situation.label,
            "ghi_chu_tinh_trang": e.status_note or None,
            "lich": absolute(e.ics_url),
            "url": absolute(e.url),
        }
        for e in sorted(events, key=lambda e: (e.start, e.slug))
    ]
    return Dataset(
        "lich",
        "Lịch sự kiện giảm nghèo",
        "Mỗi dòng một sự kiện đã công bố: thời gian, địa điểm, địa bàn, đơn vị tổ chức, tình trạng.",
        columns,
        rows,
        ["slug"],
    )


class EventGenerator(ContentGenerator):
    """Adds to the core's reading of events their times and status (checked), and writes the
    calendar page and the calendar files."""

    writes = core.Writes.ITEMS  # the events' pages, /lich/ and the calendar files

    def generate_context(self):
        self.now = now(self.settings)
        super().generate_context()
        self.context["events_coming"] = coming(self.items)
        self.context["events_past"] = past(self.items)
        self.context["events_coming_by_month"] = by_month(self.context["events_coming"])

    def prepare(self, event):
        """Read Start, End, All_day, Event_status …; each problem names its line and fix."""
        meta = event.metadata
        zone = zoneinfo.ZoneInfo(self.settings["TIMEZONE"])
        event.all_day = str(meta.get("all_day", "")).strip().lower() in YES
        event.location = str(meta.get("location", "") or "").strip()
        event.audience = str(meta.get("audience", "") or "").strip()
        event.participation = str(meta.get("participation", "") or "").strip()
        event.status_note = str(meta.get("status_note", "") or "").strip()
        event.past = False
        start = self._moment(event, "start", zone, required=True)
        end = self._moment(event, "end", zone) if meta.get("end") else None
        event.has_end = end is not None
        if start is None:
            start = event.date.astimezone(zone)  # already reported: the page still renders
        event.start = start
        if event.all_day:
            event.start = start.replace(hour=0, minute=0, second=0)
            event.end = (end or start).replace(hour=0, minute=0, second=0)
            ends = event.end + datetime.timedelta(days=1)  # the day after its last day
        else:
            event.end = end or start
            ends = end or start.replace(hour=0, minute=0) + datetime.timedelta(days=1)  # no End: its day
        if event.end < event.start:
            self.problem(
                event,
                "end",
                f"Sự kiện kết thúc ({event.end:%d/%m/%Y %H:%M}) trước khi bắt đầu ({event.start:%d/%m/%Y %H:%M}).",
                "Sửa dòng “End” thành thời điểm sau “Start”, ví dụ cùng ngày, muộn hơn vài giờ.",
                "end before start",
            )
            event.end = event.start
        event.past = ends <= self.now
        event.situation = self._situation(event)
        attendance = str(meta.get("attendance", "") or "trực tiếp").strip().lower()
        if attendance not in ATTENDANCE:
            self.problem(
                event,
                "attendance",
                f"Hình thức “{attendance}” không có trong danh sách.",
                "Ghi “Attendance: trực tiếp”, “trực tuyến” hoặc “kết hợp”.",
                f"unknown attendance {attendance!r}",
            )
            attendance = "trực tiếp"
        event.attendance = attendance
        event.attendance_label = ATTENDANCE[attendance][0]
        event.ics_url = f"{event.url}{event.slug}.ics"
        event.ics_save_as = f"{event.url}{event.slug}.ics"
        event.sequence = calendar.sequence(event)

    def _moment(self, event, key, zone, required=False):
        value = str(event.metadata.get(key, "") or "").strip()
        label = "bắt đầu" if key == "start" else "kết thúc"
        if not value:
            if required:
                self.problem(
                    event,
                    "title",
                    "Thiếu thời gian bắt đầu (trường “Start”).",
                    "Thêm dòng “Start: 20/12/2026 08:00” (hoặc “Start: 20/12/2026” và “All_day: có”).",
                    "missing start",
                )
            return None
        try:
            text = normalise_date(value, self.settings["TIMEZONE"])
        except DateError as error:
            message, fix = error.args
            self.problem(event, key, f"Thời gian {label}: {message}", fix, f"bad {key} {value!r}")
            return None
        if len(text) == 10 and not event.all_day:
            self.problem(
                event,
                key,
                f"Thời gian {label} “{value}” thiếu giờ, mà sự kiện không ghi là diễn ra cả ngày.",
                f"Ghi giờ, ví dụ “{key.capitalize()}: {value} 08:00”; hoặc thêm dòng “All_day: có” nếu sự kiện "
                "diễn ra cả ngày.",
                f"{key} without a time",
            )
            return None
        return datetime.datetime.fromisoformat(text).replace(tzinfo=zone)

    def _situation(self, event):
        raw = str(event.metadata.get("event_status", "") or "sắp diễn ra").strip().lower()
        key = ALIASES.get(raw, raw)
        if key not in SITUATIONS:
            names = ", ".join(f"“{name}”" for name in SITUATIONS)
            self.problem(
                event,
                "event_status",
                f"Tình trạng “{raw}” không có trong danh sách.",
                f"Ghi một trong: {names}.",
                f"unknown event_status {raw!r}",
            )
            return SCHEDULED
        situation = SITUATIONS[key]
        if situation.needs_note and not event.status_note:
            self.problem(
                event,
                "event_status",
                f"Sự kiện “{situation.label.lower()}” mà không có lời giải thích cho người dân.",
                situation.needs_note,
                f"{key} without status_note",
            )
        return situation

    def generate_output(self, writer):
        super().generate_output(writer)
        settings = self.settings
        core.write_page(self, writer, "EVENTS", "events")
        name = settings["EVENTS_CALENDAR_NAME"]
        site = settings["SITENAME"]
        for event in self.written:
            text = calendar.calendar_text(settings, [event], f"{event.title} – {site}")
            writer.write_file(event.ics_save_as, core.Text(text), self.context)
        text = calendar.calendar_text(settings, self.items, f"Lịch – {site}")
        writer.write_file(settings["EVENTS_URL"] + name, core.Text(text), self.context)
        for attribute in ("areas", "programs", "units"):
            for term in self.context.get(attribute, []):
                events = getattr(term, self.content_type.context_key, [])
                if events:
                    text = calendar.calendar_text(settings, events, f"Lịch – {term.name} – {site}")
                    writer.write_file(f"{term.url}{name}", core.Text(text), self.context)


EVENT = declare(
    "event",
    "events",
    "Lịch",
    Event,
    index_url_setting="EVENTS_URL",
    taxonomies=("area", "program", "unit"),
    required_taxonomies=("area", "unit"),  # the unit is its organiser
    site_feed=SiteFeed("lich", "lịch sự kiện", "Lớp dạy nghề, ngày giải ngân vốn vay, hội nghị: thời gian, địa điểm."),
    related=False,
    previewed=True,
    schema_type="Event",
    term_section=("lich", "Sắp diễn ra"),
    home_section=("lich-sap-toi", "Lịch sắp tới"),
    card_label=card_label,
    feed_html=feed_html,
    when="start",
    listed=coming,
    json_ld=json_ld,
    open_data=open_data,
    editor=EditorForm(
        "lich",
        ("Lịch sự kiện", "sự kiện", "Lớp dạy nghề, ngày giải ngân, hội nghị: người dân thêm được vào lịch điện thoại."),
        "images/lich",
        (
            TITLE,
            DATE,
            Field(
                "start",
                "Bắt đầu",
                "datetime",
                True,
                hint="Bắt buộc. Giờ Việt Nam. Sự kiện cả ngày: chọn ngày và đánh dấu “Cả ngày”.",
                options=(("format", "YYYY-MM-DDTHH:mm:ssZ"),),
            ),
            Field(
                "end",
                "Kết thúc",
                "datetime",
                hint="Không bắt buộc. Sự kiện nhiều ngày: ngày cuối cùng.",
                options=(("format", "YYYY-MM-DDTHH:mm:ssZ"),),
            ),
            Field("all_day", "Cả ngày", "boolean", hint="Đánh dấu khi sự kiện diễn ra cả ngày (không có giờ)."),
            Field("location", "Địa điểm", required=True, hint="Tên nơi tổ chức và địa chỉ: số nhà, ấp, xã."),
            *taxonomy_fields(),
            Field("unit", "Đơn vị tổ chức", "select", True, choices="unit", multiple=False),
            Field("audience", "Đối tượng", hint="Ví dụ: hộ nghèo, hộ cận nghèo, cán bộ giảm nghèo xã."),
            Field("participation", "Cách tham gia", "text", hint="Đăng ký ở đâu, liên hệ ai, mang theo gì."),
            Field(
                "attendance",
                "Hình thức",
                "select",
                options=(("options", ["trực tiếp", "trực tuyến", "kết hợp"]), ("default", "trực tiếp")),
            ),
            Field(
                "event_status",
                "Tình trạng",
                "select",
                options=(("options", list(SITUATIONS)), ("default", "sắp diễn ra")),
            ),
            Field(
                "status_note", "Ghi chú tình trạng", "text", hint="Bắt buộc khi hoãn, dời lịch, hủy, chuyển địa điểm."
            ),
            SUMMARY,
            *IMAGE_FIELDS,
            Field("modified", "Ngày cập nhật", "datetime", hint="Khi đổi giờ, địa điểm, tình trạng: ghi lúc sửa."),
            STATUS,
            Field("body", "Nội dung", "markdown", True),
        ),
    ),
    generator=EventGenerator,
)
CONTENT_TYPES = (EVENT,)


def add_filters(generator):
    generator.env.filters["event_when"] = when_text


# The core gives EVENT its generator (EventGenerator).
register = core.plugin(
    # generator_init: every generator has its own Jinja environment; term pages show events too.
    ("generator_init", add_filters),
)
