"""The live preview (giamngheo/preview): what it writes is what a full build writes, and what
it serves follows every save: edits, new, renamed and deleted files, data, templates, and
mistakes shown on the page until they are fixed."""

import importlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from conftest import DATA, FIXTURE_SITE, ROOT, SHARED_CACHES, build, free_port
from pelican import signals
from pelican.generators import Generator

from giamngheo.core import Writes, read_site_settings
from giamngheo.preview import PreviewBuilder
from giamngheo.preview.builder import changed_files

ARTICLE = "tin-tuc/a05.md"
ARTICLE_PAGE = "tin-tuc/2025/a05/index.html"


def site_copy(tmp_path):
    """The fixture site with its own data/ (the preview watches content/ as a whole)."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    shutil.copytree(DATA, content / "data")
    return content


def overrides(content, **more):
    return {
        "PATH": str(content),
        "TAXONOMY_DATA_PATH": "data",  # the copy's own, under PATH
        **SHARED_CACHES,  # none in the checkout
        "SEARCH_INDEX": False,  # the search index is the search plugin's business (tests/test_search.py)
        **more,
    }


def full_build(content, output, **more):
    """What `pelican` itself writes for the same content: the reference."""
    settings = overrides(content, **more)
    build(content, output, **{k: v for k, v in settings.items() if k != "PATH"})
    return output


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def built_preview(tmp_path):
    """A copy of the fixture site, and a preview builder after its first full build."""
    content = site_copy(tmp_path)
    preview = tmp_path / "preview"
    builder = PreviewBuilder(str(ROOT / "pelicanconf.py"), preview / "site", preview / "cache", overrides(content))
    assert builder.full_build().ok
    return content, preview, builder


def test_an_edit_takes_the_fast_path_and_writes_what_a_full_build_writes(tmp_path):
    content, preview, builder = built_preview(tmp_path)
    edit(content / ARTICLE, "Title: Vĩnh Lộc hỗ trợ nhà ở", "Title: Vĩnh Lộc hỗ trợ sửa nhà")
    edit(content / ARTICLE, "viết để kiểm thử trang.", "viết để kiểm thử trang, nay thêm một câu.")

    result = builder.update({str(content / ARTICLE)})

    assert (result.ok, result.kind) == (True, "fast")
    assert result.changed[0] == ARTICLE_PAGE  # the item's own page first
    assert {"index.html", "dia-ban/xa-vinh-loc/index.html", "chuong-trinh/du-an-5/index.html"} <= set(result.changed)
    assert "chuyen-muc/tin-tuc/index.html" in result.changed
    reference = full_build(content, tmp_path / "reference")
    for name in result.changed:
        assert (preview / "site" / name).read_bytes() == (reference / name).read_bytes(), name
    for feed in ("feeds/tat-ca.rss.xml", "feeds/tin-tuc.atom.xml", "feeds/tat-ca.json"):
        assert (preview / "site" / feed).read_bytes() == (reference / feed).read_bytes(), feed
    assert "Vĩnh Lộc hỗ trợ sửa nhà" in (preview / "site" / "index.html").read_text(encoding="utf-8")

    # The full build that follows a fast path leaves the preview exactly as a full build.
    assert builder.full_build().ok
    assert changed_files(preview / "site", reference) == []


def test_a_change_that_moves_an_item_takes_a_full_build(tmp_path):
    content, preview, builder = built_preview(tmp_path)
    edit(content / ARTICLE, "Category: Tin tức", "Category: Chính sách")
    result = builder.update({str(content / ARTICLE)})
    assert (result.ok, result.kind) == (True, "full")
    assert changed_files(preview / "site", full_build(content, tmp_path / "reference")) == []


def test_a_link_out_of_content_is_refused_on_the_fast_path_as_in_a_full_build(tmp_path):
    """The fast path checks the edited text with the rules of a full build (text_problems):
    an image path that climbs out of content/ is a problem there too, and is not shown."""
    content, preview, builder = built_preview(tmp_path)
    page = preview / "site" / ARTICLE_PAGE
    before = page.read_bytes()
    edit(content / ARTICLE, "viết để kiểm thử trang.", "viết để kiểm thử trang. ![mô tả](../../../../etc/hostname)")

    result = builder.update({str(content / ARTICLE)})

    assert (result.ok, result.kind) == (False, "fast")
    [problem] = result.problems
    assert "tin-tuc/a05.md" in problem and "../../../../etc/hostname" in problem and "content/images/" in problem
    assert page.read_bytes() == before  # the last good page stays
    edit(content / ARTICLE, "![mô tả](../../../../etc/hostname)", "")
    assert builder.update({str(content / ARTICLE)}).ok


def test_every_generator_of_the_site_says_what_it_writes():
    settings = read_site_settings(str(ROOT / "pelicanconf.py"))
    for name in settings["PLUGINS"]:
        importlib.import_module(name)
    found, waiting = [], [Generator]
    while waiting:
        for subclass in waiting.pop().__subclasses__():
            waiting.append(subclass)
            if subclass.__module__.startswith("giamngheo."):
                found.append(subclass)
    assert len(found) >= 10
    for generator in found:
        assert isinstance(generator.__dict__.get("writes"), Writes), generator  # the preview's fast path reads it


def test_a_save_during_the_background_build_is_shown_without_waiting_for_it(tmp_path):
    content, preview, builder = built_preview(tmp_path)
    edit(content / ARTICLE, "viết để kiểm thử trang.", "viết để kiểm thử trang, lần một.")
    assert builder.update({str(content / ARTICLE)}).kind == "fast"
    test_process = os.getpid()

    def hold(generators):  # in the background build only: it never ends by itself
        while os.getpid() != test_process and os.getppid() == test_process:
            time.sleep(0.05)

    signals.all_generators_finalized.connect(hold)
    try:
        background = builder.start_background()
        edit(content / ARTICLE, "lần một.", "lần hai.")
        result = builder.update({str(content / ARTICLE)})
        assert background.finished() is None  # still held: the save did not wait for it
        background.stop()  # ends it now (a wait would never end)
    finally:
        signals.all_generators_finalized.disconnect(hold)
    assert background.process.exitcode == -signal.SIGKILL
    assert (result.ok, result.kind, result.changed[0]) == (True, "fast", ARTICLE_PAGE)
    assert "lần hai." in (preview / "site" / ARTICLE_PAGE).read_text(encoding="utf-8")

    # The next background build, not stopped, leaves the preview exactly as a full build.
    background = builder.start_background()
    while (done := background.finished()) is None:
        time.sleep(0.1)
    assert done.ok
    assert changed_files(preview / "site", full_build(content, tmp_path / "reference")) == []


# The preview server, started as `make serve` starts it -----------------------------------


class Preview:
    def __init__(self, tmp_path, content, **more):
        self.port = free_port()
        self.root = tmp_path / "preview"
        command = [sys.executable, "-m", "giamngheo.preview", "--port", str(self.port), "--root", str(self.root)]
        for key, value in overrides(content, **more).items():
            command += ["-e", f"{key}={json.dumps(value)}"]
        self.log = open(tmp_path / "preview.log", "w+")  # noqa: SIM115 (closed by stop())
        self.process = subprocess.Popen(command, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)
        self.wait(lambda: self.state()["ready"], "the first build")

    def get(self, path):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=10) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")

    def state(self):
        try:
            return json.loads(self.get("__preview__/state")[1])
        except (OSError, ValueError):
            return {"ready": False, "idle": False}

    def wait(self, condition, what, timeout=90):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.output()
            if condition():
                return
            time.sleep(0.1)
        pytest.fail(f"the preview never showed {what}:\n{self.output()}")

    def shows(self, path, text):
        status, body = self.get(path)
        return status == 200 and text in body

    def settle(self):
        """Wait until every save is built, the full build after a fast path included."""
        self.wait(lambda: self.state()["idle"], "the end of its builds")
        time.sleep(0.8)  # a save the watcher has not reported yet
        self.wait(lambda: self.state()["idle"], "the end of its builds")

    def output(self):
        self.log.seek(0)
        return self.log.read()[-4000:]

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=20)
        self.log.close()


@pytest.fixture
def preview(tmp_path, serve_ports_busy):
    """`make serve` on a free port, while 8000 and 8081 are another's (conftest)."""
    content = site_copy(tmp_path)
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    server = Preview(tmp_path, content, THEME=str(theme))
    server.content, server.theme = content, theme
    yield server
    server.stop()


def test_served_pages_follow_edits_new_renamed_and_deleted_files(preview, tmp_path):
    content = preview.content
    assert "/__preview__/preview.js" in preview.get("")[1]
    assert "__preview__" not in (preview.root / "site" / "index.html").read_text(encoding="utf-8")

    edit(content / ARTICLE, "viết để kiểm thử trang.", "viết để kiểm thử trang, đã sửa lần một.")
    preview.wait(lambda: preview.shows(ARTICLE_PAGE.removesuffix("index.html"), "đã sửa lần một"), "the edit")

    new = content / "tin-tuc" / "bai-moi-vinh-loc.md"
    new.write_text(
        "Title: Bài mới ở Vĩnh Lộc\nDate: 2025-11-20 08:00\nCategory: Tin tức\nArea: Xã Vĩnh Lộc\n\nNội dung mới.\n",
        encoding="utf-8",
    )
    preview.wait(lambda: preview.shows("tin-tuc/2025/bai-moi-vinh-loc/", "Nội dung mới"), "the new file")
    preview.wait(lambda: preview.shows("", "Bài mới ở Vĩnh Lộc"), "the new file on the home page")

    new.rename(new.with_name("bai-doi-ten.md"))
    preview.wait(lambda: preview.shows("tin-tuc/2025/bai-doi-ten/", "Nội dung mới"), "the renamed file")
    assert preview.get("tin-tuc/2025/bai-moi-vinh-loc/")[0] == 404

    (content / "tin-tuc" / "bai-doi-ten.md").unlink()
    preview.wait(lambda: preview.get("tin-tuc/2025/bai-doi-ten/")[0] == 404, "the deleted file gone")
    assert "Bài mới ở Vĩnh Lộc" not in preview.get("")[1]

    with open(content / "data" / "areas.yml", "a", encoding="utf-8") as areas:
        areas.write("- slug: xa-thu-nghiem\n  name: Xã Thử Nghiệm\n  type: xã\n  valid_from: 2025-07-01\n")
    preview.wait(lambda: preview.shows("dia-ban/xa-thu-nghiem/", "Xã Thử Nghiệm"), "the data file's change")

    edit(preview.theme / "templates" / "base.html", "<body", '<body data-mau="mau-moi"')
    preview.wait(lambda: preview.shows("lien-he/", 'data-mau="mau-moi"'), "the template's change")

    preview.settle()
    reference = full_build(content, tmp_path / "reference", THEME=str(preview.theme))
    assert changed_files(preview.root / "site", reference) == []


def test_a_mistake_shows_on_every_page_until_it_is_fixed(preview):
    content = preview.content
    before = preview.get(ARTICLE_PAGE.removesuffix("index.html"))[1]
    edit(content / ARTICLE, "Area: xa vinh loc", "Area: Xã Không Có")
    preview.wait(lambda: "preview-problems" in preview.get("")[1], "the problem")
    for path in ("", ARTICLE_PAGE.removesuffix("index.html"), "mo-hinh/"):
        page = preview.get(path)[1]
        assert "tin-tuc/a05.md, dòng 5" in page and "Xã Không Có" in page and "Cách sửa" in page
    assert "Xã Không Có" not in (preview.root / "site" / ARTICLE_PAGE).read_text(encoding="utf-8")
    assert preview.get(ARTICLE_PAGE.removesuffix("index.html"))[1].count("Vĩnh Lộc hỗ trợ nhà ở") == before.count(
        "Vĩnh Lộc hỗ trợ nhà ở"
    )  # the last good page stays
    assert "Xã Không Có" in preview.output()  # and the terminal says it too

    # A mistake in the text of an article (the fast path) shows the same way.
    edit(content / ARTICLE, "Area: Xã Không Có", "Area: xa vinh loc")
    preview.wait(lambda: "preview-problems" not in preview.get("")[1], "the fix")
    edit(
        content / ARTICLE,
        "viết để kiểm thử trang.",
        'viết để kiểm thử trang. <iframe src="https://x.example/"></iframe>',
    )
    preview.wait(lambda: "preview-problems" in preview.get("lien-he/")[1], "the problem in the text")
    assert "x.example" in preview.get("lien-he/")[1]
    edit(content / ARTICLE, '<iframe src="https://x.example/"></iframe>', "Đã bỏ khung nhúng.")
    preview.wait(lambda: preview.shows(ARTICLE_PAGE.removesuffix("index.html"), "Đã bỏ khung nhúng"), "the fixed text")
    assert "preview-problems" not in preview.get("lien-he/")[1]


def test_the_browser_reloads_after_a_save_and_keeps_its_place(preview, page):
    url = f"http://127.0.0.1:{preview.port}/{ARTICLE_PAGE.removesuffix('index.html')}"
    page.set_viewport_size({"width": 360, "height": 300})
    page.goto(url)
    page.evaluate("window.scrollTo(0, 200)")
    page.wait_for_timeout(300)
    edit(preview.content / ARTICLE, "viết để kiểm thử trang.", "viết để kiểm thử trang, TỰ TẢI LẠI.")
    page.wait_for_function("document.body.textContent.includes('TỰ TẢI LẠI')", timeout=60_000)
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    assert page.evaluate("window.scrollY") == 200
