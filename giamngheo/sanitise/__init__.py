from .sanitise import AFTER, register, sanitise_content, sanitise_item  # noqa: F401
