from .checks import DEFAULTS, register  # noqa: F401
