"""The evidence index import: CSV files on disk, through ``Evidence.plan_import`` / ``import_evidence``.

Every test reads a real file from tmp_path and checks what ends up in the
appraisal file (items, links, change log), or that nothing changed.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from appraise.cli import main
from appraise.errors import InputFileError
from appraise.services import Appraisal

HEADER = "Practice,Project,Title,Kind,Location,Description,Collected by,Date\n"


def do_import(appraisal: Path, csv_path: Path, who: str = "tester") -> tuple[int, int]:
    with Appraisal.open(appraisal) as a:
        return a.evidence.import_plan(a.evidence.plan_import(csv_path), who)


def plan(appraisal: Path, csv_path: Path):
    with Appraisal.open(appraisal) as a:
        return a.evidence.plan_import(csv_path)


def links(appraisal: Path) -> set[tuple[str, str, str]]:
    """Every link as (evidence title, practice, project code)."""
    with sqlite3.connect(appraisal) as db:
        return set(db.execute(
            "SELECT e.title, l.practice_id, p.code FROM evidence_link l "
            "JOIN evidence e ON e.id = l.evidence_id JOIN project p ON p.id = l.project_id").fetchall())


def items(appraisal: Path) -> list[tuple]:
    """Every evidence item as (kind, title, location, description, collected_by, collected_on), by id."""
    with sqlite3.connect(appraisal) as db:
        return db.execute("SELECT kind, title, location, description, collected_by, collected_on "
                          "FROM evidence ORDER BY id").fetchall()


def snapshot(appraisal: Path) -> tuple:
    """What an import may change: items, links, the change log."""
    with Appraisal.open(appraisal) as a:
        counts = a.store.evidence_counts()
        log = a.store.change_log()
    return counts, len(log), sorted(items(appraisal)), links(appraisal)


# -- delimiters, encodings, quoting --------------------------------------------------------

@pytest.mark.parametrize("delimiter", [",", ";", "\t"], ids=["comma", "semicolon", "tab"])
def test_each_delimiter_is_sniffed(appraisal_file, write_csv, delimiter):
    # Each file holds the *other* delimiters inside its cells (quoted where needed).
    other = {",": "scope; risks; plan", ";": "scope, risks, plan", "\t": "scope, risks; plan"}[delimiter]
    quoted = f'"{other}"'
    rows = [
        ["Practice", "Project", "Title", "Kind", "Location", "Description"],
        ["REQM SP 1.1", "ALPHA", "Requirements spec", "artifact", "docs/srs.docx", quoted],
        ["REQM SP 1.1", "BETA", "Requirements spec", "artifact", "docs/srs.docx", quoted],
        ["PP SP 1.1", "GAMMA", "PM interview", "affirmation", "", "session 2"],
    ]
    path = write_csv("index.csv", "".join(delimiter.join(r) + "\n" for r in rows))
    p = plan(appraisal_file, path)
    assert p.delimiter == delimiter
    assert p.rows == 3
    assert p.by_kind == {"artifact": 1, "affirmation": 1}
    assert do_import(appraisal_file, path) == (2, 3)
    assert links(appraisal_file) == {("Requirements spec", "REQM SP 1.1", "ALPHA"),
                                     ("Requirements spec", "REQM SP 1.1", "BETA"),
                                     ("PM interview", "PP SP 1.1", "GAMMA")}
    assert items(appraisal_file)[0][:4] == ("artifact", "Requirements spec", "docs/srs.docx", other)


def test_utf8_bom_does_not_hide_the_first_column(appraisal_file, write_csv):
    path = write_csv("bom.csv", "Practice;Project;Title;Kind\nREQM SP 1.2;ALPHA;Zusage – Änderungsprotokoll;artifact\n",
                     bom=True, newline="\r\n")
    assert do_import(appraisal_file, path) == (1, 1)
    assert links(appraisal_file) == {("Zusage – Änderungsprotokoll", "REQM SP 1.2", "ALPHA")}


def test_cp1252_file_from_older_excel(appraisal_file, write_csv):
    text = ("Practice;Project;Title;Kind;Description\n"
            "REQM SP 1.1;ALPHA;Prüfbericht – “final”;artifact;Größe 5 €\n")
    path = write_csv("ansi.csv", text, encoding="cp1252", newline="\r\n")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")  # the file really is not UTF-8
    p = plan(appraisal_file, path)
    assert p.encoding == "cp1252"
    do_import(appraisal_file, path)
    assert [(t, d) for _, t, _, d, _, _ in items(appraisal_file)] == [("Prüfbericht – “final”", "Größe 5 €")]


def test_excel_quoting_and_line_numbers_after_a_multiline_cell(appraisal_file, write_csv):
    # Excel: CRLF row ends, quoted cells with commas, doubled quotes, LF inside a quoted cell.
    good = ('Practice,Project,Title,Kind,Description\r\n'
            'REQM SP 1.1,ALPHA,"Spec ""v2"", approved",artifact,"first line\nsecond, line\nthird"\r\n'
            'REQM SP 1.2,ALPHA,Plain,artifact,x\r\n')
    ok = write_csv("excel.csv", "")
    ok.write_bytes(good.encode("utf-8"))
    assert do_import(appraisal_file, ok) == (2, 2)
    rows = items(appraisal_file)
    assert rows[0][1] == 'Spec "v2", approved'
    assert rows[0][3] == "first line\nsecond, line\nthird"

    # Same file plus a bad practice after the multi-line cell: header 1, the quoted
    # row 2-4, 'Plain' 5, the bad row 6.
    bad = good + "REQM SP 7.7,BETA,Later,artifact,y\r\n"
    path = write_csv("excel-bad.csv", "")
    path.write_bytes(bad.encode("utf-8"))
    with pytest.raises(InputFileError) as err:
        plan(appraisal_file, path)
    assert f"{path}:6: column 'Practice': unknown practice 'REQM SP 7.7'" in str(err.value)


def test_blank_lines_are_skipped_and_do_not_shift_line_numbers(appraisal_file, write_csv):
    path = write_csv("blank.csv", "Practice,Project,Title,Kind\n\nREQM SP 1.1,ALPHA,A,artifact\n,,,\n"
                     "REQM SP 1.1,OMEGA,B,artifact\n")
    with pytest.raises(InputFileError) as err:
        plan(appraisal_file, path)
    assert f"{path}:5: column 'Project': unknown project 'OMEGA'" in str(err.value)


# -- headers -----------------------------------------------------------------------------

def test_header_synonyms_case_and_spacing(appraisal_file, write_csv):
    path = write_csv("syn.csv", "Practice ID, project code , TITLE ,Type,URL,Notes,Collector,Collected On,Owner\n"
                     "REQM SP 1.1,alpha,Trace matrix,Artifact,http://x/trace,stale,QA,2024-03-01,Bob\n")
    p = plan(appraisal_file, path)
    assert p.ignored_columns == ["Owner"]
    do_import(appraisal_file, path)
    assert items(appraisal_file) == [("artifact", "Trace matrix", "http://x/trace", "stale", "QA", "2024-03-01")]
    assert links(appraisal_file) == {("Trace matrix", "REQM SP 1.1", "ALPHA")}


def test_sp_header_synonym(appraisal_file, write_csv):
    path = write_csv("sp.csv", "SP;BU;Evidence;Evidence Type\nPP SP 2.1;GAMMA;Budget;document\n")
    do_import(appraisal_file, path)
    assert links(appraisal_file) == {("Budget", "PP SP 2.1", "GAMMA")}


def test_two_columns_meaning_the_same_field_are_refused(appraisal_file, write_csv):
    path = write_csv("dup.csv", "Practice,Practice ID,Project,Title,Kind\nREQM SP 1.1,REQM SP 1.1,ALPHA,T,artifact\n")
    with pytest.raises(InputFileError, match=r"dup\.csv:1: columns 'Practice' and 'Practice ID' both mean"):
        plan(appraisal_file, path)


# -- practice ids, items and links ---------------------------------------------------------

def test_practice_id_spellings_normalize_to_one_id(appraisal_file, write_csv):
    spellings = ["REQM SP1.1", "reqm.sp.1.1", "REQM SP 1.1", "REQM_SP_1.1", "reqm-sp-01.1"]
    text = "Practice,Project,Title,Kind\n" + "".join(
        f"{s},ALPHA,Item {i},artifact\n" for i, s in enumerate(spellings))
    text += "pp gp2.10,BETA,Review minutes,artifact\nPP GP 2.1,BETA,Policy,artifact\n"
    do_import(appraisal_file, write_csv("ids.csv", text))
    got = links(appraisal_file)
    assert {(t, pr) for t, pr, _ in got if t.startswith("Item")} == {(f"Item {i}", "REQM SP 1.1")
                                                                      for i in range(len(spellings))}
    assert ("Review minutes", "PP GP 2.10", "BETA") in got  # 2.10 is not 2.1
    assert ("Policy", "PP GP 2.1", "BETA") in got


def test_area_column_completes_a_short_practice_id(appraisal_file, write_csv):
    path = write_csv("area.csv", "Process Area,Practice,Project,Title,Kind\nPMC,SP 1.1,ALPHA,Status report,artifact\n")
    do_import(appraisal_file, path)
    assert links(appraisal_file) == {("Status report", "PMC SP 1.1", "ALPHA")}


def test_same_artifact_on_many_rows_is_one_item_with_many_links(appraisal_file, write_csv):
    text = HEADER + (
        "REQM SP 1.1,ALPHA,Requirements spec,artifact,docs/srs.docx,baseline,Ann,2024-02-01\n"
        "REQM SP 1.1,BETA,Requirements spec,artifact,docs/srs.docx,baseline,Ann,2024-02-01\n"
        "REQM SP 1.4,ALPHA,Requirements spec,artifact,docs/srs.docx,baseline,Ann,2024-02-01\n"
        "REQM SP 1.1,ALPHA,Requirements spec,artifact,docs/srs.docx,baseline,Ann,2024-02-01\n"  # repeated row
        "REQM SP 1.1,GAMMA,Requirements spec,artifact,docs/srs-gamma.docx,other copy,Ann,2024-02-01\n"
        "REQM SP 1.1,GAMMA,Requirements spec,affirmation,,PM interview,Ann,2024-02-01\n")
    path = write_csv("many.csv", text)
    p = plan(appraisal_file, path)
    assert (len(p.items), len(p.links), p.rows) == (3, 5, 6)
    assert do_import(appraisal_file, path) == (3, 5)
    with Appraisal.open(appraisal_file) as a:
        counts = a.store.evidence_counts()
    assert (counts["artifacts"], counts["affirmations"], counts["links"]) == (2, 1, 5)
    srs = [r for r in items(appraisal_file) if r[2] == "docs/srs.docx"]
    assert len(srs) == 1


def test_star_project_links_every_project(appraisal_file, write_csv):
    path = write_csv("star.csv", "Practice,Project,Title,Kind\nCM SP 1.1,*,CM plan,artifact\n"
                     "CM SP 1.2,All,Org CM tool,artifact\n")
    assert do_import(appraisal_file, path) == (2, 6)
    assert links(appraisal_file) == {(t, pr, c) for t, pr in (("CM plan", "CM SP 1.1"), ("Org CM tool", "CM SP 1.2"))
                                     for c in ("ALPHA", "BETA", "GAMMA")}


@pytest.mark.parametrize("written", ["2024-11-03", "2024-11-03 00:00:00", "2024-11-03T09:30:00", "2024/11/03",
                                     "03.11.2024", "20241103"])
def test_date_spellings_become_iso(appraisal_file, write_csv, written):
    path = write_csv("d.csv", f"Practice,Project,Title,Kind,Date\nREQM SP 1.1,ALPHA,T,artifact,{written}\n")
    do_import(appraisal_file, path)
    assert items(appraisal_file)[0][5] == "2024-11-03"


def test_reimport_plan_reuses_existing_items(appraisal_file, write_csv):
    path = write_csv("index.csv", HEADER + "REQM SP 1.1,ALPHA,Spec,artifact,a,,,\nREQM SP 1.1,BETA,Spec,artifact,a,,,\n"
                     "PP SP 1.1,ALPHA,Plan,artifact,b,,,\n")
    assert do_import(appraisal_file, path) == (2, 3)
    again = plan(appraisal_file, path)
    assert (len(again.items), again.reused, len(again.links)) == (0, 2, 3)


def test_reimporting_the_same_file_adds_no_duplicates(appraisal_file, write_csv):
    path = write_csv("index.csv", HEADER + "REQM SP 1.1,ALPHA,Spec,artifact,a,,,\nREQM SP 1.1,BETA,Spec,artifact,a,,,\n"
                     "PP SP 1.1,ALPHA,Plan,artifact,b,,,\n")
    assert do_import(appraisal_file, path) == (2, 3)
    before = snapshot(appraisal_file)
    assert do_import(appraisal_file, path) == (0, 0)
    after = snapshot(appraisal_file)
    assert after[0] == before[0] and after[2:] == before[2:]


def test_new_links_to_existing_items_only(appraisal_file, write_csv):
    do_import(appraisal_file, write_csv("a.csv", "Practice,Project,Title,Kind,Location\nREQM SP 1.1,ALPHA,Spec,artifact,a\n"))
    second = write_csv("b.csv", "Practice,Project,Title,Kind,Location\nREQM SP 1.4,ALPHA,Spec,artifact,a\n")
    assert do_import(appraisal_file, second) == (0, 1)
    assert links(appraisal_file) == {("Spec", "REQM SP 1.1", "ALPHA"), ("Spec", "REQM SP 1.4", "ALPHA")}


def test_import_is_logged_with_who_and_counts(appraisal_file, write_csv):
    path = write_csv("log.csv", "Practice,Project,Title,Kind\nREQM SP 1.1,*,Spec,artifact\n")
    do_import(appraisal_file, path, who="Ann")
    with Appraisal.open(appraisal_file) as a:
        last = a.store.change_log()[-1]
    assert (last.who, last.what, last.target, last.new) == ("Ann", "evidence imported", "log.csv", "1 items, 3 links")


# -- refused files: all or nothing ---------------------------------------------------------

BAD_HEADER = "Practice ID,Project,Title,Type,Location,Collected On\n"
GOOD_ROWS = ("REQM SP 1.1,ALPHA,Spec,artifact,s,2024-01-05\n"
             "REQM SP 1.2,BETA,Commitments,affirmation,,2024-01-05\n")


@pytest.mark.parametrize("bad_row, column, message", [
    ("REQM SP 9.9,ALPHA,X,artifact,,", "Practice ID", "unknown practice 'REQM SP 9.9' (REQM has REQM SP 1.1 … REQM GP 3.2)"),
    ("RD SP 1.1,ALPHA,X,artifact,,", "Practice ID", "RD SP 1.1 is not in this appraisal's scope"),
    ("REQM GP 3.1,ALPHA,X,artifact,,", "Practice ID", "REQM GP 3.1 is not in this appraisal's scope"),
    (",ALPHA,X,artifact,,", "Practice ID", "is empty"),
    ("REQM SP 1.1,DELTA,X,artifact,,", "Project", "unknown project 'DELTA'"),
    ("REQM SP 1.1,ALPHA,,artifact,,", "Title", "is empty"),
    ("REQM SP 1.1,ALPHA,X,artifact,,31.02.2026", "Collected On", "bad date '31.02.2026'"),
    ("REQM SP 1.1,ALPHA,X,artifact,,03/11/2026", "Collected On", "bad date '03/11/2026'"),
    ("REQM SP 1.1,ALPHA,X,widget,,", "Type", "unknown kind 'widget'"),
], ids=["unknown-practice", "ml3-practice", "gg3-practice", "empty-practice", "unknown-project", "missing-title",
        "feb-31", "slash-date", "unknown-kind"])
def test_a_bad_row_refuses_the_whole_file(appraisal_file, write_csv, bad_row, column, message):
    do_import(appraisal_file, write_csv("first.csv", "Practice,Project,Title,Kind\nPP SP 1.1,ALPHA,Plan,artifact\n"))
    before = snapshot(appraisal_file)
    path = write_csv("bad.csv", BAD_HEADER + GOOD_ROWS + bad_row + "\n")
    with pytest.raises(InputFileError) as err:
        do_import(appraisal_file, path)
    text = str(err.value)
    assert text.startswith(f"{path}:4: column '{column}': ")
    assert message in text
    assert "nothing was imported" in text
    assert snapshot(appraisal_file) == before


def test_missing_required_column(appraisal_file, write_csv):
    before = snapshot(appraisal_file)
    path = write_csv("nokind.csv", "Practice,Project,Title,Location\nREQM SP 1.1,ALPHA,Spec,x\n")
    with pytest.raises(InputFileError) as err:
        do_import(appraisal_file, path)
    text = str(err.value)
    assert text.startswith(f"{path}:1: missing column 'kind'")
    assert "Practice, Project, Title, Location" in text  # what the header has
    assert snapshot(appraisal_file) == before


def test_several_bad_rows_are_all_reported(appraisal_file, write_csv):
    path = write_csv("bad.csv", "Practice,Project,Title,Kind,Date\n"
                     "REQM SP 9.9,ALPHA,A,artifact,\n"
                     "REQM SP 1.1,ALPHA,B,artifact,2024-01-01\n"
                     "REQM SP 1.1,DELTA,,artifact,\n"
                     "REQM SP 1.1,ALPHA,C,memo,2024-13-01\n")
    before = snapshot(appraisal_file)
    with pytest.raises(InputFileError) as err:
        do_import(appraisal_file, path)
    assert str(err.value) == f"{path}: 5 problems; nothing was imported"
    assert [line.split(": ", 2)[:2] for line in err.value.problems] == [
        [f"{path}:2", "column 'Practice'"],
        [f"{path}:4", "column 'Project'"],
        [f"{path}:4", "column 'Title'"],
        [f"{path}:5", "column 'Kind'"],
        [f"{path}:5", "column 'Date'"],
    ]
    assert snapshot(appraisal_file) == before


def test_missing_and_empty_files(appraisal_file, write_csv, tmp_path):
    with pytest.raises(InputFileError, match="no such file"):
        plan(appraisal_file, tmp_path / "nope.csv")
    with pytest.raises(InputFileError, match="the file is empty"):
        plan(appraisal_file, write_csv("empty.csv", "\n\n"))


def test_dry_run_writes_nothing(appraisal_file, write_csv, capsys):
    path = write_csv("index.csv", HEADER + "REQM SP 1.1,*,Spec,artifact,a,,,\nPP SP 1.1,ALPHA,PM interview,i,,,,\n")
    before = snapshot(appraisal_file)
    assert main(["evidence", "import", str(appraisal_file), str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "nothing written" in out
    assert "2 new evidence items (1 artifacts, 1 affirmations)" in out and "4 new links from 2 rows" in out
    assert snapshot(appraisal_file) == before
    # and the same file without --dry-run does write what the dry run announced
    assert main(["evidence", "import", str(appraisal_file), str(path)]) == 0
    assert snapshot(appraisal_file)[0]["links"] == 4


# -- delimiter sniffing against the header ---------------------------------------------------

def test_tab_file_with_single_quoted_words_in_a_cell(appraisal_file, write_csv):
    path = write_csv("tab.txt", "Practice\tProject\tTitle\tKind\tDescription\n"
                     "REQM SP 1.1\tALPHA\tSpec\tartifact\tcovers 'SRS', 'SDD', 'STP'\n"
                     "REQM SP 1.2\tALPHA\tLog\tartifact\tok\n")
    assert plan(appraisal_file, path).delimiter == "\t"


def test_comma_file_with_quoted_semicolons_and_apostrophes(appraisal_file, write_csv):
    path = write_csv("c.csv", "Practice,Project,Title,Kind,Description\n"
                     "REQM SP 1.1,ALPHA,Spec,artifact,\"PM said; 'ok'; QA said; 'ok'\"\n")
    assert plan(appraisal_file, path).delimiter == ","
