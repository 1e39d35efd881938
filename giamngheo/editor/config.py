"""The editor's configuration (Decap CMS's config.yml), generated from the site's own
definitions: areas, programs, kinds and categories from content/data/*.yml as choices, the
model profile's typed facts from showcase.fields, the backend from the settings."""

import os

from giamngheo.core import content_types
from giamngheo.showcase.fields import FIELDS, OPERATIONS
from giamngheo.taxonomy import TAXONOMIES, load_vocabulary

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
    "summary": "Một, hai câu: hiện trong danh sách bài và khi chia sẻ lên Zalo, Facebook.",
    "image": "Ảnh đại diện (JPEG hoặc PNG, tối đa 10 MB). Tên tệp được đổi thành chữ không dấu.",
    "image_alt": "Bắt buộc khi có ảnh: mô tả điều ảnh cho thấy, cho người khiếm thị.",
    "author": "Người viết hoặc đơn vị viết bài.",
    "status": "“Nháp” chỉ hiện khi xem trước trên máy, không bao giờ lên trang công khai.",
    "money": "Số tiền bằng đồng, chỉ ghi chữ số, ví dụ 420000000.",
    "income": "Đồng mỗi người mỗi tháng, chỉ ghi chữ số, ví dụ 1300000.",
    "count": "Chỉ ghi con số.",
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


def load_choices(data_path):
    """({key: [{label, value}]} for area, program, kind and category; problems)."""
    choices, problems = {}, []
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


def _image_fields():
    return [
        _field(
            "image",
            "Ảnh đại diện",
            "image",
            media_library={"config": {"max_file_size": MAX_IMAGE_BYTES}},
            choose_url=False,
        ),
        _field("image_alt", "Mô tả ảnh (cho người khiếm thị)"),
    ]


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


def _choice(name, label, options, required, multiple):
    return _field(name, label, "select", required, options=options, multiple=multiple)


def _number(fact, hint, **bounds):
    required = " Bắt buộc." if fact.required else ""
    return _field(fact.key, fact.label, "number", fact.required, value_type="int", hint=hint + required, **bounds)


def model_fact_field(fact):
    """A showcase.fields.Field as a form field: numbers, money in VND, yes/no, year, select."""
    if fact.key == "operation":
        return _field(fact.key, fact.label, "select", fact.required, options=list(OPERATIONS))
    if fact.display == "year":
        return _number(fact, "Năm có bốn chữ số, ví dụ 2024.", min=1990, max=2100)
    if fact.display == "count":
        return _number(fact, HINTS["count"] + (f" Đơn vị: {fact.unit}." if fact.unit else ""), min=0)
    if fact.display in ("money", "income"):
        return _number(fact, HINTS[fact.display], min=0)
    if fact.display == "yes_no":
        return _field(fact.key, fact.label, "boolean", False, hint="Bật nếu có.")
    widget = "text" if fact.key in ("lessons", "training", "revolving_note", "funding_in_kind") else "string"
    return _field(fact.key, fact.label, widget, fact.required, hint="Bắt buộc." if fact.required else None)


def _shared_head(choices, required_program=False):
    return [
        _field("title", "Tiêu đề", required=True),
        _date_field("date", "Ngày đăng", True),
        _choice("area", "Địa bàn", choices["area"], True, True),
        _choice("program", "Chương trình, dự án", choices["program"], required_program, True),
    ]


def _folder(settings, name):
    """The repository path of a content type's first source folder: content/tin-tuc."""
    paths = settings[content_types(settings)[name].paths_setting]
    return f"{settings['EDITOR_CONTENT_FOLDER']}/{paths[0]}"


def _collection(settings, content_type, name, labels, images, fields, **options):
    """One Decap collection: a content type's folder, its photos' folder, its form."""
    label, singular, description = labels
    return {
        "name": name,
        "label": label,
        "label_singular": singular,
        "description": description,
        "folder": _folder(settings, content_type),
        "media_folder": f"/{settings['EDITOR_CONTENT_FOLDER']}/{images}",  # from the repository's root
        "public_folder": images,  # as written in the file: a path under content/
        "create": True,
        "extension": "md",
        "format": "frontmatter",
        "slug": "{{slug}}",
        **options,
        "fields": fields,
    }


def collections(settings, choices):
    dated = {"summary": "{{title}} ({{date | date('DD/MM/YYYY')}})", "sortable_fields": ["date", "title"]}
    tail = [_field("summary", "Tóm tắt", "text"), *_image_fields()]
    articles = _collection(
        settings,
        "article",
        "tin-tuc",
        ("Bài viết", "bài viết", "Tin tức, chính sách và gương thoát nghèo. Mỗi năm một thư mục."),
        "images/tin-tuc",
        [
            *_shared_head(choices)[:2],
            _choice("category", "Chuyên mục", choices["category"], True, False) | {"default": "Tin tức"},
            _field("tags", "Thẻ (từ khóa)", "list", required=False),
            *_shared_head(choices)[2:],
            *tail,
            _field("author", "Người viết", default=settings["AUTHOR"]),
            _date_field("modified", "Ngày cập nhật", False),
            _status_field(),
            _field("body", "Nội dung", "markdown", True),
        ],
        path="{{year}}/{{slug}}",
        **dated,
    )
    models = _collection(
        settings,
        "model",
        "mo-hinh",
        ("Mô hình giảm nghèo", "hồ sơ mô hình", "Hồ sơ mô hình: các số liệu hiện thành bảng trên trang."),
        "images/mo-hinh",
        [
            *_shared_head(choices),
            _choice("kind", "Loại hình", choices["kind"], True, False),
            *(model_fact_field(fact) for fact in FIELDS),
            *tail,
            _status_field(),
            _field("body", "Câu chuyện của mô hình", "markdown", True),
        ],
        **dated,
    )
    pages = _collection(
        settings,
        "page",
        "trang",
        ("Trang", "trang", "Các trang cố định: giới thiệu, liên hệ, chính sách nội dung."),
        "images",
        [
            _field("title", "Tiêu đề", required=True),
            _field("slug", "Địa chỉ trang", hint="Chữ thường không dấu, ví dụ gioi-thieu. Để trống: lấy từ tên tệp."),
            _field("summary", "Tóm tắt", "text"),
            _field("body", "Nội dung", "markdown", True),
        ],
        summary="{{title}}",
    )
    return [articles, models, pages]


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
    if backend.get("name") in WORKFLOW_BACKENDS:
        config["publish_mode"] = "editorial_workflow"
    if settings.get("SITEURL"):
        config["site_url"] = config["display_url"] = settings["SITEURL"]
    return config
