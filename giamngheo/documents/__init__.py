from .documents import AFTER, CONTENT_TYPES, DEFAULTS, DOCUMENT, Document, register  # noqa: F401
