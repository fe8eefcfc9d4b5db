"""The same screens on an Automotive SPICE 3.1 assessment (ISO/IEC 33020): matrix, rating, overview, new."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Checkbox, DataTable, RadioButton, SelectionList, TextArea
from views import shown_text as _text

from appraise.services import Appraisal
from appraise.tui.app import AppraiseApp
from appraise.tui.screens.decision import DecisionDialog
from appraise.tui.screens.matrix import MatrixScreen, MatrixTable
from appraise.tui.screens.new_appraisal import NewAppraisalDialog
from appraise.tui.screens.overview import OverviewScreen
from appraise.tui.screens.rating import RatingScreen

SIZE = (130, 42)


def _create(path: Path, refined: bool = False) -> None:
    Appraisal.create(path, framework="aspice-3.1", target=3, unit="Body Electronics", projects=["ECU-A", "ECU-B"],
                     areas=["SWE.1", "MAN.3"], who="Lead assessor", refined=refined).close()


@pytest.fixture
def spice_path(tmp_path: Path) -> Path:
    path = tmp_path / "ecu.appraisal"
    _create(path)
    return path


def _cell(table: MatrixTable, row: str, column: str) -> str:
    columns = [*table.projects, "Aggr"]
    return table.cell(table.practices.index(row), columns.index(column)).plain


async def _matrix(pilot) -> tuple[MatrixScreen, MatrixTable]:
    await pilot.press("f4")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, MatrixScreen)
    return screen, screen.query_one(MatrixTable)


async def test_matrix_rates_indicators_and_attributes_with_the_models_keys(spice_path, wait_until):
    app = AppraiseApp(appraisal=Appraisal.open(spice_path))
    async with app.run_test(size=SIZE) as pilot:
        screen, table = await _matrix(pilot)
        # rows: the processes' indicators, each attribute after its own; the aggregate column is "Aggr"
        assert table.practices[:3] == ["SWE.1.BP1", "SWE.1.BP2", "SWE.1.BP3"]
        assert table.practices.index("SWE.1 PA 1.1") == 9  # 8 BPs and GP 1.1.1 before it
        assert "2 instances" in _text(screen, "#matrix-filter")
        # the value keys are the scale's N/P/L/F; the refined ones are not offered without --refined
        assert {b.description for b in table._bindings.key_to_bindings.get("l", [])} == {"L"}
        assert "4" not in table._bindings.key_to_bindings
        await pilot.press("l")  # SWE.1.BP1 / ECU-A, then on to ECU-B
        await pilot.pause()
        assert _cell(table, "SWE.1.BP1", "ECU-A") == "L  ··"
        assert table.cell_target() == ("SWE.1.BP1", "ECU-B")
        await pilot.press("f", "f")  # ECU-B, then SWE.1.BP2 / ECU-A
        await pilot.pause()
        assert _cell(table, "SWE.1.BP2", "ECU-A") == "F  ··"
        # an indicator has no aggregate of its own
        assert _cell(table, "SWE.1.BP1", "Aggr") == ""
        # on the attribute row: the proposal from the indicators, labelled with its method
        screen.select_cell("SWE.1 PA 1.1", "ECU-A")
        await pilot.pause()
        line = _text(screen, "#matrix-cell")
        assert "Proposal: F" in line and "AS2.3: mean of 2 of 9 indicator ratings" in line
        await pilot.press("f", "l")  # the assessor rates the attribute in both instances
        await wait_until(pilot, lambda: _cell(table, "SWE.1 PA 1.1", "Aggr") == "F")  # mean 2.5 rounds up (M3.3)
        line = _text(screen, "#matrix-cell")
        assert "processes at target CL 3" in _text(screen, "#matrix-rating")
    app.appraisal.close()
    with Appraisal.open(spice_path) as a:
        chars = a.cells.all()
        assert chars["SWE.1 PA 1.1"] == {"ECU-A": "F", "ECU-B": "L"}
        assert chars["SWE.1.BP1"] == {"ECU-A": "L", "ECU-B": "F"}
        attribute = a.rate()["SWE.1 PA 1.1"]
        assert attribute.kind == "attribute" and attribute.value == "F"
        assert attribute.extra["proposal"] == {"ECU-A": "F", "ECU-B": "F"}


async def test_refined_keys_set_refined_values_when_the_assessment_allows_them(tmp_path):
    path = tmp_path / "refined.appraisal"
    _create(path, refined=True)
    app = AppraiseApp(appraisal=Appraisal.open(path))
    async with app.run_test(size=SIZE) as pilot:
        _screen, table = await _matrix(pilot)
        await pilot.press("4", "1")  # L+ in ECU-A, P- in ECU-B
        await pilot.pause()
        assert _cell(table, "SWE.1.BP1", "ECU-A") == "L+ ··"
        assert _cell(table, "SWE.1.BP1", "ECU-B") == "P- ··"
    app.appraisal.close()


async def test_rating_screen_shows_attributes_and_a_consistency_hit_justified_in_the_dialog(spice_path):
    with Appraisal.open(spice_path) as a:
        a.cells.characterize("SWE.1 PA 3.2", "ECU-A", "F")
        a.cells.characterize("SWE.1 PA 3.1", "ECU-A", "L")
        a.cells.characterize("SWE.1 GP 3.1.1", "ECU-A", "L")
    app = AppraiseApp(appraisal=Appraisal.open(spice_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RatingScreen)
        level = _text(screen, "#rating-level")
        assert "0 of 2 processes at target CL 3" in level and "M3.3" in _text(screen, "#rating-rule")
        assert "AS8:SWE.1:ECU-A" in level  # the open deviation is pending
        assert "1 open deviation" in screen._tree_nodes["SWE.1"].label.plain
        attribute = screen._tree_nodes["SWE.1 PA 3.1"].label.plain
        assert attribute.startswith("SWE.1 PA 3.1  L ··") and "proposal L" in attribute
        await pilot.press("n")  # to the pending deviation
        await pilot.pause()
        assert screen._tree_target() == "AS8:SWE.1:ECU-A"
        detail = _text(screen, "#rating-detail")
        assert "AS8" in detail and "SWE.1 PA 3.2 ECU-A" in detail and "never changes a rating" in detail
        rows = {row.key.value: row for row in screen.query_one("#rating-decisions", DataTable).ordered_rows}
        assert "AS8:SWE.1:ECU-A" in rows
        await pilot.press("d")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, DecisionDialog)
        assert [b.name for b in dialog.query(RadioButton)] == ["justified"]
        assert "SWE.1 PA 3.2 ECU-A" in _text(dialog, "#decision-facts")
        # the only option is chosen already: the dialog starts in the rationale, typing goes there
        assert dialog.chosen == "justified" and isinstance(dialog.focused, TextArea)
        await pilot.press(*"project filled a gap")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RatingScreen)
        assert "justified" in screen._tree_nodes["AS8:SWE.1:ECU-A"].label.plain
        assert "pending" not in _text(screen, "#rating-level")
    app.appraisal.close()
    with Appraisal.open(spice_path) as a:
        rating = a.rate()
        assert rating.pending == ()
        hit = rating["AS8:SWE.1:ECU-A"]
        assert hit.kind == "check" and hit.status == "justified" and hit.extra["rationale"] == "project filled a gap"
        assert a.cells.all()["SWE.1 PA 3.2"] == {"ECU-A": "F"}  # the assessor's rating stands


async def test_overview_shows_the_capability_profile(spice_path):
    with Appraisal.open(spice_path) as a:
        for cell, values in {"SWE.1 PA 1.1": "FF", "SWE.1 PA 2.1": "LF", "SWE.1 PA 2.2": "FL",
                             "SWE.1 PA 3.1": "PP", "SWE.1 PA 3.2": "PP"}.items():
            for code, value in zip(("ECU-A", "ECU-B"), values):
                a.cells.characterize(cell, code, value)
    app = AppraiseApp(appraisal=Appraisal.open(spice_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, OverviewScreen)
        profile = _text(screen, "#profile")
        assert "Capability profile" in profile
        swe1 = next(line for line in profile.splitlines() if "SWE.1" in line)
        # CL 2 aggregated (PA 2.1 L+F -> F, PA 2.2 F+L -> F, PA 3.x P): per level F | F F | P P; instances 2, 2
        assert swe1.split()[-8:] == ["2", "F", "F", "F", "P", "P", "2", "2"]
        assert "Automotive SPICE has no organizational maturity levels" in _text(screen, "#level")
        assert "Process instances" in _text(screen, "#scope")
    app.appraisal.close()


async def test_new_dialog_ticks_the_vda_scope_for_automotive_spice(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = AppraiseApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NewAppraisalDialog)
        dialog.query_one("#new-framework").value = "aspice-3.1"
        await pilot.pause()
        areas = dialog.query_one("#new-areas", SelectionList)
        assert len(areas.selected) == 16 and "SYS.1" not in areas.selected  # AS1.1
        assert dialog.query_one("#new-refined", Checkbox).display
        dialog.query_one("#new-file").value = "ecu"
        dialog.query_one("#new-target").value = "3"
        dialog.query_one("#new-unit").value = "Body Electronics"
        dialog.query_one("#new-projects").value = "ECU-A, ECU-B"
        await pilot.press("ctrl+s")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
    app.appraisal.close()
    with Appraisal.open(tmp_path / "ecu.appraisal") as a:
        assert a.framework.id == "aspice-3.1" and len(a.info.areas) == 16 and a.info.target == 3
        assert a.values == ("F", "L", "P", "N")


async def test_the_overview_says_the_organizational_maturity_and_what_holds_it_back(tmp_path, capsys):
    """ISO/IEC 15504 with a maturity model: the level panel reads the maturity's rule and blockers from the tree."""
    from appraise.cli import main

    root = Path(__file__).resolve().parents[2]
    path = tmp_path / "iso.appraisal"
    assert main(["new", str(path), "--framework", "iso-15504-5-2012", "--processes", "PRO.1,ENG.1", "--target", "1",
                 "--unit", "U", "--projects", "P1,P2", "--maturity-model",
                 str(root / "sample_projects" / "maturity-model-example.yaml")]) == 0
    capsys.readouterr()
    app = AppraiseApp(appraisal=Appraisal.open(path))
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(pilot.app.screen, OverviewScreen)
        level = " ".join(_text(pilot.app.screen, "#level").split())
    assert "Organizational maturity: OM1" in level
    assert "Blocked by: DEV.4 (not assessed), PRO.1 (not rated), ENG.1 (not rated)" in level
