from .editor import DEFAULTS, register  # noqa: F401
