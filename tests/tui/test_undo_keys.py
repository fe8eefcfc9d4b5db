"""ctrl+z / ctrl+y: this session's own changes undone and redone, in every view, never while typing."""

from __future__ import annotations

from textual.widgets import TextArea

from appraise.services import Appraisal
from appraise.tui.screens.matrix import MatrixScreen, MatrixTable, NoteDialog

SIZE = (120, 40)


async def _matrix(pilot) -> MatrixTable:
    await pilot.press("f4")
    await pilot.pause()
    assert isinstance(pilot.app.screen, MatrixScreen)
    return pilot.app.screen.query_one(MatrixTable)


def _cell(table: MatrixTable, practice: str, project: str) -> str:
    return table.cell(table.practices.index(practice), [*table.projects, "OU"].index(project)).plain


def _saved(path, practice: str, project: str) -> str | None:
    with Appraisal.open(path) as a:
        return a.reader.characterizations().get(practice, {}).get(project)


def _toasts(app) -> list[str]:
    """The notifications shown (the toasts are mounted a frame later; the other views' tests read them so too)."""
    return [n.message for n in app._notifications]


async def test_ctrl_z_undoes_the_sessions_cells_and_ctrl_y_redoes(sample_app, sample_path):
    before_beta = _saved(sample_path, "REQM SP 1.1", "BETA")
    async with sample_app.run_test(size=SIZE) as pilot:
        table = await _matrix(pilot)
        await pilot.press("ctrl+z")  # nothing done in this session yet
        await pilot.pause()
        assert any("nothing to undo" in t for t in _toasts(pilot.app))
        await pilot.press("p", "n")  # REQM SP 1.1: ALPHA FI -> PI, then BETA -> NI
        await pilot.pause()
        assert (_cell(table, "REQM SP 1.1", "ALPHA"), _cell(table, "REQM SP 1.1", "BETA")[:2]) == ("PI AF", "NI")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert _saved(sample_path, "REQM SP 1.1", "BETA") == before_beta
        assert _cell(table, "REQM SP 1.1", "BETA")[:2] == before_beta
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert _saved(sample_path, "REQM SP 1.1", "ALPHA") == "FI"
        assert _cell(table, "REQM SP 1.1", "ALPHA") == "FI AF"
        assert any("Undone: REQM SP 1.1 / ALPHA: PI -> FI" in t for t in _toasts(pilot.app))
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert _saved(sample_path, "REQM SP 1.1", "ALPHA") == "PI"
        assert _cell(table, "REQM SP 1.1", "ALPHA") == "PI AF"
        assert any("Redone: REQM SP 1.1 / ALPHA: FI -> PI" in t for t in _toasts(pilot.app))
    with Appraisal.open(sample_path) as a:
        assert [c.what for c in a.history.log()[-3:]] == ["undo: characterization", "undo: characterization",
                                                         "redo: characterization"]


async def test_undo_works_in_another_view_but_not_while_typing(sample_app, sample_path):
    async with sample_app.run_test(size=SIZE) as pilot:
        await _matrix(pilot)
        await pilot.press("p")  # REQM SP 1.1 / ALPHA: FI -> PI
        await pilot.pause()
        await pilot.press("f5", "slash", *"srs")  # the evidence view, typing in its filter
        await pilot.pause()
        await pilot.press("ctrl+z")  # the filter has the keyboard: the appraisal is left alone
        await pilot.pause()
        assert _saved(sample_path, "REQM SP 1.1", "ALPHA") == "PI"
        await pilot.press("escape")
        await pilot.pause()
        pilot.app.screen.set_focus(None)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert _saved(sample_path, "REQM SP 1.1", "ALPHA") == "FI"


async def test_ctrl_z_in_a_note_undoes_the_typing_not_the_cell(sample_app, sample_path):
    async with sample_app.run_test(size=SIZE) as pilot:
        table = await _matrix(pilot)
        await pilot.press("p", "up")  # a change this session could undo, then back to the cell
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, NoteDialog)
        await pilot.press(*"stale")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert pilot.app.screen is dialog and dialog.query_one(TextArea).text == ""  # the text area's own undo
        assert _saved(sample_path, "REQM SP 1.1", "ALPHA") == "PI"
        assert _cell(table, "REQM SP 1.1", "ALPHA") == "PI AF"
