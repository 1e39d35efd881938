"""Pelican plugin: news from the units' own portals (content/data/sources.yml).

At build time each unit's feed is read (reader.py: timeouts, conditional requests, a size
limit, the last good copy in SOURCES_CACHE_PATH); its items, text only and linked out, are
shown on the home page, on the unit's page and on its area's page (`source_news`). A source
that fails never fails the build: its last good copy is shown and the failure is logged as a
warning that names it and that the publishing gate lets through (`SOURCE_NOTICE`).
"""

import dataclasses
import datetime
import logging
import os

from pelican.generators import Generator

from giamngheo import core
from giamngheo.core import relative_source, report

from .config import load_sources
from .reader import Fetch

logger = logging.getLogger(__name__)
# Pelican's loggers drop a warning already logged in the same process (LimitFilter): a source
# that fails again must be named again at every build of a long-lived process (the preview).
if hasattr(logger, "disable_filter"):
    logger.disable_filter()

# Every setting this plugin reads, with its default. pelicanconf.py may override any of them.
DEFAULTS = {
    "SOURCES_FILE": "sources.yml",  # under TAXONOMY_DATA_PATH, beside units.yml
    # Whether a build reads the feeds from the network: off in development and in the preview
    # (the last good copies are shown), on in publishconf.py.
    "SOURCES_FETCH": False,
    "SOURCES_CACHE_PATH": "feed-cache",  # the last good copies; relative to the current folder, like image-cache
    "SOURCES_TIMEOUT": 10,  # seconds for one source, connecting and reading
    "SOURCES_DEADLINE": 30,  # seconds for all sources together, however many hang
    "SOURCES_WORKERS": 8,  # sources read at once
    "SOURCES_MAX_BYTES": 5 * 1024 * 1024,  # a larger feed is refused
    # Who reads, so that a portal's administrator can reach us (ASCII only: an HTTP header).
    "SOURCES_USER_AGENT": "giamngheo-feed-reader/1.0 (+{siteurl}; giam ngheo ben vung)",
    "SOURCES_MAX_ITEMS": 10,  # newest items kept per source (a source's `max` overrides it)
    "SOURCES_HOME_COUNT": 6,  # items on the home page
    "SOURCES_TERM_COUNT": 5,  # items on a unit's and an area's page
}
# Sources name units, which the taxonomy reads (and whose areas it places).
AFTER = ("giamngheo.taxonomy",)
# The mark on a failing source's log record: a warning in the build log that the publishing
# gate reports in the publish log instead of refusing the site (giamngheo/publishing/gate.py).
SOURCE_NOTICE = "source_notice"


@dataclasses.dataclass(frozen=True)
class NewsItem:
    """One item of a unit's feed as the site shows it: text only, linked out."""

    title: str
    link: str
    date: datetime.datetime | None
    summary: str
    source: str  # the source's name as shown
    unit: object  # the Unit term


class SourcesGenerator(Generator):
    """Reads every source once per build and hands each unit, area and the home page its news."""

    writes = core.Writes.NOTHING  # the news is shown by pages the others write

    def generate_context(self):
        settings = self.settings
        units = {unit.slug: unit for unit in self.context.get("units", [])}
        vocabulary = self.context["taxonomy_vocabularies"]["unit"]
        path = os.path.join(self.path, settings["TAXONOMY_DATA_PATH"], settings["SOURCES_FILE"])
        sources, problems = load_sources(path, relative_source(path, self.path), vocabulary)
        for problem in problems:
            report(self.context, problem)
        reader = Fetch(dict(settings, SOURCES_USER_AGENT=user_agent(settings)))
        outcomes = reader.read_all(sources) if settings["SOURCES_FETCH"] else reader.from_cache(sources)
        for outcome in outcomes:
            describe(outcome)
        news = shown_items(outcomes, units, settings)
        self.context["source_outcomes"] = outcomes
        self.context["news_from_units"] = news[: settings["SOURCES_HOME_COUNT"]]
        for term in (*units.values(), *self.context.get("areas", [])):
            term.source_news = []
        for item in news:
            places = [item.unit]
            if item.unit.area is not None:
                places += [item.unit.area, *item.unit.area.ancestors]
            for place in dict.fromkeys(places):
                if len(place.source_news) < settings["SOURCES_TERM_COUNT"]:
                    place.source_news.append(item)


def user_agent(settings):
    """The User-Agent, naming the site's address so that a portal's administrator can reach us."""
    return settings["SOURCES_USER_AGENT"].format(siteurl=settings.get("SITEURL") or "no-address")


def describe(outcome):
    """Log what happened to one source: a failure as a warning that names it (and does not stop
    a publish), anything else for -v."""
    source = outcome.source
    where = f"{source.feed} (sources.yml, dòng {source.line})"
    if outcome.failed:
        kept = f"giữ {len(outcome.items)} tin của lần đọc được trước" if outcome.items else "chưa có bản lưu nào"
        logger.warning(
            "Nguồn tin %s: %s (%s); %s. (Source %s failed: %s.)",
            where,
            outcome.status,
            outcome.reason,
            kept,
            source.feed,
            outcome.status,
            extra={SOURCE_NOTICE: True},
        )
    elif outcome.location:
        logger.warning(
            "Nguồn tin %s đã chuyển sang %s: sửa “feed:” trong sources.yml. (Source moved.)",
            where,
            outcome.location,
            extra={SOURCE_NOTICE: True},
        )
    else:
        logger.info("Nguồn tin %s: %s, %d tin.", where, outcome.status, len(outcome.items))


def shown_items(outcomes, units, settings):
    """The items readers see, newest first: each source's filter and limit applied, future
    items held back, each item once (by id and by link)."""
    now = datetime.datetime.now(datetime.UTC)
    seen, shown = set(), []
    for outcome in outcomes:
        source = outcome.source
        unit = units.get(source.unit)
        if unit is None:
            continue
        kept = []
        for item in outcome.items:
            date = _date(item.get("date"))
            if date is not None and date > now:
                continue  # scheduled on the portal, or a wrong clock: wait for its date
            if not source.keeps(f"{item['title']} {item['summary']}"):
                continue
            # An id is unique within its feed only ("1", "2" …); a link everywhere.
            keys = {("id", source.feed, item["id"]), ("link", item["link"])}
            if keys & seen:
                continue
            seen |= keys
            name = source.name or unit.short_name
            kept.append(NewsItem(item["title"], item["link"], date, item["summary"], name, unit))
        kept.sort(key=_newest_first)
        shown += kept[: source.max_items or settings["SOURCES_MAX_ITEMS"]]
    return sorted(shown, key=_newest_first)


def _newest_first(item):
    return -(item.date.timestamp() if item.date else 0)


def _date(value):
    if not value:
        return None
    try:
        date = datetime.datetime.fromisoformat(value)
    except ValueError:
        return None
    return date if date.tzinfo else date.replace(tzinfo=datetime.UTC)


register = core.plugin(
    # get_generators: sources name units, so this runs after the taxonomy's generator has read
    # them (AFTER); its context is ready before any page is written.
    ("get_generators", SourcesGenerator),
)
