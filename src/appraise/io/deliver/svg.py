"""A ``Chart`` drawn as inline SVG for the HTML report (and, through it, the PDF): no script, no font file, no URL.

Columns (``kind="column"``) stand on the category axis; bars (``kind="bar"``) lie along it. The value axis runs
from 0 to ``y_max`` (or the largest value, rounded up), whole-number ticks when ``integer`` (levels 0-5, CH1),
named by ``labels`` where the chart gives words ("CL0" ...). Each bar is a ``<rect>`` carrying ``data-series``,
``data-category`` and ``data-value`` (what a test or a script reads back) and a ``<title>`` shown on hover; a
missing value (None) draws no bar. One colour per series, named in a legend under the plot.
"""

from __future__ import annotations

import math
from html import escape

from appraise.schemes.document import Chart

#: Series colours: dark enough on white paper, told apart by most colour-blind readers (Okabe-Ito, then Tableau).
SERIES_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#7F7F7F", "#B8860B",
                  "#4E79A7", "#59A14F", "#AF7AA1", "#9C755F")

_CHAR = 6.6  # the width of an average character at the tick font size, in px
_FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif"'


def _a(text: object) -> str:
    return escape(str(text), quote=True)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}".rstrip("0").rstrip(".")


def axis_max(chart: Chart) -> float:
    """The value axis's top: ``y_max``, else the largest value rounded up (at least 1)."""
    if chart.y_max is not None and chart.y_max > 0:
        return float(chart.y_max)
    values = [v for s in chart.series for v in s.values if v is not None]
    top = max(values, default=0.0)
    if top <= 0:
        return 1.0
    if chart.integer:
        return float(math.ceil(top))
    step = 10 ** math.floor(math.log10(top))
    return float(math.ceil(top / step) * step)


def ticks(chart: Chart, top: float) -> list[float]:
    """The value axis's ticks: every whole number up to ``top`` when ``integer`` (at most ~10 shown), else 5."""
    if chart.integer:
        stride = max(1, math.ceil(top / 10))
        return [float(t) for t in range(0, int(math.floor(top)) + 1, stride)]
    return [top * i / 5 for i in range(6)]


def tick_label(chart: Chart, value: float) -> str:
    if float(value).is_integer() and int(value) in chart.labels:
        return str(chart.labels[int(value)])
    return _number(value)


def series_colour(index: int, name: str, palette: dict[str, str] | None = None) -> str:
    """A series takes the document's colour for its name where there is one, else the next of the cycle."""
    if palette and name in palette:
        return palette[name]
    return SERIES_COLOURS[index % len(SERIES_COLOURS)]


def render_chart(chart: Chart, palette: dict[str, str] | None = None) -> str:
    """``chart`` as an ``<svg>`` element (with its legend), sized by its number of bars."""
    horizontal = chart.kind == "bar"
    n_cat, n_ser = max(1, len(chart.categories)), max(1, len(chart.series))
    top = axis_max(chart)
    marks = ticks(chart, top)
    tick_w = max((len(tick_label(chart, t)) for t in marks), default=1) * _CHAR + 10
    cat_len = max((len(c) for c in chart.categories), default=1)
    band = max(22.0, 12.0 * n_ser + 10)  # room per category along the category axis
    rotate = False
    if horizontal:
        left = min(260.0, cat_len * _CHAR + 16)
        plot_w, plot_h = 640.0, band * n_cat
        top_pad, bottom = 12.0, 36.0 + (16 if chart.axis_title else 0)
    else:
        left = tick_w + (22 if chart.axis_title else 4)
        plot_w, plot_h = max(480.0, band * n_cat), 240.0
        rotate = cat_len * _CHAR > band - 4
        top_pad = 16.0
        bottom = (min(cat_len, 40) * _CHAR * 0.72 + 18) if rotate else 26.0
    legend_rows = math.ceil(n_ser / 4) if len(chart.series) > 1 or chart.series and chart.series[0].name else 0
    width = left + plot_w + 20
    height = top_pad + plot_h + bottom + legend_rows * 20
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width:.0f} {height:.0f}"'
           f' width="{width:.0f}" height="{height:.0f}" aria-label="{_a(chart.title)}" {_FONT} font-size="11">']
    out.append(f'<rect class="plot" x="{left:.1f}" y="{top_pad:.1f}" width="{plot_w:.1f}" height="{plot_h:.1f}"'
               ' fill="#ffffff" stroke="none"/>')

    def scale(v: float) -> float:
        return (min(max(v, 0.0), top) / top) * (plot_w if horizontal else plot_h)

    # grid lines and value ticks
    for t in marks:
        label = _a(tick_label(chart, t))
        if horizontal:
            x = left + scale(t)
            out.append(f'<line class="grid" x1="{x:.1f}" y1="{top_pad:.1f}" x2="{x:.1f}" y2="{top_pad + plot_h:.1f}"'
                       ' stroke="#d0d4da" stroke-width="1"/>')
            out.append(f'<text class="tick" x="{x:.1f}" y="{top_pad + plot_h + 15:.1f}" text-anchor="middle"'
                       f' fill="#333">{label}</text>')
        else:
            y = top_pad + plot_h - scale(t)
            out.append(f'<line class="grid" x1="{left:.1f}" y1="{y:.1f}" x2="{left + plot_w:.1f}" y2="{y:.1f}"'
                       ' stroke="#d0d4da" stroke-width="1"/>')
            out.append(f'<text class="tick" x="{left - 6:.1f}" y="{y + 4:.1f}" text-anchor="end"'
                       f' fill="#333">{label}</text>')
    # the axes
    out.append(f'<line class="axis" x1="{left:.1f}" y1="{top_pad:.1f}" x2="{left:.1f}" y2="{top_pad + plot_h:.1f}"'
               ' stroke="#333" stroke-width="1.2"/>')
    out.append(f'<line class="axis" x1="{left:.1f}" y1="{top_pad + plot_h:.1f}" x2="{left + plot_w:.1f}"'
               f' y2="{top_pad + plot_h:.1f}" stroke="#333" stroke-width="1.2"/>')
    if chart.axis_title:
        if horizontal:
            out.append(f'<text class="axis-title" x="{left + plot_w / 2:.1f}" y="{top_pad + plot_h + 32:.1f}"'
                       f' text-anchor="middle" fill="#333">{_a(chart.axis_title)}</text>')
        else:
            cy = top_pad + plot_h / 2
            out.append(f'<text class="axis-title" x="12" y="{cy:.1f}" text-anchor="middle" fill="#333"'
                       f' transform="rotate(-90 12 {cy:.1f})">{_a(chart.axis_title)}</text>')
    # the bars, category by category
    along = plot_h if horizontal else plot_w
    step = along / n_cat
    thick = min(28.0, (step - 6) / n_ser)
    label_values = n_cat * n_ser <= 60
    for ci, category in enumerate(chart.categories):
        start = (top_pad if horizontal else left) + ci * step + (step - thick * n_ser) / 2
        for si, series in enumerate(chart.series):
            value = series.values[ci] if ci < len(series.values) else None
            if value is None:
                continue
            colour = series_colour(si, series.name, palette)
            length, pos = scale(value), start + si * thick
            if horizontal:
                x, y, w, h = left, pos, length, thick
            else:
                x, y, w, h = pos, top_pad + plot_h - length, thick, length
            hover = f"{series.name} — {category}: {tick_label(chart, value)}" if series.name else \
                f"{category}: {tick_label(chart, value)}"
            out.append(f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{colour}"'
                       f' data-series="{_a(series.name)}" data-category="{_a(category)}"'
                       f' data-value="{_a(_number(value))}"><title>{_a(hover)}</title></rect>')
            if label_values:
                text = _a(_number(value))
                if horizontal:
                    out.append(f'<text class="value" x="{x + w + 4:.1f}" y="{y + h / 2 + 4:.1f}"'
                               f' fill="#222">{text}</text>')
                else:
                    out.append(f'<text class="value" x="{x + w / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle"'
                               f' fill="#222">{text}</text>')
        # the category's label
        mid = (top_pad if horizontal else left) + ci * step + step / 2
        name = _a(category)
        if horizontal:
            out.append(f'<text class="category" x="{left - 6:.1f}" y="{mid + 4:.1f}" text-anchor="end"'
                       f' fill="#222">{name}</text>')
        elif rotate:
            y = top_pad + plot_h + 12
            out.append(f'<text class="category" x="{mid:.1f}" y="{y:.1f}" text-anchor="end" fill="#222"'
                       f' transform="rotate(-45 {mid:.1f} {y:.1f})">{name}</text>')
        else:
            out.append(f'<text class="category" x="{mid:.1f}" y="{top_pad + plot_h + 16:.1f}" text-anchor="middle"'
                       f' fill="#222">{name}</text>')
    # the legend: one swatch per series
    if legend_rows:
        y0 = top_pad + plot_h + bottom + 4
        for si, series in enumerate(chart.series):
            x = left + (si % 4) * 170
            y = y0 + (si // 4) * 20
            out.append(f'<g class="legend-item"><rect x="{x:.1f}" y="{y:.1f}" width="12" height="12"'
                       f' fill="{series_colour(si, series.name, palette)}"/><text x="{x + 17:.1f}" y="{y + 10:.1f}"'
                       f' fill="#222">{_a(series.name)}</text></g>')
    out.append("</svg>")
    return "".join(out)


__all__ = ["SERIES_COLOURS", "axis_max", "render_chart", "series_colour", "tick_label", "ticks"]
