"""The import's mapping step in the terminal UI: a workbook's sheet, header row and columns chosen by keyboard,
then the usual check, preview and import (issue 13, item 4). The workbooks are written with openpyxl here."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fixtures.workbooks import oe_database
from openpyxl import Workbook
from textual.widgets import DataTable, Input, Select

from appraise.io.evidence import EVIDENCE_FIELDS
from appraise.services import Appraisal
from appraise.tui.screens.characterization_import import CharacterizationImportDialog
from appraise.tui.screens.evidence import EvidenceScreen
from appraise.tui.screens.evidence_import import ImportDialog, PathInput
from appraise.tui.screens.import_columns import changed, propose, spec_columns
from appraise.tui.screens.import_mapping import NONE, ImportMappingDialog
from appraise.tui.screens.matrix import MatrixScreen

#: A German evidence list: what each column is (its header on row 8) and what the test expects it to map to.
HEADER = ["Nr. im Modell", "Projekt", "Titel", "Typ", "Ablage", "Datum", "Bemerkung"]
PROPOSED = {"project": 1, "title": 2, "kind": 3, "location": 4, "date": 5, "description": 6}


def _workbook(tmp_path: Path, rows: list[tuple], name: str = "nachweise.xlsx") -> Path:
    """A cover sheet, a hidden list sheet, and the evidence list below seven banner rows."""
    wb = Workbook()
    cover = wb.active
    cover.title = "Deckblatt"
    cover["A1"] = "Nachweisliste (fiktiv)"
    cover["A3"] = "Stand: November 2026"
    lists = wb.create_sheet("Listen")
    lists.append(["Typ"])
    lists.append(["artifact"])
    lists.sheet_state = "hidden"
    ws = wb.create_sheet("Nachweise")
    ws["A1"] = "Nachweise der Bewertung (fiktiv)"
    ws["A2"] = "Erstellt vom Team"
    ws["A5"] = "Bitte nur Zeilen unter der Kopfzeile füllen"
    for column, text in enumerate(HEADER, start=1):
        ws.cell(row=8, column=column, value=text)
    for offset, row in enumerate(rows):
        for column, value in enumerate(row, start=1):
            ws.cell(row=9 + offset, column=column, value=value)
    path = tmp_path / name
    wb.save(path)
    return path


GOOD_ROWS = [
    ("REQM SP 1.1", "ALPHA", "Anforderungsliste ALPHA", "artifact", "https://dms.example/alpha/req.xlsx",
     dt.datetime(2026, 11, 2), "Stand 3"),
    ("REQM SP 1.2", "BETA", "Anforderungsliste ALPHA", "artifact", "https://dms.example/alpha/req.xlsx",
     dt.datetime(2026, 11, 2), "Stand 3"),
    ("PP SP 1.1", "GAMMA", "Projektplan GAMMA (fiktiv)", "artifact", "plan-gamma.docx",
     dt.datetime(2026, 11, 4), None),
]


def _values(dialog: ImportMappingDialog) -> dict[str, int]:
    """Each field's column as its Select shows it."""
    return {name: dialog.query_one(f"#map-{name}", Select).value for name in dialog.fields}


async def _mapping(pilot, path: Path, wait_until, key: str = "i") -> ImportMappingDialog:
    """Open the import dialog, type the workbook's path, Enter: the mapping step, once it read the file."""
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(pilot.app.screen, ImportDialog)
    assert pilot.app.screen.query_one(PathInput).has_focus
    await pilot.press("ctrl+a", *str(path))
    assert "Enter chooses the sheet and its columns" in str(pilot.app.screen.query_one("#import-hint").render())
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ImportMappingDialog))
    dialog = pilot.app.screen
    await wait_until(pilot, lambda: not dialog.reading)
    await pilot.pause()
    return dialog


async def test_a_workbook_is_mapped_corrected_and_imported(sample_app, sample_path, tmp_path, wait_until):
    path = _workbook(tmp_path, GOOD_ROWS)
    before = path.read_bytes()
    async with sample_app.run_test(size=(80, 24)) as pilot:  # the smallest usual terminal
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(pilot.app.screen, EvidenceScreen)
        mapping = await _mapping(pilot, path, wait_until)

        # the sheet whose header fits, found below the cover sheet; the hidden one listed, marked
        sheet = mapping.query_one("#mapping-sheet", Select)
        assert sheet.value == "Nachweise"
        labels = [str(prompt) for prompt, _value in sheet._options]
        assert "Listen (hidden)" in labels and "Deckblatt" in labels
        # the header found on row 8, highlighted in the preview of the sheet's first rows
        assert mapping.query_one("#mapping-header", Input).value == "8"
        preview = mapping.query_one("#mapping-preview", DataTable)
        assert preview.row_count == 11
        header_cell = preview.get_row_at(7)[0]
        assert header_cell.plain == "Nr. im Modell" and "reverse" in str(header_cell.style)
        # the proposal from the German names; the practice column has a name nobody's synonyms know
        values = _values(mapping)
        assert {f: values[f] for f in PROPOSED} == PROPOSED
        assert values["practice"] == NONE
        assert "A: Nr. im Modell" in [str(p) for p, _v in mapping.query_one("#map-practice", Select)._options]
        # everything fits in 80x24: the buttons are on screen
        check = mapping.query_one("#mapping-ok")
        assert check.has_focus and check.region.bottom <= 24 and check.region.height == 3

        await pilot.press("enter")  # Check: the practice column is needed, and the dialog says which
        await pilot.pause()
        assert "Choose the column of practice" in str(mapping.query_one("#mapping-problem").render())
        assert pilot.app.screen is mapping and mapping.query_one("#map-practice").has_focus

        await pilot.press("enter", "escape")  # escape closes the open choices, not the dialog
        await pilot.pause()
        assert pilot.app.screen is mapping and mapping.query_one("#map-practice", Select).value == NONE
        await pilot.press("enter", "home", "enter")  # open the choices, the first column, take it
        await pilot.pause()
        assert mapping.query_one("#map-practice", Select).value == 0
        await pilot.press("ctrl+s")  # check the file with these columns
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ImportDialog))
        dialog = pilot.app.screen
        await wait_until(pilot, lambda: dialog.plan is not None)
        await pilot.pause()
        summary = " ".join(str(dialog.query_one("#import-summary").render()).split())
        assert "Import 2 new items (2 artifacts, 0 affirmations), 0 already present, 3 new links from 3 rows" \
            in summary
        assert "sheet Nachweise, header on row 8, long layout" in summary
        assert dialog.spec.columns["practice"] == "Nr. im Modell" and dialog.spec.sheet == "Nachweise"
        with Appraisal.open(sample_path) as a:  # checking wrote nothing
            assert "Projektplan GAMMA (fiktiv)" not in {e.title for e in a.evidence.items()}

        await pilot.press("ctrl+s")  # import
        await wait_until(pilot, lambda: not isinstance(pilot.app.screen, ImportDialog))
    with Appraisal.open(sample_path) as a:
        items = {e.title: e for e in a.evidence.items()}
        req = items["Anforderungsliste ALPHA"]
        assert req.kind == "artifact" and req.location == "https://dms.example/alpha/req.xlsx"
        assert req.collected_on == "2026-11-02"
        assert a.reader.evidence_links_of(req.id) == [("REQM SP 1.1", "ALPHA"), ("REQM SP 1.2", "BETA")]
        assert a.reader.evidence_links_of(items["Projektplan GAMMA (fiktiv)"].id) == [("PP SP 1.1", "GAMMA")]
        assert a.reader.change_log()[-1].what == "evidence imported"
    assert path.read_bytes() == before  # the workbook is only read


async def test_errors_name_the_cells_and_nothing_is_written(sample_app, sample_path, tmp_path, wait_until):
    rows = [*GOOD_ROWS[:1], ("XYZ SP 9.9", "BETA", "Unbekannte Praxis", "artifact", "x.pdf", None, None),
            ("REQM SP 1.2", "GAMMA", "Falsches Datum", "artifact", "y.pdf", "2026-13-45", None)]
    path = _workbook(tmp_path, rows, "fehler.xlsx")
    with Appraisal.open(sample_path) as a:
        items_before = len(a.evidence.items())
    async with sample_app.run_test(size=(140, 44)) as pilot:  # wide: two fields a line
        await pilot.press("f5")
        await pilot.pause()
        mapping = await _mapping(pilot, path, wait_until)
        assert mapping.has_class("-wide")
        # another header row: the columns offered are that row's; back to row 8
        header = mapping.query_one("#mapping-header", Input)
        header.focus()
        await pilot.press("end", "backspace", "5")
        await pilot.pause()
        options = [str(p) for p, _v in mapping.query_one("#map-practice", Select)._options]
        assert options[0].startswith("A: Bitte nur Zeilen") and options[-1] == "— none —"
        # the preview row picked with Enter becomes the header
        mapping.query_one("#mapping-preview", DataTable).focus()
        await pilot.press("down", "down", "down", "enter")
        await pilot.pause()
        assert header.value == "8" and _values(mapping)["project"] == 1
        mapping.query_one("#map-practice", Select).focus()
        await pilot.press("enter", "home", "enter")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ImportDialog))
        dialog = pilot.app.screen
        await wait_until(pilot, lambda: not dialog.busy)
        await pilot.pause()
        problems = str(dialog.query_one("#import-problems").render())
        assert f"{path}!Nachweise:A10: " in problems and "unknown area code 'XYZ'" in problems
        assert f"{path}!Nachweise:F11: " in problems and "2026-13-45" in problems
        assert dialog.query_one("#import-go").disabled
        await pilot.press("ctrl+l")  # the columns again, as chosen
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ImportMappingDialog))
        again = pilot.app.screen
        await wait_until(pilot, lambda: not again.reading)
        assert again.query_one("#mapping-header", Input).value == "8" and _values(again)["practice"] == 0
        await pilot.press("escape")  # back to the import dialog, nothing checked or written
        await pilot.pause()
        assert pilot.app.screen is dialog
    with Appraisal.open(sample_path) as a:
        assert len(a.evidence.items()) == items_before


async def test_characterizations_from_a_workbook_with_one_project(sample_app, sample_path, tmp_path, wait_until):
    wb = Workbook()
    ws = wb.active
    ws.title = "Ratings"
    ws.append(["Practice", "Rating", "Comment"])
    ws.append(["REQM SP 1.1", "LI", "fictional note"])
    ws.append(["REQM SP 1.2", "PI", None])
    path = tmp_path / "ratings.xlsx"
    wb.save(path)
    async with sample_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        assert isinstance(pilot.app.screen, MatrixScreen)
        mapping = await _mapping(pilot, path, wait_until)
        assert mapping.query_one("#mapping-header", Input).value == "1"
        assert {"practice": 0, "value": 1, "note": 2, "project": NONE}.items() <= _values(mapping).items()
        await pilot.press("shift+tab")  # from Check back to the last choice: every row's project
        assert mapping.query_one("#mapping-project").has_focus
        await pilot.press("enter", "down", "down", "enter")  # — from the file —, ALPHA, BETA
        await pilot.pause()
        assert mapping.query_one("#mapping-project", Select).value == "BETA"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, CharacterizationImportDialog))
        dialog = pilot.app.screen
        await wait_until(pilot, lambda: dialog.plan is not None)
        await pilot.pause()
        assert [(c.practice, c.project, c.new) for c in dialog.changes] == [
            ("REQM SP 1.1", "BETA", "LI"), ("REQM SP 1.2", "BETA", "PI")]
        await pilot.click("#import-go")
        await wait_until(pilot, lambda: not isinstance(pilot.app.screen, CharacterizationImportDialog))
    with Appraisal.open(sample_path) as a:
        chars = a.cells.all()
        assert chars["REQM SP 1.1"]["BETA"] == "LI" and chars["REQM SP 1.2"]["BETA"] == "PI"
        assert a.cells.notes()[("REQM SP 1.1", "BETA")] == "fictional note"


async def test_a_csv_whose_header_names_no_field_is_mapped_by_hand(sample_app, sample_path, tmp_path, wait_until,
                                                                   monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "liste.csv").write_text("Code,Team,Bezeichnung,Art\nREQM SP 1.1,GAMMA,Fiktive Liste,artifact\n",
                                        encoding="utf-8")
    async with sample_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        dialog = pilot.app.screen
        await pilot.press(*"liste.csv", "enter")  # a CSV is checked at once, as it always was
        await wait_until(pilot, lambda: not dialog.busy and str(dialog.query_one("#import-summary").render()) != "")
        await pilot.pause()
        summary = str(dialog.query_one("#import-summary").render())
        assert "missing column 'practice'" in summary and "ctrl+l chooses the columns" in summary
        await pilot.press("ctrl+l")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ImportMappingDialog))
        mapping = pilot.app.screen
        await wait_until(pilot, lambda: not mapping.reading)
        assert mapping.query_one("#mapping-sheet", Select).disabled  # a CSV is one sheet
        assert {"title": 2, "kind": 3, "practice": NONE, "project": NONE}.items() <= _values(mapping).items()
        for name, downs in (("practice", ()), ("project", ("down",))):
            mapping.query_one(f"#map-{name}", Select).focus()
            await pilot.press("enter", "home", *downs, "enter")
        await pilot.pause()
        assert _values(mapping)["practice"] == 0 and _values(mapping)["project"] == 1
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: pilot.app.screen is dialog and dialog.plan is not None)
        assert dialog.spec.columns == {"practice": "Code", "project": "Team", "title": "Bezeichnung", "kind": "Art"}
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: pilot.app.screen is not dialog)
    with Appraisal.open(sample_path) as a:
        item = next(e for e in a.evidence.items() if e.title == "Fiktive Liste")
        assert a.reader.evidence_links_of(item.id) == [("REQM SP 1.1", "GAMMA")]


def test_the_columns_the_spec_names():
    assert {f: propose(HEADER, EVIDENCE_FIELDS)[f] for f in PROPOSED} == PROPOSED
    # the rows layout sends only what the user changed from the proposal
    assert changed({"title": 2, "kind": NONE, "project": 1}, {"title": 2, "kind": 3, "project": 1}) == {"kind": NONE}
    # a header naming one column is named by its text; an empty or repeated one by its letter; none: left out,
    # or "" (no column) where a header names the field, so the import does not take that column after all
    headers = ["Practice", "Titel", "", "Titel"]
    assert spec_columns(headers, {"practice": 0, "title": 1, "location": 2, "kind": NONE}, EVIDENCE_FIELDS) == {
        "practice": "Practice", "title": "B", "location": "C"}
    assert spec_columns(headers, {"practice": NONE, "title": 1}, EVIDENCE_FIELDS) == {"practice": "", "title": "B"}


async def test_the_choices_are_saved_as_a_profile(sample_app, tmp_path, wait_until):
    from appraise.io import profiles

    path = _workbook(tmp_path, GOOD_ROWS)
    async with sample_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        mapping = await _mapping(pilot, path, wait_until)
        mapping.query_one("#map-practice", Select).focus()
        await pilot.press("enter", "home", "enter")
        await pilot.pause()
        mapping.query_one("#mapping-save").focus()
        await pilot.press("enter")
        profile = mapping.query_one("#mapping-profile", Input)
        assert profile.has_focus and profile.value == str(tmp_path / "nachweise.yaml")
        await pilot.press("enter")
        await wait_until(pilot, lambda: (tmp_path / "nachweise.yaml").exists()
                         and not mapping.query_one("#mapping-profile-row").display)
        assert pilot.app.screen is mapping and mapping.query_one("#mapping-ok").has_focus
    spec = profiles.load_profile(tmp_path / "nachweise.yaml")
    assert (spec.sheet, spec.header_row, spec.layout) == ("Nachweise", 8, "long")
    assert spec.columns["practice"] == "Nr. im Modell" and spec.columns["project"] == "Projekt"


async def test_an_oe_database_is_imported_in_the_rows_layout(sample_app, sample_path, tmp_path, wait_until):
    # the OE header makes the proposal put title on I ("Suff. Artifact") and kind on F ("OE Type"); the rows layout
    # reads C and D of the 5 OE rows whatever the header says, so the dialog must not send the proposal
    oe = oe_database(tmp_path / "oe.xlsx", {"REQM": ["REQM SP 1.1", "REQM SP 1.2"]}, ["ALPHA", "BETA"])
    before = oe.path.read_bytes()
    with Appraisal.open(sample_path) as a:
        titles_before = {e.title for e in a.evidence.items()}
    async with sample_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        mapping = await _mapping(pilot, oe.path, wait_until)
        # the CLI's choice: the first visible sheet whose header fits, the header on row 8 below the banner
        assert mapping.query_one("#mapping-sheet", Select).value == "REQM"
        assert mapping.query_one("#mapping-header", Input).value == "8"
        assert _values(mapping)["title"] == 8  # what the proposal makes of "Suff. Artifact"
        # another sheet: its header row by the same rule (the template's is on row 2), then back
        sheet = mapping.query_one("#mapping-sheet", Select)
        sheet.focus()
        await pilot.press("enter", "end", "enter")
        await wait_until(pilot, lambda: mapping.sheet == "Template1" and not mapping.reading)
        assert mapping.query_one("#mapping-header", Input).value == "2"
        assert sheet.has_focus  # the loading took the focus away; it comes back where it was
        await pilot.press("enter", "home", "enter")
        await wait_until(pilot, lambda: mapping.sheet == "REQM" and not mapping.reading)
        assert mapping.query_one("#mapping-header", Input).value == "8"
        # the header's "Heading" says the first column types each row: the rows layout is proposed
        mapping.query_one("#mapping-layout", Select).focus()
        await pilot.pause()
        assert mapping.query_one("#mapping-layout", Select).value == "rows"
        assert "each type's columns are fixed" in str(mapping.query_one("#mapping-hint").render())
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ImportDialog))
        dialog = pilot.app.screen
        await wait_until(pilot, lambda: dialog.plan is not None, timeout=10)
        await pilot.pause()
        assert (dialog.spec.sheet, dialog.spec.header_row, dialog.spec.layout) == ("REQM", 8, "rows")
        assert dialog.spec.columns == {}  # nothing changed from the proposal: the row types' columns
        await pilot.press("ctrl+s")  # import
        await wait_until(pilot, lambda: not isinstance(pilot.app.screen, ImportDialog))
    with Appraisal.open(sample_path) as a:
        new = {e.title: e for e in a.evidence.items() if e.title not in titles_before}
        assert sorted(new) == sorted(title for _r, _p, _u, title, _l in oe.evidence["REQM"])  # the C cells
        assert "yes" not in new
        for _row, practice, unit, title, location in oe.evidence["REQM"]:
            item = new[title]
            assert (item.kind, item.location) == ("artifact", location)
            assert a.reader.evidence_links_of(item.id) == [(practice, unit)]
    assert oe.path.read_bytes() == before  # the workbook is only read


async def test_a_profile_is_read_with_its_units_and_aliases(sample_app, sample_path, tmp_path, wait_until):
    """Load profile…: the organization's unit names and area codes come in through a profile the CLI saved."""
    from appraise.io.layouts import ImportSpec
    from appraise.io.profiles import save_profile

    rows = [("RM SP 1.1", "Team Gamma", "Fiktive Liste (Profil)", "artifact", "liste.xlsx", None, None)]
    path = _workbook(tmp_path, rows)
    profile = tmp_path / "team.yaml"
    save_profile(ImportSpec(sheet="Nachweise", header_row=8, columns={"practice": "A"},
                            units={"Team Gamma": "GAMMA"}, aliases={"RM": "REQM"}), profile)
    async with sample_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        mapping = await _mapping(pilot, path, wait_until)
        mapping.query_one("#mapping-load").focus()
        await pilot.press("enter")
        assert mapping.query_one("#mapping-profile", Input).has_focus
        mapping.query_one("#mapping-profile", Input).value = str(profile)
        await pilot.press("enter")
        await wait_until(pilot, lambda: not mapping.reading and not mapping.query_one("#mapping-profile-row").display)
        assert _values(mapping)["practice"] == 0 and mapping.header_row == 8
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ImportDialog))
        dialog = pilot.app.screen
        await wait_until(pilot, lambda: dialog.plan is not None)
        assert dialog.spec.units == {"Team Gamma": "GAMMA"} and dialog.spec.aliases == {"RM": "REQM"}
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, EvidenceScreen))
    with Appraisal.open(sample_path) as a:
        item = next(e for e in a.evidence.items() if e.title == "Fiktive Liste (Profil)")
        assert a.reader.evidence_links_of(item.id) == [("REQM SP 1.1", "GAMMA")]
