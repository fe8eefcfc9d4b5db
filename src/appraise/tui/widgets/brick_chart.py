"""The brick chart: practice areas down (grouped by domain), levels 1..5 across, one brick per practice group.

A brick's colour is its group's rating (satisfied, unsatisfied, pending, not rated); the levels above the area's
target are dim (the groups the tree leaves out above its last one, up to the area's ``top_level``, are dim
not-rated bricks), a level the area has no group at shows no brick, and the area's own rating closes the row.
The chart reads the neutral rating tree only (``area`` nodes with ``extra["domain"]``, ``extra["target"]`` and
``extra["top_level"]``, ``goal`` nodes with ``extra["level"]``): which scheme rated it is none of its business.

One ``Text`` built per paint for the width at hand (a Line-API view would be overkill for some 40 rows).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text
from textual.widget import Widget

from appraise.services import RatingNode, RatingTree

LEVELS = (1, 2, 3, 4, 5)
BRICK = "███"
NO_BRICK = " · "
#: A group's rating -> the brick's colour; the legend lists them in this order.
BRICK_STYLE = {"satisfied": "green", "unsatisfied": "red", "pending": "yellow", "not_rated": "bright_black"}
BRICK_LABEL = {"satisfied": "satisfied", "unsatisfied": "unsatisfied", "pending": "pending",
               "not_rated": "not rated"}
#: The area's rating at the end of the row, where it is not a level.
AREA_LABEL = {"not_rated": ("not rated", "dim"), "out_of_scope": ("out of scope", "dim")}
ID_MIN = 4
TITLE_MIN = 8  # a title cut shorter than this says nothing: leave it out
RATING_WIDTH = 13  # "out of scope" and a space


def group_state(group: RatingNode) -> str:
    """What a practice group's brick shows: its rating, else how far the method got (pending, not rated)."""
    if group.value in BRICK_STYLE:
        return group.value
    return "pending" if group.status == "pending" else "not_rated"


def area_rating(area: RatingNode) -> Text:
    """The area's rating: a level ("0".."5"; green at or above the target), not rated, out of scope, or pending."""
    value = area.value
    if value is None:
        return Text("pending", style="bold yellow")
    if value in AREA_LABEL:
        return Text(*AREA_LABEL[value])
    target = area.extra.get("target")
    reached = isinstance(target, int) and value.isdigit() and int(value) >= target
    return Text(value, style="bold green" if reached else "bold red")


def by_domain(areas: Sequence[RatingNode], domains: Sequence[str] = ()) -> list[tuple[str, list[RatingNode]]]:
    """The areas grouped by their domain: the order of ``domains`` first, then as they come."""
    groups: dict[str, list[RatingNode]] = {d: [] for d in domains}
    for area in areas:
        groups.setdefault(str(area.extra.get("domain") or ""), []).append(area)
    return [(domain, members) for domain, members in groups.items() if members]


class BrickChart(Widget):
    """Practice areas x levels, a brick per practice group; ``show(rating)`` draws it."""

    DEFAULT_CSS = """
    BrickChart {
        height: auto;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._areas: tuple[RatingNode, ...] = ()
        self._domains: Sequence[str] = ()
        self._titles = ("Practice area", "Rating")

    def show(self, rating: RatingTree, domains: Sequence[str] = (),
             titles: tuple[str, str] = ("Practice area", "Rating")) -> None:
        """Draw the areas of ``rating``; ``domains`` orders the domain blocks; ``titles``: the first and the last
        column's headings (the scheme's words)."""
        self._areas, self._domains, self._titles = rating.areas, domains, titles
        self.refresh(layout=True)

    def render(self) -> _Chart:
        return _Chart(self)

    def chart(self, width: int) -> Text:
        """The chart as one text ``width`` cells wide at most (rows never wrap)."""
        areas = self._areas
        id_width = max([ID_MIN, *(len(a.id) for a in areas)])
        bricks_width = len(LEVELS) * (len(BRICK) + 1)
        title_room = width - id_width - 1 - bricks_width - RATING_WIDTH
        title_width = min(title_room, max([0, *(len(a.title) for a in areas if a.title != a.id)]))
        title_width = title_width if title_width >= TITLE_MIN else 0
        label_width = id_width + (title_width + 1 if title_width else 0)
        if label_width < len(self._titles[0]) <= width - 1 - bricks_width - RATING_WIDTH:
            label_width = len(self._titles[0])  # ids without titles (a model built from the tool): room for the heading
        text = Text(no_wrap=True, overflow="crop")
        text.append(self._titles[0][:label_width].ljust(label_width) + " ", style="bold")
        for level in LEVELS:
            text.append(f"L{level}".center(len(BRICK)) + " ", style="bold")
        text.append(self._titles[1], style="bold")
        for domain, members in by_domain(areas, self._domains):
            if domain:
                text.append("\n")
                text.append(domain, style="bold underline")
            for area in members:
                text.append("\n")
                self._row(text, area, id_width, title_width, label_width)
        text.append("\n")
        self._legend(text)
        return text

    @staticmethod
    def _row(text: Text, area: RatingNode, id_width: int, title_width: int, label_width: int) -> None:
        out = area.value == "out_of_scope"
        text.append(area.id.ljust(id_width), style="dim" if out else "bold")
        if title_width:
            title = "" if area.title == area.id else area.title
            title = title if len(title) <= title_width else title[:title_width - 1] + "…"
            text.append(" " + title.ljust(title_width), style="dim")
        text.append(" " * (label_width - id_width - (title_width + 1 if title_width else 0)) + " ")
        target = area.extra.get("target")
        at_level: dict[int, RatingNode] = {}
        for group in area.groups:
            level = group.extra.get("level")
            if isinstance(level, int):
                at_level.setdefault(level, group)
        top = area.extra.get("top_level")
        cut = max(at_level, default=0)  # the tree's groups stop here (at the target, say)
        for level in LEVELS:
            group = at_level.get(level)
            above = out or not isinstance(target, int) or level > target
            if group is not None:
                style = BRICK_STYLE[group_state(group)]
                text.append(BRICK, style=f"dim {style}" if above else style)
            elif above and level > cut and isinstance(top, int) and level <= top:  # a group the tree leaves out
                text.append(BRICK, style=f"dim {BRICK_STYLE['not_rated']}")
            else:
                text.append(NO_BRICK, style="dim")
            text.append(" ")
        text.append_text(area_rating(area))

    @staticmethod
    def _legend(text: Text) -> None:
        for state, style in BRICK_STYLE.items():
            text.append("■", style=style)
            text.append(f" {BRICK_LABEL[state]}  ")
        text.append("dim: above target", style="dim")


class _Chart:
    """The chart as Rich renders it: laid out for the width it is given (the widget's, or a measure)."""

    def __init__(self, widget: BrickChart) -> None:
        self.widget = widget

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.widget.chart(options.max_width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, options.max_width)


__all__ = ["BrickChart", "area_rating", "by_domain", "group_state"]
