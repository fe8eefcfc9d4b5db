"""The matrix's import dialog (i): every changed cell listed, old -> new; cells the team recorded differently
wait for the user's choice (keep them, or replace them), as the CLI's --keep-existing and --replace."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, DataTable

from appraise.services import Appraisal
from appraise.tui.screens.characterization_import import CharacterizationImportDialog
from appraise.tui.screens.matrix import MatrixScreen

SIZE = (120, 40)


def _rows(dialog) -> list[list[str]]:
    table = dialog.query_one("#import-preview", DataTable)
    return [[str(getattr(c, "plain", c)) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def _checked(pilot, csv_path: Path, wait_until):
    await pilot.press("f4")
    await pilot.pause()
    assert isinstance(pilot.app.screen, MatrixScreen)
    await pilot.press("i")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, CharacterizationImportDialog)
    await pilot.press("ctrl+a")
    await pilot.press(*str(csv_path))
    await pilot.press("enter")
    await wait_until(pilot, lambda: dialog.plan is not None)
    await pilot.pause()
    return dialog


def _csv(tmp_path: Path, sample_path: Path) -> Path:
    """REQM SP 1.1 is FI in every project of the sample; REQM SP 1.2 / GAMMA is made empty."""
    with Appraisal.open(sample_path) as a:
        a.cells.characterize("REQM SP 1.2", "GAMMA", None)
    path = tmp_path / "chars.csv"
    path.write_text("practice,project,value,note\nREQM SP 1.1,ALPHA,LI,stale\nREQM SP 1.1,BETA,FI,\n"
                    "REQM SP 1.2,GAMMA,PI,\n", encoding="utf-8")
    return path


async def test_conflicts_are_listed_and_kept_unless_replaced(sample_app, sample_path, tmp_path, wait_until):
    async with sample_app.run_test(size=SIZE) as pilot:
        dialog = await _checked(pilot, _csv(tmp_path, sample_path), wait_until)
        rows = _rows(dialog)
        assert rows[0][:4] == ["!", "REQM SP 1.1 / ALPHA", "FI", "LI"]
        assert ["", "REQM SP 1.2 / GAMMA", "—", "PI"] in [r[:4] for r in rows]
        assert len(rows) == 2  # BETA is FI already: no change
        keep = dialog.query_one("#import-keep", Button)
        assert keep.display and pilot.app.focused is keep  # the safe choice has the focus
        assert str(dialog.query_one("#import-go", Button).label) == "Replace them"
        await pilot.press("enter")  # keep what is recorded, import the rest
        await wait_until(pilot, lambda: not isinstance(pilot.app.screen, CharacterizationImportDialog))
    with Appraisal.open(sample_path) as a:
        chars = a.cells.all()
    assert chars["REQM SP 1.1"]["ALPHA"] == "FI" and chars["REQM SP 1.2"]["GAMMA"] == "PI"


async def test_replace_writes_the_files_values(sample_app, sample_path, tmp_path, wait_until):
    async with sample_app.run_test(size=SIZE) as pilot:
        await _checked(pilot, _csv(tmp_path, sample_path), wait_until)
        await pilot.click("#import-go")
        await wait_until(pilot, lambda: not isinstance(pilot.app.screen, CharacterizationImportDialog))
    with Appraisal.open(sample_path) as a:
        assert a.cells.all()["REQM SP 1.1"]["ALPHA"] == "LI"
        assert a.cells.notes()[("REQM SP 1.1", "ALPHA")] == "stale"


async def test_nothing_is_written_on_cancel(sample_app, sample_path, tmp_path, wait_until):
    csv_path = _csv(tmp_path, sample_path)
    with Appraisal.open(sample_path) as a:
        before = a.cells.all()
    async with sample_app.run_test(size=SIZE) as pilot:
        await _checked(pilot, csv_path, wait_until)
        await pilot.click("#import-cancel")  # a typed path: the dialog asks before it is thrown away
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(pilot.app.screen, MatrixScreen)
    with Appraisal.open(sample_path) as a:
        assert a.cells.all() == before


async def test_ratings_by_assessor_are_consolidated_and_a_disagreement_waits(sample_app, sample_path, tmp_path,
                                                                            wait_until):
    """A file with an assessor column: agreeing assessors give the cell its value, disagreeing ones leave it
    pending a consensus; the preview shows the values, never who gave them."""
    with Appraisal.open(sample_path) as a:
        a.cells.characterize("REQM SP 1.2", "GAMMA", None)
        a.cells.characterize("REQM SP 1.3", "GAMMA", None)
    path = tmp_path / "ratings.csv"
    path.write_text("practice,project,assessor,value\nREQM SP 1.2,GAMMA,Ann Lee,LI\nREQM SP 1.2,GAMMA,Bo Kim,LI\n"
                    "REQM SP 1.3,GAMMA,Ann Lee,FI\nREQM SP 1.3,GAMMA,Bo Kim,PI\n", encoding="utf-8")
    async with sample_app.run_test(size=SIZE) as pilot:
        dialog = await _checked(pilot, path, wait_until)
        rows = _rows(dialog)
        assert ["", "REQM SP 1.2 / GAMMA", "—", "LI", "agreed: LI"] in rows
        assert ["", "REQM SP 1.3 / GAMMA", "—", "··", "pending consensus: FI, PI"] in rows
        shown = str(dialog.query_one("#import-summary").render()) + repr(rows)
        assert "Ann" not in shown and "Bo Kim" not in shown
        assert "1 pending a consensus" in shown
        await pilot.press("enter")
        await wait_until(pilot, lambda: not isinstance(pilot.app.screen, CharacterizationImportDialog))
    with Appraisal.open(sample_path) as a:
        assert a.cells.all()["REQM SP 1.2"]["GAMMA"] == "LI"
        assert "GAMMA" not in a.cells.all().get("REQM SP 1.3", {})
        assert [(c.practice, c.project, c.values_by_assessor) for c in a.assessors.pending()] == [
            ("REQM SP 1.3", "GAMMA", {"Ann Lee": "FI", "Bo Kim": "PI"})]
