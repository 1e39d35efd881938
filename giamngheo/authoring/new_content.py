"""New articles and model profiles from the commented templates in templates/."""

import datetime
import os
import zoneinfo

from pelican.utils import slugify

from giamngheo.core import ContentProblem, content_types, read_site_settings
from giamngheo.taxonomy.vocabulary import UNIT_PREFIXES, AmbiguousMatch, NoMatch, load_vocabulary

TEMPLATES = os.path.join(os.path.dirname(__file__), "templates")


def _check_terms(settings, data_file, value, label, prefixes=None):
    """Problems with the areas/programs/kinds given on the command line."""
    if not value:
        return []
    data = os.path.join(settings["PATH"], settings["TAXONOMY_DATA_PATH"], data_file)
    vocabulary, problems = load_vocabulary(data, data_file, prefixes)
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
    return problems


def new_content(content_type, title, area="", program="", category=None, settings_file="pelicanconf.py", **fields):
    """Write a new draft ("article" or "model"); return (path, problems). Nothing is
    written when there are problems."""
    settings = read_site_settings(settings_file)
    problems = _check_terms(settings, "areas.yml", area, "Địa bàn", UNIT_PREFIXES)
    problems += _check_terms(settings, "programs.yml", program, "Chương trình")
    problems += _check_terms(settings, "kinds.yml", fields.get("kind", ""), "Loại hình")
    slug = slugify(title, regex_subs=settings["SLUG_REGEX_SUBSTITUTIONS"])
    if not slug:
        problems.append(
            ContentProblem("(dòng lệnh)", None, "Tiêu đề trống.", "Ghi tiêu đề trong dấu ngoặc kép.", "empty title")
        )
    now = datetime.datetime.now(zoneinfo.ZoneInfo(settings["TIMEZONE"]))
    # The first source folder of the type: articles by year (content/tin-tuc/2026/).
    folder = os.path.join(settings["PATH"], settings[content_types(settings)[content_type].paths_setting][0])
    if content_type == "article":
        folder = os.path.join(folder, str(now.year))
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
    with open(os.path.join(TEMPLATES, f"{content_type}.md"), encoding="utf-8") as template:
        text = template.read().format(
            title=title,
            date=now.strftime("%d/%m/%Y %H:%M"),
            area=area,
            program=program,
            category=category or settings["DEFAULT_CATEGORY"],
            kind=fields.get("kind", ""),
            year=now.year,
        )
    os.makedirs(folder, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as output:
        output.write(text)
    return path, []
