from .checks import all_content  # noqa: F401
from .content_check import register, report  # noqa: F401
from .problems import ContentError, ContentProblem, metadata_line  # noqa: F401
