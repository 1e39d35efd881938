from .authoring import DEFAULTS, register  # noqa: F401
