"""Pelican plugin: programs and results in numbers.

- Figures staff publish (content/data/poverty_rates.yml, households_left_poverty.yml,
  program_spending.yml; figures.py), each with its date and source.
- Totals computed from the published model profiles (totals.py) for every area (a former
  district with its communes), program (with its projects) and kind.
- Charts drawn at build time as inline SVG (charts.py), each with a table of its figures:
  on `/thong-ke/`, in a "Số liệu" section of every area, program and kind page
  (`term.charts`), and small charts on every model profile (`model.charts`).
"""

import os

from pelican.generators import Generator

from giamngheo import core
from giamngheo.core import published, report
from giamngheo.showcase import MODEL
from giamngheo.vietnamese.formatting import vi_money, vi_number, vi_percent

from .charts import Bar, BarChart, LineChart, Point, Series, Source, bars_text
from .figures import TABLES, read_tables
from .totals import Totals, breakdown_chart, households, model_charts

# Every setting this plugin reads, with its default. pelicanconf.py may override any of them.
DEFAULTS = {
    "STATISTICS_URL": "thong-ke/",
    "STATISTICS_SAVE_AS": "thong-ke/index.html",
    "STATISTICS_DATA_PATH": None,  # folder of the figures under PATH; None: TAXONOMY_DATA_PATH
}
# The figures name areas and programs, and the totals need every profile filed under its terms.
AFTER = ("giamngheo.showcase", "giamngheo.taxonomy")
TABLES_BY_NAME = {table.name: table for table in TABLES}


def _sources(figures):
    return [Source(f"Năm {f.year_text}", f.source, f.date, f.date_note, f.note) for f in figures]


def figure_charts(prefix, subject, figures):
    """Charts of the published figures about one area or program."""
    charts = []
    rates = [f for f in figures["poverty_rates"] if f.subject is subject]
    if rates:
        series = []
        for value in TABLES_BY_NAME["poverty_rates"].values:
            points = [
                Point(f.date.year, f.year_text, f.values[value.key], f.text(value.key))
                for f in rates
                if value.key in f.values
            ]
            if points:
                series.append(Series(value.label.replace("Tỷ lệ h", "H"), points))
        last = rates[-1]
        summary = "; ".join(
            f"năm {f.year_text}: "
            + ", ".join(f"{v.label.lower()} {f.text(v.key)}" for v in f.table.values if v.key in f.values)
            for f in rates
        )
        charts.append(
            LineChart(
                f"{prefix}-ty-le",
                f"Tỷ lệ hộ nghèo, hộ cận nghèo – {subject.name}",
                f"Tỷ lệ theo năm, {summary}. Mới nhất: năm {last.year_text}.",
                "Năm",
                series,
                format_axis=lambda v: vi_percent(v, 1),
                sources=_sources(rates),
            )
        )
    left = [f for f in figures["households_left_poverty"] if f.subject is subject]
    if left:
        bars = [Bar(f"Năm {f.year_text}", f.values["households"], f.text("households")) for f in left]
        charts.append(
            BarChart(
                f"{prefix}-thoat-ngheo",
                f"Số hộ thoát nghèo – {subject.name}",
                bars_text(bars),
                "Năm",
                "Số hộ",
                bars,
                sources=_sources(left),
            )
        )
    spent = [f for f in figures["program_spending"] if f.subject is subject]
    if spent:
        bars = [
            Bar(f"Năm {f.year_text}" + (f" – {f.area.name}" if f.area else ""), f.values["amount"], f.text("amount"))
            for f in spent
        ]
        charts.append(
            BarChart(
                f"{prefix}-kinh-phi",
                f"Kinh phí thực hiện – {subject.short_name}",
                bars_text(bars),
                "Năm, địa bàn",
                "Kinh phí",
                bars,
                sources=_sources(spent),
            )
        )
    return charts


class StatisticsGenerator(Generator):
    """Reads the figures, computes totals, prepares every chart, writes /thong-ke/."""

    writes = core.Writes.LISTS  # /thong-ke/ is written again only if it lists an edited item

    def generate_context(self):
        folder = self.settings["STATISTICS_DATA_PATH"] or self.settings["TAXONOMY_DATA_PATH"]
        vocabularies = self.context.get("taxonomy_vocabularies", {})
        terms = {key: {term.slug: term for term in self.context.get(f"{key}s", [])} for key in ("area", "program")}
        figures, problems = read_tables(os.path.join(self.path, folder), self.path, vocabularies, terms)
        for problem in problems:
            report(self.context, problem)
        self.context["statistics_figures"] = figures  # the open data plugin publishes them
        for kind in ("areas", "programs", "kinds"):
            for term in self.context.get(kind, []):
                term.totals = Totals.of(term.models)
                prefix = f"bd-{term.slug}"
                term.charts = figure_charts(prefix, term, figures) + term.totals.charts(prefix, term.short_name)
        drafts = MODEL.context_keys[1]
        for model in published(self.context, MODEL.name) + self.context.get(drafts, []):
            model.charts = model_charts(model)
        self.context["statistics"] = self._overview(figures)

    def _overview(self, figures):
        """What /thong-ke/ shows: published figures, then totals from the profiles."""
        totals = Totals.of(published(self.context, MODEL.name))
        subjects = []
        for table in TABLES:
            for figure in figures[table.name]:
                if figure.subject not in subjects:
                    subjects.append(figure.subject)
        shown = [chart for subject in subjects for chart in figure_charts(f"bd-{subject.slug}", subject, figures)]
        districts = [a for a in self.context.get("areas", []) if a.valid_until and a.totals.models]
        programs = [p for p in self.context.get("programs", []) if not p.parent and p.totals.models]
        kinds = [k for k in self.context.get("kinds", []) if k.totals.models]
        breakdowns = []
        count = lambda v: vi_number(v, 0)  # noqa: E731
        if districts:
            headings = ("Địa bàn (cũ)", "Số mô hình")
            breakdowns.append(
                breakdown_chart(
                    "bd-huyen-mo-hinh",
                    "Số mô hình theo huyện, thị xã, thành phố cũ",
                    headings,
                    districts,
                    lambda t: t.models,
                    count,
                )
            )
            breakdowns.append(
                breakdown_chart(
                    "bd-huyen-thoat-ngheo",
                    "Số hộ đã thoát nghèo theo huyện, thị xã, thành phố cũ",
                    ("Địa bàn (cũ)", "Số hộ"),
                    districts,
                    lambda t: t.get("households_left_poverty"),
                    households,
                )
            )
        if programs:
            breakdowns.append(
                breakdown_chart(
                    "bd-chuong-trinh",
                    "Kinh phí mô hình theo chương trình",
                    ("Chương trình", "Kinh phí"),
                    programs,
                    lambda t: t.funding_total,
                    vi_money,
                )
            )
        if kinds:
            breakdowns.append(
                breakdown_chart(
                    "bd-loai-hinh",
                    "Số mô hình theo loại hình",
                    ("Loại hình", "Số mô hình"),
                    kinds,
                    lambda t: t.models,
                    count,
                )
            )
        return {
            "totals": totals,
            "published_charts": shown,
            "total_charts": totals.charts("bd-tong", "tất cả mô hình"),
            "breakdown_charts": breakdowns,
        }

    def generate_output(self, writer):
        core.write_page(self, writer, "STATISTICS", "statistics")


register = core.plugin(
    # get_generators: the figures name areas and programs and the totals need every model
    # filed under its terms, so this generator runs after the taxonomy's (AFTER).
    ("get_generators", StatisticsGenerator),
)
