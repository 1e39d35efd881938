"""Real files for the documents' tests and samples: a PDF with Vietnamese text printed by
Chromium, an image-only PDF (a scan, no text layer), and a DOCX written as Word writes one."""

import html
import io
import pathlib
import subprocess
import tempfile
import zipfile

from browser import CHROMIUM_FLAGS, chromium_path
from PIL import Image

PAGE = """<!doctype html><html lang="vi"><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:serif;font-size:13pt;margin:2cm}} h1{{font-size:15pt;text-align:center}}</style>
<h1>{title}</h1>{paragraphs}</html>"""


def text_pdf(path, title, paragraphs):
    """A PDF with a text layer, as Chromium prints a page to PDF."""
    path = pathlib.Path(path)
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    with tempfile.TemporaryDirectory() as folder:
        source = pathlib.Path(folder) / "van-ban.html"
        source.write_text(PAGE.format(title=html.escape(title), paragraphs=body), encoding="utf-8")
        subprocess.run(
            [
                chromium_path(),
                *CHROMIUM_FLAGS,
                f"--user-data-dir={folder}/profile",
                "--no-pdf-header-footer",
                f"--print-to-pdf={path.resolve()}",
                source.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    return path


def scan_pdf(path, source_pdf):
    """An image-only PDF (what a scanner makes): the first page of `source_pdf` as pixels."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(source_pdf))
    image = pdf[0].render(scale=1).to_pil().convert("L")
    pdf.close()
    image.save(path, "PDF", resolution=72)
    return pathlib.Path(path)


DOCX_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""
DOCX_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""
DOCX_BODY = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{}</w:body></w:document>"""


def docx(path, paragraphs):
    """A minimal Word document (the parts Word needs to open it)."""
    body = "".join(f"<w:p><w:r><w:t>{html.escape(p)}</w:t></w:r></w:p>" for p in paragraphs)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", DOCX_TYPES)
        archive.writestr("_rels/.rels", DOCX_RELS)
        archive.writestr("word/document.xml", DOCX_BODY.format(body))
    pathlib.Path(path).write_bytes(buffer.getvalue())
    return pathlib.Path(path)


def png(path):
    """A small picture saved under a .pdf name: bytes that are not what the name says."""
    Image.new("RGB", (10, 10), "white").save(path, "PNG")
    return pathlib.Path(path)
