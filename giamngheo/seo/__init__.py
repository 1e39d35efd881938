from .seo import AFTER, DEFAULTS, register  # noqa: F401
