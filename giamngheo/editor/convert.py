"""Content files as the editor sees and writes them.

`editor_data` reads a file in either format through the forgiving reader (so with its
normalisation) and gives the values the editor's form holds: names from the data files for
areas, programs and kinds (a bare "Hồng Dân" becomes the unit it meant on the file's date),
numbers, yes/no, lists, dates as "YYYY-MM-DD HH:mm". `decap_files` writes them as Decap CMS
does (decap_format.js, with Decap's own libraries). `invoke front-matter` uses both to move
files from the header format to front matter; tests/test_front_matter.py checks that this
changes no built page and that every sample file survives an open-and-save unchanged.
"""

import datetime
import json
import os
import re
import subprocess
import zoneinfo

from giamngheo.authoring.dates import normalise_date
from giamngheo.authoring.reader import ForgivingMarkdownReader
from giamngheo.showcase.fields import FIELDS_BY_KEY, parse_operation, parse_yes_no
from giamngheo.taxonomy import TAXONOMIES, AmbiguousMatch, NoMatch, load_vocabulary

from .config import editor_config, load_choices

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "decap_format.js")
HEADER_LINE = re.compile(r"^([A-Za-z0-9_-]+):\s*(.*)$")


class ConversionError(ValueError):
    """A value the editor's form cannot hold; args[0] says which, in Vietnamese."""


def raw_fields(path, settings):
    """({key: value as written, normalised}, body) of a content file in either format."""
    reader = ForgivingMarkdownReader(settings)
    reader._source_path = path
    lines = reader._normalised_text(path).split("\n")
    end = next((number for number, line in enumerate(lines) if not line.strip()), len(lines))
    fields, key = {}, None
    for line in lines[:end]:
        match = HEADER_LINE.match(line)
        if match and not line.startswith((" ", "\t")):
            key = match.group(1).lower()
            fields.setdefault(key, match.group(2).strip())
        elif key:  # a value continued on an indented line
            fields[key] = f"{fields[key]} {line.strip()}".strip()
    return {k: v for k, v in fields.items() if v}, "\n".join(lines[end + 1 :])


class Converter:
    """Turns raw fields into the editor's values for one site (its settings and data files)."""

    def __init__(self, settings):
        self.settings = settings
        data_path = os.path.join(settings["PATH"], settings["TAXONOMY_DATA_PATH"])
        choices, _ = load_choices(data_path, settings)
        self.config = editor_config({**settings, "EDITOR_BACKEND": {"name": "proxy"}}, choices)
        self.vocabularies = {
            t.key: load_vocabulary(os.path.join(data_path, t.data_file), t.data_file, t.prefixes)[0] for t in TAXONOMIES
        }

    def collection(self, path):
        relative = os.path.relpath(path, self.settings["PATH"]).replace(os.sep, "/")
        for collection in self.config["collections"]:
            folder = collection["folder"].split("/", 1)[1]
            if relative.startswith(folder + "/"):
                return collection
        raise ConversionError(f"{relative}: không thuộc bộ sưu tập nào của trình biên tập.")

    def _names(self, key, raw, day):
        names = []
        for written, entry in self.vocabularies[key].match_list(raw, day):
            if isinstance(entry, (NoMatch, AmbiguousMatch)):
                raise ConversionError(f"“{written}” không khớp đúng một mục trong danh sách {key}.")
            names.append(entry.name)
        return names

    def value(self, field, raw, day):
        name, widget = field["name"], field["widget"]
        if name in self.vocabularies:
            names = self._names(name, raw, day)
            return names if field.get("multiple") else names[0]
        if name == "operation":
            return parse_operation(raw)
        if widget == "list" and field.get("fields"):  # files with labels: "tep/a.pdf | Toàn văn; …"
            names = [sub["name"] for sub in field["fields"]]
            items = [[part.strip() for part in item.split("|", len(names) - 1)] for item in raw.split(";")]
            return [{n: v for n, v in zip(names, parts, strict=False) if v} for parts in items if parts[0]]
        if widget == "list":
            return [tag.strip() for tag in raw.split(",") if tag.strip()]
        if widget == "number":
            return FIELDS_BY_KEY[name].parse(raw)
        if widget == "boolean":
            return parse_yes_no(raw)
        if widget == "datetime":
            moment = datetime.datetime.fromisoformat(normalise_date(raw, self.settings["TIMEZONE"]))
            if field.get("format", "").endswith("Z"):  # a local time with its offset (an event's start)
                return moment.replace(tzinfo=zoneinfo.ZoneInfo(self.settings["TIMEZONE"])).isoformat()
            return moment.strftime("%Y-%m-%d %H:%M" + (":%S" if moment.second else ""))
        return raw

    def editor_data(self, path):
        """({field: value, "body": text}, the collection's field order) for one file."""
        collection = self.collection(path)
        fields, body = raw_fields(path, self.settings)
        day = datetime.date.fromisoformat(fields["date"][:10]) if "date" in fields else None
        data = {}
        by_name = {field["name"]: field for field in collection["fields"]}
        for key, raw in fields.items():
            data[key] = self.value(by_name[key], raw, day) if key in by_name else raw
        data["body"] = body
        return data, [field["name"] for field in collection["fields"]]


def decap_files(items):
    """The files Decap CMS writes for [(data, field order)], in one run of node."""
    payload = json.dumps([{"data": data, "sortedKeys": keys} for data, keys in items], ensure_ascii=False)
    result = subprocess.run(
        ["node", SCRIPT],
        input=payload,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
        cwd=os.path.dirname(SCRIPT),
    )
    return json.loads(result.stdout)


def to_front_matter(paths, settings):
    """Rewrite content files in the editor's format; return the paths changed."""
    converter = Converter(settings)
    items = [converter.editor_data(path) for path in paths]
    changed = []
    for path, text in zip(paths, decap_files(items), strict=True):
        with open(path, encoding="utf-8-sig") as source:
            if source.read() == text:
                continue
        with open(path, "w", encoding="utf-8", newline="\n") as output:
            output.write(text)
        changed.append(path)
    return changed
