"""The characterizations import: practice, project, value, note from a CSV on disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from appraise.cli import main
from appraise.errors import InputFileError
from appraise.services import Appraisal

ALLOWED = "FI, LI, PI, NI, NY"


def do_import(appraisal: Path, csv_path: Path, who: str = "tester", on_conflict: str = "refuse") -> int:
    with Appraisal.open(appraisal) as a:
        return len(a.cells.import_plan(a.cells.plan_import(csv_path), who, on_conflict))


def state(appraisal: Path) -> tuple:
    with Appraisal.open(appraisal) as a:
        return (a.store.characterizations(), a.store.characterization_notes(),
                [tuple(vars(c).values()) for c in a.store.change_log()])


def test_values_in_any_case(appraisal_file, write_csv):
    path = write_csv("chars.csv", "practice,project,value,note\n"
                     "REQM SP 1.1,ALPHA,fi,\nREQM SP 1.1,BETA,Li,matrix stale\nREQM SP 1.1,GAMMA, pI ,\n"
                     "REQM SP 1.2,ALPHA,ni,\nREQM SP 1.2,BETA,NY,not started\n"
                     "REQM SP 1.2,GAMMA,largely  implemented,\n")
    assert do_import(appraisal_file, path) == 6
    chars, notes, _ = state(appraisal_file)
    assert chars == {"REQM SP 1.1": {"ALPHA": "FI", "BETA": "LI", "GAMMA": "PI"},
                     "REQM SP 1.2": {"ALPHA": "NI", "BETA": "NY", "GAMMA": "LI"}}
    assert notes == {("REQM SP 1.1", "BETA"): "matrix stale", ("REQM SP 1.2", "BETA"): "not started"}


def test_header_synonyms_spellings_bom_and_semicolons(appraisal_file, write_csv):
    path = write_csv("chars.csv", "Practice ID;Basic Unit;Characterization;Comment\n"
                     "reqm.sp.1.3;alpha;LI;one release\npp gp2.10;Gamma;FI;\n", bom=True, newline="\r\n")
    do_import(appraisal_file, path)
    chars, notes, _ = state(appraisal_file)
    assert chars == {"REQM SP 1.3": {"ALPHA": "LI"}, "PP GP 2.10": {"GAMMA": "FI"}}
    assert notes == {("REQM SP 1.3", "ALPHA"): "one release"}


def test_unknown_value_is_refused_with_the_allowed_values(appraisal_file, write_csv):
    path = write_csv("chars.csv", "Practice,Project,Rating\nREQM SP 1.1,ALPHA,FI\nREQM SP 1.2,ALPHA,Done\n")
    with pytest.raises(InputFileError) as err:
        do_import(appraisal_file, path)
    assert str(err.value) == (f"{path}:3: column 'Rating': 'Done' is not a characterization ({ALLOWED}); "
                              "nothing was recorded")


@pytest.mark.parametrize("value", ["1", "4", "f", "y"])
def test_ui_keys_are_not_characterizations(appraisal_file, write_csv, value):
    path = write_csv("chars.csv", f"Practice,Project,Value\nREQM SP 1.1,ALPHA,{value}\n")
    with pytest.raises(InputFileError, match=r"is not a characterization \(FI, LI, PI, NI, NY\)"):
        do_import(appraisal_file, path)


def test_duplicate_cell_names_both_lines(appraisal_file, write_csv):
    path = write_csv("chars.csv", "practice,project,value\nREQM SP 1.1,ALPHA,FI\nPP SP 1.1,ALPHA,FI\n"
                     "reqm sp1.1,alpha,LI\n")
    before = state(appraisal_file)
    with pytest.raises(InputFileError) as err:
        do_import(appraisal_file, path)
    assert str(err.value) == (f"{path}:4: column 'practice': REQM SP 1.1 / ALPHA is already on line 2; "
                              "nothing was recorded")
    assert state(appraisal_file) == before


@pytest.mark.parametrize("row, column, message", [
    ("REQM SP 9.9,ALPHA,FI", "Practice", "unknown practice 'REQM SP 9.9' (REQM has REQM SP 1.1 … REQM GP 3.2)"),
    ("RD SP 1.1,ALPHA,FI", "Practice", "RD SP 1.1 is not in this appraisal's scope"),
    ("REQM SP 1.1,DELTA,FI", "Project", "unknown project 'DELTA' (projects: ALPHA, BETA, GAMMA)"),
    ("REQM SP 1.1,ALPHA,", "Value", f"is empty ({ALLOWED})"),
])
def test_bad_row_refuses_the_whole_file(appraisal_file, write_csv, row, column, message):
    with Appraisal.open(appraisal_file) as a:
        a.cells.characterize("REQM SP 1.2", "BETA", "PI", "earlier", "lead")
    before = state(appraisal_file)
    path = write_csv("chars.csv", f"Practice,Project,Value,Note\nREQM SP 1.2,BETA,FI,fixed\n{row},x\n")
    with pytest.raises(InputFileError) as err:
        do_import(appraisal_file, path)
    assert str(err.value) == f"{path}:3: column '{column}': {message}; nothing was recorded"
    assert state(appraisal_file) == before


def test_every_bad_cell_is_reported(appraisal_file, write_csv):
    path = write_csv("chars.csv", "Practice,Project,Value\nFOO,ALPHA,FI\nREQM SP 1.1,ALPHA,FI\n"
                     "REQM SP 1.2,OMEGA,maybe\n")
    with pytest.raises(InputFileError) as err:
        do_import(appraisal_file, path)
    assert str(err.value) == f"{path}: 3 problems; nothing was recorded"
    assert [p.split(": ", 2)[:2] for p in err.value.problems] == [
        [f"{path}:2", "column 'Practice'"], [f"{path}:4", "column 'Project'"], [f"{path}:4", "column 'Value'"]]
    assert state(appraisal_file)[0] == {}


def test_missing_value_column(appraisal_file, write_csv):
    path = write_csv("chars.csv", "Practice,Project,Note\nREQM SP 1.1,ALPHA,x\n")
    with pytest.raises(InputFileError, match=r"chars\.csv:1: missing column 'value'"):
        do_import(appraisal_file, path)


def test_change_log_records_what_old_new_and_who(appraisal_file, write_csv):
    with Appraisal.open(appraisal_file) as a:
        a.cells.characterize("REQM SP 1.1", "ALPHA", "PI", "", "lead")
    _, _, log_before = state(appraisal_file)
    path = write_csv("chars.csv", "practice,project,value,note\nREQM SP 1.1,ALPHA,LI,matrix stale\n"
                     "REQM SP 1.1,BETA,FI,\n")
    assert do_import(appraisal_file, path, who="Ann", on_conflict="replace") == 2
    _, _, log = state(appraisal_file)
    new = [(who, what, target, old, value) for _at, who, what, target, old, value in log[len(log_before):]]
    assert new == [
        ("Ann", "characterization (import chars.csv)", "REQM SP 1.1 / ALPHA", "PI", "LI (matrix stale)"),
        ("Ann", "characterization (import chars.csv)", "REQM SP 1.1 / BETA", None, "FI"),
    ]

    # The same file again changes nothing and logs nothing; one changed value logs one entry.
    assert do_import(appraisal_file, path, who="Ann") == 0
    assert len(state(appraisal_file)[2]) == len(log)
    path = write_csv("chars2.csv", "practice,project,value,note\nREQM SP 1.1,ALPHA,FI,matrix stale\n"
                     "REQM SP 1.1,BETA,FI,\n")
    assert do_import(appraisal_file, path, who="Bob", on_conflict="replace") == 1
    _, _, log2 = state(appraisal_file)
    assert len(log2) == len(log) + 1
    assert log2[-1][1:] == ("Bob", "characterization (import chars2.csv)", "REQM SP 1.1 / ALPHA", "LI",
                            "FI (matrix stale)")


def test_dry_run_records_nothing(appraisal_file, write_csv, capsys):
    path = write_csv("chars.csv", "practice,project,value\nREQM SP 1.1,ALPHA,FI\nREQM SP 1.1,BETA,LI\n")
    before = state(appraisal_file)
    assert main(["characterizations", "import", str(appraisal_file), str(path), "--dry-run"]) == 0
    assert "2 characterizations are valid" in capsys.readouterr().out
    assert state(appraisal_file) == before
