from .fields import FIELDS, Facts, parse_facts  # noqa: F401
from .showcase import CONTENT_TYPES, DEFAULTS, MODEL, Model, register  # noqa: F401
