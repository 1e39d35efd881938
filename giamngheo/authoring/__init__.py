from .authoring import DEFAULTS, register  # noqa: F401
from .dates import DateError, normalise_date  # noqa: F401
from .encodings import guess_encoding  # noqa: F401
