"""Small, accessible SVG charts drawn at build time: horizontal bars and lines over years.

No chart library: the ones on PyPI either draw for the screen with scripts (Bokeh, Plotly),
or write large SVG with embedded fonts, styles and ids of their own (Matplotlib, Pygal,
Leather) that do not follow forced colours and weigh several kilobytes per chart. A chart
here is a few hundred bytes: `role="img"` with a <title> and a <desc>, shapes that differ by
form and dash as well as colour, every value written next to its mark, and the same figures
in a table beside it (theme/templates/components/chart.html). Colours come from classes
that the stylesheet switches to system colours in forced-colours mode; fill and stroke are
also presentation attributes, so a chart reads without the stylesheet too.
"""

import dataclasses
import html

from markupsafe import Markup

WIDTH = 360  # user units; drawn at this size and shrunk to fit narrower screens
FONT = 14
INK = "#1b1b1b"  # --app-text
BAR = "#0a5c36"  # --app-brand: 7.9:1 against white
VALUE_SPACE = 140  # room right of the longest bar for its value ("2,05 triệu đồng")
LABEL_CHARS = 46  # a longer label is cut in the picture; the table has it whole
SERIES_STYLES = (("", "circle"), ("6 4", "square"), ("2 3", "triangle"))


def _e(text):
    return html.escape(str(text), quote=True)


def _cut(label):
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


@dataclasses.dataclass
class Bar:
    label: str
    value: float
    text: str  # the value as readers see it: "12 hộ", "504 triệu đồng"


def bars_text(bars):
    """The bars in words, for a chart's description: "Hộ nghèo: 12 hộ; Hộ cận nghèo: 6 hộ."."""
    return "; ".join(f"{bar.label}: {bar.text}" for bar in bars) + "."


@dataclasses.dataclass
class Point:
    x: int  # a year
    x_text: str  # "2024", or "2022?" when the year is uncertain
    value: float
    text: str


@dataclasses.dataclass
class Source:
    """Where a published figure comes from, shown under its chart."""

    what: str  # "Năm 2024"
    source: str
    date: object  # the day the figure refers to
    date_note: str = ""
    note: str = ""


@dataclasses.dataclass
class Series:
    name: str
    points: list


def _svg(chart_id, title, description, height, body):
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart__svg" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" font-size="{FONT}" fill="{INK}">'
        f'<title id="{chart_id}-t">{_e(title)}</title><desc id="{chart_id}-d">{_e(description)}</desc>'
        f"{body}</svg>"
    )


@dataclasses.dataclass
class BarChart:
    """One horizontal bar per row; the label above its bar, the value after it."""

    id: str  # unique on the page: the SVG's title and desc ids derive from it
    title: str
    description: str
    label_heading: str  # the table's first column: "Nhóm hộ"
    value_heading: str  # its second: "Số hộ"
    bars: list
    note: str = ""
    sources: list = dataclasses.field(default_factory=list)  # [Source] of published figures

    @property
    def table(self):
        return [self.label_heading, self.value_heading], [[bar.label, bar.text] for bar in self.bars]

    def svg(self):
        row, top = 42, 2
        largest = max((bar.value for bar in self.bars), default=0) or 1
        scale = (WIDTH - VALUE_SPACE) / largest
        parts = []
        for index, bar in enumerate(self.bars):
            y = top + index * row
            length = round(bar.value * scale, 1) if bar.value > 0 else 0
            length = max(length, 2) if bar.value > 0 else 0
            parts.append(f'<text x="0" y="{y + 14}">{_e(_cut(bar.label))}</text>')
            if length:
                parts.append(
                    f'<rect class="app-chart__bar" x="0" y="{y + 20}" width="{length}" height="16" fill="{BAR}"/>'
                )
            parts.append(
                f'<text class="app-chart__value" x="{length + 6}" y="{y + 33}" font-weight="bold">{_e(bar.text)}</text>'
            )
        return _svg(self.id, self.title, self.description, top + len(self.bars) * row, "".join(parts))


@dataclasses.dataclass
class LineChart:
    """One line per series over years, each point marked and labelled with its value."""

    id: str
    title: str
    description: str
    x_heading: str  # "Năm"
    series: list
    format_axis: object = str  # value -> axis label ("2%")
    note: str = ""
    sources: list = dataclasses.field(default_factory=list)

    @property
    def years(self):
        labels = {}
        for series in self.series:
            for point in series.points:
                labels.setdefault(point.x, point.x_text)
        return sorted(labels.items())

    @property
    def table(self):
        head = [self.x_heading] + [series.name for series in self.series]
        rows = []
        for year, text in self.years:
            cells = [text]
            for series in self.series:
                found = [p.text for p in series.points if p.x == year]
                cells.append(found[0] if found else "–")
            rows.append(cells)
        return head, rows

    def svg(self):
        height, left, right, top, bottom = 236, 40, 24, 22 * len(self.series) + 8, 44
        years = [year for year, _ in self.years]
        largest = max((p.value for s in self.series for p in s.points), default=0) or 1
        ceiling = _nice_ceiling(largest * 1.15)
        plot_w, plot_h = WIDTH - left - right, height - top - bottom

        def x_of(year):
            if len(years) == 1:
                return left + plot_w / 2
            return round(left + (year - years[0]) / (years[-1] - years[0]) * plot_w, 1)

        def y_of(value):
            return round(top + plot_h - value / ceiling * plot_h, 1)

        lowest = {}
        for series in self.series:
            for point in series.points:
                lowest[point.x] = min(point.value, lowest.get(point.x, point.value))
        parts = []
        for step in range(3):  # grid lines at 0, half and the top, labelled
            value = ceiling * step / 2
            y = y_of(value)
            parts.append(
                f'<line class="app-chart__grid" x1="{left}" x2="{WIDTH - right}" y1="{y}" y2="{y}" stroke="#c8c8c8"/>'
            )
            parts.append(f'<text x="{left - 6}" y="{y + 4}" text-anchor="end">{_e(self.format_axis(value))}</text>')
        for year, text in self.years:
            parts.append(f'<text x="{x_of(year)}" y="{height - 6}" text-anchor="middle">{_e(text)}</text>')
        for index, series in enumerate(self.series):
            dash, marker = SERIES_STYLES[index % len(SERIES_STYLES)]
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            # The legend: a sample of the line and its marker, then the name.
            y = 14 + index * 22
            parts.append(
                f'<line class="app-chart__line" x1="0" x2="28" y1="{y - 4}" y2="{y - 4}" stroke="{INK}" stroke-width="2"{dash_attr}/>'
            )
            parts.append(_marker(marker, 14, y - 4))
            parts.append(f'<text x="36" y="{y}">{_e(series.name)}</text>')
            points = sorted(series.points, key=lambda p: p.x)
            path = " ".join(f"{x_of(p.x)},{y_of(p.value)}" for p in points)
            if len(points) > 1:
                parts.append(
                    f'<polyline class="app-chart__line" points="{path}" fill="none" stroke="{INK}" stroke-width="2"{dash_attr}/>'
                )
            for point in points:
                px, py = x_of(point.x), y_of(point.value)
                parts.append(_marker(marker, px, py))
                # The lowest value of a year is labelled below its mark, the others above,
                # so that labels of close values do not sit on each other's line.
                below = point.value == lowest[point.x] and len(self.series) > 1
                parts.append(
                    f'<text class="app-chart__value" x="{px}" y="{py + 20 if below else py - 9}" '
                    f'text-anchor="middle" font-weight="bold">{_e(point.text)}</text>'
                )
        return _svg(self.id, self.title, self.description, height, "".join(parts))


def _marker(shape, x, y):
    if shape == "square":
        return f'<rect class="app-chart__mark" x="{x - 4.5}" y="{y - 4.5}" width="9" height="9" fill="{INK}"/>'
    if shape == "triangle":
        return f'<path class="app-chart__mark" d="M{x} {y - 6}l5.5 10h-11z" fill="{INK}"/>'
    return f'<circle class="app-chart__mark" cx="{x}" cy="{y}" r="5" fill="{INK}"/>'


def _nice_ceiling(value):
    """The next 'round' number at or above value: 1, 2, 2.5, 5 or 10 times a power of ten."""
    magnitude = 1.0
    while magnitude * 10 <= value:
        magnitude *= 10
    while magnitude > value:
        magnitude /= 10
    for step in (1, 2, 2.5, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude
