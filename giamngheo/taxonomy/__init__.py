from .taxonomy import AFTER, DEFAULTS, TAXONOMIES, register  # noqa: F401
from .terms import Area, Kind, Program  # noqa: F401
from .vocabulary import AmbiguousMatch, NoMatch, Vocabulary, load_vocabulary  # noqa: F401
