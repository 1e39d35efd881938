"""Pelican plugin: model profiles (mô hình giảm nghèo), their own content type and pages.

Profiles live under content/mo-hinh/, apart from the news stream: one declaration (`MODEL`)
that the core reads and writes (MODEL_URL and MODEL_SAVE_AS place them, models.html lists
them at /mo-hinh/), with typed facts (fields.py) and the comparison page.
"""

import html
import logging
import os

from giamngheo import core
from giamngheo.core import ContentGenerator, DeclaredContent, EditorForm, Field, SiteFeed, declare
from giamngheo.core.fields import DATE, IMAGE_FIELDS, STATUS, SUMMARY, TITLE, UNIT, taxonomy_fields

from .fields import (
    CARD_FACTS,
    COMPARE_FACTS,
    FIELDS,
    FIELDS_BY_KEY,
    HEADLINE_FACTS,
    REPLICATE_FACTS,
    editor_field,
    parse_facts,
)

logger = logging.getLogger(__name__)

# Every setting this plugin reads, with its default. pelicanconf.py may override any of them.
DEFAULTS = {
    "MODEL_PATHS": ["mo-hinh"],  # folders of model profiles, under PATH
    "MODEL_EXCLUDES": [],
    "MODEL_URL": "mo-hinh/{slug}/",
    "MODEL_SAVE_AS": "mo-hinh/{slug}/index.html",
    "MODELS_URL": "mo-hinh/",  # the showcase
    "MODELS_SAVE_AS": "mo-hinh/index.html",
    "MODELS_COMPARE_URL": "mo-hinh/so-sanh/",  # every model side by side, by kind
    "MODELS_COMPARE_SAVE_AS": "mo-hinh/so-sanh/index.html",
    # Which facts (fields.py keys, or derived facts) the theme shows where: the strip under
    # a profile's title, a card in a list, "Làm theo mô hình này", the comparison columns.
    "MODEL_HEADLINE_FACTS": HEADLINE_FACTS,
    "MODEL_CARD_FACTS": CARD_FACTS,
    "MODEL_REPLICATE_FACTS": REPLICATE_FACTS,
    "MODEL_COMPARE_FACTS": COMPARE_FACTS,
}


class Model(DeclaredContent):
    """A poverty-reduction model profile."""

    default_template = "model"


class ModelGenerator(ContentGenerator):
    """Adds to the core's reading of profiles their typed facts, and writes the comparison."""

    writes = core.Writes.ITEMS  # the profiles' pages, the showcase and the comparison

    def prepare(self, model):
        model.facts, errors = parse_facts(model.metadata)
        for key, message, fix in errors:
            self.problem(
                model,
                key,
                f"{FIELDS_BY_KEY[key].label} (trường “{key.capitalize()}”): {message}.",
                fix,
                f"model field {key}",
            )
        # A profile whose file name gives the comparison's address would replace that page.
        if model.save_as == self.settings["MODELS_COMPARE_SAVE_AS"]:
            self.report(
                model.source_path,
                None,
                f"Tên tệp “{os.path.basename(model.source_path)}” cho hồ sơ trùng địa chỉ với trang so sánh mô hình "
                f"(/{self.settings['MODELS_COMPARE_URL']}).",
                "Đổi tên tệp, ví dụ thêm tên xã: so-sanh-vinh-loc.md.",
                "profile saved as MODELS_COMPARE_SAVE_AS",
            )

    def generate_output(self, writer):
        super().generate_output(writer)
        core.write_page(self, writer, "MODELS_COMPARE", "compare")


def key_facts_html(model):
    """The facts a portal's reader needs first (before a profile's text in feeds): area,
    kind, households, results."""
    parts = []
    if getattr(model, "areas", None):
        parts.append(("Địa bàn", ", ".join(area.name for area in model.areas)))
    if getattr(model, "kind", None) is not None:
        parts.append(("Loại hình", model.kind.name))
    parts += model.facts.key_facts()
    items = "".join(f"<li><strong>{html.escape(label)}:</strong> {html.escape(value)}</li>" for label, value in parts)
    return f"<ul>{items}</ul>" if items else ""


def _card_label(model):
    return f"Mô hình · {model.kind.name}" if getattr(model, "kind", None) else "Mô hình"


MODEL = declare(
    "model",
    "models",
    "Mô hình",
    Model,
    taxonomies=("area", "program", "kind", "unit"),
    required_taxonomies=("area", "kind"),
    site_feed=SiteFeed("mo-hinh", "mô hình giảm nghèo", "Mô hình giảm nghèo mới giới thiệu, kèm các số liệu chính."),
    related=True,
    similar_by=("kinds", "areas"),
    previewed=True,
    list_template="models",
    per_page=12,
    schema_type="NewsArticle",
    term_section=("mo-hinh", "Mô hình giảm nghèo"),
    card_label=_card_label,
    card_facts_setting="MODEL_CARD_FACTS",
    feed_html=key_facts_html,
    feed_categories=("areas", "programs", "kinds"),
    editor=EditorForm(
        "mo-hinh",
        ("Mô hình giảm nghèo", "hồ sơ mô hình", "Hồ sơ mô hình: các số liệu hiện thành bảng trên trang."),
        "images/mo-hinh",
        (
            TITLE,
            DATE,
            *taxonomy_fields(),
            Field("kind", "Loại hình", "select", True, choices="kind", multiple=False),
            UNIT,
            *(editor_field(fact) for fact in FIELDS),
            SUMMARY,
            *IMAGE_FIELDS,
            STATUS,
            Field("body", "Câu chuyện của mô hình", "markdown", True),
        ),
        figures_setting="MODEL_HEADLINE_FACTS",  # the strip under the title, as on the page
        date_with_time=False,  # model.html shows the day only
    ),
    new_item=os.path.join(os.path.dirname(__file__), "templates", "model.md"),
    generator=ModelGenerator,
)

CONTENT_TYPES = (MODEL,)


register = core.plugin()  # the core reads and writes what the plugin declares
