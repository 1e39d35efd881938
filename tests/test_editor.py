"""The staff's editor at /admin/: its generated configuration, its place in the built site,
and, in a real browser, writing an article through its form in a `make serve` preview."""

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
import yaml
from browser import need
from conftest import DATA, FIXTURE_SITE, ROOT, SERVE_PORTS, build, free_port, make_settings

from giamngheo.editor.backend import BackendError, backend_from_environment
from giamngheo.editor.config import editor_config, load_choices
from giamngheo.editor.convert import to_front_matter
from giamngheo.editor.proxy import available_proxy_port
from giamngheo.publishing.gate import check_site
from giamngheo.showcase.fields import FIELDS
from giamngheo.taxonomy import TAXONOMIES, load_vocabulary

DECAP = ROOT / "node_modules" / "decap-cms" / "dist" / "decap-cms.js"
PROXY = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"


def need_decap():
    need(DECAP.is_file() and PROXY.is_file() and shutil.which("node"), "node with decap-cms and decap-server (npm ci)")


def fields_of(config, collection):
    [found] = [c for c in config["collections"] if c["name"] == collection]
    return {field["name"]: field for field in found["fields"]}


@pytest.fixture(scope="module")
def config():
    choices, problems = load_choices(str(DATA))
    assert problems == []
    return editor_config(make_settings(), choices)


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
    assert "publish_mode" not in editor_config(make_settings(EDITOR_BACKEND=gitea), load_choices(str(DATA))[0])
    with pytest.raises(BackendError, match="EDITOR_REPO"):
        backend_from_environment({"EDITOR_BACKEND": "github"})
    with pytest.raises(BackendError, match="github, gitlab hoặc gitea"):
        backend_from_environment({"EDITOR_BACKEND": "bitbucket", "EDITOR_REPO": "a/b"})


def test_production_editor_uses_the_editorial_workflow_and_talks_only_to_its_git_host(tmp_path):
    need_decap()
    output = tmp_path / "output"
    backend = {"name": "github", "repo": "a/b", "branch": "main"}
    records = build(FIXTURE_SITE, output, "publishconf.py", SITEURL="https://example.org", EDITOR_BACKEND=backend)
    assert check_site(output, "https://example.org", records) == []  # the quality gate passes it
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
