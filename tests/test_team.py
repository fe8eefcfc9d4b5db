"""The team roster and the appraisal's details (``appraise team``): recorded, listed, refused cleanly, handed to
the deliverables; and non-attribution end to end (N1): names planted as an evidence item's source and collector,
as ``--by`` on changes, decisions and findings, and as assessors in an assessor import never reach a deliverable,
and the roster's names reach only the sections that list the team."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from attribution import APPRAISALS, PLANTED, ROSTER, planted
from cli_helpers import _in_tmp, assert_one_line_error, ok, run  # noqa: F401 (_in_tmp: an autouse fixture)

from appraise.services import Appraisal, deliverables
from appraise.services.team import DETAIL_KEYS
from appraise.store import records

DATA = Path(__file__).parent / "data"


@pytest.fixture
def acme(tmp_path: Path) -> Path:
    path = tmp_path / "acme.appraisal"
    Appraisal.create(path, framework="cmmi-dev-1.3", target=2, unit="Acme Payments", projects=["ALPHA", "BETA"],
                     who="lead").close()
    return path


def state(path: Path) -> tuple:
    """What a refused command must leave as it was: the roster, the settings, the change log."""
    with Appraisal.open(path) as a:
        return a.team.members(), dict(a.info.settings), a.reader.change_log()


def test_the_roster_and_the_details_round_trip_through_the_command(capsys, acme):
    assert "Team: nobody recorded yet" in ok(capsys, "team", acme)
    assert ok(capsys, "team", acme, "--add", "Dana  Lee ", "--role", "lead appraiser", "--affiliation",
              "Acme Consulting", "--licence", "LA-1234") == "Added Dana Lee to the team as lead appraiser.\n"
    ok(capsys, "team", acme, "--add", "Sam Ortiz", "--role", "team member", "--by", "lead")
    out = ok(capsys, "team", acme, "--add", "Kim Park", "--role", "OU coordinator",
             "--set", "dates=2026-11-30 to 2026-12-04", "--set", "end=2026-12-04", "--set", "Sponsor=Jo Park, CEO")
    assert out.splitlines() == ["Added Kim Park to the team as OU coordinator.", "Detail dates: 2026-11-30 to 2026-12-04",
                                "Detail end: 2026-12-04", "Detail sponsor: Jo Park, CEO"]
    listing = ok(capsys, "team", acme).splitlines()
    assert listing[:4] == ["Team (3):", "  lead appraiser  Dana Lee  (Acme Consulting, licence LA-1234)",
                           "  team member     Sam Ortiz", "  OU coordinator  Kim Park"]
    assert listing[4].startswith("Roles: not enforced: no member has a login yet")  # docs/team-roles.md
    assert listing[5:9] == ["Details:", "  dates: 2026-11-30 to 2026-12-04", "  end: 2026-12-04",
                            "  sponsor: Jo Park, CEO"]
    # only what the scheme's outline (SCAMPI here) still needs: it has it all, so no generic list of keys
    assert len(listing) == 9 and not any("certification_body" in line for line in listing)
    data = json.loads(ok(capsys, "team", acme, "--json"))
    assert data["team"][0] == {"name": "Dana Lee", "role": "lead appraiser", "affiliation": "Acme Consulting",
                               "licence": "LA-1234", "login": ""}
    assert [m["name"] for m in data["team"]] == list(ROSTER)
    assert data["details"] == {"dates": "2026-11-30 to 2026-12-04", "end": "2026-12-04", "sponsor": "Jo Park, CEO"}
    # removing one, and a detail set empty, are recorded too
    assert ok(capsys, "team", acme, "--remove", "Sam Ortiz", "--set", "sponsor=") == \
        "Removed Sam Ortiz (team member) from the team.\nDetail sponsor removed\n"
    data = json.loads(ok(capsys, "team", acme, "--json"))
    assert [m["name"] for m in data["team"]] == ["Dana Lee", "Kim Park"] and "sponsor" not in data["details"]
    assert ok(capsys, "team", acme, "--set", "end=2026-12-04") == "Details unchanged.\n"
    log = [line for line in ok(capsys, "log", acme).splitlines() if " team [" in line or " details [" in line]
    assert len(log) == 6
    assert "lead  " in log[1] and "team [team member]: — -> Sam Ortiz" in log[1]  # --by is who changed the roster
    assert "team [team member]: Sam Ortiz -> —" in log[4]
    # a role no outline looks for is taken, with a note; an outline's missing detail is listed with its command
    assert "may be left off their team pages" in ok(capsys, "team", acme, "--add", "Al Ex", "--role", "ATL")
    ok(capsys, "team", acme, "--remove", "Dana Lee")
    listing = ok(capsys, "team", acme).splitlines()
    assert "The deliverables still need:" in listing
    assert any('--add NAME --role "lead appraiser"' in line or "--role" in line for line in listing)


def test_appraise_undo_takes_a_roster_change_back(capsys, acme):
    ok(capsys, "team", acme, "--add", "Dana Lee", "--role", "lead appraiser")
    ok(capsys, "team", acme, "--add", "Sam Ortiz", "--role", "team member")
    ok(capsys, "team", acme, "--remove", "Dana Lee")
    assert ok(capsys, "undo", acme) == "Undone team: lead appraiser: — -> Dana Lee\n"
    assert [m["name"] for m in json.loads(ok(capsys, "team", acme, "--json"))["team"]] == ["Dana Lee", "Sam Ortiz"]
    ok(capsys, "undo", acme, "--steps", "2")  # the removal's undo, then Sam Ortiz's addition
    assert json.loads(ok(capsys, "team", acme, "--json"))["team"] == []


def test_refused_changes_say_why_in_one_line_and_change_nothing(capsys, acme):
    ok(capsys, "team", acme, "--add", "Dana Lee", "--role", "lead appraiser", "--set", "start=2026-11-30")
    before = state(acme)
    refusals = [
        (("--add", "Dana Lee", "--role", "team member"), "Dana Lee is already on the team as lead appraiser "
                                                          "(remove them first)"),
        (("--remove", "Nobody Here"), "Nobody Here is not on the team (the team: Dana Lee)"),
        (("--add", "  ", "--role", "team member"), "a team member needs a name"),
        (("--add", "Sam Ortiz", "--role", " "), "Sam Ortiz needs a role on the team"),
        (("--add", "Sam Ortiz"), "needs the member's --role"),
        (("--role", "team member"), "--role and --login go with --add NAME or --member NAME"),
        (("--licence", "LA-1"), "--affiliation and --licence go with --add NAME"),
        (("--set", "colour=blue"), "unknown detail 'colour' (details: organization, location, dates"),
        (("--set", "end"), "--set takes KEY=VALUE, not 'end'"),
        (("--set", "end=4 Dec 2026"), "end '4 Dec 2026' is no date (write YYYY-MM-DD)"),
        (("--set", "end=20261204"), "is no date (write YYYY-MM-DD)"),
        (("--set", "start=2026-02-30"), "is no date"),
        (("--set", "end=2026-11-01"), "the end 2026-11-01 is before the start 2026-11-30"),
        # a valid addition with a bad detail: the details are checked first, nothing is written
        (("--add", "Sam Ortiz", "--role", "team member", "--set", "end=soon"), "is no date"),
    ]
    for args, message in refusals:
        assert_one_line_error(*run(capsys, "team", acme, *args), message)
    with pytest.raises(SystemExit) as exited:
        run(capsys, "team", acme, "--add", "A", "--remove", "B", "--role", "x")
    assert exited.value.code == 2 and "not allowed with argument" in capsys.readouterr().err
    assert state(acme) == before
    assert_one_line_error(*run(capsys, "team", acme.with_name("missing.appraisal")), "missing.appraisal")


def test_details_are_checked_and_kept_as_settings(acme):
    with Appraisal.open(acme) as a:
        assert a.team.set_details({"End": " 2026-12-04 ", "lead-appraiser-id": "LA-1234"}, who="lead") == {
            "end": "2026-12-04", "lead_appraiser_id": "LA-1234"}
        assert a.info.settings["detail.end"] == "2026-12-04"
        assert a.team.details() == {"end": "2026-12-04", "lead_appraiser_id": "LA-1234"}
        assert a.team.set_details({"end": "2026-12-04"}) == {}  # unchanged: nothing written
        assert a.reader.change_log()[-1].what == "details"
        assert a.reader.change_log()[-1].new == "end=2026-12-04; lead_appraiser_id=LA-1234"
        assert set(DETAIL_KEYS) >= {"dates", "start", "end", "sponsor", "audit_type", "certification_body"}
    with Appraisal.open(acme) as a:  # read back from the file
        assert a.team.details()["lead_appraiser_id"] == "LA-1234"
        assert deliverables.details_of(a) == {"end": "2026-12-04", "lead_appraiser_id": "LA-1234"}


def test_the_roster_reaches_the_deliverable_input_in_its_order(capsys, acme):
    with Appraisal.open(acme) as a:
        assert deliverables.deliverable_input(a).team == ()
    ok(capsys, "team", acme, "--add", "Dana Lee", "--role", "lead appraiser", "--licence", "LA-1234")
    ok(capsys, "team", acme, "--add", "Kim Park", "--role", "OU coordinator", "--affiliation", "Acme Payments")
    ok(capsys, "team", acme, "--set", "sponsor=Jo Park, CEO")
    with Appraisal.open(acme) as a:
        data = deliverables.deliverable_input(a)
    assert [(m.name, m.role, m.affiliation, m.licence) for m in data.team] == [
        ("Dana Lee", "lead appraiser", "", "LA-1234"), ("Kim Park", "OU coordinator", "Acme Payments", "")]
    assert data.details == {"sponsor": "Jo Park, CEO"}


def test_a_schema_8_file_migrates_and_takes_a_roster(capsys, tmp_path):
    path = tmp_path / "old.appraisal"
    shutil.copy(DATA / "schema-8.appraisal", path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 8
    assert "Team: nobody recorded yet" in ok(capsys, "team", path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == records.SCHEMA_VERSION == 10
    ok(capsys, "team", path, "--add", "Dana Lee", "--role", "lead appraiser")
    with Appraisal.open(path) as a:
        assert [m.name for m in a.team.members()] == ["Dana Lee"]
        assert a.decisions.all(), "what the old code recorded is kept"


# -- non-attribution end to end (N1) ---------------------------------------------------------------------------

@pytest.mark.parametrize("kind", sorted(APPRAISALS))
def test_no_planted_name_reaches_a_deliverable_and_the_roster_only_the_team_sections(capsys, tmp_path, kind):
    spec = APPRAISALS[kind]
    first, second, _area = spec["cell"]
    mid = spec["values"][1]
    unit, other = spec["units"]
    path = planted(capsys, tmp_path, kind)
    with Appraisal.open(path) as a:
        # the names are really in the file: the change log, the evidence and the assessors' ratings hold them
        who = {c.who for c in a.reader.change_log()}
        assert {PLANTED["by"], PLANTED["finding_by"]} <= who
        assert {e.source for e in a.reader.evidence_items()} >= {PLANTED["source"]}
        assert {e.collected_by for e in a.reader.evidence_items()} >= {PLANTED["collected_by"]}
        assert set(a.assessors.ratings()[(second, other)]) == {PLANTED["assessor1"], PLANTED["assessor2"]}
        assert a.cells.all()[second] == {other: mid}
        for anonymize in (False, True):
            doc = deliverables.document(a, anonymize_projects=anonymize)
            everything = "\n".join(doc.texts())
            assert first in everything and "trace matrix stale" in everything  # the deliverable has content,
            assert "Developer interview" in everything  # the evidence index too (without its source)
            for name in PLANTED.values():
                for part in name.split():
                    assert part not in everything, (name, anonymize)
            team_text = "\n".join(doc.texts(team=True))
            other_text = "\n".join(doc.texts(team=False))
            for name in ROSTER[:2]:
                assert name in team_text, name
                assert name.split()[1] not in other_text, name
            for where in ("deck", "report", "workbook"):
                assert not any(n in t for t in doc.texts(where, team=False) for n in ROSTER)
