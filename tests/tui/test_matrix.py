"""The matrix: keys characterize cells, the rating follows, gaps and filters."""

from __future__ import annotations

from appraise.services import Appraisal
from appraise.tui.screens.confirm import ConfirmDialog
from appraise.tui.screens.matrix import MatrixScreen, MatrixTable, NoteDialog

SIZE = (120, 40)


async def _matrix(pilot):
    await pilot.press("f4")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, MatrixScreen)
    return screen, screen.query_one(MatrixTable)


def _cell(table: MatrixTable, practice: str, project: str) -> str:
    columns = [*table.projects, "OU"]
    return table.cell(table.practices.index(practice), columns.index(project)).plain


async def test_value_key_sets_the_cell_and_the_rating_follows(sample_app, sample_path):
    async with sample_app.run_test(size=SIZE) as pilot:
        screen, table = await _matrix(pilot)
        assert _cell(table, "REQM SP 1.1", "ALPHA") == "FI AF"
        await pilot.press("p")  # the cursor starts on REQM SP 1.1 / ALPHA: PI, then moves on to BETA
        await pilot.pause()
        assert _cell(table, "REQM SP 1.1", "ALPHA") == "PI AF"
        assert table.cell_target() == ("REQM SP 1.1", "BETA")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        # FI/PI/FI leaves the team a choice (R2.3): the OU column asks, the level waits for it
        assert _cell(table, "REQM SP 1.1", "OU") == "LI/PI?"
        assert "not determined" in str(screen.query_one("#matrix-rating").render())
        await pilot.press("left", "2")  # the digit key of LI
        await pilot.pause()
        assert _cell(table, "REQM SP 1.1", "ALPHA") == "LI AF"
        await pilot.press("right", "l")  # GAMMA, the last project: then on to the next practice
        await pilot.pause()
        assert table.cell_target() == ("REQM SP 1.2", "ALPHA")
        await pilot.press("up", "x")
        await pilot.pause()
        assert _cell(table, "REQM SP 1.1", "ALPHA") == "·· AF"
    with Appraisal.open(sample_path) as a:  # saved as it was made
        assert "ALPHA" not in a.reader.characterizations()["REQM SP 1.1"]
        assert [c.new for c in a.reader.change_log()[-4:]] == ["PI", "LI", "LI", None]


async def test_notes_are_written_and_not_lost_by_clearing(sample_app, sample_path):
    async with sample_app.run_test(size=SIZE) as pilot:
        screen, table = await _matrix(pilot)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(pilot.app.screen, NoteDialog)
        await pilot.press(*"trace matrix stale")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Note: trace matrix stale" in str(screen.query_one("#matrix-cell").render())
        await pilot.press("x")  # the cell has a note: ask before it goes
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert _cell(table, "REQM SP 1.1", "ALPHA") == "FI AF"
        with Appraisal.open(sample_path) as a:
            assert a.notes_for("REQM SP 1.1") == {"ALPHA": "trace matrix stale"}
        await pilot.press("x", "y")
        await pilot.pause()
        assert _cell(table, "REQM SP 1.1", "ALPHA") == "·· AF"
    with Appraisal.open(sample_path) as a:
        assert a.notes_for("REQM SP 1.1") == {}


async def test_a_not_applicable_area_is_not_characterized(sample_app, sample_path):
    async with sample_app.run_test(size=SIZE) as pilot:
        screen, table = await _matrix(pilot)
        screen.area_filter = "SAM"
        screen._rebuild()
        await pilot.pause()
        assert _cell(table, "SAM SP 1.1", "ALPHA") == "n/a" and _cell(table, "SAM SP 1.1", "OU") == "n/a"
        await pilot.press("f")
        await pilot.pause()
        assert any("not applicable" in n.message for n in pilot.app._notifications)
    with Appraisal.open(sample_path) as a:
        assert "SAM SP 1.1" not in a.reader.characterizations()


async def test_next_gap_and_filters(sample_app):
    async with sample_app.run_test(size=SIZE) as pilot:
        screen, table = await _matrix(pilot)
        await pilot.press("g")
        await pilot.pause()
        # the sample's first gap: REQM SP 1.3 in GAMMA (NY, no evidence)
        assert table.cell_target() == ("REQM SP 1.3", "GAMMA")
        await pilot.press("G")
        await pilot.pause()
        assert screen._rows == ["REQM SP 1.3", "PMC SP 1.7", "CM SP 3.2"]
        await pilot.press("G", "a")
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # All, REQM, PP
        await pilot.pause()
        assert screen.area_filter == "PP"
        assert all(p.startswith("PP ") for p in screen._rows) and len(screen._rows) == 24


async def test_help_lists_the_matrix_keys_from_the_model(sample_app):
    from appraise.tui.screens.help import HelpScreen

    async with sample_app.run_test(size=SIZE) as pilot:
        await _matrix(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = pilot.app.screen
        assert isinstance(help_screen, HelpScreen)
        tables = help_screen._sections()
        text = "\n".join(f"{k} {d}" for table in tables for k, d in zip(table.columns[0].cells, table.columns[1].cells))
        text += "\n" + "\n".join(str(table.title) for table in tables)
        # every value key of the scale, with its digit alias, and the matrix's own keys
        for keys, value in (("f / 1", "FI"), ("l / 2", "LI"), ("p / 3", "PI"), ("n / 4", "NI"), ("y / 5", "NY")):
            assert keys in text and value in text
        assert "x / delete / backspace" in text and "Next gap" in text and "Everywhere" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, HelpScreen)
