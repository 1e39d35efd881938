"""giamngheo.core: the content-type registry, the walk, settings defaults, plugin order."""

import re

import pytest
from conftest import FIXTURE_SITE, ROOT, make_settings, read_site
from pelican import Pelican
from pelican.contents import Article, Page
from pelican.settings import read_settings

from giamngheo.core import PluginOrderError, absolute_siteurl, all_content, content_type, content_types
from giamngheo.events import Event
from giamngheo.images import DEFAULTS as IMAGES_DEFAULTS
from giamngheo.showcase import Model


def test_every_content_type_is_declared_once_with_its_place():
    types = content_types(make_settings())
    assert list(types) == ["article", "page", "model", "document", "event"]
    event = types["event"]
    assert (event.content_class, event.url_prefix, event.context_key) == (Event, "EVENT", "events")
    model = types["model"]
    assert (model.content_class, model.url_prefix, model.context_key) == (Model, "MODEL", "models")
    assert model.label == "Mô hình" and model.index_url_setting == "MODELS_URL"
    assert types["article"].content_class is Article and types["page"].content_class is Page


def test_content_type_of_real_items(tmp_path):
    site = read_site(FIXTURE_SITE, tmp_path / "output")
    assert content_type(site.item("hong-dan-trao-bo-giong")).name == "article"
    assert content_type(site.item("tom-lua")).name == "model"
    assert content_type(site.item("lien-he")).name == "page"
    assert content_type(object(), site.settings) is None


def test_the_walk_yields_every_item_once_drafts_included(tmp_path):
    site = read_site(FIXTURE_SITE, tmp_path / "output", PREVIEW_DRAFTS=False, WITH_FUTURE_DATES=False)
    items = list(all_content(site.context))
    assert len(items) == len({id(i) for i in items})
    slugs = {i.slug for i in items}
    assert {"hong-dan-trao-bo-giong", "tom-lua", "lien-he", "tuong-lai"} <= slugs
    drafts = [i for i in items if i.status == "draft"]
    assert {type(i) for i in drafts} == {Article, Model}  # the future article and profile
    assert len(items) == sum(
        len(site.context.get(k, [])) for t in content_types(site.settings).values() for k in t.context_keys
    )


def test_defaults_are_registered_once_and_the_site_settings_win():
    settings = make_settings(FEEDS_MAX_ITEMS=5)
    assert settings["FEEDS_MAX_ITEMS"] == 5  # pelicanconf.py or an override wins
    assert settings["MODELS_URL"] == "mo-hinh/" and settings["AREAS_URL"] == "dia-ban/"
    assert settings["SEARCH_URL"] == "tim-kiem/" and settings["SITEMAP_SAVE_AS"] == "sitemap.xml"
    settings["IMAGES_WIDTHS"].append(99)
    assert 99 not in IMAGES_DEFAULTS["IMAGES_WIDTHS"]  # each build has its own copy
    assert 99 not in make_settings()["IMAGES_WIDTHS"]


def test_the_absolute_site_address():
    assert make_settings("publishconf.py", SITEURL="https://x.org/a/")["SITE_ABSOLUTE_URL"] == "https://x.org/a"
    assert make_settings()["SITE_ABSOLUTE_URL"] == "http://127.0.0.1:8000"  # development: the preview server
    assert absolute_siteurl({"SITEURL": "", "SEO_PREVIEW_SITEURL": "http://localhost:9/"}) == "http://localhost:9"


def plugins_in(order):
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    settings["PLUGINS"] = [f"giamngheo.{name}" for name in order]
    return settings


def test_a_plugin_listed_before_what_it_needs_stops_pelican():
    with pytest.raises(PluginOrderError) as stop:
        Pelican(plugins_in(["core", "checks", "taxonomy", "showcase", "feeds"]))
    message = str(stop.value)
    assert "pelicanconf.py" in message and "“giamngheo.taxonomy” phải đứng sau “giamngheo.showcase”" in message
    assert "Cách sửa" in message


@pytest.mark.parametrize(
    ("order", "late"),
    [
        (["core", "showcase", "taxonomy", "seo", "feeds"], "giamngheo.seo"),
        (["core", "images", "authoring"], "giamngheo.images"),
        (["core", "taxonomy", "feeds", "showcase"], "giamngheo.taxonomy"),
        (["core", "sanitise", "checks"], "giamngheo.sanitise"),  # the checks see staff's HTML
        (["core", "checks", "search", "sanitise"], "giamngheo.search"),  # the index: sanitised text
        (["core", "showcase", "taxonomy", "addresses", "stats"], "giamngheo.addresses"),  # LAST
        (["core", "showcase", "taxonomy", "policy", "seo"], "giamngheo.policy"),  # LAST
        (["core", "showcase", "taxonomy", "feeds", "authoring", "images"], "giamngheo.feeds"),  # item.cover
        (["core", "showcase", "taxonomy", "seo", "stats"], "giamngheo.seo"),  # /thong-ke/ in the sitemap
    ],
)
def test_each_ordering_that_matters_is_checked(order, late):
    with pytest.raises(PluginOrderError, match=re.escape(late)):
        Pelican(plugins_in(order))


def test_the_core_works_without_being_listed():
    settings = Pelican(plugins_in(["feeds"])).settings
    assert settings["FEEDS_MAX_ITEMS"] == 50 and settings["SITE_ABSOLUTE_URL"] == "http://127.0.0.1:8000"


def test_the_plugins_that_come_last_may_come_in_either_order():
    for last in (["addresses", "policy"], ["policy", "addresses"]):
        Pelican(plugins_in(["core", "checks", "sanitise", "showcase", "taxonomy", "seo", *last]))


def test_the_site_order_passes_and_a_subset_needs_no_more():
    Pelican(read_settings(str(ROOT / "pelicanconf.py")))
    Pelican(plugins_in(["core", "vietnamese", "feeds"]))  # feeds without showcase or taxonomy
