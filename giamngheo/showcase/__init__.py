from .fields import FIELDS, Facts, parse_facts  # noqa: F401
from .showcase import DEFAULTS, MODEL, Model, register  # noqa: F401
