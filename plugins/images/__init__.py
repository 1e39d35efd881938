from .images import DEFAULTS, ProcessedImage, register  # noqa: F401
from .processing import ImageProblem, process  # noqa: F401
