"""Mangled content files for Hypothesis: random and broken headers, bodies and encodings, as
staff's editors produce them (CRLF, BOM, legacy encodings, NFD, control characters, cut
bytes). Shared by tests/test_fuzz.py (a bounded number of examples) and benchmarks/fuzz.py.

`outcome(content)` reads a content folder with the real reader, runs every content check
and the sanitiser, and returns the problems it reports; anything else escaping is a bug.
"""

import re
import unicodedata

from conftest import read_site
from hypothesis import strategies as st

from giamngheo.checks.checks import stop_on_problems
from giamngheo.core import ContentError
from giamngheo.sanitise import sanitise_content

NAME = "tin-tuc/bai.md"
KEYS = [
    "Title",
    "Date",
    "Area",
    "Program",
    "Tags",
    "Category",
    "Summary",
    "Image",
    "Image_alt",
    "Status",
    "Slug",
    "Redirect_from",
    "Modified",
    "tiêu đề",
    "",
]
PLAUSIBLE = {
    "Title": ["Hồng Dân trao bò giống", "Tiêu đề"],
    "Date": ["2025-03-14 08:30", "14/03/2025", "2025-13-45", "hôm qua", "2025-03-14T08:30:00+07:00"],
    "Area": ["Hồng Dân", "huyện Hồng Dân; Xã Vĩnh Lộc", "Sao Hỏa", "Hong Dan"],
    "Program": ["Dự án 2", "Dự án 9", "Vì người nghèo"],
    "Status": ["draft", "published", "hidden", "nháp"],
    "Image": ["images/de.jpg", "images/khong-co.jpg", "../../etc/passwd"],
    "Redirect_from": ["/tin-tuc/2024/cu/", "https://evil.example/x", "../.."],
}
HOSTILE_BODY = [
    "<script>alert(1)</script>",
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "<!--><script>alert(1)</script>-->",
    '<p style="width:expression(alert(1))">x</p>',
    "![](images/de.jpg)",
    "[liên kết]({filename}/tin-tuc/khong-co.md)",
    "| a | b |\n|---|---|\n| 1 | 2 |",
]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp1258", "latin-1", "cp1252"]
text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


@st.composite
def content_files(draw):
    """The bytes of one mangled Markdown file."""
    lines = []
    for _ in range(draw(st.integers(0, 8))):
        key = draw(st.sampled_from(KEYS))
        value = draw(st.sampled_from(PLAUSIBLE.get(key, [])) | text) if key in PLAUSIBLE else draw(text)
        lines.append(f"{key}: {value}" if draw(st.booleans()) or not key else f"{key}:{value}")
    body = draw(st.lists(st.sampled_from(HOSTILE_BODY) | text, max_size=4))
    document = "\n".join(lines) + draw(st.sampled_from(["\n\n", "\n", "", "\n \n"])) + "\n\n".join(body)
    if draw(st.booleans()):
        document = unicodedata.normalize("NFD", document)  # macOS
    document = document.replace("\n", draw(st.sampled_from(["\n", "\r\n", "\r"])))
    data = document.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    if draw(st.booleans()):  # cut or spoil bytes, as a broken copy does
        data = data[: draw(st.integers(0, len(data)))] + draw(st.binary(max_size=6))
    return data


VIETNAMESE = re.compile(r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.I)


def outcome(content, output):
    """The problems reported for `content` (empty: it builds). Raises anything unexpected."""
    site = read_site(content, output)
    problems = list(site.read_problems)
    try:
        stop_on_problems(site.generators)
    except ContentError as error:
        problems += error.problems
    if not problems:
        sanitise_content(site.generators)
    return problems


def explained(problem):
    """True when a problem names the file and says, in Vietnamese, what is wrong and the fix."""
    return problem.path == NAME and bool(VIETNAMESE.search(problem.message)) and bool(problem.fix or "")
