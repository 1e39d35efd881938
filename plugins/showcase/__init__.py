from .fields import FIELDS, Facts, parse_facts  # noqa: F401
from .showcase import Model, register  # noqa: F401
