"""Problems in content that a member of staff can fix, how plugins report them, and the
error that stops a build (raised by giamngheo.checks before anything is written)."""

import dataclasses
import logging
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


CONTEXT_KEY = "content_problems"


def report(context, problem):
    """Record a problem found while building; the build stops before writing anything."""
    context.setdefault(CONTEXT_KEY, []).append(problem)


def reported(context):
    """The problems reported so far in this build."""
    return list(context.get(CONTEXT_KEY, []))


def metadata_line(path, key):
    """The 1-based line of a `Key: value` header line in a source file, or None."""
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*:", re.IGNORECASE)
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as source:
            for number, line in enumerate(source, start=1):
                if pattern.match(line):
                    return number
                if not line.strip():
                    break  # the header ends at the first blank line
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


def source_line(path, needle):
    """The 1-based line of a source file where `needle` first appears (any case), or None."""
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as source:
            for number, line in enumerate(source, start=1):
                if needle.lower() in line.lower():
                    return number
    except OSError:
        pass
    return None


class LogRecorder(logging.Handler):
    """Keeps the log records of one build at `level` and above that `keep` accepts."""

    def __init__(self, level=logging.WARNING, keep=None):
        super().__init__(level=level)
        self.keep = keep
        self.records = []

    def emit(self, record):
        if self.keep is None or self.keep(record):
            self.records.append(record)
