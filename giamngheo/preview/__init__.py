"""The live preview of `make serve`: builds kept in memory (builder.py), served with the
overlay of problems and live reload (server.py). Not a Pelican plugin; nothing it writes is
published (its folder, .preview/, is not output/)."""

from .builder import Cancelled, PreviewBuilder, Result  # noqa: F401
