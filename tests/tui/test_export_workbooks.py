"""The export dialog offers the workbooks a scheme's view names (``SchemeView.exports``): a CMMI V3.0 appraisal
of the FICTIONAL model writes the CAS Staged Roll-Up from the dialog; a SCAMPI appraisal is not offered it."""

from __future__ import annotations

from openpyxl import load_workbook
from textual.widgets import Input, RadioButton

from appraise.services import Appraisal
from appraise.tui.app import AppraiseApp
from appraise.tui.screens.export import ExportDialog

SIZE = (120, 40)


async def test_the_roll_up_is_written_from_the_dialog(tmp_path):
    path = tmp_path / "v3.appraisal"
    with Appraisal.create(path, framework="fictional-v3", target=2, unit="Acme Voyages", projects=["P1", "P2"],
                          who="lead") as appraisal:
        for unit, value in (("P1", "FM"), ("P2", "LM")):
            appraisal.cells.characterize("ALP 1.1", unit, value, who="lead")
    app = AppraiseApp(appraisal=Appraisal.open(path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+e")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, ExportDialog)
        assert [b.name for b in dialog.query(RadioButton)] == ["md", "csv", "json", "pptx", "html", "pdf", "xlsx", "cas-roll-up"]
        field = dialog.query_one(Input)
        await pilot.click("#export-format-cas-roll-up")
        await pilot.pause()
        assert field.value == str(tmp_path / "v3-cas-roll-up.xlsx")  # the default name follows the format
        field.value = str(tmp_path / "roll-up")  # no extension: the format's
        await pilot.click("#export-ok")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(pilot.app.screen, ExportDialog)
    ws = load_workbook(tmp_path / "roll-up.xlsx")["Staged Roll-Up"]
    assert ws["A1"].value == "Level 2"
    header = [c.value for c in ws[3]]
    alp = header.index("ALP") + 1
    row = next(r for r in ws.iter_rows(min_row=4) if r[0].value == "1.1")
    assert row[alp - 1].value == "LM"  # FM, LM -> LM (V2)


async def test_a_scheme_without_workbooks_offers_the_core_formats_and_the_deliverables(sample_app):
    async with sample_app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert [b.name for b in pilot.app.screen.query(RadioButton)] == ["md", "csv", "json", "pptx", "html", "pdf",
                                                                          "xlsx"]
