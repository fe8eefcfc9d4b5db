"""The merge conflicts view (F10): a real merge of a real copy, decided in the terminal UI and read back."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, RadioSet, Static, TextArea
from tui.views import plain

from appraise.services import Appraisal
from appraise.tui.app import AppraiseApp
from appraise.tui.screens.conflicts import ConflictDialog, ConflictsScreen


def _conflicting_merge(lead: Path) -> None:
    """Mini-team A sets REQM SP 1.1 / ALPHA to NI, the lead to PI: the merge keeps PI and a pending conflict."""
    with Appraisal.open(lead) as a:
        copy = a.merging.fork(lead.with_name("a.appraisal"), "Mini-team A", who="Lead")
    with Appraisal.open(copy) as c:
        c.store.set_characterizations([("REQM SP 1.1", "ALPHA", "NI", None)], "alice")
    with Appraisal.open(lead) as a:
        a.store.set_characterizations([("REQM SP 1.1", "ALPHA", "PI", None)], "lead")
        report = a.merging.merge([copy], who="Lead")
        assert len(report.conflicts) == 1


def _shown(app: AppraiseApp) -> str:
    return "\n".join(plain(w.content) for w in app.screen.query(Static))


def _value(lead: Path) -> str:
    with Appraisal.open(lead) as a:
        return a.reader.characterization("REQM SP 1.1", "ALPHA") or ""


@pytest.mark.asyncio
async def test_the_team_decides_a_conflict_by_a_side_in_the_conflicts_view(sample_path: Path) -> None:
    _conflicting_merge(sample_path)
    app = AppraiseApp(appraisal=Appraisal.open(sample_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "Merge conflicts      1 pending the team's consensus (F10)" in _shown(app)
        await pilot.press("f10")
        screen = app.screen
        assert isinstance(screen, ConflictsScreen)
        table = screen.query_one(DataTable)
        assert table.row_count == 1
        row = [str(c) for c in table.get_row_at(0)]
        assert row[1] == "REQM SP 1.1 / ALPHA"
        assert "lead: PI" in row[2] and "Mini-team A: NI" in row[2]
        await pilot.press("enter")
        dialog = app.screen
        assert isinstance(dialog, ConflictDialog)
        labels = [str(b.label) for b in dialog.query_one(RadioSet).query("RadioButton")]
        assert labels[0].startswith("1 lead: PI  (lead, ") and labels[1].startswith("2 Mini-team A: NI  (alice, ")
        await pilot.press("ctrl+s")  # nothing chosen yet: refused, nothing recorded
        assert isinstance(app.screen, ConflictDialog)
        await pilot.press("down", "space", "tab")  # the second side
        await pilot.press(*"interviews showed no traceability in ALPHA")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConflictsScreen)
        assert app.screen.query_one(DataTable).row_count == 0
        assert "No conflicts pending" in str(app.screen.query_one("#conflicts-empty", Static).render())
    app.appraisal.close()
    assert _value(sample_path) == "NI"
    with Appraisal.open(sample_path) as a:
        (decided,) = a.merging.conflicts(pending_only=False)
        assert (decided.status, decided.value, decided.rationale) == \
            ("decided", "NI", "interviews showed no traceability in ALPHA")


@pytest.mark.asyncio
async def test_another_value_of_the_scale_and_its_refusal(sample_path: Path) -> None:
    _conflicting_merge(sample_path)
    app = AppraiseApp(appraisal=Appraisal.open(sample_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f10", "enter")
        dialog = app.screen
        assert isinstance(dialog, ConflictDialog)
        value = dialog.query_one("#conflict-value", Input)
        assert value.disabled
        await pilot.press("down", "down", "space")  # "Another value"
        assert not value.disabled
        value.focus()
        await pilot.press(*"XX")
        dialog.query_one("#conflict-why", TextArea).focus()
        await pilot.press(*"agreed")
        await pilot.press("ctrl+s")  # XX is no value of the scale: refused in one line, the dialog stays
        await pilot.pause()
        assert isinstance(app.screen, ConflictDialog)
        assert _value(sample_path) == "PI"
        value.value = "LI"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConflictsScreen)
    app.appraisal.close()
    assert _value(sample_path) == "LI"
