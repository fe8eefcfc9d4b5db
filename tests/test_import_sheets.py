"""Workbooks and CSV files read as sheets (contract 1): open_sheets, Sheet.rows, Sheet.where, list_sheets,
preview_rows. Every workbook is written with openpyxl to tmp_path (tests/fixtures/workbooks.py) and read back;
the files' bytes are checked unchanged after reading."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import zipfile
from pathlib import Path

import pytest
from fixtures.workbooks import (
    PLACEHOLDER,
    excel_strings,
    long_evidence,
    oe_database,
    protected_xlsm,
    ratings,
    set_cached_values,
    wide_matrix,
)
from openpyxl import Workbook

from appraise.errors import InputFileError
from appraise.io.characterizations import CHARACTERIZATION_FIELDS
from appraise.io.evidence import EVIDENCE_FIELDS
from appraise.io.layouts import ImportSpec, read_records
from appraise.io.sheet_xml import number_format_decimals
from appraise.io.sheets import SheetInfo, list_sheets, open_sheets, preview_rows
from appraise.io.table import Field, Problems
from appraise.io.workbook import number_text

AREAS = {"ALP": ["ALP 2.1", "ALP 2.2", "ALP 2.3"], "BRV": ["BRV 2.1", "BRV 2.2"]}
UNITS = ["p1alp", "s2brv"]
MATRIX_FIELDS = {f.name: f for f in (Field("area", ("process area",)), Field("practice", ("practice id",)))}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rows_of(sheet) -> dict[int, list[str]]:  # type: ignore[no-untyped-def]
    return dict(sheet.rows(Problems(sheet.path)))


# --- the OE database (domain page 4.4) --------------------------------------------------------------------------

@pytest.fixture
def oe(tmp_path: Path):  # type: ignore[no-untyped-def]
    return oe_database(tmp_path / "oe.xlsx", AREAS, UNITS)


def test_oe_database_sheets_header_on_row_8_found_and_said(oe) -> None:  # type: ignore[no-untyped-def]
    before = digest(oe.path)
    sheets = open_sheets(oe.path, ImportSpec(sheets="*"), EVIDENCE_FIELDS)
    # every visible sheet in the workbook's order; the hidden TV_ sheets never chosen by a glob
    assert [s.name for s in sheets] == ["ALP", "BRV", "Template1"]
    alp = sheets[0]
    assert alp.is_workbook and alp.header_row == 8 and alp.header_found
    assert alp.headers[:4] == ["Heading", "Level\nPractice\nProject\nOE Source", "OE reference", "URL"]
    assert sheets[2].header_row == 2 and sheets[2].header_found  # Template1's header is on row 2
    rows = rows_of(alp)
    assert min(rows) == 9 and rows[9][:2] == ["1 Prac_Group", "Level 2"]
    # every evidence line comes back with its row number, unit, title and location
    for row, _practice, unit, title, location in oe.evidence["ALP"]:
        assert rows[row][:5] == ["5 OE", unit, title, location, "engl"]
    # the placeholder lines are rows like any other here (the layouts decide they are not evidence);
    # a whitespace-only cell (I) reads as empty: the cells end with the last non-empty one
    for row in oe.placeholders["ALP"]:
        assert rows[row] == ["5 OE", "", *PLACEHOLDER]
    # the formula cell reads as its cached value
    cell, value = oe.formulas["ALP"]
    assert rows[int(cell[1:])][14] == value
    # a "4 Prac_Instan" row's flags and characterization as text
    row, practice, unit, value = oe.instances["ALP"][1]
    assert rows[row][:3] == ["4 Prac_Instan", practice, unit] and rows[row][8] == "YES" and rows[row][14] == value
    assert alp.where(101, 1) == f"{oe.path}!ALP:B101" and alp.where(101, None) == f"{oe.path}!ALP:101"
    assert alp.where(9, 27) == f"{oe.path}!ALP:AB9"
    assert digest(oe.path) == before


def test_oe_database_per_process_rows_and_unit_names(tmp_path: Path) -> None:
    db = oe_database(tmp_path / "oe.xlsx", {"GOV": ["GOV 2.1"]}, ["p1alp"], evidence_per_unit=1,
                     processes={"GOV": ["Fictional process A", "Fictional process B"]},
                     unit_names={"p1alp": "Project Alpha (fictional)"}, tv_sheets=False, template=False)
    (sheet,) = open_sheets(db.path, ImportSpec(), EVIDENCE_FIELDS)
    rows = rows_of(sheet)
    assert [rows[r][:3] for r, _p, _q in db.processes["GOV"]] == [["3 Process", "GOV 2.1", "Fictional process A"],
                                                                ["3 Process", "GOV 2.1", "Fictional process B"]]
    assert [rows[r][:3] for r, *_ in db.instances["GOV"]] == [["4 Prac_Instan", "GOV 2.1",
                                                                "Project Alpha (fictional)"]] * 2
    assert [rows[r][:2] for r, *_ in db.evidence["GOV"]] == [["5 OE", "p1alp"]] * 2
    assert [r for r, _ in sheet.rows()] == list(range(9, 9 + 1 + 1 + 2 * 3 + 1))


def test_glob_is_case_insensitive_and_hidden_sheets_are_never_guessed(oe) -> None:  # type: ignore[no-untyped-def]
    assert [s.name for s in open_sheets(oe.path, ImportSpec(sheets="alp"), EVIDENCE_FIELDS)] == ["ALP"]
    assert [s.name for s in open_sheets(oe.path, ImportSpec(sheets="[AB]*"), EVIDENCE_FIELDS)] == ["ALP", "BRV"]
    with pytest.raises(InputFileError) as err:
        open_sheets(oe.path, ImportSpec(sheets="TV_*"), EVIDENCE_FIELDS)  # only hidden sheets match
    assert str(err.value) == (f"{oe.path}: no visible sheet matches 'TV_*'; the sheets are: ALP, BRV, Template1 "
                              "(hidden: TV_ALP, TV_BRV)")
    # named, a hidden sheet is read (its header, on row 1, fits the evidence fields)
    (tv,) = open_sheets(oe.path, ImportSpec(sheet="TV_ALP"), EVIDENCE_FIELDS)
    assert tv.header_row == 1 and not tv.header_found and tv.headers == ["Practice", "Project", "Title", "Kind"]
    assert list(tv.rows()) == [(2, ["ALP 2.1", "p1alp", "Fictional view", "artifact"])]
    assert list_sheets(oe.path)[:2] == [SheetInfo("ALP", False), SheetInfo("TV_ALP", True)]


def test_an_unknown_sheet_lists_the_visible_and_hidden_ones(oe) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputFileError) as err:
        open_sheets(oe.path, ImportSpec(sheet="RDM"), EVIDENCE_FIELDS)
    assert str(err.value) == (f"{oe.path}: no sheet 'RDM'; the sheets are: ALP, BRV, Template1 "
                              "(hidden: TV_ALP, TV_BRV)")
    # a name in another case is the sheet when only one sheet has it
    assert open_sheets(oe.path, ImportSpec(sheet="brv"), EVIDENCE_FIELDS)[0].name == "BRV"


def test_the_banner_merged_cells_are_filled_in_the_preview(oe) -> None:  # type: ignore[no-untyped-def]
    rows = preview_rows(oe.path, "ALP", 9)
    assert len(rows) == 9
    assert rows[0][:8] == ["ALP - Fictional area name"] * 8 and rows[0][9] == "Version 0.1 (fictional)"
    assert rows[6] == [] and rows[7][0] == "Heading" and rows[8][:2] == ["1 Prac_Group", "Level 2"]
    assert preview_rows(oe.path, limit=1) == [rows[0]]  # the first visible sheet


# --- header rows ------------------------------------------------------------------------------------------------

def test_a_given_header_row_is_used_and_not_said_to_be_found(tmp_path: Path) -> None:
    path = long_evidence(tmp_path / "ev.xlsx", [["PP SP 1.1", "ALPHA", "Plan", "artifact", None]],
                         banner=["Fictional index", "Exported 2026"])
    (sheet,) = open_sheets(path, ImportSpec(), EVIDENCE_FIELDS)
    assert (sheet.header_row, sheet.header_found) == (3, True)
    (sheet,) = open_sheets(path, ImportSpec(header_row=3), EVIDENCE_FIELDS)
    assert (sheet.header_row, sheet.header_found) == (3, False)
    assert list(sheet.rows()) == [(4, ["PP SP 1.1", "ALPHA", "Plan", "artifact"])]
    # the banner row as the header: the user said so
    (sheet,) = open_sheets(path, ImportSpec(header_row=1), EVIDENCE_FIELDS)
    assert sheet.headers == ["Fictional index"] and [r for r, _ in sheet.rows()] == [2, 3, 4]


def test_a_header_row_that_is_empty_is_refused_naming_the_rows_with_text(tmp_path: Path) -> None:
    path = long_evidence(tmp_path / "ev.xlsx", [["PP SP 1.1", "ALPHA", "Plan", "artifact"]], banner=["Banner", ""])
    with pytest.raises(InputFileError) as err:
        open_sheets(path, ImportSpec(header_row=2), EVIDENCE_FIELDS)
    assert str(err.value) == (f"{path}!Evidence:2: --header-row 2: no header there, the row is empty "
                              "(the first rows with text: 1, 3, 4)")
    with pytest.raises(InputFileError) as err:
        open_sheets(path, ImportSpec(header_row=40), EVIDENCE_FIELDS)
    assert "--header-row 40: no header there" in str(err.value)


def test_no_fitting_header_reads_the_first_row_with_text(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws["B3"], ws["C3"], ws["B4"] = "Something", "Else", "x"
    wb.save(path := tmp_path / "odd.xlsx")
    (sheet,) = open_sheets(path, ImportSpec(), EVIDENCE_FIELDS)
    assert (sheet.header_row, sheet.header_found, sheet.headers) == (3, True, ["", "Something", "Else"])
    assert list(sheet.rows()) == [(4, ["", "x"])]


def test_a_merged_header_names_its_first_column_only(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["Practice", "Project", "Flags", None, "Title"])
    ws.append(["PP SP 1.1", "ALPHA", "yes", "no", "Plan"])
    ws.merge_cells("C1:D1")
    wb.save(path := tmp_path / "m.xlsx")
    (sheet,) = open_sheets(path, ImportSpec(), EVIDENCE_FIELDS)
    assert sheet.headers == ["Practice", "Project", "Flags", "", "Title"]


def test_without_a_sheet_the_first_visible_sheet_whose_header_fits_is_read(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.title = "Read me"
    wb.active.append(["Fictional instructions"])
    hidden = wb.create_sheet("Old index")
    hidden.append(["Practice", "Project", "Title", "Kind"])
    hidden.sheet_state = "hidden"
    index = wb.create_sheet("Index")
    index.append(["Notes for the team"])
    index.append(["Practice ID", "Project", "Artifact Name", "Type"])
    index.append(["PP SP 1.1", "ALPHA", "Plan", "artifact"])
    wb.save(path := tmp_path / "book.xlsx")
    (sheet,) = open_sheets(path, ImportSpec(), EVIDENCE_FIELDS)
    assert (sheet.name, sheet.header_row, sheet.header_found) == ("Index", 2, True)
    # the ratings' fields fit no sheet: the first visible one (the mapping then names what is missing)
    assert open_sheets(path, ImportSpec(), {"assessor": Field("assessor", ("rater",))})[0].name == "Read me"


# --- wide matrix, ratings, long layout --------------------------------------------------------------------------

def test_wide_matrix_area_cells_merged_down_are_filled(tmp_path: Path) -> None:
    cells = {("ALP 2.1", "ALPHA"): "Plan v1\nhttps://docs.example.org/plan.docx", ("ALP 2.2", "BETA"): "LM",
             ("BRV 2.1", "ALPHA"): "  ", ("BRV 2.2", "BETA"): "Minutes"}
    path = wide_matrix(tmp_path / "matrix.xlsx", AREAS, ["ALPHA", "BETA"], cells, header_row=3,
                       labels={"BETA": "Team Beta"})
    before = digest(path)
    (sheet,) = open_sheets(path, ImportSpec(), MATRIX_FIELDS)
    assert (sheet.header_row, sheet.headers) == (3, ["Area", "Practice", "ALPHA", "Team Beta"])
    rows = rows_of(sheet)  # cells up to the last non-empty one (C7 holds only whitespace)
    assert rows == {4: ["ALP", "ALP 2.1", "Plan v1\nhttps://docs.example.org/plan.docx"],
                    5: ["ALP", "ALP 2.2", "", "LM"], 6: ["ALP", "ALP 2.3"],
                    7: ["BRV", "BRV 2.1"], 8: ["BRV", "BRV 2.2", "", "Minutes"]}
    assert sheet.where(6, 0) == f"{path}!Matrix:A6"
    assert digest(path) == before


def test_ratings_one_row_per_indicator_and_assessor(tmp_path: Path) -> None:
    path = ratings(tmp_path / "ratings.xlsx", [["SYS.3.BP1", "ECU-A", "Assessor 1", "F", None],
                                               ["SYS.3.BP1", "ECU-A", "Assessor 2", "L", "Fictional note"],
                                               [None, None, None, None, None],
                                               ["SYS.3.BP2", "ECU-A", "Assessor 1", 2.0, 1.5]])
    (sheet,) = open_sheets(path, ImportSpec(), CHARACTERIZATION_FIELDS)
    assert sheet.headers == ["Indicator", "Project", "Assessor", "Rating", "Note"] and not sheet.header_found
    assert list(sheet.rows()) == [(2, ["SYS.3.BP1", "ECU-A", "Assessor 1", "F"]),
                                  (3, ["SYS.3.BP1", "ECU-A", "Assessor 2", "L", "Fictional note"]),
                                  (5, ["SYS.3.BP2", "ECU-A", "Assessor 1", "2", "1.5"])]


def test_read_records_reads_a_workbook_in_the_long_layout(tmp_path: Path) -> None:
    path = long_evidence(tmp_path / "ev.xlsx", [["PP SP 1.1", "ALPHA", "Plan", "artifact", "plan.docx"],
                                                ["PP SP 1.2", "BETA", "Estimate", "artifact", None]],
                         header=("Practice ID", "Project", "Title", "Kind", "URL"), banner=["Fictional"])
    want = ("practice", "project", "title", "kind", "location")
    records = read_records(path, ImportSpec(), EVIDENCE_FIELDS, want)
    got = list(records.iterate(Problems(path)))
    assert [r.values for r in got] == [("PP SP 1.1", "ALPHA", "Plan", "artifact", "plan.docx"),
                                       ("PP SP 1.2", "BETA", "Estimate", "artifact", "")]
    assert records.where(got[1], "title") == f"{path}!Evidence:C4" and records.header_of("location") == "URL"


def test_shared_and_rich_text_strings_as_excel_saves_them(tmp_path: Path) -> None:
    path = long_evidence(tmp_path / "ev.xlsx", [["PP SP 1.1", "ALPHA", "Fictional plan", "artifact", " a&b "],
                                                ["PP SP 1.2", "ALPHA", "Fictional plan", "Artifact", "<x>"]])
    excel_strings(path, runs={"Fictional plan": ["Fictional ", "plan"]})
    with zipfile.ZipFile(path) as z:
        assert b"<r><rPr><b/></rPr>" in z.read("xl/sharedStrings.xml") and b'inlineStr' not in z.read(
            "xl/worksheets/sheet1.xml")
    (sheet,) = open_sheets(path, ImportSpec(), EVIDENCE_FIELDS)
    assert list(sheet.rows()) == [(2, ["PP SP 1.1", "ALPHA", "Fictional plan", "artifact", "a&b"]),
                                  (3, ["PP SP 1.2", "ALPHA", "Fictional plan", "Artifact", "<x>"])]


# --- the protected, macro-enabled workbook ----------------------------------------------------------------------

def test_a_protected_xlsm_opens_read_only_and_is_never_written(tmp_path: Path) -> None:
    path = protected_xlsm(tmp_path / "received.xlsm", [["PP SP 1.1", "ALPHA", "Plan", "artifact", "plan.docx"]])
    with zipfile.ZipFile(path) as z:
        assert "xl/vbaProject.bin" in z.namelist()
        assert "macroEnabled" in z.read("[Content_Types].xml").decode()
        assert b"<sheetProtection" in z.read("xl/worksheets/sheet1.xml") and b"<workbookProtection" in z.read(
            "xl/workbook.xml")
    before, stat = digest(path), os.stat(path)
    assert list_sheets(path) == [SheetInfo("Evidence", False), SheetInfo("Macros", True)]
    (sheet,) = open_sheets(path, ImportSpec(), EVIDENCE_FIELDS)
    assert list(sheet.rows()) == [(2, ["PP SP 1.1", "ALPHA", "Plan", "artifact", "plan.docx"])]
    assert preview_rows(path, "Macros") == [["Fictional macro settings"]]
    assert digest(path) == before and os.stat(path).st_mtime_ns == stat.st_mtime_ns


# --- cells as text ----------------------------------------------------------------------------------------------

def test_cells_are_text_as_the_user_reads_them(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Cells"
    ws.append(["Practice", "Project", "Number", "Date", "Other"])
    ws.append(["  PP SP 1.1 ", "ALPHA", 3.0, dt.date(2026, 3, 1), True])
    ws.append(["2.10", "BETA", 2.1, dt.datetime(2026, 3, 1, 14, 30), 0.25])
    ws.append(["x", " \t ", 7, None, "=1/3"])
    ws.append([" ", "\u00a0", None, None, None])  # whitespace only: a blank row, skipped
    ws.append(["y", None, 1234.5, None, -0.5])
    ws["C3"].number_format = "0.00"
    ws["E3"].number_format = "0.0%"
    ws["C6"].number_format = "#,##0.00"
    ws["E6"].number_format = "0"
    wb.save(path := tmp_path / "cells.xlsx")
    set_cached_values(path, {"Cells": {"E4": "0.33333333333333331"}})
    (sheet,) = open_sheets(path, ImportSpec(), EVIDENCE_FIELDS)
    assert list(sheet.rows()) == [(2, ["PP SP 1.1", "ALPHA", "3", "2026-03-01", "TRUE"]),
                                  (3, ["2.10", "BETA", "2.10", "2026-03-01 14:30:00", "25.0%"]),
                                  (4, ["x", "", "7", "", "0.333333333333333"]),
                                  (6, ["y", "", "1234.50", "", "-0.5"])]


@pytest.mark.parametrize(("fmt", "expected"), [
    ("General", None), ("0", None), ("@", None), ("0.00", (2, False)), ("#,##0.0", (1, False)),
    ("0%", (0, True)), ("0.00%", (2, True)), ("yyyy-mm-dd", None), ("0.00E+00", None),
    ('0.00" pts";[Red]-0.00', (2, False)), ("[$-409]0.000", (3, False))])
def test_number_formats_that_fix_the_decimals(fmt: str, expected: tuple[int, bool] | None) -> None:
    assert number_format_decimals(fmt) == expected


@pytest.mark.parametrize(("value", "fmt", "text"), [
    (3.0, None, "3"), (1.1, None, "1.1"), (0.1 + 0.2, None, "0.3"), (1e20, None, "1e+20"), (12, None, "12"),
    (2.1, (2, False), "2.10"), (3, (1, False), "3.0"), (0.125, (1, True), "12.5%"), (-0.5, None, "-0.5")])
def test_number_text(value: float, fmt: tuple[int, bool] | None, text: str) -> None:
    assert number_text(value, fmt) == text


# --- files that are not what they say ---------------------------------------------------------------------------

def test_an_xls_file_is_refused_with_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    for call in (lambda: open_sheets(path, ImportSpec(), EVIDENCE_FIELDS), lambda: list_sheets(path),
                 lambda: preview_rows(path)):
        with pytest.raises(InputFileError, match=r"old\.xls: an Excel 97-2003 workbook \(\.xls\).*save it as \.xlsx"):
            call()
    renamed = tmp_path / "renamed.xlsx"
    renamed.write_bytes(path.read_bytes())
    with pytest.raises(InputFileError, match="password-protected .*save it as .xlsx"):
        open_sheets(renamed, ImportSpec(), EVIDENCE_FIELDS)


def test_a_text_file_named_xlsx_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "index.xlsx"
    path.write_text("Practice,Project\nPP SP 1.1,ALPHA\n")
    with pytest.raises(InputFileError) as err:
        open_sheets(path, ImportSpec(), EVIDENCE_FIELDS)
    assert str(err.value) == f"{path}: not an Excel workbook (an .xlsx or .xlsm file is a zip archive; this one is not)"
    with pytest.raises(InputFileError, match="no such file"):
        open_sheets(tmp_path / "missing.xlsx", ImportSpec(), EVIDENCE_FIELDS)


@pytest.mark.parametrize("xml", [
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
    b'<c r="A1" t="s"><v>99</v></c></row></sheetData></worksheet>',  # no such shared string
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:D2"/>'
    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Practice</t></is></c>'])  # cut short
def test_a_damaged_sheet_is_refused_in_one_line(tmp_path: Path, xml: bytes) -> None:
    path = long_evidence(tmp_path / "ev.xlsx", [["PP SP 1.1", "ALPHA", "Plan", "artifact"]])
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(damaged, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, xml if info.filename == "xl/worksheets/sheet1.xml" else src.read(info.filename))
    with pytest.raises(InputFileError) as err:
        list(open_sheets(damaged, ImportSpec(), EVIDENCE_FIELDS)[0].rows())
    assert str(err.value).startswith(f"{damaged}!Evidence: the sheet cannot be read, the file is damaged (")
    assert str(err.value).endswith("open it in Excel and save it again")


def test_an_empty_sheet_is_refused_and_skipped_among_several(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.title = "Empty"
    wb.active["C5"] = "   "
    full = wb.create_sheet("Full")
    full.append(["Practice", "Project", "Title", "Kind"])
    full.append(["PP SP 1.1", "ALPHA", "Plan", "artifact"])
    wb.save(path := tmp_path / "e.xlsx")
    with pytest.raises(InputFileError) as err:
        open_sheets(path, ImportSpec(sheet="Empty"), EVIDENCE_FIELDS)
    assert str(err.value) == f"{path}!Empty: the sheet is empty"
    assert [s.name for s in open_sheets(path, ImportSpec(sheets="*"), EVIDENCE_FIELDS)] == ["Full"]
    with pytest.raises(InputFileError, match="every sheet matching 'E\\*' is empty"):
        open_sheets(path, ImportSpec(sheets="E*"), EVIDENCE_FIELDS)


def test_a_workbook_changed_between_passes_is_refused(tmp_path: Path) -> None:
    path = long_evidence(tmp_path / "ev.xlsx", [["PP SP 1.1", "ALPHA", "Plan", "artifact"]])
    (sheet,) = open_sheets(path, ImportSpec(), EVIDENCE_FIELDS)
    assert len(list(sheet.rows())) == 1
    long_evidence(path, [["PP SP 1.1", "ALPHA", "Plan", "artifact"], ["PP SP 1.2", "ALPHA", "Plan", "artifact"]])
    os.utime(path, ns=(1, 1))
    with pytest.raises(InputFileError, match="the file changed while it was being imported"):
        list(sheet.rows())


# --- CSV --------------------------------------------------------------------------------------------------------

def test_a_csv_file_is_one_sheet_named_nothing(tmp_path: Path) -> None:
    path = tmp_path / "index.csv"
    path.write_text("Practice;Project;Title;Kind\nPP SP 1.1;ALPHA;Plan;artifact\n\nPP SP 1.2;BETA; ;artifact\n",
                    encoding="cp1252")
    (sheet,) = open_sheets(path, ImportSpec(sheet="ignored"), EVIDENCE_FIELDS)
    assert (sheet.name, sheet.header_row, sheet.is_workbook) == ("", 1, False)
    assert list(sheet.rows()) == [(2, ["PP SP 1.1", "ALPHA", "Plan", "artifact"]),
                                  (4, ["PP SP 1.2", "BETA", " ", "artifact"])]
    assert sheet.where(4, 2) == f"{path}:4: column 'Title'" and list_sheets(path) == [SheetInfo("")]


# --- the benchmark still runs (tiny sizes; structure only, no timings asserted) ---------------------------------

def test_the_workbook_import_benchmark_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import importlib.util
    import sys

    bench = Path(__file__).resolve().parent.parent / "bench"
    sys.path.insert(0, str(bench))
    try:
        spec = importlib.util.spec_from_file_location("bench_import_xlsx", bench / "bench_import_xlsx.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        result = module.main(["--rows", "400", "--rounds", "1", "--oe-practices", "1", "--dir", str(tmp_path)])
    finally:
        sys.path.remove(str(bench))
    assert result["benchmark"] == "import_xlsx" and result["rows"] == 400
    assert result["baseline_rows"] == 401 and result["sheets_rows"] == 400  # the header is not a data row
    assert result["sheets_s"] > 0 and result["baseline_s"] > 0 and result["target_ratio"] == 1.5
    assert result["ratio"] > 0 and (result["items"], result["links"]) == (result["expected_items"],
                                                                       result["expected_links"])
    assert result["oe_sheets"] == 20 and result["oe_not_run"] == "" and result["oe_s"] > 0  # the OE import ran
    assert "ratio sheets/baseline" in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []
