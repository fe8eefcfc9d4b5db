"""Roles that fit the method (issue 15, point 5): once a member of the roster has a login, who makes a change
(``who``: ``--by``, ``$APPRAISE_USER``, the login) must be on the team, matched by login or by name; observers and
the other non-working roles change nothing; only the lead changes the roster, the details and the permission
setting; with ``--decisions-by lead`` only the lead records a rating decision. Every refusal is one line naming
who, their role and what they may not do, and changes nothing (read back from the file)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from appraise.cli import main
from appraise.errors import UsageError
from appraise.services import Appraisal
from appraise.services.permissions import DECISION_WRITES, LEAD_WRITES, member_of
from appraise.store import TeamMemberRecord


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The acme-ml2 sample with a roster that has logins: Ruth Calder (lead appraiser, ruth), Ben Okafor (team
    member, ben), Lena Vogt and Sam Ortiz (team members, no login: matched by name), Olga Kim (observer, olga),
    Kim Park (OU coordinator, no login)."""
    path = tmp_path_factory.mktemp("permissions") / "acme.appraisal"
    assert main(["demo", "acme-ml2", "--to", str(path), "--force"]) == 0
    with Appraisal.open(path) as a:
        a.team.update("Ruth Calder", login="ruth", who="setup")
        a.team.update("Ben Okafor", login="ben", who="ruth")
        a.team.add("Olga Kim", "observer", who="ruth", login="olga")
        a.team.add("Kim Park", "OU coordinator", who="ruth")
    return path


@pytest.fixture
def acme(demo: Path, tmp_path: Path) -> Path:
    path = tmp_path / "acme.appraisal"
    shutil.copy(demo, path)
    return path


def snapshot(path: Path) -> tuple:
    """Everything a refused write must leave as it was, read back from the file."""
    with Appraisal.open(path) as a:
        return (a.reader.change_log(), a.reader.characterizations(), a.reader.characterization_notes(),
                a.reader.findings(), a.reader.decisions(), a.team.members(), a.evidence.links(),
                dict(a.info.settings))


def _characterize(a: Appraisal, who: str) -> None:
    a.cells.characterize("CM SP 1.1", "BETA", "LI", note="checked", who=who)


def _link(a: Appraisal, who: str) -> None:
    assert a.evidence.link(1, "REQM SP 1.2", "GAMMA", who=who)


def _finding(a: Appraisal, who: str) -> None:
    a.findings.add("CM SP 1.3", "weakness", "Baselines are not audited.", who=who)


def _decision(a: Appraisal, who: str) -> None:
    a.decisions.decide("REQM SG 1", "unsatisfied", "The team judged the weaknesses significant.", who=who)


def _team_change(a: Appraisal, who: str) -> None:
    a.team.add("New Person", "team member", who=who)


WRITES: dict[str, Callable[[Appraisal, str], None]] = {
    "characterize": _characterize, "evidence link": _link, "finding": _finding, "decision": _decision,
    "team change": _team_change}
#: who -> (the kinds of write they may make; a fragment of their refusal)
ROLES = {
    "ruth": (set(WRITES), ""),  # the lead, by login
    "RUTH calder": (set(WRITES), ""),  # the lead, by name (case and spaces do not matter)
    "ben": (set(WRITES) - {"team change"}, "Ben Okafor is a team member on this appraisal's team: only the lead "
                                            "can change the team roster (ask Ruth Calder)"),
    " Lena  Vogt ": (set(WRITES) - {"team change"}, "Lena Vogt is a team member on this appraisal's team: only "
                                                   "the lead can change the team roster"),
    "olga": (set(), "Olga Kim is an observer on this appraisal's team: observers cannot change anything (the lead, "
                    "Ruth Calder, can change the roles)"),
    "Kim Park": (set(), "Kim Park is an OU coordinator on this appraisal's team: only the lead and the working roles "
                        "(team member, co-assessor, auditor) change the appraisal (the lead, Ruth Calder, can change "
                        "the roles)"),
    "eve": (set(), "eve is not on this appraisal's team: only its members can change it (the lead, Ruth Calder, can "
                   "give you a login on the roster; say who you are with --by LOGIN or $APPRAISE_USER)"),
}


@pytest.mark.parametrize("who", ROLES)
def test_each_role_may_make_what_its_role_allows_and_is_refused_the_rest(acme, who):
    allowed, refusal = ROLES[who]
    for kind, write in WRITES.items():
        before = snapshot(acme)
        with Appraisal.open(acme) as a:
            if kind in allowed:
                write(a, who)
            else:
                with pytest.raises(UsageError) as refused:
                    write(a, who)
                message = str(refused.value)
                assert "\n" not in message
                assert refusal in message, (kind, message)
        after = snapshot(acme)
        if kind in allowed:
            assert after[0] != before[0] and after[0][-1].who == who, kind  # made, and logged as who made it
        else:
            assert after == before, kind  # a refusal changes nothing


def test_decisions_by_lead_leaves_the_rating_decisions_to_the_lead_and_can_be_set_back(acme):
    with Appraisal.open(acme) as a:
        with pytest.raises(UsageError, match="only the lead can change the appraisal's details and settings"):
            a.team.set_decisions_by("lead", who="ben")
        assert a.team.decisions_by() == "team"
        assert a.team.set_decisions_by("lead", who="ruth") is True
        assert a.team.set_decisions_by("lead", who="ruth") is False  # already so: nothing written
    before = snapshot(acme)
    with Appraisal.open(acme) as a:
        assert a.team.decisions_by() == "lead"
        with pytest.raises(UsageError) as refused:
            _decision(a, "ben")
        assert str(refused.value) == (
            "Ben Okafor is a team member on this appraisal's team: the team has set that only the lead records "
            "rating decisions (the lead, Ruth Calder, can record this one, or set it back with --decisions-by team)")
        _characterize(a, "ben")  # the other work goes on
    assert snapshot(acme)[4] == before[4]  # no decision recorded
    with Appraisal.open(acme) as a:
        _decision(a, "ruth")
        a.team.set_decisions_by("team", who="ruth")
        a.decisions.decide("REQM SG 1", "not_significant", "The weaknesses were reviewed.", who="ben")
        assert [d.value for d in a.reader.decisions() if d.target == "REQM SG 1"] == ["unsatisfied",
                                                                                     "not_significant"]


def test_the_decision_writes_and_lead_writes_are_named_in_one_place():
    assert {"add_decision", "decide_conflict"} <= DECISION_WRITES
    assert {"add_team_member", "update_team_member", "remove_team_member", "set_settings"} <= set(LEAD_WRITES)


def test_matching_prefers_a_login_over_another_members_name():
    roster = [TeamMemberRecord("sam", "observer"), TeamMemberRecord("Sam Ortiz", "team member", login="SAM")]
    assert member_of(roster, "sam").name == "Sam Ortiz"  # the login wins, case-insensitively
    assert member_of(roster, "  SAM  ORTIZ ").name == "Sam Ortiz"
    assert member_of(roster, "") is None and member_of(roster, "nobody") is None


def test_nothing_is_enforced_until_a_member_has_a_login(acme, tmp_path):
    path = tmp_path / "solo.appraisal"
    assert main(["demo", "acme-ml2", "--to", str(path), "--force"]) == 0
    with Appraisal.open(path) as a:
        assert not a.team.enforced() and a.team.role_of("anyone") is None
        for write in WRITES.values():  # not on the roster, and an observer's name: both as today
            write(a, "anyone")
        a.team.add("Olga Kim", "observer", who="anyone")
        a.cells.characterize("REQM SP 1.4", "ALPHA", "LI", who="Olga Kim")
    with Appraisal.open(acme) as a:
        assert a.team.enforced() and a.team.role_of("olga") == "observer" and a.team.role_of("lena vogt")


def test_the_lead_cannot_lock_the_team_out(acme, tmp_path):
    before = snapshot(acme)
    with Appraisal.open(acme) as a:
        for attempt, message in [
            (lambda: a.team.remove("Ruth Calder", who="ruth"), "removing Ruth Calder would leave no lead with a login"),
            (lambda: a.team.update("Ruth Calder", login="", who="ruth"), "give a lead (another one, to step down "
                                                                         "yourself) a login"),
            (lambda: a.team.update("ruth calder", role="team member", who="ruth"), "nobody could change the roster"),
            (lambda: a.team.update("Ben Okafor", login="RUTH", who="ruth"), "the login 'RUTH' is already Ruth "
                                                                            "Calder's"),
        ]:
            with pytest.raises(UsageError, match=re.escape(message)):
                attempt()
    assert snapshot(acme) == before
    with Appraisal.open(acme) as a:  # with a second lead, the first may step down
        a.team.update("Lena Vogt", role="lead appraiser", login="lena", who="ruth")
        a.team.remove("Ruth Calder", who="ruth")
        assert a.team.role_of("lena") == "lead appraiser" and a.team.role_of("ruth") is None
        _team_change(a, "lena")
        with pytest.raises(UsageError, match="ruth is not on this appraisal's team"):
            _characterize(a, "ruth")
    # on a file without logins the first login goes to a lead
    path = tmp_path / "fresh.appraisal"
    assert main(["demo", "acme-ml2", "--to", str(path), "--force"]) == 0
    with Appraisal.open(path) as a:
        with pytest.raises(UsageError, match="no lead with a login"):
            a.team.update("Ben Okafor", login="ben")
        assert not a.team.enforced()


def test_a_login_change_is_undone_in_place(acme):
    with Appraisal.open(acme) as a:
        a.team.update("Sam Ortiz", login="sam", who="ruth")
        assert a.team.role_of("sam") == "team member"
        a.history.undo(who="ruth")
        members = a.team.members()
        assert [m.name for m in members][:4] == ["Ruth Calder", "Ben Okafor", "Lena Vogt", "Sam Ortiz"]
        assert members[3].login == "" and a.team.member_of("sam") is None
        a.history.redo(who="ruth")
        assert a.team.members()[3].login == "sam"


def test_a_cells_consensus_is_a_rating_decision_too(acme):
    with Appraisal.open(acme) as a:
        a.store.set_assessor_ratings([("CM SP 1.2", "ALPHA", "ATM-1", "FI", None),
                                      ("CM SP 1.2", "ALPHA", "ATM-2", "PI", None)], "ben")
        a.team.set_decisions_by("lead", who="ruth")
    before = snapshot(acme)
    with Appraisal.open(acme) as a:
        with pytest.raises(UsageError, match="Ben Okafor is a team member on this appraisal's team: the team has set "
                                             "that only the lead records rating decisions"):
            a.assessors.decide("CM SP 1.2", "ALPHA", "LI", "Agreed in the evening session.", who="ben")
    assert snapshot(acme) == before
    with Appraisal.open(acme) as a:
        a.assessors.decide("CM SP 1.2", "ALPHA", "LI", "Agreed in the evening session.", who="ruth")
        assert a.reader.characterizations()["CM SP 1.2"]["ALPHA"] == "LI"
