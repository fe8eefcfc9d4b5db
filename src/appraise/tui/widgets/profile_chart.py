"""The rating profile as horizontal bars: one row per category (an area, a process), one bar per series.

It draws the neutral ``Chart`` a scheme's view gives (``Appraisal.profile_chart``): a bar's length is its value
over the chart's ``y_max`` (the largest value when there is none), the value closes the row as the chart names
it (``labels``: "CL 2"; else the number), each series has its own colour (the theme's text colours, readable in a
light and a dark theme) and a legend line names them when there are several. No chart: the widget is hidden.
Which scheme made the chart is none of its business.

One ``Text`` built per paint for the width at hand (like the brick chart: a few dozen rows at most).
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text
from textual.widget import Widget

from appraise.services import Chart

#: The theme variables the series take in turn, and the colour each falls back to without a theme.
SERIES_COLOURS = (("text-primary", "blue"), ("text-success", "green"), ("text-warning", "yellow"),
                  ("text-error", "red"), ("text-secondary", "cyan"))
FULL = "█"
#: Eighths of a cell, for a bar's last cell (a value between two cells' worth).
EIGHTHS = ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")
TRACK = "·"
NO_VALUE = "—"
#: A category's name is cut to this (with "…") so that the bars keep their room at 80 columns.
NAME_MAX = 24
BAR_MIN = 10


def value_label(chart: Chart, value: float | None) -> str:
    """A value as the chart names it: its label ("CL 2"), a whole number ("2"), or one decimal ("2.5")."""
    if value is None:
        return NO_VALUE
    if value == int(value) and int(value) in chart.labels:
        return chart.labels[int(value)]
    if chart.integer or value == int(value):
        return str(round(value))
    return f"{value:.1f}"


def cut(name: str, width: int) -> str:
    return name if len(name) <= width else name[:max(width - 1, 0)] + "…"


def bar(value: float | None, top: float, width: int) -> tuple[str, str]:
    """The bar (whole cells, then an eighth-cell end) and the track after it, ``width`` cells together."""
    if value is None or top <= 0 or value <= 0:
        return "", TRACK * width
    eighths = round(min(value, top) / top * width * 8)
    filled = FULL * (eighths // 8) + EIGHTHS[eighths % 8]
    return filled, TRACK * (width - len(filled))


class ProfileChart(Widget):
    """The rating profile's bars; ``show(chart)`` draws a chart, ``show(None)`` hides the widget."""

    DEFAULT_CSS = """
    ProfileChart {
        height: auto;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.chart: Chart | None = None
        self._colours: tuple[str, tuple[str, ...]] | None = None
        self.display = False

    def show(self, chart: Chart | None) -> None:
        self.chart = chart
        self.display = chart is not None
        self.refresh(layout=True)

    def render(self) -> _Bars:
        return _Bars(self)

    def colours(self) -> tuple[str, ...]:
        """One colour per series place, from the app's theme (its text colours are made to read on its
        background, light or dark); read once per theme (the theme's variables take milliseconds to make)."""
        theme = self.app.theme
        if self._colours is None or self._colours[0] != theme:
            variables = self.app.get_css_variables()
            self._colours = (theme, tuple(variables.get(name, fallback) for name, fallback in SERIES_COLOURS))
        return self._colours[1]

    def bars(self, width: int) -> Text:
        """The chart as one text ``width`` cells wide at most (rows never wrap)."""
        chart = self.chart
        text = Text(no_wrap=True, overflow="crop")
        if chart is None:
            return text
        colours = self.colours()
        values = [v for s in chart.series for v in s.values if v is not None]
        top = chart.y_max or max(values, default=0) or 1
        several = len(chart.series) > 1
        name_width = min(NAME_MAX, max([1, *(len(c) for c in chart.categories)]))
        series_width = max(len(s.name) for s in chart.series) + 1 if several else 0
        label_width = max([len(NO_VALUE), *(len(value_label(chart, v)) for s in chart.series for v in s.values)])
        room = width - name_width - 1 - series_width - 1 - label_width
        if room < BAR_MIN:  # a narrow panel: the names give way first, down to a few letters
            name_width = max(4, name_width - (BAR_MIN - room))
            room = max(1, width - name_width - 1 - series_width - 1 - label_width)
        axis = f" ({chart.axis_title} 0–{value_label(chart, top)})" if chart.axis_title else ""
        text.append(chart.title, style="bold")
        text.append(axis, style="dim")
        for c, category in enumerate(chart.categories):
            for s, series in enumerate(chart.series):
                value = series.values[c] if c < len(series.values) else None
                text.append("\n")
                text.append(cut(category, name_width).ljust(name_width) if s == 0 else " " * name_width,
                            style="bold")
                text.append(" ")
                if several:
                    text.append(cut(series.name, series_width - 1).ljust(series_width), style="dim")
                filled, track = bar(value, top, room)
                colour = colours[s % len(colours)]
                text.append(filled, style=colour)
                text.append(track, style="dim")
                text.append(" " + value_label(chart, value).rjust(label_width),
                            style="dim" if value is None else f"bold {colour}")
        if several:
            text.append("\n")
            for s, series in enumerate(chart.series):
                text.append("■", style=colours[s % len(colours)])
                text.append(f" {series.name}  ")
        return text

    def render_lines_plain(self) -> list[str]:
        """The chart's rows as plain text at the widget's width (what a reader of the screen sees), title first."""
        return self.bars(self.content_size.width).plain.split("\n")


class _Bars:
    """The bars as Rich renders them: laid out for the width it is given (the widget's, or a measure)."""

    def __init__(self, widget: ProfileChart) -> None:
        self.widget = widget

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.widget.bars(options.max_width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, options.max_width)


__all__ = ["ProfileChart", "bar", "cut", "value_label"]
