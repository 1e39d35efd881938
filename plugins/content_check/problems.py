"""Problems in content that a member of staff can fix, and the error that stops a build."""

import dataclasses
import os
import re


@dataclasses.dataclass(frozen=True)
class ContentProblem:
    """One mistake in one file: where it is, what is wrong and how to fix it (Vietnamese)."""

    path: str
    line: int | None
    message: str
    fix: str
    detail: str = ""

    def __str__(self):
        where = self.path if self.line is None else f"{self.path}, dòng {self.line}"
        text = f"{where}: {self.message} Cách sửa: {self.fix}"
        return f"{text} [{self.detail}]" if self.detail else text


class ContentError(SystemExit):
    """The content has problems; nothing is written until they are fixed.

    A SystemExit so that Pelican's command line prints the list and exits with status 1,
    instead of logging it as a crash with a traceback.
    """

    def __init__(self, problems):
        self.problems = list(problems)
        count = len(self.problems)
        lines = [f"Nội dung có {count} lỗi cần sửa trước khi xuất bản (nothing was written):"]
        lines += [f"  - {problem}" for problem in self.problems]
        super().__init__("\n".join(lines))


def metadata_line(path, key):
    """The 1-based line of a `Key: value` header line (or `key: value` line of YAML front
    matter) in a source file, or None."""
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*:", re.IGNORECASE)
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as source:
            for number, line in enumerate(source, start=1):
                if pattern.match(line):
                    return number
                if not line.strip() or (number > 1 and line.rstrip() == "---"):
                    break  # the header ends at the first blank line, front matter at its "---"
    except OSError:
        return None
    return None


def relative_source(path, content_root):
    """A path as staff know it: relative to the content folder, with forward slashes."""
    try:
        relative = os.path.relpath(path, content_root)
    except ValueError:
        return path
    if relative.startswith(".."):
        return path
    return relative.replace(os.sep, "/")
