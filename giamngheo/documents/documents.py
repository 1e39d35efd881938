"""Pelican plugin: văn bản, the documents that direct the work, at /van-ban/<slug>/.

One declaration (`DOCUMENT`) that the core reads and writes, with typed fields (fields.py:
số/ký hiệu, dates, tình trạng hiệu lực), a kind from content/data/document_kinds.yml, its
issuer from the unit taxonomy (`Unit:`), attached files published byte for byte (files.py),
relations between documents (căn cứ, thay thế, sửa đổi) shown on both, and the lists of
/van-ban/ by kind, issuer, year and force, each a page that works without JavaScript.
"""

import dataclasses
import datetime
import difflib
import hashlib
import html
import logging
import os
import re
import zoneinfo

from pelican.utils import slugify

from giamngheo import core
from giamngheo.core import (
    ContentGenerator,
    ContentProblem,
    DeclaredContent,
    EditorForm,
    Field,
    SiteFeed,
    all_content,
    content_type,
    declare,
    relative_source,
)
from giamngheo.core.fields import STATUS, taxonomy_fields
from giamngheo.images.images import CONTEXT_KEY as IMAGES_CONTEXT_KEY
from giamngheo.images.images import ProcessedImage, _options
from giamngheo.taxonomy.vocabulary import Entry, NoMatch, Vocabulary, compose_list
from giamngheo.vietnamese.text import sort_key

from .fields import FORCE_STATES, FieldProblem, derive_force, number_key, parse_day, parse_force, parse_number
from .files import FILE_TYPES, Attachment, FileProblem, check_bytes, publish, read_pdf

logger = logging.getLogger(__name__)

# Every setting this plugin reads, with its default. pelicanconf.py may override any of them.
DEFAULTS = {
    "DOCUMENT_PATHS": ["van-ban"],  # folders of documents (Markdown) and their files, under PATH
    "DOCUMENT_EXCLUDES": [],
    "DOCUMENT_URL": "van-ban/{slug}/",
    "DOCUMENT_SAVE_AS": "van-ban/{slug}/index.html",
    "DOCUMENTS_URL": "van-ban/",  # every document, newest first, with its filters
    "DOCUMENTS_SAVE_AS": "van-ban/index.html",
    # The filter pages: {facet} is loai, co-quan, nam or hieu-luc; {slug} the value's.
    "DOCUMENTS_FILTER_URL": "van-ban/{facet}/{slug}/",
    "DOCUMENTS_FILTER_SAVE_AS": "van-ban/{facet}/{slug}/index.html",
    "DOCUMENT_KINDS_FILE": "document_kinds.yml",  # under TAXONOMY_DATA_PATH
    "DOCUMENTS_MAX_BYTES": 30_000_000,  # a larger attached file is refused with a message
}
# Documents are filed under their issuer (a unit) before the filter pages count them; the
# thumbnails of PDFs go through the images plugin's copy step.
AFTER = ("giamngheo.images",)
# Relations staff write, each resolved by number or slug: (metadata key, attribute on the
# document, attribute on its target, label on the document, label on the target).
RELATIONS = (
    ("basis", "basis", "implemented_by", "Căn cứ", "Văn bản thực hiện văn bản này"),
    ("replaces", "replaces", "replaced_by", "Thay thế", "Bị thay thế bởi"),
    ("amends", "amends", "amended_by", "Sửa đổi, bổ sung", "Được sửa đổi, bổ sung bởi"),
)
# schema.org's LegalForceStatus of each tình trạng hiệu lực it can say.
LEGAL_FORCE = {
    "con-hieu-luc": "InForce",
    "het-hieu-luc-toan-bo": "NotInForce",
    "het-hieu-luc-mot-phan": "PartiallyInForce",
    "ngung-hieu-luc": "NotInForce",
    "ngung-hieu-luc-mot-phan": "PartiallyInForce",
}
SPLIT = re.compile(r"\s*;\s*|\n+")


@dataclasses.dataclass(frozen=True)
class Facet:
    """One way to filter the list (loại, cơ quan, năm, hiệu lực): its values with counts."""

    slug: str
    label: str
    values: tuple  # FacetValue, in order


@dataclasses.dataclass(eq=False)
class FacetValue:
    """One value of a filter and its documents. A kind's has its feeds, as a term has
    (giamngheo.feeds sets `feed` for the values in the context's `document_kinds`)."""

    slug: str
    name: str
    url: str
    save_as: str
    items: tuple
    children: tuple = ()  # as a term's: a value includes no other value's documents
    feed: object = None

    @property
    def feed_title(self):
        return f"Văn bản: {self.name}"


@dataclasses.dataclass(frozen=True)
class DocumentKind:
    """A loại văn bản of document_kinds.yml."""

    slug: str
    name: str
    code: str = ""
    force: bool = True  # documents of this kind have legal force


class Document(DeclaredContent):
    """A document: a resolution, decision, plan, guidance, report."""

    default_template = "document"

    @property
    def full_name(self):
        """“Kế hoạch 05/KH-UBND”: how portals and people name it."""
        kind = getattr(self, "form", None)
        return f"{kind.name} {self.number}" if isinstance(kind, DocumentKind) else str(self.number)

    @property
    def force_name(self):
        return FORCE_STATES.get(getattr(self, "force", None) or "", "")

    def structured_data(self, site_url):
        """schema.org `Legislation` properties of its JSON-LD (components/item_ld.html)."""
        data = {
            "legislationIdentifier": str(self.number),
            "legislationDate": f"{self.date:%Y-%m-%d}",
            "legislationPassedBy": [{"@type": "GovernmentOrganization", "name": u.name} for u in self.units],
            "legislationType": getattr(self.form, "name", ""),
            "encoding": [
                {
                    "@type": "MediaObject",
                    "contentUrl": f"{site_url}/{f.url}",
                    "encodingFormat": f.mime_type,
                    "contentSize": f"{f.size} B",
                    "name": f.label,
                }
                for f in self.files
            ],
        }
        if getattr(self, "effective", None):
            data["legislationDateVersion"] = f"{self.effective:%Y-%m-%d}"
        if LEGAL_FORCE.get(getattr(self, "force", None)):
            data["legislationLegalForce"] = f"https://schema.org/{LEGAL_FORCE[self.force]}"
        return data

    @property
    def relations(self):
        """(label, documents) of every relation, both ways, that has documents."""
        found = []
        for _, own, inverse, label, inverse_label in RELATIONS:
            found += [(label, getattr(self, own, [])), (inverse_label, getattr(self, inverse, []))]
        found.append(("Bài viết, mô hình nhắc đến văn bản này", getattr(self, "cited_by", [])))
        return [(label, items) for label, items in found if items]


def load_kinds(path, display):
    """{slug: DocumentKind} and a Vocabulary to match names, with the problems of the file."""
    nodes, problems = compose_list(path, display)
    kinds, entries = {}, []
    for node in nodes or []:
        line = node.start_mark.line + 1
        values = {key.value: value.value for key, value in node.value} if hasattr(node, "value") else {}
        if not isinstance(node.value, list) or not values.get("slug") or not values.get("name"):
            problems.append(
                ContentProblem(
                    display, line, "Mục này thiếu “slug” hoặc “name”.", "Mỗi mục cần “slug:” và “name:”.", "kind"
                )
            )
            continue
        kind = DocumentKind(
            values["slug"], values["name"], values.get("code", ""), values.get("force", "true") != "false"
        )
        kinds[kind.slug] = kind
        entries.append(Entry(slug=kind.slug, name=kind.name, aliases=(kind.code,) if kind.code else (), line=line))
    return kinds, Vocabulary(entries)


def _values(raw):
    """A field's values: a list (one a line) or one line separated by “;”."""
    lines = raw if isinstance(raw, list) else [raw]
    return [value for line in lines for value in SPLIT.split(str(line or "")) if value.strip()]


class DocumentGenerator(ContentGenerator):
    """Adds to the core's reading of documents their typed fields, files and relations, and
    writes the filter pages and the files."""

    writes = core.Writes.ITEMS  # the documents' pages, their list and its filter pages

    def generate_context(self):
        self.today = datetime.datetime.now(zoneinfo.ZoneInfo(self.settings["TIMEZONE"])).date()
        data = os.path.join(self.path, self.settings["TAXONOMY_DATA_PATH"], self.settings["DOCUMENT_KINDS_FILE"])
        self.kinds, self.kind_names = load_kinds(data, relative_source(data, self.path))
        self.image_options = {**_options(self.settings), "widths": [160, 320]}
        self.cache_root = os.path.join(os.path.abspath(self.settings["IMAGES_CACHE_PATH"]), "van-ban")
        super().generate_context()
        self.link()
        # The kinds' filter before the feeds are made: each kind has its feeds (giamngheo.feeds).
        # The other filters wait for the issuers, filed later by the taxonomy.
        self.kind_facet = self.facets()[0]
        self.context["document_kinds"] = list(self.kind_facet.values)

    # -- one document ---------------------------------------------------------------

    def prepare(self, item):
        meta = item.metadata
        item.number, year = None, None
        try:
            item.number, year = parse_number(meta.get("number", ""))
        except FieldProblem as error:
            message, fix = error.args
            if not str(meta.get("number", "")).strip():
                message, fix = "Thiếu số/ký hiệu (trường “Number”).", "Thêm dòng “Number: 05/KH-UBND” vào phần đầu tệp."
            self.problem(item, "number", message, fix, "document number")
        issued = item.date.date()
        if year and year != issued.year:
            self.problem(
                item,
                "number",
                f"Số/ký hiệu ghi năm {year} nhưng ngày ban hành (Date) là năm {issued.year}.",
                "Sửa năm trong số/ký hiệu hoặc ngày ban hành cho khớp với văn bản.",
                "number year",
            )
        item.form = None
        try:
            item.form = self.kinds[self.kind_names.match(str(meta.get("form", ""))).slug]
        except NoMatch as error:
            hint = ", ".join(f"“{entry.name}”" for entry in error.suggestions)
            wrote = meta.get("form")
            self.problem(
                item,
                "form",
                f"Loại văn bản “{wrote}” không có trong danh sách." if wrote else "Thiếu loại văn bản (trường “Form”).",
                (f"Có phải ý bạn là: {hint}? " if hint and wrote else "")
                + "Viết một loại có trong content/data/document_kinds.yml, ví dụ “Form: Kế hoạch”.",
                "document kind",
            )
        item.effective = item.expires = None
        for key, label in (("effective", "ngày có hiệu lực"), ("expires", "ngày hết hiệu lực")):
            if meta.get(key):
                try:
                    setattr(item, key, parse_day(meta[key]))
                except FieldProblem as error:
                    self.problem(item, key, f"{label.capitalize()}: {error.args[0]}", error.args[1], key)
        if item.form and item.form.force and item.effective is None:
            item.effective = issued  # "có hiệu lực kể từ ngày ký": the usual case
        if item.effective and item.effective < issued:
            self.problem(
                item,
                "effective",
                f"Ngày có hiệu lực ({item.effective:%d/%m/%Y}) trước ngày ban hành ({issued:%d/%m/%Y}).",
                "Kiểm tra lại hai ngày trên văn bản: ngày có hiệu lực không thể trước ngày ban hành.",
                "effective before issued",
            )
        if item.expires and item.expires <= (item.effective or issued):
            self.problem(
                item,
                "expires",
                f"Ngày hết hiệu lực ({item.expires:%d/%m/%Y}) không sau ngày có hiệu lực.",
                "Kiểm tra lại ngày hết hiệu lực, hoặc bỏ trường “Expires”.",
                "expires before effective",
            )
        item.force_given = None
        if meta.get("force"):
            try:
                item.force_given = parse_force(meta["force"])
            except FieldProblem as error:
                self.problem(item, "force", *error.args, "force")
        item.sectors = _values(meta.get("sector", ""))
        item.signer = str(meta.get("signer", "") or "")
        item.signer_title = str(meta.get("signer_title", "") or "")
        item.files = self.attachments(item)
        # A scan is unreadable to a screen reader: staff hear of it unless another file of the
        # document (a DOCX, a PDF with text) is a readable copy; the page offers one on request.
        readable = any(not (f.scanned or f.extension == ".xlsx") for f in item.files)
        for attachment in item.files:
            attachment.needs_copy = attachment.scanned and not readable
            if attachment.needs_copy:
                logger.warning(
                    "%s: tệp “%s” là bản chụp, không có lớp chữ (scan without a text layer). Nên đính kèm "
                    "thêm bản Word hoặc PDF có chữ để người dùng trình đọc màn hình đọc được.",
                    relative_source(item.source_path, self.path),
                    os.path.basename(attachment.source),
                )
        if not _values(meta.get("files", "")):
            self.problem(
                item,
                "files",
                "Văn bản chưa có tệp đính kèm (trường “Files”).",
                "Thêm dòng “Files: tep/ten-tep.pdf | Toàn văn” (tệp đặt trong thư mục van-ban/tep/).",
                "no files",
            )

    def attachments(self, item):
        """The item's files (`Files: tep/ke-hoach.pdf | Toàn văn; tep/phu-luc.xlsx | Phụ lục`)."""
        found, folder = [], os.path.dirname(item.save_as).replace(os.sep, "/")
        records = self.context.setdefault(IMAGES_CONTEXT_KEY, {})
        for value in _values(item.metadata.get("files", "")):
            path, _, label = (part.strip() for part in value.partition("|"))
            source = os.path.normpath(os.path.join(os.path.dirname(item.source_path), path))
            if not os.path.isfile(source):
                source = os.path.normpath(os.path.join(self.path, path.lstrip("/")))
            stem, extension = os.path.splitext(os.path.basename(path))
            extension = extension.lower()

            def problem(message, fix, path=path):
                self.problem(item, "files", f"Tệp “{path}”: {message}", fix, "attached file")

            if extension not in FILE_TYPES:
                problem("chỉ nhận tệp PDF, DOCX hoặc XLSX.", "Lưu văn bản thành PDF (hoặc DOCX, XLSX) rồi đính kèm.")
                continue
            if not os.path.isfile(source):
                problem(
                    "không tìm thấy tệp.", "Đặt tệp trong thư mục van-ban/tep/ và ghi đúng tên, ví dụ tep/ke-hoach.pdf."
                )
                continue
            try:
                size = check_bytes(source, extension, self.settings["DOCUMENTS_MAX_BYTES"])
                pdf = read_pdf(source, self.cache_root, self.image_options) if extension == ".pdf" else None
            except FileProblem as error:
                problem(*error.args)
                continue
            with open(source, "rb") as original:
                digest = hashlib.sha256(original.read()).hexdigest()
            name = (slugify(stem, regex_subs=self.settings["SLUG_REGEX_SUBSTITUTIONS"]) or "tep") + extension
            attachment = Attachment(
                source, label or FILE_TYPES[extension][0], name, f"{folder}/{name}", extension, size, digest
            )
            if pdf:
                attachment.pages, attachment.text, attachment.scanned = pdf["pages"], pdf["text"], pdf["scanned"]
                attachment.thumbnail = ProcessedImage(folder, pdf["thumbnail"], pdf["folder"])
                records[attachment.thumbnail.url] = attachment.thumbnail
            found.append(attachment)
        return found

    # -- across documents -----------------------------------------------------------

    def link(self):
        """Numbers unique on the site; relations resolved both ways; force derived; what
        articles and profiles cite."""
        # In file-name order, so that a number used twice is reported on the same file each time.
        documents = sorted(all_content(self.context, types=(self.content_type.name,)), key=lambda d: d.source_path)
        by_key = {}
        for item in documents:
            for _, own, inverse, _, _ in RELATIONS:
                setattr(item, own, [])
                setattr(item, inverse, [])
            item.cited_by = []
            if not item.number:
                continue
            earlier = by_key.setdefault(number_key(item.number), item)
            if earlier is not item:
                self.problem(
                    item,
                    "number",
                    f"Số/ký hiệu “{item.number}” đã dùng cho văn bản "
                    f"{relative_source(earlier.source_path, self.path)}.",
                    "Mỗi văn bản một số/ký hiệu: kiểm tra lại số trên văn bản, hoặc xóa tệp trùng.",
                    "duplicate number",
                )
        by_slug = {item.slug: item for item in documents}
        for item in documents:
            for key, own, inverse, _, _ in RELATIONS:
                for value in _values(item.metadata.get(key, "")):
                    target = self.find(item, key, value, by_key, by_slug)
                    if target is not None and target is not item:
                        getattr(item, own).append(target)
                        getattr(target, inverse).append(item)
        for item in documents:
            if not (item.form and item.form.force):
                item.force = None
                continue
            replacing = [doc.effective or doc.date.date() for doc in item.replaced_by if doc.status == "published"]
            derived = derive_force(item.effective, item.expires, min(replacing, default=None), self.today)
            item.force = item.force_given or derived
            if item.force_given == "con-hieu-luc" and derived == "het-hieu-luc-toan-bo":
                self.problem(
                    item,
                    "force",
                    "Văn bản ghi “Còn hiệu lực” nhưng đã hết hạn hoặc đã bị văn bản khác thay thế.",
                    "Bỏ trường “Force” để trang tự suy ra, hoặc sửa ngày hết hiệu lực.",
                    "force contradicts dates",
                )
        for cited in all_content(self.context):
            if content_type(cited, self.settings) is self.content_type or not cited.metadata.get("documents"):
                continue
            cited.cited_documents = []
            for value in _values(cited.metadata["documents"]):
                target = self.find(cited, "documents", value, by_key, by_slug)
                if target is not None:
                    cited.cited_documents.append(target)
                    if cited.status == "published":
                        target.cited_by.append(cited)

    def find(self, item, key, value, by_key, by_slug):
        """The document `value` names (its number, or its slug), or None with a problem."""
        target = by_key.get(number_key(value)) or by_slug.get(value.strip())
        if target is None:
            numbers = {str(doc.number): doc for doc in by_key.values()}
            close = difflib.get_close_matches(value.strip(), list(numbers), n=1, cutoff=0.5)
            hint = f"Có phải ý bạn là “{close[0]}”? " if close else ""
            self.problem(
                item,
                key,
                f"Không có văn bản số “{value.strip()}” trên trang.",
                f"{hint}Ghi đúng số/ký hiệu của một văn bản trong content/van-ban/, hoặc đăng văn bản đó trước.",
                f"unknown document {value!r}",
            )
        return target

    # -- the list and its filters -----------------------------------------------------

    def facets(self):
        """The four filters of /van-ban/: kind, issuer, year, force, each value with its items."""
        items = self.items

        def facet(slug, label, key_of, order):
            groups = {}
            for item in items:
                for value_slug, name in key_of(item):
                    groups.setdefault((value_slug, name), []).append(item)
            values = []
            for (value_slug, name), grouped in sorted(groups.items(), key=lambda pair: order(pair[0])):
                place = {"facet": slug, "slug": value_slug}
                values.append(
                    FacetValue(
                        value_slug,
                        name,
                        self.settings["DOCUMENTS_FILTER_URL"].format(**place),
                        self.settings["DOCUMENTS_FILTER_SAVE_AS"].format(**place),
                        tuple(grouped),
                    )
                )
            return Facet(slug, label, tuple(values))

        kinds = list(self.kinds)
        states = list(FORCE_STATES)
        return (
            facet(
                "loai",
                "Loại văn bản",
                lambda d: [(d.form.slug, d.form.name)] if d.form else [],
                lambda v: kinds.index(v[0]),
            ),
            facet(
                "co-quan",
                "Cơ quan ban hành",
                lambda d: [(unit.slug, unit.name) for unit in getattr(d, "units", [])],
                lambda v: sort_key(v[1]),
            ),
            facet("nam", "Năm ban hành", lambda d: [(str(d.date.year), str(d.date.year))], lambda v: -int(v[0])),
            facet(
                "hieu-luc",
                "Tình trạng hiệu lực",
                lambda d: [(d.force, d.force_name)] if d.force else [],
                lambda v: states.index(v[0]),
            ),
        )

    def generate_output(self, writer):
        facets = (self.kind_facet, *self.facets()[1:])
        self.context["document_facets"] = facets
        super().generate_output(writer)
        for item in self.written:
            for attachment in item.files:
                publish(attachment, self.output_path, os.path.dirname(item.save_as))
        for facet in facets:
            for value in facet.values:
                writer.write_file(
                    value.save_as,
                    self.get_template(self.content_type.list_template),
                    self.context,
                    paginated={self.content_type.context_key: list(value.items)},
                    template_name=self.content_type.list_template,
                    url=value.url,
                    relative_urls=self.settings["RELATIVE_URLS"],
                    page_name=value.url.strip("/"),
                    document_filter=(facet, value),
                )


def key_facts_html(document):
    """Number, kind, issuer, dates and force, before a document's text in feeds."""
    parts = [("Số/ký hiệu", document.number), ("Loại văn bản", getattr(document.form, "name", ""))]
    parts.append(("Cơ quan ban hành", ", ".join(unit.name for unit in getattr(document, "units", []))))
    parts.append(("Ngày ban hành", f"{document.date:%d/%m/%Y}"))
    if document.effective:
        parts.append(("Ngày có hiệu lực", f"{document.effective:%d/%m/%Y}"))
    parts.append(("Tình trạng hiệu lực", document.force_name))
    items = "".join(
        f"<li><strong>{html.escape(label)}:</strong> {html.escape(str(value))}</li>" for label, value in parts if value
    )
    return f"<ul>{items}</ul>"


def search_text(document):
    """What search finds a document by beyond its text: its number, kind, issuer, signer and
    the words inside its PDFs."""
    parts = [document.full_name, document.signer, " ".join(document.sectors)]
    parts += [unit.name for unit in getattr(document, "units", [])]
    parts += [attachment.text for attachment in document.files]
    return " ".join(part for part in parts if part)


def search_filters(document):
    """The search page's filters of a document: its kind, issuer and force."""
    return {
        "loai-van-ban": [document.form.name] if document.form else [],
        "co-quan": [unit.name for unit in getattr(document, "units", [])],
        "hieu-luc": [document.force_name] if document.force else [],
    }


def document_dataset(documents, absolute):
    """The open data table of documents: one row a document, its files' sizes and pages."""
    from giamngheo.opendata.opendata import Column, Dataset

    columns = [
        Column("slug", "string", "Mã văn bản", "Phần cuối địa chỉ /van-ban/<mã>/.", {"required": True, "unique": True}),
        Column("number", "string", "Số/ký hiệu", constraints={"required": True, "unique": True}),
        Column("kind", "string", "Loại văn bản"),
        Column("issuer", "string", "Cơ quan ban hành"),
        Column("title", "string", "Trích yếu", constraints={"required": True}),
        Column("url", "string", "Địa chỉ trang văn bản", constraints={"required": True}),
        Column("issued", "date", "Ngày ban hành", constraints={"required": True}),
        Column("effective", "date", "Ngày có hiệu lực"),
        Column("expires", "date", "Ngày hết hiệu lực"),
        Column("force", "string", "Tình trạng hiệu lực", constraints={"enum": list(FORCE_STATES.values())}),
        Column("signer", "string", "Người ký"),
        Column("files", "string", "Tệp", "Địa chỉ các tệp, cách nhau bằng “; ”."),
        Column("file_bytes", "integer", "Dung lượng tệp", "Tổng dung lượng các tệp; đơn vị: byte."),
        Column("pdf_pages", "integer", "Số trang PDF", "Tổng số trang các tệp PDF."),
    ]
    rows = [
        {
            "slug": d.slug,
            "number": str(d.number),
            "kind": getattr(d.form, "name", None),
            "issuer": "; ".join(unit.name for unit in getattr(d, "units", [])) or None,
            "title": d.title,
            "url": absolute(d.url),
            "issued": d.date.date().isoformat(),
            "effective": d.effective.isoformat() if d.effective else None,
            "expires": d.expires.isoformat() if d.expires else None,
            "force": d.force_name or None,
            "signer": d.signer or None,
            "files": "; ".join(absolute(f.url) for f in d.files) or None,
            "file_bytes": sum(f.size for f in d.files),
            "pdf_pages": sum(f.pages or 0 for f in d.files),
        }
        for d in sorted(documents, key=lambda d: d.slug)
    ]
    return Dataset(
        "van-ban",
        "Văn bản chỉ đạo, điều hành",
        "Mỗi dòng là một văn bản đã đăng trên trang: số/ký hiệu, cơ quan ban hành, các ngày, hiệu lực và tệp.",
        columns,
        rows,
        ["slug"],
    )


def _card_label(document):
    return f"Văn bản · {document.full_name}"


DOCUMENT = declare(
    "document",
    "documents",
    "Văn bản",
    Document,
    taxonomies=("area", "program", "unit"),
    required_taxonomies=("unit",),
    site_feed=SiteFeed("van-ban", "văn bản", "Nghị quyết, quyết định, kế hoạch, hướng dẫn về giảm nghèo mới ban hành."),
    related=False,
    previewed=True,
    list_template="documents",
    schema_type="Legislation",
    term_section=("van-ban", "Văn bản"),
    card_label=_card_label,
    feed_html=key_facts_html,
    feed_categories=("areas", "programs", "units"),
    search_text=search_text,
    search_filters=search_filters,
    open_data=document_dataset,
    editor=EditorForm(
        "van-ban",
        ("Văn bản", "văn bản", "Nghị quyết, quyết định, kế hoạch, hướng dẫn, báo cáo kèm tệp PDF, DOCX, XLSX."),
        "images/van-ban",  # photos in its body; its files are under van-ban/tep/
        (
            Field("title", "Trích yếu", required=True, hint="Trích yếu như trên văn bản, ví dụ “Về việc …”."),
            Field(
                "number", "Số/ký hiệu", required=True, hint="Như trên văn bản: 1234/QĐ-UBND, 35/2025/NĐ-CP, 13-NQ/TU."
            ),
            Field(
                "form",
                "Loại văn bản",
                "select",
                True,
                hint="Bắt buộc. Danh sách lấy từ content/data/document_kinds.yml.",
                choices=DEFAULTS["DOCUMENT_KINDS_FILE"],
                multiple=False,
            ),
            Field("unit", "Cơ quan ban hành", "select", True, choices="unit", multiple=False),
            Field("date", "Ngày ban hành", "datetime", True),
            Field("effective", "Ngày có hiệu lực", hint="Ngày/tháng/năm. Để trống: có hiệu lực từ ngày ban hành."),
            Field("expires", "Ngày hết hiệu lực", hint="Ngày/tháng/năm, nếu văn bản ghi."),
            Field(
                "force",
                "Tình trạng hiệu lực",
                "select",
                hint="Để trống: trang tự suy ra từ các ngày và văn bản thay thế.",
                options=(("options", list(FORCE_STATES.values())),),
            ),
            Field("signer", "Người ký"),
            Field("signer_title", "Chức danh người ký", hint="Ví dụ “Phó Chủ tịch”, “KT. Chủ tịch”."),
            Field("sector", "Lĩnh vực", hint="Ví dụ “Giảm nghèo; Lao động - việc làm”."),
            *taxonomy_fields(),
            Field("basis", "Căn cứ (số văn bản)", hint="Số/ký hiệu các văn bản căn cứ, cách nhau bằng “;”."),
            Field("replaces", "Thay thế (số văn bản)"),
            Field("amends", "Sửa đổi, bổ sung (số văn bản)"),
            Field(
                "files",
                "Tệp đính kèm",
                "files",
                True,
                hint="Bắt buộc. Một hay nhiều tệp, mỗi tệp một nhãn; bản ký số được đăng nguyên vẹn.",
                options=(("media_folder", "tep"), ("max_bytes_setting", "DOCUMENTS_MAX_BYTES")),
            ),
            Field("summary", "Tóm tắt", "text"),
            STATUS,
            Field("body", "Nội dung chính (không bắt buộc)", "markdown"),
        ),
        date_with_time=False,
    ),
    new_item=os.path.join(os.path.dirname(__file__), "templates", "document.md"),
    generator=DocumentGenerator,
)

CONTENT_TYPES = (DOCUMENT,)


register = core.plugin()  # the core reads and writes what the plugin declares
