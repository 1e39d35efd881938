"""Pelican plugin: model profiles (mô hình giảm nghèo), their own content type and pages.

Profiles live under content/mo-hinh/, apart from the news stream: their own Content class
(`Model`, so MODEL_URL and MODEL_SAVE_AS place them), their own generator, typed facts
(fields.py) and a showcase page at /mo-hinh/.
"""

import datetime
import logging
import os

from pelican import signals
from pelican.contents import Content
from pelican.generators import CachingGenerator

from giamngheo import core
from giamngheo.core import ContentProblem, ContentType, metadata_line, newest_first, relative_source, report

from .fields import CARD_FACTS, COMPARE_FACTS, FIELDS_BY_KEY, HEADLINE_FACTS, REPLICATE_FACTS, parse_facts

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


class Model(Content):
    """A poverty-reduction model profile."""

    mandatory_properties = ("title", "date")
    allowed_statuses = ("published", "hidden", "draft")
    default_status = "published"
    default_template = "model"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # As Pelican does for articles: a profile dated in the future waits for its date.
        date = getattr(self, "date", None)
        future = date is not None and date > datetime.datetime.now(tz=date.tzinfo)
        if future and not self.settings["WITH_FUTURE_DATES"]:
            self.status = "draft"

    def _expand_settings(self, key, klass=None):
        # Drafts and translations share the profile's address pattern.
        fq_key = f"{MODEL.url_prefix}_{key.upper().removeprefix('LANG_')}"
        return str(self.settings[fq_key]).format(**self.url_format)


MODEL = ContentType(
    "model",
    Model,
    "MODEL",
    ("models", "model_drafts", "hidden_models"),
    "Mô hình",
    "MODEL_PATHS",
    index_url_setting="MODELS_URL",
)

CONTENT_TYPES = (MODEL,)


class ModelGenerator(CachingGenerator):
    """Reads model profiles, checks their facts and writes their pages and the showcase."""

    writes = core.Writes.ITEMS

    def __init__(self, *args, **kwargs):
        self.models = []
        self.model_drafts = []
        self.hidden_models = []
        super().__init__(*args, **kwargs)

    def generate_context(self):
        self._check_article_excludes()
        models, drafts, hidden = [], [], []
        for path in self.get_files(self.settings["MODEL_PATHS"], exclude=self.settings["MODEL_EXCLUDES"]):
            model = self.get_cached_data(path, None)
            if model is None:
                try:
                    model = self.readers.read_file(
                        base_path=self.path, path=path, content_class=Model, context=self.context
                    )
                except Exception as error:  # Pelican's readers raise anything; name the file
                    self._report(
                        path,
                        None,
                        "Không đọc được tệp mô hình.",
                        "Kiểm tra phần đầu tệp (các dòng “Tên: giá trị”).",
                        repr(error),
                    )
                    self._add_failed_source_path(path)
                    continue
                if not model.is_valid():
                    self._add_failed_source_path(path)
                    continue
                self.cache_data(path, model)
            self._attach_facts(model)
            self._check_address(model)
            if model.status == "published":
                models.append(model)
            elif model.status == "draft":
                drafts.append(model)
            elif model.status == "hidden":
                hidden.append(model)  # written at its address, listed nowhere, as Pelican does
            self.add_source_path(model)
            self.add_static_links(model)
        self.models = newest_first(models)
        self.model_drafts = drafts
        self.hidden_models = newest_first(hidden)
        self._update_context(MODEL.context_keys)
        self.save_cache()
        self.readers.save_cache()

    def _attach_facts(self, model):
        model.facts, errors = parse_facts(model.metadata)
        for key, message, fix in errors:
            self._report(
                model.source_path,
                metadata_line(model.source_path, key),
                f"{FIELDS_BY_KEY[key].label} (trường “{key.capitalize()}”): {message}.",
                fix,
                f"model field {key}",
            )

    def _check_address(self, model):
        """A profile whose file name gives the comparison's address would replace that page."""
        if model.save_as == self.settings["MODELS_COMPARE_SAVE_AS"]:
            self._report(
                model.source_path,
                None,
                f"Tên tệp “{os.path.basename(model.source_path)}” cho hồ sơ trùng địa chỉ với trang so sánh mô hình "
                f"(/{self.settings['MODELS_COMPARE_URL']}).",
                "Đổi tên tệp, ví dụ thêm tên xã: so-sanh-vinh-loc.md.",
                "profile saved as MODELS_COMPARE_SAVE_AS",
            )

    def _report(self, path, line, message, fix, detail):
        source = os.path.join(self.path, path) if not os.path.isabs(path) else path
        report(self.context, ContentProblem(relative_source(source, self.path), line, message, fix, detail))

    def _check_article_excludes(self):
        """Profiles read as articles too would be published twice: say how to fix it."""
        excluded = set(self.settings["ARTICLE_EXCLUDES"])
        for folder in self.settings["MODEL_PATHS"]:
            if folder not in excluded:
                report(
                    self.context,
                    ContentProblem(
                        "pelicanconf.py",
                        None,
                        f"Thư mục mô hình “{folder}” cũng đang được đọc như tin bài.",
                        f"Thêm “{folder}” vào ARTICLE_EXCLUDES.",
                        "MODEL_PATHS must be listed in ARTICLE_EXCLUDES",
                    ),
                )

    def generate_output(self, writer):
        for model in self.models + self.hidden_models:
            writer.write_file(
                model.save_as,
                self.get_template(model.template),
                self.context,
                model=model,
                relative_urls=self.settings["RELATIVE_URLS"],
                url=model.url,
            )
        writer.write_file(
            self.settings["MODELS_SAVE_AS"],
            self.get_template("models"),
            self.context,
            paginated={"articles": self.models},
            template_name="models",
            url=self.settings["MODELS_URL"],
            relative_urls=self.settings["RELATIVE_URLS"],
            page_name=self.settings["MODELS_URL"].strip("/"),
        )
        writer.write_file(
            self.settings["MODELS_COMPARE_SAVE_AS"],
            self.get_template("compare"),
            self.context,
            url=self.settings["MODELS_COMPARE_URL"],
            relative_urls=self.settings["RELATIVE_URLS"],
        )

    def refresh_metadata_intersite_links(self):
        for model in self.models + self.hidden_models:
            model.refresh_metadata_intersite_links()


def get_generators(pelican):
    return ModelGenerator


def register():
    core.register()  # the package's core: defaults, content types, plugin order
    # get_generators: profiles are a content type of their own, read and written by their
    # own generator, like Pelican's pages.
    signals.get_generators.connect(get_generators)
