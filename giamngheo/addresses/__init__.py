from .addresses import AFTER, DEFAULTS, LAST, register  # noqa: F401
