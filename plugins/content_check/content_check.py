"""Pelican plugin: gather every content problem of a build and stop it before writing.

Other plugins report problems with `report(context, problem)`. Pelican itself logs an error
and skips a file it cannot read; that would publish the site without the file, so such
errors are gathered too. At `all_generators_finalized`, before a single file is written,
the build stops with one message listing every problem.
"""

import logging
import os

from pelican import signals
from pelican.generators import Generator

from .problems import ContentError, ContentProblem, metadata_line, relative_source

logger = logging.getLogger(__name__)

CONTEXT_KEY = "content_problems"


def report(context, problem):
    """Record a problem found while building; the build stops before writing anything."""
    context.setdefault(CONTEXT_KEY, []).append(problem)


class _ErrorRecorder(logging.Handler):
    """Keeps the errors Pelican logs while it reads content (an unreadable file, say)."""

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.records = []

    def emit(self, record):
        self.records.append(record)


class ContentCheckGenerator(Generator):
    """Listens to Pelican's own error log for the length of one build's reading phase."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.recorder = _ErrorRecorder()
        logging.getLogger("pelican").addHandler(self.recorder)

    def generate_context(self):
        pass  # reading happens in the other generators; see stop_on_problems

    def take_problems(self):
        """Stop listening, and turn the errors Pelican logged into content problems."""
        logging.getLogger("pelican").removeHandler(self.recorder)
        return [self._problem_from(record) for record in self.recorder.records]

    def _problem_from(self, record):
        args = record.args if isinstance(record.args, tuple) else ()
        path = str(getattr(args[0], "source_path", args[0])) if args else ""
        path = relative_source(os.path.join(self.path, path), self.path) if path else "(không rõ tệp)"
        detail = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            detail = f"{detail}: {record.exc_info[1]}"
        if "could not find information about" in record.msg and len(args) > 1:
            key = str(args[1]).capitalize()
            example = "2026-11-24 08:30" if key == "Date" else "…"
            return ContentProblem(
                path, None, f"Thiếu trường “{key}” ở phần đầu tệp.",
                f"Thêm dòng “{key}: {example}” vào phần đầu tệp.", detail,
            )
        return ContentProblem(
            path, None, "Không đọc được tệp này.",
            "Kiểm tra phần đầu tệp (các dòng “Tên: giá trị”) và cách ghi ngày.", detail,
        )


def get_generators(pelican):
    return ContentCheckGenerator


def stop_on_problems(generators):
    """Raise one ContentError listing every problem, before anything is written."""
    checker = next((g for g in generators if isinstance(g, ContentCheckGenerator)), None)
    problems = checker.take_problems() if checker else []
    context = generators[0].context
    check_covers(context, generators[0].path)
    problems += context.get(CONTEXT_KEY, [])
    if problems:
        raise ContentError(sorted(problems, key=lambda p: (p.path, p.line or 0)))


def check_covers(context, content_path):
    """Every cover image (`Image:`) exists under the content folder and has alt text."""
    keys = ("articles", "drafts", "hidden_articles", "models", "model_drafts")
    for item in (i for key in keys for i in context.get(key, [])):
        image = item.metadata.get("image")
        if not image:
            continue
        source = relative_source(item.source_path, content_path)
        if not os.path.isfile(os.path.join(content_path, str(image).lstrip("/"))):
            report(context, ContentProblem(
                source, metadata_line(item.source_path, "image"),
                f"Không tìm thấy ảnh “{image}”.",
                "Đặt ảnh vào thư mục content/images/ và ghi đường dẫn tính từ content/, "
                "ví dụ “images/tin-tuc/anh.jpg”.",
                "cover image missing",
            ))
        if not str(item.metadata.get("image_alt", "")).strip():
            report(context, ContentProblem(
                source, metadata_line(item.source_path, "image"),
                "Ảnh đại diện chưa có lời mô tả cho người khiếm thị.",
                "Thêm dòng “Image_alt: …” mô tả điều ảnh cho thấy.",
                "cover image without alt text",
            ))


def register():
    # get_generators: a generator lives exactly as long as one build, so it can own the log
    # listener without any module-level state.
    signals.get_generators.connect(get_generators)
    # all_generators_finalized: everything has been read, nothing has been written yet.
    signals.all_generators_finalized.connect(stop_on_problems)
