from .stats import DEFAULTS, register  # noqa: F401
