"""Pelican plugin: gather every content problem of a build and stop it before writing.

Other plugins report problems with `giamngheo.core.report(context, problem)`. Pelican itself logs an error
and skips a file it cannot read; that would publish the site without the file, so such
errors are gathered too. At `all_generators_finalized`, before a single file is written,
the build stops with one message listing every problem.
"""

import logging
import os

from pelican.generators import Generator
from pelican.utils import clean_output_dir

from giamngheo import core
from giamngheo.core import ContentError, ContentProblem, LogRecorder, relative_source, reported

from .rules import check_addresses, check_covers, check_image_alts, check_links, check_unsafe_html

logger = logging.getLogger(__name__)

# Every setting this plugin reads, with its default. pelicanconf.py may override any of them.
DEFAULTS = {
    # Hosts whose video players staff may embed with <iframe>; any other iframe stops the build.
    "EMBED_ALLOWED_HOSTS": [
        "www.youtube.com",
        "youtube.com",
        "www.youtube-nocookie.com",
        "player.vimeo.com",
        "www.facebook.com",
    ],
    # True: empty the output folder only once the checks pass (publishconf.py).
    "CLEAN_OUTPUT_AFTER_CHECKS": False,
}


def _read_error(record):
    # Our readers attach the problem itself; Pelican's own errors come from "pelican.*".
    return hasattr(record, "content_problem") or record.name.startswith("pelican")


class ContentCheckGenerator(Generator):
    """Listens to Pelican's own error log for the length of one build's reading phase."""

    writes = core.Writes.NOTHING

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.recorder = LogRecorder(logging.ERROR, keep=_read_error)
        logging.getLogger().addHandler(self.recorder)

    def generate_context(self):
        pass  # reading happens in the other generators; see stop_on_problems

    def take_problems(self):
        """Stop listening, and turn the errors Pelican logged into content problems."""
        logging.getLogger().removeHandler(self.recorder)
        specific = [r.content_problem for r in self.recorder.records if hasattr(r, "content_problem")]
        explained = {problem.path for problem in specific}
        generic = [self._problem_from(r) for r in self.recorder.records if not hasattr(r, "content_problem")]
        # "Could not process x.md" adds nothing when the reader has said what is wrong in it.
        return specific + [problem for problem in generic if problem.path not in explained]

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
                path,
                None,
                f"Thiếu trường “{key}” ở phần đầu tệp.",
                f"Thêm dòng “{key}: {example}” vào phần đầu tệp.",
                detail,
            )
        return ContentProblem(
            path,
            None,
            "Không đọc được tệp này.",
            "Kiểm tra phần đầu tệp (các dòng “Tên: giá trị”) và cách ghi ngày.",
            detail,
        )


def text_problems(context, path, settings):
    """The problems in the text of the items in `context` (links, HTML, image alt text): all
    that an edit of an item's text can change (the live preview checks one item with it)."""
    problems = check_links(context, path)
    problems += check_unsafe_html(context, path, settings["EMBED_ALLOWED_HOSTS"])
    problems += check_image_alts(context, path)
    return problems


def stop_on_problems(generators):
    """Raise one ContentError listing every problem, before anything is written."""
    checker = next((g for g in generators if isinstance(g, ContentCheckGenerator)), None)
    problems = checker.take_problems() if checker else []
    context = generators[0].context
    settings = generators[0].settings
    path = generators[0].path
    problems += check_covers(context, path, settings["STATIC_PATHS"])
    problems += text_problems(context, path, settings)
    problems += check_addresses(context, path)
    problems += reported(context)
    if problems:
        raise ContentError(sorted(problems, key=lambda p: (p.path, p.line or 0)))
    if settings["CLEAN_OUTPUT_AFTER_CHECKS"]:
        # Pelican's DELETE_OUTPUT_DIRECTORY empties the output before reading; doing it here,
        # once the content is known to be good, leaves the last good site in place on failure.
        clean_output_dir(generators[0].output_path, settings["OUTPUT_RETENTION"])


register = core.plugin(
    # get_generators: a generator lives exactly as long as one build, so it can own the log
    # listener without any module-level state.
    ("get_generators", ContentCheckGenerator),
    # all_generators_finalized: everything has been read, nothing has been written yet.
    ("all_generators_finalized", stop_on_problems),
)
