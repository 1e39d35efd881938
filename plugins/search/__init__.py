from .search import d_words, register  # noqa: F401
