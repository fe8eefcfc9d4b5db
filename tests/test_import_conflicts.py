"""A bulk characterization import never overwrites what the team recorded without being told to,
and the not-applicable rule refuses in the CLI as it does in the matrix (one rule, in the services)."""

from __future__ import annotations

import pytest
from cli_helpers import _in_tmp, assert_one_line_error, ok, run  # noqa: F401

from appraise.services import Appraisal


def _state(path) -> tuple:
    with Appraisal.open(path) as a:
        return a.cells.all(), a.cells.notes(), len(a.history.log())


def _readme_sequence(capsys, appraisal_file, write_csv):
    """The README's own sequence: a hand-entered LI with its note, then an import saying FI."""
    ok(capsys, "characterize", appraisal_file, "REQM SP 1.1", "ALPHA", "LI", "--note",
       "trace matrix not updated after CR-112")
    return write_csv("chars.csv", "practice,project,value,note\nREQM SP 1.1,ALPHA,FI,\nREQM SP 1.1,BETA,LI,"
                     "one release\nREQM SP 1.2,ALPHA,PI,\n")


def test_import_over_a_recorded_value_stops_and_lists_the_cell(capsys, appraisal_file, write_csv):
    csv_path = _readme_sequence(capsys, appraisal_file, write_csv)
    before = _state(appraisal_file)
    rc, out, err = run(capsys, "characterizations", "import", appraisal_file, csv_path)
    assert rc == 1 and out == ""
    lines = err.splitlines()
    assert lines[0] == ("appraise: chars.csv: 1 cell is recorded differently in the appraisal; nothing was recorded. "
                        "Replace them with the file's values (--replace) or keep what is recorded (--keep-existing)")
    assert lines[1:] == ["  REQM SP 1.1 / ALPHA: LI -> FI; note kept ('trace matrix not updated after CR-112')"]
    assert _state(appraisal_file) == before


def test_dry_run_lists_every_change_and_marks_the_conflicts(capsys, appraisal_file, write_csv):
    csv_path = _readme_sequence(capsys, appraisal_file, write_csv)
    before = _state(appraisal_file)
    out = ok(capsys, "characterizations", "import", appraisal_file, csv_path, "--dry-run")
    assert out.splitlines() == [
        "Dry run, nothing written: 3 characterizations are valid; importing would change 3 cells, 1 of them "
        "recorded differently (marked !: the import needs --replace or --keep-existing):",
        "  ! REQM SP 1.1 / ALPHA: LI -> FI; note kept ('trace matrix not updated after CR-112')",
        "    REQM SP 1.1 / BETA: — -> LI; note added ('one release')",
        "    REQM SP 1.2 / ALPHA: — -> PI",
    ]
    assert _state(appraisal_file) == before


def test_replace_writes_the_files_values(capsys, appraisal_file, write_csv):
    csv_path = _readme_sequence(capsys, appraisal_file, write_csv)
    out = ok(capsys, "characterizations", "import", appraisal_file, csv_path, "--replace")
    assert out.strip() == "Recorded 3 characterizations (3 changed)."
    chars, notes, _ = _state(appraisal_file)
    assert chars == {"REQM SP 1.1": {"ALPHA": "FI", "BETA": "LI"}, "REQM SP 1.2": {"ALPHA": "PI"}}
    assert notes[("REQM SP 1.1", "BETA")] == "one release"


def test_keep_existing_imports_the_rest(capsys, appraisal_file, write_csv):
    csv_path = _readme_sequence(capsys, appraisal_file, write_csv)
    out = ok(capsys, "characterizations", "import", appraisal_file, csv_path, "--keep-existing")
    assert out.strip() == "Recorded 3 characterizations (2 changed, 1 recorded differently kept as they were)."
    chars, notes, _ = _state(appraisal_file)
    assert chars == {"REQM SP 1.1": {"ALPHA": "LI", "BETA": "LI"}, "REQM SP 1.2": {"ALPHA": "PI"}}
    assert notes[("REQM SP 1.1", "ALPHA")] == "trace matrix not updated after CR-112"


def test_a_note_the_file_would_replace_is_a_conflict_too(capsys, appraisal_file, write_csv):
    ok(capsys, "characterize", appraisal_file, "REQM SP 1.1", "ALPHA", "LI", "--note", "ours")
    csv_path = write_csv("n.csv", "practice,project,value,note\nREQM SP 1.1,ALPHA,LI,theirs\n")
    rc, out, err = run(capsys, "characterizations", "import", appraisal_file, csv_path)
    assert rc == 1 and "REQM SP 1.1 / ALPHA: LI -> LI; note replaced ('ours' -> 'theirs')" in err
    # the same value without a note in the file is no conflict and changes nothing
    same = write_csv("s.csv", "practice,project,value\nREQM SP 1.1,ALPHA,LI\n")
    assert ok(capsys, "characterizations", "import", appraisal_file, same).strip() == \
        "Recorded 1 characterizations (0 changed)."
    assert _state(appraisal_file)[1][("REQM SP 1.1", "ALPHA")] == "ours"


def test_replace_and_keep_exclude_each_other(capsys, appraisal_file, write_csv):
    csv_path = write_csv("c.csv", "practice,project,value\nREQM SP 1.1,ALPHA,FI\n")
    with pytest.raises(SystemExit) as exit_:
        run(capsys, "characterizations", "import", appraisal_file, csv_path, "--replace", "--keep-existing")
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and "not allowed with argument" in err and "Traceback" not in err


def test_not_applicable_area_is_refused_by_the_cli_and_the_import(capsys, appraisal_file, write_csv):
    ok(capsys, "scope", appraisal_file, "--not-applicable", "SAM", "--why", "no suppliers")
    before = _state(appraisal_file)
    rc, out, err = run(capsys, "characterize", appraisal_file, "SAM SP 1.1", "ALPHA", "FI")
    assert_one_line_error(rc, out, err, "SAM is not applicable (team decision)", "--applicable SAM")
    rc, out, err = run(capsys, "characterize", appraisal_file, "SAM SP 1.1", "ALPHA", "clear", "--note", "x")
    assert_one_line_error(rc, out, err, "SAM is not applicable")
    csv_path = write_csv("c.csv", "practice,project,value\nREQM SP 1.1,ALPHA,FI\nSAM SP 1.1,BETA,LI\n")
    rc, out, err = run(capsys, "characterizations", "import", appraisal_file, csv_path)
    assert rc == 1 and "c.csv:3: column 'practice': SAM is not applicable (team decision)" in err
    assert _state(appraisal_file) == before
    # applicable again: characterized as any other area
    ok(capsys, "scope", appraisal_file, "--applicable", "SAM", "--why", "a supplier after all")
    ok(capsys, "characterize", appraisal_file, "SAM SP 1.1", "ALPHA", "FI")


def test_a_file_kept_locked_by_another_writer_gives_a_clear_message(capsys, appraisal_file):
    """SQLite's "database is locked" never reaches the user as such: a short wait, then one clear line."""
    import sqlite3

    holder = sqlite3.connect(appraisal_file, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process in the middle of a long write
    try:
        before = _state(appraisal_file)
        rc, out, err = run(capsys, "characterize", appraisal_file, "REQM SP 1.1", "ALPHA", "FI")
        assert_one_line_error(rc, out, err, "the file is busy", "nothing was changed, try again")
        assert "database is locked" not in err
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert _state(appraisal_file) == before
