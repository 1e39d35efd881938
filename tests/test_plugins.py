"""Each plugin's hooks and generators on real content read by real Pelican, as Pelican's own
tests exercise its generators: settings from the factory, real articles and profiles."""

import os
import shutil

import pytest
from conftest import DATA, FIXTURE_SITE, ROOT, make_settings, read_site
from pelican.readers import Readers
from pelican.writers import Writer

from giamngheo.authoring.authoring import freeze_addresses, mark_preview
from giamngheo.authoring.reader import ForgivingMarkdownReader
from giamngheo.core import reported
from giamngheo.feeds.feeds import FeedsGenerator
from giamngheo.images.images import resolve_covers
from giamngheo.search.search import document, searched_items
from giamngheo.seo.seo import WRITTEN, SeoGenerator, remember_page
from giamngheo.showcase.fields import FIELDS_BY_KEY
from giamngheo.showcase.showcase import ModelGenerator, key_facts_html
from giamngheo.taxonomy.related import link_items
from giamngheo.taxonomy.taxonomy import TaxonomyGenerator


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The fixture site read (not written) with development settings."""
    return read_site(FIXTURE_SITE, tmp_path_factory.mktemp("read") / "output")


# authoring ---------------------------------------------------------------------------


def test_markdown_is_read_by_the_forgiving_reader():
    readers = Readers(make_settings())
    assert readers.reader_classes["md"] is ForgivingMarkdownReader


def test_preview_shows_drafts_and_marks_them(site):
    draft = site.item("a14")
    assert (draft.status, draft.preview) == ("published", "draft")
    scheduled = site.item("tuong-lai")
    assert scheduled.preview == "scheduled"
    assert getattr(site.item("hong-dan-trao-bo-giong"), "preview", None) is None


def test_published_settings_keep_drafts_drafts(tmp_path):
    published = read_site(FIXTURE_SITE, tmp_path / "output", PREVIEW_DRAFTS=False, WITH_FUTURE_DATES=False)
    assert published.item("a14").status == "draft"
    assert getattr(published.item("a14"), "preview", None) is None
    mark_preview(published.item("a14"))  # the hook itself: nothing to show outside the preview
    assert published.item("a14").status == "draft"


def test_unsafe_static_names_are_published_under_safe_ones(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    (content / "images" / "tài liệu").mkdir()
    shutil.copy(content / "images" / "de.jpg", content / "images" / "Ảnh Đàn Dê.JPG")
    read = read_site(content, tmp_path / "output")
    names = {s.relative_source_path: s.save_as for s in read.context["static_content"].values()}
    assert names["images/Ảnh Đàn Dê.JPG"].startswith("images/anh-dan-de-")  # processed, hashed, safe


def test_addresses_are_computed_once(tmp_path):
    read = read_site(FIXTURE_SITE, tmp_path / "output")
    item = read.item("tom-lua")
    freeze_addresses(read.generators)
    assert (item.override_url, item.override_save_as) == ("mo-hinh/tom-lua/", "mo-hinh/tom-lua/index.html")


# images --------------------------------------------------------------------------------


def test_covers_resolve_to_the_processed_photo(tmp_path):
    read = read_site(FIXTURE_SITE, tmp_path / "output")
    resolve_covers(read.generators)
    cover = read.item("a11").cover  # "Image: images/nha.jpg"
    assert cover.relative_source_path == "images/nha.jpg"
    assert cover.image.url.startswith("images/nha-") and cover.url == cover.image.url  # never the original
    assert not hasattr(read.item("a02"), "cover")  # no Image: line, no cover


def test_photos_in_the_text_and_covers_share_one_picture_markup(site):
    from giamngheo.images import picture_html

    image = next(iter(site.context["processed_images"].values()))
    html = picture_html(image, "/", "100vw", ' src="/x.jpg" alt="Dê"')
    assert html.startswith('<picture><source type="image/webp" srcset="/images/')
    assert '<img src="/x.jpg" alt="Dê" srcset="/images/' in html and html.endswith(
        'loading="lazy" decoding="async"></picture>'
    )
    assert 'fetchpriority="high"' in picture_html(image, "/", "100vw", "", eager=True)


# search ------------------------------------------------------------------------------


def test_search_indexes_published_items_oldest_first_with_their_filters(tmp_path):
    site = read_site(FIXTURE_SITE, tmp_path / "output", "publishconf.py")
    items = searched_items(site.generators[0].context)
    kinds = {kind for _, kind in items}
    assert kinds == {"Tin bài", "Mô hình", "Trang"}
    titles = [item.title for item, _ in items]
    assert "Bản nháp chưa đăng" not in titles and "Bài hẹn giờ đăng năm 2030" not in titles  # as published
    dated = [item.date for item, _ in items if getattr(item, "date", None)]
    assert dated == sorted(dated)  # page numbers only grow as content is added
    model = document(site.item("tom-lua"), "Mô hình")
    assert model.title == "Tôm - lúa ở Ninh Quới" and "<" not in model.text
    assert "nuôi dế" in model.text and "Sản xuất kết hợp" in model.text  # the text and the kind
    assert model.filters["dia-ban"] == ["Huyện Hồng Dân", "Xã Ninh Quới"]  # the commune's former district
    assert model.filters["loai"] == ["Mô hình"] and model.filters["nam"] == ["2025"]


# showcase ----------------------------------------------------------------------------


def test_profiles_are_read_with_typed_facts(site):
    generator = site.generator(ModelGenerator)
    model = site.item("nuoi-de-sinh-san-luan-chuyen-o-ap-vinh-lac")
    assert model in generator.models and model.facts.households_total == 22
    assert model.facts.funding_total == 504_000_000


def test_key_facts_are_keyed_by_field_not_by_label(site):
    facts = site.item("nuoi-de-sinh-san-luan-chuyen-o-ap-vinh-lac").facts
    labels = [label for label, _ in facts.key_facts()]
    assert labels == [
        FIELDS_BY_KEY["households_total"].label,
        FIELDS_BY_KEY["households_poor"].label,
        FIELDS_BY_KEY["households_near_poor"].label,
        "Tổng kinh phí",
        FIELDS_BY_KEY["households_left_poverty"].label,
        FIELDS_BY_KEY["income_before"].label,
        FIELDS_BY_KEY["income_after"].label,
    ]
    assert dict(facts.key_facts())["Tổng kinh phí"] == "504 triệu đồng"
    html = key_facts_html(site.item("nuoi-de-sinh-san-luan-chuyen-o-ap-vinh-lac"))
    assert html.startswith("<ul><li><strong>Địa bàn:</strong> Huyện Hòa Bình</li><li><strong>Loại hình:</strong>")


HIDDEN = """Title: Mô hình ẩn
Date: 2025-02-01 08:00
Area: Đông Hải
Kind: Chăn nuôi
Start_year: 2024
Lead_unit: Hội Nông dân
Households_total: 10
Status: hidden

Chỉ ai có địa chỉ mới xem được.
"""


def test_a_hidden_profile_is_written_and_listed_nowhere(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    (content / "mo-hinh" / "mo-hinh-an.md").write_text(HIDDEN, encoding="utf-8")
    read = read_site(content, tmp_path / "output")
    generator = read.generator(ModelGenerator)
    [hidden] = generator.hidden_models
    assert hidden.slug == "mo-hinh-an" and hidden not in generator.models
    assert hidden in read.context["hidden_models"]
    assert all(hidden not in term.models for term in read.context["areas"] + read.context["kinds"])
    assert all(hidden not in feed.items for feed in read.generator(FeedsGenerator).feeds)
    generator.generate_output(Writer(str(tmp_path / "output"), settings=read.settings))
    page = (tmp_path / "output" / "mo-hinh" / "mo-hinh-an" / "index.html").read_text(encoding="utf-8")
    assert "Mô hình ẩn" in page
    showcase = (tmp_path / "output" / "mo-hinh" / "index.html").read_text(encoding="utf-8")
    assert "Mô hình ẩn" not in showcase
    read.generator(SeoGenerator).generate_output(None)  # the pages the writer above wrote
    sitemap = (tmp_path / "output" / "sitemap.xml").read_text(encoding="utf-8")
    assert "/mo-hinh/tom-lua/</loc>" in sitemap and "/mo-hinh/</loc>" in sitemap
    assert "mo-hinh-an" not in sitemap


def test_profiles_are_never_read_as_articles_too(tmp_path):
    # Articles read from the whole content folder, and ARTICLE_EXCLUDES silent on profiles:
    # the core excludes the folders of every type it reads, so each profile is read once.
    read = read_site(FIXTURE_SITE, tmp_path / "output", ARTICLE_PATHS=[""], ARTICLE_EXCLUDES=["pages", "data"])
    assert "mo-hinh" in read.settings["ARTICLE_EXCLUDES"]
    articles = [item.source_path for item in read.context["articles"]]
    assert articles and not any(f"{os.sep}mo-hinh{os.sep}" in path for path in articles)
    assert read.item("tom-lua") in read.context["models"]


# taxonomy ----------------------------------------------------------------------------


def test_what_staff_wrote_becomes_terms_on_each_item(site):
    article = site.item("hong-dan-trao-bo-giong")  # "Area: Hong Dan", dated 2024
    assert [a.slug for a in article.areas] == ["hong-dan"]
    assert [p.slug for p in article.programs] == ["du-an-2"]
    model = site.item("tom-lua")
    assert model.kind is not None and model.kinds == [model.kind]
    assert not hasattr(site.item("lien-he"), "areas")  # pages carry no taxonomy


def test_a_former_district_files_its_communes_content(site):
    terms = site.generator(TaxonomyGenerator).terms["area"]
    district = terms["hong-dan"]

    def below(term):
        return [found for child in term.children for found in (child, *below(child))]

    assert {t.slug for t in below(district)} == {"xa-hong-dan", "xa-vinh-loc", "xa-ninh-thanh-loi", "xa-ninh-quoi"}
    for commune in district.children:
        assert set(commune.articles) <= set(district.articles)
        assert set(commune.models) <= set(district.models)
        assert commune.parent is district and district in commune.ancestors
    assert district.articles == sorted(district.articles, key=lambda a: a.date, reverse=True)


def test_unknown_names_are_reported_with_the_line(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    (content / "tin-tuc" / "sai.md").write_text(
        "Title: Sai\nDate: 2025-03-01\nArea: Hong Dann\n\nx\n", encoding="utf-8"
    )
    read = read_site(content, tmp_path / "output", TAXONOMY_DATA_PATH=str(DATA))
    [problem] = reported(read.context)
    assert (problem.path, problem.line, problem.detail) == ("tin-tuc/sai.md", 3, "unknown area 'Hong Dann'")


# seo ---------------------------------------------------------------------------------


def test_the_sitemap_lists_written_pages_but_not_previews_or_the_404(tmp_path):
    read = read_site(FIXTURE_SITE, tmp_path / "output")
    output = tmp_path / "output"
    output.mkdir()
    context = read.context
    published, draft, model = read.item("hong-dan-trao-bo-giong"), read.item("a14"), read.item("tom-lua")
    for path, local in [
        ("tin-tuc/2024/hong-dan-trao-bo-giong/index.html", {"article": published}),
        ("tin-tuc/2026/a14/index.html", {"article": draft}),
        ("mo-hinh/tom-lua/index.html", {"model": model}),
        ("404.html", {}),
        ("feeds/tat-ca.rss.xml", {}),
    ]:
        remember_page(str(output / path), {**context, **local})
    read.generator(SeoGenerator).generate_output(None)
    sitemap = (output / "sitemap.xml").read_text(encoding="utf-8")
    assert (
        "<loc>http://127.0.0.1:8000/tin-tuc/2024/hong-dan-trao-bo-giong/</loc><lastmod>2024-03-14</lastmod>" in sitemap
    )
    assert (
        f"<loc>http://127.0.0.1:8000/mo-hinh/tom-lua/</loc><lastmod>{model.date.date().isoformat()}</lastmod>"
        in sitemap
    )
    assert "a14" not in sitemap and "404" not in sitemap and "rss" not in sitemap
    assert len(context[WRITTEN]) == 3
    robots = (output / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in robots


# related content -----------------------------------------------------------------------


def shares_an_area(item, other):
    """An area of `item` is an area of `other` or contains one (a former district)."""
    return bool(set(item.areas) & {term for area in other.areas for term in (area, *area.ancestors)})


def shares_a_term(item, other):
    return bool(set(item.programs) & set(other.programs)) or shares_an_area(item, other)


def test_items_link_to_related_content_and_to_their_neighbours(site):
    link_items(site.generators)
    article = site.item("hong-dan-trao-bo-giong")  # Huyện Hồng Dân, Dự án 2, the oldest article
    assert 0 < len(article.related) <= site.settings["RELATED_COUNT"] and article not in article.related
    assert all(shares_a_term(article, other) for other in article.related)
    assert {"nuoi-de-sinh-san-luan-chuyen-o-ap-vinh-lac", "a02"} <= {other.slug for other in article.related}
    assert article.older is None and article.newer.slug == "a07" and article.newer.older is article
    model = site.item("tom-lua")  # profiles have their own stream
    assert model.older.slug == "nuoi-de-sinh-san-luan-chuyen-o-ap-vinh-lac" and model.newer.slug == "rau"
    assert site.item("lien-he").related == [] and site.item("lien-he").newer is None  # pages: nothing


def test_similar_models_share_a_kind_or_an_area(tmp_path):
    content = read_site(ROOT / "content", tmp_path / "output")
    link_items(content.generators)
    goats = content.item("nuoi-de-heo-vinh-hau-a")
    assert [other.slug for other in goats.similar] == ["nuoi-ga-tha-vuon-vinh-phu-tay"]  # the other Chăn nuôi
    for model in content.generator(ModelGenerator).models:
        assert model not in model.similar and len(model.similar) <= content.settings["SIMILAR_COUNT"]
        for other in model.similar:
            assert other.kind is model.kind or shares_an_area(model, other) or shares_an_area(other, model)
