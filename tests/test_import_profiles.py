"""Import profiles: what the user chose, saved as YAML and read back equal; every mistake refused with the file,
the line and what is wrong (like model files)."""

from __future__ import annotations

from pathlib import Path

import pytest

from appraise.errors import InputFileError
from appraise.io.layouts import ImportSpec
from appraise.io.profiles import PROFILE_KEYS, load_profile, profile_text, save_profile


def test_a_saved_profile_loads_back_equal(tmp_path):
    spec = ImportSpec(sheets="PA-*", header_row=8, layout="rows",
                      columns={"kind": "F", "practice": "Práctica ID", "date": "2021"},
                      units={"Team Beta": "BETA", "p1alpha": "ALPHA", "1.10": "GAMMA"}, project="ECU-A",
                      aliases={"RM": "REQM", "M&A": "MA"}, row_types={"evidence": "5 OE", "instance": "yes"})
    path = tmp_path / "oe.yaml"
    save_profile(spec, path)
    assert load_profile(path) == spec
    assert path.read_text(encoding="utf-8").startswith("# appraise import profile")


def test_defaults_are_left_out_and_still_round_trip(tmp_path):
    for spec in (ImportSpec(), ImportSpec(sheet="Index", layout="wide"), ImportSpec(project="on")):
        path = tmp_path / "p.yaml"
        save_profile(spec, path)
        assert load_profile(path) == spec
    assert profile_text(ImportSpec()).splitlines()[1:] == ["layout: long"]


def test_numbers_in_a_profile_are_text(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("units:\n  2021: ALPHA\ncolumns:\n  practice: 3\n", encoding="utf-8")
    assert load_profile(path) == ImportSpec(units={"2021": "ALPHA"}, columns={"practice": "3"})


BAD = [
    ("layout: long\ncolour: blue\n", 2, "colour: unknown key (a profile has: " + ", ".join(PROFILE_KEYS)),
    ("layout: diagonal\n", 1, "layout: unknown layout 'diagonal' (layouts: long, wide, rows)"),
    ("layout: rows\nheader_row: eight\n", 2, "header_row: must be a row number (1 or more), not 'eight'"),
    ("header_row: 0\n", 1, "header_row: must be a row number"),
    ("header_row: true\n", 1, "header_row: must be a row number"),
    ("layout: wide\n\nunits:\n  - ALPHA\n  - BETA\n", 4, "units: must be a mapping (name: value), not a list"),
    ("aliases:\n  RM: REQM\n  QA: [PPQA]\n", 3, "aliases.QA: must be text, not a list"),
    ("units:\n  Team A:\n", 2, "units.Team A: must be text, not empty"),
    ("sheet: Index\nsheets: 'PA-*'\n", 2, "sheets: give sheet (one sheet) or sheets (a pattern), not both"),
    ("row_types:\n  evidence: 5 OE\n  lines: 6 X\n", 3, "row_types.lines: unknown row type 'lines'"),
    ("project: [A, B]\n", 1, "project: must be text, not a list"),
    ("- layout\n", 1, "a profile is a mapping of keys"),
    ("layout: [unclosed\n", 2, "not valid YAML"),
]


@pytest.mark.parametrize(("text", "line", "message"), BAD)
def test_each_mistake_is_refused_with_its_line(tmp_path, text, line, message):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputFileError) as refused:
        load_profile(path)
    assert str(refused.value).startswith(f"{path}:{line}: ")
    assert message in str(refused.value)
    assert "\n" not in str(refused.value)


def test_an_empty_or_missing_profile_is_refused(tmp_path):
    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="the profile is empty"):
        load_profile(empty)
    with pytest.raises(InputFileError, match="no such profile file"):
        load_profile(tmp_path / "nowhere.yaml")


def test_a_profile_that_cannot_be_written_says_so(tmp_path: Path):
    with pytest.raises(InputFileError, match="cannot write the profile"):
        save_profile(ImportSpec(), tmp_path / "no-such-folder" / "p.yaml")


def test_an_empty_column_says_no_column_holds_the_field(tmp_path):
    """The mapping dialog's "none" for a field a header names: kept through a profile as an empty column."""
    path = tmp_path / "p.yaml"
    save_profile(ImportSpec(columns={"practice": "B", "collected_by": ""}), path)
    assert load_profile(path).columns == {"practice": "B", "collected_by": ""}
