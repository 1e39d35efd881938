from .opendata import AFTER, DEFAULTS, register  # noqa: F401
