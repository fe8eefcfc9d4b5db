"""The store contract: what every ``AppraisalStore`` promises, exercised through the interface alone.

Every test takes ``store_factory`` (tests/store_contract/conftest.py): the SQLite file today, the
PostgreSQL store unchanged tomorrow. Nothing here reads SQL or a file: only the interface's calls.
"""

from __future__ import annotations

import pytest

from appraise.errors import StoreError, UsageError
from appraise.store import AppraisalReads, AppraisalStore, NewEvidence, ScopeChange


def item(title: str, kind: str = "artifact", location: str = "") -> NewEvidence:
    return NewEvidence(kind, title, location, "", "atm1", "2026-11-03", "")


def suggestion(title: str, practice: str = "REQM SP 1.1", project: str = "ALPHA") -> dict:
    return {"audit": "ISO audit 2026", "kind": "artifact", "title": title, "location": "", "description": "",
            "source": "", "collected_on": None, "clause": "8.5.1", "practice_id": practice, "project": project,
            "strength": "strong", "basis": "", "mapping": "iso9001-cmmi"}


def test_a_store_is_the_interface(store_factory):
    store = store_factory()
    assert isinstance(store, AppraisalStore) and isinstance(store, AppraisalReads)
    assert isinstance(store.appraisal_id, int) and store.written == []


def test_a_new_appraisal_reads_back(store_factory):
    store = store_factory(projects=("ALPHA", "BETA", "GAMMA"))
    info = store.info()
    assert (info.unit, info.framework_id, info.representation, info.target) == ("Acme Payments", "contract-model",
                                                                               "staged", 2)
    assert info.areas == ("REQM", "PP") and info.projects == ("ALPHA", "BETA", "GAMMA")
    assert store.settings() == {"refined": "1"} == dict(info.settings)
    assert [c.what for c in store.change_log()] == ["appraisal created"]
    assert set(store.project_ids()) == {"ALPHA", "BETA", "GAMMA"}
    assert store.characterizations() == {} and store.decisions() == [] and store.findings() == []
    assert store.evidence_items() == [] and store.suggestions() == [] and store.undo_history() == []


def test_characterizations_are_written_logged_and_undone(store_factory):
    store = store_factory()
    assert store.set_characterizations([("REQM SP 1.1", "ALPHA", "LI", "trace matrix stale"),
                                        ("REQM SP 1.1", "BETA", "FI", None)], "atm1") == 2
    assert store.characterizations() == {"REQM SP 1.1": {"ALPHA": "LI", "BETA": "FI"}}
    assert store.characterization("REQM SP 1.1", "ALPHA") == "LI"
    assert store.characterization_notes() == {("REQM SP 1.1", "ALPHA"): "trace matrix stale"}
    # the same values again change nothing and log nothing; a note of None keeps the note
    assert store.set_characterizations([("REQM SP 1.1", "BETA", "FI", None)], "atm1") == 0
    assert store.set_characterizations([("REQM SP 1.1", "ALPHA", "FI", None)], "atm2") == 1
    assert store.characterization_notes() == {("REQM SP 1.1", "ALPHA"): "trace matrix stale"}
    assert store.set_characterizations([("REQM SP 1.1", "BETA", None, None)], "atm2") == 1
    log = [(c.what, c.target, c.old, c.new, c.who) for c in store.change_log()[1:]]
    assert log == [("characterization", "REQM SP 1.1 / ALPHA", None, "LI (trace matrix stale)", "atm1"),
                   ("characterization", "REQM SP 1.1 / BETA", None, "FI", "atm1"),
                   ("characterization", "REQM SP 1.1 / ALPHA", "LI", "FI (trace matrix stale)", "atm2"),
                   ("characterization cleared", "REQM SP 1.1 / BETA", "FI", None, "atm2")]
    # one call is one undo step, with its undo data
    assert len(store.written) == 3 and [e for e, _u in store.undo_history()] == store.written
    (undone,) = store.reverse_changes([(store.written[-1], "undo")], "atm2")
    assert (undone.step, undone.what, undone.target, undone.restored) == ("undo", "characterization cleared",
                                                                         "REQM SP 1.1 / BETA", "FI")
    assert store.characterizations() == {"REQM SP 1.1": {"ALPHA": "FI", "BETA": "FI"}}
    store.reverse_changes([(undone.entry, "redo")], "atm2")
    assert store.characterizations() == {"REQM SP 1.1": {"ALPHA": "FI"}}
    with pytest.raises(UsageError, match="reversed already"):
        store.reverse_changes([(store.written[2], "undo")], "atm2")


def test_an_undo_refuses_when_the_cell_changed_since_and_changes_nothing(store_factory):
    store = store_factory()
    store.set_characterizations([("PP SP 1.1", "ALPHA", "LI", "")], "atm1")
    entry = store.written[-1]
    other = store_factory.again(store)
    other.set_characterizations([("PP SP 1.1", "ALPHA", "NI", "")], "atm2")
    before = store.change_log()
    with pytest.raises(UsageError, match="changed since by atm2"):
        store.reverse_changes([(entry, "undo")], "atm1")
    assert store.change_log() == before and store.characterizations() == {"PP SP 1.1": {"ALPHA": "NI"}}


def test_ids_come_from_the_database(store_factory):
    store = store_factory()
    first = store.add_decision("characterization", "REQM SP 1.1", "LI", "weak evidence", "lead", None)
    second = store.add_decision("characterization", "REQM SP 1.1", "FI", "new evidence", "lead", "LI")
    assert 0 < first.id < second.id
    assert [d.value for d in store.decisions()] == ["LI", "FI"]  # history kept, the latest stands
    f1 = store.save_finding(None, "strength", "REQM", "REQM SP 1.1", "Trace matrix current", "lead")
    f2 = store.save_finding(None, "weakness", "PP", None, "No estimates", "lead")
    assert f1 != f2 and {f.id for f in store.findings()} == {f1, f2}
    added = store.import_evidence([item("Plan"), item("Minutes"), item("Interview", "affirmation")],
                                  [(0, "PP SP 1.1", "ALPHA"), (1, "PP SP 1.1", "ALPHA"), (2, "PP SP 1.2", "BETA")],
                                  "index.csv", "atm1")
    assert added == (3, 3)
    ids = [e.id for e in store.evidence_items()]
    assert len(set(ids)) == 3 and ids == sorted(ids)
    # an item's links follow the id the database gave it
    by_title = {e.title: e.id for e in store.evidence_items()}
    assert store.evidence_links_of(by_title["Interview"]) == [("PP SP 1.2", "BETA")]
    assert store.evidence_keys() == {("artifact", "Plan", ""): by_title["Plan"],
                                     ("artifact", "Minutes", ""): by_title["Minutes"],
                                     ("affirmation", "Interview", ""): by_title["Interview"]}


def test_evidence_import_links_and_unlinks(store_factory):
    store = store_factory()
    store.import_evidence([item("Plan", location="plans/p.docx")], [(0, "PP SP 1.1", "ALPHA"),
                                                                    (0, "PP SP 1.1", "BETA")], "a.csv", "atm1")
    (plan,) = store.evidence_items()
    assert plan.links == 2 and store.evidence_item(plan.id) == plan
    # a second import links to the item already there (-id) and adds a new one
    assert store.import_evidence([item("Minutes")], [(-plan.id, "PP SP 1.2", "ALPHA"), (-plan.id, "PP SP 1.1", "ALPHA"),
                                                     (0, "PP SP 1.2", "ALPHA")], "b.csv", "atm1") == (1, 2)
    assert store.evidence_links({plan.id}) == {(plan.id, "PP SP 1.1", "ALPHA"), (plan.id, "PP SP 1.1", "BETA"),
                                               (plan.id, "PP SP 1.2", "ALPHA")}
    assert store.evidence_counts()["links"] == 4 and store.evidence_counts()["artifacts"] == 2
    assert store.evidence_cells()[("PP SP 1.2", "ALPHA")] == {"artifact"}
    assert [code for code, e in store.evidence_of_practice("PP SP 1.1")] == ["ALPHA", "BETA"]
    # a link once: linking again changes nothing; unlinking, then undoing the unlink
    assert store.link_evidence(plan.id, "PP SP 1.1", "ALPHA", "atm1") is False
    assert store.link_evidence(plan.id, "PP SP 1.1", "ALPHA", "atm1", link=False) is True
    assert (plan.id, "PP SP 1.1", "ALPHA") not in store.evidence_links({plan.id})
    store.reverse_changes([(store.written[-1], "undo")], "atm1")
    assert (plan.id, "PP SP 1.1", "ALPHA") in store.evidence_links({plan.id})
    # the whole second import undone: its item and the links it added to the first item go
    store.reverse_changes([(store.written[1], "undo")], "atm1")
    assert [e.title for e in store.evidence_items()] == ["Plan"]
    assert store.evidence_links({plan.id}) == {(plan.id, "PP SP 1.1", "ALPHA"), (plan.id, "PP SP 1.1", "BETA")}


def test_uniqueness_is_refused_inside_the_transaction_and_nothing_is_written(store_factory):
    store = store_factory()
    store.import_evidence([item("Plan")], [(0, "PP SP 1.1", "ALPHA")], "a.csv", "atm1")
    before = (store.evidence_items(), store.change_log(), store.evidence_counts())
    # the same item (kind, title, location) again, even among new ones: the import is refused whole
    with pytest.raises(StoreError, match="cannot save the evidence"):
        store.import_evidence([item("Minutes"), item("Plan")], [(0, "PP SP 1.2", "ALPHA")], "b.csv", "atm1")
    assert (store.evidence_items(), store.change_log(), store.evidence_counts()) == before
    # a project code once per appraisal
    with pytest.raises(StoreError, match="ALPHA"):
        store.change_scope(ScopeChange(adds=("GAMMA", "ALPHA"), log=(("project added", "GAMMA", None, "GAMMA"),)),
                           "lead")
    assert store.info().projects == ("ALPHA", "BETA") and store.change_log() == before[1]
    # a suggestion once
    store.add_suggestions([suggestion("Audit plan")], "lead")
    with pytest.raises(StoreError, match="cannot save the suggestions"):
        store.add_suggestions([suggestion("Audit report"), suggestion("Audit plan")], "lead")
    assert [s.title for s in store.suggestions()] == ["Audit plan"]


def test_a_project_removed_elsewhere_is_refused_in_the_users_words(store_factory):
    store = store_factory(projects=("ALPHA", "BETA", "GAMMA"))
    store_factory.again(store).change_scope(ScopeChange(removes=("GAMMA",)), "lead")
    with pytest.raises(StoreError, match="GAMMA is no longer in this appraisal"):
        store.set_characterizations([("PP SP 1.1", "ALPHA", "FI", ""), ("PP SP 1.1", "GAMMA", "FI", "")], "atm1")
    assert store.characterizations() == {}


def test_scope_changes_rename_remove_add_in_one_call(store_factory):
    store = store_factory(projects=("ALPHA", "BETA", "GAMMA"))
    store.set_characterizations([("PP SP 1.1", "ALPHA", "LI", "")], "atm1")
    store.change_scope(ScopeChange(unit="Acme Cards", target=3, areas=("REQM", "PP", "PMC"),
                                   renames=(("ALPHA", "APOLLO"),), removes=("GAMMA",), adds=("DELTA",),
                                   log=(("unit", "appraisal", "Acme Payments", "Acme Cards"),)), "lead")
    info = store.info()
    assert (info.unit, info.target, info.areas) == ("Acme Cards", 3, ("REQM", "PP", "PMC"))
    assert info.projects == ("APOLLO", "BETA", "DELTA")
    assert store.characterizations() == {"PP SP 1.1": {"APOLLO": "LI"}}
    assert store.recorded_on_project("APOLLO")["characterizations"] == 1
    # a rename keeps the earlier change undoable under the new code
    store.reverse_changes([(store.written[0], "undo")], "atm1")
    assert store.characterizations() == {}
    # a project with something recorded on it is not removed
    store.set_characterizations([("PP SP 1.1", "BETA", "LI", "")], "atm1")
    with pytest.raises(StoreError, match="BETA was not removed"):
        store.change_scope(ScopeChange(removes=("BETA",)), "lead")
    assert "BETA" in store.info().projects


def test_findings_settings_and_suggestions(store_factory):
    store = store_factory()
    fid = store.save_finding(None, "minor", "PP", "PP SP 1.1", "Estimates undocumented", "lead", site="ALPHA",
                             status="open")
    assert store.save_finding(fid, "minor", "PP", "PP SP 1.1", "Estimates not documented", "lead") == fid
    store.set_finding_status(fid, "plan_accepted", "lead", "plan received")
    (finding,) = store.findings()
    assert (finding.text, finding.site, finding.status) == ("Estimates not documented", "ALPHA", "plan_accepted")
    store.delete_finding(fid, "lead")
    assert store.findings() == []
    store.reverse_changes([(store.written[-1], "undo")], "lead")
    assert [f.text for f in store.findings()] == ["Estimates not documented"]
    with pytest.raises(StoreError, match="no finding #999"):
        store.delete_finding(999, "lead")

    store.set_settings({"maturity_model": "levels: []", "refined": None}, "lead", "maturity model", "x", None, "set")
    assert store.settings() == {"maturity_model": "levels: []"}
    assert store.change_log()[-1].what == "maturity model"

    assert store.add_suggestions([suggestion("Audit plan"), suggestion("Audit report", "PP SP 1.1", "BETA")],
                                 "lead") == 2
    first, second = store.suggestions("ISO audit 2026")
    assert store.decide_suggestions([first.id], [second.id], "lead") == (1, 2)
    assert [s.status for s in store.suggestions()] == ["accepted", "rejected"]
    (reused,) = [e for e in store.evidence_items() if e.title == "Audit plan"]
    assert store.evidence_links_of(reused.id) == [("REQM SP 1.1", "ALPHA")]
    assert '"clause": "8.5.1"' in store.link_origins()[(reused.id, "REQM SP 1.1", "ALPHA")]


def test_two_appraisals_in_one_database_are_kept_apart(store_factory):
    acme = store_factory(unit="Acme Payments")
    cards = store_factory(unit="Acme Cards", same_database_as=acme)  # the same project codes
    assert store_factory.database(acme) == store_factory.database(cards) and acme.appraisal_id != cards.appraisal_id
    acme.set_characterizations([("REQM SP 1.1", "ALPHA", "FI", "")], "atm1")
    cards.set_characterizations([("REQM SP 1.1", "ALPHA", "NI", "none")], "atm2")
    acme.import_evidence([item("Plan")], [(0, "REQM SP 1.1", "ALPHA")], "a.csv", "atm1")
    cards.import_evidence([item("Plan")], [(0, "REQM SP 1.1", "BETA")], "c.csv", "atm2")  # same key, other appraisal
    acme.add_decision("characterization", "REQM SP 1.1", "FI", "ok", "lead", None)
    cards.save_finding(None, "weakness", "REQM", None, "No traceability", "lead")
    cards.set_settings({"refined": None}, "lead", "refined", "scale", "1", None)
    cards.change_scope(ScopeChange(renames=(("BETA", "BRAVO"),)), "lead")

    assert acme.info().unit == "Acme Payments" and cards.info().unit == "Acme Cards"
    assert acme.info().projects == ("ALPHA", "BETA") and cards.info().projects == ("ALPHA", "BRAVO")
    assert acme.characterizations() == {"REQM SP 1.1": {"ALPHA": "FI"}}
    assert cards.characterizations() == {"REQM SP 1.1": {"ALPHA": "NI"}}
    assert acme.characterization_notes() == {} and len(cards.characterization_notes()) == 1
    assert [e.title for e in acme.evidence_items()] == [e.title for e in cards.evidence_items()] == ["Plan"]
    assert acme.evidence_items()[0].id != cards.evidence_items()[0].id
    assert acme.evidence_cells() == {("REQM SP 1.1", "ALPHA"): {"artifact"}}
    assert cards.evidence_cells() == {("REQM SP 1.1", "BRAVO"): {"artifact"}}
    assert len(acme.decisions()) == 1 and cards.decisions() == []
    assert acme.findings() == [] and len(cards.findings()) == 1
    assert acme.settings() == {"refined": "1"} and cards.settings() == {}
    assert {c.who for c in acme.change_log()} == {"lead", "atm1"}
    assert "atm1" not in {c.who for c in cards.change_log()}
    assert acme.evidence_item(cards.evidence_items()[0].id) is None
    # one appraisal's change cannot be undone through the other
    with pytest.raises(UsageError):
        acme.reverse_changes([(cards.written[0], "undo")], "lead")
    assert cards.characterizations() == {"REQM SP 1.1": {"ALPHA": "NI"}}
    # ... nor linked to its evidence
    with pytest.raises(StoreError, match="no evidence item"):
        acme.link_evidence(cards.evidence_items()[0].id, "REQM SP 1.1", "ALPHA", "lead")
    acme_entries = {i for i, _c in acme.changes_since(0)}
    assert acme_entries and acme_entries.isdisjoint(i for i, _c in cards.changes_since(0))


def test_another_instance_sees_committed_changes(store_factory):
    store = store_factory()
    other = store_factory.again(store)
    seen, last = other.data_version(), other.last_change_id()
    store.set_characterizations([("PP SP 1.1", "ALPHA", "FI", "")], "atm1")
    assert other.data_version() != seen
    assert [c.target for _i, c in other.changes_since(last)] == ["PP SP 1.1 / ALPHA"]
    assert other.characterizations() == {"PP SP 1.1": {"ALPHA": "FI"}}


def test_a_write_while_the_database_is_locked_is_refused_as_busy_and_changes_nothing(store_factory):
    store = store_factory()
    with store_factory.hold_write_lock(store):
        with pytest.raises(StoreError, match="busy"):
            store.set_characterizations([("PP SP 1.1", "ALPHA", "FI", "")], "atm1")
    assert store.characterizations() == {} and store.written == []
    assert store.set_characterizations([("PP SP 1.1", "ALPHA", "FI", "")], "atm1") == 1  # and works again
