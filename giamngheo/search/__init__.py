from .search import DEFAULTS, d_words, folded, register  # noqa: F401
