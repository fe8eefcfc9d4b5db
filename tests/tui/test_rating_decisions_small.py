"""The rating view's decisions at 80x24: no sideways scrolling, the decisions in the dialog's words."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, RadioButton

from appraise.services import Appraisal
from appraise.tui.app import AppraiseApp
from appraise.tui.screens.decision import DecisionDialog, open_decision
from appraise.tui.screens.rating import RatingScreen

SMALL = (80, 24)
WIDE = (160, 40)


@pytest.fixture
def decided_app(sample_path):
    """The sample (SAM ruled not applicable, REQM SP 1.4 LI by decision) and REQM SG 1's weakness judged."""
    with Appraisal.open(sample_path) as a:
        a.decisions.decide("REQM SG 1", "not_significant", "traceability gaps are minor")
    app = AppraiseApp(appraisal=Appraisal.open(sample_path))
    yield app
    if app.appraisal is not None:
        app.appraisal.close()


def _cells(table: DataTable, target: str) -> dict[str, str]:
    return {str(key.value): cell.plain
            for key, cell in zip(table.columns, table.get_row(target), strict=True)}


async def test_decisions_fit_80_columns_in_words(decided_app):
    async with decided_app.run_test(size=SMALL) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, RatingScreen)
        table = screen.query_one("#rating-decisions", DataTable)
        await pilot.pause()
        assert table.virtual_size.width <= table.size.width and table.max_scroll_x == 0  # no sideways scrolling
        assert table.columns["why"].width >= 20
        sam, goal, practice = _cells(table, "SAM"), _cells(table, "REQM SG 1"), _cells(table, "REQM SP 1.4")
        assert (sam["value"], goal["value"], practice["value"]) == ("Not applicable", "Satisfied", "LI")
        assert "supplier" in sam["why"].lower()
        assert "not_applicable" not in str([table.get_row(r) for r in table.rows])
        # the same words the decision dialog offers for the value (its label starts with them)
        open_decision(pilot.app, "REQM SG 1")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, DecisionDialog)
        label = next(b for b in dialog.query(RadioButton) if b.name == "not_significant").label.plain
        assert label.startswith(goal["value"] + " — ")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.resize_terminal(*WIDE)  # room: who and when come back
        await pilot.pause()
        await pilot.pause()
        assert {"by", "when"} <= {str(k.value) for k in table.columns}
        assert _cells(table, "SAM")["by"] and table.max_scroll_x == 0
