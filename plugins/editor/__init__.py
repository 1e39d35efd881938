from .editor import register  # noqa: F401
