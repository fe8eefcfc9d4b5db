"""The CMMI files through the command line, on an appraisal of the FICTIONAL model (fictional-v3): the random
sample taken into the scope, the tool's characterizations imported, the OU values exported as the CAS roll-up."""

from __future__ import annotations

import json

from cli_helpers import _in_tmp, ok, run  # noqa: F401 - _in_tmp: each test in its own folder
from fixtures.cas_files import ToolEntry, ToolSheet, write_rgs, write_tool
from openpyxl import load_workbook

from appraise.services import Appraisal

FILE = "v3.appraisal"
RGS_UNITS = (("North", "P1-Orion ", ("RS", "SE", "SUB-to")),
             ("South", "P2", ("SUB-from", "RS", "ADD")),
             ("", "S1-Quality", ("SI", "NY", "RS")))


def _new(capsys):
    ok(capsys, "new", FILE, "--framework", "fictional-v3", "--target", "3", "--unit", "Acme Voyages",
       "--projects", "P1,P2", "--processes", "Design,Build")


def _sample(tmp_path, capsys, *extra):
    write_rgs(tmp_path / "rgs.xlsx", ("ALP", "BRV", "CHA"), RGS_UNITS)
    return run(capsys, "scope", FILE, "--sample", "rgs.xlsx", "--alias", "P1-Orion=P1", *extra)


def _chars():
    with Appraisal.open(FILE) as appraisal:
        return appraisal.cells.all(), list(appraisal.info.projects)


# -- scope --sample ----------------------------------------------------------------------------
def test_sample_shown_and_not_applied_without_yes(tmp_path, capsys):
    ok(capsys, "new", FILE, "--framework", "fictional-v3", "--target", "3", "--unit", "Acme Voyages",
       "--projects", "P1,P2,P3", "--processes", "Design,Build")
    rc, out, err = _sample(tmp_path, capsys)
    assert (rc, err) == (0, "")
    assert "rgs.xlsx: 3 units in 2 subgroups (North, South), 3 practice areas (ALP, BRV, CHA)" in out
    assert "  P1 [file: P1-Orion] (project, North): in ALP RS, CHA SUB-to; out BRV SE" in out
    assert "  S1-Quality (support function; new): in CHA RS; out ALP SI, BRV NY" in out
    assert "P2 x ALP: SUB-from (C4, fill none)" in out and "P1 x CHA: SUB-to (E3, fill rgb:FF9BC2E6)" in out
    assert "  not in the file (left as they are): P3" in out
    assert "Nothing changed" in out
    assert _chars()[1] == ["P1", "P2", "P3"]
    ok(capsys, "characterize", FILE, "BRV 1.1", "P1", "FM")  # still in scope: the sample was not applied


def test_sample_applied_with_yes_adds_units_and_rules_the_cells(tmp_path, capsys):
    _new(capsys)
    rc, out, err = _sample(tmp_path, capsys, "--yes")
    assert (rc, err) == (0, ""), err
    assert "Sample recorded: 3 units (1 added: S1-Quality)." in out
    assert _chars()[1] == ["P1", "P2", "S1-Quality"]
    with Appraisal.open(FILE) as appraisal:
        from appraise.schemes.cmmi_appraisal.plan import plan_of

        plan = plan_of(appraisal.scope)
        assert plan.unit("S1-Quality").kind == "support_function"
        assert plan.unit("P1").subgroup == "North"
        assert plan.sample["P1"] == {"ALP": "RS", "BRV": "SE", "CHA": "SUB-to"}
    rc, out, err = run(capsys, "characterize", FILE, "BRV 1.1", "P1", "FM")  # SE: not drawn (V9.4)
    assert rc == 1 and out == "" and "P1" in err and "Traceback" not in err
    ok(capsys, "characterize", FILE, "CHA 1.1", "P1", "FM")  # substituted to: in the evidence scope


def test_sample_asked_on_a_terminal(tmp_path, capsys, monkeypatch):
    _new(capsys)
    monkeypatch.setattr("appraise.cli._interactive", lambda: True)
    monkeypatch.setattr("builtins.input", lambda _question: "n")
    assert "Nothing changed" in _sample(tmp_path, capsys)[1]
    assert _chars()[1] == ["P1", "P2"]
    monkeypatch.setattr("builtins.input", lambda _question: "y")
    assert "Sample recorded" in _sample(tmp_path, capsys)[1]
    assert _chars()[1] == ["P1", "P2", "S1-Quality"]


def test_sample_with_an_area_the_model_lacks_is_refused_and_changes_nothing(tmp_path, capsys):
    _new(capsys)
    write_rgs(tmp_path / "rgs.xlsx", ("ALP", "ZZZ"), (("North", "P1", ("RS", "RS")),))
    rc, out, err = run(capsys, "scope", FILE, "--sample", "rgs.xlsx", "--yes")
    assert rc == 1 and out == ""
    assert err.startswith("appraise: rgs.xlsx!Random Sample Data!D2: 'ZZZ' is no practice area of fictional-v3")
    assert _chars()[1] == ["P1", "P2"]


def test_sample_alias_for_no_unit_is_refused(tmp_path, capsys):
    _new(capsys)
    write_rgs(tmp_path / "rgs.xlsx", ("ALP",), (("North", "P1", ("RS",)),))
    rc, _out, err = run(capsys, "scope", FILE, "--sample", "rgs.xlsx", "--alias", "Nobody=P9", "--yes")
    assert rc == 1 and "--alias names 'Nobody', which is no unit of rgs.xlsx" in err


# -- characterizations import --layout mdd-tool ----------------------------------------------
def _tool(tmp_path, build=("LM", "PM"), alp_char="LM"):
    alp = ToolSheet("ALP", ("ALP 1.1", "ALP 2.1", "ALP 2.2"), entries={
        ("ALP 1.1", None, "P-1"): ToolEntry(1, 1, "", "FM"),
        ("ALP 1.1", None, "P-2"): ToolEntry(1, 0, "no minutes kept", alp_char),
    }, ou={("ALP 1.1", None): "LM"}, groups={1: "S"})
    ste = ToolSheet("STE", ("STE 1.1",), processes=("Design", "Build"), entries={
        ("STE 1.1", "Design", "P-1"): ToolEntry(1, 1, "", "FM"),
        ("STE 1.1", "Design", "P-2"): ToolEntry(1, 1, "", "FM"),
        ("STE 1.1", "Build", "P-1"): ToolEntry(1, 1, "review late", build[0]),
        ("STE 1.1", "Build", "P-2"): ToolEntry(0, 1, "gate skipped", build[1]),
    }, ou={("STE 1.1", "Design"): "FM", ("STE 1.1", "Build"): "FM"})
    return write_tool(tmp_path / "tool.xlsm", ("P-1", "P-2"), [alp, ste])


def test_tool_import_records_the_filled_rows_with_weakness_notes(tmp_path, capsys):
    _new(capsys)
    _tool(tmp_path)
    out = ok(capsys, "characterizations", "import", FILE, "tool.xlsm", "--layout", "mdd-tool",
             "--alias", "P-1=P1,P-2=P2")
    assert "tool.xlsm: 6 characterizations from 2 practice-area sheets (ALP, STE)" in out
    assert "Recorded 6 characterizations (6 changed)." in out
    assert "hidden sheets not read: Continuous Profile" in out
    chars, _units = _chars()
    assert chars["ALP 1.1"] == {"P1": "FM", "P2": "LM"}
    with Appraisal.open(FILE) as appraisal:
        design = appraisal.resolve_practice("STE 1.1", "Design")
        build = appraisal.resolve_practice("STE 1.1", "Build")
        assert chars[design] == {"P1": "FM", "P2": "FM"} and chars[build] == {"P1": "LM", "P2": "PM"}
        assert appraisal.cells.notes()[("ALP 1.1", "P2")] == "no minutes kept"  # the weakness (V1.2)
    # the tool's OU Char of STE 1.1 @ Build (FM) is not appraise's (LM, PM -> PM, V2.9): said, not imported
    assert "Note: STE 1.1 @ Build: the tool's OU Char FM, appraise PM (tool.xlsm!STE!row 22)" in out
    assert "Design" not in out.split("Recorded")[1]  # the same OU value: nothing to say
    rating = json.loads(ok(capsys, "rate", FILE, "--json"))
    ou = {p["id"]: p["ou"] for a in rating["practice_areas"] for g in a["practice_groups"] for p in g["practices"]}
    assert ou["ALP 1.1"] == "LM"


def test_tool_import_conflicts_listed_and_nothing_written(tmp_path, capsys):
    _new(capsys)
    ok(capsys, "characterize", FILE, "ALP 1.1", "P2", "PM")
    _tool(tmp_path)
    rc, out, err = run(capsys, "characterizations", "import", FILE, "tool.xlsm", "--layout", "mdd-tool",
                       "--alias", "P-1=P1,P-2=P2")
    assert rc == 1
    assert "1 cell is recorded differently" in err and "ALP 1.1 / P2: PM -> LM" in err
    assert _chars()[0] == {"ALP 1.1": {"P2": "PM"}}
    ok(capsys, "characterizations", "import", FILE, "tool.xlsm", "--layout", "mdd-tool",
       "--alias", "P-1=P1,P-2=P2", "--replace")
    assert _chars()[0]["ALP 1.1"] == {"P1": "FM", "P2": "LM"}


def test_tool_import_refuses_bad_rows_by_sheet_and_row(tmp_path, capsys):
    _new(capsys)
    _tool(tmp_path, build=("NY", "PM"))  # V7.2: the per-process areas are never NY
    rc, out, err = run(capsys, "characterizations", "import", FILE, "tool.xlsm", "--layout", "mdd-tool",
                       "--alias", "P-1=P1")  # P-2 is no unit
    assert rc == 1 and "Traceback" not in err
    assert "tool.xlsm: 4 rows cannot be imported; nothing was recorded" in err
    assert "tool.xlsm!ALP!row 3: project 'P-2' is no unit of this appraisal" in err
    assert "tool.xlsm!STE!row 3: project 'P-2'" in err and "tool.xlsm!STE!row 23: project 'P-2'" in err
    assert "tool.xlsm!STE!row 22: Project Char: STE is never NY (V7.2" in err
    assert _chars()[0] == {}


def test_tool_import_refuses_a_unit_outside_the_sample(tmp_path, capsys):
    _new(capsys)
    assert _sample(tmp_path, capsys, "--yes")[0] == 0  # P2 x ALP: substituted from
    _tool(tmp_path)
    rc, _out, err = run(capsys, "characterizations", "import", FILE, "tool.xlsm", "--layout", "mdd-tool",
                        "--alias", "P-1=P1,P-2=P2")
    assert rc == 1 and "tool.xlsm!ALP!row 3:" in err
    assert _chars()[0] == {}


# -- export --format cas-roll-up -----------------------------------------------------------
def test_roll_up_export_holds_the_ou_values_of_the_rating(tmp_path, capsys):
    _new(capsys)
    for practice, unit, value in (("ALP 1.1", "P1", "FM"), ("ALP 1.1", "P2", "LM"), ("BRV 2.1", "P1", "PM"),
                                  ("BRV 2.1", "P2", "PM")):
        ok(capsys, "characterize", FILE, practice, unit, value)
    for unit, process, value in (("P1", "Design", "FM"), ("P2", "Design", "FM"), ("P1", "Build", "PM"),
                                 ("P2", "Build", "PM")):
        ok(capsys, "characterize", FILE, "STE 1.1", unit, value, "--process", process)
    out = ok(capsys, "export", FILE, "--format", "cas-roll-up", "-o", "roll-up.xlsx")
    assert out == "Wrote roll-up.xlsx (cas-roll-up)\n"
    rating = json.loads(ok(capsys, "rate", FILE, "--json"))
    ou = {p["id"]: p["ou"] for a in rating["practice_areas"] for g in a["practice_groups"] for p in g["practices"]}
    ws = load_workbook(tmp_path / "roll-up.xlsx")["Staged Roll-Up"]
    assert ws["A1"].value == "Level 3"
    header = [c.value for c in ws[3]]
    assert header[0] == "Practice Area" and header[1:] == sorted(header[1:])
    got = {}
    for row in ws.iter_rows(min_row=4):
        number = row[0].value
        if number and not number.startswith("Level"):
            for area, cell in zip(header[1:], row[1:], strict=False):
                if cell.value is not None:
                    got[f"{area} {number}"] = cell.value
    assert got == {k: v for k, v in ou.items() if v is not None}
    assert got["STE 1.1"] == "PM"  # the lowest over the processes (V7.4)
    assert got["ALP 1.1"] == ou["ALP 1.1"]


def test_roll_up_refused_where_the_scheme_offers_none(appraisal_file, capsys):
    rc, out, err = run(capsys, "export", appraisal_file, "--format", "cas-roll-up", "-o", "r.xlsx")
    assert rc == 1 and out == ""
    assert "unknown export format 'cas-roll-up' (formats: md, csv, json, pptx, html, pdf, xlsx)" in err


def test_roll_up_is_a_file_never_standard_output(capsys):
    _new(capsys)
    rc, out, err = run(capsys, "export", FILE, "--format", "cas-roll-up", "-o", "-")
    assert rc == 1 and out == "" and "cas-roll-up is a workbook: give the file to write with -o" in err


def test_a_sample_read_again_says_which_hand_corrections_it_replaces(tmp_path, capsys):
    """A unit x area set by hand (--assign) and coded otherwise by the file is listed before --yes."""
    _new(capsys)
    assert _sample(tmp_path, capsys, "--yes")[0] == 0
    ok(capsys, "scope", FILE, "--assign", "P1=+BRV", "--why", "substituted by hand")
    rc, out, _err = _sample(tmp_path, capsys)
    assert rc == 0 and "replaces what was set by hand" in out and "P1 x BRV: IS (set by hand) -> SE" in out


def test_a_sample_that_is_no_workbook_is_refused_in_one_line(tmp_path, capsys):
    _new(capsys)
    (tmp_path / "cells.csv").write_text("practice,project,value\n", encoding="utf-8")
    rc, out, err = run(capsys, "scope", FILE, "--sample", "cells.csv")
    assert rc == 1 and "not an Excel workbook" in err and "Traceback" not in err and "bug" not in err
