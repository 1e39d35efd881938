"""The preview's builds: a full Pelican build kept in memory, and the fast path of an edit.

A full build is Pelican's own run (`Pelican(settings).run()`, the plugins, the content cache),
written into a staging folder and swapped in only when it succeeds: a build that fails
leaves the last good pages in place. Its generators, and the context they share, are kept.

The fast path is for the commonest save: the text of an article, page or profile changed
(body, title, summary) and nothing that places it (date, category, area, status, links to
files …). The file is read again with the same readers, checked with the same text rules,
its text is put into the item the kept context already holds, and the same generators write
again, through a writer that renders only the item's own page (first), then only the
listing pages and feeds that show it; each generator's `writes` (`giamngheo.core.Writes`)
says whether it is run at all. Every other change, and any doubt, is a full build.

After a fast path, a full build follows in a process of its own (`BackgroundBuild`), so that
everything else that shows the item (its neighbours, the sitemap, the search index) catches
up and the preview ends byte for byte as a full build. The next save ends that process at
once and never waits for it: the kept generators already hold every text edit, and the
process's memory (and its half-written folder) is its own.
"""

import contextlib
import dataclasses
import filecmp
import functools
import logging
import multiprocessing
import os
import shutil
import signal
import threading
import time
import traceback

from pelican import Pelican, signals
from pelican.contents import Content
from pelican.generators import ArticlesGenerator
from pelican.settings import read_settings
from pelican.writers import Writer

from giamngheo.checks.checks import text_problems
from giamngheo.checks.rules import INTRASITE
from giamngheo.core import LogRecorder, Writes, all_content, content_types, writes_of
from giamngheo.core.plugins import plugin_names
from giamngheo.feeds.feeds import FeedsGenerator
from giamngheo.sanitise import sanitise_item

logger = logging.getLogger(__name__)

# Metadata an edit may change and still take the fast path: it changes what a page shows of
# the item, never where the item is listed.
TEXT_METADATA = {"title", "summary"}
# What Pelican's Content keeps of the text of a file (the rest is placed by metadata).
TEXT_ATTRIBUTES = ("_content", "metadata", "title", "_summary")
# What the fast path writes, in this order, each told to the browser when written: the items'
# own pages; the pages of paginated lists (home, category, area, program …) and the feeds that
# show them; other pages that list them (the archives).
MODES = ("item", "pages", "lists")
# Lists Pelican gives pages that do not show them: every article, to each tag and category page.
UNSHOWN_LISTS = {"all_articles"}
# What the generators the fast path runs write, by mode (`writes` of each generator class).
RUN_IN_MODE = {"item": {Writes.ITEMS}, "pages": {Writes.ITEMS, Writes.LISTS}, "lists": {Writes.ITEMS, Writes.LISTS}}


class Cancelled(BaseException):
    """A newer save arrived: the running full build stops (BaseException: Pelican catches
    Exception around each file it reads)."""


@dataclasses.dataclass
class Result:
    ok: bool
    kind: str  # "full" or "fast"
    seconds: float = 0.0
    problems: list = dataclasses.field(default_factory=list)  # strings, Vietnamese first
    changed: list = dataclasses.field(default_factory=list)  # output files, relative
    timings: dict = dataclasses.field(default_factory=dict)  # phase -> seconds since the start


class PreviewBuilder:
    """Builds `content` with `settings_file` into `output` (plus `output`'s siblings .next,
    .old) and keeps the last good build in memory for the fast path."""

    def __init__(self, settings_file, output, cache, overrides=None):
        self.settings_file = settings_file
        self.output = os.path.abspath(output)
        self.cache = os.path.abspath(cache)
        self.overrides = dict(overrides or {})
        self.lock = threading.Lock()  # held while files of `output` are being replaced
        self.generators = None  # those of the last good full build
        self.items = {}  # absolute source path -> item of the kept context
        self.stale = True  # the kept build misses a change: the next update is a full build
        self.failing = {}  # source path -> problems found by the fast path in that file
        self.sources = set()  # every file of the content folder at the last full build
        self.writer_class = Writer  # the one Pelican chose in the last full build

    def settings(self, output=None, **more):
        override = {
            **self.overrides,
            "OUTPUT_PATH": output or self.output,
            "CACHE_PATH": self.cache,
            "CACHE_CONTENT": True,  # in the preview only changed files are read again
            "LOAD_CONTENT_CACHE": True,
            "DELETE_OUTPUT_DIRECTORY": False,
            **more,
        }
        return read_settings(self.settings_file, override=override)

    # Full build ----------------------------------------------------------------------

    def full_build(self, cancelled=None):
        """Build everything with Pelican into a staging folder, swap it in if it succeeds.
        `cancelled()` is asked at every item read and page written; True stops the build."""
        start = time.perf_counter()
        staging = f"{self.output}.next"
        built = self._run_pelican(self.settings(staging), cancelled)
        if isinstance(built, Result):
            self.stale = True
            return built
        pelican, generators, sources = built
        changed = changed_files(self.output, staging)
        self._swap_in(staging)
        self.generators = generators
        for generator in self.generators:
            generator.output_path = self.output  # they wrote into the staging folder
        # The writer Pelican chose (a plugin's, through `get_writer`): the fast path writes with it.
        chosen = [writer for _, writer in signals.get_writer.send(pelican) if isinstance(writer, type)]
        self.writer_class = chosen[0] if chosen else Writer
        context = self.generators[0].context
        self.items = {os.path.abspath(item.source_path): item for item in all_content(context)}
        self.sources = sources
        self.stale, self.failing = False, {}
        return Result(True, "full", time.perf_counter() - start, changed=changed)

    def _run_pelican(self, settings, cancelled):
        """Pelican's run into settings' OUTPUT_PATH: (pelican, generators, sources read), or a
        failed Result; raises Cancelled."""
        start = time.perf_counter()
        staging = settings["OUTPUT_PATH"]
        shutil.rmtree(staging, ignore_errors=True)
        captured = {}

        def capture(generators):
            captured["generators"] = generators

        def checkpoint(sender, **kwargs):
            if cancelled is not None and cancelled():
                raise Cancelled

        # What this build reads (taken before: a file saved meanwhile is the next update's).
        sources = {os.path.join(folder, name) for folder, _, names in os.walk(settings["PATH"]) for name in names}
        signals.all_generators_finalized.connect(capture)
        signals.content_object_init.connect(checkpoint)
        signals.content_written.connect(checkpoint)
        _forget_rendered()  # Pelican memoizes every item's HTML for the life of the process
        try:
            pelican = Pelican(settings)
            pelican.run()
        except Cancelled:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        except SystemExit as stop:  # giamngheo.checks: the content has problems
            shutil.rmtree(staging, ignore_errors=True)
            problems = getattr(stop, "problems", None)
            return Result(False, "full", time.perf_counter() - start, [str(p) for p in problems or [stop.code]])
        except Exception as error:  # a template or plugin error: show it, keep the last site
            shutil.rmtree(staging, ignore_errors=True)
            detail = "".join(traceback.format_exception_only(error)).strip()
            message = f"Không dựng được trang (lỗi mẫu trang hoặc plugin). Cách sửa: xem chi tiết. [{detail}]"
            logger.exception("preview build failed")
            return Result(False, "full", time.perf_counter() - start, [message])
        finally:
            signals.all_generators_finalized.disconnect(capture)
            signals.content_object_init.disconnect(checkpoint)
            signals.content_written.disconnect(checkpoint)
        return pelican, captured["generators"], sources

    def _swap_in(self, staging):
        """Put a built folder in place of the served one; the old one is deleted meanwhile."""
        with self.lock:
            previous = f"{self.output}.old.{time.monotonic_ns()}"
            if os.path.isdir(self.output):
                os.rename(self.output, previous)
            os.rename(staging, self.output)
        threading.Thread(target=shutil.rmtree, args=(previous, True), daemon=True).start()

    # Full build in the background --------------------------------------------------------

    def start_background(self):
        """The full build that follows a fast path, in a process of its own (BackgroundBuild)."""
        return BackgroundBuild(self)

    def _background_build(self, send):
        """In the background process: build into a folder of its own and say how it went.
        It does not write the content cache: ended at any moment, it must not leave one half
        written (the next full build here reads the few changed files again)."""
        os.setpgrp()  # one group with the processes it starts (the search index): ended together
        parent = os.getppid()
        start = time.perf_counter()
        staging = f"{self.output}.background"
        settings = self.settings(staging, CACHE_CONTENT=False)
        try:
            built = self._run_pelican(settings, lambda: os.getppid() != parent)
        except Cancelled:  # the preview itself has gone
            return
        if not isinstance(built, Result):
            built = Result(True, "full", time.perf_counter() - start, changed=changed_files(self.output, staging))
        send.send((built, staging))

    def take_background(self, built, staging):
        """The background build ended: swap in its folder, or keep the pages and show its problems."""
        if built.ok:
            self._swap_in(staging)
        else:
            self.stale = True
        return built

    def _in_content(self, path):
        return self.generators is not None and path.startswith(os.path.join(self.generators[0].path, ""))

    # Fast path -----------------------------------------------------------------------

    def update(self, paths, cancelled=None, progress=None):
        """Show the change of `paths` (absolute): the fast path when it can, else a full build.
        Editors save through temporary files: one that came and went changes nothing."""
        paths = {path for path in paths if os.path.exists(path) or path in self.sources or not self._in_content(path)}
        if not paths:
            return Result(True, "fast", problems=[text for found in self.failing.values() for text in found])
        if not self.stale and self.generators is not None:
            result = self.fast_update(paths, progress)
            if result is not None:
                return result
        self.stale = True  # until a full build with this change succeeds
        return self.full_build(cancelled)

    def fast_update(self, paths, progress=None):
        """The fast path, or None when the change needs a full build. `progress(result)` is
        told when the items' own pages are written, before the listing pages."""
        start = time.perf_counter()
        edits = []
        for path in sorted(set(paths)):
            old = self.items.get(path)
            new = self._read_again(old, path) if old is not None and os.path.isfile(path) else None
            if new is None or not same_place(old, new):
                return None
            edits.append((path, old, new))
        for path, old, new in edits:
            problems = self._text_problems(old, new)
            if problems:
                self.failing[path] = [str(p) for p in problems]
            else:
                self.failing.pop(path, None)
                self._take_text(old, new)
        items = [old for path, old, _ in edits if path not in self.failing]
        problems = [text for found in self.failing.values() for text in found]
        result = Result(not problems, "fast", problems=problems)
        for mode in MODES if items else ():
            changed = self._write(items, mode)
            result.changed += changed
            result.timings[mode] = time.perf_counter() - start
            if progress is not None and mode != MODES[-1]:
                progress(dataclasses.replace(result, changed=changed, seconds=result.timings[mode]))
        result.seconds = time.perf_counter() - start
        return result

    def _read_again(self, old, path):
        generator = self.generators[0]
        recorder = LogRecorder(logging.WARNING)
        logging.getLogger().addHandler(recorder)
        try:
            new = generator.readers.read_file(
                base_path=generator.path,
                path=os.path.relpath(path, generator.path),
                content_class=type(old),
                context=generator.context,
            )
        except Exception:  # whatever it is, the full build names it
            return None
        finally:
            logging.getLogger().removeHandler(recorder)
        if recorder.records or not new.is_valid():
            return None  # the reader complained: the full build turns it into a problem
        return new

    def _text_problems(self, old, new):
        """The text rules of giamngheo.checks, on the new text of this one item."""
        context = dict(self.generators[0].context)
        for declared in content_types(context).values():
            for key in declared.context_keys:
                context[key] = [new] if any(item is old for item in context.get(key, [])) else []
        return text_problems(context, self.generators[0].path, self.generators[0].settings)

    def _take_text(self, old, new):
        for name in TEXT_ATTRIBUTES:
            if name in new.__dict__:
                old.__dict__[name] = new.__dict__[name]
            else:
                old.__dict__.pop(name, None)
        if secured(self.generators[0].settings, "giamngheo.sanitise"):  # it cleans what the build read
            sanitise_item(old, self.generators[0].settings["EMBED_ALLOWED_HOSTS"])
        _forget_rendered(old)
        for generator in self.generators:
            forget = getattr(generator, "forget", None)  # generators that keep per-item work
            if forget is not None:
                forget(old)

    def _write(self, items, mode):
        """Write what shows `items` in one of the MODES, with the generators that write it."""
        writer = focused_writer(self.writer_class)(self.output, self.generators[0].settings, items, mode)
        with self.lock:
            for generator in self.generators:
                if writes_of(generator) not in RUN_IN_MODE[mode]:
                    continue
                if isinstance(generator, FeedsGenerator):
                    if mode == "pages":  # the feeds that list the items, not all of them
                        generator.write_feeds([feed for feed in generator.feeds if writer.shows(feed.items)])
                    continue
                with focused(generator, writer):
                    generator.generate_output(writer)
        return writer.written


class BackgroundBuild:
    """A full build in a forked process of its own (with what it starts: the search index),
    ended at once by `stop()`; `finished()` gives its Result once it has ended, swapped in."""

    def __init__(self, builder):
        self.builder = builder
        fork = multiprocessing.get_context("fork")  # the modules and settings already loaded
        self.receive, send = fork.Pipe(duplex=False)
        self.process = fork.Process(target=builder._background_build, args=(send,), name="preview-full-build")
        self.process.start()
        send.close()

    def finished(self):
        """None while it runs; else its Result (ok: its folder is the preview's now)."""
        if self.receive.poll():
            try:
                built, staging = self.receive.recv()
            except EOFError:  # it ended without a word: it failed
                built = None
            self.process.join()
            if built is None:
                self.builder.stale = True
                return Result(
                    False,
                    "full",
                    problems=[
                        "Bản dựng toàn bộ chạy nền dừng bất thường. Cách sửa: lưu tệp lần nữa; nếu vẫn lỗi, "
                        f"xem cửa sổ dòng lệnh. [exit code {self.process.exitcode}]"
                    ],
                )
            return self.builder.take_background(built, staging)
        return None

    def stop(self):
        """End it now, with every process it started; its folder is left for the next one."""
        if self.process.exitcode is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:  # it has not made its group yet
                self.process.kill()
        self.process.join()
        self.receive.close()


@contextlib.contextmanager
def focused(generator, writer):
    """Pelican's ArticlesGenerator works out each tag's, category's and author's articles again
    as it writes them (a pass over every article per term: seconds at 5,000 articles). While
    the fast path writes, it sees only the terms that list the items, and, writing their own
    pages, only the items (what it does not see, the writer would not write anyway)."""
    if not isinstance(generator, ArticlesGenerator):
        yield
        return

    def listing(term, items):  # a term page that exists and lists the items
        return writer.mode != "item" and term.save_as and writer.shows(items)

    focus = {
        "tags": {term: items for term, items in generator.tags.items() if listing(term, items)},
        "categories": [(term, items) for term, items in generator.categories if listing(term, items)],
        "authors": [(term, items) for term, items in generator.authors if listing(term, items)],
    }
    if writer.mode == "item":
        for name in ("articles", "translations", "drafts", "drafts_translations"):
            focus[name] = [item for item in getattr(generator, name) if writer.shows([item])]
    saved = {name: getattr(generator, name) for name in focus}
    for name, value in focus.items():
        setattr(generator, name, value)
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(generator, name, value)


def same_place(old, new):
    """Does the new version of an item stand where the old one stood (same metadata but its
    title and summary, same status, same links to files)?"""
    if type(old) is not type(new):
        return False
    keys = (set(old.metadata) | set(new.metadata)) - TEXT_METADATA
    if any(old.metadata.get(key) != new.metadata.get(key) for key in keys):
        return False
    if (old.status, getattr(old, "preview", None)) != (new.status, getattr(new, "preview", None)):
        return False
    return INTRASITE.findall(old._content or "") == INTRASITE.findall(new._content or "")


def _forget_rendered(item=None):
    """Drop Pelican's memoized HTML (get_content, get_summary) of `item`, or of every item."""
    for name in ("get_content", "get_summary"):
        cache = Content.__dict__[name].cache
        if item is None:
            cache.clear()
        else:
            for key in [key for key in cache if key and key[0] is item]:
                del cache[key]


class _NullFile:
    """Where a skipped page goes."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def write(self, text):
        pass


class _OnlyPagesWith:
    """A template that renders a paginated page only if it shows one of the items."""

    def __init__(self, template, writer, keys):
        self.template, self.writer, self.keys = template, writer, keys

    def render(self, context):
        pages = [context.get(f"{key}_page") for key in self.keys]
        if any(page is not None and self.writer.shows(page.object_list) for page in pages):
            return self.template.render(context)
        self.writer.skip_next = True
        return ""


class FocusedWriter:
    """Pelican's writer (the one the build chose, `focused_writer`), writing only what shows
    `items`, by mode (MODES): their own pages; the pages of paginated lists that show them,
    page by page; other pages that list them."""

    def __init__(self, output_path, settings, items, mode):
        super().__init__(output_path, settings=settings)
        self.items, self.mode = items, mode
        self.written, self.skip_next = [], False

    def shows(self, values):
        return any(value is item for value in values for item in self.items)

    def write_file(self, name, template, context, relative_urls=False, paginated=None, template_name=None, **kwargs):
        own_page = self.shows(kwargs.values())
        if own_page != (self.mode == "item"):
            return
        if self.mode != "item":
            lists = {k: v for k, v in kwargs.items() if isinstance(v, (list, tuple)) and k not in UNSHOWN_LISTS}
            lists.update(paginated or {})
            if not any(self.shows(values) for values in lists.values()):
                return
            # As Pelican's writer: without `paginated`, the articles and dates are paginated.
            pages = paginated if paginated is not None else {k: kwargs[k] for k in ("articles", "dates") if k in kwargs}
            by_page = template_name in self.settings["PAGINATED_TEMPLATES"] and any(map(self.shows, pages.values()))
            if by_page != (self.mode == "pages"):
                return
            if by_page:
                template = _OnlyPagesWith(template, self, list(pages))
        super().write_file(name, template, context, relative_urls, paginated, template_name, **kwargs)

    def write_feed(self, *args, **kwargs):
        if self.mode == "lists":  # Pelican's own feeds (the site's are the feeds plugin's)
            return super().write_feed(*args, **kwargs)
        return None

    def _open_w(self, filename, encoding, override=False):
        # Pelican's writer opens each file here, after rendering: the one place to skip a page
        # of a list that does not show the items, and to note what was written.
        if self.skip_next:
            self.skip_next = False
            return _NullFile()
        self.written.append(os.path.relpath(filename, self.output_path).replace(os.sep, "/"))
        return super()._open_w(filename, encoding, override)


@functools.cache
def focused_writer(writer_class):
    """FocusedWriter on top of `writer_class` (Pelican's Writer, or a plugin's subclass: the
    page policy of giamngheo.policy is put in each page as the full build puts it)."""
    return type(f"Focused{writer_class.__name__}", (FocusedWriter, writer_class), {})


def secured(settings, plugin="giamngheo.policy"):
    """Whether `plugin` (the page policy, or the sanitiser) runs in this build."""
    return plugin in plugin_names(settings)


def changed_files(old_root, new_root):
    """Files (relative, /) that differ between two built sites, or exist in one only."""

    def files(root):
        found = {}
        for folder, _, names in os.walk(root):
            for name in names:
                path = os.path.join(folder, name)
                found[os.path.relpath(path, root).replace(os.sep, "/")] = path
        return found

    old, new = files(old_root), files(new_root)
    changed = sorted(set(old) ^ set(new))
    changed += [name for name in sorted(set(old) & set(new)) if not filecmp.cmp(old[name], new[name], shallow=False)]
    return changed
