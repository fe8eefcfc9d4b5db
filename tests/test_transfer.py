"""push, pull, list: an appraisal moved whole between a file and a database that holds many (issue 15).

The appraisal moved has a history of every kind of change (cells and notes, evidence imports and links, items
removed, an import undone, decisions, findings, the roster, assessors' ratings). Moved into a database that already
holds another appraisal, every id changes; the copy must rate the same, log the same, and undo and redo its changes
exactly as the original does. On SQLite here (a second database file with ``SqliteStore.add_from``), and on a real
PostgreSQL (``tests/pg.py``) through ``appraise push`` / ``pull`` / ``list``.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from cli_helpers import _in_tmp, assert_one_line_error, ok, run  # noqa: F401 (_in_tmp: an autouse fixture)
from conftest import create_appraisal
from transfer_helpers import STEPS, content, log_rows, make_original, make_shared, write_rows

from appraise.errors import UsageError
from appraise.services import Appraisal
from appraise.store import transfer
from appraise.store.sqlite import SqliteStore


@pytest.fixture
def original(tmp_path: Path) -> Path:
    return make_original(tmp_path)


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    return make_shared(tmp_path)


def _copy_into(shared: Path, original: Path) -> SqliteStore:
    with SqliteStore.open_for_reading(original) as source:
        data = transfer.dump(source)
    with SqliteStore.open(shared) as db:
        return db.add_from(data, name="acme")


def test_a_new_file_from_a_dump_holds_every_row_as_it_was(original, tmp_path):
    with SqliteStore.open_for_reading(original) as source:
        data = transfer.dump(source)
    assert {t: len(rows) > 0 for t, rows in data.tables.items()} == {
        "appraisal": True, "scope_area": True, "project": True, "setting": False, "team_member": True,
        "evidence": True, "evidence_link": True, "characterization": True, "assessor_rating": True,
        "decision": True, "finding": True, "suggestion": False, "change_log": True, "fork": False,
        "merge_conflict": False}
    with SqliteStore.create_from(tmp_path / "copy.appraisal", data) as copy:
        assert transfer.dump(copy).tables == data.tables  # every row, every id (a file's name is None already)


def test_a_copy_among_other_appraisals_has_new_ids_and_the_same_content(original, shared, tmp_path):
    with Appraisal.open(shared) as a:
        theirs, their_log = content(a), log_rows(a)
    copy = _copy_into(shared, original)
    with SqliteStore.open_for_reading(original) as source:
        before = transfer.dump(source)
    moved = transfer.dump(copy)
    assert copy.appraisal_id != 1 and moved.appraisal["name"] == "acme"
    assert moved.appraisal["uid"] == before.appraisal["uid"]
    for table in ("project", "evidence", "decision", "finding", "change_log"):  # the ids moved
        assert [r["id"] for r in moved.tables[table]] != [r["id"] for r in before.tables[table]], table
    with Appraisal(copy) as mine, Appraisal.open(original) as orig:
        assert content(mine) == content(orig)
        assert log_rows(mine) == log_rows(orig)
    with Appraisal.open(shared) as a:  # the other appraisal there is untouched
        assert (content(a), log_rows(a)) == (theirs, their_log)


def test_undo_and_redo_work_in_the_copy_as_in_the_original(original, shared):
    copy = _copy_into(shared, original)
    with Appraisal(copy) as mine, Appraisal.open(original) as orig:
        for step in ("undo",) * STEPS + ("redo",) * STEPS:
            done = [getattr(a.history, step)(who="lead") for a in (mine, orig)]
            assert [(r.what, r.target, r.undone, r.restored) for r in done[0]] == \
                   [(r.what, r.target, r.undone, r.restored) for r in done[1]]
            assert content(mine) == content(orig), step
        # all the way back and forward again: the same changes, or the same refusal, in both
        for step in ("undo", "redo"):
            for _ in range(40):
                outcome = []
                for a in (mine, orig):
                    try:
                        outcome.append([(r.what, r.target) for r in getattr(a.history, step)(who="lead")])
                    except UsageError as exc:
                        outcome.append(str(exc))
                assert outcome[0] == outcome[1]
                assert content(mine) == content(orig), outcome
                if isinstance(outcome[0], str):
                    break
            assert "nothing to" in outcome[0]


def test_what_was_undone_before_the_copy_is_redone_in_it(tmp_path, shared):
    """An import undone and a decision withdrawn before the copy: their rows exist only in the undo data, and the
    copy's redo writes them back (with new ids free for them) as the original's does."""
    path = create_appraisal(tmp_path / "undone.appraisal")
    index = write_rows(tmp_path / "i.csv", ["Practice", "Project", "Title", "Kind"],
                 [["REQM SP 1.1", "ALPHA", "SRS", "artifact"], ["REQM SP 1.2", "BETA", "Plan", "artifact"],
                  ["PP SP 1.1", "GAMMA", "WBS", "artifact"]])
    with Appraisal.open(path) as a:
        a.cells.characterize("REQM SP 1.1", "ALPHA", "FI", who="lead")
        a.evidence.import_plan(a.evidence.plan_import(index), "lead")
        a.decisions.decide("SAM", "not_applicable", "no supplier agreements", who="lead")
        a.history.undo(steps=2, who="lead")
        assert a.evidence.items() == [] and a.decisions.all() == []
    copy = _copy_into(shared, path)
    with Appraisal(copy) as mine, Appraisal.open(path) as orig:
        assert content(mine) == content(orig)
        for step in ("redo", "redo", "undo", "undo", "redo", "redo"):
            for a in (mine, orig):
                getattr(a.history, step)(who="lead")
            assert content(mine) == content(orig), step
        assert [e.title for e in mine.evidence.items()] == ["SRS", "Plan", "WBS"]
        assert [d.value for d in mine.decisions.all()] == ["not_applicable"]


def test_forks_keep_their_position_and_findings_in_the_copy(original, shared):
    """A mini-team copy's base row (its change-log position, its findings' identities) and a merged copy's finding
    map name ids here: the copy's rows name the same change and the same findings by their new ids."""
    with Appraisal.open(original) as a:
        findings = {f.id: f.text for f in a.findings.all()}
        position = a.reader.last_change_id() - 3
    (fid,) = findings
    raw = sqlite3.connect(original)
    with raw:
        raw.execute("INSERT INTO fork (appraisal_id, uid, kind, label, areas, change_id, snapshot, at, \"by\") "
                    "VALUES (1, 'f1', 'base', 'Mini-team A', '', ?, ?, '', 'lead')",
                    (position, json.dumps({"records": {}, "finding_ids": {str(fid): "abc:7"}})))
        raw.execute("INSERT INTO fork (appraisal_id, uid, kind, label, areas, change_id, snapshot, at, \"by\") "
                    "VALUES (1, 'f2', 'merged', 'Mini-team B', 'REQM', 42, ?, '', 'lead')",
                    (json.dumps({"records": {}, "finding_map": {"f2:3": fid}}),))
    raw.close()
    with SqliteStore.open_for_reading(original) as source:
        log = {r["id"]: r for r in transfer.dump(source).tables["change_log"]}
    copy = _copy_into(shared, original)
    moved = transfer.dump(copy)
    new_log = {r["id"]: r for r in moved.tables["change_log"]}
    base, merged = moved.tables["fork"]
    (new_fid,) = (r["id"] for r in moved.tables["finding"])
    assert new_fid != fid and json.loads(base["snapshot"])["finding_ids"] == {str(new_fid): "abc:7"}
    assert json.loads(merged["snapshot"])["finding_map"] == {"f2:3": new_fid}
    assert (merged["change_id"], merged["areas"]) == (42, "REQM")  # the merged copy's own log: not renumbered
    assert {k: new_log[base["change_id"]][k] for k in ("at", "what", "target", "new")} == \
           {k: log[position][k] for k in ("at", "what", "target", "new")}
    copy.close()


def test_a_round_trip_through_a_database_gives_the_same_rating_and_log(capsys, original, shared, tmp_path):
    copy = _copy_into(shared, original)
    with SqliteStore.create_from(tmp_path / "back.appraisal", transfer.dump(copy)):
        pass
    copy.close()
    for command in (["rate", "{}", "--json"], ["log", "{}"], ["team", "{}"]):
        assert ok(capsys, *(str(tmp_path / "back.appraisal") if c == "{}" else c for c in command)) == \
               ok(capsys, *(str(original) if c == "{}" else c for c in command))


# -- the command line ----------------------------------------------------------------------------
def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_pull_from_a_file_and_list_a_file(capsys, original):
    assert ok(capsys, "pull", original, "-o", "copy.appraisal") == f"Copied {original} to copy.appraisal.\n"
    assert ok(capsys, "rate", "copy.appraisal", "--json") == ok(capsys, "rate", original, "--json")
    listed = json.loads(ok(capsys, "list", "copy.appraisal", "--json"))
    with Appraisal.open(original) as a:
        entries = a.history.log()
    assert listed == [{"name": "copy.appraisal", "unit": "Acme Payments", "framework_id": "cmmi-dev-1.3",
                       "created_at": listed[0]["created_at"], "created_by": listed[0]["created_by"],
                       "changes": len(entries), "last_change_at": entries[-1].at}]
    lines = ok(capsys, "list", "copy.appraisal").splitlines()
    assert lines[0].split() == ["name", "unit", "model", "changes", "last", "change"]
    assert lines[1].split() == ["copy.appraisal", "Acme", "Payments", "cmmi-dev-1.3", str(len(entries)),
                                entries[-1].at]


def test_refusals_are_one_line_and_change_nothing(capsys, original, tmp_path):
    digest = _digest(original)
    ok(capsys, "pull", original, "-o", "copy.appraisal")
    copied = _digest(Path("copy.appraisal"))
    assert_one_line_error(*run(capsys, "pull", original, "-o", "copy.appraisal"),
                          "copy.appraisal already exists: give --force")
    assert _digest(Path("copy.appraisal")) == copied
    ok(capsys, "pull", original, "-o", "copy.appraisal", "--force")
    assert_one_line_error(*run(capsys, "pull", original, "-o", original), "is the appraisal being copied")
    assert_one_line_error(*run(capsys, "push", original, "elsewhere.appraisal"),
                          "push copies into a PostgreSQL database")
    assert_one_line_error(*run(capsys, "push", original, "postgresql://127.0.0.1:1/db"),
                          "name the appraisal to push")
    Path("junk.appraisal").write_text("not an appraisal")
    assert_one_line_error(*run(capsys, "pull", "junk.appraisal", "-o", "x.appraisal"), "is not an appraisal file")
    assert_one_line_error(*run(capsys, "push", "junk.appraisal", "postgresql://127.0.0.1:1/db?appraisal=a"),
                          "is not an appraisal file")
    assert_one_line_error(*run(capsys, "list", "missing.appraisal"), "no such appraisal file")
    assert not Path("x.appraisal").exists() and _digest(original) == digest
    assert sorted(p.name for p in Path(".").iterdir() if p.name.startswith(".")) == []  # no partial file left


def test_an_older_file_is_copied_without_being_migrated(capsys, tmp_path):
    old = tmp_path / "old.appraisal"
    old.write_bytes((Path(__file__).parent / "data" / "schema-9.appraisal").read_bytes())
    digest = _digest(old)
    ok(capsys, "pull", old, "-o", "new.appraisal")
    assert _digest(old) == digest
    assert ok(capsys, "rate", "new.appraisal", "--json") == ok(capsys, "rate", old, "--json")
