"""`invoke sources`: read every unit's feed now and tell the administrator how each answered."""

import os

from giamngheo.core import read_site_settings
from giamngheo.taxonomy import load_vocabulary

from .config import load_sources
from .reader import Fetch
from .sources import user_agent

HEADINGS = ("Trạng thái", "Giây", "Tin", "Đơn vị", "Kênh", "Ghi chú")


def check_sources(settings_file="pelicanconf.py", **overrides):
    """(outcomes, problems) of reading every source of sources.yml now; the good copies are
    kept, as a build keeps them."""
    settings = read_site_settings(settings_file, **overrides)
    data = os.path.join(settings["PATH"], settings["TAXONOMY_DATA_PATH"])
    units, problems = load_vocabulary(os.path.join(data, "units.yml"), "data/units.yml")
    path = os.path.join(data, settings["SOURCES_FILE"])
    sources, found = load_sources(path, os.path.relpath(path, settings["PATH"]), units)
    reader = Fetch(dict(settings, SOURCES_USER_AGENT=user_agent(settings)))
    return reader.read_all(sources), problems + found


def table(outcomes):
    """The outcomes as a plain-text table, one line per source."""
    rows = [HEADINGS]
    for outcome in outcomes:
        note = outcome.reason
        if outcome.failed:
            note = f"{note}; bản lưu: {len(outcome.items)} tin" if note else f"bản lưu: {len(outcome.items)} tin"
        seconds = f"{outcome.seconds:.1f}" if outcome.seconds is not None else "–"
        rows.append((outcome.status, seconds, str(len(outcome.items)), outcome.source.unit, outcome.source.feed, note))
    widths = [max(len(row[column]) for row in rows) for column in range(len(HEADINGS) - 1)]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=True)) + "  " + row[-1]
        for row in rows
    ).rstrip()
