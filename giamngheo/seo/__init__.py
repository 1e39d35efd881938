from .seo import DEFAULTS, register  # noqa: F401
