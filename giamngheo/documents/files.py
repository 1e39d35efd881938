"""A document's attached files: checked, described and published byte for byte.

Each file is copied unchanged (a digitally signed PDF stays valid). A PDF is read once per
content (its SHA-256, as the image cache does): its page count, its text (for search), whether
it has a text layer, and a thumbnail of its first page, made by the images pipeline.
"""

import dataclasses
import hashlib
import json
import os
import shutil
import zipfile

from giamngheo.images.processing import ImageProblem, process, settle
from giamngheo.vietnamese.formatting import vi_number

# Bump when what is read from a PDF changes, so that cached results are made again.
READER_VERSION = 1
# What each accepted extension must hold: its name, its MIME type, and a test of its bytes.
FILE_TYPES = {
    ".pdf": ("PDF", "application/pdf"),
    ".docx": ("Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".xlsx": ("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
_OOXML_PART = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}
# Fewer letters than this on every page: a scan without a text layer.
SCAN_LETTERS_PER_PAGE = 20
THUMBNAIL_WIDTHS = [160, 320]  # the card and the page show it at most 160 CSS pixels wide


class FileProblem(Exception):
    """A file that cannot be published; args are (message, fix) in Vietnamese."""


@dataclasses.dataclass
class Attachment:
    """One published file of a document."""

    source: str  # absolute path of the original
    label: str
    name: str  # its file name in the output, beside the document's page
    url: str
    extension: str
    size: int
    sha256: str
    pages: int | None = None  # a PDF's pages
    text: str = ""  # a PDF's text
    scanned: bool = False  # a PDF with no text layer
    needs_copy: bool = False  # a scan with no readable copy beside it: offered on request
    thumbnail: object = None  # a ProcessedImage of its first page

    @property
    def type_name(self):
        return FILE_TYPES[self.extension][0]

    @property
    def mime_type(self):
        return FILE_TYPES[self.extension][1]

    @property
    def size_text(self):
        """“350 KB”, “1,2 MB”: the size a reader on a phone plan weighs."""
        if self.size < 1_000_000:
            return f"{vi_number(max(1, round(self.size / 1000)), 0)}\u00a0KB"
        return f"{vi_number(self.size / 1_000_000, 1)}\u00a0MB"


def check_bytes(path, extension, max_bytes):
    """Refuse a file whose bytes are not what its extension says, or that is too large."""
    size = os.path.getsize(path)
    if size > max_bytes:
        raise FileProblem(
            f"Tệp quá nặng ({size / 1_000_000:.1f} MB, tối đa {max_bytes / 1_000_000:.0f} MB).",
            "Nén tệp PDF (ví dụ in lại ở độ phân giải 150 dpi) hoặc tách thành nhiều tệp.",
        )
    with open(path, "rb") as source:
        head = source.read(8)
    if extension == ".pdf":
        if not head.startswith(b"%PDF-"):
            raise FileProblem(
                "Tệp có đuôi .pdf nhưng nội dung không phải PDF.",
                "Mở tệp trên máy để kiểm tra, rồi lưu (hoặc in) lại thành PDF.",
            )
        return size
    part = _OOXML_PART[extension]
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        names = set()
    if part not in names:
        raise FileProblem(
            f"Tệp có đuôi {extension} nhưng nội dung không phải tệp {FILE_TYPES[extension][0]}.",
            f"Mở tệp bằng {FILE_TYPES[extension][0]} và lưu lại đúng định dạng {extension}.",
        )
    return size


def read_pdf(path, cache_root, image_options):
    """{"pages", "text", "scanned", "thumbnail": meta, "folder"} of a PDF, from the cache when
    the same bytes were read before."""
    with open(path, "rb") as source:
        data = source.read()
    digest = hashlib.sha256(data)
    digest.update(json.dumps({**image_options, "version": READER_VERSION}, sort_keys=True).encode())
    folder = os.path.join(cache_root, digest.hexdigest())
    meta_path = os.path.join(folder, "meta.json")
    if os.path.isfile(meta_path):
        with open(meta_path, encoding="utf-8") as cached:
            return {**json.load(cached), "folder": folder}
    import pypdfium2  # only when a PDF is new: a cached build never loads PDFium

    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as error:
        if "password" in str(error).lower():
            raise FileProblem(
                "Tệp PDF có mật khẩu: người đọc không mở được.",
                "Xuất lại tệp PDF không đặt mật khẩu mở tệp (bản ký số vẫn giữ được chữ ký).",
            ) from None
        raise FileProblem("Tệp PDF bị hỏng, không mở được.", "Tải lại tệp gốc, hoặc in lại ra PDF.") from None
    try:
        texts = []
        for page in pdf:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_bounded())
            textpage.close()
            page.close()
        letters = sum(char.isalpha() for text in texts for char in text)
        pages = len(texts)
        temporary = f"{folder}.tmp-{os.getpid()}"
        shutil.rmtree(temporary, ignore_errors=True)
        os.makedirs(temporary)
        first = pdf[0]
        scale = 480 / first.get_width()
        png = os.path.join(temporary, "page-1.png")
        first.render(scale=scale).to_pil().save(png)
        first.close()
    finally:
        pdf.close()
    try:
        thumbnail = process(png, f"trang-1-{digest.hexdigest()[:8]}", temporary, image_options)
    except ImageProblem as problem:
        shutil.rmtree(temporary, ignore_errors=True)
        raise FileProblem(*problem.args) from None
    os.remove(png)
    meta = {
        "pages": pages,
        "text": " ".join(" ".join(text.split()) for text in texts),
        "scanned": letters < SCAN_LETTERS_PER_PAGE * pages,
        "thumbnail": thumbnail,
    }
    with open(os.path.join(temporary, "meta.json"), "w", encoding="utf-8") as output:
        json.dump(meta, output, ensure_ascii=False)
    settle(temporary, folder)
    return {**meta, "folder": folder}


def publish(attachment, output_path, folder):
    """Copy the file, byte for byte, beside the document's page (unless it is there already)."""
    target = os.path.join(output_path, folder, attachment.name)
    if os.path.isfile(target) and os.path.getsize(target) == attachment.size:
        with open(target, "rb") as existing:
            if hashlib.sha256(existing.read()).hexdigest() == attachment.sha256:
                return
    os.makedirs(os.path.dirname(target), exist_ok=True)
    shutil.copyfile(attachment.source, target)
