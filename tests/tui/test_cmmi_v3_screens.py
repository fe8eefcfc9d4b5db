"""A CMMI V3.0 appraisal (the bundled FICTIONAL model, scheme cmmi-appraisal) in the screens: the overview's brick
chart, the matrix (value keys FM..NC, a unit outside an area's sample, the scheme's advice, per-process rows),
the rating view's pending practice and its decision. The appraisal is made here, as ``appraise new`` would.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import DataTable, RadioButton, Static, TextArea
from v3_appraisal import UNITS, create_v3
from views import open_matrix, show_view, shown_text

from appraise.services import Appraisal
from appraise.tui.app import AppraiseApp
from appraise.tui.screens.decision import DecisionDialog
from appraise.tui.screens.note_dialog import NoteDialog
from appraise.tui.screens.overview import OverviewScreen
from appraise.tui.screens.rating import RatingScreen
from appraise.tui.widgets.brick_chart import BrickChart

SIZE = (120, 40)


@pytest.fixture
def v3_path(tmp_path: Path) -> Path:
    return create_v3(tmp_path / "orion.appraisal")


@pytest.fixture
def v3_app(v3_path: Path):
    app = AppraiseApp(appraisal=Appraisal.open(v3_path))
    yield app
    if app.appraisal is not None:
        app.appraisal.close()


def _plain(renderable, width: int = 200) -> str:
    console = Console(width=width, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def _notifications(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_the_overview_draws_the_bricks_of_the_fictional_model(v3_app):
    async with v3_app.run_test(size=SIZE) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, OverviewScreen)
        await pilot.pause()
        assert "FICTIONAL practice model (not CMMI)" in shown_text(screen, "#scope")
        chart = screen.query_one("#bricks", BrickChart)
        assert chart.display and not screen.query_one("#profile", Static).display
        drawn = _plain(chart.render(), width=chart.size.width).splitlines()
        assert drawn[0].split()[:2] == ["Practice", "area"] and "L5" in drawn[0]
        rows = {line.split()[0]: line for line in drawn[1:] if line[:3].isupper() and line[3] == " "}
        assert {"ADO", "ALP", "BRV", "CHA", "STE"} <= set(rows)
        assert "Alpine Planning" in rows["ALP"]
        assert rows["ALP"].rstrip().endswith("pending")  # ALP 1.1 waits for the team (FM/PM/FM)
        assert "Core" in drawn
        await pilot.resize_terminal(80, 24)  # a small terminal: the chart scrolls with the overview
        await pilot.pause()
        assert all(len(line.rstrip()) <= 80 for line in _plain(chart.render(), width=chart.size.width).splitlines())


async def test_matrix_keys_refused_cell_advice_and_per_process_rows(v3_app, v3_path, wait_until):
    async with v3_app.run_test(size=SIZE) as pilot:
        screen, table = await open_matrix(pilot)
        assert "STE 1.1 @ Support" in table.practices and "STE 1.1" not in table.practices
        assert tuple(table.projects) == UNITS
        cells = screen._row_source(table.practices)  # what the grid shows of a row: the units, then the OU

        def shown(practice: str) -> list[str]:
            """Each cell's value (the evidence marks after it left out)."""
            return [(text.plain.split() or [""])[0] for text in cells(table.practices.index(practice))]

        # the per-process rows have their own OU: the value, or the team's options while it must choose
        assert shown("STE 1.1 @ Support")[-1] == "LM"
        assert shown("STE 2.1 @ Engineering")[-1] == "LM/PM?"
        assert shown("STE 1.1 @ Engineering")[-1] == "··"

        # l sets LM; the store has it
        screen.select_cell("ALP 2.2", "P1")
        await pilot.press("l")
        await pilot.pause()
        assert table.cursor == (table.practices.index("ALP 2.2"), 1)  # on to the next cell
        # c sets NC (CMMI's Not Characterized), not a note: the note moves to n
        await pilot.press("c")
        await pilot.pause()
        screen.select_cell("ALP 2.2", "P1")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(pilot.app.screen, NoteDialog)
        await pilot.press("escape")
        await pilot.pause()

        # a unit outside BRV's sample: "—", the key refused with the reason, the cursor stays
        screen.select_cell("BRV 1.1", "P2")
        await pilot.pause()
        row = table.practices.index("BRV 1.1")
        assert shown("BRV 1.1")[:3] == ["··", "—", "··"]
        assert "out of scope" in shown_text(screen, "#matrix-cell")
        await pilot.press("f")
        await pilot.pause()
        assert table.cursor == (row, 1)
        assert any("P2 is not in BRV's sample" in m for m in _notifications(pilot.app))

        # the advice: what the evidence proposes (V1.4), and the flag of an LM without a weakness (V1.2)
        screen.select_cell("ALP 2.1", "P1")
        await wait_until(pilot, lambda: "Proposed by the evidence: FM" in shown_text(screen, "#matrix-cell"))
        assert "V1.4" in shown_text(screen, "#matrix-cell")
        screen.select_cell("ALP 2.2", "P1")
        await wait_until(pilot, lambda: "V1.2" in shown_text(screen, "#matrix-cell"))
        await pilot.app.workers.wait_for_complete()
    with Appraisal.open(v3_path) as a:
        chars = a.cells.all()
        assert chars["ALP 2.2"]["P1"] == "LM" and chars["ALP 2.2"]["P2"] == "NC"
        assert "P2" not in chars.get("BRV 1.1", {})


async def test_a_long_process_name_leaves_the_grid_room_at_80_columns(tmp_path):
    path = tmp_path / "long.appraisal"
    Appraisal.create(path, framework="fictional-v3", target=2, unit="Orion", projects=["P1", "P2"],
                     who="Lead appraiser", options={"processes": ["Software Engineering Process Group Work"]}).close()
    app = AppraiseApp(appraisal=Appraisal.open(path))
    async with app.run_test(size=(80, 24)) as pilot:
        screen, table = await open_matrix(pilot)
        cell = "STE 1.1 @ Software Engineering Process Group Work"
        assert cell in table.practices
        label = screen._row_label(cell, 0, 0).plain
        assert label.startswith("STE 1.1 @ Softw") and label.endswith("…") and len(label) <= 26
        await pilot.pause()
        assert table.virtual_size.width <= table.size.width  # the grid needs no sideways scrolling
    app.appraisal.close()


async def test_the_rating_view_shows_the_pending_practice_and_d_records_the_decision(v3_app, v3_path):
    async with v3_app.run_test(size=SIZE) as pilot:
        app = pilot.app
        screen = await show_view(pilot, "f6", RatingScreen)
        table = screen.query_one("#rating-decisions", DataTable)
        rows = {row.key.value: [c.plain for c in table.get_row(row.key)] for row in table.ordered_rows}
        assert rows["ALP 1.1"][:3] == ["pending", "ALP 1.1", "LM or PM?"]
        assert rows["STE 2.1 @ Engineering"][:3] == ["pending", "STE 2.1 @ Engineering", "LM or PM?"]
        # the roll-up keeps each value under its unit: P2 is outside BRV's sample ("—")
        assert screen._tree_nodes["BRV 1.1"].label.plain.split()[2:6] == ["··", "—", "··", "│"]
        assert screen._tree_nodes["ALP 1.1"].label.plain.split()[2:7] == ["FM", "PM", "FM", "│", "LM/PM?"]
        screen.select_target("ALP 1.1")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, DecisionDialog)
        assert [b.name for b in dialog.query(RadioButton)] == ["LM", "PM"]
        await pilot.press("enter")  # the first choice: LM
        await pilot.pause()
        dialog.query_one(TextArea).focus()
        await pilot.press(*"minor")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RatingScreen)
    with Appraisal.open(v3_path) as a:
        last = a.decisions.all()[-1]
        assert (last.target, last.value, last.rationale) == ("ALP 1.1", "LM", "minor")
        assert a.rate().find("ALP 1.1").value == "LM"


async def test_an_evaluation_takes_low_medium_high_with_l_m_h(tmp_path):
    path = tmp_path / "eval.appraisal"
    Appraisal.create(path, framework="fictional-v3", target=2, unit="Orion", projects=["P1", "P2"],
                     who="Lead appraiser", options={"appraisal_type": "evaluation"}).close()
    app = AppraiseApp(appraisal=Appraisal.open(path))
    async with app.run_test(size=SIZE) as pilot:
        screen, table = await open_matrix(pilot)
        screen.select_cell("ALP 1.1", "P1")
        await pilot.press("l", "m", "h")  # P1 Low, P2 Medium, then ALP 2.1 P1 High
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    app.appraisal.close()
    with Appraisal.open(path) as a:
        chars = a.cells.all()
        assert (chars["ALP 1.1"]["P1"], chars["ALP 1.1"]["P2"]) == ("L", "M")
        assert chars[a.practices[a.practices.index("ALP 1.1") + 1]]["P1"] == "H"


async def test_the_practices_view_lists_only_the_units_in_the_area_s_sample(v3_app, wait_until):
    """P2 is out of BRV's sample: BRV 1.1's evidence table lists P1 and QA, not P2; ALP 1.1 lists all three."""
    from appraise.tui.screens.practices import PracticesScreen

    async with v3_app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, PracticesScreen)
        table = screen.evidence_table
        screen.select_target("BRV 1.1")
        await wait_until(pilot, lambda: table.display and [t.project for t in table.targets] == ["P1", "QA"])
        screen.select_target("ALP 1.1")
        await wait_until(pilot, lambda: [t.project for t in table.targets] == list(UNITS))
