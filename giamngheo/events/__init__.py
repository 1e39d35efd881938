from .events import AFTER, CONTENT_TYPES, DEFAULTS, EVENT, Event, register  # noqa: F401
