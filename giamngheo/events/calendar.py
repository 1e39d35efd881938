"""Calendar files (RFC 5545) of events, made with icalendar: one per event, and feeds.

Nothing depends on the clock or the machine, so an unchanged site builds to unchanged files:
the UID is the event's slug (`lich-<slug>@EVENTS_UID_DOMAIN`), DTSTAMP and LAST-MODIFIED are
its `Modified` (else its `Date`), and SEQUENCE counts the minutes from `Date` to `Modified`:
staff set `Modified` when they change an event's time, place or status (the staff guide says
so), and each change makes it grow, so that calendars that imported the event update it.
"""

import datetime

import icalendar
from markupsafe import Markup

PRODID = "-//Giam ngheo ben vung Bac Lieu//Lich//VI"
# VTIMEZONE from the zone database, from this date on: Asia/Ho_Chi_Minh has kept +07:00
# since 1975, so the zone is written out as one rule.
ZONE_FROM = datetime.date(2000, 1, 1)


def ld_date(moment, all_day):
    """ "2026-12-20T08:00:00+07:00", or "2026-12-20" for a whole day (JSON-LD, open data)."""
    return moment.date().isoformat() if all_day else moment.isoformat()


def changed(event):
    """When the event last changed: `Modified`, else `Date`."""
    return getattr(event, "modified", None) or event.date


def sequence(event):
    """SEQUENCE: the minutes from its publication to its last change (0 until it changes)."""
    return max(0, int((changed(event) - event.date).total_seconds() // 60))


def uid(settings, event):
    return f"lich-{event.slug}@{settings['EVENTS_UID_DOMAIN']}"


def vevent(settings, event):
    """One event as a VEVENT."""
    absolute = settings["SITE_ABSOLUTE_URL"]
    item = icalendar.Event()
    item.add("uid", uid(settings, event))
    item.add("dtstamp", changed(event).astimezone(datetime.UTC))
    item.add("created", event.date.astimezone(datetime.UTC))
    item.add("last-modified", changed(event).astimezone(datetime.UTC))
    item.add("sequence", event.sequence)
    # A calendar that ignores STATUS still shows a cancelled or postponed event as such.
    marked = event.situation.ical != "CONFIRMED" or event.situation.needs_note
    item.add("summary", f"[{event.situation.label}] {event.title}" if marked else event.title)
    if event.all_day:
        item.add("dtstart", event.start.date())
        item.add("dtend", event.end.date() + datetime.timedelta(days=1))  # the day after the last
    else:
        item.add("dtstart", event.start)
        if event.has_end:
            item.add("dtend", event.end)
    item.add("status", event.situation.ical)
    areas = [a.name for a in event.areas if a.name.lower() not in event.location.lower()]
    place = ", ".join(part for part in (event.location, *areas) if part)
    if place:
        item.add("location", place)
    url = f"{absolute}/{event.url}"
    item.add("url", url)
    lines = []
    if event.situation.needs_note and event.status_note:
        lines.append(f"{event.situation.label}: {event.status_note}")
    summary = event.metadata.get("summary")
    if summary:
        lines.append(_text(summary))
    if event.participation:
        lines.append(f"Cách tham gia: {event.participation}")
    lines.append(f"Chi tiết: {url}")
    item.add("description", "\n\n".join(lines))
    if event.unit:
        organiser = icalendar.vCalAddress(f"{absolute}/{event.unit.url}")
        organiser.params["cn"] = icalendar.vText(event.unit.name)
        item.add("organizer", organiser)
    categories = [a.name for a in event.areas] + [p.short_name or p.name for p in event.programs]
    if categories:
        item.add("categories", categories)
    return item


def _text(html_or_text):
    """Plain text of a summary, which the reader renders as HTML: tags out, characters as
    written ("&amp;" is "&"), as the feeds and the open data make it."""
    return Markup(str(html_or_text)).striptags()


def calendar_text(settings, events, name):
    """A calendar of `events` (sorted by start, then slug) as text, with its VTIMEZONE."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings["TIMEZONE"])
    for event in sorted(events, key=lambda e: (e.start, e.slug)):
        calendar.add_component(vevent(settings, event))
    calendar.add_missing_timezones(first_date=ZONE_FROM)
    return calendar.to_ical().decode("utf-8")
