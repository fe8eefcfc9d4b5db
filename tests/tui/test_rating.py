"""The rating view: the roll-up tree, pending and stale decisions, and the decision dialog."""

from __future__ import annotations

import io

from rich.console import Console
from textual.widgets import Button, DataTable, Footer, RadioButton, Static, TextArea, Tree
from textual.widgets._footer import FooterKey

from appraise.services import Appraisal
from appraise.tui.screens.decision import DecisionDialog
from appraise.tui.screens.rating import RatingScreen

SIZE = (120, 40)


async def _rating(pilot) -> RatingScreen:
    await pilot.press("f6")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, RatingScreen)
    return screen


def _text(screen, selector: str) -> str:
    """What a Static shows, as plain text (rich tables and groups rendered, lines unwrapped)."""
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(screen.query_one(selector, Static).content)
    return " ".join(console.export_text().split())


def _decision_rows(screen: RatingScreen) -> dict[str, list[str]]:
    table = screen.query_one("#rating-decisions", DataTable)
    return {row.key.value: [cell.plain for cell in table.get_row(row.key)] for row in table.ordered_rows}


def _footer_keys(screen) -> dict[str, str]:
    """What the screen's own footer shows: description -> key."""
    assert screen.query(Footer), f"{type(screen).__name__} has no footer of its own"
    return {key.description: key.key for key in screen.query(FooterKey) if key.description}


def _notifications(app) -> list[str]:
    return [n.message for n in app._notifications]


async def _type(pilot, text: str) -> None:
    await pilot.press(*["space" if c == " " else c for c in text])


async def test_tree_shows_the_level_and_sam_not_applicable(sample_app):
    async with sample_app.run_test(size=SIZE) as pilot:
        screen = await _rating(pilot)
        tree = screen.query_one(Tree)
        assert tree.root.label.plain.startswith("Maturity level 2")
        areas = {node.data: node.label.plain for node in tree.root.children}
        assert list(areas) == ["REQM", "PP", "PMC", "SAM", "MA", "PPQA", "CM"]
        assert "Not applicable" in areas["SAM"] and "Satisfied" in areas["REQM"]
        assert "Maturity level 2" in _text(screen, "#rating-level")
        # practices carry the value per project and the OU value; REQM SP 1.4 was decided by the team
        sp14 = screen._tree_nodes["REQM SP 1.4"].label.plain
        assert "FI PI LI" in sp14 and "LI*" in sp14
        # the standing decisions, with who decided
        rows = _decision_rows(screen)
        assert rows["SAM"][:4] == ["decided", "SAM", "Not applicable", "Lead appraiser"]  # in words
        assert rows["REQM SP 1.4"][2] == "LI"
        # moving the cursor shows the node's rule in full
        await pilot.press("down")
        await pilot.pause()
        assert "R4.1: a process area is satisfied when every in-scope goal is satisfied" in \
            _text(screen, "#rating-detail")
        screen.select_target("REQM SP 1.4")
        await pilot.pause()
        detail = _text(screen, "#rating-detail")
        assert "Team decision" in detail and "Lead appraiser" in detail and "Traceability is maintained" in detail


async def test_pending_decision_is_decided_in_the_dialog(sample_app, sample_path):
    async with sample_app.run_test(size=SIZE) as pilot:
        app = pilot.app
        screen = await _rating(pilot)
        app.appraisal.cells.characterize("REQM SP 1.1", "ALPHA", "PI")
        app.changed()
        await pilot.pause()
        # FI/FI/PI leaves the team a choice (R2.3): listed as pending, the level waits for it
        assert _decision_rows(screen)["REQM SP 1.1"][:3] == ["pending", "REQM SP 1.1", "LI or PI?"]
        assert "not determined" in _text(screen, "#rating-level")
        assert "REQM SP 1.1" in _text(screen, "#rating-level")
        assert screen._tree_nodes["REQM SG 1"].is_expanded  # the goal that needs attention is opened
        assert "LI/PI?" in screen._tree_nodes["REQM SP 1.1"].label.plain

        # Enter on the pending decision opens the dialog
        table = screen.query_one("#rating-decisions", DataTable)
        table.focus()
        table.move_cursor(row=0)
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, DecisionDialog)
        assert [b.name for b in dialog.query(RadioButton)] == ["LI", "PI"]  # exactly what R2.3 allows
        # the footer shows the dialog's keys, not the rating view's (d Decide, n Next pending)
        await pilot.pause()
        keys = _footer_keys(dialog)
        assert keys.get("Cancel") == "escape" and keys.get("Decide") == "ctrl+s"
        assert "Next pending" not in keys and "d" not in keys.values()
        assert "PI" in _text(dialog, "#decision-facts")
        ok = dialog.query_one("#decision-ok", Button)
        assert ok.disabled

        # a value without a rationale is refused
        await pilot.press("enter")  # the RadioSet has the focus: choose LI
        await pilot.pause()
        assert dialog.chosen == "LI"
        assert ok.disabled
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog
        assert "rationale" in _text(dialog, "#decision-problem")
        assert len(app.appraisal.decisions.all()) == 2

        dialog.query_one(TextArea).focus()
        await _type(pilot, "Minor gap")
        await pilot.pause()
        assert not ok.disabled
        await pilot.click("#decision-ok")
        await pilot.pause()
        assert isinstance(app.screen, RatingScreen)
        assert _text(screen, "#rating-level").startswith("Maturity level 2")
        row = _decision_rows(screen)["REQM SP 1.1"]
        assert row[0] == "decided" and row[2] == "LI" and row[5] == "Minor gap"
        assert "LI*" in screen._tree_nodes["REQM SP 1.1"].label.plain
    with Appraisal.open(sample_path) as a:
        last = a.decisions.all()[-1]
        assert (last.target, last.value, last.rationale) == ("REQM SP 1.1", "LI", "Minor gap")
        assert a.rate().level.value == "ML 2"


async def test_d_offers_the_goal_and_area_decisions(sample_app, sample_path):
    async with sample_app.run_test(size=SIZE) as pilot:
        app = pilot.app
        screen = await _rating(pilot)
        screen.select_target("REQM SG 1")
        await pilot.pause()
        await pilot.resize_terminal(80, 24)  # a small terminal: the question, choices and buttons stay in view
        await pilot.press("d")
        await pilot.pause()
        dialog = app.screen
        assert [b.name for b in dialog.query(RadioButton)] == ["unsatisfied", "not_significant"]
        bottom = dialog.query_one(Footer).region.y
        for selector in ("#decision-choices", "#decision-why", "#decision-ok"):
            region = dialog.query_one(selector).region
            assert region.height > 0 and region.bottom <= bottom, selector
        context = dialog.query_one("#decision-context")  # what is decided, on what: scrolls by itself
        assert context.max_scroll_y > 0 and context.scroll_y == 0
        await pilot.press("shift+tab")
        assert context.has_focus
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        await pilot.resize_terminal(*SIZE)

        screen.select_target("SAM")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        dialog = app.screen
        assert [b.name for b in dialog.query(RadioButton)] == ["not_applicable", "applicable"]
        assert "No supplier agreements" in _text(dialog, "#decision-current")
        await pilot.press("escape")
        await pilot.pause()

        # a practice the table decides alone: nothing to decide, said in a notification
        screen.select_target("REQM SP 1.2")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert app.screen is screen
        assert any("needs no team decision" in m for m in _notifications(app))

        # the team's LI on REQM SP 1.4 goes stale when the data no longer leave a choice
        app.appraisal.cells.characterize("REQM SP 1.4", "BETA", "FI")
        app.changed()
        await pilot.pause()
        row = _decision_rows(screen)["REQM SP 1.4"]
        assert row[0] == "stale" and "changed" in row[5]
        # the reason fits the list (cut with … when the terminal is narrow), whole in the Selected panel
        table = screen.query_one("#rating-decisions", DataTable)
        reason = "the characterizations changed since the decision was made"
        await pilot.pause()

        def fits() -> bool:  # no sideways scrolling to read a row: the rationale takes what is left
            used = sum(c.get_render_width(table) for c in table.columns.values())
            return used <= table.size.width and table.virtual_size.width <= table.size.width

        assert fits() and table.columns["why"].width < len(reason)
        stale = list(_decision_rows(screen)).index("REQM SP 1.4")
        assert table.get_row_at(stale)[5].overflow == "ellipsis"  # cut with …
        table.focus()
        table.move_cursor(row=stale)
        await pilot.pause()
        assert f"Stale: {reason}" in _text(screen, "#rating-detail")  # whole in the Selected panel
        await pilot.resize_terminal(160, 40)  # a wider terminal: the list shows it whole too
        await pilot.pause()
        await pilot.pause()
        assert fits() and table.columns["why"].width >= len(reason)
    with Appraisal.open(sample_path) as a:
        assert len(a.decisions.all()) == 2  # cancelling saved nothing
