"""The two formats of a content file, for tests that run for both: Pelican's header lines
(as the cases are written) and YAML front matter (what the editor writes)."""

import re

import yaml

FORMATS = ("header", "front matter")
HEADER_LINE = re.compile(r"^([A-Za-z0-9_-]+)(\s*:\s*)(.*?)(\s*)$")


def _scalar(value):
    try:
        plain = yaml.safe_load(f"k: {value}") == {"k": value}
    except yaml.YAMLError:
        plain = False
    return value if plain else '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _text_as_front_matter(text):
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.replace("\r\n", "\n").split("\n")
    end = next((n for n, line in enumerate(lines) if not line.strip()), len(lines))
    head = []
    for line in lines[:end]:
        match = HEADER_LINE.match(line)
        if match and match.group(3):  # the line as it was, its value quoted if YAML needs it
            key, colon, value, trailing = match.groups()
            line = f"{key}{colon}{_scalar(value)}{trailing}"
        head.append(line)
    return newline.join(["---", *head, "---", *lines[end + 1 :]])


def as_front_matter(data):
    """A header-format file (str or bytes, any encoding) in front matter; every line of the
    file moves one line down (the opening "---"; the closing one takes the blank line)."""
    if isinstance(data, str):
        return _text_as_front_matter(data)
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        text, encoding = data[3 if bom else 0 :].decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = data.decode("latin-1"), "latin-1"  # legacy encodings: keys are ASCII
    return (b"\xef\xbb\xbf" if bom else b"") + _text_as_front_matter(text).encode(encoding)


def in_format(data, fmt):
    return as_front_matter(data) if fmt == "front matter" else data
