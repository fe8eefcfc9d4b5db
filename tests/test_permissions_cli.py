"""Roles from the command line: ``appraise team --add/--member ... --login``, ``--decisions-by``, the listing saying
whether roles are enforced, and every refusal one line with exit code 1 that changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import _in_tmp, assert_one_line_error, ok, run  # noqa: F401 (_in_tmp: an autouse fixture)

from appraise.services import Appraisal


@pytest.fixture
def acme(capsys, tmp_path: Path) -> Path:
    path = tmp_path / "acme.appraisal"
    ok(capsys, "new", path, "--framework", "cmmi-dev-1.3", "--target", "2", "--unit", "Acme Payments",
       "--projects", "ALPHA,BETA")
    return path


def state(path: Path) -> tuple:
    with Appraisal.open(path) as a:
        return (a.team.members(), dict(a.info.settings), a.reader.change_log(), a.reader.characterizations(),
                a.reader.decisions())


def test_a_team_with_logins_enforces_its_roles_from_the_command_line(capsys, acme, monkeypatch):
    # without logins: anyone changes anything, and the listing says so
    ok(capsys, "team", acme, "--add", "Dana Lee", "--role", "lead appraiser")
    ok(capsys, "team", acme, "--add", "Sam Ortiz", "--role", "observer", "--by", "someone")
    assert "Roles: not enforced: no member has a login yet" in ok(capsys, "team", acme)
    # the first login must be a lead's: else nobody could change the roster again
    before = state(acme)
    assert_one_line_error(*run(capsys, "team", acme, "--member", "Sam Ortiz", "--login", "sam"),
                          "changing Sam Ortiz would leave no lead with a login")
    assert state(acme) == before
    assert ok(capsys, "team", acme, "--member", "dana lee", "--login", "dana") == \
        ("Dana Lee is lead appraiser on the team, login dana.\n"
         "  note: roles are enforced and you (tester) are not on the team: make changes with --by LOGIN\n")
    assert ok(capsys, "team", acme, "--add", "Tom Hu", "--role", "team member", "--login", "tom", "--by", "dana") == \
        "Added Tom Hu to the team as team member, login tom.\n"
    listing = ok(capsys, "team", acme, "--by", "tom").splitlines()
    assert listing[:4] == ["Team (3):", "  lead appraiser  Dana Lee  (login dana)", "  observer        Sam Ortiz",
                           "  team member     Tom Hu  (login tom)"]
    assert listing[4] == ("Roles: enforced (a change is made as --by, $APPRAISE_USER or the login; you (tom) are "
                          "Tom Hu, team member)")
    assert listing[5] == "Rating decisions by: the team"

    before = state(acme)
    refusals = [
        (("characterize", acme, "REQM SP 1.1", "ALPHA", "FI"), "tester is not on this appraisal's team: only its "
                                                               "members can change it (the lead, Dana Lee, can give you"),
        (("characterize", acme, "REQM SP 1.1", "ALPHA", "FI", "--by", "Sam Ortiz"),
         "Sam Ortiz is an observer on this appraisal's team: observers cannot change anything (the lead, Dana Lee, "
         "can change the roles)"),
        (("team", acme, "--add", "Al Ex", "--role", "team member", "--by", "tom"),
         "Tom Hu is a team member on this appraisal's team: only the lead can change the team roster (ask Dana Lee)"),
        (("team", acme, "--set", "sponsor=Jo", "--by", "TOM"), "only the lead can change the appraisal's details"),
        (("team", acme, "--decisions-by", "lead", "--by", "tom"), "only the lead can change the appraisal's details"),
        (("team", acme, "--remove", "Dana Lee", "--by", "dana"), "removing Dana Lee would leave no lead with a login"),
        (("team", acme, "--member", "Tom Hu", "--login", "DANA", "--by", "dana"), "the login 'DANA' is already Dana "
                                                                                  "Lee's"),
        (("team", acme, "--member", "Tom Hu", "--by", "dana"), "--member 'Tom Hu' changes the member's --role"),
        (("team", acme, "--login", "x"), "--role and --login go with --add NAME or --member NAME"),
    ]
    for args, message in refusals:
        rc, out, err = run(capsys, *args)
        assert rc == 1
        assert_one_line_error(rc, out, err, message)
    assert state(acme) == before

    # $APPRAISE_USER is who makes a change when --by is not given
    monkeypatch.setenv("APPRAISE_USER", "tom")
    for practice in ("REQM SP 1.1", "REQM SP 1.2", "REQM SP 1.3", "REQM SP 1.4", "REQM SP 1.5"):
        ok(capsys, "characterize", acme, practice, "ALPHA", "FI")
        ok(capsys, "characterize", acme, practice, "BETA", "LI")
    with Appraisal.open(acme) as a:
        assert a.reader.characterizations()["REQM SP 1.1"] == {"ALPHA": "FI", "BETA": "LI"}
        assert a.reader.change_log()[-1].who == "tom"

    # decisions by the lead: the team member is refused, the lead decides, the team takes them back
    assert ok(capsys, "team", acme, "--decisions-by", "lead", "--by", "dana") == \
        "Rating decisions are recorded by only the lead.\n"
    before = state(acme)
    assert_one_line_error(*run(capsys, "decide", acme, "REQM SG 1", "unsatisfied", "--why", "Significant."),
                          "Tom Hu is a team member on this appraisal's team: the team has set that only the lead "
                          "records rating decisions")
    assert state(acme) == before
    ok(capsys, "decide", acme, "REQM SG 1", "unsatisfied", "--why", "Significant.", "--by", "dana")
    assert json.loads(ok(capsys, "team", acme, "--json"))["decisions_by"] == "lead"
    ok(capsys, "team", acme, "--decisions-by", "team", "--by", "dana")
    ok(capsys, "decide", acme, "REQM SG 1", "not_significant", "--why", "Reviewed again.")
    with Appraisal.open(acme) as a:
        assert [(d.value, d.decided_by) for d in a.reader.decisions()] == [("unsatisfied", "dana"),
                                                                    ("not_significant", "tom")]
    data = json.loads(ok(capsys, "team", acme, "--json"))
    assert data["roles_enforced"] is True and data["decisions_by"] == "team"
    assert data["team"][0] == {"name": "Dana Lee", "role": "lead appraiser", "affiliation": "", "licence": "",
                               "login": "dana"}
    # dropping every login, the lead's last, ends the enforcement
    ok(capsys, "team", acme, "--member", "Tom Hu", "--login", "", "--by", "dana")
    ok(capsys, "team", acme, "--member", "Dana Lee", "--login", "", "--by", "dana")
    assert "Roles: not enforced" in ok(capsys, "team", acme, "--by", "anyone")
    ok(capsys, "characterize", acme, "REQM SP 1.1", "ALPHA", "LI", "--by", "Sam Ortiz")
