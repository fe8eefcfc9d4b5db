"""The overview's rating profile chart (issue 14, item 7): the scheme's view gives a neutral ``Chart``, the
overview draws it as horizontal bars under the rating block; no chart, no bars.

Read back from the screen: the widget's rows as the reader sees them, and its styles (a colour per series, from
the theme, light and dark alike).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App, ComposeResult

from appraise.services import Appraisal, Chart, Series, build_sample
from appraise.tui.app import AppraiseApp
from appraise.tui.widgets.profile_chart import ProfileChart

SIZE = (120, 40)


class Shown:
    """What the overview showed of its chart, read while the app ran."""

    def __init__(self, chart: ProfileChart) -> None:
        self.display = chart.display
        self.rows = chart.render_lines_plain() if chart.display else []
        self.width = chart.content_size.width
        parent = chart.parent
        self.siblings = [w.id for w in parent.children] if parent is not None else []


async def _overview_chart(path: Path, size: tuple[int, int] = SIZE) -> tuple[Shown, Chart | None]:
    appraisal = Appraisal.open(path)
    expected = appraisal.profile_chart()
    app = AppraiseApp(appraisal=appraisal)
    try:
        async with app.run_test(size=size) as pilot:
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            return Shown(app.screen.query_one("#profile-chart", ProfileChart)), expected
    finally:
        appraisal.close()


async def test_the_overview_draws_a_bar_per_area_at_its_level(tmp_path):
    path = tmp_path / "orion.appraisal"
    build_sample("orion-v3", path, who="Lead appraiser").close()
    chart, expected = await _overview_chart(path)
    rows = chart.rows
    assert chart.display and expected is not None
    assert rows[0].startswith("Rating profile")
    bars = {row.split()[0]: row for row in rows[1:]}
    assert list(bars) == list(expected.categories)  # one row per area, in the chart's order
    levels = dict(zip(expected.categories, expected.series[0].values, strict=True))
    room = None
    for area, level in levels.items():
        row = bars[area]
        if level is None:  # a pending area: no bar, a dash for its value
            assert "█" not in row and row.rstrip().endswith("—")
            continue
        assert row.rstrip().endswith(f" {int(level)}")
        filled = row.count("█")
        track = row.count("·")
        room = room or filled + track
        assert filled + track == room and filled == round(level / 5 * room)  # over y_max 5
    assert room is not None and room > 40  # the bars take the panel's width
    ids = chart.siblings  # under the rating block
    assert ids.index("profile-chart") == ids.index("level") + 1


async def test_an_audit_has_no_chart(tmp_path):
    path = tmp_path / "audit.appraisal"
    build_sample("acme-iso9001", path, who="Lead auditor").close()
    chart, expected = await _overview_chart(path)
    assert expected is None and not chart.display and chart.rows == []


async def test_capability_levels_of_processes_fit_80_columns(tmp_path):
    """An Automotive SPICE assessment: a bar per process at its capability level, in an 80-column terminal."""
    path = tmp_path / "spice.appraisal"
    with Appraisal.create(path, framework="aspice-3.1", target=2, unit="Body Electronics",
                          projects=["ECU-A", "ECU-B"], areas=["SWE.1", "MAN.3"], who="Lead assessor") as a:
        for practice in [p for p in a.practices if p.startswith("SWE.1")]:
            for instance in ("ECU-A", "ECU-B"):
                a.cells.characterize(practice, instance, "F", who="Lead assessor")
        expected = a.profile_chart()
    if expected is None:
        pytest.skip("the SPICE view gives no profile chart for this assessment")
    chart, _ = await _overview_chart(path, (80, 24))
    assert chart.display
    assert all(len(row) <= chart.width <= 80 for row in chart.rows)
    assert [row.split()[0] for row in chart.rows[1:]] == list(expected.categories)


class _Host(App[None]):
    def compose(self) -> ComposeResult:
        yield ProfileChart(id="chart")


LONG = "A process whose name goes on and on past any column"
TWO = Chart("Capability profile", ("SWE.1", LONG, "MAN.3"),
            (Series("ECU-A", (2.0, 5.0, None)), Series("Aggregated", (1.0, 0.0, 3.0))),
            y_max=5, labels={0: "CL 0", 1: "CL 1", 2: "CL 2", 3: "CL 3", 5: "CL 5"})


async def test_several_series_have_a_colour_each_and_a_legend():
    app = _Host()
    async with app.run_test(size=(80, 24)) as pilot:
        widget = app.query_one(ProfileChart)
        assert not widget.display  # no chart yet: nothing
        widget.show(TWO)
        await pilot.pause()
        text = widget.bars(76)
        rows = text.plain.split("\n")
        assert all(len(row) <= 76 for row in rows)
        assert rows[1].startswith("SWE.1") and rows[1].endswith("CL 2")
        assert rows[3].startswith("A process whose name go…")  # cut, the bars keep their room
        assert rows[3].endswith("CL 5") and rows[4].rstrip().endswith("CL 0") and "█" not in rows[4]
        assert rows[5].endswith("—") and rows[6].endswith("CL 3")  # no value: a dash
        assert rows[-1].split() == ["■", "ECU-A", "■", "Aggregated"]  # the legend
        full = rows[3].count("█")  # 5 of y_max 5: the whole room, no track
        assert full > 30 and "·" not in rows[3]
        assert rows[2].count("█") == round(full * 8 / 5) // 8  # 1 of 5, in whole cells and an eighth
        assert sum(rows[2].count(c) for c in "█▏▎▍▌▋▊▉·") == full  # bar and track: the same room on every row
        dark = _bar_colours(text)
        assert len(dark) == 2  # one colour per series
        app.theme = "textual-light"
        await pilot.pause()
        light = _bar_colours(widget.bars(76))
        assert len(light) == 2 and light != dark  # the theme's own text colours, made for its background
        widget.show(None)
        await pilot.pause()
        assert not widget.display


def _bar_colours(text) -> set[str]:
    return {str(span.style) for span in text.spans if text.plain[span.start:span.end].strip("█▏▎▍▌▋▊▉") == ""
            and "█" in text.plain[span.start:span.end]}


def test_overview_chart_look_at_80x24(snap_compare, frozen_time):
    """The bars as they look in the smallest terminal, scrolled to (pinned: look at the SVG after a change)."""
    path = Path("orion.appraisal")
    build_sample("orion-v3", path, who="Lead appraiser").close()

    async def to_the_chart(pilot) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        screen = pilot.app.screen
        screen.query_one("#overview").scroll_to_widget(screen.query_one("#profile-chart"), animate=False, top=True)
        await pilot.pause(0.2)

    app = AppraiseApp(appraisal=Appraisal.open(path))
    assert snap_compare(app, terminal_size=(80, 24), run_before=to_the_chart)
