"""Several assessors rate one cell: each rating kept, the cell agreed or pending, the team's consensus, a later round,
a consensus that lapses, a cell set by hand, undo; SPICE instances and CMMI cells; exports name no assessor.

The ratings files are CSVs with an Assessor column, read here the way the characterization import reads them
(``CharacterizationPlan.assessor_rows``: practice, unit, assessor, value, note) and handed to the CLI's
``cmd_assessor_import`` as ``characterizations import`` does.
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

import pytest
from cli_helpers import _in_tmp, assert_one_line_error, ok, run  # noqa: F401 (_in_tmp: an autouse fixture)

from appraise.cli.commands.assessors import cmd_assessor_import
from appraise.errors import ImportConflict, UsageError
from appraise.io.characterizations import CharacterizationPlan
from appraise.services import CONSENSUS, Appraisal


def ratings(appraisal: Appraisal, path: Path, rows: list[tuple[str, ...]]) -> CharacterizationPlan:
    """Write ``rows`` (practice, unit, assessor, value[, note]) as a CSV and read it back, resolved."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["Practice", "Project", "Assessor", "Rating", "Note"])
        out.writerows([*r, *([""] * (5 - len(r)))] for r in rows)
    plan = appraisal.cells.plan_import(path)  # the import's own planner: an Assessor column keeps each one's rating
    assert plan.assessor_rows and not plan.rows
    return plan


def import_ratings(capsys, appraisal: Appraisal, plan: CharacterizationPlan, **flags: bool) -> str:
    args = argparse.Namespace(**{"by": "lead", "dry_run": False, "replace": False, "keep_existing": False, **flags})
    assert cmd_assessor_import(args, appraisal, plan) == 0
    return capsys.readouterr().out


@pytest.fixture
def ecu(tmp_path: Path) -> Path:
    path = tmp_path / "ecu.appraisal"
    Appraisal.create(path, framework="aspice-3.1", target=3, unit="Body Electronics", projects=["ECU-A", "ECU-B"],
                     areas=["SYS.3"], who="lead").close()
    return path


FIRST_ROUND = [("SYS.3.BP1", "ECU-A", "Zelda Quux", "F"), ("SYS.3.BP1", "ECU-A", "Yorick Vane", "F"),
               ("SYS.3.BP2", "ECU-A", "Zelda Quux", "L", "interfaces reviewed late"),
               ("SYS.3.BP2", "ECU-A", "Yorick Vane", "P"),
               ("SYS.3.BP3", "ECU-B", "Zelda Quux", "P"), ("SYS.3.BP3", "ECU-B", "Yorick Vane", "P", "no trace")]


def test_agreeing_assessors_set_the_cell_and_disagreeing_ones_leave_it_pending(capsys, tmp_path, ecu):
    with Appraisal.open(ecu) as a:
        out = import_ratings(capsys, a, ratings(a, tmp_path / "round1.csv", FIRST_ROUND))
        assert "6 ratings (Yorick Vane 3, Zelda Quux 3) changed, 2 cells changed" in out
        assert "Agreed: 2 cells" in out
        assert "Pending a consolidated rating: 1 cell" in out
        assert "  SYS.3.BP2 / ECU-A: Yorick Vane P, Zelda Quux L" in out
        assert a.cells.all() == {"SYS.3.BP1": {"ECU-A": "F"}, "SYS.3.BP3": {"ECU-B": "P"}}
        assert a.cells.notes() == {("SYS.3.BP3", "ECU-B"): "no trace"}  # the assessors' notes, naming nobody
        assert a.assessors.ratings()[("SYS.3.BP2", "ECU-A")] == {"Yorick Vane": "P", "Zelda Quux": "L"}
        assert [(c.practice, c.project, c.values_by_assessor) for c in a.assessors.pending()] == [
            ("SYS.3.BP2", "ECU-A", {"Yorick Vane": "P", "Zelda Quux": "L"})]
    rendered = ok(capsys, "rate", ecu)
    assert "Pending a consolidated rating: 1 cell" in rendered
    assert "SYS.3.BP2 / ECU-A: Yorick Vane P, Zelda Quux L" in rendered


def test_the_teams_consensus_sets_a_pending_cell_and_lapses_when_the_ratings_change(capsys, tmp_path, ecu):
    with Appraisal.open(ecu) as a:
        import_ratings(capsys, a, ratings(a, tmp_path / "round1.csv", FIRST_ROUND))
    assert_one_line_error(*run(capsys, "decide", ecu, "SYS.3.BP1", "ECU-A", "L", "--why", "x"),
                          "the assessors agree on SYS.3.BP1 / ECU-A (F)")
    assert_one_line_error(*run(capsys, "decide", ecu, "SYS.3.BP2", "ECU-B", "L", "--why", "x"),
                          "no assessor has rated SYS.3.BP2 / ECU-B")
    assert_one_line_error(*run(capsys, "decide", ecu, "SYS.3.BP2", "ECU-A", "Q", "--why", "x"), "'Q'")
    out = ok(capsys, "decide", ecu, "sys.3.bp2", "ecu-a", "L", "--why", "interfaces reviewed, one late")
    assert out.startswith("Decision recorded: SYS.3.BP2 / ECU-A = L")
    with Appraisal.open(ecu) as a:
        assert a.cells.all()["SYS.3.BP2"] == {"ECU-A": "L"} and a.assessors.pending() == []
        (decision,) = [d for d in a.decisions.all() if d.kind == CONSENSUS]
        assert json.loads(decision.basis) == {"Yorick Vane": "P", "Zelda Quux": "L"}
        # a later round: Yorick now says L on BP1 (a new disagreement), and F on BP2: the consensus lapses
        second = ratings(a, tmp_path / "round2.csv", [*FIRST_ROUND[:1], ("SYS.3.BP1", "ECU-A", "Yorick Vane", "L"),
                                                        FIRST_ROUND[2], ("SYS.3.BP2", "ECU-A", "Yorick Vane", "F"),
                                                        *FIRST_ROUND[4:]])
        out = import_ratings(capsys, a, second)
        assert "2 ratings (Yorick Vane 2) changed, 2 cells changed" in out
        assert a.cells.all().get("SYS.3.BP2") is None and a.cells.all().get("SYS.3.BP1") is None
        assert [c.describe() for c in a.assessors.pending()] == ["SYS.3.BP1 / ECU-A: Yorick Vane L, Zelda Quux F",
                                                                 "SYS.3.BP2 / ECU-A: Yorick Vane F, Zelda Quux L"]
        # the lapsed consensus is history: the report and the exports no longer show it as standing
        assert "interfaces reviewed, one late" not in a.export_text("json")
        # the same round again changes nothing
        assert "0 ratings changed, 0 cells changed" in import_ratings(capsys, a, second)
        # a third round where they agree: the cell takes their value, no decision needed
        out = import_ratings(capsys, a, ratings(a, tmp_path / "round3.csv", [("SYS.3.BP2", "ECU-A", "Yorick Vane", "L")]))
        assert "1 rating (Yorick Vane 1) changed, 1 cell changed" in out
        assert a.cells.all()["SYS.3.BP2"] == {"ECU-A": "L"}


def test_a_consensus_stands_again_when_the_ratings_come_back_to_what_it_was_made_on(capsys, tmp_path, ecu):
    with Appraisal.open(ecu) as a:
        import_ratings(capsys, a, ratings(a, tmp_path / "r1.csv", FIRST_ROUND))
        a.decisions.decide("SYS.3.BP2", "P", "the plan is partly followed", "lead", unit="ECU-A")
        import_ratings(capsys, a, ratings(a, tmp_path / "r2.csv", [("SYS.3.BP2", "ECU-A", "Yorick Vane", "N")]))
        assert a.cells.all().get("SYS.3.BP2") is None
        import_ratings(capsys, a, ratings(a, tmp_path / "r3.csv", [("SYS.3.BP2", "ECU-A", "Yorick Vane", "P")]))
        assert a.cells.all()["SYS.3.BP2"] == {"ECU-A": "P"}


def test_a_cell_set_by_hand_differently_is_a_conflict(capsys, tmp_path, ecu):
    with Appraisal.open(ecu) as a:
        a.cells.characterize("SYS.3.BP1", "ECU-A", "P", who="lead")
        a.cells.characterize("SYS.3.BP3", "ECU-B", "P", who="lead")  # as the assessors say: no conflict
        plan = ratings(a, tmp_path / "round1.csv", FIRST_ROUND)
        before = a.reader.change_log()
        with pytest.raises(ImportConflict) as refused:
            a.assessors.record(a.assessors.plan(plan), "lead")
        assert refused.value.problems == ["SYS.3.BP1 / ECU-A: P -> F (Yorick Vane F, Zelda Quux F)"]
        assert a.reader.change_log() == before and a.assessors.ratings() == {}  # nothing was written
        out = import_ratings(capsys, a, plan, keep_existing=True)
        assert "! SYS.3.BP1 / ECU-A: P -> F" in out and "--keep-existing leaves them" in out
        assert a.cells.all()["SYS.3.BP1"] == {"ECU-A": "P"}  # kept; the ratings are recorded all the same
        assert a.assessors.ratings()[("SYS.3.BP1", "ECU-A")] == {"Yorick Vane": "F", "Zelda Quux": "F"}
    with Appraisal.open(ecu) as a:
        a.cells.characterize("SYS.3.BP1", "ECU-A", "L", who="lead")
        changed = a.assessors.record(a.assessors.plan(
            ratings(a, tmp_path / "r2.csv", [("SYS.3.BP1", "ECU-A", "Yorick Vane", "L")])), "lead", "replace")
        # Yorick L, Zelda F: pending; the hand value L is replaced by "pending" only with --replace
        assert [(c.practice, c.current, c.new) for c in changed] == [("SYS.3.BP1", "L", None)]
        assert "SYS.3.BP1" not in a.cells.all()


def test_a_dry_run_writes_nothing(capsys, tmp_path, ecu):
    with Appraisal.open(ecu) as a:
        out = import_ratings(capsys, a, ratings(a, tmp_path / "round1.csv", FIRST_ROUND), dry_run=True)
        assert out.startswith("Dry run, nothing written: importing round1.csv would change 6 ratings")
        assert "SYS.3.BP2 / ECU-A: Yorick Vane P, Zelda Quux L" in out
        assert a.assessors.ratings() == {} and a.cells.all() == {}


def test_an_import_and_a_consensus_are_each_one_undo_step(capsys, tmp_path, ecu):
    with Appraisal.open(ecu) as a:
        import_ratings(capsys, a, ratings(a, tmp_path / "round1.csv", FIRST_ROUND))
        a.decisions.decide("SYS.3.BP2", "L", "interfaces reviewed", "lead", unit="ECU-A")
        log = [(c.what, c.target) for c in a.reader.change_log()]
        assert ("assessor rating (import round1.csv)", "SYS.3.BP2 / ECU-A / Zelda Quux") in log
        assert ("characterization (import round1.csv)", "SYS.3.BP1 / ECU-A") in log
        assert ("decision: consensus", "SYS.3.BP2 / ECU-A") in log
        (undone,) = a.history.undo(who="lead")  # the consensus: the decision withdrawn, the cell pending again
        assert undone.what == "decision: consensus"
        assert a.cells.all().get("SYS.3.BP2") is None and len(a.assessors.pending()) == 1
        assert not [d for d in a.decisions.all() if d.kind == CONSENSUS]
        a.history.undo(who="lead")  # the import: every rating and the cells it set
        assert a.assessors.ratings() == {} and a.cells.all() == {}
        a.history.redo(who="lead")
        assert a.assessors.ratings()[("SYS.3.BP2", "ECU-A")] == {"Yorick Vane": "P", "Zelda Quux": "L"}
        assert a.cells.all() == {"SYS.3.BP1": {"ECU-A": "F"}, "SYS.3.BP3": {"ECU-B": "P"}}


def test_cmmi_cells_work_too_and_exports_never_name_an_assessor(capsys, tmp_path):
    path = tmp_path / "acme.appraisal"
    Appraisal.create(path, framework="cmmi-dev-1.3", target=2, unit="Acme Payments", projects=["ALPHA", "BETA"],
                     who="lead").close()
    with Appraisal.open(path) as a:
        plan = ratings(a, tmp_path / "piid.csv", [
            ("REQM SP 1.1", "ALPHA", "Zelda Quux", "FI", "baseline approved"),
            ("REQM SP 1.1", "ALPHA", "Yorick Vane", "FI"),
            ("REQM SP 1.2", "ALPHA", "Zelda Quux", "LI"), ("REQM SP 1.2", "ALPHA", "Yorick Vane", "PI"),
            ("REQM SP 1.2", "BETA", "Zelda Quux", "LI"), ("REQM SP 1.2", "BETA", "Yorick Vane", "PI")])
        import_ratings(capsys, a, plan)
        assert a.cells.all() == {"REQM SP 1.1": {"ALPHA": "FI"}}
        assert len(a.assessors.pending()) == 2
    ok(capsys, "decide", path, "REQM SP 1.2", "ALPHA", "LI", "--why", "commitments kept in one release")
    for fmt in ("md", "csv", "json"):
        text = ok(capsys, "export", path, "--format", fmt, "-o", "-")
        assert "REQM SP 1.2" in text
        assert "Zelda" not in text and "Yorick" not in text, fmt
    assert "Zelda" not in ok(capsys, "rate", path, "--json")
    with Appraisal.open(path) as a:
        assert a.cells.all()["REQM SP 1.2"] == {"ALPHA": "LI"}


def test_decide_takes_a_unit_only_as_the_cells_consensus(capsys, ecu):
    assert_one_line_error(*run(capsys, "decide", ecu, "SYS.3.BP2", "ECU-A", "L", "extra", "--why", "x"),
                          "a target, a unit")
    with Appraisal.open(ecu) as a, pytest.raises(UsageError, match="no assessor has rated"):
        a.decisions.options("SYS.3.BP2", unit="ECU-A")


def test_a_renamed_unit_keeps_its_ratings_and_its_consensus(capsys, tmp_path, ecu):
    with Appraisal.open(ecu) as a:
        import_ratings(capsys, a, ratings(a, tmp_path / "round1.csv", FIRST_ROUND))
        a.decisions.decide("SYS.3.BP2", "L", "interfaces reviewed", "lead", unit="ECU-A")
    ok(capsys, "scope", ecu, "--rename-project", "ECU-A=ECU-1", "--why", "the customer's name")
    with Appraisal.open(ecu) as a:
        assert a.assessors.ratings()[("SYS.3.BP2", "ECU-1")] == {"Yorick Vane": "P", "Zelda Quux": "L"}
        assert a.assessors.consensus()[("SYS.3.BP2", "ECU-1")].value == "L"
        assert a.assessors.pending() == [] and a.cells.all()["SYS.3.BP2"] == {"ECU-1": "L"}


def test_the_workbook_export_names_no_assessor_either(capsys, tmp_path):
    from openpyxl import load_workbook

    ok(capsys, "new", "v3.appraisal", "--framework", "fictional-v3", "--target", "3", "--unit", "Acme Voyages",
       "--projects", "P1,P2", "--processes", "Design,Build")
    with Appraisal.open(tmp_path / "v3.appraisal") as a:
        import_ratings(capsys, a, ratings(a, tmp_path / "ratings.csv", [
            ("ALP 1.1", "P1", "Zelda Quux", "FM"), ("ALP 1.1", "P1", "Yorick Vane", "LM", "Fictional weakness"),
            ("ALP 1.1", "P2", "Zelda Quux", "FM"), ("ALP 1.1", "P2", "Yorick Vane", "FM")]))
        assert a.cells.all() == {"ALP 1.1": {"P2": "FM"}}
    ok(capsys, "decide", "v3.appraisal", "ALP 1.1", "P1", "LM", "--why", "Fictional rationale")
    ok(capsys, "export", "v3.appraisal", "--format", "cas-roll-up", "-o", "roll-up.xlsx")
    workbook = load_workbook(tmp_path / "roll-up.xlsx")
    texts = [str(c.value) for ws in workbook.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert "LM" in texts and not any("Zelda" in t or "Yorick" in t for t in texts)
    for fmt in ("md", "csv", "json"):
        text = ok(capsys, "export", "v3.appraisal", "--format", fmt, "-o", "-")
        assert ("Fictional rationale" in text or fmt == "csv") and "Zelda" not in text and "Yorick" not in text


def test_a_value_typed_over_a_disagreement_is_refused_in_favour_of_the_consensus(capsys, tmp_path, ecu):
    with Appraisal.open(ecu) as a:
        import_ratings(capsys, a, ratings(a, tmp_path / "round1.csv", FIRST_ROUND))
    assert_one_line_error(*run(capsys, "characterize", ecu, "SYS.3.BP2", "ECU-A", "L"),
                          "SYS.3.BP2 / ECU-A: the assessors disagree (L, P)", "appraise decide")
    ok(capsys, "characterize", ecu, "SYS.3.BP1", "ECU-A", "L")  # where they agree, the team may still set it
    ok(capsys, "decide", ecu, "SYS.3.BP2", "ECU-A", "L", "--why", "interfaces reviewed, one late")
    ok(capsys, "characterize", ecu, "SYS.3.BP2", "ECU-A", "P")  # with a consensus standing, the cell is the team's


def test_the_issue_command_imports_a_workbook_of_two_rounds(capsys, tmp_path, ecu):
    """``characterizations import ecu.appraisal ratings.xlsx --map assessor=Assessor``, round after round."""
    from fixtures.workbooks import ratings as ratings_book

    first = ratings_book(tmp_path / "ratings.xlsx", [
        ("SYS.3.BP1", "ECU-A", "Zelda Quux", "F"), ("SYS.3.BP1", "ECU-A", "Yorick Vane", "F"),
        ("SYS.3.BP2", "ECU-A", "Zelda Quux", "L"), ("SYS.3.BP2", "ECU-A", "Yorick Vane", "P")])
    out = ok(capsys, "characterizations", "import", ecu, first, "--map", "assessor=Assessor")
    assert "Agreed: 1 cell" in out and "SYS.3.BP2 / ECU-A: Yorick Vane P, Zelda Quux L" in out
    ok(capsys, "decide", ecu, "SYS.3.BP2", "ECU-A", "L", "--why", "interfaces reviewed, one late")
    second = ratings_book(tmp_path / "ratings-2.xlsx", [
        ("SYS.3.BP1", "ECU-A", "Zelda Quux", "F"), ("SYS.3.BP1", "ECU-A", "Yorick Vane", "L"),
        ("SYS.3.BP2", "ECU-A", "Zelda Quux", "L"), ("SYS.3.BP2", "ECU-A", "Yorick Vane", "P")])
    out = ok(capsys, "characterizations", "import", ecu, second, "--map", "assessor=Assessor")
    assert "1 rating (Yorick Vane 1) changed, 1 cell changed" in out
    with Appraisal.open(ecu) as a:
        assert a.cells.all() == {"SYS.3.BP2": {"ECU-A": "L"}}  # the consensus stands; BP1 is pending now
        assert [c.describe() for c in a.assessors.pending()] == ["SYS.3.BP1 / ECU-A: Yorick Vane L, Zelda Quux F"]
