from .config import Source, load_sources  # noqa: F401
from .reader import Fetch, Outcome  # noqa: F401
from .sources import AFTER, DEFAULTS, SOURCE_NOTICE, register, user_agent  # noqa: F401
