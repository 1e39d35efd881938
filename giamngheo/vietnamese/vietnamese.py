"""Pelican plugin: Vietnamese dates, numbers and alphabetical order in templates."""

from giamngheo import core

from .formatting import DEFAULT_TIMEZONE, make_filters
from .text import sort_key


def add_filters(generator):
    """Give every template the Vietnamese filters (vi_date, vi_money, vi_sorted …)."""
    filters = make_filters(generator.settings.get("TIMEZONE") or DEFAULT_TIMEZONE)
    filters["vi_sorted"] = vi_sorted
    generator.env.filters.update(filters)


def vi_sorted(items, attribute="name"):
    """Items in Vietnamese alphabetical order of an attribute ("name", or "0.name" for pairs)."""

    def value(item):
        for part in attribute.split("."):
            item = item[int(part)] if part.isdigit() else getattr(item, part)
        return sort_key(str(item))

    return sorted(items, key=value)


register = core.plugin(
    # generator_init: every generator builds its own Jinja environment, so each needs them.
    ("generator_init", add_filters),
)
