"""The editor's configuration (Decap CMS's config.yml), generated from the site's own
definitions: a collection for each content type that declares its form (giamngheo.core:
`ContentType.editor`, its `Field`s), areas, programs, kinds and categories from
content/data/*.yml as choices, the backend from the settings."""

import os

from giamngheo.core import content_types
from giamngheo.taxonomy import TAXONOMIES, load_vocabulary
from giamngheo.taxonomy.vocabulary import compose_list

CATEGORIES_FILE = "categories.yml"
DATE_FORMAT = "YYYY-MM-DD HH:mm"  # what the reader reads; staff see DD/MM/YYYY HH:mm
HINTS = {  # shown under each field; the wording matches docs/huong-dan-bien-tap.md
    "title": "Bắt buộc. Tên tệp và địa chỉ trang được lấy từ tiêu đề khi tạo bài.",
    "date": "Bắt buộc. Ngày trong tương lai: bài lên trang ở lần xuất bản tự động đầu tiên sau giờ đó.",
    "modified": "Ngày sửa nội dung quan trọng (không bắt buộc).",
    "category": "Tin tức, Chính sách hoặc Gương thoát nghèo.",
    "tags": "Từ khóa, cách nhau bằng dấu phẩy, ví dụ: sinh kế, nuôi dê.",
    "area": "Bắt buộc. Huyện cũ cho việc trước 01/07/2025; xã, phường mới từ ngày đó. Chọn được nhiều địa bàn.",
    "program": "Không bắt buộc. Chọn được nhiều chương trình, dự án.",
    "kind": "Bắt buộc.",
    "unit": "Không bắt buộc. Cơ quan, đoàn thể hoặc UBND xã, phường đưa tin; mỗi đơn vị có trang riêng.",
    "summary": "Một, hai câu: hiện trong danh sách bài và khi chia sẻ lên Zalo, Facebook.",
    "image": "Ảnh đại diện (JPEG hoặc PNG, tối đa 10 MB). Tên tệp được đổi thành chữ không dấu.",
    "image_alt": "Bắt buộc khi có ảnh: mô tả điều ảnh cho thấy, cho người khiếm thị.",
    "author": "Người viết hoặc đơn vị viết bài.",
    "status": "“Nháp” chỉ hiện khi xem trước trên máy, không bao giờ lên trang công khai.",
    "body": "Để trống một dòng giữa hai đoạn. Ảnh trong bài cần lời mô tả.",
}
MAX_IMAGE_BYTES = 10_000_000
# Decap's editorial workflow (each article a pull/merge request) exists for these hosts only;
# Gitea's backend commits to its branch, which an approver merges (backend.py).
WORKFLOW_BACKENDS = ("github", "gitlab")


def _date(day):
    return day.strftime("%d/%m/%Y")


def area_label(entry, vocabulary):
    """ "Huyện Hồng Dân (đến 30/06/2025)", "Xã Hồng Dân (từ 01/07/2025, thuộc Huyện Hồng Dân cũ)"."""
    notes = []
    if entry.valid_from:
        notes.append(f"từ {_date(entry.valid_from)}")
    if entry.valid_until:
        notes.append(f"đến {_date(entry.valid_until)}")
    parents = [vocabulary.entries[slug].name for slug in entry.parents if slug in vocabulary.entries]
    if parents:  # a new commune may lie on the land of two former districts
        notes.append(f"thuộc {' và '.join(parents)} cũ")
    return f"{entry.name} ({', '.join(notes)})" if notes else entry.name


def program_label(entry, vocabulary):
    label = entry.short_name or entry.name
    if entry.parent and entry.parent in vocabulary.entries:
        parent = vocabulary.entries[entry.parent]
        label = f"{label} — {parent.short_name or parent.name}"
    if entry.valid_until and not entry.valid_from:
        label += f" (đến {_date(entry.valid_until)})"
    elif entry.valid_from:
        label += f" ({entry.valid_from.year}–{entry.valid_until.year if entry.valid_until else ''})"
    return label


LABELS = {"area": area_label, "program": program_label}


def choice_files(settings):
    """The data files that declared forms take choices from (`Field(choices="x.yml")`)."""
    names = (f.choices for t in content_types(settings).values() if t.editor for f in t.editor.fields)
    return sorted({name for name in names if name.endswith(".yml")})


def _named_entries(path, display):
    """[{label, value}] of a data file's entries by their name, with the file's problems."""
    nodes, problems = compose_list(path, display)
    options = []
    for node in nodes or []:
        values = {key.value: value.value for key, value in node.value} if hasattr(node, "value") else {}
        if isinstance(node.value, list) and values.get("name"):
            options.append({"label": values["name"], "value": values["name"]})
    return options, problems


def load_choices(data_path, settings=None):
    """({key: [{label, value}]} for area, program, kind, unit and category, and for every data
    file a declared form names when `settings` are given; problems)."""
    choices, problems = {}, []
    for data_file in choice_files(settings) if settings is not None else ():
        choices[data_file], found = _named_entries(os.path.join(data_path, data_file), f"data/{data_file}")
        problems += found
    files = [(t.key, t.data_file, t.prefixes) for t in TAXONOMIES] + [("category", CATEGORIES_FILE, None)]
    for key, data_file, prefixes in files:
        vocabulary, found = load_vocabulary(os.path.join(data_path, data_file), f"data/{data_file}", prefixes)
        problems += found
        label = LABELS.get(key, lambda entry, _: entry.name)
        choices[key] = [
            {"label": label(entry, vocabulary), "value": entry.name} for entry in vocabulary.entries.values()
        ]
    return choices, problems


def _field(name, label, widget="string", required=False, hint=None, **options):
    field = {"name": name, "label": label, "widget": widget, "required": required}
    if hint or HINTS.get(name):
        field["hint"] = hint or HINTS[name]
    field.update(options)
    return field


def _date_field(name, label, required):
    return _field(
        name,
        label,
        "datetime",
        required,
        format=DATE_FORMAT,
        date_format="DD/MM/YYYY",
        time_format="HH:mm",
        picker_utc=False,
        **({"default": "{{now}}"} if required else {}),
    )


def _image_field(name, label):
    return _field(name, label, "image", media_library={"config": {"max_file_size": MAX_IMAGE_BYTES}}, choose_url=False)


def _status_field():
    return _field(
        "status",
        "Trạng thái",
        "select",
        options=[
            {"label": "Đăng", "value": "published"},
            {"label": "Nháp (chỉ xem trước)", "value": "draft"},
        ],
    )


def _files_field(field, settings):
    """Attached files: a list, each item a file (uploaded beside the type's content, in the
    folder its options name) and its label, written `- file: tep/a.pdf` / `label: Toàn văn`."""
    options = dict(field.options)
    folder = options.pop("media_folder")
    max_bytes = settings[options.pop("max_bytes_setting")] if "max_bytes_setting" in options else None
    upload = _field(
        "file",
        "Tệp",
        "file",
        True,
        "PDF, DOCX hoặc XLSX"
        + (f", tối đa {max_bytes // 1_000_000} MB" if max_bytes else "")
        + ". Tên tệp được đổi thành chữ không dấu.",
        media_folder=folder,  # relative to the collection's folder: content/van-ban/tep
        public_folder=folder,  # as written in the file, read from beside the document
        choose_url=False,
        pattern=[r"\.(pdf|PDF|docx|DOCX|xlsx|XLSX)$", "Chỉ nhận tệp PDF, DOCX hoặc XLSX."],
        **({"media_library": {"config": {"max_file_size": max_bytes}}} if max_bytes else {}),
    )
    label = _field("label", "Nhãn", hint="Ví dụ “Toàn văn”, “Bản chụp có chữ ký”, “Phụ lục”.")
    return _field(
        field.name,
        field.label,
        "list",
        field.required,
        field.hint,
        label_singular="tệp",
        summary="{{fields.label}} ({{fields.file}})",
        collapsed=False,
        **({"min": 1} if field.required else {}),
        fields=[upload, label],
        **options,
    )


def _choice(name, label, options, required, multiple):
    return _field(name, label, "select", required, options=options, multiple=multiple)


def _folder(settings, declared):
    """The repository path of a content type's first source folder: content/tin-tuc."""
    return f"{settings['EDITOR_CONTENT_FOLDER']}/{settings[declared.paths_setting][0]}"


def form_field(field, settings, choices):
    """A content type's declared field (giamngheo.core.Field) as a Decap CMS widget."""
    if field.widget == "datetime":
        decap = _date_field(field.name, field.label, field.required)
        if field.hint:
            decap["hint"] = field.hint
        decap.update(field.options)  # a type's own format: an event's time with its offset
    elif field.widget == "status":
        decap = _status_field()
    elif field.widget == "image":
        decap = _image_field(field.name, field.label)
    elif field.widget == "files":
        decap = _files_field(field, settings)
    elif field.choices:
        decap = _choice(field.name, field.label, choices[field.choices], field.required, bool(field.multiple))
        if field.hint:
            decap["hint"] = field.hint
    else:
        decap = _field(field.name, field.label, field.widget, field.required, field.hint, **dict(field.options))
    if field.default is not None:
        decap["default"] = field.default
    if field.default_setting:
        decap["default"] = settings[field.default_setting]
    return decap


def _collection(settings, declared, choices):
    """One Decap collection: a content type's folder, its photos' folder, its form."""
    form = declared.editor
    label, singular, description = form.labels
    if form.dated:
        options = {"summary": "{{title}} ({{date | date('DD/MM/YYYY')}})", "sortable_fields": ["date", "title"]}
    else:
        options = {"summary": "{{title}}"}
    return {
        "name": form.name,
        "label": label,
        "label_singular": singular,
        "description": description,
        "folder": _folder(settings, declared),
        "media_folder": f"/{settings['EDITOR_CONTENT_FOLDER']}/{form.images}",  # from the repository's root
        "public_folder": form.images,  # as written in the file: a path under content/
        "create": True,
        "extension": "md",
        "format": "frontmatter",
        "slug": "{{slug}}",
        **({"path": form.path} if form.path else {}),
        **options,
        "fields": [form_field(field, settings, choices) for field in form.fields],
    }


def collections(settings, choices):
    """A collection for each content type that declares an editor form: news, profiles first."""
    declared = [t for t in content_types(settings).values() if t.editor]
    return [_collection(settings, t, choices) for t in sorted(declared, key=lambda t: t.editor.dated, reverse=True)]


def editor_config(settings, choices):
    """The whole Decap CMS configuration as a dict (written as config.yml)."""
    backend = dict(settings["EDITOR_BACKEND"])
    content = settings["EDITOR_CONTENT_FOLDER"]
    config = {
        "locale": "vi",
        "backend": backend,
        "media_folder": f"{content}/images",
        "public_folder": "images",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "show_preview_links": False,
        "collections": collections(settings, choices),
    }
    workflow = settings.get("EDITOR_WORKFLOW")
    if workflow or (workflow is None and backend.get("name") in WORKFLOW_BACKENDS):
        config["publish_mode"] = "editorial_workflow"
    if settings.get("SITEURL"):
        config["site_url"] = config["display_url"] = settings["SITEURL"]
    return config
