from .authoring import register  # noqa: F401
from .dates import DateError, normalise_date  # noqa: F401
from .encodings import guess_encoding  # noqa: F401
from .reader import mark_decorative  # noqa: F401
