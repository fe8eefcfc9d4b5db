"""The evidence index both ways: `evidence list`, `evidence export` (CSV, XLSX) and its round trip through
`evidence import`, `evidence remove` with its undo, and `evidence import --sync`.

Every test works on a real appraisal file and real files in tmp_path, through the command a user types.
"""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from cli_helpers import _in_tmp, assert_one_line_error, ok, run  # noqa: F401 (_in_tmp: an autouse fixture)
from openpyxl import load_workbook

from appraise.io.export_index import INDEX_COLUMNS, neutralize, unneutralize
from appraise.services import Appraisal
from tests.conftest import create_appraisal

#: The columns of the indexes the tests write: the export's and "Collected by" (a team member's name, which
#: the import reads and the export leaves out).
SOURCE_COLUMNS = (*INDEX_COLUMNS[:6], "Collected by", *INDEX_COLUMNS[6:])
#: A made-up team member who collected evidence: never in an export.
COLLECTOR = "Jane Fictional-Roe"

#: Texts a spreadsheet would run or mangle, and plain ones with commas, quotes, line breaks and numbers.
PLAIN = [
    ("REQM SP 1.1", "ALPHA", "Requirements spec, v2.10", "artifact", "docs/req spec.docx", 'says "shall"',
     COLLECTOR, "2026-11-03", "", ""),
    ("REQM SP 1.1", "BETA", "Requirements spec, v2.10", "artifact", "docs/req spec.docx", 'says "shall"',
     COLLECTOR, "2026-11-03", "", ""),
    ("PP SP 1.1", "ALPHA", "Estimate\nwith two lines", "artifact", "", "", "", "", "", ""),
    ("PP SP 2.1", "GAMMA", "Interview PM", "affirmation", "", "", "", "2026-11-04", "project manager",
     "interview"),
    ("PMC SP 1.1", "BETA", "2.10", "artifact", "https://wiki/x?a=1&b=2", "Ünïcødé ✓", "", "", "", ""),
]
DANGEROUS = [
    ("REQM SP 1.2", "ALPHA", '=HYPERLINK("http://evil","x")', "artifact", "+1 555", "-minus", "", "",
     "@SUM(A1)", ""),
    ("REQM SP 1.3", "BETA", "'=already quoted", "artifact", "-r docs/x", "", "", "", "", ""),
]


def write_index(path: Path, rows: list[tuple[str, ...]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(SOURCE_COLUMNS)
        writer.writerows(rows)
    return path


def content(appraisal: Path) -> tuple[list[tuple], set[tuple]]:
    """What a round trip must keep: every item's fields (not its id or file, nor who collected it: a name never
    exported) and every link, by the item."""
    with sqlite3.connect(appraisal) as db:
        items = sorted(db.execute("SELECT kind, title, location, description, collected_on, source, channel "
                                  "FROM evidence").fetchall())
        links = set(db.execute("SELECT e.kind, e.title, e.location, l.practice_id, p.code FROM evidence_link l "
                               "JOIN evidence e ON e.id = l.evidence_id JOIN project p ON p.id = l.project_id"))
    return items, links


def state(appraisal: Path) -> tuple:
    """Everything a refused command must leave as it was: items with ids, links, the change log's length."""
    with sqlite3.connect(appraisal) as db:
        return (db.execute("SELECT * FROM evidence ORDER BY id").fetchall(),
                sorted(db.execute("SELECT * FROM evidence_link").fetchall()),
                db.execute("SELECT count(*) FROM change_log").fetchone())


@pytest.fixture(scope="module")
def _template(tmp_path_factory) -> Path:
    return create_appraisal(tmp_path_factory.mktemp("template") / "acme.appraisal")


@pytest.fixture
def acme(_template, tmp_path) -> Path:
    return Path(shutil.copyfile(_template, tmp_path / "acme.appraisal"))


@pytest.fixture
def fresh(_template, tmp_path) -> Path:
    """A second appraisal of the same scope, nothing recorded: where an export is imported back."""
    return Path(shutil.copyfile(_template, tmp_path / "fresh.appraisal"))


# -- neutralizing formula-like cells ---------------------------------------------------------------------

@pytest.mark.parametrize("text, written", [
    ("=SUM(A1)", "'=SUM(A1)"), ("+1", "'+1"), ("-2", "'-2"), ("@x", "'@x"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("'=x", "''=x"), ("''-x", "'''-x"), ("'quoted", "'quoted"), ("plain", "plain"), ("", ""), ("a=b", "a=b"),
])
def test_a_formula_like_cell_is_neutralized_and_read_back_to_its_text(text, written):
    assert neutralize(text) == written
    assert unneutralize(written) == text


# -- list ------------------------------------------------------------------------------------------------

def test_list_shows_each_item_with_its_links_and_where_it_came_from(capsys, acme):
    write_index(Path("index.csv"), PLAIN)
    ok(capsys, "evidence", "import", acme, "index.csv")
    data = json.loads(ok(capsys, "evidence", "list", acme, "--json"))
    assert [d["id"] for d in data] == [1, 2, 3, 4]
    first = data[0]
    assert (first["kind"], first["title"], first["location"], first["imported_from"], first["date"]) == (
        "artifact", "Requirements spec, v2.10", "docs/req spec.docx", "index.csv", "2026-11-03")
    assert first["links"] == ["REQM SP 1.1/ALPHA", "REQM SP 1.1/BETA"]
    interview = data[2]
    assert (interview["kind"], interview["channel"], interview["source"], interview["links"]) == (
        "affirmation", "interview", "project manager", ["PP SP 2.1/GAMMA"])
    out = ok(capsys, "evidence", "list", acme)
    assert "#1\tartifact\tRequirements spec, v2.10\tdocs/req spec.docx" in out
    assert "links: REQM SP 1.1/ALPHA, REQM SP 1.1/BETA" in out
    assert "from index.csv" in out


def test_list_of_an_appraisal_without_evidence_says_so(capsys, acme):
    assert "No evidence items yet" in ok(capsys, "evidence", "list", acme)
    assert json.loads(ok(capsys, "evidence", "list", acme, "--json")) == []


# -- export and the round trip -----------------------------------------------------------------------------

def test_csv_export_imported_into_a_fresh_appraisal_gives_the_same_items_and_links(capsys, acme, fresh):
    write_index(Path("index.csv"), PLAIN)
    ok(capsys, "evidence", "import", acme, "index.csv")
    out = ok(capsys, "evidence", "export", acme, "-o", "out.csv")
    assert "Exported 4 evidence items as 5 rows (one per link) to out.csv." in out
    ok(capsys, "evidence", "import", fresh, "out.csv")
    assert content(fresh) == content(acme)
    with open("out.csv", encoding="utf-8-sig", newline="") as fh:
        assert tuple(next(csv.reader(fh))) == INDEX_COLUMNS


def test_xlsx_export_holds_the_same_cells_as_text_and_no_formula(capsys, acme):
    write_index(Path("index.csv"), PLAIN + DANGEROUS)
    ok(capsys, "evidence", "import", acme, "index.csv")
    ok(capsys, "evidence", "export", acme, "-o", "out.csv")
    ok(capsys, "evidence", "export", acme, "-o", "out.xlsx")
    with open("out.csv", encoding="utf-8-sig", newline="") as fh:
        csv_rows = [tuple(r) for r in csv.reader(fh)]
    wb = load_workbook("out.xlsx")  # not read-only: the cells' types are checked
    ws = wb.worksheets[0]
    assert ws.title == "Evidence index"
    cells = [c for row in ws.iter_rows() for c in row]
    assert all(c.data_type in ("s", "n") for c in cells)  # text (or empty), never a formula
    xlsx_rows = [tuple("" if c.value is None else c.value for c in row) for row in ws.iter_rows()]
    assert xlsx_rows == csv_rows
    titles = {r[2] for r in csv_rows[1:]}
    # a file's "'=..." is a neutralized "=..." (read so on import), written neutralized again
    assert "'=HYPERLINK(\"http://evil\",\"x\")" in titles and "'=already quoted" in titles
    locations = {r[4] for r in csv_rows[1:]}
    assert {"'+1 555", "'-r docs/x"} <= locations
    assert {r[5] for r in csv_rows[1:]} >= {"'-minus"} and {r[7] for r in csv_rows[1:]} >= {"'@SUM(A1)"}


def test_csv_round_trip_keeps_formula_like_text(capsys, acme, fresh):
    write_index(Path("index.csv"), DANGEROUS)
    ok(capsys, "evidence", "import", acme, "index.csv")
    ok(capsys, "evidence", "export", acme, "-o", "out.csv")
    ok(capsys, "evidence", "import", fresh, "out.csv")
    assert content(fresh) == content(acme)


def test_xlsx_export_imported_into_a_fresh_appraisal_gives_the_same_items_and_links(capsys, acme, fresh):
    write_index(Path("index.csv"), PLAIN + DANGEROUS)
    ok(capsys, "evidence", "import", acme, "index.csv")
    ok(capsys, "evidence", "export", acme, "-o", "out.xlsx")
    before = Path("out.xlsx").read_bytes()
    ok(capsys, "evidence", "import", fresh, "out.xlsx")
    assert content(fresh) == content(acme)
    assert Path("out.xlsx").read_bytes() == before


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_no_export_holds_who_collected_an_item(capsys, acme, fresh, suffix):
    write_index(Path("index.csv"), PLAIN)
    ok(capsys, "evidence", "import", acme, "index.csv")
    with Appraisal.open(acme) as a:
        assert COLLECTOR in {i.collected_by for i in a.evidence.items()}  # read and kept in the appraisal
    ok(capsys, "evidence", "export", acme, "-o", f"out{suffix}")
    if suffix == ".csv":
        text = Path("out.csv").read_text(encoding="utf-8-sig")
    else:
        text = "\n".join(str(c.value) for row in load_workbook("out.xlsx", read_only=True).worksheets[0].iter_rows()
                         for c in row)
    assert "Collected by" not in text and "Fictional-Roe" not in text
    assert "Requirements spec, v2.10" in text  # the rest is there
    ok(capsys, "evidence", "import", fresh, f"out{suffix}")
    with Appraisal.open(fresh) as a:
        assert {i.collected_by for i in a.evidence.items()} == {""}


def test_an_item_with_no_link_is_left_out_and_named(capsys, acme):
    write_index(Path("index.csv"), PLAIN[:2])
    ok(capsys, "evidence", "import", acme, "index.csv")
    with Appraisal.open(acme) as a:
        a.evidence.link(1, "REQM SP 1.1", "ALPHA", "tester", link=False)
        a.evidence.link(1, "REQM SP 1.1", "BETA", "tester", link=False)
    out = ok(capsys, "evidence", "export", acme, "-o", "out.csv")
    assert "Exported 0 evidence items as 0 rows" in out
    assert "Left out 1 item with no link (#1)" in out
    with open("out.csv", encoding="utf-8-sig", newline="") as fh:
        assert [tuple(r) for r in csv.reader(fh)] == [INDEX_COLUMNS]


@pytest.mark.parametrize("dest, fragment", [("out.txt", ".csv or .xlsx"), ("nowhere/out.csv", "not a folder")])
def test_export_refusals(capsys, acme, dest, fragment):
    assert_one_line_error(*run(capsys, "evidence", "export", acme, "-o", dest), fragment)
    assert not Path(dest).exists()


def test_export_never_replaces_a_file_unless_told(capsys, acme):
    """The name may be the workbook the evidence came from: replacing it takes --force."""
    write_index(Path("index.csv"), PLAIN)
    ok(capsys, "evidence", "import", acme, "index.csv")
    source = Path("index.csv").read_bytes()
    assert_one_line_error(*run(capsys, "evidence", "export", acme, "-o", "index.csv"), "index.csv exists", "--force")
    assert Path("index.csv").read_bytes() == source
    ok(capsys, "evidence", "export", acme, "-o", "index.csv", "--force")
    assert Path("index.csv").read_bytes() != source


# -- remove ------------------------------------------------------------------------------------------------

def test_remove_takes_the_items_with_their_links_and_undo_puts_them_back(capsys, acme):
    write_index(Path("index.csv"), PLAIN)
    ok(capsys, "evidence", "import", acme, "index.csv")
    before = state(acme)
    out = ok(capsys, "evidence", "remove", acme, "1", "3")
    assert "Removed #1\tartifact\tRequirements spec, v2.10 (2 links)" in out
    with Appraisal.open(acme) as a:
        assert [i.id for i in a.evidence.items()] == [2, 4]
        assert set(a.evidence.links()) == {2, 4}
        log = a.store.change_log()[-1]
    assert (log.what, log.target, log.old, log.new) == ("evidence removed", "#1, #3", "2 items, 3 links", "removed")
    ok(capsys, "undo", acme)
    assert state(acme)[:2] == before[:2]  # the same ids, rows and links
    ok(capsys, "redo", acme)
    with Appraisal.open(acme) as a:
        assert [i.id for i in a.evidence.items()] == [2, 4]


def test_remove_refuses_an_unknown_id_changing_nothing(capsys, acme):
    write_index(Path("index.csv"), PLAIN)
    ok(capsys, "evidence", "import", acme, "index.csv")
    before = state(acme)
    assert_one_line_error(*run(capsys, "evidence", "remove", acme, "2", "99"), "#99", "nothing was removed")
    assert state(acme) == before


def test_remove_refuses_an_item_a_finding_cites(capsys, tmp_path):
    qms = tmp_path / "qms.appraisal"
    with Appraisal.create(qms, framework="iso-9001-2015", target=None, unit="Acme GmbH", projects=["HQ"],
                          who="lead"):
        pass
    write_index(Path("index.csv"), [("8.5.1", "HQ", "Work instruction", "artifact", "", "", "", "", "", "")])
    ok(capsys, "evidence", "import", qms, "index.csv")
    ok(capsys, "finding", "add", qms, "8.5.1", "--grade", "minor", "--text", "outdated", "--evidence", "1")
    before = state(qms)
    assert_one_line_error(*run(capsys, "evidence", "remove", qms, "1"), "finding #1 cites evidence item #1")
    assert state(qms) == before


# -- import --sync -----------------------------------------------------------------------------------------

def test_sync_removes_what_the_same_file_no_longer_holds_listed_first_in_the_dry_run(capsys, acme):
    write_index(Path("index.csv"), PLAIN)
    ok(capsys, "evidence", "import", acme, "index.csv")
    Path("other").mkdir()
    write_index(Path("other/manual.csv"), [("PP SP 1.1", "BETA", "Kept: another file's item", "artifact",
                                            "", "", "", "", "", "")])
    ok(capsys, "evidence", "import", acme, "other/manual.csv")
    later = [PLAIN[0], PLAIN[1], PLAIN[4], ("PP SP 1.2", "ALPHA", "New plan", "artifact", "", "", "", "", "", "")]
    write_index(Path("index.csv"), later)
    before = state(acme)
    out = ok(capsys, "evidence", "import", acme, "index.csv", "--sync", "--dry-run")
    lines = out.splitlines()
    assert lines[0] == "Would remove 2 items of an earlier import of index.csv that it no longer holds:"
    assert lines[1].startswith("  #2\tartifact\tEstimate") and lines[2].startswith("  #3\taffirmation\tInterview PM")
    assert lines[-1].startswith("Dry run, nothing written: would import 1 new evidence items")
    assert state(acme) == before
    out = ok(capsys, "evidence", "import", acme, "index.csv", "--sync")
    assert out.startswith("Removed 2 items")
    with Appraisal.open(acme) as a:
        titles = [i.title for i in a.evidence.items()]
        entries = a.store.change_log()
    assert titles == ["Requirements spec, v2.10", "2.10", "Kept: another file's item", "New plan"]
    assert entries[-1].what == "evidence imported" and entries[-1].new == "1 items, 1 links, 2 removed"
    ok(capsys, "undo", acme)  # one step puts back what --sync removed and takes out what it added
    assert state(acme)[:2] == before[:2]


def test_import_without_sync_removes_nothing(capsys, acme):
    write_index(Path("index.csv"), PLAIN)
    ok(capsys, "evidence", "import", acme, "index.csv")
    write_index(Path("index.csv"), PLAIN[:1])
    ok(capsys, "evidence", "import", acme, "index.csv")
    with Appraisal.open(acme) as a:
        assert len(a.evidence.items()) == 4
        assert a.evidence.sync_removals(a.evidence.plan_import("index.csv")) != []


def oe_workbook(path: Path, sheets: dict[str, list[tuple[str, ...]]]) -> Path:
    """A workbook of evidence index sheets (one per area), written with openpyxl."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        ws.append(list(SOURCE_COLUMNS))
        for row in rows:
            ws.append(list(row))
    wb.save(path)
    return path


def row(practice: str, project: str, title: str) -> tuple[str, ...]:
    return (practice, project, title, "artifact", f"docs/{title}.docx", "", "", "", "", "")


REQM = [row("REQM SP 1.1", "ALPHA", "Requirements"), row("REQM SP 1.2", "BETA", "Traceability")]
PP = [row("PP SP 1.1", "ALPHA", "Estimate"), row("PP SP 2.1", "GAMMA", "Plan")]


def titles(appraisal: Path) -> list[str]:
    with Appraisal.open(appraisal) as a:
        return [i.title for i in a.evidence.items()]


def test_a_workbook_import_is_the_file_and_the_sheets_it_read_and_sync_takes_only_that_source(capsys, acme):
    book = oe_workbook(Path("oe.xlsx"), {"ALP": REQM, "BRV": PP})
    before = book.read_bytes()
    ok(capsys, "evidence", "import", acme, "oe.xlsx", "--sheets", "*")
    with Appraisal.open(acme) as a:
        assert {i.imported_from for i in a.evidence.items()} == {"oe.xlsx!ALP,BRV"}
        assert a.store.change_log()[-1].target == "oe.xlsx!ALP,BRV"
    # one sheet against the all-sheets import: not the same source, nothing goes (the reviewer's case)
    state_before = state(acme)
    out = ok(capsys, "evidence", "import", acme, "oe.xlsx", "--sheet", "BRV", "--sync", "--dry-run")
    assert out.splitlines()[0] == "No earlier import of oe.xlsx!BRV found: --sync removes nothing."
    assert "Would remove" not in out
    out = ok(capsys, "evidence", "import", acme, "oe.xlsx", "--sheet", "BRV", "--sync")
    assert "Removed" not in out and state(acme)[:2] == state_before[:2]  # both items were there: nothing new
    # all sheets again, one row gone from ALP: the same source, synced
    oe_workbook(book, {"ALP": REQM[:1], "BRV": PP})
    before = book.read_bytes()
    out = ok(capsys, "evidence", "import", acme, "oe.xlsx", "--sheets", "*", "--sync", "--dry-run")
    lines = out.splitlines()
    assert lines[0] == "Would remove 1 item of an earlier import of oe.xlsx!ALP,BRV that it no longer holds:"
    assert lines[1] == "  #2\tartifact\tTraceability\tdocs/Traceability.docx"
    ok(capsys, "evidence", "import", acme, "oe.xlsx", "--sheets", "*", "--sync")
    assert titles(acme) == ["Requirements", "Estimate", "Plan"]
    assert book.read_bytes() == before  # an import never writes the workbook


def test_a_csv_file_is_its_name_as_before(capsys, acme):
    write_index(Path("index.csv"), PLAIN)
    out = ok(capsys, "evidence", "import", acme, "index.csv", "--sync", "--dry-run")
    assert out.splitlines()[0] == "No earlier import of index.csv found: --sync removes nothing."
    ok(capsys, "evidence", "import", acme, "index.csv")
    with Appraisal.open(acme) as a:
        assert {i.imported_from for i in a.evidence.items()} == {"index.csv"}


def test_sync_keeps_and_lists_an_item_linked_from_elsewhere(capsys, acme):
    rows = [row("REQM SP 1.1", "ALPHA", "Requirements"), row("REQM SP 1.2", "BETA", "Linked by hand"),
            row("PP SP 1.1", "ALPHA", "Reused"), row("PP SP 2.1", "GAMMA", "Dropped")]
    write_index(Path("index.csv"), rows)
    ok(capsys, "evidence", "import", acme, "index.csv")
    with Appraisal.open(acme) as a:
        a.evidence.link(2, "PP SP 1.2", "GAMMA", "tester")  # a link made by hand
        a.evidence.link(4, "PP SP 1.2", "GAMMA", "tester")
        a.evidence.link(4, "PP SP 1.2", "GAMMA", "tester", link=False)  # made and taken back: nothing holds it
        a.store.add_suggestions([{  # an audit's evidence accepted for a practice: the same item, a link with its origin
            "audit": "Fictional audit", "kind": "artifact", "title": "Reused", "location": "docs/Reused.docx",
            "clause": "8.5.1", "practice_id": "PP SP 1.3", "project": "BETA", "strength": "strong"}], "tester")
        (suggestion,) = a.reader.suggestions()
        assert a.store.decide_suggestions([suggestion.id], [], "tester") == (1, 1)
    write_index(Path("index.csv"), rows[:1])
    with Appraisal.open(acme) as a:
        plan = a.evidence.sync_plan(a.evidence.plan_import("index.csv"))
    assert (plan.source, plan.earlier, [i.title for i in plan.remove]) == ("index.csv", 4, ["Dropped"])
    assert [(i.title, why) for i, why in plan.kept] == [
        ("Linked by hand", "linked to PP SP 1.2 / GAMMA by hand"),
        ("Reused", "linked to PP SP 1.3 / BETA by reuse")]
    out = ok(capsys, "evidence", "import", acme, "index.csv", "--sync")
    lines = out.splitlines()
    assert lines[:2] == ["Removed 1 item of an earlier import of index.csv that it no longer holds:",
                         "  #4\tartifact\tDropped\tdocs/Dropped.docx"]
    assert lines[2] == "Kept 2 items of an earlier import of index.csv that it no longer holds, also linked from " \
                       "elsewhere:"
    assert lines[3] == "  #2\tartifact\tLinked by hand\tdocs/Linked by hand.docx\t(linked to PP SP 1.2 / GAMMA by hand)"
    assert titles(acme) == ["Requirements", "Linked by hand", "Reused"]


def test_sync_keeps_an_item_a_finding_cites_rather_than_refusing_the_import(capsys, tmp_path):
    qms = tmp_path / "qms.appraisal"
    with Appraisal.create(qms, framework="iso-9001-2015", target=None, unit="Acme GmbH", projects=["HQ"],
                          who="lead"):
        pass
    rows = [("8.5.1", "HQ", "Work instruction", "artifact", "", "", "", "", "", ""),
            ("8.5.1", "HQ", "Old checklist", "artifact", "", "", "", "", "", "")]
    write_index(Path("index.csv"), rows)
    ok(capsys, "evidence", "import", qms, "index.csv")
    ok(capsys, "finding", "add", qms, "8.5.1", "--grade", "minor", "--text", "outdated", "--evidence", "2")
    write_index(Path("index.csv"), rows[:1])
    out = ok(capsys, "evidence", "import", qms, "index.csv", "--sync", "--dry-run")
    assert out.splitlines()[:2] == [
        "Would keep 1 item of an earlier import of index.csv that it no longer holds, also linked from elsewhere:",
        "  #2\tartifact\tOld checklist\t(cited by finding #1)"]
    ok(capsys, "evidence", "import", qms, "index.csv", "--sync")
    assert titles(qms) == ["Work instruction", "Old checklist"]
