"""Workbooks through the command line: `evidence import` and `characterizations import` of .xlsx files written
here with openpyxl (a banner above the header, a chosen sheet, columns named by header or letter, a default
project), refusals that name the sheet, row and column and group the problems by kind, `--errors FILE`, profiles
saved and reused. A refused import changes nothing; no import writes to the workbook."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from cli_helpers import _in_tmp, ok, run  # noqa: F401 - _in_tmp: each test in its own folder
from openpyxl import Workbook

from appraise.errors import InputFileError
from appraise.io.layouts import ImportSpec
from appraise.services import Appraisal

BANNER = [["Acme evidence collection"], ["Fictional statement 1"], [], [], [], [], []]  # rows 1-7


def write_book(path: Path, sheets: dict[str, list[list[object]]], hidden: tuple[str, ...] = ()) -> Path:
    """A workbook with one sheet per entry (rows from row 1, None for an empty cell)."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        if name in hidden:
            ws.sheet_state = "hidden"
    wb.save(path)
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def state(appraisal: Path) -> tuple:
    """Everything an import could change: items, links, cells, the change log."""
    with sqlite3.connect(appraisal) as db:
        return tuple(db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
                     for t in ("evidence", "evidence_link", "characterization", "change_log"))


def links(appraisal: Path) -> set[tuple[str, str, str, str]]:
    """(title, location, practice, project) of every link."""
    with Appraisal.open(appraisal) as a:
        by_item = a.evidence.links()
        return {(e.title, e.location, p, c) for e in a.evidence.items() for p, c in by_item.get(e.id, [])}


INDEX_ROWS = [["Ref", "Unit", "Evidence name", "Type", "Where", "Owner"],
              ["REQM SP 1.1", "ALPHA", "Requirements spec", "artifact", "docs/srs.docx", "v2"],
              ["REQM SP 1.2", "BETA", "Commitment log", "artifact", "docs/log.xlsx", None],
              ["PP SP 1.1", "ALPHA", "PM interview", "affirmation", None, "session 3"]]


def test_a_sheet_with_its_header_on_row_8_and_columns_named_by_header_and_by_letter(tmp_path, capsys,
                                                                                    appraisal_file):
    book = write_book(tmp_path / "oe.xlsx", {"Cover": [["Read me"], ["nothing here"]],
                                             "Index": BANNER + INDEX_ROWS})
    before = digest(book)
    out = ok(capsys, "evidence", "import", appraisal_file, book, "--sheet", "Index", "--header-row", "8",
             "--map", "practice=Ref", "--map", "project=B,title=Evidence name,kind=D,location=Where")
    assert out.startswith("Imported 3 new evidence items (2 artifacts, 1 affirmations), 0 already in the "
                          "appraisal, 3 new links from 3 rows; ignored columns: Owner.")
    assert "Read 1 sheet: Index" in out
    assert links(appraisal_file) == {("Requirements spec", "docs/srs.docx", "REQM SP 1.1", "ALPHA"),
                                     ("Commitment log", "docs/log.xlsx", "REQM SP 1.2", "BETA"),
                                     ("PM interview", "", "PP SP 1.1", "ALPHA")}
    assert digest(book) == before  # the workbook is only read


def test_the_header_is_found_by_itself_and_said(tmp_path, capsys, appraisal_file):
    rows = [["Practice", "Project", "Title", "Kind", "Location"],
            ["REQM SP 1.1", "ALPHA", "Requirements spec", "artifact", "docs/srs.docx"]]
    book = write_book(tmp_path / "index.xlsx", {"Index": BANNER + rows})
    out = ok(capsys, "evidence", "import", appraisal_file, book, "--dry-run")
    assert out.startswith("Dry run, nothing written: would import 1 new evidence items")
    assert "header found on row 8" in out
    assert links(appraisal_file) == set()


def test_a_default_project_for_a_file_with_no_project_column(tmp_path, capsys, appraisal_file):
    book = write_book(tmp_path / "beta.xlsx", {"BETA": [["Practice", "Title", "Kind"],
                                                        ["REQM SP 1.1", "Spec", "artifact"],
                                                        ["PP SP 1.2", "Plan", "artifact"]]})
    ok(capsys, "evidence", "import", appraisal_file, book, "--project", "BETA")
    assert links(appraisal_file) == {("Spec", "", "REQM SP 1.1", "BETA"), ("Plan", "", "PP SP 1.2", "BETA")}


def bad_book(tmp_path: Path) -> Path:
    rows = [["Practice", "Project", "Title", "Kind"],
            ["REQM SP 1.1", "ALPHA", "Spec", "artifact"]]
    rows += [[f"REQM SP 9.{n}", "ALPHA", f"Doc {n}", "artifact"] for n in range(1, 4)]  # unknown practices
    rows += [["PP SP 1.1", "DELTA", f"Plan {n}", "artifact"] for n in range(25)]  # one unknown project, 25 rows
    rows += [["PP SP 1.2", "BETA", "Estimate", "memo"]]
    return write_book(tmp_path / "bad.xlsx", {"RDM": BANNER + rows})


def test_problems_name_sheet_row_and_column_grouped_by_kind_with_counts(tmp_path, capsys, appraisal_file):
    book = bad_book(tmp_path)
    ok(capsys, "evidence", "import", appraisal_file, write_book(tmp_path / "first.xlsx", {"S": [
        ["Practice", "Project", "Title", "Kind"], ["PP SP 1.1", "ALPHA", "Plan", "artifact"]]}))
    before, source = state(appraisal_file), digest(book)
    rc, out, err = run(capsys, "evidence", "import", appraisal_file, book)
    assert rc == 1 and out == "" and "Traceback" not in err
    lines = err.splitlines()
    assert lines[0].startswith(f"appraise: {book}: 29 problems of ") and lines[0].endswith(" nothing was imported")
    # the kind covering most rows first, with its count and first cells: the spreadsheet's own row numbers
    assert lines[1] == (f"  25 × unknown project 'DELTA' (projects: ALPHA, BETA, GAMMA; '*' means all; a unit "
                        f"named otherwise in the file: --units \"DELTA=CODE\"): {book}!RDM:B13, B14, B15, ...")
    # a kind whose rows say different things shows its first one; a kind of one row, that row
    text = "\n".join(lines)
    assert f"    e.g. {book}!RDM:A10: unknown practice 'REQM SP 9.1'" in text
    assert f"  1 × unknown kind 'memo' (artifact or affirmation): {book}!RDM:D38" in lines
    assert len(lines) <= 25  # one screenful
    assert lines[-1] == "  (all 29 problems: add --errors FILE to write them to a file)"
    assert state(appraisal_file) == before
    assert digest(book) == source


def test_one_kind_of_problem_on_many_cells_names_the_kind_and_its_cells(tmp_path, capsys, appraisal_file):
    rows = [["Practice", "Project", "Title", "Kind"]] + [["PP SP 1.1", "DELTA", f"Plan {n}", "artifact"]
                                                         for n in range(10)]
    book = write_book(tmp_path / "one-kind.xlsx", {"S": rows})
    rc, out, err = run(capsys, "evidence", "import", appraisal_file, book)
    lines = err.splitlines()
    assert rc == 1 and lines[0] == f"appraise: {book}: 10 problems of 1 kind; nothing was imported"
    assert lines[1].startswith("  10 × unknown project 'DELTA'") and lines[1].endswith(f"{book}!S:B2, B3, B4, ...")


def test_errors_file_holds_every_problem_one_a_line(tmp_path, capsys, appraisal_file):
    book = bad_book(tmp_path)
    errors = tmp_path / "problems.txt"
    before = state(appraisal_file)
    rc, _out, err = run(capsys, "evidence", "import", appraisal_file, book, "--errors", errors)
    assert rc == 1
    written = errors.read_text(encoding="utf-8").splitlines()
    assert len(written) == 29
    assert written[0].startswith(f"{book}!RDM:A10: unknown practice 'REQM SP 9.1'")
    assert written[-1] == f"{book}!RDM:D38: unknown kind 'memo' (artifact or affirmation)"
    assert sum(1 for line in written if "unknown project 'DELTA'" in line) == 25
    assert f"appraise: all 29 problems written to {errors}" in err.splitlines()
    assert state(appraisal_file) == before


def test_a_csv_refusal_keeps_its_line_per_problem_form(tmp_path, capsys, appraisal_file, write_csv):
    path = write_csv("index.csv", "Practice,Project,Title,Kind\nRD SP 1.1,ALPHA,x,artifact\n"
                     "REQM SP 1.1,ZETA,y,artifact\n")
    errors = tmp_path / "e.txt"
    rc, _out, err = run(capsys, "evidence", "import", appraisal_file, path, "--errors", errors)
    assert rc == 1
    assert err.splitlines()[:3] == [
        f"appraise: {path}: 2 problems; nothing was imported",
        f"  {path}:2: column 'Practice': RD SP 1.1 is not in this appraisal's scope",
        f"  {path}:3: column 'Project': unknown project 'ZETA' (projects: ALPHA, BETA, GAMMA; '*' means all; "
        "a unit named otherwise in the file: --units \"ZETA=CODE\")"]
    assert errors.read_text(encoding="utf-8").splitlines() == [line.strip() for line in err.splitlines()[1:3]]


def test_a_profile_saves_the_choices_and_the_second_import_is_one_command(tmp_path, capsys, appraisal_file):
    book = write_book(tmp_path / "oe.xlsx", {"Index": BANNER + INDEX_ROWS})
    profile = tmp_path / "oe.yaml"
    out = ok(capsys, "evidence", "import", appraisal_file, book, "--dry-run", "--sheet", "Index", "--header-row",
             "8", "--map", "practice=Ref,project=B,title=Evidence name,kind=D,location=E",
             "--save-profile", profile)
    assert f"Saved these choices to {profile}" in out
    assert links(appraisal_file) == set()
    out = ok(capsys, "evidence", "import", appraisal_file, book, "--profile", profile)
    assert out.startswith("Imported 3 new evidence items")
    assert len(links(appraisal_file)) == 3


def test_a_bad_map_or_option_is_one_line(tmp_path, capsys, appraisal_file):
    book = write_book(tmp_path / "oe.xlsx", {"Index": BANNER + INDEX_ROWS})
    rc, out, err = run(capsys, "evidence", "import", appraisal_file, book, "--map", "practice")
    assert rc == 1 and out == "" and len(err.splitlines()) == 1 and "FIELD=COLUMN" in err
    rc, out, err = run(capsys, "evidence", "import", appraisal_file, book, "--header-row", "0")
    assert rc == 1 and len(err.splitlines()) == 1 and "--header-row 0" in err


# -- characterizations ---------------------------------------------------------------------------------------

def cells(appraisal: Path) -> tuple[dict, dict]:
    with Appraisal.open(appraisal) as a:
        return a.cells.all(), a.cells.notes()


def test_characterizations_from_a_workbook_keep_a_self_check_as_a_note(tmp_path, capsys, appraisal_file):
    book = write_book(tmp_path / "ratings.xlsx", {
        "Notes": [["nothing"]],
        "Ratings": [["Practice", "Unit", "Rating", "Weakness", "OK?"],
                    ["REQM SP 1.1", "ALPHA", "LI", "trace matrix stale", "yes"],
                    ["REQM SP 1.2", "BETA", "FI", None, "no"]]})
    source = digest(book)
    out = ok(capsys, "characterizations", "import", appraisal_file, book, "--sheet", "Ratings",
             "--map", "project=Unit,self_check=E")
    assert "Recorded 2 characterizations (2 changed)." in out
    chars, notes = cells(appraisal_file)
    assert chars == {"REQM SP 1.1": {"ALPHA": "LI"}, "REQM SP 1.2": {"BETA": "FI"}}
    assert notes == {("REQM SP 1.1", "ALPHA"): "trace matrix stale; self-check: yes",
                     ("REQM SP 1.2", "BETA"): "self-check: no"}
    assert digest(book) == source


def test_a_characterization_refusal_names_the_cell_and_changes_nothing(tmp_path, capsys, appraisal_file):
    book = write_book(tmp_path / "ratings.xlsx", {"Ratings": [["Practice", "Project", "Value"],
                                                              ["REQM SP 1.1", "ALPHA", "LI"],
                                                              ["REQM SP 1.2", "ALPHA", "Done"]]})
    before = state(appraisal_file)
    rc, out, err = run(capsys, "characterizations", "import", appraisal_file, book)
    assert rc == 1 and out == ""
    assert err.splitlines()[0] == (f"appraise: {book}!Ratings:C3: 'Done' is not a characterization "
                                   "(FI, LI, PI, NI, NY); nothing was recorded")
    assert state(appraisal_file) == before


def test_an_assessor_column_keeps_each_assessors_rating_in_the_plan(tmp_path, appraisal_file):
    book = write_book(tmp_path / "ratings.xlsx", {"Ratings": [
        ["Practice", "Project", "Value", "Assessor"],
        ["REQM SP 1.1", "ALPHA", "LI", "A1"], ["REQM SP 1.1", "ALPHA", "FI", "A2"],
        ["REQM SP 1.2", "BETA", "PI", "A1"]]})
    with Appraisal.open(appraisal_file) as a:
        plan = a.cells.plan_import(book, ImportSpec(columns={"assessor": "Assessor"}))
    assert plan.rows == []
    assert plan.assessor_rows == [("REQM SP 1.1", "ALPHA", "A1", "LI", None), ("REQM SP 1.1", "ALPHA", "A2", "FI", None),
                                  ("REQM SP 1.2", "BETA", "A1", "PI", None)]
    twice = write_book(tmp_path / "twice.xlsx", {"Ratings": [
        ["Practice", "Project", "Value", "Assessor"],
        ["REQM SP 1.1", "ALPHA", "LI", "A1"], ["REQM SP 1.1", "ALPHA", "FI", "A1"]]})
    with Appraisal.open(appraisal_file) as a, pytest.raises(InputFileError) as err:
        a.cells.plan_import(twice, ImportSpec(columns={"assessor": "Assessor"}))
    assert str(err.value) == (f"{twice}!Ratings:A3: REQM SP 1.1 / ALPHA by A1 is already on {twice}!Ratings:2; "
                              "nothing was recorded")


# -- problems grouped by kind ----------------------------------------------------------------------------------

def test_a_named_kind_on_many_rows_of_a_csv_is_said_once_and_every_problem_is_kept(tmp_path):
    from appraise.io.table import Problems

    path = tmp_path / "index.csv"
    problems = Problems(path)
    for line in range(2, 40):
        problems.add(line, "Area", "unknown area code 'RM' (closest known codes: REQM)", "unknown area code 'RM'")
    problems.add(40, "Project", "unknown project 'X'")
    with pytest.raises(InputFileError) as err:
        problems.raise_if_any("imported")
    assert str(err.value) == f"{path}: 39 problems of 2 kinds; nothing was imported"
    assert err.value.problems == [
        f"38 × unknown area code 'RM' (closest known codes: REQM): {path}:2, 3, 4, ...: column 'Area'",
        f"1 × unknown project 'X': {path}:40: column 'Project'"]
    assert len(err.value.all_problems) == 39
    assert err.value.all_problems[-1] == f"{path}:40: column 'Project': unknown project 'X'"


def test_distinct_problems_of_a_csv_keep_one_line_each(tmp_path):
    from appraise.io.table import Problems

    path = tmp_path / "index.csv"
    problems = Problems(path)
    problems.add(2, "Practice", "unknown practice 'A'", "unknown practice")  # rows saying different things
    problems.add(3, "Practice", "unknown practice 'B'", "unknown practice")
    with pytest.raises(InputFileError) as err:
        problems.raise_if_any("imported")
    assert str(err.value) == f"{path}: 2 problems; nothing was imported"
    assert err.value.problems == [f"{path}:2: column 'Practice': unknown practice 'A'",
                                  f"{path}:3: column 'Practice': unknown practice 'B'"]
