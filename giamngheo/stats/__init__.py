from .stats import AFTER, DEFAULTS, register  # noqa: F401
