from .absolute import portable_html  # noqa: F401
from .feeds import DEFAULTS, register  # noqa: F401
