"""New articles and model profiles from the commented template each type declares
(`ContentType.new_item`: giamngheo/core/templates/, giamngheo/showcase/templates/), in the
editor's format (YAML front matter), with the areas, programs and kind given on the command
line written as the names of the data files."""

import datetime
import json
import os
import zoneinfo

import yaml
from pelican.utils import slugify

from giamngheo.core import ContentProblem, content_types, read_site_settings
from giamngheo.taxonomy.vocabulary import UNIT_PREFIXES, AmbiguousMatch, NoMatch, load_vocabulary


def _yaml_scalar(value):
    """A YAML value as Decap writes one: plain when it reads back the same, else quoted."""
    try:
        plain = yaml.safe_load(f"k: {value}") == {"k": value}
    except yaml.YAMLError:
        plain = False
    return value if plain else json.dumps(value, ensure_ascii=False)


def _yaml_list(names):
    return "".join(f"\n  - {_yaml_scalar(name)}" for name in names)


def _check_terms(settings, data_file, value, label, prefixes=None):
    """(names of the areas/programs/kinds given on the command line, problems)."""
    if not value:
        return [], []
    data = os.path.join(settings["PATH"], settings["TAXONOMY_DATA_PATH"], data_file)
    vocabulary, problems = load_vocabulary(data, data_file, prefixes)
    found = []
    for written, entry in vocabulary.match_list(value, datetime.date.today()):
        if isinstance(entry, NoMatch):
            names = ", ".join(e.name for e in entry.suggestions)
            problems.append(
                ContentProblem(
                    "(dòng lệnh)",
                    None,
                    f"{label} “{written}” không có trong danh sách.",
                    f"Có phải ý bạn là: {names}?" if names else f"Xem danh sách trong content/data/{data_file}.",
                    f"unknown {label}",
                )
            )
        elif isinstance(entry, AmbiguousMatch):
            problems.append(
                ContentProblem(
                    "(dòng lệnh)",
                    None,
                    f"“{written}” ứng với nhiều {label.lower()}.",
                    "Ghi rõ loại đơn vị, ví dụ “Xã …” hoặc “Huyện …”.",
                    f"ambiguous {label}",
                )
            )
        else:
            found.append(entry.name)
    return found, problems


def new_content(content_type, title, area="", program="", category=None, settings_file="pelicanconf.py", **fields):
    """Write a new draft of a content type that declares a template ("article", "model");
    return (path, problems). Nothing is
    written when there are problems."""
    settings = read_site_settings(settings_file)
    areas, problems = _check_terms(settings, "areas.yml", area, "Địa bàn", UNIT_PREFIXES)
    programs, more = _check_terms(settings, "programs.yml", program, "Chương trình")
    kinds, most = _check_terms(settings, "kinds.yml", fields.get("kind", ""), "Loại hình")
    problems += more + most
    slug = slugify(title, regex_subs=settings["SLUG_REGEX_SUBSTITUTIONS"])
    if not slug:
        problems.append(
            ContentProblem("(dòng lệnh)", None, "Tiêu đề trống.", "Ghi tiêu đề trong dấu ngoặc kép.", "empty title")
        )
    now = datetime.datetime.now(zoneinfo.ZoneInfo(settings["TIMEZONE"]))
    # The first source folder of the type, and the type's own sub-folder (articles by year:
    # content/tin-tuc/2026/).
    declared = content_types(settings)[content_type]
    folder = os.path.join(settings["PATH"], settings[declared.paths_setting][0])
    folder = os.path.join(folder, declared.new_item_folder.format(year=now.year))
    path = os.path.join(folder, f"{slug}.md")
    if os.path.exists(path):
        problems.append(
            ContentProblem(
                os.path.relpath(path),
                None,
                "Đã có tệp cùng tên.",
                "Chọn tiêu đề khác hoặc sửa tệp đã có.",
                "file exists",
            )
        )
    if problems:
        return path, problems
    with open(declared.new_item, encoding="utf-8") as template:
        text = template.read().format(
            title=_yaml_scalar(title),
            date=now.strftime("%Y-%m-%d %H:%M"),
            area=_yaml_list(areas),
            program=_yaml_list(programs),
            category=_yaml_scalar(category or settings["DEFAULT_CATEGORY"]),
            kind=_yaml_scalar(kinds[0]) if kinds else "",
            year=now.year,
        )
    os.makedirs(folder, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as output:
        output.write(text)
    return path, []
