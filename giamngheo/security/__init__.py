from .security import AFTER, DEFAULTS, register  # noqa: F401
