"""A Markdown reader that accepts what staff's editors produce and refuses, with a message
naming the file and line, what it cannot understand.

Accepted and normalised: a UTF-8 byte-order mark, Windows line endings, NFD text (stored as
NFC), trailing spaces and "Key : value" in the header, comment lines ("# …") in the header,
dates written 24/11/2026 or 24/11/2026 08:30, tags separated by ";", links and images
written as paths inside content/ ("images/Ảnh lúa tôm.jpg").
Refused: a file that is not UTF-8 (with the encoding it looks like), a missing title or
date, a date that does not exist.

The same rules apply to YAML front matter ("---" … "---", what the editor at /admin/ writes):
frontmatter.py turns it into header lines first, line for line.
"""

import html
import logging
import os
import re
import unicodedata
import urllib.parse

from markdown import Markdown
from pelican.readers import MarkdownReader

from giamngheo.core import ContentProblem, relative_source

from .dates import DateError, normalise_date
from .encodings import GUESSES, first_bad_line, guess_encoding
from .frontmatter import FrontMatterError, front_matter_as_header, has_front_matter

logger = logging.getLogger(__name__)

HEADER_LINE = re.compile(r"^([A-Za-z0-9_-]+)\s*:(.*)$")
LINKED_FILE = re.compile(r'(?P<attr>href|src)="(?P<url>[^"#{][^"]*)"')
UTF8_BOM = b"\xef\xbb\xbf"


class ContentFileError(Exception):
    """The file cannot be read as content; its problems have been logged for giamngheo.checks."""


class ForgivingMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader, with staff-proof normalisation in front of it."""

    def read(self, source_path):
        self._source_path = source_path
        text = self._normalised_text(source_path)
        self._md = self._markdown()
        content = self._md.convert(text)
        metadata = self._parse_metadata(self._md.Meta) if hasattr(self._md, "Meta") else {}
        return self._link_files(content, source_path), metadata

    # -- reading ---------------------------------------------------------------------

    def _markdown(self):
        """One Markdown instance for every file this reader reads, reset before each (Pelican
        makes a new one per file: setting up the extensions took a second per 5,000 files).
        Pelican's _parse_metadata takes the meta preprocessor out; it is put back here."""
        md = getattr(self, "_shared_md", None)
        if md is None:
            md = self._shared_md = Markdown(**self.settings["MARKDOWN"])
            priority = next(item.priority for item in md.preprocessors._priority if item.name == "meta")
            self._meta = (md.preprocessors["meta"], priority)
        md.reset()
        if "meta" not in md.preprocessors:
            md.preprocessors.register(self._meta[0], "meta", self._meta[1])
        return md

    def _problem(self, line, message, fix, detail):
        return ContentProblem(relative_source(self._source_path, self.settings["PATH"]), line, message, fix, detail)

    def _fail(self, problems):
        for problem in problems:
            logger.error("%s", problem, extra={"content_problem": problem})
        raise ContentFileError(self._source_path)

    def _normalised_text(self, source_path):
        with open(source_path, "rb") as source:
            data = source.read()
        if data.startswith(UTF8_BOM):
            data = data[len(UTF8_BOM) :]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            guess = guess_encoding(data)
            self._fail(
                [
                    self._problem(
                        first_bad_line(data),
                        f"Tệp không được lưu bằng mã UTF-8; có vẻ là {GUESSES[guess]}.",
                        "Mở tệp bằng Notepad (hoặc trình soạn thảo khác), chọn File > Save As, ở mục "
                        "Encoding chọn UTF-8 rồi lưu lại. Nếu văn bản gõ bằng phông VNI hoặc .VnTime (TCVN3), "
                        "trước hết dùng công cụ chuyển mã của Unikey (Ctrl+Shift+F6) để chuyển sang Unicode.",
                        f"not UTF-8; looks like {guess}",
                    )
                ]
            )
        text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
        if has_front_matter(text):
            try:
                text = front_matter_as_header(text)
            except FrontMatterError as error:
                self._fail([self._problem(*error.args)])
        return self._normalised_header(text)

    def _normalised_header(self, text):
        lines = text.split("\n")
        first = next((n for n, line in enumerate(lines) if not line.lstrip().startswith("#")), len(lines))
        if first < len(lines) and HEADER_LINE.match(lines[first].strip()):
            keys, end = self._header_keys(lines)
        else:
            keys, end = {}, 0  # no header: Pelican will say what is missing
        problems = []
        for key in ("date", "modified"):
            if key in keys:
                number, value = keys[key]
                try:
                    lines[number] = f"{key.capitalize()}: {normalise_date(value, self.settings.get('TIMEZONE'))}"
                except DateError as error:
                    message, fix = error.args
                    problems.append(self._problem(number + 1, message, fix, f"bad {key} {value!r}"))
        if "tags" in keys:
            number, value = keys["tags"]
            lines[number] = "Tags: " + ", ".join(t.strip() for t in re.split(r"[;,]", value) if t.strip())
        if "title" not in keys or not keys["title"][1]:
            problems.append(
                self._problem(
                    1,
                    "Thiếu tiêu đề (trường “Title”).",
                    "Thêm dòng “Title: Tiêu đề bài viết” ở đầu tệp.",
                    "missing title",
                )
            )
        if "date" not in keys and not self._is_page():
            problems.append(
                self._problem(
                    None,
                    "Thiếu ngày đăng (trường “Date”).",
                    "Thêm dòng “Date: 24/11/2026 08:30” vào phần đầu tệp.",
                    "missing date",
                )
            )
        if problems:
            self._fail(problems)
        kept = [line for number, line in enumerate(lines) if number >= end or not line.lstrip().startswith("#")]
        return "\n".join(kept)

    def _header_keys(self, lines):
        """{key: (line index, value)} of the header, with its lines tidied in place."""
        keys = {}
        for number, line in enumerate(lines):
            if not line.strip():
                return keys, number
            if line.lstrip().startswith("#"):
                continue  # a comment for staff
            match = HEADER_LINE.match(line.strip())
            if match and not line.startswith((" ", "\t")):
                key, value = match.group(1).lower(), match.group(2).strip()
                if not value:
                    # A field left empty in a template is a field not given.
                    lines[number] = "#"
                    continue
                lines[number] = f"{match.group(1)}: {value}"
                keys.setdefault(key, (number, value))
            else:
                lines[number] = line.rstrip()
        return keys, len(lines)

    def _is_page(self):
        relative = relative_source(self._source_path, self.settings["PATH"])
        return any(relative.startswith(folder.rstrip("/") + "/") for folder in self.settings["PAGE_PATHS"])

    # -- links to files -------------------------------------------------------------

    def _link_files(self, content, source_path):
        """Links and images written as paths to files in content/ become Pelican's
        {static} / {filename} links, so they work from any page and under any SITEURL."""
        root = self.settings["PATH"]
        folder = os.path.dirname(source_path)

        def replace(match):
            url = html.unescape(match.group("url"))
            parts = urllib.parse.urlsplit(url)
            if parts.scheme or parts.netloc or not parts.path:
                return match.group(0)
            path = urllib.parse.unquote(parts.path)
            for base in (root, folder):
                candidate = os.path.normpath(os.path.join(base, path.lstrip("/") if base == root else path))
                if os.path.isfile(candidate) and os.path.commonpath([candidate, root]) == os.path.normpath(root):
                    relative = os.path.relpath(candidate, root).replace(os.sep, "/")
                    kind = "filename" if candidate.endswith(".md") else "static"
                    suffix = f"#{parts.fragment}" if parts.fragment else ""
                    return f'{match.group("attr")}="{{{kind}}}/{html.escape(relative)}{suffix}"'
            return match.group(0)

        return LINKED_FILE.sub(replace, content)
