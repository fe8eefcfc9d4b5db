"""Keys typed in one burst (a fast typist, key auto-repeat, a pasted string) land where they were typed.

``Pilot.press`` waits for the app to be idle between keys, which hides what goes wrong when the app
gets many keys before it has handled the messages of the first: here the Key events are posted in one
go, the way a terminal delivers a paste, and every cell is read back from the appraisal file.
"""

from __future__ import annotations

import itertools
import unicodedata

from textual import events
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.worker import WorkerCancelled
from views import open_matrix as _matrix

from appraise.services import Appraisal

SIZE = (120, 40)
VALUES = {"f": "FI", "l": "LI", "p": "PI", "n": "NI", "y": "NY", "1": "FI", "2": "LI", "3": "PI", "4": "NI"}


def _key_event(key: str) -> events.Key:
    """The Key event a terminal sends for ``key`` (a character or a key name), built as ``Pilot.press`` does."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        character: str | None = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
    except KeyError:
        character = key if len(key) == 1 else None
    return events.Key(key, character)


async def burst(pilot, keys: str | list[str]) -> None:
    """Post every key at once (no waiting between them), then let the app handle them all."""
    for key in keys:
        pilot.app.post_message(_key_event(key))
    for _ in range(100):  # each saved value starts a re-rating that cancels the one before: wait for the last
        await pilot.pause()
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerCancelled:
            continue
        if not any(worker.is_running for worker in pilot.app.workers):
            break
    await pilot.pause()


def _applicable_cells(path) -> list[tuple[str, str]]:
    """Every (practice, project) cell of the sample in typing order, rows of not applicable areas left out."""
    with Appraisal.open(path) as a:
        ruled_out = {"SAM"}  # the sample's team decided SAM does not apply
        return [(p, c) for p in a.practices if a.framework.practice(p).area not in ruled_out
                for c in a.info.projects]


async def test_two_hundred_keys_in_one_burst_set_two_hundred_cells(sample_app, sample_path):
    keys = "".join(itertools.islice(itertools.cycle("flpnyfl1234pnf"), 200))
    cells = _applicable_cells(sample_path)[:200]
    async with sample_app.run_test(size=SIZE) as pilot:
        screen, table = await _matrix(pilot)
        await burst(pilot, keys)
        # the rows of SAM (not applicable) are stepped over: the cursor is on the cell after the 200th
        assert table.cell_target() == _applicable_cells(sample_path)[200]
        shown = {(p, c): table.cell(table.practices.index(p), table.projects.index(c)).plain[:2] for p, c in cells}
        assert shown == {cell: VALUES[k] for cell, k in zip(cells, keys)}
    with Appraisal.open(sample_path) as a:
        saved = a.reader.characterizations()
        assert {(p, c): saved.get(p, {}).get(c) for p, c in cells} == {cell: VALUES[k] for cell, k in zip(cells, keys)}
        assert not any(p.startswith("SAM ") for p in saved)


async def test_pfnl_typed_fast_on_the_first_four_cells(sample_app, sample_path):
    async with sample_app.run_test(size=SIZE) as pilot:
        _screen, table = await _matrix(pilot)
        await burst(pilot, "pfnl")
        assert table.cell_target() == ("REQM SP 1.2", "BETA")
    with Appraisal.open(sample_path) as a:
        saved = a.reader.characterizations()
        assert [saved["REQM SP 1.1"][c] for c in ("ALPHA", "BETA", "GAMMA")] == ["PI", "FI", "NI"]
        assert saved["REQM SP 1.2"]["ALPHA"] == "LI"


async def test_clear_and_moves_in_a_burst(sample_app, sample_path):
    async with sample_app.run_test(size=SIZE) as pilot:
        _screen, table = await _matrix(pilot)
        # p on ALPHA, x clears BETA (the cursor stays), l on BETA, left left, n on ALPHA
        await burst(pilot, ["p", "x", "l", "left", "left", "n"])
        assert table.cell_target() == ("REQM SP 1.1", "BETA")
    with Appraisal.open(sample_path) as a:
        saved = a.reader.characterizations()["REQM SP 1.1"]
        assert (saved["ALPHA"], saved["BETA"]) == ("NI", "LI")
        assert [c.new for c in a.reader.change_log()[-4:]] == ["PI", None, "LI", "NI"]


async def test_next_gap_then_a_value_in_one_burst(sample_app, sample_path):
    async with sample_app.run_test(size=SIZE) as pilot:
        _screen, table = await _matrix(pilot)
        # the sample's first gap is REQM SP 1.3 / GAMMA; the value typed right after g lands there
        await burst(pilot, "gl")
        assert table.cell_target() == ("REQM SP 1.4", "ALPHA")
    with Appraisal.open(sample_path) as a:
        saved = a.reader.characterizations()
        assert saved["REQM SP 1.3"]["GAMMA"] == "LI"
        assert saved["REQM SP 1.1"]["ALPHA"] == "FI"  # unchanged


async def test_value_keys_on_a_not_applicable_row_are_refused_and_the_cursor_stays(sample_app, sample_path):
    async with sample_app.run_test(size=SIZE) as pilot:
        screen, table = await _matrix(pilot)
        sam = screen._rows.index("SAM SP 1.1")
        await burst(pilot, ["down"] * sam + ["f", "l", "p"])
        assert table.cell_target() == ("SAM SP 1.1", "ALPHA")
        assert any("not applicable" in n.message for n in pilot.app._notifications)
        assert "not applicable" in str(screen.query_one("#matrix-cell").render())
    with Appraisal.open(sample_path) as a:
        assert not any(p.startswith("SAM ") for p in a.reader.characterizations())


async def test_the_ou_column_is_no_cursor_stop(sample_app):
    async with sample_app.run_test(size=SIZE) as pilot:
        _screen, table = await _matrix(pilot)
        await burst(pilot, ["right"] * 5)
        assert table.cell_target() == ("REQM SP 1.1", "GAMMA")
        await burst(pilot, ["end"])
        assert table.cell_target()[1] == "GAMMA"


async def test_next_pending_then_decide_in_one_burst_decides_where_the_cursor_went(sample_app):
    from appraise.tui.screens.decision import DecisionDialog
    from appraise.tui.screens.rating import RatingScreen

    async with sample_app.run_test(size=SIZE) as pilot:
        app = pilot.app
        # FI/FI/PI leaves the team a choice (R2.3) on two practices: two pending decisions
        app.appraisal.cells.characterize("REQM SP 1.1", "ALPHA", "PI")
        app.appraisal.cells.characterize("PP SP 1.1", "ALPHA", "PI")
        app.changed()
        await pilot.press("f6")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RatingScreen)
        pending = list(screen._pending)
        assert pending[:2] == ["REQM SP 1.1", "PP SP 1.1"]
        await burst(pilot, "nnd")  # the first pending, the second, decide it
        dialog = app.screen
        assert isinstance(dialog, DecisionDialog)
        assert dialog.request.target == "PP SP 1.1"


async def test_down_then_link_in_one_burst_links_to_the_practice_the_cursor_went_to(sample_app):
    from appraise.tui.screens.practices import LinkEvidenceDialog, PracticesScreen

    async with sample_app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, PracticesScreen)
        screen.select_target("REQM SP 1.1")
        await pilot.pause()
        assert screen.tree.has_focus
        await burst(pilot, ["down", "l"])  # REQM SP 1.2, then link evidence to it
        dialog = pilot.app.screen
        assert isinstance(dialog, LinkEvidenceDialog)
        assert dialog.query_one("#link-dialog").border_title == "Link evidence to REQM SP 1.2"


async def test_filter_then_down_then_sort_in_one_burst(sample_app):
    from appraise.tui.screens.evidence import EvidenceScreen, FilterInput

    async with sample_app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, EvidenceScreen)
        column = screen.sort_column
        # / filters, "ion" goes into the filter, ↓ back to the table, s sorts (not an "s" in the filter)
        await burst(pilot, ["slash", "i", "o", "n", "down", "s"])
        assert screen.query_one(FilterInput).value == "ion"
        assert screen.sort_column != column
        await burst(pilot, ["slash", "slash", "x"])  # in the filter, / is typed like any character
        assert screen.query_one(FilterInput).value == "ion/x"


async def test_g_with_no_gap_left_says_so_and_the_next_value_lands_where_the_cursor_was(sample_app, sample_path):
    async with sample_app.run_test(size=SIZE) as pilot:
        screen, table = await _matrix(pilot)
        screen.area_filter = "PP"  # every PP cell is characterized and has evidence
        screen._rebuild()
        await pilot.pause()
        await burst(pilot, "gp")
        assert any("Every cell is characterized" in n.message for n in pilot.app._notifications)
        assert table.cell_target() == ("PP SP 1.1", "BETA")
    with Appraisal.open(sample_path) as a:
        assert a.reader.characterizations()["PP SP 1.1"]["ALPHA"] == "PI"


async def test_keys_typed_right_after_c_change_no_cell(sample_app, sample_path):
    from appraise.tui.screens.matrix import NoteDialog

    async with sample_app.run_test(size=SIZE) as pilot:
        _screen, table = await _matrix(pilot)
        await burst(pilot, "cnylp")  # a note begun at once: its letters are value keys in the grid
        assert isinstance(pilot.app.screen, NoteDialog)
        assert not table.opening_note
        assert table.cell_target() == ("REQM SP 1.1", "ALPHA")
    with Appraisal.open(sample_path) as a:
        saved = a.reader.characterizations()["REQM SP 1.1"]
        assert (saved["ALPHA"], saved["BETA"], saved["GAMMA"]) == ("FI", "FI", "FI")
