"""Pelican plugin: areas, programs and model kinds, one mechanism for all three.

Each taxonomy is a `Taxonomy` below: a data file under content/data/, the metadata key staff
write, and the URL wrapper class whose name picks its URL settings (AREA_URL …). The
generator resolves what staff wrote on every article and model profile, rolls content up to
parents (a former district lists its communes' content) and writes one page per term and
one index page per taxonomy with the same helper.
"""

import dataclasses
import datetime
import logging
import os
import zoneinfo

from pelican.generators import Generator

from giamngheo import core
from giamngheo.core import (
    ContentProblem,
    all_content,
    content_type,
    content_types,
    metadata_line,
    newest_first,
    relative_source,
    report,
)
from giamngheo.vietnamese.text import sort_key

from .related import link_items
from .terms import Area, Kind, Program, Unit
from .vocabulary import UNIT_PREFIXES, AmbiguousMatch, NoMatch, load_vocabulary

logger = logging.getLogger(__name__)

# Every setting this plugin reads, with its default. pelicanconf.py may override any of them.
DEFAULTS = {
    "TAXONOMY_DATA_PATH": "data",  # folder of areas.yml, programs.yml, kinds.yml, under PATH
    "AREA_URL": "dia-ban/{slug}/",
    "AREA_SAVE_AS": "dia-ban/{slug}/index.html",
    "AREAS_URL": "dia-ban/",
    "AREAS_SAVE_AS": "dia-ban/index.html",
    "PROGRAM_URL": "chuong-trinh/{slug}/",
    "PROGRAM_SAVE_AS": "chuong-trinh/{slug}/index.html",
    "PROGRAMS_URL": "chuong-trinh/",
    "PROGRAMS_SAVE_AS": "chuong-trinh/index.html",
    "KIND_URL": "mo-hinh/loai/{slug}/",
    "KIND_SAVE_AS": "mo-hinh/loai/{slug}/index.html",
    "KINDS_URL": "mo-hinh/",  # the showcase is the index of kinds
    "KINDS_SAVE_AS": "",  # written by the showcase plugin
    "UNIT_URL": "don-vi/{slug}/",
    "UNIT_SAVE_AS": "don-vi/{slug}/index.html",
    "UNITS_URL": "don-vi/",
    "UNITS_SAVE_AS": "don-vi/index.html",
    "RELATED_COUNT": 3,  # related articles and profiles under an item (related.py)
    "SIMILAR_COUNT": 3,  # similar models under a profile: same kind or area
}
# Profiles must be read (showcase's generator) before they can be filed under terms.
AFTER = ("giamngheo.showcase",)


@dataclasses.dataclass(frozen=True)
class Taxonomy:
    """How one taxonomy is declared, read, matched and written."""

    key: str  # metadata key staff write: "area"
    attribute: str  # attribute set on content: "areas"
    term_class: type
    data_file: str
    label: str  # Vietnamese, for messages: "địa bàn"
    example: str  # an example value, for messages
    multiple: bool = True
    prefixes: dict = dataclasses.field(default_factory=dict)

    @property
    def template(self):
        return self.term_class.__name__.lower()  # area.html, program.html, kind.html

    @property
    def plural(self):
        return self.attribute  # areas.html, programs.html


# A table, one declaration per taxonomy, kept compact by hand.
# fmt: off
TAXONOMIES = (
    Taxonomy(
        key="area", attribute="areas", term_class=Area, data_file="areas.yml",
        label="địa bàn", example="Huyện Hồng Dân; Xã Ninh Quới", prefixes=UNIT_PREFIXES,
    ),
    Taxonomy(
        key="program", attribute="programs", term_class=Program, data_file="programs.yml",
        label="chương trình", example="Dự án 2; CTMTQG 2026-2035",
    ),
    Taxonomy(
        key="kind", attribute="kinds", term_class=Kind, data_file="kinds.yml", label="loại hình mô hình",
        example="Chăn nuôi", multiple=False,
    ),
    Taxonomy(
        key="unit", attribute="units", term_class=Unit, data_file="units.yml", label="đơn vị",
        example="UBND xã Ninh Quới", multiple=False,
    ),
)
# fmt: on


class TaxonomyGenerator(Generator):
    """Resolves areas, programs and kinds on all content, then writes their pages."""

    writes = core.Writes.LISTS  # each term's page lists its items

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.terms = {}  # taxonomy key -> {slug: Term}
        self.vocabularies = {}  # taxonomy key -> Vocabulary

    def generate_context(self):
        today = datetime.datetime.now(zoneinfo.ZoneInfo(self.settings["TIMEZONE"])).date()
        data_path = os.path.join(self.path, self.settings["TAXONOMY_DATA_PATH"])
        # Drafts too, so that their mistakes show now rather than on the day they are published.
        content = list(all_content(self.context))
        # Shared with plugins that match names too (statistics: the figures name areas).
        self.context["taxonomy_vocabularies"] = self.vocabularies
        for taxonomy in TAXONOMIES:
            self.terms[taxonomy.key] = self._load(taxonomy, data_path)
            for item in content:
                self._resolve(taxonomy, item)
            published = [item for item in content if item.status == "published"]
            self._roll_up(taxonomy, published)
            terms = list(self.terms[taxonomy.key].values())
            for term in terms:
                term.current = term.current_on(today)
            self.context[taxonomy.attribute] = sorted(terms, key=lambda t: sort_key(t.sort_name))
        self._place_units(data_path)

    def _place_units(self, data_path):
        """Each unit's area, as units.yml names it (a slug of areas.yml)."""
        areas = self.terms["area"]
        display = relative_source(os.path.join(data_path, "units.yml"), self.path)
        for unit in self.terms["unit"].values():
            if unit.entry.area and unit.entry.area not in areas:
                report(
                    self.context,
                    ContentProblem(
                        display,
                        unit.entry.line,
                        f"Đơn vị “{unit.name}” có area “{unit.entry.area}” không có trong areas.yml.",
                        "Ghi slug của một địa bàn có trong areas.yml, ví dụ “xa-ninh-quoi” (toan-tinh cho cơ quan tỉnh).",
                        "unknown area of a unit",
                    ),
                )
            unit.area = areas.get(unit.entry.area)

    def _load(self, taxonomy, data_path):
        path = os.path.join(data_path, taxonomy.data_file)
        display = relative_source(path, self.path)
        vocabulary, problems = load_vocabulary(path, display, taxonomy.prefixes)
        for problem in problems:
            report(self.context, problem)
        self.vocabularies[taxonomy.key] = vocabulary
        terms = {slug: taxonomy.term_class(entry, self.settings) for slug, entry in vocabulary.entries.items()}
        for term in terms.values():
            for parent in term.entry.parents:
                if parent in terms:
                    term.parents.append(terms[parent])
                    terms[parent].children.append(term)
        for term in terms.values():
            term.children.sort(key=lambda t: sort_key(t.sort_name))
        return terms

    def _resolve(self, taxonomy, item):
        """Turn what staff wrote (`Area: Hong Dan; xã Ninh Quới`) into terms on the item."""
        declared = content_type(item, self.settings)
        if declared is None or taxonomy.key not in declared.taxonomies:  # each type names its taxonomies
            return
        raw = item.metadata.get(taxonomy.key, "")
        if isinstance(raw, list):  # a value continued on several lines
            raw = "; ".join(raw)
        when = getattr(item, declared.when, None)  # the terms valid when it happens
        day = when.date() if when else None
        matches = self.vocabularies[taxonomy.key].match_list(str(raw or ""), day)
        terms = self.terms[taxonomy.key]
        found = []

        def problem(message, fix, detail):
            path = relative_source(item.source_path, self.path)
            line = metadata_line(item.source_path, taxonomy.key)
            report(self.context, ContentProblem(path, line, message, fix, detail))

        if not matches and taxonomy.key in declared.required_taxonomies:
            problem(
                f"Thiếu {taxonomy.label} (trường “{taxonomy.key.capitalize()}”).",
                f"Thêm dòng “{taxonomy.key.capitalize()}: {taxonomy.example}” vào phần đầu tệp.",
                f"missing {taxonomy.key}",
            )
        if len(matches) > 1 and not taxonomy.multiple:
            problem(
                f"Chỉ được ghi một {taxonomy.label}, tệp đang ghi {len(matches)}.",
                f"Giữ lại một giá trị, ví dụ “{taxonomy.key.capitalize()}: {taxonomy.example}”.",
                f"{taxonomy.key} takes one value",
            )
        for value, entry in matches:
            if isinstance(entry, NoMatch):
                names = ", ".join(f"“{e.name}”" for e in entry.suggestions)
                hint = f"Có phải ý bạn là: {names}? " if names else ""
                problem(
                    f"{taxonomy.label.capitalize()} “{value}” không có trong danh sách.",
                    f"{hint}Viết một tên có trong content/{self.settings['TAXONOMY_DATA_PATH']}/"
                    f"{taxonomy.data_file}, hoặc thêm mục mới vào tệp đó.",
                    f"unknown {taxonomy.key} {value!r}",
                )
            elif isinstance(entry, AmbiguousMatch):
                names = " hoặc ".join(f"“{e.name}”" for e in entry.candidates)
                problem(
                    f"Tên “{value}” ứng với nhiều {taxonomy.label}: {names}.",
                    f"Ghi rõ tên đầy đủ, ví dụ {names}.",
                    f"ambiguous {taxonomy.key} {value!r}",
                )
            elif terms[entry.slug] not in found:
                found.append(terms[entry.slug])
        setattr(item, taxonomy.attribute, found)
        if not taxonomy.multiple:
            setattr(item, taxonomy.key, found[0] if found else None)

    def _roll_up(self, taxonomy, published):
        """File each item under its terms and all their ancestors, newest first."""
        # Every term has a list per content type that carries taxonomies (a kind's articles
        # are an empty list); it counts and feeds the lists of the types that carry this one.
        filed = [t for t in content_types(self.settings).values() if t.taxonomies]
        listings = [t.context_key for t in filed if taxonomy.key in t.taxonomies]
        for term in self.terms[taxonomy.key].values():
            term.listings = listings
            for declared in filed:
                setattr(term, declared.context_key, [])
        for item in published:
            targets = {}
            for term in getattr(item, taxonomy.attribute, []):
                for target in (term, *term.ancestors):
                    targets[target.slug] = target
            listing = content_type(item, self.settings).context_key  # term.articles, term.models …
            for target in targets.values():
                getattr(target, listing).append(item)
        for term in self.terms[taxonomy.key].values():
            for listing in listings:
                setattr(term, listing, newest_first(getattr(term, listing)))

    def generate_output(self, writer):
        for taxonomy in TAXONOMIES:
            write_taxonomy(self, writer, taxonomy, self.context[taxonomy.attribute])


def write_taxonomy(generator, writer, taxonomy, terms):
    """Write one page per term (paginated over its articles) and the taxonomy's index."""
    settings = generator.settings
    for term in terms:
        writer.write_file(
            term.save_as,
            generator.get_template(taxonomy.template),
            generator.context,
            paginated={"articles": term.articles},  # the news, page by page; the other types in full
            template_name=taxonomy.template,
            url=term.url,
            relative_urls=settings["RELATIVE_URLS"],
            term=term,
            page_name=term.page_name,
            **{t.context_key: getattr(term, t.context_key) for t in content_types(settings).values() if t.taxonomies},
        )
    index_save_as = settings[f"{taxonomy.attribute.upper()}_SAVE_AS"]
    if index_save_as:
        writer.write_file(
            index_save_as,
            generator.get_template(taxonomy.plural),
            generator.context,
            relative_urls=settings["RELATIVE_URLS"],
            url=settings[f"{taxonomy.attribute.upper()}_URL"],
            terms=terms,
            page_name=settings[f"{taxonomy.attribute.upper()}_URL"].strip("/"),
        )


register = core.plugin(
    # get_generators: the taxonomy needs every article and model profile read before it
    # can resolve them, so it runs as a generator after Pelican's and the showcase's.
    ("get_generators", TaxonomyGenerator),
    # all_generators_finalized: every item is read and filed under its terms, nothing is
    # written yet; item pages then link to related items and their stream's neighbours.
    ("all_generators_finalized", link_items),
)
