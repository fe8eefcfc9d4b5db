"""The bundled sample appraisal (sample_projects/acme-ml2) rates as its EXPECTED.md says.

Every assertion is on the rating the engine really computes from the sample's
sources, built the way `appraise demo` builds it.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from appraise.resources import bundled_dir
from appraise.services import Appraisal, build_sample

SAMPLE = "acme-ml2"
SOURCES = bundled_dir("sample_projects") / SAMPLE

DECIDED = "REQM SP 1.4"  # R2.3, team decision LI
# R2.5: NY in GAMMA, left out; the other two projects aggregate as shown.
R25 = {"REQM SP 1.3": ("LI", "R2.5 + R2.2"), "PMC SP 1.7": ("FI", "R2.5 + R2.1"),
       "CM SP 3.2": ("LI", "R2.5 + R2.2")}
# R2.2: FI and LI across the three projects, giving LI.
R22 = {"REQM SP 1.5", "REQM GP 2.5", "PP SP 1.4", "PP SP 2.2", "PP SP 2.5", "PP SP 3.2", "PMC SP 1.3",
       "PMC SP 1.4", "PMC SP 2.3", "MA SP 1.4", "MA SP 2.2", "MA GP 2.8", "PPQA SP 1.2", "PPQA SP 2.1",
       "CM SP 1.3", "CM GP 2.8"}

# The evidence index as designed: 430 rows; an artifact on many rows is one item.
ROWS, ARTIFACTS, AFFIRMATIONS, LINKS = 430, 102, 11, 518
CHARACTERIZATIONS = 324  # 108 practices (the ML2 areas but SAM) x 3 projects


@pytest.fixture
def appraisal(tmp_path: Path):
    with build_sample(SAMPLE, tmp_path / "s.appraisal", who="Lead appraiser") as a:
        yield a


def practices(rating: dict) -> dict[str, dict]:
    return {p["id"]: p for a in rating["process_areas"] for g in a["goals"] for p in g["practices"]}


def goal(rating: dict, goal_id: str) -> dict:
    return next(g for a in rating["process_areas"] for g in a["goals"] if g["id"] == goal_id)


def test_sample_reaches_maturity_level_2(appraisal: Appraisal) -> None:
    rating = appraisal.rate().to_dict()
    assert rating["maturity_level"] == 2
    assert rating["level_rule"].startswith("R5.1")
    assert rating["level_blocked_by"] == []
    assert rating["pending_decisions"] == [] and rating["stale_decisions"] == []
    areas = {a["id"]: a for a in rating["process_areas"]}
    assert list(areas) == ["REQM", "PP", "PMC", "SAM", "MA", "PPQA", "CM"]
    assert areas["SAM"]["rating"] == "not_applicable"
    assert areas["SAM"]["rule"].startswith("R4.2")
    for area_id, area in areas.items():
        if area_id == "SAM":
            continue
        assert area["rating"] == "satisfied", area_id
        assert all(g["rating"] == "satisfied" for g in area["goals"]), area_id


def test_r23_practice_is_decided_li_by_the_team(appraisal: Appraisal) -> None:
    p = practices(appraisal.rate().to_dict())[DECIDED]
    assert p["instances"] == {"ALPHA": "FI", "BETA": "PI", "GAMMA": "LI"}
    assert p["decided"] is True
    assert p["ou"] == "LI"
    assert p["options"] == ["LI", "PI"]
    assert p["rule"].startswith("R2.3")
    decided = [pid for pid, x in practices(appraisal.rate().to_dict()).items() if x["decided"]]
    assert decided == [DECIDED]


def test_r25_and_r22_cases(appraisal: Appraisal) -> None:
    by_id = practices(appraisal.rate().to_dict())
    for pid, (ou, rule) in R25.items():
        p = by_id[pid]
        assert p["instances"]["GAMMA"] == "NY", pid
        assert p["ou"] == ou and p["rule"].startswith(rule), (pid, p["ou"], p["rule"])
    ny = {pid for pid, p in by_id.items() if "NY" in p["instances"].values()}
    assert ny == set(R25)
    r22 = {pid for pid, p in by_id.items() if p["rule"].startswith("R2.2")}
    assert r22 == R22
    assert all(by_id[pid]["ou"] == "LI" for pid in r22)
    # everything else is R2.1 (all FI), apart from SAM, which is not characterized
    rest = {pid for pid, p in by_id.items() if not pid.startswith("SAM ")} - R22 - set(R25) - {DECIDED}
    assert all(by_id[pid]["ou"] == "FI" and by_id[pid]["rule"].startswith("R2.1") for pid in rest)


def test_evidence_index_and_characterizations_import(appraisal: Appraisal, tmp_path: Path) -> None:
    with Appraisal.create(tmp_path / "plan.appraisal", framework="cmmi-dev-1.3", representation="staged",
                          target=2, unit="Acme Payments", projects=["ALPHA", "BETA", "GAMMA"],
                          who="Lead appraiser") as fresh:
        plan = fresh.evidence.plan_import(SOURCES / "evidence-index.csv")
        assert plan.rows == ROWS
        assert plan.by_kind == {"artifact": ARTIFACTS, "affirmation": AFFIRMATIONS}
        assert len(plan.links) == LINKS
        assert plan.ignored_columns == []
    counts = appraisal.progress()
    assert counts["artifacts"] == ARTIFACTS
    assert counts["affirmations"] == AFFIRMATIONS
    assert counts["links"] == LINKS
    assert counts["characterized"] == CHARACTERIZATIONS
    assert counts["cells"] == CHARACTERIZATIONS  # SAM is not applicable: its cells are not owed
    assert counts["cells_with_artifact"] == CHARACTERIZATIONS - len(R25)


def test_sample_sources_are_consistent(appraisal: Appraisal) -> None:
    """Spreadsheet spellings normalize; no evidence, no FI; NY cells have no evidence; no names."""
    with (SOURCES / "evidence-index.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    typed = {r["Practice"] for r in rows}
    assert "REQM SP 1.1" in typed and "PMC SP1.1" in typed and "reqm.sp.1.1" in typed
    assert {r["Project"] for r in rows} == {"ALPHA", "BETA", "GAMMA", "*"}
    assert not any(r["Practice"].upper().startswith("SAM") for r in rows)
    assert all("2026-09-01" <= r["Date"] < "2026-11-20" for r in rows)
    for r in rows:
        if r["Kind"] == "affirmation":
            assert re.fullmatch(r"[A-Za-z ]+ interview, session \d+", r["Title"]), r["Title"]
        assert re.fullmatch(r"ATM-\d|LA", r["Collected by"]), r["Collected by"]

    cells = appraisal.store.evidence_cells()
    assert all(practice in appraisal.practices for practice, _ in cells)
    chars = appraisal.store.characterizations()
    for practice, by_project in chars.items():
        for project, value in by_project.items():
            kinds = cells.get((practice, project), set())
            if value == "NY":
                assert not kinds, (practice, project)
            else:
                assert "artifact" in kinds, (practice, project, value)


def test_pi_decision_makes_the_goal_unsatisfied_and_ml1(appraisal: Appraisal) -> None:
    appraisal.decisions.decide(DECIDED, "PI", "what-if: the BETA gap judged to undermine the practice", "Lead appraiser")
    rating = appraisal.rate().to_dict()
    p = practices(rating)[DECIDED]
    assert p["decided"] is True and p["ou"] == "PI"
    assert goal(rating, "REQM SG 1")["rating"] == "unsatisfied"
    assert goal(rating, "REQM SG 1")["rule"].startswith("R3.2")
    areas = {a["id"]: a["rating"] for a in rating["process_areas"]}
    assert areas["REQM"] == "unsatisfied"
    assert rating["maturity_level"] == 1
    assert rating["level_blocked_by"] == ["REQM SG 1"]


def test_without_the_decision_the_level_is_pending(tmp_path: Path) -> None:
    """The same sources with only the SAM decision: REQM SP 1.4 awaits the team, no level yet."""
    with Appraisal.create(tmp_path / "nd.appraisal", framework="cmmi-dev-1.3", representation="staged",
                          target=2, unit="Acme Payments", projects=["ALPHA", "BETA", "GAMMA"],
                          who="Lead appraiser") as a:
        a.evidence.import_plan(a.evidence.plan_import(SOURCES / "evidence-index.csv"), "Lead appraiser")
        a.cells.import_plan(a.cells.plan_import(SOURCES / "characterizations.csv"), "Lead appraiser")
        a.decisions.decide("SAM", "not_applicable", "no supplier agreements", "Lead appraiser")
        rating = a.rate().to_dict()
    assert rating["maturity_level"] is None
    assert rating["level_at_least"] == 1
    assert rating["level_blocked_by"] == ["REQM SG 1"]
    assert rating["pending_decisions"] == [
        {"target": DECIDED, "kind": "ou_characterization", "options": ["LI", "PI"]}]
    assert goal(rating, "REQM SG 1")["rating"] == "pending"
    assert practices(rating)[DECIDED]["ou"] is None
