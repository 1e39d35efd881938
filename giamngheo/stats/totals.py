"""Totals computed from the model profiles themselves, and the charts that show them."""

import dataclasses

from giamngheo.showcase.fields import FIELDS_BY_KEY, FUNDING_KEYS
from giamngheo.vietnamese.formatting import vi_money, vi_number

from .charts import Bar, BarChart, bars_text

# Households by group, in the order of the facts panel; "other" is what the groups leave.
HOUSEHOLD_KEYS = ("households_poor", "households_near_poor", "households_escaped")
SUMMED_KEYS = (
    "households_total",
    *HOUSEHOLD_KEYS,
    "households_ethnic_minority",
    "households_left_poverty",
    "jobs",
    *FUNDING_KEYS,
)
SHORT_LABELS = {
    "households_poor": "Hộ nghèo",
    "households_near_poor": "Hộ cận nghèo",
    "households_escaped": "Hộ mới thoát nghèo",
    "households_ethnic_minority": "Hộ dân tộc thiểu số",
}


def households(count):
    return f"{vi_number(count, 0)} hộ"


@dataclasses.dataclass
class Totals:
    """Sums over published model profiles; a field a profile leaves out adds nothing."""

    models: int
    sums: dict  # field key -> sum over the profiles that give it
    reported: dict  # field key -> how many profiles give it

    @classmethod
    def of(cls, models):
        sums, reported = {}, {}
        for model in models:
            for key in SUMMED_KEYS:
                value = model.facts.values.get(key)
                if value is not None:
                    sums[key] = sums.get(key, 0) + value
                    reported[key] = reported.get(key, 0) + 1
        return cls(len(models), sums, reported)

    def get(self, key):
        return self.sums.get(key, 0)

    @property
    def funding_total(self):
        return sum(self.get(key) for key in FUNDING_KEYS)

    def household_bars(self):
        bars = [Bar(SHORT_LABELS[key], self.get(key), households(self.get(key))) for key in HOUSEHOLD_KEYS]
        other = self.get("households_total") - sum(self.get(key) for key in HOUSEHOLD_KEYS)
        if other > 0:
            bars.append(Bar("Hộ khác", other, households(other)))
        return bars

    def funding_bars(self):
        return [Bar(FIELDS_BY_KEY[key].label, self.get(key), vi_money(self.get(key))) for key in FUNDING_KEYS]

    def charts(self, prefix, where):
        """Households by group and funding by source, as bar charts, for `where` ("Huyện Hồng Dân")."""
        charts = []
        if self.get("households_total"):
            bars = self.household_bars()
            intro = f"{vi_number(self.models, 0)} mô hình, {households(self.get('households_total'))} tham gia. "
            charts.append(
                BarChart(
                    f"{prefix}-ho",
                    f"Hộ tham gia mô hình theo nhóm – {where}",
                    intro + bars_text(bars),
                    "Nhóm hộ",
                    "Số hộ",
                    bars,
                )
            )
        if self.funding_total:
            bars = self.funding_bars()
            intro = f"Tổng kinh phí {vi_money(self.funding_total)}. "
            charts.append(
                BarChart(
                    f"{prefix}-von",
                    f"Kinh phí mô hình theo nguồn – {where}",
                    intro + bars_text(bars),
                    "Nguồn vốn",
                    "Kinh phí",
                    bars,
                )
            )
        return charts


def breakdown_chart(chart_id, title, headings, terms, value_of, fmt):
    """One bar per term (former districts, programs, kinds) of one of its totals."""
    bars = [Bar(term.short_name, value_of(term.totals), fmt(value_of(term.totals))) for term in terms]
    return BarChart(chart_id, title, bars_text(bars), *headings, bars)


def model_charts(model):
    """The small charts of one profile: income before and after, households by group."""
    facts, charts = model.facts, []
    before, after = facts.income_before, facts.income_after
    if before is not None and after is not None:
        bars = [Bar("Khi bắt đầu", before, vi_money(before)), Bar("Hiện nay", after, vi_money(after))]
        ratio = f" Thu nhập tăng gấp {vi_number(after / before, 1)} lần." if before else ""
        charts.append(
            BarChart(
                "bd-thu-nhap",
                "Thu nhập bình quân (đồng/người/tháng)",
                bars_text(bars) + ratio,
                "Thời điểm",
                "Thu nhập",
                bars,
            )
        )
    if facts.households_total:
        bars = Totals.of([model]).household_bars()
        charts.append(
            BarChart(
                "bd-ho",
                "Hộ tham gia theo nhóm",
                f"{households(facts.households_total)} tham gia. " + bars_text(bars),
                "Nhóm hộ",
                "Số hộ",
                bars,
            )
        )
    return charts
