"""The matrix with several assessors: a cell they disagree on shows ≠ and lists each assessor's value; D records the
team's consensus on it through the decision dialog (Automotive SPICE instances here)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.widgets import RadioButton, TextArea
from views import open_matrix, shown_text

from appraise.services import Appraisal
from appraise.tui.app import AppraiseApp
from appraise.tui.screens.decision import DecisionDialog
from appraise.tui.screens.matrix import MatrixScreen

SIZE = (120, 40)


@dataclass
class Ratings:
    path: Path
    assessor_rows: list[tuple[str, str, str, str, str | None]]


def _cell(table, practice: str, project: str) -> str:
    return table.cell(table.practices.index(practice), [*table.projects, "OU"].index(project)).plain


async def test_a_pending_cell_shows_its_assessors_and_takes_the_teams_consensus(tmp_path, wait_until):
    path = tmp_path / "ecu.appraisal"
    Appraisal.create(path, framework="aspice-3.1", target=3, unit="Body Electronics", projects=["ECU-A", "ECU-B"],
                     areas=["SYS.3"], who="lead").close()
    with Appraisal.open(path) as a:
        plan = Ratings(tmp_path / "ratings.csv", [
            ("SYS.3.BP1", "ECU-A", "Zelda Quux", "F", None), ("SYS.3.BP1", "ECU-A", "Yorick Vane", "F", None),
            ("SYS.3.BP2", "ECU-A", "Zelda Quux", "L", "interfaces reviewed late"),
            ("SYS.3.BP2", "ECU-A", "Yorick Vane", "P", None)])
        a.assessors.record(a.assessors.plan(plan), "lead")
    app = AppraiseApp(appraisal=Appraisal.open(path))
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert "1 cell pending a consolidated rating" in shown_text(pilot.app.screen, "#progress")
            screen, table = await open_matrix(pilot)
            assert _cell(table, "SYS.3.BP1", "ECU-A").startswith("F ")
            assert _cell(table, "SYS.3.BP2", "ECU-A").startswith("≠")
            assert "assessors disagree (1)" in str(screen.query_one("#matrix-filter").render())
            screen.select_cell("SYS.3.BP1", "ECU-A")
            await pilot.press("D")  # they agree: nothing to decide, the matrix stays
            await pilot.pause()
            assert isinstance(pilot.app.screen, MatrixScreen)
            screen.select_cell("SYS.3.BP2", "ECU-A")
            await pilot.pause()
            line = str(screen.query_one("#matrix-cell").render())
            assert "Assessors: Yorick Vane P, Zelda Quux L — pending" in line
            await pilot.press("D")
            await pilot.pause()
            dialog = pilot.app.screen
            assert isinstance(dialog, DecisionDialog)
            assert dialog.request.label == "SYS.3.BP2 / ECU-A"
            assert [name for name, _value in dialog.request.facts] == ["Yorick Vane", "Zelda Quux"]
            next(b for b in dialog.query(RadioButton) if b.name == "L").value = True
            dialog.query_one("#decision-why", TextArea).focus()
            await pilot.press(*"interfaces agreed in review")
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: isinstance(pilot.app.screen, MatrixScreen)
                             and _cell(table, "SYS.3.BP2", "ECU-A").startswith("L "))
            assert "pending" not in str(screen.query_one("#matrix-cell").render())
        with Appraisal.open(path) as a:
            assert a.cells.all()["SYS.3.BP2"] == {"ECU-A": "L"} and a.assessors.pending() == []
            (decision,) = [d for d in a.decisions.all() if d.kind == "consensus"]
            assert (decision.target, decision.rationale) == ("SYS.3.BP2 / ECU-A", "interfaces agreed in review")
    finally:
        if app.appraisal is not None:
            app.appraisal.close()
