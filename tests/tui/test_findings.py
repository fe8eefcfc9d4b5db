"""Findings: write a weakness through the dialog, change it, delete it; every step is in the file."""

from __future__ import annotations

from textual.widgets import DataTable, Select, Static, TextArea
from views import open_findings as _findings

from appraise.services import Appraisal
from appraise.tui.screens.confirm import ConfirmDialog
from appraise.tui.screens.findings import FindingDialog, FindingsScreen

SIZE = (120, 40)


def _row_keys(table: DataTable) -> list[str]:
    return [row.key.value for row in table.ordered_rows]


def _saved(path) -> list[tuple[str, str, str | None, str]]:
    with Appraisal.open(path) as a:
        return [(f.kind, f.area, f.practice, f.text) for f in a.findings.all()]


async def test_weakness_is_added_edited_and_deleted(sample_app, sample_path):
    async with sample_app.run_test(size=SIZE) as pilot:
        screen, table = await _findings(pilot)
        assert _row_keys(table)[:2] == ["area:REQM", "area:PP"]  # every area in scope, none with findings yet
        await pilot.press("n")  # the cursor is on REQM: the dialog proposes it
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, FindingDialog)
        assert dialog.query_one("#finding-kind", Select).value == "weakness"
        assert dialog.query_one("#finding-area", Select).value == "REQM"
        assert dialog.query_one("#finding-practice", Select).is_blank()
        assert "never a person's name" in str(dialog.query_one("#finding-hint", Static).render())
        await pilot.press("tab", "tab", "enter")  # kind -> area -> practice, open its list
        await pilot.press(*"SP 1.4", "enter")  # type to search, pick it
        await pilot.pause()
        assert dialog.query_one("#finding-practice", Select).value == "REQM SP 1.4"
        await pilot.press("tab", *"Trace gaps", "ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, FindingsScreen)
        # listed under REQM, with the practice and its OU value next to it, and the cursor on it
        assert _row_keys(table)[:3] == ["area:REQM", "finding:1", "area:PP"]
        assert table.get_cell("finding:1", "kind").plain == "Weakness"
        assert table.get_cell("finding:1", "practice").plain == "SP 1.4 LI*"
        assert table.get_cell("finding:1", "text") == "Trace gaps"
        assert "1 weakness" in table.get_cell("area:REQM", "text").plain
        assert screen.selected_finding() is not None and screen.selected_finding().id == 1
        assert _saved(sample_path) == [("weakness", "REQM", "REQM SP 1.4", "Trace gaps")]

        await pilot.press("e")  # the same dialog, filled in, the cursor at the end of the text
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, FindingDialog)
        assert dialog.query_one("#finding-practice", Select).value == "REQM SP 1.4"
        assert dialog.query_one("#finding-text", TextArea).text == "Trace gaps"
        await pilot.press(*" in BETA", "ctrl+s")
        await pilot.pause()
        assert table.get_cell("finding:1", "text") == "Trace gaps in BETA"
        assert _saved(sample_path) == [("weakness", "REQM", "REQM SP 1.4",
                                        "Trace gaps in BETA")]

        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("n")  # kept
        await pilot.pause()
        assert "finding:1" in _row_keys(table)
        await pilot.press("delete", "y")
        await pilot.pause()
        assert isinstance(pilot.app.screen, FindingsScreen)
        assert "finding:1" not in _row_keys(table)
        assert "no findings yet" in table.get_cell("area:REQM", "text").plain
    assert _saved(sample_path) == []
    with Appraisal.open(sample_path) as a:
        assert [c.what for c in a.reader.change_log()[-3:]] == ["finding #1", "finding #1", "finding #1 deleted"]


async def test_dialog_offers_the_areas_practices_and_refuses_an_empty_text(sample_app, sample_path):
    async with sample_app.run_test(size=SIZE) as pilot:
        _screen, table = await _findings(pilot)
        await pilot.press("down", "n")  # the cursor on PP: a finding of PP, among PP's practices only
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, FindingDialog)
        assert dialog.query_one("#finding-area", Select).value == "PP"
        practice = dialog.query_one("#finding-practice", Select)

        def offered() -> set[str]:
            return {value for _label, value in practice._options if isinstance(value, str)}

        assert offered() == {p for p in sample_app.appraisal.practices if p.startswith("PP ")}
        await pilot.press("tab", "enter", *"CM", "enter")  # the area list: type to find CM
        await pilot.pause()
        assert dialog.query_one("#finding-area", Select).value == "CM"
        assert offered() == {p for p in sample_app.appraisal.practices if p.startswith("CM ")}
        await pilot.press("ctrl+s")  # no text yet
        await pilot.pause()
        assert pilot.app.screen is dialog  # still open, the refusal shown in it and as a notification
        assert "needs its text" in str(dialog.query_one("#finding-error", Static).render())
        assert any("needs its text" in n.message for n in pilot.app._notifications)
        assert isinstance(dialog.focused, TextArea)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, FindingsScreen)
        assert not any(k.startswith("finding:") for k in _row_keys(table))
        # on an area row there is nothing to edit or delete
        await pilot.press("e", "delete")
        await pilot.pause()
        assert isinstance(pilot.app.screen, FindingsScreen)
    assert _saved(sample_path) == []
