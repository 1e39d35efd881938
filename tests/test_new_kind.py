"""The worked example of giamngheo/README.md: a new kind of content, declared in this file
alone (a declaration, a page template, one Markdown file), found wherever the site shows
content: its page, the site-wide feeds, the sitemap, the search index, an area page, the
editor's form and the live preview's fast path.

This module is the plugin that declares it: PLUGINS names it (`test_new_kind`), the core
registers its CONTENT_TYPES when Pelican starts, reads its folder and writes its pages.
"""

import datetime
import json
import shutil
import zoneinfo

import pytest
import yaml
from conftest import DATA, FIXTURE_SITE, IMAGES_CACHE, ROOT, build, make_settings

from giamngheo import core
from giamngheo.core import DeclaredContent, EditorForm, SiteFeed, declare
from giamngheo.core.fields import BODY, DATE, SUMMARY, TITLE, taxonomy_fields
from giamngheo.preview import PreviewBuilder


class Answer(DeclaredContent):
    """A citizen's question about a policy, answered by the office in charge."""

    default_template = "answer"


ANSWER = declare(
    "answer",
    "answers",
    "Hỏi đáp",
    Answer,
    taxonomies=("area", "program"),
    required_taxonomies=("area",),
    site_feed=SiteFeed("hoi-dap", "hỏi đáp chính sách", "Câu hỏi của người dân, cơ quan phụ trách trả lời."),
    related=True,
    previewed=True,
    schema_type="Article",
    term_section=("hoi-dap", "Hỏi đáp"),
    editor=EditorForm(
        "hoi-dap",
        ("Hỏi đáp", "câu hỏi", "Câu hỏi của người dân về chính sách giảm nghèo và câu trả lời."),
        "images/hoi-dap",
        (TITLE, DATE, *taxonomy_fields(), SUMMARY, BODY),
    ),
)
CONTENT_TYPES = (ANSWER,)


def register():
    core.register()


# The page template: the shared layout of an item page, with the trail above it.
TEMPLATE = '{% extends "item.html" %}{% set item = answer %}{% set trail = [("Hỏi đáp", "")] %}\n'
QUESTION = """Title: Hộ vừa thoát nghèo có còn được vay vốn ưu đãi?
Date: 2026-03-02 09:00
Area: Xã Ninh Quới
Program: Dự án 2
Summary: Có, trong ba năm sau khi thoát nghèo.

Hộ mới thoát nghèo vẫn được Ngân hàng Chính sách xã hội cho vay ưu đãi trong ba năm.
"""
SLUG = "vay-von-sau-thoat-ngheo"
PAGE = f"hoi-dap/{SLUG}/index.html"


def overrides(tmp_path, content):
    templates = tmp_path / "templates"
    templates.mkdir(exist_ok=True)
    (templates / "answer.html").write_text(TEMPLATE, encoding="utf-8")
    return {
        "PLUGINS": [*make_settings()["PLUGINS"], __name__],
        "ANSWER_PATHS": ["hoi-dap"],
        "ANSWER_URL": "hoi-dap/{slug}/",
        "ANSWER_SAVE_AS": "hoi-dap/{slug}/index.html",
        "THEME_TEMPLATES_OVERRIDES": [str(templates)],
        "IMAGES_CACHE_PATH": str(IMAGES_CACHE),
        "TAXONOMY_DATA_PATH": "data",
        "PATH": str(content),
    }


def site_with_a_question(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    shutil.copytree(DATA, content / "data")
    (content / "hoi-dap").mkdir()
    (content / "hoi-dap" / f"{SLUG}.md").write_text(QUESTION, encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("new-kind")
    content = site_with_a_question(tmp_path)
    settings = overrides(tmp_path, content)
    output = tmp_path / "output"
    records = build(content, output, **{k: v for k, v in settings.items() if k != "PATH"})
    return output, records


def read(output, name):
    return (output / name).read_text(encoding="utf-8")


def test_its_page_is_written_and_the_build_is_quiet(built):
    output, records = built
    assert [record.getMessage() for record in records] == []
    page = read(output, PAGE)
    assert "Hộ vừa thoát nghèo có còn được vay vốn ưu đãi?" in page and "trong ba năm" in page
    assert '"@type": "Article"' in page  # its schema.org type
    assert "Xã Ninh Quới" in page  # its area, linked by the shared layout


def test_it_is_in_the_site_wide_feeds(built):
    output, _ = built
    for feed in ("feeds/tat-ca.rss.xml", "feeds/hoi-dap.rss.xml", "feeds/hoi-dap.atom.xml"):
        assert f"hoi-dap/{SLUG}/" in read(output, feed), feed
    assert SLUG not in read(output, "feeds/tin-tuc.rss.xml")  # not news
    assert "hỏi đáp chính sách" in read(output, "lien-ket-rss/index.html")  # the feeds page lists it


def test_it_is_in_the_sitemap_and_the_search_index(built):
    output, _ = built
    assert f"/hoi-dap/{SLUG}/</loc>" in read(output, "sitemap.xml")
    documents = [
        json.loads(path.read_text(encoding="utf-8")) for path in (output / "tim-kiem" / "chi-muc" / "d").glob("*.json")
    ]
    found = [doc for page in documents for doc in (page if isinstance(page, list) else page.values())]
    assert any(f"hoi-dap/{SLUG}/" in json.dumps(doc, ensure_ascii=False) for doc in found)
    assert any("Hỏi đáp" in json.dumps(doc, ensure_ascii=False) for doc in found)  # its type, a search filter


def test_it_is_listed_on_its_area_and_the_former_district(built):
    output, _ = built
    for area in ("dia-ban/xa-ninh-quoi/index.html", "dia-ban/hong-dan/index.html"):
        page = read(output, area)
        assert 'id="hoi-dap">Hỏi đáp (1)</h2>' in page and f"hoi-dap/{SLUG}/" in page, area
        assert f"hoi-dap/{SLUG}/" in read(output, area.replace("index.html", "rss.xml")), area


def test_it_has_a_form_in_the_editor(built):
    output, _ = built
    config = yaml.safe_load(read(output, "admin/config.yml"))
    [collection] = [c for c in config["collections"] if c["name"] == "hoi-dap"]
    assert collection["folder"] == "content/hoi-dap" and collection["label"] == "Hỏi đáp"
    fields = {field["name"]: field for field in collection["fields"]}
    assert list(fields) == ["title", "date", "area", "program", "summary", "body"]
    assert fields["area"]["required"] and "Xã Ninh Quới" in [o["value"] for o in fields["area"]["options"]]
    # and a preview pane like its page, with no line of its own: title, date, lead, text, terms.
    script = read(output, "admin/preview.js")
    declared = json.loads(script.split("const PREVIEW = ", 1)[1].split(";\n", 1)[0])["collections"]["hoi-dap"]
    assert (declared["title"], declared["date"], declared["lead"], declared["body"]) == (
        "title",
        "date",
        "summary",
        "body",
    )
    assert [term["name"] for term in declared["terms"]] == ["area", "program"] and declared["facts"] == []


def test_an_edit_of_its_text_takes_the_preview_fast_path(tmp_path):
    content = site_with_a_question(tmp_path)
    preview = tmp_path / "preview"
    builder = PreviewBuilder(
        str(ROOT / "pelicanconf.py"), preview / "site", preview / "cache", overrides(tmp_path, content)
    )
    assert builder.full_build().ok
    source = content / "hoi-dap" / f"{SLUG}.md"
    source.write_text(QUESTION.replace("trong ba năm.", "trong ba năm, theo Quyết định 28/2015."), encoding="utf-8")
    result = builder.update({str(source)})
    assert (result.ok, result.kind) == (True, "fast")
    assert result.changed[0] == PAGE  # its own page first, then what lists it
    assert "theo Quyết định 28/2015" in (preview / "site" / PAGE).read_text(encoding="utf-8")
    assert "dia-ban/xa-ninh-quoi/index.html" in result.changed


class Meeting(DeclaredContent):
    """A kind whose `date` is when it happens: announced before it starts."""

    default_template = "meeting"


MEETING = declare("meeting", "meetings", "Lịch", Meeting, publication_date="announced")


@pytest.mark.parametrize(("announced_in", "status"), [(-2, "published"), (10, "draft")])
def test_the_declared_publication_date_publishes_it_not_its_date(announced_in, status):
    settings = make_settings("publishconf.py")  # the published site: future items wait
    core.register_content_type(settings, MEETING)
    now = datetime.datetime.now(zoneinfo.ZoneInfo(settings["TIMEZONE"]))
    metadata = {
        "title": "Hội nghị tổng kết mô hình nuôi dê",
        "date": now + datetime.timedelta(days=30),  # a month ahead: it happens then
        "announced": now + datetime.timedelta(days=announced_in),
    }
    meeting = Meeting("Mời các hộ tham dự.", metadata=metadata, settings=settings, source_path="lich/hoi-nghi.md")
    assert meeting.status == status
