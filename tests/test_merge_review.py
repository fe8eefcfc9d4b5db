"""The review's findings on the merge (issue 15, point 1): each reproduced on real files, merged and read back."""

from __future__ import annotations

import merge_helpers
import pytest
from merge_helpers import add_item, cell, cells, conflicts, fork, merge, state

from appraise.errors import AppraiseError, UsageError
from appraise.services import Appraisal
from appraise.store import NewEvidence
from appraise.store.sqlite import SqliteStore

lead, _sample = merge_helpers.lead, merge_helpers._sample


def _between(monkeypatch, write):
    """Make ``write`` happen after the merge is planned and before it is applied (the store's own write)."""
    apply = SqliteStore.apply_merge
    done = []

    def late(self, *args, **kwargs):
        if not done:
            done.append(True)
            write()
        return apply(self, *args, **kwargs)

    monkeypatch.setattr(SqliteStore, "apply_merge", late)


@pytest.mark.parametrize("meanwhile", ["an edit", "a merge of the same copy"])
def test_a_write_landing_while_a_merge_is_prepared_refuses_the_merge(lead, monkeypatch, meanwhile):
    a = fork(lead, "a.appraisal", "A")
    cell(a, "REQM SP 1.1", "ALPHA", "PI", who="alice")
    if meanwhile == "an edit":
        _between(monkeypatch, lambda: cell(lead, "REQM SP 1.1", "ALPHA", "NI", who="bob"))
        who = "bob"
    else:
        def other_merge():
            monkeypatch.undo()
            merge(lead, a, who="Carol")
        _between(monkeypatch, other_merge)
        who = "Carol"
    with Appraisal.open(lead) as x, pytest.raises(UsageError) as refused:
        x.merging.merge([a], who="Lead")
    assert str(refused.value) == (f"{lead.name} changed while the merge was prepared (by {who}): nothing was "
                                  "merged; run the merge again")
    with Appraisal.open(lead) as x:
        log = x.history.log()
    assert not any(e.who == "Lead" and e.what.startswith("merged") for e in log)
    if meanwhile == "an edit":
        assert cells(lead)[("REQM SP 1.1", "ALPHA")] == "NI"  # the edit stands, the copy's value did not overwrite it
        again = merge(lead, a)  # run again: the copy's change is now a conflict with the lead's edit
        assert [c.record for c in again.conflicts] == ["characterization"]
    else:
        assert sum(e.what == "merged" for e in log) == 1  # the other merge only


def _link(path, item, practice="REQM SP 1.1", project="ALPHA", who="x"):
    with Appraisal.open(path) as x:
        x.store.link_evidence(item, practice, project, who)


def _remove(path, item, who="x"):
    with Appraisal.open(path) as x:
        x.store.remove_evidence([item], who)


def test_a_copy_removing_an_item_the_lead_linked_since_is_a_conflict_and_the_links_stay(lead):
    item = add_item(lead, "Minutes")
    _link(lead, item, "REQM SP 1.2", "ALPHA")
    a = fork(lead, "a.appraisal", "A")
    _link(lead, item, "REQM SP 1.1", "BETA", who="bob")  # the lead's newer link
    _remove(a, item, who="alice")
    report = merge(lead, a)
    assert [(c.record, c.target) for c in report.conflicts] == [("evidence", "evidence Minutes")]
    with Appraisal.open(lead) as x:
        assert sorted(x.reader.evidence_links_of(item)) == [("REQM SP 1.1", "BETA"), ("REQM SP 1.2", "ALPHA")]
        x.merging.resolve(report.conflicts[0].id, take="A", why="the minutes were withdrawn", who="Lead")
        assert x.reader.evidence_item(item) is None  # the team's consensus removes it, links and all


def test_a_copy_removing_an_item_another_copy_links_is_a_conflict(lead):
    item = add_item(lead, "Minutes")
    a = fork(lead, "a.appraisal", "A")
    b = fork(lead, "b.appraisal", "B")
    _remove(a, item, who="alice")
    _link(b, item, "REQM SP 1.1", "BETA", who="bob")
    report = merge(lead, a, b)
    assert [(c.record, c.target) for c in report.conflicts] == [("evidence", "evidence Minutes")]
    with Appraisal.open(lead) as x:
        assert x.reader.evidence_links_of(item) == [("REQM SP 1.1", "BETA")]  # B's link came in, the item stays


def test_a_link_a_copy_adds_to_an_item_the_lead_removed_is_a_conflict_not_dropped(lead):
    item = add_item(lead, "Minutes")
    a = fork(lead, "a.appraisal", "A")
    _remove(lead, item, who="bob")
    with Appraisal.open(a) as x:
        _link(a, x.reader.evidence_keys()[("artifact", "Minutes", "dms/Minutes")], who="alice")
    report = merge(lead, a)
    assert [(c.record, c.target) for c in report.conflicts] == [("evidence", "evidence Minutes")]
    sides = {s.side: s.value for s in report.conflicts[0].sides}
    assert sides["lead"] is None and sides["A"] == "d"


def test_undo_after_a_roster_change_came_in_by_a_merge_keeps_the_login(lead):
    with Appraisal.open(lead) as x:
        x.team.update("Ruth Calder", login="ruth", who="Lead")
        x.team.update("Ben Okafor", login="ben", who="ruth")
    a = fork(lead, "a.appraisal", "A")
    with Appraisal.open(a) as x:
        x.team.update("Ben Okafor", role="OU coordinator", who="ruth")
    merge(lead, a, who="ruth")
    with Appraisal.open(lead) as x:
        ben = next(m for m in x.team.members() if m.name == "Ben Okafor")
        assert (ben.role, ben.login) == ("OU coordinator", "ben")
        (undone,) = x.history.undo(who="ruth")
        assert undone.what == "merged"
        ben = next(m for m in x.team.members() if m.name == "Ben Okafor")
        assert ben.role != "OU coordinator" and ben.login == "ben"


def _describe(path, description, who):
    with Appraisal.open(path) as x:
        x.store.import_evidence([NewEvidence("artifact", "Minutes", "dms/Minutes", description, "ATM-1", None, "")],
                                [], "t", who)


def test_undoing_a_consensus_on_an_evidence_conflict_puts_back_the_leads_description(lead):
    a = fork(lead, "a.appraisal", "A")
    _describe(a, "the copy's wording", "alice")  # the same item added on both sides, worded differently
    _describe(lead, "the lead's wording", "bob")
    (conflict,) = merge(lead, a).conflicts
    with Appraisal.open(lead) as x:
        item = x.reader.evidence_keys()[("artifact", "Minutes", "dms/Minutes")]
        x.merging.resolve(conflict.id, take="A", why="A read it", who="Lead")
        assert x.reader.evidence_item(item).description == "the copy's wording"
        x.history.undo(who="Lead")
        assert x.reader.evidence_item(item).description == "the lead's wording"
        assert [c.status for c in x.merging.conflicts()] == ["pending"]
        x.history.redo(who="Lead")
        assert x.reader.evidence_item(item).description == "the copy's wording"


def test_a_side_gone_stale_since_the_merge_is_refused_unless_it_holds_the_value_now(lead):
    a = fork(lead, "a.appraisal", "A")
    b = fork(lead, "b.appraisal", "B")
    cell(a, "REQM SP 1.1", "ALPHA", "PI", who="alice")
    cell(b, "REQM SP 1.1", "ALPHA", "NI", who="bob")
    (conflict,) = merge(lead, a, b).conflicts
    cell(lead, "REQM SP 1.1", "ALPHA", "LI", who="carol")  # the lead edits the record after the merge
    before = state(lead)
    with Appraisal.open(lead) as x:
        for side in ("A", "lead"):
            with pytest.raises(AppraiseError) as refused:
                x.merging.resolve(conflict.id, take=side, why="w", who="Lead")
            assert str(refused.value) == (f"conflict #{conflict.id} (REQM SP 1.1 / ALPHA) changed since the merge: "
                                          "it is now LI (by carol); decide again with the value, or merge again")
    assert state(lead) == before and [c.status for c in conflicts(lead)] == ["pending"]
    cell(lead, "REQM SP 1.1", "ALPHA", "NI", who="carol")  # now B's side holds exactly the value: it may be taken
    with Appraisal.open(lead) as x:
        assert x.merging.resolve(conflict.id, take="B", why="B was right", who="Lead").status == "decided"
    assert cells(lead)[("REQM SP 1.1", "ALPHA")] == "NI"
