"""YAML front matter, the format the staff's editor (Decap CMS, /admin/) writes:

    ---
    title: Hồng Dân trao 40 con bò giống cho hộ nghèo
    date: 2025-03-14 08:30
    area:
      - Huyện Hồng Dân
    ---
    Nội dung bài …

It is read by turning the front matter into Pelican's header lines, line for line (a field
stays on the line it was written on; the other lines of the block become comment lines), so
the forgiving reader checks and normalises both formats with the same code and reports the
same errors at the same lines. A list becomes "a; b", a list of files with labels
(`- file: tep/a.pdf` / `label: Toàn văn`) "tep/a.pdf | Toàn văn; …", true/false become "có"/"không", an
empty value or null is a field not given, a value folded over several lines is one line.
"""

import re

import yaml

from giamngheo.core import yamldata

FENCE = "---"
KEY = re.compile(r"^[A-Za-z0-9_-]+$")
# The one list of objects the editor writes: attached files, each with its label.
FILE_ITEM_KEYS = ("file", "label")
SYNTAX_FIX = (
    "Mỗi dòng ghi “tên_trường: giá trị”; một giá trị có dấu hai chấm “:” hoặc bắt đầu bằng "
    "dấu đặc biệt (“[”, “{”, “*”, “&”, “!”, “|”, “>”, “'”, “\"”, “%”, “@”) thì đặt trong dấu ngoặc kép."
)


class FrontMatterError(ValueError):
    """args are (line, message, fix, detail), the line 1-based in the file."""


def has_front_matter(text):
    """True when the (BOM-free, \\n-separated) text opens with a "---" line."""
    return text.split("\n", 1)[0].rstrip() == FENCE


def _closing_line(lines):
    return next((n for n in range(1, len(lines)) if lines[n].rstrip() in (FENCE, "...")), None)


def _scalar(node, key):
    if node.tag == "tag:yaml.org,2002:null":
        return ""
    if node.tag == "tag:yaml.org,2002:bool" and node.value.lower() in ("true", "false"):
        return "có" if node.value.lower() == "true" else "không"
    return re.sub(r"\s*\n\s*", " ", node.value).strip()


def _file_item(node, key):
    """“tep/a.pdf | Toàn văn” of a `- file: tep/a.pdf` / `label: Toàn văn` item, whatever the
    order of its two keys; None when the item is not that shape."""
    pairs = {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
    if len(pairs) != len(node.value) or not set(pairs) <= set(FILE_ITEM_KEYS) or "file" not in pairs:
        return None
    if not all(isinstance(value, yaml.ScalarNode) for value in pairs.values()):
        return None
    path, label = (_scalar(pairs[name], key) if name in pairs else "" for name in FILE_ITEM_KEYS)
    return f"{path} | {label}" if label else path


def _value(node, key):
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node, key)
    if isinstance(node, yaml.SequenceNode) and all(isinstance(item, yaml.ScalarNode) for item in node.value):
        return "; ".join(value for value in (_scalar(item, key) for item in node.value) if value)
    if isinstance(node, yaml.SequenceNode) and all(isinstance(item, yaml.MappingNode) for item in node.value):
        items = [_file_item(item, key) for item in node.value]
        wrong = next((item for item, text in zip(node.value, items, strict=True) if text is None), None)
        if wrong is None:
            return "; ".join(items)
        raise FrontMatterError(
            wrong.start_mark.line + 2,
            f"Trường “{key}”: mỗi mục của danh sách tệp chỉ có “file” (đường dẫn tệp) và “label” (nhãn).",
            "Viết mỗi tệp thành hai dòng: “  - file: tep/ten-tep.pdf” rồi “    label: Toàn văn”.",
            f"bad file item in {key}",
        )
    raise FrontMatterError(
        node.start_mark.line + 2,
        f"Trường “{key}” phải là một giá trị hoặc một danh sách giá trị.",
        f"Viết “{key}: giá trị” trên một dòng, hoặc mỗi giá trị một dòng bắt đầu bằng “- ”.",
        f"nested value in {key}",
    )


def front_matter_as_header(text):
    """The text with its YAML front matter replaced by header lines; FrontMatterError if the
    block cannot be read. Line n of the result is line n of the file."""
    lines = text.split("\n")
    end = _closing_line(lines)
    if end is None:
        raise FrontMatterError(
            1,
            "Phần đầu tệp mở bằng dòng “---” nhưng không có dòng “---” đóng lại.",
            "Thêm một dòng chỉ có “---” sau trường cuối cùng, trước nội dung bài.",
            "front matter not closed",
        )
    block = lines[1:end]
    try:
        root = yamldata.compose("\n".join(block))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        if mark and mark.line >= len(block):  # at the end of the block: where what is unclosed opened
            mark = getattr(error, "context_mark", None) or mark
        raise FrontMatterError(
            min(mark.line, len(block) - 1) + 2 if mark else 1,
            "Phần đầu tệp (giữa hai dòng “---”) viết sai cách.",
            SYNTAX_FIX,
            f"YAML: {getattr(error, 'problem', error)}",
        ) from None
    header = ["#"] * end + [""]  # the fences and continuation lines: comments; the end: a blank line
    # Lines that are not "key: value" (a broken header) give no field: the reader then says
    # what is missing, as it does for a broken header in the other format.
    fields = root.value if isinstance(root, yaml.MappingNode) else ()
    for key_node, value_node in fields:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else ""
        number = key_node.start_mark.line + 1
        if not KEY.match(key):
            raise FrontMatterError(
                number + 1,
                f"Tên trường “{key}” không hợp lệ.",
                "Tên trường chỉ gồm chữ cái không dấu, chữ số, “_” và “-”, ví dụ “title” hoặc “image_alt”.",
                f"bad key {key!r}",
            )
        header[number] = f"{key}: {_value(value_node, key)}"
    return "\n".join(header + lines[end + 1 :])
