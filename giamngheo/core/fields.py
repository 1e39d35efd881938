"""The fields of a content type as staff fill them in: declared with the type, shown by the
editor (giamngheo/editor/config.py turns each into a Decap CMS widget)."""

import dataclasses


@dataclasses.dataclass(frozen=True)
class Field:
    """One front-matter field of a content type's form."""

    name: str  # the key staff write: "area"
    label: str  # Vietnamese, as the form shows it
    # string, text, markdown, list, number, boolean, select, datetime, image, status, or files:
    # attached files, each with its label (`- file: tep/a.pdf` / `label: Toàn văn`), uploaded to
    # the folder `media_folder` of its options, relative to the type's folder ("tep").
    widget: str = "string"
    required: bool = False
    hint: str = None  # None: the editor's usual hint for that name, if any
    # A select's choices: a vocabulary ("area", "program", "kind", "unit", "category") or any
    # data file under content/data/ ("document_kinds.yml"), its entries' names.
    choices: str = ""
    multiple: bool = None  # a select with choices: several values allowed
    default: object = None
    default_setting: str = ""  # the default is this setting's value ("AUTHOR")
    options: tuple = ()  # more widget options, as (key, value) pairs in order
    # How the editor's preview pane shows a typed fact, as the page does: display is count,
    # money, income, year or yes_no (giamngheo.showcase.fields), unit follows a count, group
    # is its part of the facts panel. Empty: not a fact (shown by its name: title, body …).
    display: str = ""
    unit: str = ""
    group: str = ""


@dataclasses.dataclass(frozen=True)
class EditorForm:
    """A content type's collection in the editor."""

    name: str  # the collection's name, in its address: /admin/#/collections/tin-tuc
    labels: tuple  # (plural, singular, description)
    images: str  # where its photos go, under content/
    fields: tuple
    path: str = ""  # Decap's path under the folder: "{{year}}/{{slug}}"
    dated: bool = True  # listed by date and title (else by title)
    # The preview pane: the setting naming the facts shown as figures under the title
    # ("MODEL_HEADLINE_FACTS"), and whether the date shows its time (as the page does).
    figures_setting: str = ""
    date_with_time: bool = True


TITLE = Field("title", "Tiêu đề", required=True)
DATE = Field("date", "Ngày đăng", "datetime", True)
SUMMARY = Field("summary", "Tóm tắt", "text")
IMAGE_FIELDS = (Field("image", "Ảnh đại diện", "image"), Field("image_alt", "Mô tả ảnh (cho người khiếm thị)"))
STATUS = Field("status", "Trạng thái", "status")
UNIT = Field("unit", "Đơn vị đưa tin", "select", choices="unit", multiple=False)
BODY = Field("body", "Nội dung", "markdown", True)


def taxonomy_fields(required_program=False):
    """The area and program selects every news-like type carries."""
    return (
        Field("area", "Địa bàn", "select", True, choices="area", multiple=True),
        Field("program", "Chương trình, dự án", "select", required_program, choices="program", multiple=True),
    )
