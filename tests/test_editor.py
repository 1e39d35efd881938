"""The staff's editor at /admin/: its generated configuration, its place in the built site,
and, in a real browser, writing an article through its form in a `make serve` preview."""

import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
import yaml
from browser import need
from conftest import DATA, FIXTURE_SITE, GATE_CACHE, ROOT, SERVE_PORTS, build, free_port, make_settings
from servers import SITEURL  # the other publishes of the fixture site

from giamngheo.editor.backend import BackendError, backend_from_environment
from giamngheo.editor.config import editor_config, load_choices
from giamngheo.editor.convert import to_front_matter
from giamngheo.editor.proxy import available_proxy_port
from giamngheo.editor.rehearsal import RehearsalError, checkout_branch, pelican_options
from giamngheo.publishing.gate import check_site
from giamngheo.showcase.fields import FIELDS
from giamngheo.taxonomy import TAXONOMIES, load_vocabulary
from giamngheo.vietnamese.formatting import vi_money

DECAP = ROOT / "node_modules" / "decap-cms" / "dist" / "decap-cms.js"
PROXY = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"


def need_decap():
    need(DECAP.is_file() and PROXY.is_file() and shutil.which("node"), "node with decap-cms and decap-server (npm ci)")


def fields_of(config, collection):
    [found] = [c for c in config["collections"] if c["name"] == collection]
    return {field["name"]: field for field in found["fields"]}


@pytest.fixture(scope="module")
def config():
    settings = make_settings()
    choices, problems = load_choices(str(DATA), settings)
    assert problems == []
    return editor_config(settings, choices)


def names_in(data_file):
    vocabulary, problems = load_vocabulary(str(DATA / data_file), data_file)
    assert problems == []
    return [entry.name for entry in vocabulary.entries.values()]


@pytest.mark.parametrize("collection", ["tin-tuc", "mo-hinh"])
def test_every_area_program_and_kind_of_the_data_files_is_a_choice(config, collection):
    fields = fields_of(config, collection)
    for taxonomy in TAXONOMIES:
        if collection == "tin-tuc" and taxonomy.key == "kind":
            continue
        field = fields[taxonomy.key]
        assert field["widget"] == "select" and field.get("multiple", False) == taxonomy.multiple
        assert [option["value"] for option in field["options"]] == names_in(taxonomy.data_file)
    assert fields["area"]["required"] is True


def test_every_category_is_a_choice(config):
    category = fields_of(config, "tin-tuc")["category"]
    assert [option["value"] for option in category["options"]] == names_in("categories.yml")
    assert {"Tin tức", "Chính sách", "Gương thoát nghèo"} <= {option["value"] for option in category["options"]}


def test_a_former_district_and_its_new_communes_are_labelled_with_their_dates(config):
    labels = {option["value"]: option["label"] for option in fields_of(config, "tin-tuc")["area"]["options"]}
    assert labels["Huyện Hồng Dân"] == "Huyện Hồng Dân (đến 30/06/2025)"
    assert labels["Xã Hồng Dân"] == "Xã Hồng Dân (từ 01/07/2025, thuộc Huyện Hồng Dân cũ)"
    assert labels["Xã Hòa Bình"] == "Xã Hòa Bình (từ 01/07/2025, thuộc Huyện Hòa Bình và Huyện Vĩnh Lợi cũ)"
    assert len([label for label in labels.values() if "(từ 01/07/2025" in label]) == 25  # every new unit


def test_an_area_added_to_the_data_file_appears_after_the_next_build(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    with open(data / "areas.yml", "a", encoding="utf-8") as areas:
        areas.write(
            "- slug: xa-thu-nghiem\n  name: Xã Thử Nghiệm\n  type: xã\n  valid_from: 2025-07-01\n  parent: dong-hai\n"
        )
    output = tmp_path / "output"
    assert build(FIXTURE_SITE, output, TAXONOMY_DATA_PATH=str(data)) == []
    need_decap()
    written = yaml.safe_load((output / "admin" / "config.yml").read_text(encoding="utf-8"))
    options = fields_of(written, "tin-tuc")["area"]["options"]
    assert {"label": "Xã Thử Nghiệm (từ 01/07/2025, thuộc Huyện Đông Hải cũ)", "value": "Xã Thử Nghiệm"} in options


def test_a_documents_kind_is_a_choice_of_its_data_file_and_its_files_are_uploads(config):
    fields = fields_of(config, "van-ban")
    kinds = yaml.safe_load((DATA / "document_kinds.yml").read_text(encoding="utf-8"))
    form = fields["form"]
    assert form["widget"] == "select" and form["required"] and form["multiple"] is False
    assert [option["value"] for option in form["options"]] == [kind["name"] for kind in kinds]
    files = fields["files"]
    assert files["widget"] == "list" and files["required"] and files["min"] == 1
    upload, label = files["fields"]
    assert (upload["name"], upload["widget"], label["name"], label["widget"]) == ("file", "file", "label", "string")
    # Uploaded beside the documents (content/van-ban/tep/), written as the plugin reads them.
    assert upload["media_folder"] == upload["public_folder"] == "tep"
    assert upload["media_library"]["config"]["max_file_size"] == make_settings()["DOCUMENTS_MAX_BYTES"]
    assert re.search(upload["pattern"][0], "tep/ke-hoach.PDF") and not re.search(upload["pattern"][0], "a.doc")


def test_every_model_fact_is_a_typed_form_field(config):
    fields = fields_of(config, "mo-hinh")
    widgets = {"count": "number", "money": "number", "income": "number", "year": "number", "yes_no": "boolean"}
    for fact in FIELDS:
        field = fields[fact.key]
        assert field["required"] == fact.required, fact.key
        assert field["widget"] == (
            "select" if fact.key == "operation" else widgets.get(fact.display, field["widget"])
        ), fact.key
        if field["widget"] == "number":
            assert field["value_type"] == "int" and field["min"] >= 0
    assert fields["operation"]["options"] == ["Đang triển khai", "Đang nhân rộng", "Đã kết thúc"]
    assert fields["kind"]["widget"] == "select" and fields["kind"]["required"]
    for name in ("title", "date", "area", "start_year", "lead_unit", "households_total"):
        assert fields[name]["required"] and "Bắt buộc" in fields[name]["hint"], name


def test_the_editor_writes_yaml_front_matter_with_safe_names_into_content(config):
    for collection in config["collections"]:
        assert collection["format"] == "frontmatter" and collection["extension"] == "md"
        assert collection["folder"].startswith("content/")
        assert collection["media_folder"].startswith("/content/images")
    assert config["slug"] == {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"}
    assert config["locale"] == "vi"
    image = fields_of(config, "tin-tuc")["image"]
    assert image["media_library"]["config"]["max_file_size"] == 10_000_000


def test_production_backend_comes_from_the_publish_environment():
    assert backend_from_environment({}) is None
    github = backend_from_environment(
        {
            "EDITOR_BACKEND": "github",
            "GITHUB_REPOSITORY": "so-ldtbxh/giam-ngheo",
            "EDITOR_AUTH_URL": "https://dang-nhap.example.vn/",
        }
    )
    assert github == {
        "name": "github",
        "repo": "so-ldtbxh/giam-ngheo",
        "branch": "main",
        "squash_merges": True,
        "base_url": "https://dang-nhap.example.vn",
    }
    gitlab = backend_from_environment(
        {
            "EDITOR_BACKEND": "GitLab",
            "CI_PROJECT_PATH": "a/b",
            "EDITOR_BRANCH": "chinh",
            "EDITOR_API_ROOT": "https://git.example.vn/api/v4",
            "EDITOR_APP_ID": "123",
        }
    )
    assert (
        gitlab["base_url"] == "https://git.example.vn" and gitlab["auth_type"] == "pkce" and gitlab["branch"] == "chinh"
    )
    gitea = backend_from_environment(
        {
            "EDITOR_BACKEND": "gitea",
            "EDITOR_REPO": "a/b",
            "EDITOR_API_ROOT": "https://git.example.vn/api/v1",
            "EDITOR_APP_ID": "x",
        }
    )
    assert gitea == {
        "name": "gitea",
        "repo": "a/b",
        "branch": "bien-tap",
        "api_root": "https://git.example.vn/api/v1",
        "base_url": "https://git.example.vn",
        "app_id": "x",
        "auth_type": "pkce",
    }
    settings = make_settings(EDITOR_BACKEND=gitea)
    assert "publish_mode" not in editor_config(settings, load_choices(str(DATA), settings)[0])
    with pytest.raises(BackendError, match="EDITOR_REPO"):
        backend_from_environment({"EDITOR_BACKEND": "github"})
    with pytest.raises(BackendError, match="github, gitlab hoặc gitea"):
        backend_from_environment({"EDITOR_BACKEND": "bitbucket", "EDITOR_REPO": "a/b"})


def test_production_editor_uses_the_editorial_workflow_and_talks_only_to_its_git_host(tmp_path):
    need_decap()
    output = tmp_path / "output"
    backend = {"name": "github", "repo": "a/b", "branch": "main"}
    records = build(FIXTURE_SITE, output, "publishconf.py", SITEURL=SITEURL, EDITOR_BACKEND=backend)
    # The quality gate passes it; with its cache, as a publish runs it (the citizens' pages are
    # those of the other publishes of the fixture site: the checker reads the editor's).
    assert check_site(output, SITEURL, records, cache=GATE_CACHE) == []
    written = yaml.safe_load((output / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert written["publish_mode"] == "editorial_workflow" and written["backend"] == backend
    page = (output / "admin" / "index.html").read_text(encoding="utf-8")
    assert "connect-src 'self' blob: data: https://api.github.com;" in page and 'content="noindex, nofollow"' in page
    assert '<script src="decap-cms.js"></script>' in page and "http" not in page.split("<body>")[1]


def test_the_editor_is_for_staff_only(fixture_site):
    output, _ = fixture_site
    need_decap()
    assert (output / "admin" / "index.html").is_file() and (output / "admin" / "decap-cms.js").is_file()
    assert "/admin" not in (output / "sitemap.xml").read_text(encoding="utf-8")
    for feed in (output / "feeds").iterdir():
        assert "/admin" not in feed.read_text(encoding="utf-8"), feed
    for page in output.rglob("*.html"):
        if "admin" not in page.parts:
            assert "admin/" not in page.read_text(encoding="utf-8"), page  # no link, no weight on citizens' pages
    assert not list((output / "admin").glob("*.map"))


def test_without_a_backend_there_is_no_editor(tmp_path):
    output = tmp_path / "output"
    assert build(FIXTURE_SITE, output, "publishconf.py", SITEURL="https://example.org") == []
    assert not (output / "admin").exists()


# -- in a real browser -------------------------------------------------------------------


def test_a_second_make_serve_takes_a_free_port_for_its_proxy(serve_ports_busy):
    """With 8081 taken (another checkout's `make serve`), `invoke livereload` would save
    through that checkout's proxy: it takes a free port instead."""
    port = available_proxy_port()
    assert port not in SERVE_PORTS
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", port))  # free indeed


def saved(path, before=None, timeout=30):
    """The text of `path` once the editor has saved it: changed from `before` (or there at
    all), and the same twice half a second apart (a file being written is not read half-way)."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        text = path.read_text(encoding="utf-8") if path.exists() else None
        if text is not None and text != before and text == last:
            return text
        last = text
        time.sleep(0.5)
    raise AssertionError(f"{path} was not saved in {timeout} s")


def wait_for(url, timeout=120, text=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                body = response.read().decode("utf-8", "replace")
                if text is None or text in body:
                    return body
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} did not answer{' with ' + text if text else ''} in {timeout} s")


@pytest.fixture(scope="module")
def preview(tmp_path_factory, serve_ports_busy):
    """`make serve` in a copy of the project: live preview plus Decap's local proxy (one for
    the module's browser tests, which each write their own file), on free ports while 8000
    and 8081 are another's (conftest): nothing may talk to them."""
    need_decap()
    tmp_path = tmp_path_factory.mktemp("preview")
    project = tmp_path / "project"
    project.mkdir()
    shutil.copytree(FIXTURE_SITE, project / "content")
    shutil.copytree(DATA, project / "content" / "data")
    # As `invoke front-matter` leaves a site: every file in the editor's format.
    to_front_matter(
        sorted(str(p) for p in (project / "content").rglob("*.md")), make_settings(PATH=str(project / "content"))
    )
    for name in ("pelicanconf.py", "publishconf.py", "tasks.py"):
        shutil.copy(ROOT / name, project / name)
    for name in ("plugins", "theme", "node_modules"):
        (project / name).symlink_to(ROOT / name)
    port, proxy_port = free_port(), free_port()
    with open(tmp_path / "serve.log", "w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "invoke", "livereload", "--port", str(port), "--proxy-port", str(proxy_port)],
            cwd=project,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for(f"http://127.0.0.1:{port}/admin/config.yml")
            yield project, f"http://127.0.0.1:{port}"
        finally:
            server.terminate()
            server.wait(timeout=30)


def test_writing_an_article_in_the_editor_shows_it_in_the_preview(preview, page):
    project, base = preview
    hosts, errors = [], []
    page.on("request", lambda request: hosts.append(request.url.split("/")[2]))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/admin/")
    page.get_by_role("button", name="Đăng nhập").click()  # the local proxy: no account
    for collection in ("Bài viết", "Mô hình giảm nghèo", "Trang"):
        page.get_by_role("link", name=collection).first.wait_for()
    page.goto(f"{base}/admin/#/collections/tin-tuc/new")
    page.get_by_label("Tiêu đề").fill("Xã Ninh Quới trao bò giống")
    page.get_by_label("Địa bàn").fill("Ninh Quới")
    page.get_by_text("Xã Ninh Quới (từ 01/07/2025, thuộc Huyện Hồng Dân cũ)").click()
    page.get_by_label("Chương trình, dự án").fill("Dự án 2")
    page.keyboard.press("Enter")
    page.locator("[data-slate-editor]").first.click()
    page.keyboard.type("Bà con nhận bò giống tại sân ủy ban xã.")
    # A cover photo: a file name with capitals, spaces and Vietnamese letters, then one too large.
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Chọn một hình").click()
    upload = page.locator("input[type=file]").first
    photo = (FIXTURE_SITE / "images" / "nha.jpg").read_bytes()
    upload.set_input_files([{"name": "Ảnh Bò Giống.JPG", "mimeType": "image/jpeg", "buffer": photo}])
    page.get_by_text("anh-bo-giong.jpg").wait_for()
    upload.set_input_files([{"name": "qua-lon.jpg", "mimeType": "image/jpeg", "buffer": b"\xff" * 10_500_000}])
    page.get_by_role("button", name="Lấy những cái đã chọn").click()
    page.get_by_label("Mô tả ảnh (cho người khiếm thị)").fill("Bốn con bò nâu trên bãi cỏ.")
    page.get_by_role("button", name="Công bố").click()
    page.get_by_text("Công bố ngay").click()
    year = time.strftime("%Y")
    text = saved(project / "content" / "tin-tuc" / year / "xa-ninh-quoi-trao-bo-giong.md")
    assert text.startswith("---\ntitle: Xã Ninh Quới trao bò giống\n")
    assert "area:\n  - Xã Ninh Quới\n" in text and "Dự án 2: Đa dạng hóa sinh kế" in text
    assert "image: images/tin-tuc/anh-bo-giong.jpg\nimage_alt: Bốn con bò nâu trên bãi cỏ.\n" in text
    assert (project / "content" / "images" / "tin-tuc" / "anh-bo-giong.jpg").read_bytes() == photo
    assert dialogs == ["Tập tin quá lớn.\nCấu hình không cho phép những tập tin lớn hơn 10000 kB."]
    assert not list((project / "content" / "images").rglob("qua-lon*"))
    article = wait_for(f"{base}/tin-tuc/{year}/xa-ninh-quoi-trao-bo-giong/", text="Bà con nhận bò giống", timeout=60)
    assert '<h1 class="app-title">Xã Ninh Quới trao bò giống</h1>' in article
    assert "dia-ban/xa-ninh-quoi/" in article  # the area chosen in the form, as a link
    assert 'alt="Bốn con bò nâu trên bãi cỏ."' in article  # the cover, processed like any photo
    assert errors == []
    assert all(host.startswith("127.0.0.1:") for host in hosts), set(hosts)


def test_an_article_opened_and_saved_in_the_editor_changes_only_what_was_edited(preview, page):
    project, base = preview
    path = project / "content" / "tin-tuc" / "hong-dan-trao-bo-giong.md"
    before = path.read_text(encoding="utf-8")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/admin/#/collections/tin-tuc")
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_text("Hồng Dân trao bò giống (14/03/2024)").click()
    page.get_by_label("Tóm tắt").fill("Tóm tắt mới, sửa trong trình biên tập.")
    page.get_by_role("button", name="Công bố").click()
    page.get_by_text("Công bố ngay").click()
    after = saved(path, before)
    changed = [(old, new) for old, new in zip(before.split("\n"), after.split("\n"), strict=True) if old != new]
    assert changed == [
        (
            next(line for line in before.split("\n") if line.startswith("summary:")),
            "summary: Tóm tắt mới, sửa trong trình biên tập.",
        )
    ]
    article = wait_for(f"{base}/tin-tuc/2024/hong-dan-trao-bo-giong/", text="Tóm tắt mới", timeout=60)
    assert "Nội dung bài <strong>Hồng Dân trao bò giống</strong>" in article  # the body as it was


# The policy's violations, as the page reports them (tests/test_security.py watches the same).
WATCH_POLICY = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


def test_the_preview_pane_shows_a_profile_as_its_page_under_the_editors_policy(preview, browser, tmp_path):
    """What staff see before “Công bố”: the theme's stylesheet, the title, the date in
    Vietnamese, the key figures, the cover, the text and every fact, under the editor's own
    Content-Security-Policy (no bypass here) and from the site only."""
    project, base = preview
    # Its cover where the editor puts a profile's photos (content/images/mo-hinh/), as staff's are.
    profile = project / "content" / "mo-hinh" / "nuoi-de-sinh-san-luan-chuyen-o-ap-vinh-lac.md"
    (project / "content" / "images" / "mo-hinh").mkdir(exist_ok=True)
    shutil.copy(project / "content" / "images" / "de.jpg", project / "content" / "images" / "mo-hinh" / "de.jpg")
    profile.write_text(
        profile.read_text(encoding="utf-8").replace("image: images/de.jpg", "image: images/mo-hinh/de.jpg"),
        encoding="utf-8",
    )
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(WATCH_POLICY)
    page = context.new_page()
    hosts, errors = [], []
    page.on("request", lambda request: hosts.append(request.url.split("/")[2]))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    try:
        page.goto(f"{base}/admin/#/collections/mo-hinh/entries/nuoi-de-sinh-san-luan-chuyen-o-ap-vinh-lac")
        page.get_by_role("button", name="Đăng nhập").click()
        pane = page.frame_locator("#preview-pane")
        title = pane.locator("h1.app-title")
        title.wait_for()
        assert title.inner_text() == "Nuôi dê sinh sản luân chuyển ở ấp Vĩnh Lạc"
        assert pane.locator(".app-article__meta").inner_text() == "Đăng ngày Thứ Sáu, 10/05/2024"
        figures = pane.locator(".app-figures").inner_text()
        assert "Tổng số hộ tham gia\n22 hộ" in figures and "Số hộ đã thoát nghèo\n9 hộ" in figures
        assert pane.locator(".app-lead").inner_text() == "22 hộ nhận dê giống, 9 hộ đã thoát nghèo."
        cover = pane.locator("img.app-cover__image")
        assert cover.get_attribute("alt") == "Đàn dê trắng trong chuồng sàn gỗ."
        page.wait_for_function(
            "() => document.querySelector('#preview-pane').contentDocument.querySelector('img.app-cover__image')"
            ".naturalWidth > 0"
        )
        assert "Hội Nông dân chọn hộ, tập huấn rồi giao dê." in pane.locator(".app-prose").inner_text()
        assert pane.locator(".app-prose h2").inner_text() == "Cách làm"
        facts = pane.locator(".app-facts").inner_text()
        for label, value in [
            ("Ngân sách trung ương", vi_money(420_000_000)),
            ("Ngân sách địa phương", vi_money(50_000_000)),
            ("Thu nhập bình quân khi bắt đầu", vi_money(1_300_000) + "/người/tháng"),
            ("Luân chuyển vốn, con giống", "Có"),
            ("Năm bắt đầu", "2023"),
        ]:
            assert f"{label}\n{value}" in facts, (label, value)
        assert "Địa bàn: Huyện Hòa Bình" in pane.locator(".app-article__footer").inner_text()
        # The theme's own stylesheet: its brand colour, its title size, its width.
        styles = page.evaluate(
            """() => {
              const doc = document.querySelector('#preview-pane').contentDocument;
              const style = (selector, name) => getComputedStyle(doc.querySelector(selector))[name];
              return [style('.app-header', 'backgroundColor'), style('h1.app-title', 'fontSize'),
                      style('main.app-main', 'maxWidth')];
            }"""
        )
        assert styles == ["rgb(10, 92, 54)", "28px", "736px"]
        page.screenshot(path=str(tmp_path / "preview-pane.png"))  # to look at as staff would (pytest keeps it)
        violations = page.evaluate("window.__violations")
    finally:
        context.close()
    assert violations == [] and errors == []
    assert all(host.startswith("127.0.0.1:") for host in hosts), set(hosts)


def git(checkout, *args, check=True):
    return subprocess.run(["git", "-C", str(checkout), *args], capture_output=True, text=True, check=check).stdout


@pytest.fixture
def rehearsal(tmp_path):
    """`invoke editor-rehearsal` in a temporary clone of a small project (the fixture site):
    never in the real repository, on free ports."""
    need_decap()
    need(shutil.which("git"), "git")
    origin = tmp_path / "origin"
    origin.mkdir()
    shutil.copytree(FIXTURE_SITE, origin / "content")
    shutil.copytree(DATA, origin / "content" / "data")
    to_front_matter(
        sorted(str(p) for p in (origin / "content").rglob("*.md")), make_settings(PATH=str(origin / "content"))
    )
    for name in ("pelicanconf.py", "publishconf.py", "tasks.py", ".gitignore"):
        shutil.copy(ROOT / name, origin / name)
    for name in ("theme", "node_modules"):
        (origin / name).symlink_to(ROOT / name)
    git(origin, "init", "-q", "-b", "main")
    git(origin, "add", ".")
    git(origin, "-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "-q", "-m", "Trang mẫu")
    checkout = tmp_path / "checkout"
    subprocess.run(["git", "clone", "-q", str(origin), str(checkout)], check=True)
    git(checkout, "config", "user.name", "Biên tập viên")
    git(checkout, "config", "user.email", "bien-tap@example.org")
    port, proxy_port = free_port(), free_port()
    with open(tmp_path / "rehearsal.log", "w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "invoke", "editor-rehearsal", "--port", str(port), "--proxy-port", str(proxy_port)],
            cwd=checkout,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for(f"http://127.0.0.1:{port}/admin/config.yml")
            yield checkout, f"http://127.0.0.1:{port}"
        finally:
            server.send_signal(signal.SIGINT)  # Ctrl+C, as staff stop it: the rehearsal removes its build
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def workflow_branches(checkout):
    """{cms branch: its state} as decap-server's git mode keeps them."""
    branches = git(checkout, "branch", "--list", "cms/*", "--format=%(refname:short)").split()
    # A new branch has its state a moment after it exists: "" until then.
    return {b: git(checkout, "config", f"branch.{b}.description", check=False).strip() for b in branches}


def wait_until(condition, timeout=30):
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.2)
    return condition()


def test_staff_rehearse_the_approval_workflow_on_their_own_checkout(rehearsal, page):
    """Draft → in review → ready → published, as on the published site; publishing ends as a
    commit on the checkout's branch, with the article's file."""
    checkout, base = rehearsal
    written = yaml.safe_load(wait_for(f"{base}/admin/config.yml"))
    assert written["publish_mode"] == "editorial_workflow" and written["backend"]["branch"] == "main"
    start = git(checkout, "rev-parse", "HEAD").strip()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/admin/#/collections/tin-tuc/new")
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_label("Tiêu đề").fill("Diễn tập duyệt bài")
    page.get_by_label("Địa bàn").fill("Ninh Quới")
    page.get_by_text("Xã Ninh Quới (từ 01/07/2025, thuộc Huyện Hồng Dân cũ)").click()
    page.locator("[data-slate-editor]").first.click()
    page.keyboard.type("Bài viết để diễn tập quy trình duyệt.")
    # What the approver will read, as the article's page shows it.
    pane = page.frame_locator("#preview-pane")
    assert pane.locator("h1.app-title").inner_text() == "Diễn tập duyệt bài"
    meta = pane.locator(".app-article__meta").inner_text()
    assert re.fullmatch(r"(Thứ (Hai|Ba|Tư|Năm|Sáu|Bảy)|Chủ Nhật), \d\d/\d\d/20\d\d \d\d:\d\d( · .+)?", meta), meta
    assert time.strftime("%d/%m/%Y") in meta
    footer = pane.locator(".app-article__footer").inner_text()
    assert "Chuyên mục: Tin tức" in footer and "Địa bàn: Xã Ninh Quới" in footer
    assert pane.locator(".app-prose").inner_text() == "Bài viết để diễn tập quy trình duyệt."
    page.get_by_role("button", name="Lưu").click()
    assert wait_until(lambda: list(workflow_branches(checkout).values()) == ["decap-cms/draft"])
    [branch] = workflow_branches(checkout)
    for state, label in (("pending_review", "Đang xét duyệt"), ("pending_publish", "Sẵn sàng")):
        page.get_by_role("button", name="Trạng: ").click()
        page.get_by_role("menuitem", name=label).click()
        assert wait_until(lambda state=state: workflow_branches(checkout) == {branch: f"decap-cms/{state}"}), state
    assert git(checkout, "rev-parse", "main").strip() == start  # nothing published yet
    page.get_by_role("button", name="Công bố", exact=True).click()
    page.get_by_text("Công bố ngay").click()
    assert wait_until(lambda: workflow_branches(checkout) == {})
    year = time.strftime("%Y")
    path = f"content/tin-tuc/{year}/dien-tap-duyet-bai.md"
    assert git(checkout, "rev-parse", "--abbrev-ref", "HEAD").strip() == "main"
    assert git(checkout, "rev-list", "--count", f"{start}..main").strip() != "0"
    assert path in git(checkout, "diff", "--name-only", start, "main").split()
    text = git(checkout, "show", f"main:{path}")
    assert text.startswith("---\ntitle: Diễn tập duyệt bài\n") and "Bài viết để diễn tập quy trình duyệt." in text
    assert git(checkout, "status", "--porcelain") == ""  # the working tree is the published branch
    assert dialogs == ["Bạn có chắc rằng bạn muốn công bố mục này?"]


def test_a_rehearsal_refuses_a_checkout_with_uncommitted_work(tmp_path):
    """The git-mode proxy commits the whole working tree: a staff member's unsaved work would
    end up inside the rehearsal's article."""
    need(shutil.which("git"), "git")
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "a.md").write_text("x\n", encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", "a")
    assert checkout_branch(str(tmp_path)) == "main"
    (tmp_path / "b.md").write_text("y\n", encoding="utf-8")
    with pytest.raises(RehearsalError, match=r"(?s)thay đổi chưa commit.*b\.md.*git stash"):
        checkout_branch(str(tmp_path))
    git(tmp_path, "switch", "-q", "--detach")
    with pytest.raises(RehearsalError, match="git switch main"):
        checkout_branch(str(tmp_path))
    assert json.loads(pelican_options(9, "main").split("'")[1])["branch"] == "main"
