from .absolute import portable_html  # noqa: F401
from .feeds import AFTER, DEFAULTS, register  # noqa: F401
