"""Undo and redo: every rating-relevant write reversed exactly, recorded in the change log, per person or session."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from cli_helpers import _in_tmp, assert_one_line_error, ok, run  # noqa: F401 (_in_tmp: an autouse fixture)

from appraise.errors import UsageError
from appraise.services import Appraisal
from appraise.store import SCHEMA_VERSION


def _state(a: Appraisal) -> tuple:
    """What the rating and the reports read: cells, notes, decisions, findings, evidence and links."""
    return (a.reader.characterizations(), a.cells.notes(), a.decisions.all(), a.findings.all(), a.evidence.items(),
            a.evidence.links())


def _log(a: Appraisal, n: int) -> list[tuple]:
    return [(c.who, c.what, c.target, c.old, c.new) for c in a.history.log()[-n:]]


# -- characterizations -------------------------------------------------------------------------------
def test_characterizations_and_notes_are_undone_and_redone_exactly(appraisal_file):
    with Appraisal.open(appraisal_file) as a:
        a.cells.characterize("REQM SP 1.1", "ALPHA", "FI", note="trace matrix current", who="atm1")
        start = _state(a)
        a.cells.characterize("REQM SP 1.1", "ALPHA", "LI", note="CR-112 not traced", who="atm1")  # value and note
        a.cells.characterize("REQM SP 1.1", "ALPHA", "LI", note="", who="atm1")  # the note alone
        a.cells.characterize("REQM SP 1.1", "ALPHA", None, who="atm1")  # cleared
        a.cells.characterize("REQM SP 1.2", "BETA", "PI", who="atm1")  # a cell that was empty
        after = _state(a)

        (r,) = a.history.undo(who="atm1")
        assert (r.step, r.what, r.target, r.undone, r.restored) == ("undo", "characterization", "REQM SP 1.2 / BETA",
                                                                    "PI", None)
        assert "REQM SP 1.2" not in a.reader.characterizations()
        (r,) = a.history.undo(who="atm1")
        assert (r.what, r.undone, r.restored) == ("characterization cleared", None, "LI")
        assert a.reader.characterizations()["REQM SP 1.1"] == {"ALPHA": "LI"} and a.cells.notes() == {}
        (r,) = a.history.undo(who="atm1")
        assert (r.undone, r.restored) == ("LI", "LI (CR-112 not traced)")
        assert a.cells.notes() == {("REQM SP 1.1", "ALPHA"): "CR-112 not traced"}
        a.history.undo(who="atm1")
        assert _state(a) == start  # value and note exactly as they were

        assert [r.step for r in a.history.redo(steps=4, who="atm1")] == ["redo"] * 4
        assert _state(a) == after
        assert a.history.undo(steps=4, who="atm1")[-1].entry > 0
        assert _state(a) == start
        # each undo is a change like any other: in the log, with who and what it put back
        assert _log(a, 1) == [("atm1", "undo: characterization", "REQM SP 1.1 / ALPHA", "LI (CR-112 not traced)",
                               "FI (trace matrix current)")]


def test_a_bulk_import_is_one_undo_step(appraisal_file, write_csv):
    path = write_csv("chars.csv", "practice,project,value,note\nREQM SP 1.1,ALPHA,LI,stale\n"
                     "REQM SP 1.1,BETA,FI,\nREQM SP 1.2,GAMMA,PI,\n")
    with Appraisal.open(appraisal_file) as a:
        a.cells.characterize("REQM SP 1.1", "ALPHA", "FI", note="ok", who="lead")
        before = _state(a)
        assert len(a.cells.import_plan(a.cells.plan_import(path), "lead", "replace")) == 3
        imported = _state(a)
        (r,) = a.history.undo(who="lead")
        assert (r.what, r.target) == ("characterization (import chars.csv)", "3 cells")
        assert _state(a) == before
        # the log shows each cell put back, as the import logged each cell it set
        assert [(c.what, c.target, c.new) for c in a.history.log()[-3:]] == [
            ("undo: characterization (import chars.csv)", "REQM SP 1.2 / GAMMA", None),
            ("undo: characterization (import chars.csv)", "REQM SP 1.1 / BETA", None),
            ("undo: characterization (import chars.csv)", "REQM SP 1.1 / ALPHA", "FI (ok)")]
        a.history.redo(who="lead")
        assert _state(a) == imported


# -- decisions, findings, links, evidence ---------------------------------------------------------------
def test_a_decision_is_withdrawn_and_restored(appraisal_file):
    with Appraisal.open(appraisal_file) as a:
        assert a.rate().areas[3].id == "SAM"
        a.decisions.decide("SAM", "not_applicable", "no supplier agreements", who="lead")
        (decision,) = a.decisions.all()
        assert a.rate().areas[3].status == "not_applicable"
        (r,) = a.history.undo(who="lead")
        assert (r.what, r.target, r.undone, r.restored) == ("decision: not_applicable", "SAM",
                                                            "not_applicable — no supplier agreements", None)
        assert a.decisions.all() == [] and a.rate().areas[3].status != "not_applicable"
        a.history.redo(who="lead")
        assert a.decisions.all() == [decision]  # the same record: id, rationale, who and when
        assert a.rate().areas[3].status == "not_applicable"
        assert _log(a, 2) == [
            ("lead", "undo: decision: not_applicable", "SAM", "not_applicable — no supplier agreements", None),
            ("lead", "redo: decision: not_applicable", "SAM", None, "not_applicable — no supplier agreements")]


def test_a_decision_decided_again_since_is_not_withdrawn(appraisal_file):
    with Appraisal.open(appraisal_file) as a:
        a.decisions.decide("SAM", "not_applicable", "no supplier agreements", who="lead")
        a.decisions.decide("SAM", "applicable", "a supplier was found", who="atm2")
        with pytest.raises(UsageError, match="SAM was decided again since by atm2; nothing was changed"):
            a.history.undo(who="lead")
        assert [d.value for d in a.decisions.all()] == ["not_applicable", "applicable"]


def test_findings_added_edited_deleted_come_back(appraisal_file):
    with Appraisal.open(appraisal_file) as a:
        fid = a.findings.save("weakness", "REQM", "Trace matrix stale", practice="REQM SP 1.4", who="lead")
        added = a.findings.all()
        a.findings.save("strength", "REQM", "Trace matrix current", practice="REQM SP 1.4", finding_id=fid,
                       who="lead")
        edited = a.findings.all()
        a.findings.delete(fid, who="lead")
        assert a.findings.all() == []
        a.history.undo(who="lead")
        assert a.findings.all() == edited  # the same id, kind, text
        a.history.undo(who="lead")
        assert a.findings.all() == added
        a.history.undo(who="lead")
        assert a.findings.all() == []
        a.history.redo(steps=3, who="lead")
        assert a.findings.all() == []
        a.history.undo(who="lead")
        assert a.findings.all() == edited
        a.history.undo(who="lead")
        assert a.findings.all() == added


def test_a_verified_closure_is_reversed(tmp_path):
    with Appraisal.create(tmp_path / "qms.appraisal", framework="iso-9001-2015", target=None, unit="Acme GmbH",
                          projects=["HQ"], who="lead") as a:
        found = a.findings.add_audit_finding("8.5.1", "major", "No release criteria for lot 7", who="lead")
        a.findings.update_status(found.id, "verified_closed", who="lead")
        (r,) = a.history.undo(who="lead")
        assert (r.what, r.undone, r.restored) == (f"finding #{found.id} status", "verified_closed", "open")
        assert [f.status for f in a.findings.all()] == ["open"]
        a.history.redo(who="lead")
        assert [f.status for f in a.findings.all()] == ["verified_closed"]


def test_links_and_an_evidence_import_are_undone_and_redone(appraisal_file, write_csv):
    first = write_csv("first.csv", "Practice,Project,Title,Kind\nREQM SP 1.1,ALPHA,SRS,artifact\n")
    second = write_csv("second.csv", "Practice,Project,Title,Kind\nREQM SP 1.1,BETA,SRS,artifact\n"
                       "REQM SP 1.2,ALPHA,Trace matrix,artifact\nREQM SP 1.2,BETA,PM interview,affirmation\n")
    with Appraisal.open(appraisal_file) as a:
        a.evidence.import_plan(a.evidence.plan_import(first), "atm1")
        (srs,) = a.evidence.items()
        a.evidence.link(srs.id, "REQM SP 1.3", "GAMMA", who="atm1")
        a.evidence.link(srs.id, "REQM SP 1.1", "ALPHA", who="atm1", link=False)
        before = _state(a)
        assert a.evidence.import_plan(a.evidence.plan_import(second), "atm1") == (2, 3)  # SRS reused, linked in BETA
        imported = _state(a)
        (r,) = a.history.undo(who="atm1")
        assert (r.what, r.target, r.undone) == ("evidence imported", "second.csv", "2 items, 3 links")
        assert _state(a) == before  # the two items gone, and SRS's new link to BETA
        a.history.redo(who="atm1")
        assert _state(a) == imported  # the same ids back
        a.history.undo(steps=3, who="atm1")  # the import, the unlink, the link
        assert a.evidence.links() == {srs.id: [("REQM SP 1.1", "ALPHA")]}


def test_an_import_whose_evidence_was_used_since_is_not_undone(appraisal_file, write_csv):
    index = write_csv("i.csv", "Practice,Project,Title,Kind\nREQM SP 1.1,ALPHA,SRS,artifact\n")
    with Appraisal.open(appraisal_file) as a:
        a.evidence.import_plan(a.evidence.plan_import(index), "atm1")
        (srs,) = a.evidence.items()
        a.evidence.link(srs.id, "REQM SP 1.2", "BETA", who="atm2")
        state = _state(a)
        with pytest.raises(UsageError, match=r"the evidence this import added \(items #1-#1\) was changed "
                                             "since by atm2; nothing was changed"):
            a.history.undo(who="atm1")
        assert _state(a) == state


def test_evidence_cited_or_ids_taken_since_refuse_the_undo_and_the_redo(tmp_path, write_csv):
    index = write_csv("i.csv", "Clause,Site,Title,Kind\n8.5.1,HQ,Release record lot 7,artifact\n")
    other = write_csv("o.csv", "Clause,Site,Title,Kind\n8.5.1,HQ,Work instruction WI-3,artifact\n")
    with Appraisal.create(tmp_path / "qms.appraisal", framework="iso-9001-2015", target=None, unit="Acme GmbH",
                          projects=["HQ"], who="lead") as a:
        a.evidence.import_plan(a.evidence.plan_import(index), "lead")
        a.findings.add_audit_finding("8.5.1", "minor", "Lot 7 released early", evidence_id=1, who="atm2")
        with pytest.raises(UsageError, match="finding #1 cites evidence item #1 of this import"):
            a.history.undo(who="lead")
        a.history.undo(who="atm2")
        a.history.undo(who="lead")
        assert a.evidence.items() == []
        a.evidence.import_plan(a.evidence.plan_import(other), "atm2")  # takes id 1 again
        with pytest.raises(UsageError, match="cannot redo: evidence item #1 was added since"):
            a.history.redo(who="lead")
        assert [e.title for e in a.evidence.items()] == ["Work instruction WI-3"]


def test_a_change_of_a_kind_this_version_does_not_know_is_refused(appraisal_file):
    with Appraisal.open(appraisal_file) as a:
        a.cells.characterize("REQM SP 1.1", "ALPHA", "LI", who="lead")
    raw = sqlite3.connect(appraisal_file)
    raw.execute("""UPDATE change_log SET undo = '{"ops": [{"op": "scope"}]}' WHERE undo <> ''""")
    raw.commit()
    raw.close()
    with Appraisal.open(appraisal_file) as a:
        with pytest.raises(UsageError, match="cannot undo a change of kind 'scope': upgrade appraise"):
            a.history.undo(who="lead")
        assert a.reader.characterizations() == {"REQM SP 1.1": {"ALPHA": "LI"}}


# -- whose changes, how many, conflicts --------------------------------------------------------------
def test_steps_whose_changes_and_nothing_left(appraisal_file):
    with Appraisal.open(appraisal_file) as a:
        a.cells.characterize("REQM SP 1.1", "ALPHA", "FI", who="atm1")
        a.cells.characterize("REQM SP 1.1", "BETA", "LI", who="atm2")
        a.cells.characterize("REQM SP 1.1", "GAMMA", "PI", who="atm1")
        with pytest.raises(UsageError, match="only 2 changes by atm1 can be undone, not 3; nothing was changed"):
            a.history.undo(steps=3, who="atm1")
        assert [r.target for r in a.history.undo(steps=2, who="atm1")] == ["REQM SP 1.1 / GAMMA", "REQM SP 1.1 / ALPHA"]
        assert a.reader.characterizations() == {"REQM SP 1.1": {"BETA": "LI"}}  # atm2's change stands
        with pytest.raises(UsageError, match="nothing to undo: no change by atm1 is left to undo"):
            a.history.undo(who="atm1")
        with pytest.raises(UsageError, match="nothing to redo: no change by atm2"):
            a.history.redo(who="atm2")
        with pytest.raises(UsageError, match="--steps must be 1 or more"):
            a.history.undo(steps=0, who="atm1")
        # redo goes forward in the order undone; a new change ends the redo chain, as in an editor
        assert [r.target for r in a.history.redo(who="atm1")] == ["REQM SP 1.1 / ALPHA"]
        a.cells.characterize("REQM SP 1.2", "ALPHA", "NI", who="atm1")
        with pytest.raises(UsageError, match="nothing to redo"):
            a.history.redo(who="atm1")
        assert a.reader.characterizations()["REQM SP 1.1"] == {"ALPHA": "FI", "BETA": "LI"}


def test_a_cell_changed_since_by_someone_else_is_refused_and_nothing_changes(appraisal_file):
    with Appraisal.open(appraisal_file) as a:
        a.cells.characterize("REQM SP 1.2", "BETA", "FI", who="atm1")
        a.cells.characterize("REQM SP 1.1", "ALPHA", "FI", who="atm1")
        a.cells.characterize("REQM SP 1.2", "BETA", "PI", who="atm2")
        state, log = _state(a), a.history.log()
        # two steps in one: the first would go, the second conflicts, so neither is done
        with pytest.raises(UsageError, match="cannot undo: REQM SP 1.2 / BETA was changed since by atm2; "
                                             "nothing was changed"):
            a.history.undo(steps=2, who="atm1")
        assert (_state(a), a.history.log()) == (state, log)
        assert a.history.undo(who="atm1")[0].target == "REQM SP 1.1 / ALPHA"  # the step that holds can go alone


def test_a_session_undoes_only_its_own_changes(appraisal_file):
    with Appraisal.open(appraisal_file) as mine, Appraisal.open(appraisal_file) as other:
        with pytest.raises(UsageError, match="nothing to undo: no change in this session is left to undo"):
            mine.history.undo(session=True)
        mine.cells.characterize("REQM SP 1.1", "ALPHA", "LI", who="lead")
        other.cells.characterize("REQM SP 1.1", "BETA", "PI", who="lead")  # the same person, another window
        (r,) = mine.history.undo(session=True, who="lead")
        assert r.target == "REQM SP 1.1 / ALPHA"
        assert mine.reader.characterizations() == {"REQM SP 1.1": {"BETA": "PI"}}
        (r,) = mine.history.redo(session=True, who="lead")
        assert mine.reader.characterizations() == {"REQM SP 1.1": {"ALPHA": "LI", "BETA": "PI"}}
        # the other window's change to the cell this session would put back: refused, naming who
        other.cells.characterize("REQM SP 1.1", "ALPHA", "NI", who="atm3")
        with pytest.raises(UsageError, match="REQM SP 1.1 / ALPHA was changed since by atm3"):
            mine.history.undo(session=True)


def test_a_change_already_reversed_elsewhere_is_not_reversed_twice(appraisal_file):
    with Appraisal.open(appraisal_file) as a, Appraisal.open(appraisal_file) as b:
        a.cells.characterize("REQM SP 1.1", "ALPHA", "LI", who="lead")
        (entry,) = a.history.session_changes
        b.history.undo(who="lead")
        with pytest.raises(UsageError, match="was reversed already"):
            a.store.reverse_changes([(entry, "undo")], "lead")


def test_a_schema_4_file_is_migrated_and_its_old_changes_are_not_undoable(appraisal_file):
    with Appraisal.open(appraisal_file) as a:
        a.cells.characterize("REQM SP 1.1", "ALPHA", "LI", who="lead")
    raw = sqlite3.connect(appraisal_file)
    raw.execute("ALTER TABLE change_log DROP COLUMN undo")  # as schema 4 wrote it
    raw.execute("ALTER TABLE change_log DROP COLUMN undoes")
    raw.execute("PRAGMA user_version = 4")
    raw.commit()
    raw.close()
    with Appraisal.open(appraisal_file) as a:
        with pytest.raises(UsageError, match="nothing to undo.*before this version of appraise cannot be undone"):
            a.history.undo(who="lead")
        a.cells.characterize("REQM SP 1.1", "ALPHA", "FI", who="lead")
        a.history.undo(who="lead")
        assert a.reader.characterizations() == {"REQM SP 1.1": {"ALPHA": "LI"}}
    raw = sqlite3.connect(appraisal_file)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    raw.close()


# -- the command line ------------------------------------------------------------------------------------
def _new(capsys) -> Path:
    ok(capsys, "new", "a.appraisal", "--framework", "cmmi-dev-1.3", "--target", "2", "--unit", "Acme",
       "--projects", "ALPHA,BETA")
    return Path("a.appraisal")


def test_cli_undo_and_redo_print_each_change(capsys):
    path = _new(capsys)
    ok(capsys, "characterize", path, "REQM SP 1.1", "ALPHA", "LI", "--note", "CR-112")
    ok(capsys, "characterize", path, "REQM SP 1.1", "ALPHA", "FI")
    ok(capsys, "decide", path, "SAM", "not_applicable", "--why", "no suppliers")
    assert ok(capsys, "undo", path, "--steps", "2") == (
        "Undone decision: not_applicable: SAM: not_applicable — no suppliers -> —\n"
        "Undone characterization: REQM SP 1.1 / ALPHA: FI (CR-112) -> LI (CR-112)\n")
    assert ok(capsys, "redo", path) == "Redone characterization: REQM SP 1.1 / ALPHA: LI (CR-112) -> FI (CR-112)\n"
    with Appraisal.open(path) as a:
        assert a.cells.all() == {"REQM SP 1.1": {"ALPHA": "FI"}} and a.decisions.all() == []
    assert "tester  undo: decision: not_applicable [SAM]" in ok(capsys, "log", path)


def test_cli_undo_refusals_are_one_line(capsys):
    path = _new(capsys)
    assert_one_line_error(*run(capsys, "undo", path), "nothing to undo: no change by tester is left to undo")
    ok(capsys, "characterize", path, "REQM SP 1.1", "ALPHA", "LI")
    assert_one_line_error(*run(capsys, "undo", path, "--steps", "2"), "only 1 change by tester can be undone")
    assert_one_line_error(*run(capsys, "redo", path), "nothing to redo")
    ok(capsys, "characterize", path, "REQM SP 1.1", "ALPHA", "PI", "--by", "atm2")
    assert_one_line_error(*run(capsys, "undo", path), "REQM SP 1.1 / ALPHA was changed since by atm2")
    with pytest.raises(SystemExit) as exited:
        run(capsys, "undo", path, "--steps", "x")
    assert exited.value.code == 2
    assert capsys.readouterr().err == ("appraise undo: argument --steps: invalid int value: 'x' "
                                       "(see appraise undo --help)\n")
    # --by: undo another person's change (e.g. on their behalf)
    assert ok(capsys, "undo", path, "--by", "atm2") == "Undone characterization: REQM SP 1.1 / ALPHA: PI -> LI\n"
    assert_one_line_error(*run(capsys, "undo", "missing.appraisal"), "no such appraisal file")


def test_a_project_renamed_since_keeps_its_changes_undoable(appraisal_file):
    """Undo data names projects by code: a rename (appraise scope --rename-project) carries it along."""
    with Appraisal.open(appraisal_file) as a:
        a.cells.characterize("REQM SP 1.1", "BETA", "LI", note="stale", who="lead")
        a.cells.characterize("REQM SP 1.1", "BETA", "PI", who="lead")
        a.setup.correct_scope(rename=["BETA=BRAVO"], who="lead")
        a.history.undo(who="lead")  # the scope correction is not undone: the last cell change is
        assert a.cells.all()["REQM SP 1.1"] == {"BRAVO": "LI"}
        assert a.cells.notes()[("REQM SP 1.1", "BRAVO")] == "stale"
        a.history.undo(who="lead")
        assert "REQM SP 1.1" not in a.cells.all()
        a.history.redo(who="lead")
        assert a.cells.all()["REQM SP 1.1"] == {"BRAVO": "LI"}


def test_a_merge_record_whose_columns_appraise_did_not_write_is_refused(tmp_path):
    """A merge's undo writes its rows back column by column, naming the columns from the change log: a file whose
    record names others (a crafted file pushed to a team's server) is refused, and nothing is changed."""
    import json
    import sqlite3

    from appraise.errors import UsageError
    from appraise.services import Appraisal, build_sample

    lead = tmp_path / "lead.appraisal"
    build_sample("acme-ml2", lead, who="Lead").close()
    with Appraisal.open(lead) as a:
        copy = a.merging.fork(tmp_path / "a.appraisal", "A", who="Lead")
    with Appraisal.open(copy) as c:
        c.store.set_characterizations([("REQM SP 1.1", "ALPHA", "NI", None)], "ann")
    with Appraisal.open(lead) as a:
        a.merging.merge([copy], who="Lead")
    conn = sqlite3.connect(lead)
    entry, undo = conn.execute("SELECT id, undo FROM change_log WHERE what = 'merged'").fetchone()
    data = json.loads(undo)
    for op in data["ops"]:
        if op["op"] == "merge":
            for row in op["after"]["forks"]:
                row['label" = 1; DROP TABLE project; --'] = row.pop("label")
    conn.execute("UPDATE change_log SET undo = ? WHERE id = ?", (json.dumps(data), entry))
    conn.commit()
    conn.close()
    with Appraisal.open(lead) as a:
        before = a.reader.characterizations()
        with pytest.raises(UsageError, match="not one appraise wrote"):
            a.history.undo(who="Lead")
        assert a.reader.characterizations() == before and a.info.projects
