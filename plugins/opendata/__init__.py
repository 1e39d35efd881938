from .opendata import DEFAULTS, register  # noqa: F401
