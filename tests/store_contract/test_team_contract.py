"""The store contract for the appraisal team's roster (schema 9), through the interface alone."""

from __future__ import annotations

import pytest

from appraise.errors import UsageError
from appraise.store import TeamMemberRecord


def test_the_roster_keeps_its_order_and_each_change_is_logged(store_factory):
    store = store_factory()
    assert store.team() == []
    added = store.add_team_member("Dana Lee", "lead appraiser", "Acme Consulting", "LA-1234", "lead")
    assert added == TeamMemberRecord("Dana Lee", "lead appraiser", "Acme Consulting", "LA-1234")
    store.add_team_member("Sam Ortiz", "team member", "", "", "lead")
    store.add_team_member("Kim Park", "OU coordinator", "Acme Payments", "", "lead")
    assert [m.name for m in store.team()] == ["Dana Lee", "Sam Ortiz", "Kim Park"]
    assert store.remove_team_member("Sam Ortiz", "lead") == TeamMemberRecord("Sam Ortiz", "team member")
    store.add_team_member("Sam Ortiz", "observer", "", "", "lead")  # back at the end, in a new role
    assert [(m.name, m.role) for m in store.team()] == [
        ("Dana Lee", "lead appraiser"), ("Kim Park", "OU coordinator"), ("Sam Ortiz", "observer")]
    log = [(c.who, c.what, c.target, c.old, c.new) for c in store.change_log()[1:]]
    assert log[0] == ("lead", "team", "lead appraiser", None, "Dana Lee")
    assert log[3] == ("lead", "team", "team member", "Sam Ortiz", None)
    assert len(log) == 5
    # another instance on the same appraisal reads the same roster
    assert store_factory.again(store).team() == store.team()


def test_a_refused_roster_change_changes_nothing(store_factory):
    store = store_factory()
    store.add_team_member("Dana Lee", "lead appraiser", "", "", "lead")
    before = (store.team(), store.change_log())
    with pytest.raises(UsageError, match="Dana Lee is already on the team as lead appraiser"):
        store.add_team_member("Dana Lee", "team member", "", "", "lead")
    with pytest.raises(UsageError, match=r"Nobody is not on the team \(the team: Dana Lee\)"):
        store.remove_team_member("Nobody", "lead")
    assert (store.team(), store.change_log()) == before


def test_two_appraisals_in_one_database_have_their_own_rosters(store_factory):
    first = store_factory()
    second = store_factory(same_database_as=first)
    first.add_team_member("Dana Lee", "lead appraiser", "", "", "lead")
    second.add_team_member("Dana Lee", "team member", "", "", "lead")  # a name is unique per appraisal only
    assert [m.role for m in first.team()] == ["lead appraiser"]
    assert [m.role for m in second.team()] == ["team member"]
    second.remove_team_member("Dana Lee", "lead")
    assert second.team() == [] and len(first.team()) == 1


def test_a_roster_change_is_undone_and_redone_in_its_place_unless_changed_since(store_factory):
    store = store_factory()
    for name, role in (("Dana Lee", "lead appraiser"), ("Sam Ortiz", "team member"), ("Kim Park", "observer")):
        store.add_team_member(name, role, "", "", "lead")
    store.remove_team_member("Sam Ortiz", "lead")
    assert len(store.written) == 4  # each roster change is one undo step
    (undone,) = store.reverse_changes([(store.written[-1], "undo")], "lead")
    assert (undone.step, undone.what, undone.target, undone.undone, undone.restored) == (
        "undo", "team", "team member", None, "Sam Ortiz")
    assert [m.name for m in store.team()] == ["Dana Lee", "Sam Ortiz", "Kim Park"]  # back in its place
    store.reverse_changes([(undone.entry, "redo")], "lead")
    assert [m.name for m in store.team()] == ["Dana Lee", "Kim Park"]
    # another window removed Kim Park and added them again in another role: undoing the addition is refused
    other = store_factory.again(store)
    other.remove_team_member("Kim Park", "atm9")
    other.add_team_member("Kim Park", "team member", "", "", "atm9")
    before = (store.team(), store.change_log())
    with pytest.raises(UsageError, match="Kim Park on the team was changed since by atm9"):
        store.reverse_changes([(store.written[2], "undo")], "lead")
    assert (store.team(), store.change_log()) == before


def test_a_members_login_and_role_change_in_their_place_and_are_undone(store_factory):
    store = store_factory()
    assert store.add_team_member("Dana Lee", "lead appraiser", "", "", "lead", login="dana") == TeamMemberRecord(
        "Dana Lee", "lead appraiser", login="dana")
    store.add_team_member("Sam Ortiz", "team member", "Acme", "", "dana")
    store.add_team_member("Kim Park", "observer", "", "", "dana")
    changed = store.update_team_member("Sam Ortiz", "dana", role="lead appraiser", login="sam")
    assert changed == TeamMemberRecord("Sam Ortiz", "lead appraiser", "Acme", "", "sam")
    assert store.update_team_member("Sam Ortiz", "dana", login="sam") == changed  # no change: nothing logged
    assert [(m.name, m.role, m.login) for m in store.team()] == [
        ("Dana Lee", "lead appraiser", "dana"), ("Sam Ortiz", "lead appraiser", "sam"), ("Kim Park", "observer", "")]
    last = store.change_log()[-1]
    assert (last.who, last.what, last.target, last.old, last.new) == (
        "dana", "team", "lead appraiser", "Sam Ortiz as team member", "Sam Ortiz (login sam) as lead appraiser")
    assert len(store.written) == 4
    store.reverse_changes([(store.written[-1], "undo")], "dana")
    assert store.team()[1] == TeamMemberRecord("Sam Ortiz", "team member", "Acme", "", "")
    with pytest.raises(UsageError, match=r"Nobody is not on the team \(the team: Dana Lee, Sam Ortiz, Kim Park\)"):
        store.update_team_member("Nobody", "dana", login="x")
    # another instance reads the logins
    assert [m.login for m in store_factory.again(store).team()] == ["dana", "", ""]
