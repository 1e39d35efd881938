"""The theme's components with logic, each rendered alone with examples (govuk-frontend's
way): the macro is called as a page calls it, with real items of a read fixture site, in
the Jinja environment a build gives the templates (its filters included)."""

import re

import pytest
from conftest import FIXTURE_SITE, read_site

from giamngheo.images.images import resolve_covers


@pytest.fixture(scope="module")
def read(tmp_path_factory):
    site = read_site(FIXTURE_SITE, tmp_path_factory.mktemp("components") / "output")
    resolve_covers(site.generators)  # as the build does once everything is read: item.cover
    return site


def macro(read, component, name=None):
    """The macro `name` (the file's own name by default) of components/<component>.html."""
    generator = read.generators[-1]  # every generator has the build's environment and filters
    module = generator.env.get_template(f"components/{component}.html").make_module(vars=read.context)
    return getattr(module, name or component)


def text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", str(html))).strip()


def test_a_card_renders_nothing_for_nothing(read):
    assert str(macro(read, "item_card")(None)).strip() == ""
    assert str(macro(read, "item_list")([])).strip() == ""


def test_an_article_card_names_its_category_date_and_areas(read):
    article = read.item("a05")
    card = str(macro(read, "item_card")(article))
    assert f'<h3 class="app-card__title"><a href="/{article.url}">{article.title}</a></h3>' in card
    assert f'<span class="app-card__type">{article.category}</span>' in card
    assert re.search(r'<time datetime="2025-[^"]+">Thứ [^<]+, \d\d/\d\d/2025</time>', card)
    assert "app-figures" not in card  # news have no key figures
    assert all(area.short_name in text(card) for area in article.areas)


def test_a_model_card_names_its_kind_and_shows_its_card_figures(read):
    model = read.item("nuoi-de-sinh-san-luan-chuyen-o-ap-vinh-lac")
    card = str(macro(read, "item_card")(model, heading_level=2, show_summary=False))
    assert f'<span class="app-card__type">Mô hình · {model.kind.name}</span>' in card
    assert '<h2 class="app-card__title">' in card and "app-card__summary" not in card
    assert 'class="app-figures app-figures--compact"' in card
    shown = [label for label, _ in model.facts.key_facts(read.settings["MODEL_CARD_FACTS"])]
    assert shown and all(label in text(card) for label in shown)


def test_a_draft_is_marked_on_its_card(read):
    article = read.item("a05")
    article.preview = "draft"
    try:
        assert '<strong class="app-card__preview">Bản nháp</strong>' in str(macro(read, "item_card")(article))
        article.preview = "scheduled"
        assert '<strong class="app-card__preview">Hẹn giờ</strong>' in str(macro(read, "item_card")(article))
    finally:
        del article.preview


def test_a_list_loads_only_its_first_photos_at_once(read):
    with_photos = [item for item in read.context["articles"] + read.context["models"] if getattr(item, "cover", None)]
    assert len(with_photos) >= 2
    html = str(macro(read, "item_list")(with_photos[:2], eager=1))
    images = re.findall(r'<img class="app-card__img"[^>]*>', html)
    assert len(images) == 2 and 'loading="lazy"' not in images[0] and 'loading="lazy"' in images[1]


def test_pagination_only_when_there_are_other_pages(read):
    assert str(macro(read, "pagination")(None, None, None)).strip() == ""
