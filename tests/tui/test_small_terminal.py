"""At 80x24 nothing a user needs is cut off: the roll-up keeps its lines, the decision dialog shows what it asks about.

Also the goal-significance question (SCAMPI R3): it lists the weaknesses it asks about, with the team's notes,
and its answers read as words while the value recorded stays the method's.
"""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from textual.widgets import Footer, RadioButton, Static, Tree

from appraise.services import Appraisal
from appraise.tui.app import AppraiseApp
from appraise.tui.screens.decision import DecisionDialog, open_decision
from appraise.tui.screens.rating import RatingScreen

SMALL = (80, 24)
WIDE = (200, 50)


def _text(screen, selector: str) -> str:
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(screen.query_one(selector, Static).content)
    return " ".join(console.export_text().split())


def _inside(inner, outer) -> bool:
    return outer.x <= inner.x and inner.right <= outer.right and outer.y <= inner.y and inner.bottom <= outer.bottom


@pytest.fixture
def pending_app(sample_path):
    """REQM SP 1.1 PI in ALPHA (FI elsewhere): the team owes the OU value, REQM SG 1 and ML2 wait for it."""
    with Appraisal.open(sample_path) as a:
        a.cells.characterize("REQM SP 1.1", "ALPHA", "PI")
    app = AppraiseApp(appraisal=Appraisal.open(sample_path))
    yield app
    if app.appraisal is not None:
        app.appraisal.close()


async def _rating(pilot) -> RatingScreen:
    await pilot.press("f6")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, RatingScreen)
    return screen


async def test_roll_up_keeps_most_of_a_small_terminal_with_a_decision_pending(pending_app):
    app = pending_app
    async with app.run_test(size=SMALL) as pilot:
        screen = await _rating(pilot)
        tree = screen.query_one(Tree)
        assert tree.scrollable_content_region.height >= 10  # was 0-2 lines with the rule and a pending decision
        level = _text(screen, "#rating-level")
        assert "not determined" in level and "1 decision pending: REQM SP 1.1" in level
        assert not screen.query_one("#rating-rule").display  # the rule: in the Selected panel (the level's node)
        assert "R5.1" in _text(screen, "#rating-detail")
        footer = screen.query_one(Footer).region
        assert screen.query_one("#rating-decisions").region.bottom <= footer.y
        await pilot.resize_terminal(*WIDE)  # room to spare: the rule under the level, the detail beside the tree
        await pilot.pause()
        assert screen.query_one("#rating-rule").display and "R5.1" in _text(screen, "#rating-rule")
        assert tree.scrollable_content_region.height >= 30
        side = screen.query_one("#rating-side").region
        assert side.x >= tree.region.right and side.width >= 60


async def test_practice_decision_shows_every_project_at_80x24(pending_app):
    app = pending_app
    async with app.run_test(size=SMALL) as pilot:
        await _rating(pilot)
        open_decision(app, "REQM SP 1.1")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, DecisionDialog)
        facts = _text(dialog, "#decision-facts")
        assert "ALPHA PI" in facts and "BETA FI" in facts and "GAMMA FI" in facts
        context = dialog.query_one("#decision-context")
        assert _inside(dialog.query_one("#decision-facts").region, context.content_region)  # all 3, no scrolling
        # the answers as words, the recorded value beside them
        labels = [str(b.label) for b in dialog.query(RadioButton)]
        assert labels[0].startswith("Largely Implemented") and labels[0].endswith("LI")
        bottom = dialog.query_one(Footer).region.y
        for selector in ("#decision-choices", "#decision-why", "#decision-ok", "#decision-cancel"):
            region = dialog.query_one(selector).region
            assert region.height > 0 and region.bottom <= bottom, selector


async def test_goal_significance_lists_the_weaknesses_with_notes_and_records_the_value(sample_app, sample_path):
    async with sample_app.run_test(size=SMALL) as pilot:
        app = pilot.app
        await _rating(pilot)
        open_decision(app, "REQM SG 1")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, DecisionDialog)
        weaknesses = _text(dialog, "#decision-weaknesses")
        # the LI practices with their OU value, each with the notes on its cells; the FI ones named once
        for practice in ("REQM SP 1.3 LI Manage Requirements Changes", "REQM SP 1.4 LI", "REQM SP 1.5 LI"):
            assert practice in weaknesses
        assert "BETA PI trace matrix not updated after CR-112" in weaknesses
        assert "ALPHA LI impact analysis not recorded" in weaknesses
        assert "Fully implemented REQM SP 1.1, REQM SP 1.2" in weaknesses
        labels = {b.name: str(b.label) for b in dialog.query(RadioButton)}
        assert labels == {"not_significant": "Satisfied — the weaknesses are not significant  not_significant",
                          "unsatisfied": "Unsatisfied — they are significant  unsatisfied"}
        context = dialog.query_one("#decision-context")
        assert context.max_scroll_y > 0  # more than fits: it scrolls, the question stays in view
        dialog.query_one("#decision-choices").focus()
        await pilot.press("down", "space")  # the second answer: not significant
        dialog.query_one("#decision-why").focus()
        await pilot.press(*"Gaps are confined to one change request")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, DecisionDialog)
        assert any("Satisfied — the weaknesses are not significant" in n.message for n in app._notifications)
    with Appraisal.open(sample_path) as a:
        last = a.decisions.all()[-1]
        assert (last.target, last.value) == ("REQM SG 1", "not_significant")  # the value `appraise decide` takes
