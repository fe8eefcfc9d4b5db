"""Correcting the scope after creation (issue item 6): unit, projects (add, rename, remove) and target.

Through ``appraise scope`` as a user types it, and read back from the file: ratings, decisions, evidence
links, findings and the change log. Every refusal is one line and changes nothing.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cli_helpers import _in_tmp, assert_one_line_error, ok, rate_json, run  # noqa: F401 (_in_tmp: an autouse fixture)

from appraise.errors import StoreError
from appraise.services import Appraisal
from appraise.store import ScopeChange

DATA = Path(__file__).parent / "data"


def copy(name: str) -> Path:
    """A copy of a file of tests/data in the test's folder (an older schema: it is migrated on first open)."""
    shutil.copyfile(DATA / name, name)
    return Path(name)


def state(path: Path) -> tuple:
    """Everything a refused command must leave as it was."""
    with Appraisal.open(path) as a:
        return (a.info.unit, a.info.target, a.info.areas, a.info.projects, a.cells.all(), a.cells.notes(),
                a.evidence.links(), a.decisions.all(), a.findings.all(), a.history.log())


def renamed(data, old: str, new: str):
    """``rate --json`` with a project's code replaced everywhere, as it should read after the rename."""
    text = json.dumps(data)
    return json.loads(text.replace(f'"{old}"', f'"{new}"').replace(f" {old}", f" {new}").replace(
        f":{old}", f":{new}"))


@pytest.fixture
def cmmi(capsys) -> Path:
    """A staged ML2 appraisal (ALPHA, BETA) with evidence, characterizations, a note, an OU decision
    (REQM SP 1.3, made on ALPHA PI, BETA LI) and SAM ruled not applicable: tests/data/README.md."""
    return copy("schema-2.appraisal")


# -- renaming ------------------------------------------------------------------------------------------

def test_a_rename_keeps_characterizations_notes_links_and_decisions(capsys, cmmi):
    before = rate_json(capsys, cmmi)
    with Appraisal.open(cmmi) as a:
        links = a.evidence.links()
        notes = a.cells.notes()
    out = ok(capsys, "scope", cmmi, "--rename-project", "BETA=BRAVO", "--why", "mistyped at creation")
    assert "project renamed: BETA -> BRAVO" in out
    after = rate_json(capsys, cmmi)
    assert after == renamed(before, "BETA", "BRAVO")
    assert after["projects"] == ["ALPHA", "BRAVO"]
    assert after["stale_decisions"] == [] and after["pending_decisions"] == []  # the OU decision still stands
    with Appraisal.open(cmmi) as a:
        assert a.evidence.links() == {e: [(p, "BRAVO" if c == "BETA" else c) for p, c in pairs]
                                      for e, pairs in links.items()}
        assert a.cells.notes() == {(p, "BRAVO" if c == "BETA" else c): n for (p, c), n in notes.items()}
        [decision] = [d for d in a.decisions.all() if d.target == "REQM SP 1.3"]
        assert json.loads(decision.basis) == {"ALPHA": "PI", "BRAVO": "LI"}
        last = a.history.log()[-1]
        assert (last.what, last.target, last.old, last.new) == ("project renamed", "BETA", "BETA",
                                                                "BRAVO — mistyped at creation")
    assert "project renamed [BETA]: BETA -> BRAVO" in ok(capsys, "log", cmmi)


def test_a_rename_rewrites_consistency_decisions_and_weights(capsys):
    path = copy("schema-3-spice.appraisal")
    before = rate_json(capsys, path)
    assert before["weights"] == {"ECU-A": 3, "ECU-B": 1}
    ok(capsys, "scope", path, "--rename-project", "ECU-A=ECU-X")
    after = rate_json(capsys, path)
    assert after == renamed(before, "ECU-A", "ECU-X")
    assert after["weights"] == {"ECU-X": 3, "ECU-B": 1}
    swe1 = next(p for p in after["processes"] if p["id"] == "SWE.1")
    [hit] = swe1["consistency"]
    assert hit["id"] == "AS8:SWE.1:ECU-X" and hit["justified"] is True
    with Appraisal.open(path) as a:
        weights = next(d for d in a.decisions.all() if d.kind == "aggregation_weights")
        assert weights.value == "ECU-X=3,ECU-B=1" and json.loads(weights.basis) == {"ECU-X": "3", "ECU-B": "1"}


def test_a_rename_moves_audit_findings_to_the_new_site_code(capsys):
    path = copy("schema-4-audit.appraisal")
    before = rate_json(capsys, path)
    out = ok(capsys, "scope", path, "--rename-project", "plant-2=PLANT-B")
    assert "site renamed: PLANT-2 -> PLANT-B" in out
    assert rate_json(capsys, path) == renamed(before, "PLANT-2", "PLANT-B")
    with Appraisal.open(path) as a:
        assert {f.site for f in a.findings.all()} == {"PLANT-B", ""}


def test_two_renames_in_one_command(capsys, cmmi):
    ok(capsys, "scope", cmmi, "--rename-project", "ALPHA=A1,BETA=B1")
    rating = rate_json(capsys, cmmi)
    assert rating["projects"] == ["A1", "B1"] and rating["stale_decisions"] == []


def test_a_rename_may_change_only_the_case(capsys, cmmi):
    ok(capsys, "scope", cmmi, "--rename-project", "BETA=Beta")
    assert rate_json(capsys, cmmi)["projects"] == ["ALPHA", "Beta"]


@pytest.mark.parametrize("args, fragments", [
    (["--rename-project", "BETA=alpha"], ("ALPHA exists already",)),
    (["--rename-project", "BETA=all"], ("'all' cannot be a project code",)),
    (["--rename-project", "BETA"], ("OLD=NEW",)),
    (["--rename-project", "DELTA=D"], ("unknown project 'DELTA'",)),
    (["--rename-project", "ALPHA=BETA", "--rename-project", "BETA=ALPHA"], ("BETA exists already",)),
    (["--add-projects", "gamma,GAMMA"], ("GAMMA", "listed twice")),
    (["--add-projects", "beta"], ("beta exists already",)),
    (["--add-projects", "*"], ("'*' cannot be a project code",)),
    (["--add-projects", "X=1"], ("'X=1' cannot be a project code",)),
    (["--rename-project", "ALPHA=A1,BETA=A1"], ("A1", "listed twice")),
    (["--unit", " "], ("needs a name",)),
    (["--target", "7"], ("one of 2, 3, 4, 5",)),
    (["--yes"], ("--yes confirms a --target",)),
    (["--unit", "X", "--not-applicable", "SAM", "--why", "x"], ("in two commands",)),
    ([], ("say what to change",)),
    (["--rename-project", "BETA=BRAVO", "--remove-project", "ALPHA"], ("ALPHA cannot be removed",)),
])
def test_refusals_are_one_line_and_change_nothing(capsys, cmmi, args, fragments):
    before = state(cmmi)
    assert_one_line_error(*run(capsys, "scope", cmmi, *args), *fragments)
    assert state(cmmi) == before


# -- adding and removing -----------------------------------------------------------------------------

def test_projects_are_added_at_the_end_and_rated_as_missing(capsys, cmmi):
    ok(capsys, "scope", cmmi, "--add-projects", "GAMMA,DELTA", "--unit", "Acme Payments EU")
    rating = rate_json(capsys, cmmi)
    assert rating["projects"] == ["ALPHA", "BETA", "GAMMA", "DELTA"]
    with Appraisal.open(cmmi) as a:
        assert a.info.unit == "Acme Payments EU"
        assert [(c.what, c.new) for c in a.history.log()[-3:]] == [
            ("unit", "Acme Payments EU"), ("project added", "GAMMA"), ("project added", "DELTA")]
        a.cells.characterize("REQM SP 1.1", "delta", "FI")  # the new project takes characterizations at once
        assert a.cells.all()["REQM SP 1.1"]["DELTA"] == "FI"


def test_a_project_with_nothing_recorded_is_removed(capsys, cmmi):
    ok(capsys, "scope", cmmi, "--add-projects", "GAMMA")
    out = ok(capsys, "scope", cmmi, "--remove-project", "gamma", "--why", "added by mistake")
    assert "project removed: GAMMA" in out
    assert rate_json(capsys, cmmi)["projects"] == ["ALPHA", "BETA"]
    assert "project removed [GAMMA]: GAMMA -> (removed) — added by mistake" in ok(capsys, "log", cmmi)


def test_removing_a_project_with_records_is_refused_naming_them(capsys, cmmi):
    before = state(cmmi)
    assert_one_line_error(*run(capsys, "scope", cmmi, "--remove-project", "BETA"), "BETA cannot be removed",
                          "3 characterizations", "1 note", "1 evidence link")
    assert state(cmmi) == before


def test_removing_an_audit_site_with_a_finding_is_refused(capsys):
    path = copy("schema-4-audit.appraisal")
    assert_one_line_error(*run(capsys, "scope", path, "--remove-project", "PLANT-2"), "PLANT-2 cannot be removed",
                          "1 finding")


def test_removing_a_weighted_instance_is_refused_and_the_last_project_stays(capsys, tmp_path):
    path = copy("schema-3-spice.appraisal")
    assert "Note: the instance weights give ECU-C no weight" in ok(capsys, "scope", path, "--add-projects", "ECU-C")
    assert rate_json(capsys, path)["weights"] is None
    ok(capsys, "scope", path, "--weights", "ECU-A=3,ECU-B=1,ECU-C=1", "--why", "ECU-C is small")
    before = state(path)
    assert_one_line_error(*run(capsys, "scope", path, "--remove-project", "ECU-C"), "ECU-C cannot be removed",
                          "weight")
    assert state(path) == before
    ok(capsys, "scope", path, "--weights", "mean", "--why", "back to the mean")
    ok(capsys, "scope", path, "--remove-project", "ECU-C")
    with Appraisal.create(tmp_path / "one.appraisal", framework="cmmi-dev-1.3", target=2, unit="U",
                          projects=["SOLO"], who="lead"):
        pass
    assert_one_line_error(*run(capsys, "scope", tmp_path / "one.appraisal", "--remove-project", "SOLO"),
                          "at least one project")


# -- the target ---------------------------------------------------------------------------------------

def test_a_staged_target_brings_its_process_areas_and_a_lower_one_asks_for_confirmation(capsys, cmmi):
    ok(capsys, "scope", cmmi, "--target", "3")
    rating = rate_json(capsys, cmmi)
    assert rating["target"] == 3 and len(rating["process_areas"]) == 18
    ok(capsys, "characterize", cmmi, "OPF SP 1.1", "ALPHA", "FI")
    ok(capsys, "characterize", cmmi, "OPF SP 1.2", "BETA", "LI")
    before = state(cmmi)
    assert_one_line_error(*run(capsys, "scope", cmmi, "--target", "2"), "out of scope", "OPF (2)", "--yes")
    assert state(cmmi) == before
    out = ok(capsys, "scope", cmmi, "--target", "2", "--yes", "--why", "the sponsor chose ML2")
    assert "target: 3 -> 2" in out
    rating = rate_json(capsys, cmmi)
    assert rating["target"] == 2 and [a["id"] for a in rating["process_areas"]] == [
        "REQM", "PP", "PMC", "SAM", "MA", "PPQA", "CM"]
    ok(capsys, "scope", cmmi, "--target", "3")  # the characterizations stayed in the file
    with Appraisal.open(cmmi) as a:
        assert a.cells.all()["OPF SP 1.1"] == {"ALPHA": "FI"}


def test_a_spice_target_adds_and_drops_attributes(capsys):
    path = copy("schema-3-spice.appraisal")
    assert_one_line_error(*run(capsys, "scope", path, "--target", "2"), "out of scope", "SWE.1 (")
    ok(capsys, "scope", path, "--target", "2", "--yes")
    rating = rate_json(capsys, path)
    swe1 = next(p for p in rating["processes"] if p["id"] == "SWE.1")
    assert [a["id"] for a in swe1["attributes"]] == ["SWE.1 PA 1.1", "SWE.1 PA 2.1", "SWE.1 PA 2.2"]
    assert rating["target"] == 2
    ok(capsys, "scope", path, "--target", "4")
    with Appraisal.open(path) as a:
        assert "SWE.1 PA 4.1" in a.practices and a.info.areas == ("SWE.1", "SWE.2")


def test_an_audit_has_no_target(capsys):
    path = copy("schema-4-audit.appraisal")
    assert_one_line_error(*run(capsys, "scope", path, "--target", "2"), "has no target level")


# -- one transaction ---------------------------------------------------------------------------------------

def test_a_change_that_fails_in_the_store_writes_none_of_its_parts(capsys, cmmi):
    before = state(cmmi)
    with Appraisal.open(cmmi) as a:
        change = ScopeChange(unit="Other", renames=(("ALPHA", "A1"),), removes=("BETA",),
                             log=(("unit", "x", "a", "b"),))
        with pytest.raises(StoreError, match="BETA was not removed"):
            a.store.change_scope(change, "tester")
    assert state(cmmi) == before
