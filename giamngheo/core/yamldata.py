"""YAML as the site reads it (the data files under content/data/, front matter, the units'
sources): safe, and with PyYAML's libyaml binding, which PyYAML's wheels carry. Its pure
Python parser took half of a small site's build (the data files are read at every build,
the front matter of every file Decap writes), about ten times libyaml's time. Errors carry
the same marks (line, column) either way."""

import yaml

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def compose(stream):
    """The document's node tree (nodes carry their line), or None for an empty document."""
    return yaml.compose(stream, Loader=SAFE_LOADER)


def load(stream):
    """The document's value, as yaml.safe_load gives it."""
    return yaml.load(stream, Loader=SAFE_LOADER)
