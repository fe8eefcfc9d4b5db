"""Findings from files (`appraise finding import`) and `appraise finding add` in every scheme.

The files are CSVs in the long layout, written to tmp_path (the seam on main reads that; the workbook layouts
come through the same ``read_records``). Each test checks what the appraisal file holds afterwards, or that a
refused import changed nothing and left the source file's bytes alone.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from cli_helpers import _in_tmp, assert_one_line_error, ok, run  # noqa: F401 (_in_tmp: an autouse fixture)

from appraise.services import Appraisal
from tests.conftest import create_appraisal


def write(path: str, header: list[str], rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return Path(path)


def findings(path: Path) -> list[tuple[str, str, str | None, str, str]]:
    """Every finding as (kind, area, practice, text, status), in the order recorded."""
    with Appraisal.open(path) as a:
        return [(f.kind, f.area, f.practice, f.text, f.status) for f in sorted(a.findings.all(), key=lambda f: f.id)]


@pytest.fixture(scope="module")
def _templates(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("templates")
    create_appraisal(folder / "acme.appraisal")
    with Appraisal.create(folder / "ecu.appraisal", framework="aspice-3.1", target=2, unit="Body Electronics",
                          projects=["ECU-A", "ECU-B"], areas=["SYS.3", "SWE.1"], who="lead"):
        pass
    with Appraisal.create(folder / "qms.appraisal", framework="iso-9001-2015", target=None, unit="Acme GmbH",
                          projects=["HQ"], who="lead"):
        pass
    return {name: folder / f"{name}.appraisal" for name in ("acme", "ecu", "qms")}


@pytest.fixture
def acme(_templates, tmp_path) -> Path:
    """CMMI-DEV 1.3 staged ML2 (REQM, PP, PMC, ...), projects ALPHA, BETA, GAMMA."""
    return Path(shutil.copyfile(_templates["acme"], tmp_path / "acme.appraisal"))


@pytest.fixture
def ecu(_templates, tmp_path) -> Path:
    """Automotive SPICE 3.1, processes SYS.3 and SWE.1, instances ECU-A and ECU-B."""
    return Path(shutil.copyfile(_templates["ecu"], tmp_path / "ecu.appraisal"))


@pytest.fixture
def qms(_templates, tmp_path) -> Path:
    return Path(shutil.copyfile(_templates["qms"], tmp_path / "qms.appraisal"))


# -- import: CMMI, weakness and strength columns -------------------------------------------------------------

def test_weakness_and_strength_columns_per_practice_and_area_import_once(capsys, acme):
    src = write("findings.csv", ["Process Area", "Practice", "Weaknesses", "Strengths"], [
        ["PP", "1.1", "No WBS for release 2 (PM interview)", "Estimates peer reviewed"],
        ["REQM", "", "", "Traceability kept in the tool"],
        ["RM", "SP 1.3", "=Changes not assessed", ""],          # the organization's code, a formula-like text
        ["PMC", "PMC SP 1.1", "TBD", "N/A"],                    # a template's filler: no findings
        ["PP", "PP SP 1.1", "No WBS for release 2 (PM interview)", ""],  # the same finding again
    ])
    data = src.read_bytes()
    out = ok(capsys, "finding", "import", acme, src, "--alias", "RM=REQM")
    assert out == ("Imported 4 new findings (2 weakness, 2 strength) from 5 rows; 1 already in the appraisal or "
                   "repeated; 2 placeholder cells (TBD, N/A, -) skipped.\n")
    assert findings(acme) == [
        ("weakness", "PP", "PP SP 1.1", "No WBS for release 2 (PM interview)", ""),
        ("strength", "PP", "PP SP 1.1", "Estimates peer reviewed", ""),
        ("strength", "REQM", None, "Traceability kept in the tool", ""),
        ("weakness", "REQM", "REQM SP 1.3", "=Changes not assessed", ""),
    ]
    assert src.read_bytes() == data
    again = ok(capsys, "finding", "import", acme, src, "--alias", "RM=REQM")
    assert again.startswith("Imported 0 new findings from 5 rows; 5 already in the appraisal or repeated")
    assert len(findings(acme)) == 4


def test_an_exported_neutralized_cell_is_read_back_as_its_text(capsys, acme):
    write("findings.csv", ["Practice", "Weakness"], [["REQM SP 1.1", "'=SUM(A1) is how risk is scored"]])
    ok(capsys, "finding", "import", acme, "findings.csv")
    assert findings(acme)[0][3] == "=SUM(A1) is how risk is scored"


def test_kind_and_text_columns_and_the_dry_run(capsys, acme):
    write("f.csv", ["Practice", "Type", "Finding"], [
        ["REQM SP 1.1", "Weakness", "Requirements not baselined"],
        ["PP SP 2.1", "S", "Budget tracked weekly"],
        ["PP", "strength", "Plans reviewed with stakeholders"],
    ])
    out = ok(capsys, "finding", "import", acme, "f.csv", "--dry-run")
    assert out == ("Dry run, nothing written: would import 3 new findings (1 weakness, 2 strength) from 3 rows; "
                   "0 already in the appraisal or repeated.\n")
    assert findings(acme) == []
    ok(capsys, "finding", "import", acme, "f.csv")
    assert findings(acme) == [("weakness", "REQM", "REQM SP 1.1", "Requirements not baselined", ""),
                              ("strength", "PP", "PP SP 2.1", "Budget tracked weekly", ""),
                              ("strength", "PP", None, "Plans reviewed with stakeholders", "")]


def test_map_names_the_columns_by_letter(capsys, acme):
    write("f.csv", ["A-col", "Befund (Schwäche)", "Notes"], [["REQM SP 1.2", "Commitment not recorded", "x"]])
    ok(capsys, "finding", "import", acme, "f.csv", "--map", "practice=A,weakness=B")
    assert findings(acme) == [("weakness", "REQM", "REQM SP 1.2", "Commitment not recorded", "")]


def test_one_undo_takes_back_the_whole_import(capsys, acme):
    write("f.csv", ["Practice", "Weakness", "Strength"], [["REQM SP 1.1", "w1", "s1"], ["PP SP 1.2", "w2", ""]])
    ok(capsys, "finding", "import", acme, "f.csv")
    assert len(findings(acme)) == 3
    ok(capsys, "undo", acme)
    assert findings(acme) == []
    ok(capsys, "redo", acme)
    assert [f[3] for f in findings(acme)] == ["w1", "s1", "w2"]


@pytest.mark.parametrize("rows, fragments", [
    ([["REQM SP 9.9", "x"]], ("f.csv:3", "'Practice'", "unknown practice 'REQM SP 9.9'")),
    ([["OPD SP 1.1", "x"]], ("f.csv:3", "OPD SP 1.1 is not in this appraisal's scope")),
    ([["", "x"]], ("f.csv:3", "a finding needs its practice or area")),
])
def test_a_bad_row_refuses_the_file_changing_nothing(capsys, acme, rows, fragments):
    write("f.csv", ["Practice", "Weakness"], [["REQM SP 1.1", "fine"], *[[r[0], r[1]] for r in rows]])
    data = Path("f.csv").read_bytes()
    rc, out, err = run(capsys, "finding", "import", acme, "f.csv")
    assert_one_line_error(rc, out, err, *fragments, "nothing was imported")
    assert findings(acme) == []
    assert Path("f.csv").read_bytes() == data


def test_unknown_kind_and_missing_columns_are_refused(capsys, acme):
    write("f.csv", ["Practice", "Kind", "Text"], [["REQM SP 1.1", "opportunity", "t"]])
    assert_one_line_error(*run(capsys, "finding", "import", acme, "f.csv"), "f.csv:2", "unknown kind 'opportunity'",
                          "strength, weakness")
    write("g.csv", ["Practice", "Comment2"], [["REQM SP 1.1", "t"]])
    assert_one_line_error(*run(capsys, "finding", "import", acme, "g.csv"), "g.csv:1", "no findings")
    write("h.csv", ["Weakness", "Notes"], [["t", ""]])
    assert_one_line_error(*run(capsys, "finding", "import", acme, "h.csv"), "no practice or area column")
    assert findings(acme) == []


# -- import: SPICE per indicator, an audit per clause ---------------------------------------------------------

def test_spice_findings_per_indicator_compose_from_the_process_column(capsys, ecu):
    write("f.csv", ["Process", "Indicator", "Weakness", "Strength"], [
        ["SYS.3", "BP2", "Interfaces not described", ""],
        ["SYS.3", "2.1.1", "", "Objectives set for the process"],
        ["SWE.1", "", "Requirements not analyzed for feasibility", ""],
    ])
    ok(capsys, "finding", "import", ecu, "f.csv")
    assert findings(ecu) == [("weakness", "SYS.3", "SYS.3.BP2", "Interfaces not described", ""),
                             ("strength", "SYS.3", "SYS.3 GP 2.1.1", "Objectives set for the process", ""),
                             ("weakness", "SWE.1", None, "Requirements not analyzed for feasibility", "")]


def test_audit_findings_import_with_their_grades_and_a_nonconformity_opens(capsys, qms):
    write("f.csv", ["Clause", "Grade", "Finding"], [["8.5.1", "minor", "WI-12 outdated"], ["7.5.3", "ofi", "t"]])
    ok(capsys, "finding", "import", qms, "f.csv")
    assert findings(qms) == [("minor", "8", "8.5.1", "WI-12 outdated", "open"), ("ofi", "7", "7.5.3", "t", "")]
    write("g.csv", ["Clause", "Grade", "Finding"], [["8", "minor", "whole clause"]])
    assert_one_line_error(*run(capsys, "finding", "import", qms, "g.csv"), "g.csv:2", "raised on a practice")


# -- finding add in every scheme ---------------------------------------------------------------------------

def test_finding_add_on_a_practice_or_an_area_in_cmmi(capsys, acme):
    first = json.loads(ok(capsys, "finding", "add", acme, "reqm sp 1.1", "--kind", "Weakness", "--text",
                          "No bidirectional traceability", "--json"))
    assert (first["clause"], first["grade"]) == ("REQM SP 1.1", "weakness")
    out = ok(capsys, "finding", "add", acme, "PP", "--kind", "strength", "--text", "Estimates reviewed")
    assert out.split("\t")[1].startswith("strength on PP")
    assert findings(acme) == [("weakness", "REQM", "REQM SP 1.1", "No bidirectional traceability", ""),
                              ("strength", "PP", None, "Estimates reviewed", "")]


def test_finding_add_per_indicator_in_spice(capsys, ecu):
    ok(capsys, "finding", "add", ecu, "SYS.3.BP2", "--kind", "weakness", "--text", "Interfaces missing")
    ok(capsys, "finding", "add", ecu, "SWE.1", "--kind", "strength", "--text", "Reviews held")
    assert findings(ecu) == [("weakness", "SYS.3", "SYS.3.BP2", "Interfaces missing", ""),
                             ("strength", "SWE.1", None, "Reviews held", "")]


def test_finding_add_in_an_audit_keeps_its_grade_form(capsys, qms):
    ok(capsys, "finding", "add", qms, "8.5.1", "--grade", "major", "--text", "No release checks")
    assert findings(qms) == [("major", "8", "8.5.1", "No release checks", "open")]


@pytest.mark.parametrize("args, fragments", [
    (("REQM SP 1.1", "--kind", "major", "--text", "t"), ("cmmi-dev-1.3", "strength or a weakness", "'major'")),
    (("XYZ", "--kind", "weakness", "--text", "t"), ("'XYZ'", "neither a practice nor an area")),
    (("OPD", "--kind", "weakness", "--text", "t"), ("'OPD'", "not a process area of this appraisal")),
    (("REQM SP 1.1", "--kind", "weakness", "--text", " "), ("needs its text",)),
    (("REQM SP 1.1", "--kind", "weakness", "--text", "t", "--site", "ALPHA"), ("--site",)),
])
def test_finding_add_refusals_change_nothing(capsys, acme, args, fragments):
    assert_one_line_error(*run(capsys, "finding", "add", acme, *args), *fragments)
    assert findings(acme) == []


def test_a_wide_sheet_takes_its_project_columns_each_cell_a_weakness(capsys, acme):
    """One row per practice, one column per project: the columns are found from the appraisal's projects."""
    src = write("wide.csv", ["Practice", "ALPHA", "BETA"], [
        ["REQM SP 1.1", "Trace matrix not updated", ""],
        ["PP SP 1.2", "", "No size estimate"],
    ])
    ok(capsys, "finding", "import", acme, str(src), "--layout", "wide")
    assert findings(acme) == [("weakness", "REQM", "REQM SP 1.1", "Trace matrix not updated", ""),
                              ("weakness", "PP", "PP SP 1.2", "No size estimate", "")]
