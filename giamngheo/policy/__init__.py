from .policy import DEFAULTS, LAST, register, secure_page  # noqa: F401
