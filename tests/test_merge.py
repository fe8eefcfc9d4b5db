"""Mini-team copies merged back (issue 15, point 1): real files forked, changed, merged and read back."""

from __future__ import annotations

import itertools
import json
import shutil

import merge_helpers
import pytest
from merge_helpers import add_item, cell, cells, conflicts, fork, merge, state

from appraise.errors import AppraiseError
from appraise.services import Appraisal, build_sample

#: the fixtures: the sample built once, a fresh lead file per test
lead, _sample = merge_helpers.lead, merge_helpers._sample


def test_disjoint_changes_of_two_copies_and_the_lead_all_come_in(lead):
    a = fork(lead, "a.appraisal", "Mini-team A")
    b = fork(lead, "b.appraisal", "Mini-team B")
    cell(a, "REQM SP 1.1", "ALPHA", "PI", "A's note", who="alice")
    cell(b, "PP SP 1.1", "BETA", "LI", who="bob")
    cell(lead, "PMC SP 1.1", "GAMMA", "NI", who="lead")
    item = add_item(b, "B's plan")
    with Appraisal.open(b) as x:
        x.evidence.link(item, "PP SP 1.2", "BETA", who="bob")
        x.team.add("Ann New", "team member", who="bob")
    report = merge(lead, a, b)
    assert report.conflicts == []
    assert dict(report.came_in["Mini-team A"]) == {"characterization": 1, "note": 1}
    assert dict(report.came_in["Mini-team B"]) == {"characterization": 1, "evidence": 1, "link": 1, "member": 1}
    got = cells(lead)
    assert (got[("REQM SP 1.1", "ALPHA")], got[("PP SP 1.1", "BETA")], got[("PMC SP 1.1", "GAMMA")]) == \
        ("PI", "LI", "NI")
    with Appraisal.open(lead) as x:
        assert x.reader.characterization_notes()[("REQM SP 1.1", "ALPHA")] == "A's note"
        new_id = x.reader.evidence_keys()[("artifact", "B's plan", "dms/B's plan")]
        assert ("PP SP 1.2", "BETA") in x.evidence.links_of(new_id)
        assert "Ann New" in [m.name for m in x.team.members()]
        log = x.history.log()
    # the entries name the copy and the original author; the one merging made them
    merged = [e for e in log if e.what.startswith("merged characterization")]
    assert {e.what for e in merged} == {"merged characterization (from Mini-team A, by alice)",
                                        "merged characterization (from Mini-team B, by bob)"}
    assert {e.who for e in merged} == {"Lead"}


def test_the_same_change_in_two_copies_is_no_conflict(lead):
    a = fork(lead, "a.appraisal", "A")
    b = fork(lead, "b.appraisal", "B")
    for copy in (a, b, lead):
        cell(copy, "REQM SP 1.2", "BETA", "LI")
    cell(a, "REQM SP 1.3", "ALPHA", "NI")
    cell(b, "REQM SP 1.3", "ALPHA", "NI")
    report = merge(lead, a, b)
    assert report.conflicts == [] and conflicts(lead) == []
    assert report.changes == 1  # REQM SP 1.3 / ALPHA once; REQM SP 1.2 / BETA was so here already
    assert cells(lead)[("REQM SP 1.3", "ALPHA")] == "NI"


def test_a_cell_changed_in_a_copy_and_by_the_lead_is_a_conflict_the_file_keeps_its_value(lead):
    a = fork(lead, "a.appraisal", "Mini-team A")
    cell(a, "REQM SP 1.1", "ALPHA", "NI", who="alice")
    cell(lead, "REQM SP 1.1", "ALPHA", "PI", who="lead")
    with Appraisal.open(lead) as x:
        before = x.summary()
    report = merge(lead, a)
    (c,) = report.conflicts
    assert (c.record, c.target, c.status) == ("characterization", "REQM SP 1.1 / ALPHA", "pending")
    assert [(s.side, s.value, s.who) for s in c.sides] == [("lead", "PI", "lead"), ("Mini-team A", "NI", "alice")]
    assert all(s.at for s in c.sides)
    assert cells(lead)[("REQM SP 1.1", "ALPHA")] == "PI"
    with Appraisal.open(lead) as x:
        assert x.summary() == before  # the rating is the file's own until the team decides
    assert [x.id for x in conflicts(lead)] == [c.id]


def _rating(value):
    def change(path, who):
        with Appraisal.open(path) as x:
            x.store.set_assessor_ratings([("REQM SP 1.1", "ALPHA", "ATM-1", value, None)], who)
    return change


def _note(text):
    return lambda path, who: cell(path, "REQM SP 1.1", "ALPHA", "FI", text, who=who)


def _finding(text):
    def change(path, who):
        with Appraisal.open(path) as x:
            f = x.findings.all()[0]
            x.findings.save(f.kind, f.area, text, f.practice, finding_id=f.id, who=who)
    return change


def _decision(value):
    def change(path, who):
        with Appraisal.open(path) as x:
            x.decisions.decide("REQM SP 1.4", value, f"{who} thinks so", who=who)
    return change


def _member(role):
    def change(path, who):
        with Appraisal.open(path) as x:
            x.team.remove("Ben Okafor", who=who)
            x.team.add("Ben Okafor", role, who=who)
    return change


def _evidence(description):
    def change(path, who):
        from appraise.store import NewEvidence

        with Appraisal.open(path) as x:
            x.store.import_evidence([NewEvidence("artifact", "Plan", "dms/plan", description, "ATM-2", None, "")],
                                    [], "t", who)
    return change


KINDS = {"characterization": (lambda p, w: cell(p, "REQM SP 1.1", "ALPHA", "PI", who=w),
                              lambda p, w: cell(p, "REQM SP 1.1", "ALPHA", "NI", who=w)),
         "note": (_note("one view"), _note("another view")),
         "rating": (_rating("LI"), _rating("NI")),
         "finding": (_finding("first wording"), _finding("second wording")),
         "decision": (_decision("PI"), _decision("LI")),
         "member": (_member("OU coordinator"), _member("lead appraiser")),
         "evidence": (_evidence("the draft"), _evidence("the baseline"))}


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("where", ["two copies", "copy and lead"])
def test_conflicting_changes_in_every_kind_of_record(lead, kind, where):
    first, second = KINDS[kind]
    a = fork(lead, "a.appraisal", "A")
    b = fork(lead, "b.appraisal", "B")
    first(a, "alice")
    second(b if where == "two copies" else lead, "bob")
    ours = state(lead)
    report = merge(lead, a, b)
    conflict = [c for c in report.conflicts if c.record == kind]
    assert len(conflict) == 1, report.conflicts
    sides = {s.side: s for s in conflict[0].sides}
    assert sides["A"].value != sides["B" if where == "two copies" else "lead"].value
    assert state(lead) == ours  # nothing of the disputed record came in: the file keeps what it had
    assert [c.id for c in conflicts(lead)] == [c.id for c in report.conflicts]


def test_three_copies_merged_in_every_order_give_the_same_result(lead, tmp_path):
    a = fork(lead, "a.appraisal", "A")
    b = fork(lead, "b.appraisal", "B")
    c = fork(lead, "c.appraisal", "C")
    cell(a, "REQM SP 1.1", "ALPHA", "PI")
    cell(b, "REQM SP 1.1", "ALPHA", "NI")  # a conflict between A and B
    cell(a, "PP SP 1.1", "BETA", "LI")
    cell(c, "PP SP 1.1", "BETA", "LI")  # the same change in A and C
    cell(c, "PMC SP 1.1", "GAMMA", "NI")
    add_item(b, "B's record")
    with Appraisal.open(c) as x:
        x.findings.save("weakness", "PMC", "C found this", "PMC SP 1.1", who="carol")
    results, disputed = set(), set()
    for order in itertools.permutations([a, b, c]):
        name = "-".join(p.stem for p in order)
        together = tmp_path / f"all-{name}.appraisal"
        shutil.copy(lead, together)
        merge(together, *order)  # all three in one merge, given in this order
        found = frozenset((x.record, x.target, frozenset((s.side, s.value) for s in x.sides))
                          for x in conflicts(together))
        results.add((json.dumps(state(together), sort_keys=True), found))
        one_by_one = tmp_path / f"each-{name}.appraisal"
        shutil.copy(lead, one_by_one)
        for copy in order:  # one merge per copy: the first of A and B comes in, the other is the conflict
            merge(one_by_one, copy)
        disputed.add(frozenset(x.target for x in conflicts(one_by_one)))
    assert len(results) == 1
    ((records, found),) = results
    assert found == {("characterization", "REQM SP 1.1 / ALPHA",
                      frozenset({("lead", "FI"), ("A", "PI"), ("B", "NI")}))}
    assert disputed == {frozenset({"REQM SP 1.1 / ALPHA"})}
    got = json.loads(records)
    assert got['["characterization","PP SP 1.1","BETA"]'] == "LI"
    assert got['["characterization","PMC SP 1.1","GAMMA"]'] == "NI"
    assert got['["characterization","REQM SP 1.1","ALPHA"]'] == "FI"
    assert any(k.startswith('["evidence","artifact","B\'s record"') for k in got)
    assert any(v and v[3] == "C found this" for k, v in got.items() if k.startswith('["finding"'))


def test_a_copy_of_a_copy_merges_into_its_parent_and_the_lead_without_duplicates(lead):
    a = fork(lead, "a.appraisal", "A")
    cell(a, "REQM SP 1.1", "ALPHA", "PI")
    b = fork(a, "b.appraisal", "B of A")
    cell(b, "PP SP 1.1", "BETA", "NI")
    with Appraisal.open(b) as x:
        x.findings.save("strength", "PP", "Estimates are reviewed", "PP SP 1.1", who="bea")
    report = merge(lead, b)  # B's own changes only: A's cell is A's to bring
    assert dict(report.came_in["B of A"]) == {"characterization": 1, "finding": 1}
    assert cells(lead)[("REQM SP 1.1", "ALPHA")] == "FI"
    merge(a, b)
    merge(lead, a)
    assert cells(lead)[("REQM SP 1.1", "ALPHA")] == "PI"
    with Appraisal.open(lead) as x:
        assert [f.text for f in x.findings.all()].count("Estimates are reviewed") == 1
    assert conflicts(lead) == []
    assert merge(lead, a, b).changes == 0


def test_the_same_copy_merged_twice_adds_nothing_and_later_changes_come_alone(lead):
    a = fork(lead, "a.appraisal", "A")
    cell(a, "REQM SP 1.1", "ALPHA", "PI")
    merge(lead, a)
    with Appraisal.open(lead) as x:
        entries = len(x.history.log())
    again = merge(lead, a)
    assert (again.changes, again.conflicts) == (0, [])
    with Appraisal.open(lead) as x:
        assert len(x.history.log()) == entries
    cell(lead, "REQM SP 1.1", "ALPHA", "LI")  # the lead moves on; the copy's old change does not come back
    cell(a, "REQM SP 1.2", "BETA", "NI")
    report = merge(lead, a)
    assert (report.changes, report.conflicts) == (1, [])
    assert cells(lead)[("REQM SP 1.1", "ALPHA")] == "LI"
    assert cells(lead)[("REQM SP 1.2", "BETA")] == "NI"


def test_a_dry_run_lists_what_would_come_in_and_changes_nothing(lead):
    a = fork(lead, "a.appraisal", "A")
    cell(a, "REQM SP 1.1", "ALPHA", "PI")
    cell(a, "REQM SP 1.2", "ALPHA", "NI")
    cell(lead, "REQM SP 1.2", "ALPHA", "LI")
    before = lead.read_bytes()
    report = merge(lead, a, dry_run=True)
    assert report.dry_run and report.changes == 1
    assert [(c.id, c.target) for c in report.conflicts] == [(None, "REQM SP 1.2 / ALPHA")]
    assert lead.read_bytes() == before
    assert conflicts(lead) == []


def test_every_refused_merge_says_why_in_one_line_and_changes_nothing(lead, tmp_path):
    a = fork(lead, "a.appraisal", "A")
    cell(a, "REQM SP 1.1", "ALPHA", "PI")
    other = tmp_path / "other.appraisal"
    build_sample("acme-ml2", other, who="Else").close()
    other_copy = fork(other, "other-copy.appraisal", "X")
    plain = tmp_path / "plain.appraisal"
    shutil.copy(lead, plain)
    before = lead.read_bytes()
    cases = {other_copy: "a copy of another appraisal", plain: "not a copy made with appraise fork",
             tmp_path / "missing.appraisal": "no such appraisal file", lead: "the file being merged into"}
    for bad, words in cases.items():
        with pytest.raises(AppraiseError) as refused:
            merge(lead, a, bad)
        assert words in str(refused.value) and "\n" not in str(refused.value)
        assert lead.read_bytes() == before
    with pytest.raises(AppraiseError, match="the same copy"):
        merge(lead, a, a)
    assert lead.read_bytes() == before


def test_the_team_decides_a_conflict_by_a_side_or_by_a_value(lead):
    a = fork(lead, "a.appraisal", "A")
    b = fork(lead, "b.appraisal", "B")
    cell(a, "REQM SP 1.1", "ALPHA", "PI")
    cell(b, "REQM SP 1.1", "ALPHA", "NI")
    cell(a, "REQM SP 1.2", "BETA", "LI")
    cell(lead, "REQM SP 1.2", "BETA", "PI")
    first, second = merge(lead, a, b).conflicts
    with Appraisal.open(lead) as x:
        decided = x.merging.resolve(first.id, take="b", why="B interviewed the project", who="Ruth")
        assert (decided.status, decided.value, decided.rationale, decided.decided_by) == \
            ("decided", "NI", "B interviewed the project", "Ruth")
        with pytest.raises(AppraiseError, match="has no side 'Z'"):
            x.merging.resolve(second.id, take="Z", why="w")
        with pytest.raises(AppraiseError, match="'XX' is not a value"):
            x.merging.resolve(second.id, value="XX", why="w")
        x.merging.resolve(second.id, value="NI", why="neither side had it right", who="Ruth")
        with pytest.raises(AppraiseError, match="was decided already"):
            x.merging.resolve(first.id, take="A", why="w")
        with pytest.raises(AppraiseError, match="no conflict #999"):
            x.merging.resolve(999, take="lead", why="w")
        log = x.history.log()
    assert cells(lead)[("REQM SP 1.1", "ALPHA")] == "NI"
    assert cells(lead)[("REQM SP 1.2", "BETA")] == "NI"
    assert conflicts(lead) == []
    assert [c.status for c in conflicts(lead, pending_only=False)] == ["decided", "decided"]
    assert any(e.what == f"conflict #{first.id} decided" and e.who == "Ruth" for e in log)


def test_a_merge_is_undone_as_one_step(lead):
    a = fork(lead, "a.appraisal", "A")
    cell(a, "REQM SP 1.1", "ALPHA", "PI")
    cell(a, "PP SP 1.1", "BETA", "NI")
    with Appraisal.open(a) as x:
        x.findings.save("weakness", "PP", "No estimates", "PP SP 1.1", who="alice")
    cell(a, "PMC SP 1.1", "BETA", "NI")
    cell(lead, "PMC SP 1.1", "BETA", "LI")  # and a conflict
    before = state(lead)
    first = merge(lead, a)
    assert state(lead) != before and len(conflicts(lead)) == 1
    with Appraisal.open(lead) as x:
        (undone,) = x.history.undo(who="Lead")
    assert undone.what == "merged"
    assert state(lead) == before
    assert conflicts(lead, pending_only=False) == []  # the conflicts it found go with it
    again = merge(lead, a)  # and the copy is not taken for merged: all of it comes in again
    assert (again.changes, len(again.conflicts)) == (first.changes, 1)
    with Appraisal.open(lead) as x:
        x.merging.resolve(again.conflicts[0].id, take="A", why="A saw it", who="Lead")
        assert cells(lead)[("PMC SP 1.1", "BETA")] == "NI"
        x.history.undo(who="Lead")  # the consensus taken back: the conflict is pending again
    assert cells(lead)[("PMC SP 1.1", "BETA")] == "LI"
    assert [(c.id, c.status) for c in conflicts(lead)] == [(again.conflicts[0].id, "pending")]
    with Appraisal.open(lead) as x:
        x.history.redo(who="Lead")
    assert [c.status for c in conflicts(lead, pending_only=False)] == ["decided"]
    assert cells(lead)[("PMC SP 1.1", "BETA")] == "NI"


def test_a_copy_limited_to_some_areas_brings_only_their_changes(lead):
    a = fork(lead, "a.appraisal", "A", areas=("REQM",))
    cell(a, "REQM SP 1.1", "ALPHA", "PI")
    cell(a, "PP SP 1.1", "ALPHA", "NI")
    report = merge(lead, a)
    assert report.outside == {"A": 1} and report.left_out == [("A", "PP SP 1.1 / ALPHA")]
    assert report.items == [("A", "REQM SP 1.1 / ALPHA", "PI")]
    assert (cells(lead)[("REQM SP 1.1", "ALPHA")], cells(lead)[("PP SP 1.1", "ALPHA")]) == ("PI", "FI")
    with pytest.raises(AppraiseError, match="not in this appraisal's scope"):
        fork(lead, "z.appraisal", "Z", areas=("NOPE",))


def test_a_conflict_between_two_copies_names_nobody_for_the_lead_who_left_the_record_alone(lead):
    a, b = fork(lead, "a.appraisal", "Mini-team A"), fork(lead, "b.appraisal", "Mini-team B")
    cell(a, "REQM SP 1.1", "ALPHA", "FI", note="trace matrix complete", who="alice")
    cell(b, "REQM SP 1.1", "ALPHA", "FI", note="trace matrix partial", who="bob")
    cell(lead, "PP SP 1.1", "BETA", "LI", who="ruth")  # the lead's last change is elsewhere
    (c,) = merge(lead, a, b).conflicts
    assert c.target == "REQM SP 1.1 / ALPHA (note)"
    lead_side, *copies = c.sides
    assert (lead_side.who, lead_side.at, lead_side.by) == ("", "", "unchanged since the copy was made")
    assert [(s.side, s.who) for s in copies] == [("Mini-team A", "alice"), ("Mini-team B", "bob")]
