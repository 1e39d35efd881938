from .search import AFTER, DEFAULTS, register  # noqa: F401
