from .images import AFTER, DEFAULTS, ProcessedImage, cover_path, picture_html, register  # noqa: F401
from .processing import ImageProblem, process  # noqa: F401
