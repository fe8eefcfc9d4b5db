"""The brick chart (practice areas x levels, a brick per practice group) drawn from a hand-built rating tree.

The widget reads the neutral tree only; these trees are made up here (areas "ALP", "BRV" ...), not rated by a
scheme, so that each look (a rating per colour, the dim levels above the target, a missing group, the area's
rating at the end of the row) is pinned on its own.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll

from appraise.services import RatingNode, RatingTree
from appraise.tui.widgets.brick_chart import BRICK, BrickChart


def _area(area: str, domain: str, target: int | None, value: str | None,
          groups: dict[int, tuple[str | None, str]], title: str = "") -> RatingNode:
    """An area node with a goal node per level: {level: (value, status)}."""
    goals = tuple(RatingNode(f"{area} L{level}", "goal", value=value_, status=status,  # type: ignore[arg-type]
                             extra={"level": level}) for level, (value_, status) in sorted(groups.items()))
    return RatingNode(area, "area", title=title or area, value=value,
                      status="rated" if value is not None else "pending", children=goals,
                      extra={"target": target, "top_level": max(groups), "domain": domain})


SAT, UNSAT, PEND, NR = ("satisfied", "rated"), ("unsatisfied", "rated"), (None, "pending"), ("not_rated", "not_rated")


def _tree(*areas: RatingNode) -> RatingTree:
    return RatingTree("made-up", RatingNode("appraisal", "appraisal", children=(
        RatingNode("level", "level", value="ML 2"), *areas)))


SAMPLE = _tree(
    _area("ALP", "Core", 3, "2", {1: SAT, 2: SAT, 3: UNSAT, 4: NR}, title="Alpine planning"),
    _area("BRV", "Core", 2, None, {1: SAT, 2: PEND, 3: NR}),
    _area("STE", "Core", 2, "not_rated", {1: NR, 2: NR}, title="Steering"),
    _area("QUX", "Quarry", None, "out_of_scope", {1: NR, 3: NR}),  # no level-2 group
)


class ChartApp(App[None]):
    def compose(self) -> ComposeResult:
        with VerticalScroll(id="scroll"):
            yield BrickChart(id="chart")


def _line(text: Text, starts: str) -> Text:
    lines = text.split("\n")
    return next(line for line in lines if line.plain.startswith(starts))


def _bricks(chart: Text, area: str) -> list[str]:
    """The style of each level's brick in an area's row ("" where the level has no group), levels 1..5; the
    columns are found under the header's "L1" .. "L5"."""
    header, row = chart.split("\n")[0].plain, _line(chart, area)
    styles = []
    for level in range(1, 6):
        column = header.index(f"L{level}") - 1
        piece = row.plain[column:column + len(BRICK)]
        styles.append(" ".join(_styles_at(row, column)) if piece == BRICK else "")
    return styles


def _styles_at(line: Text, offset: int) -> list[str]:
    return [str(span.style) for span in line.spans if span.start <= offset < span.end]


def _chart(width: int) -> Text:
    chart = BrickChart()
    chart.show(SAMPLE, ("Core", "Quarry"), ("Practice area", "Rating"))
    return chart.chart(width)


def test_each_group_is_a_brick_coloured_by_its_rating_and_dim_above_the_target():
    text = _chart(80)
    # ALP: target 3: levels 1-3 bright (satisfied, satisfied, unsatisfied), level 4 dim not rated, no level 5
    assert _bricks(text, "ALP") == ["green", "green", "red", "dim bright_black", ""]
    # BRV: level 2 pending (yellow), level 3 above the target (dim)
    assert _bricks(text, "BRV") == ["green", "yellow", "dim bright_black", "", ""]
    # out of scope: every brick dim; no brick at the level the area has no group at
    assert _bricks(text, "QUX") == ["dim bright_black", "", "dim bright_black", "", ""]


def test_the_area_rating_closes_the_row_and_the_areas_are_grouped_by_domain():
    text = _chart(80)
    plain = text.plain.splitlines()
    assert plain[0].split()[0:2] == ["Practice", "area"] and plain[0].rstrip().endswith("Rating")
    assert plain.index("Core") < plain.index(next(p for p in plain if p.startswith("ALP"))) < plain.index("Quarry")
    assert _line(text, "ALP").plain.rstrip().endswith(" 2")
    assert "bold red" in _styles_at(_line(text, "ALP"), len(_line(text, "ALP").plain) - 1)  # below its target 3
    assert _line(text, "BRV").plain.rstrip().endswith("pending")
    assert _line(text, "STE").plain.rstrip().endswith("not rated")
    assert _line(text, "QUX").plain.rstrip().endswith("out of scope")
    assert "dim: above target" in plain[-1]


def test_the_rows_fit_the_width_titles_cut_first():
    narrow, wide = _chart(40), _chart(160)
    assert all(len(line) <= 40 for line in narrow.plain.splitlines()[:-1])  # the legend may be cut by the screen
    assert "Alpine" not in narrow.plain  # no room for titles: the id, the bricks and the rating stay
    assert _line(narrow, "ALP").plain.rstrip().endswith(" 2")
    assert "Alpine planning" in wide.plain and "Steering" in wide.plain


async def test_the_chart_scrolls_on_a_small_terminal():
    many = _tree(*(_area(f"A{n:02}", "Core" if n < 15 else "Quarry", 3, "3", {1: SAT, 2: SAT, 3: SAT})
                   for n in range(30)))
    app = ChartApp()
    async with app.run_test(size=(80, 24)) as pilot:
        chart = app.query_one(BrickChart)
        chart.show(many, ("Core", "Quarry"))
        await pilot.pause()
        scroll = app.query_one("#scroll", VerticalScroll)
        assert chart.size.height == 1 + 2 + 30 + 1  # header, two domains, 30 areas, the legend
        assert scroll.max_scroll_y > 0
        scroll.scroll_end(animate=False)
        await pilot.pause()
        assert scroll.scroll_y == scroll.max_scroll_y


def test_the_groups_a_tree_leaves_out_above_the_target_are_dim_bricks_up_to_the_top_level():
    # a scheme that rates only up to the target (V4.2) leaves the higher groups out of the tree
    area = _area("DOA", "Core", 2, None, {1: SAT, 2: PEND})
    cut = RatingNode(area.id, "area", title=area.title, value=None, status="pending", children=area.children,
                     extra={**area.extra, "top_level": 4})
    chart = BrickChart()
    chart.show(_tree(cut))
    assert _bricks(chart.chart(80), "DOA") == ["green", "yellow", "dim bright_black", "dim bright_black", ""]
