"""The files CMMI appraisers hold: the CAS random sample read, the CAS roll-up written, the MDD tool's
characterizations read (domain page 4.1, 4.2, 4.3, V9.4). Workbooks are written with openpyxl to tmp_path."""

from __future__ import annotations

import pytest
from fixtures.cas_files import ToolEntry, ToolSheet, write_rgs, write_tool
from openpyxl import load_workbook

from appraise.errors import InputFileError, UsageError
from appraise.io.cas_roll_up import RollUpArea, write_cas_roll_up
from appraise.io.mdd_tool_cells import normalise_header, read_mdd_tool_characterizations
from appraise.io.random_sample import read_random_sample

AREAS = ("ALP", "BRV", "CRT")
UNITS = (("North", "P1-Orion  ", ("RS", "SE", "SUB-to")),
         ("South", "P2-Vega", ("SUB-from", "RS", "ADD")),
         ("", "S1-Quality (OSF)", ("SI", "NY", "RS")))


# -- the random sample (4.1, V9.4) ----------------------------------------------------------------
def test_sample_read_with_units_kinds_codes_and_facts(tmp_path):
    reading = read_random_sample(write_rgs(tmp_path / "rgs.xlsx", AREAS, UNITS))
    assert reading.areas == ["ALP", "BRV", "CRT"]  # the text before the newline
    assert [(u.label, u.subgroup, u.kind) for u in reading.units] == [
        ("P1-Orion", "North", "project"), ("P2-Vega", "South", "project"),
        ("S1-Quality (OSF)", "", "support_function")]  # trailing spaces gone; no subgroup = an OSF (V9.5)
    assert reading.cells == {"P1-Orion": {"ALP": "RS", "BRV": "SE", "CRT": "SUB-to"},
                             "P2-Vega": {"ALP": "SUB-from", "BRV": "RS", "CRT": "ADD"},
                             "S1-Quality (OSF)": {"ALP": "SI", "BRV": "NY", "CRT": "RS"}}
    assert reading.facts["Date Exported"] == "2026-03-02"
    assert reading.facts["Model View"] == "Core"
    assert "key" in reading.sub_basis and "FF9BC2E6" in reading.sub_basis
    assert [(u, a) for u, a, _ref, _fill in reading.sub_cells] == [("P1-Orion", "CRT"), ("P2-Vega", "ALP")]


def test_sample_change_uses_the_alias_map(tmp_path):
    reading = read_random_sample(write_rgs(tmp_path / "rgs.xlsx", AREAS, UNITS))
    change = reading.change({"p1-orion": "P1", "S1-Quality (OSF)": "QA"})
    assert change["sample"]["units"] == [{"code": "P1", "subgroup": "North", "kind": "project"},
                                         {"code": "P2-Vega", "subgroup": "South", "kind": "project"},
                                         {"code": "QA", "subgroup": "", "kind": "support_function"}]
    assert change["sample"]["cells"]["P1"]["CRT"] == "SUB-to"
    assert change["sample"]["cells"]["QA"] == {"ALP": "SI", "BRV": "NY", "CRT": "RS"}


def test_sub_fills_follow_the_key_not_a_fixed_colour(tmp_path):
    # this export's key gives "to" a green and "from" a grey: the cells are read against the key
    path = write_rgs(tmp_path / "rgs.xlsx", AREAS, UNITS, to_fill="FF00B050", from_fill="FFD9D9D9")
    reading = read_random_sample(path)
    assert reading.cells["P1-Orion"]["CRT"] == "SUB-to"
    assert reading.cells["P2-Vega"]["ALP"] == "SUB-from"


def test_sub_without_a_key_falls_back_to_blueish_and_says_so(tmp_path):
    reading = read_random_sample(write_rgs(tmp_path / "rgs.xlsx", AREAS, UNITS, key=False))
    assert reading.cells["P1-Orion"]["CRT"] == "SUB-to"  # blue
    assert reading.cells["P2-Vega"]["ALP"] == "SUB-from"  # no fill
    assert "blue-ish" in reading.sub_basis and "check them" in reading.sub_basis


def test_sub_with_a_fill_the_key_does_not_know_is_refused(tmp_path):
    path = write_rgs(tmp_path / "rgs.xlsx", AREAS, UNITS, sub_fills={(0, 2): "FFFF0000"})
    with pytest.raises(InputFileError) as err:
        read_random_sample(path)
    assert str(err.value).startswith("rgs.xlsx!Random Sample Data!E3: SUB with a fill (rgb:FFFF0000)")


def test_unknown_code_and_empty_cell_named_by_file_sheet_cell(tmp_path):
    units = (("North", "P1", ("RS", "XX", "RS")), ("North", "P2", ("RS", "", "RS")))
    with pytest.raises(InputFileError) as err:
        read_random_sample(write_rgs(tmp_path / "rgs.xlsx", AREAS, units))
    assert err.value.problems == ["rgs.xlsx!Random Sample Data!D3: 'XX' is not a sample code "
                                  "(SE, SI, NY, RS, ADD, SUB)",
                                  "rgs.xlsx!Random Sample Data!D4: BRV of P2 is empty (codes: SE, SI, NY, RS, ADD, SUB)"]


def test_no_such_sheet_and_not_a_workbook(tmp_path):
    path = tmp_path / "other.xlsx"
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "Sheet1"
    wb.save(path)
    with pytest.raises(InputFileError, match=r"other.xlsx: no sheet 'Random Sample Data' \(sheets: Sheet1\)"):
        read_random_sample(path)
    text = tmp_path / "rgs.xlsx"
    text.write_text("not a workbook")
    with pytest.raises(InputFileError, match="not an Excel workbook"):
        read_random_sample(text)
    with pytest.raises(InputFileError, match="no such file"):
        read_random_sample(tmp_path / "missing.xlsx")


def test_reading_leaves_the_file_as_it_was(tmp_path):
    path = write_rgs(tmp_path / "rgs.xlsx", AREAS, UNITS)
    before = path.read_bytes()
    read_random_sample(path)
    assert path.read_bytes() == before


# -- the CAS roll-up (4.2) --------------------------------------------------------------------------
def test_roll_up_layout_text_numbers_and_validation(tmp_path):
    areas = [RollUpArea("BRV", ("1.1", "2.1", "2.2", "2.10")), RollUpArea("ALP", ("1.1", "2.1", "3.1"))]
    values = {"ALP 1.1": "FM", "ALP 2.1": "LM", "BRV 2.10": "PM", "BRV 2.1": None, "ALP 3.1": "NC"}
    path = write_cas_roll_up(tmp_path / "roll-up.xlsx", 3, areas, values)
    wb = load_workbook(path)
    ws = wb["Staged Roll-Up"]
    assert ws["A1"].value == "Level 3"
    assert ws["A2"].value is None
    assert [c.value for c in ws[3]] == ["Practice Area", "ALP", "BRV"]  # alphabetical
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=4)]
    assert rows == [["Level 1", None, None], ["1.1", "FM", None],
                    ["Level 2", None, None], ["2.1", "LM", None], ["2.2", None, None], ["2.10", None, "PM"],
                    ["Level 3", None, None], ["3.1", "NC", None]]
    assert ws["A9"].data_type == "s"  # "2.10" is text, never the float 2.1
    (validation,) = ws.data_validations.dataValidation
    assert validation.formula1 == '"NY,DM,PM,LM,FM,NC"'
    covered = {str(c) for r in validation.sqref.ranges for c in _cells(r)}
    # exactly the existing practices' cells: ALP has no 2.2 / 2.10, BRV no 3.1
    assert covered == {"B5", "C5", "B7", "C7", "C8", "C9", "B11"}
    assert [[c.value for c in r] for r in wb["Values"].iter_rows()] == [
        ["Values", None], ["NY", "Not Yet"], ["DM", "Does Not Meet"], ["PM", "Partially Met"],
        ["LM", "Largely Met"], ["FM", "Fully Met"], ["NC", "Not Characterized"]]


def _cells(cell_range):
    from openpyxl.utils import get_column_letter

    for row in range(cell_range.min_row, cell_range.max_row + 1):
        for col in range(cell_range.min_col, cell_range.max_col + 1):
            yield f"{get_column_letter(col)}{row}"


def test_roll_up_refuses_values_cas_does_not_take(tmp_path):
    with pytest.raises(UsageError, match="takes only NY, DM, PM, LM, FM, NC: ALP 1.1 = H"):
        write_cas_roll_up(tmp_path / "r.xlsx", 2, [RollUpArea("ALP", ("1.1",))], {"ALP 1.1": "H"})
    assert not (tmp_path / "r.xlsx").exists()


# -- the MDD tool's PA sheets (4.3) ----------------------------------------------------------------
PROJECTS = ("P-1", "P-2", "P-3")


def _tool(tmp_path, **kw):
    alp = ToolSheet("ALP", ("ALP 1.1", "ALP 2.1", "ALP 2.2"), entries={
        ("ALP 1.1", None, "P-1"): ToolEntry(1, 1, "", "FM"),
        ("ALP 1.1", None, "P-2"): ToolEntry(1, 0, "no minutes kept", "PM"),
        ("ALP 2.2", None, "P-2"): ToolEntry(None, None, "plan never reviewed", "DM"),
        ("ALP 2.1", None, "P-3"): ToolEntry(1, 1, "", "OoS"),  # entries on an out-of-scope project
    }, ou={("ALP 1.1", None): "LM", ("ALP 2.1", None): "FM"}, groups={1: "S", 2: "U"}, out_of_scope=("P-3",))
    ste = ToolSheet("STE", ("STE 1.1", "STE 2.1"), processes=("Design", "Build"), entries={
        ("STE 1.1", "Design", "P-1"): ToolEntry(1, 1, "", "FM"),
        ("STE 1.1", "Build", "P-2"): ToolEntry(0, 1, "gate skipped", "PM"),
        ("STE 2.1", "Build", "P-1"): ToolEntry(1, 1, "", "LM"),
    }, ou={("STE 1.1", "Design"): "FM", ("STE 1.1", "Build"): "PM"}, groups={1: "U"})
    return write_tool(tmp_path / "tool.xlsm", PROJECTS, kw.get("sheets", [alp, ste]))


def test_tool_rows_only_where_someone_entered_something(tmp_path):
    reading = read_mdd_tool_characterizations(_tool(tmp_path))
    got = [(c.sheet, c.row, c.practice, c.process, c.project, c.value, c.weakness) for c in reading.rows]
    assert got == [("ALP", 2, "ALP 1.1", None, "P-1", "FM", ""),
                   ("ALP", 3, "ALP 1.1", None, "P-2", "PM", "no minutes kept"),
                   ("ALP", 43, "ALP 2.2", None, "P-2", "DM", "plan never reviewed"),
                   # STE: 40-row blocks here (2 processes x 20 slots); the process filled down per sub-block
                   ("STE", 2, "STE 1.1", "Design", "P-1", "FM", ""),
                   ("STE", 23, "STE 1.1", "Build", "P-2", "PM", "gate skipped"),
                   ("STE", 62, "STE 2.1", "Build", "P-1", "LM", "")]
    assert reading.out_of_scope == 1  # the OoS row with entries is left out; the DM defaults are no data
    assert [(v.target, v.process, v.value) for v in reading.ou] == [
        ("ALP 1.1", None, "LM"), ("ALP 2.1", None, "FM"), ("STE 1.1", "Design", "FM"), ("STE 1.1", "Build", "PM")]
    assert [(v.target, v.value) for v in reading.groups] == [("ALP L1", "S"), ("ALP L2", "U"), ("STE L1", "U")]
    assert reading.sheets == ["ALP", "STE"]
    assert ("Continuous Profile", "hidden") in reading.skipped
    assert ("Instructions", "not a practice-area sheet") in reading.skipped


def test_tool_row_with_entries_but_no_cached_char_is_named(tmp_path):
    bad = ToolSheet("ALP", ("ALP 1.1",), entries={("ALP 1.1", None, "P-2"): ToolEntry(1, 1, "", "")})
    with pytest.raises(InputFileError) as err:
        read_mdd_tool_characterizations(_tool(tmp_path, sheets=[bad]))
    assert str(err.value).startswith("tool.xlsm!ALP!C3: ALP 1.1 / P-2 has entries but no Project Char")


def test_tool_without_pa_sheets_is_refused(tmp_path):
    with pytest.raises(InputFileError, match="no practice-area sheet"):
        read_mdd_tool_characterizations(_tool(tmp_path, sheets=[]))


def test_headers_normalised():
    assert normalise_header("Suff.\nArtifact") == "suff. artifact"
    assert normalise_header(" OU  Findings (gaps)\n") == "ou findings (gaps)"


def test_tool_columns_found_by_header_not_letter(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "BRV"
    # another column order, odd spacing; the affirmation source is a note, not the affirmation
    ws.append(["Practice", "Project", "Affirmation Source ", "OU Char", "Affirm.", "Suff. \n Artifact",
               "Project  Char", "Weakness (Description of significant gap in implementation)"])
    ws.append(["BRV 1.1", "P-1", "Interview Session A", "FM", None, None, "DM", None])
    ws.append([None, "P-2", "Interview Session B", None, 1, 1, "FM", None])
    wb.save(tmp_path / "tool.xlsx")
    reading = read_mdd_tool_characterizations(tmp_path / "tool.xlsx")
    assert [(c.practice, c.project, c.value, c.artifact, c.affirmation) for c in reading.rows] == [
        ("BRV 1.1", "P-2", "FM", "1", "1")]
    assert [(v.target, v.value) for v in reading.ou] == [("BRV 1.1", "FM")]


def test_tool_in_the_official_layout_with_500_row_blocks_and_helper_table(tmp_path):
    # model's synthetic workbook in the tool's full layout (57 sheets, 500-row per-process blocks, helper
    # tables, hidden domain sheets), with a few cells filled in as a team would
    from fixtures.mdd_tool import SMALL_AREAS, write_mdd_tool

    wb = load_workbook(write_mdd_tool(tmp_path / "tool.xlsm", SMALL_AREAS, processes=("Design", "Build")))
    alp = wb["ALP"]
    alp["C2"], alp["F2"], alp["G2"], alp["O2"] = "LM", 1, 1, "LM"
    ste = wb["STE"]  # per process: B Process, C Project, D Project Char, G/H artifact/affirmation, J weakness
    ste["D22"], ste["G22"], ste["H22"], ste["J22"], ste["P22"] = "PM", 1, 0, "gate skipped", "PM"
    wb.save(tmp_path / "filled.xlsx")
    reading = read_mdd_tool_characterizations(tmp_path / "filled.xlsx")
    assert [(c.sheet, c.row, c.practice, c.process, c.project, c.value, c.weakness) for c in reading.rows] == [
        ("ALP", 2, "ALP 1.1", None, "P-1", "LM", ""), ("STE", 22, "STE 1.1", "Build", "P-1", "PM", "gate skipped")]
    assert [(v.target, v.process, v.value) for v in reading.ou] == [("ALP 1.1", None, "LM"),
                                                                    ("STE 1.1", "Build", "PM")]
    assert reading.sheets == ["ADO", "ALP", "BRV", "STE", "PEA", "QUI"]  # KEL's domain is switched off
    assert ("KEL", "hidden") in reading.skipped and ("Old-Instructions", "hidden") in reading.skipped


def test_many_bad_cells_listed_up_to_twenty(tmp_path):
    units = tuple(("North", f"P{i}", ("XX", "RS", "RS")) for i in range(25))
    with pytest.raises(InputFileError) as err:
        read_random_sample(write_rgs(tmp_path / "rgs.xlsx", AREAS, units))
    assert str(err.value) == "rgs.xlsx: 25 cells cannot be read; nothing was changed"
    assert len(err.value.problems) == 21 and err.value.problems[-1] == "... and 5 more problems"



def test_tool_row_in_a_process_slot_with_no_process_is_named(tmp_path):
    from fixtures.mdd_tool import SMALL_AREAS, write_mdd_tool

    wb = load_workbook(write_mdd_tool(tmp_path / "tool.xlsm", SMALL_AREAS, processes=("Design",)))
    ste = wb["STE"]  # slot 2 (rows 22-41) is unused: its B is blank, and is not Design's
    ste["D22"], ste["G22"], ste["H22"] = "FM", 1, 1
    wb.save(tmp_path / "filled.xlsx")
    with pytest.raises(InputFileError) as err:
        read_mdd_tool_characterizations(tmp_path / "filled.xlsx")
    assert str(err.value) == ("filled.xlsx!STE!B22: STE 1.1 / P-1 is in a process slot with no process "
                              "(B22 is empty)")
