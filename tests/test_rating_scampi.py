"""SCAMPI A v1.3 rules (shared/domain/scampi-v1.3.md), one test row per rule.

A tiny model keeps each case readable: two ML2 areas (AA; BB, which may be not
applicable), one ML3 area (CC), and generic goals GG 1-3 with one practice each.
"""

from __future__ import annotations

import pytest

from appraise.errors import UsageError
from appraise.framework import load_bundled, load_framework_text
from appraise.schemes.common import Decision
from appraise.schemes.scampi import rules as scampi

MODEL = """
schema: 1
id: tiny
title: Tiny model
scheme: scampi-1.3
representations: [staged, continuous]
maturity_levels: [1, 2, 3]
capability_levels: [0, 1, 2, 3]
scale:
  values:
    - {id: FI, title: Fully Implemented}
    - {id: LI, title: Largely Implemented}
    - {id: PI, title: Partially Implemented}
    - {id: NI, title: Not Implemented}
    - {id: NY, title: Not Yet}
equivalent_staging:
  - {maturity_level: 2, up_to_maturity_level: 2, capability_level: 2}
  - {maturity_level: 3, up_to_maturity_level: 3, capability_level: 3}
generic_goals:
  - {id: GG 1, title: Achieve, level: 1, representations: [continuous], practices: [{id: GP 1.1, title: Perform}]}
  - {id: GG 2, title: Managed, level: 2, practices: [{id: GP 2.1, title: Policy}]}
  - {id: GG 3, title: Defined, level: 3, practices: [{id: GP 3.1, title: Defined process}]}
process_areas:
  - id: AA
    title: Area A
    maturity_level: 2
    goals:
      - {id: SG 1, title: Goal one, practices: [{id: SP 1.1, title: First}, {id: SP 1.2, title: Second}]}
  - id: BB
    title: Area B
    maturity_level: 2
    may_be_not_applicable: true
    goals:
      - {id: SG 1, title: Goal one, practices: [{id: SP 1.1, title: First}]}
  - id: CC
    title: Area C
    maturity_level: 3
    goals:
      - {id: SG 1, title: Goal one, practices: [{id: SP 1.1, title: First}]}
"""

PROJECTS = ("P1", "P2", "P3")


@pytest.fixture(scope="module")
def tiny():
    return load_framework_text(MODEL, origin="tiny.yaml")


def scope(fw, representation="staged", target=2, areas=(), projects=PROJECTS):
    return scampi.make_scope(fw, representation, target, list(areas), list(projects))


def all_cells(fw, sc, value="FI"):
    return {p: {code: value for code in sc.projects} for p in scampi.practices_in_scope(fw, sc)}


# -- R2: organizational-unit aggregation, every row of the table -------------------------

@pytest.mark.parametrize("values, ou, options, rule", [
    (["FI", "FI", "FI"], "FI", (), "R2.1"),
    (["LI", "LI"], "LI", (), "R2.1"),
    (["PI", "PI", "PI"], "PI", (), "R2.1"),
    (["NI"], "NI", (), "R2.1"),
    (["FI", "LI", "FI"], "LI", (), "R2.2"),
    (["LI", "FI"], "LI", (), "R2.2"),
    (["FI", "PI"], None, ("LI", "PI"), "R2.3"),
    (["LI", "NI", "FI"], None, ("LI", "PI"), "R2.3"),
    (["FI", "LI", "PI", "NI"], None, ("LI", "PI"), "R2.3"),
    (["PI", "NI"], None, ("PI", "NI"), "R2.4"),
    (["NI", "PI", "PI"], None, ("PI", "NI"), "R2.4"),
    # R2.5: NY instantiations are left out, the other rows apply to the rest
    (["NY", "NY", "NY"], "NY", (), "R2.5"),
    (["NY", "FI", "FI"], "FI", (), "R2.1"),
    (["NY", "FI", "LI"], "LI", (), "R2.2"),
    (["NY", "LI", "PI"], None, ("LI", "PI"), "R2.3"),
    (["PI", "NY", "NI"], None, ("PI", "NI"), "R2.4"),
])
def test_aggregation_table(values, ou, options, rule):
    result = scampi.aggregate(values)
    assert result.value == ou
    assert result.options == options
    assert rule in result.rule
    if "NY" in values:
        assert result.rule.startswith("R2.5")


def test_aggregation_needs_instantiations():
    with pytest.raises(ValueError):
        scampi.aggregate([])


# -- scope -------------------------------------------------------------------------------

def test_staged_scope_brings_lower_levels_and_generic_goals(tiny):
    sc = scope(tiny, target=3)
    assert sc.areas == ("AA", "BB", "CC")
    practices = scampi.practices_in_scope(tiny, sc)
    assert "AA GP 2.1" in practices and "AA GP 3.1" in practices  # ML2 areas carry GG 3 at ML3
    assert "AA GP 1.1" not in practices  # GG 1 is continuous only
    assert scope(tiny, target=2).areas == ("AA", "BB")
    assert "AA GP 3.1" not in scampi.practices_in_scope(tiny, scope(tiny, target=2))


def test_continuous_scope_brings_gg1_up_to_target(tiny):
    sc = scope(tiny, "continuous", 2, ["AA"])
    assert sc.areas == ("AA",)
    assert scampi.practices_in_scope(tiny, sc) == ["AA SP 1.1", "AA SP 1.2", "AA GP 1.1", "AA GP 2.1"]


@pytest.mark.parametrize("representation, target, areas, message", [
    ("staged", 1, (), "maturity level"),
    ("staged", 4, (), "maturity level"),
    ("continuous", 0, ("AA",), "capability level"),
    ("continuous", 4, ("AA",), "capability level"),
    ("continuous", 2, ("ZZ",), "unknown process area"),
    ("staged", 2, ("AA",), "covers every process area"),
])
def test_scope_refuses_what_the_model_does_not_define(tiny, representation, target, areas, message):
    with pytest.raises(UsageError, match=message):
        scampi.make_scope(tiny, representation, target, list(areas), list(PROJECTS))


def test_cmmi_staged_ml3_scope_counts():
    cmmi = load_bundled("cmmi-dev-1.3")
    sc = scampi.make_scope(cmmi, "staged", 3, [], ["A"])
    assert len(sc.areas) == 18
    practices = scampi.practices_in_scope(cmmi, sc)
    sps = [p for p in practices if " SP " in p]
    gps = [p for p in practices if " GP " in p]
    assert len(gps) == 18 * 12  # GP 2.1-2.10 and GP 3.1-3.2 in every area
    assert "REQM GP 3.2" in gps and "REQM GP 1.1" not in gps
    # ML2: REQM 5, PP 14, PMC 10, SAM 6, MA 8, PPQA 4, CM 7
    # ML3: RD 10, TS 8, PI 9, VER 8, VAL 5, OPF 9, OPD 7, OT 7, IPM 10, RSKM 7, DAR 6
    assert len(sps) == (5 + 14 + 10 + 6 + 8 + 4 + 7) + (10 + 8 + 9 + 8 + 5 + 9 + 7 + 7 + 10 + 7 + 6)
    ml5 = scampi.practices_in_scope(cmmi, scampi.make_scope(cmmi, "staged", 5, [], ["A"]))
    assert len(ml5) == 167 + 22 * 12 == 431


# -- R3: goals -----------------------------------------------------------------------------

def test_goal_satisfied_when_every_practice_fi_or_li(tiny):
    sc = scope(tiny)
    cells = all_cells(tiny, sc)
    cells["AA SP 1.1"] = {"P1": "LI", "P2": "FI", "P3": "FI"}
    result = scampi.rate(tiny, sc, cells)
    goal = result.areas[0].goals[0]
    assert goal.id == "AA SG 1" and goal.rating == "satisfied" and goal.rule.startswith("R3.1")
    assert goal.blocked_by == []


def test_goal_unsatisfied_when_a_practice_is_pi_or_ni(tiny):
    sc = scope(tiny)
    cells = all_cells(tiny, sc)
    cells["AA SP 1.2"] = {"P1": "PI", "P2": "PI", "P3": "PI"}
    goal = scampi.rate(tiny, sc, cells).areas[0].goals[0]
    assert goal.rating == "unsatisfied"
    assert goal.rule.startswith("R3.2")
    assert goal.blocked_by == ["AA SP 1.2"]


def test_goal_unsatisfied_by_team_judgment_of_weaknesses(tiny):
    sc = scope(tiny)
    cells = all_cells(tiny, sc)
    cells["AA SP 1.2"] = {"P1": "LI", "P2": "FI", "P3": "LI"}
    basis = scampi.decision_basis(tiny, sc, "AA SG 1", cells)
    assert basis == {"AA SP 1.1": "FI", "AA SP 1.2": "LI"}
    decisions = [Decision("goal_weakness", "AA SG 1", "unsatisfied", "weaknesses significant", basis)]
    goal = scampi.rate(tiny, sc, cells, decisions).areas[0].goals[0]
    assert goal.rating == "unsatisfied" and "significant" in goal.rule
    # a later decision withdrawing the judgement stands instead
    decisions.append(Decision("goal_weakness", "AA SG 1", "not_significant", "reconsidered", basis))
    assert scampi.rate(tiny, sc, cells, decisions).areas[0].goals[0].rating == "satisfied"


def test_goal_judgement_stands_only_while_its_practices_do(tiny):
    sc = scope(tiny)
    cells = all_cells(tiny, sc)
    cells["AA SP 1.2"] = {"P1": "LI", "P2": "FI", "P3": "LI"}
    basis = scampi.decision_basis(tiny, sc, "AA SG 1", cells)
    decision = Decision("goal_weakness", "AA SG 1", "unsatisfied", "weaknesses significant", basis)
    cells["AA SP 1.2"] = {"P1": "FI", "P2": "FI", "P3": "FI"}  # the weakness was fixed
    result = scampi.rate(tiny, sc, cells, [decision])
    assert result.areas[0].goals[0].rating == "satisfied"
    assert result.stale_decisions == [{"target": "AA SG 1", "kind": "goal_weakness", "value": "unsatisfied",
                                       "why": "its practices' characterizations changed since the judgement"}]
    assert result.pending_decisions == []
    # a further weakness instead: the old judgement does not hold, and the tool does not judge for the team
    cells["AA SP 1.1"] = {"P1": "LI", "P2": "FI", "P3": "FI"}
    cells["AA SP 1.2"] = {"P1": "LI", "P2": "FI", "P3": "LI"}
    result = scampi.rate(tiny, sc, cells, [decision])
    goal = result.areas[0].goals[0]
    assert goal.rating == "pending" and goal.rule.startswith("R3.3") and "judge them again" in goal.rule
    assert result.pending_decisions == [{"target": "AA SG 1", "kind": "goal_weakness",
                                         "options": ["unsatisfied", "not_significant"]}]
    assert result.maturity_level is None


def test_an_old_judgement_without_basis_needs_a_weakness_to_stand(tiny):
    """A judgement recorded before decisions kept their basis stops applying once every practice is FI."""
    sc = scope(tiny)
    old = Decision("goal_weakness", "AA SG 1", "unsatisfied", "recorded by an earlier version")
    result = scampi.rate(tiny, sc, all_cells(tiny, sc), [old])
    assert result.areas[0].goals[0].rating == "satisfied"
    assert result.stale_decisions[0]["target"] == "AA SG 1"


def test_not_applicable_area_asks_nothing(tiny):
    """Partial data in an area the team ruled out: no pending decisions, no decisions offered."""
    sc = scope(tiny)
    cells = all_cells(tiny, sc)
    cells["BB SP 1.1"] = {"P1": "FI", "P2": "PI", "P3": "FI"}
    na = [Decision("not_applicable", "BB", "not_applicable", "no suppliers")]
    result = scampi.rate(tiny, sc, cells, na)
    assert result.areas[1].rating == "not_applicable"
    assert {g.rating for g in result.areas[1].goals} == {"not_applicable"}
    assert result.pending_decisions == [] and result.maturity_level == 2
    with pytest.raises(UsageError, match="BB is not applicable"):
        scampi.decision_options(tiny, sc, "BB SP 1.1", cells, na)


def test_goal_not_rated_while_a_cell_is_missing(tiny):
    sc = scope(tiny)
    cells = all_cells(tiny, sc)
    del cells["AA SP 1.1"]["P2"]
    result = scampi.rate(tiny, sc, cells)
    practice = result.areas[0].goals[0].practices[0]
    assert practice.missing == ("P2",) and practice.ou is None and practice.instances["P2"] is None
    goal = result.areas[0].goals[0]
    assert goal.rating == "not_rated" and goal.rule.startswith("R3.3") and goal.blocked_by == ["AA SP 1.1"]
    assert result.areas[0].rating == "not_rated"
    assert result.maturity_level is None


def test_goal_not_rated_when_practice_is_ny_at_ou(tiny):
    sc = scope(tiny)
    cells = all_cells(tiny, sc)
    cells["AA SP 1.1"] = {"P1": "NY", "P2": "NY", "P3": "NY"}
    goal = scampi.rate(tiny, sc, cells).areas[0].goals[0]
    assert goal.rating == "not_rated" and goal.blocked_by == ["AA SP 1.1"]


def test_not_rated_is_decided_before_unsatisfied(tiny):
    sc = scope(tiny)
    cells = all_cells(tiny, sc)
    cells["AA SP 1.1"] = {"P1": "NI"}
    cells["AA SP 1.2"] = {"P1": "NI", "P2": "NI", "P3": "NI"}
    goal = scampi.rate(tiny, sc, cells).areas[0].goals[0]
    assert goal.rating == "not_rated" and goal.blocked_by == ["AA SP 1.1"]


# -- team decisions on the OU characterization -----------------------------------------------

def test_choice_stays_pending_until_the_team_decides(tiny):
    sc = scope(tiny)
    cells = all_cells(tiny, sc)
    cells["AA SP 1.1"] = {"P1": "FI", "P2": "PI", "P3": "LI"}
    result = scampi.rate(tiny, sc, cells)
    practice = result.areas[0].goals[0].practices[0]
    assert (practice.ou, practice.options, practice.decided) == (None, ("LI", "PI"), False)
    assert result.areas[0].goals[0].rating == "pending"
    assert result.areas[0].rating == "pending"
    assert result.maturity_level is None
    assert result.pending_decisions == [{"target": "AA SP 1.1", "kind": "ou_characterization",
                                         "options": ["LI", "PI"]}]

    decided = scampi.rate(tiny, sc, cells, [Decision("ou_characterization", "AA SP 1.1", "LI", "minor")])
    practice = decided.areas[0].goals[0].practices[0]
    assert (practice.ou, practice.decided) == ("LI", True)
    assert decided.pending_decisions == []
    assert decided.maturity_level == 2

    as_pi = scampi.rate(tiny, sc, cells, [Decision("ou_characterization", "AA SP 1.1", "PI", "major gap")])
    assert as_pi.areas[0].goals[0].rating == "unsatisfied"
    assert as_pi.maturity_level == 1


def test_decision_no_longer_offered_is_stale_and_ignored(tiny):
    sc = scope(tiny)
    cells = all_cells(tiny, sc)
    cells["AA SP 1.1"] = {"P1": "PI", "P2": "NI", "P3": "PI"}  # now R2.4: PI or NI
    result = scampi.rate(tiny, sc, cells, [Decision("ou_characterization", "AA SP 1.1", "LI", "old")])
    practice = result.areas[0].goals[0].practices[0]
    assert practice.ou is None and practice.options == ("PI", "NI")
    assert result.stale_decisions[0]["target"] == "AA SP 1.1"
    assert result.pending_decisions[0]["options"] == ["PI", "NI"]


def test_decision_options_are_what_the_table_leaves_open(tiny):
    sc = scope(tiny)
    cells = all_cells(tiny, sc)
    cells["AA SP 1.1"] = {"P1": "FI", "P2": "NI", "P3": "FI"}
    kind, options, rule = scampi.decision_options(tiny, sc, "AA SP 1.1", cells)
    assert (kind, options) == ("ou_characterization", ("LI", "PI")) and rule.startswith("R2.3")
    with pytest.raises(UsageError, match="needs no team decision"):
        scampi.decision_options(tiny, sc, "AA SP 1.2", cells)
    del cells["AA SP 1.2"]["P3"]
    with pytest.raises(UsageError, match="not characterized in P3"):
        scampi.decision_options(tiny, sc, "AA SP 1.2", cells)
    with pytest.raises(UsageError, match=r"AA SG 1 is not rated by its practices \(AA SP 1.2\)"):
        scampi.decision_options(tiny, sc, "AA SG 1", cells)  # AA SP 1.2 lacks P3
    with pytest.raises(UsageError, match="every practice of BB SG 1 is FI"):
        scampi.decision_options(tiny, sc, "BB SG 1", cells)  # no weaknesses to judge
    cells["BB SP 1.1"] = {"P1": "FI", "P2": "LI", "P3": "FI"}
    assert scampi.decision_options(tiny, sc, "BB SG 1", cells)[1] == ("unsatisfied", "not_significant")
    assert scampi.decision_options(tiny, sc, "BB", cells)[0] == "not_applicable"
    with pytest.raises(UsageError, match="only BB may be rated not applicable"):
        scampi.decision_options(tiny, sc, "AA", cells)
    with pytest.raises(UsageError, match="not in this appraisal's scope"):
        scampi.decision_options(tiny, sc, "CC SP 1.1", cells)


# -- R4, R5: process areas and maturity level --------------------------------------------------

def test_all_satisfied_reaches_the_target(tiny):
    sc = scope(tiny, target=3)
    result = scampi.rate(tiny, sc, all_cells(tiny, sc))
    assert [a.rating for a in result.areas] == ["satisfied"] * 3
    assert result.maturity_level == 3 and result.maturity.rule.startswith("R5.1")
    assert all(a.rule.startswith("R4.1") for a in result.areas)


def test_not_applicable_area_does_not_block_the_level(tiny):
    sc = scope(tiny)
    cells = all_cells(tiny, sc)
    for p in ("BB SP 1.1", "BB GP 2.1"):
        del cells[p]
    assert scampi.rate(tiny, sc, cells).maturity_level is None
    result = scampi.rate(tiny, sc, cells, [Decision("not_applicable", "BB", "not_applicable", "no suppliers")])
    assert result.areas[1].rating == "not_applicable" and result.areas[1].rule.startswith("R4.2")
    assert result.maturity_level == 2
    # "applicable" later withdraws it
    again = scampi.rate(tiny, sc, cells, [Decision("not_applicable", "BB", "not_applicable", "x"),
                                          Decision("not_applicable", "BB", "applicable", "suppliers after all")])
    assert again.areas[1].rating == "not_rated"


def test_ml3_target_can_result_in_ml2(tiny):
    """R5.2: the ML2 areas need only their SGs and GG 2 for ML2."""
    sc = scope(tiny, target=3)
    cells = all_cells(tiny, sc)
    cells["AA GP 3.1"] = {"P1": "NI", "P2": "NI", "P3": "NI"}
    result = scampi.rate(tiny, sc, cells)
    assert result.areas[0].rating == "unsatisfied"
    assert result.areas[0].blocked_by == ["AA GG 3"]
    assert result.maturity_level == 2
    assert result.maturity.blocked_by == ["AA GG 3"]


def test_unsatisfied_ml2_area_gives_ml1(tiny):
    sc = scope(tiny, target=3)
    cells = all_cells(tiny, sc)
    cells["AA GP 2.1"] = {"P1": "NI", "P2": "PI", "P3": "NI"}
    result = scampi.rate(tiny, sc, cells, [Decision("ou_characterization", "AA GP 2.1", "NI", "no policy")])
    assert result.maturity_level == 1
    assert "AA GG 2" in result.maturity.blocked_by


def test_unsatisfied_area_wins_over_not_rated_goal(tiny):
    sc = scope(tiny)
    cells = all_cells(tiny, sc)
    cells["AA SP 1.1"] = {"P1": "NI", "P2": "NI", "P3": "NI"}
    del cells["AA GP 2.1"]
    area = scampi.rate(tiny, sc, cells).areas[0]
    assert area.rating == "unsatisfied" and area.blocked_by == ["AA SG 1"]


def test_level_is_null_while_a_decision_it_depends_on_is_pending(tiny):
    sc = scope(tiny, target=3)
    cells = all_cells(tiny, sc)
    cells["CC SP 1.1"] = {"P1": "LI", "P2": "PI", "P3": "LI"}
    result = scampi.rate(tiny, sc, cells)
    assert result.maturity_level is None
    assert result.maturity.at_least == 2
    assert result.maturity.blocked_by == ["CC SG 1"]
    assert result.to_dict()["maturity_level"] is None


# -- R6: capability levels and equivalent staging -----------------------------------------------

def test_capability_levels(tiny):
    sc = scope(tiny, "continuous", 3, ["AA", "BB", "CC"])
    cells = all_cells(tiny, sc)
    cells["BB GP 3.1"] = {"P1": "NI", "P2": "NI", "P3": "NI"}   # BB: CL 2
    cells["CC GP 2.1"] = {"P1": "PI", "P2": "PI", "P3": "PI"}   # CC: CL 1
    result = scampi.rate(tiny, sc, cells)
    levels = {a.id: a.capability_level for a in result.areas}
    assert levels == {"AA": 3, "BB": 2, "CC": 1}
    assert all(a.capability_rule.startswith("R6.1") for a in result.areas)
    cells["AA GP 1.1"] = {"P1": "NI", "P2": "NI", "P3": "NI"}   # GG 1 unsatisfied: CL 0
    assert scampi.rate(tiny, sc, cells).areas[0].capability_level == 0


def test_capability_level_unknown_while_cells_missing(tiny):
    sc = scope(tiny, "continuous", 3, ["AA"])
    cells = all_cells(tiny, sc)
    del cells["AA GP 3.1"]
    area = scampi.rate(tiny, sc, cells).areas[0]
    assert area.capability_level is None and area.capability_at_least == 2
    assert area.blocked_by == ["AA GG 3"]


def test_equivalent_staging(tiny):
    sc = scope(tiny, "continuous", 3, ["AA", "BB", "CC"])
    cells = all_cells(tiny, sc)
    full = scampi.rate(tiny, sc, cells)
    assert full.equivalent_maturity_level == 3 and full.maturity_level is None
    assert full.equivalent.rule.startswith("R6.2")
    cells["CC GP 3.1"] = {"P1": "NI", "P2": "NI", "P3": "NI"}   # CC at CL 2: ML3 needs CL 3
    result = scampi.rate(tiny, sc, cells)
    assert result.equivalent_maturity_level == 2
    assert result.equivalent.blocked_by == ["CC (CL 2)"]
    cells["AA GP 2.1"] = {"P1": "NI", "P2": "NI", "P3": "NI"}   # AA at CL 1: ML2 needs CL 2
    assert scampi.rate(tiny, sc, cells).equivalent_maturity_level == 1


@pytest.mark.parametrize("target, level", [(1, 1), (2, 2)])
def test_equivalent_staging_stops_at_the_target(tiny, target, level):
    """Levels needing a CL above the appraisal's target are not blamed on the areas."""
    sc = scope(tiny, "continuous", target, ["AA", "BB", "CC"])
    result = scampi.rate(tiny, sc, all_cells(tiny, sc))
    assert result.equivalent_maturity_level == level
    assert result.equivalent.blocked_by == []
    assert "beyond this appraisal's target" in result.equivalent.rule


def test_continuous_area_keeps_its_own_blockers(tiny):
    sc = scope(tiny, "continuous", 3, ["AA"])
    cells = all_cells(tiny, sc)
    del cells["AA SP 1.1"]["P1"]
    cells["AA GP 3.1"] = {"P1": "NI", "P2": "NI", "P3": "NI"}
    area = scampi.rate(tiny, sc, cells).areas[0]
    assert area.rating == "unsatisfied" and area.blocked_by == ["AA GG 3"]
    assert area.capability_level is None and area.capability_blocked_by == ["AA SG 1"]


def test_equivalent_staging_needs_every_area_in_scope(tiny):
    sc = scope(tiny, "continuous", 3, ["AA"])
    result = scampi.rate(tiny, sc, all_cells(tiny, sc))
    assert result.equivalent_maturity_level == 1
    assert result.equivalent.blocked_by == ["BB (not in scope)"]


def test_json_shape(tiny):
    sc = scope(tiny)
    cells = all_cells(tiny, sc)
    cells["AA SP 1.2"] = {"P1": "FI", "P2": "LI", "P3": "FI"}
    data = scampi.rate(tiny, sc, cells).to_dict()
    assert data["framework"] == "tiny" and data["representation"] == "staged" and data["target"] == 2
    assert data["maturity_level"] == 2 and data["equivalent_maturity_level"] is None
    pa = data["process_areas"][0]
    assert set(pa) >= {"id", "rating", "capability_level", "rule", "blocked_by", "goals"}
    goal = pa["goals"][0]
    assert set(goal) >= {"id", "rating", "rule", "blocked_by", "practices"}
    practice = goal["practices"][1]
    assert practice == {"id": "AA SP 1.2", "instances": {"P1": "FI", "P2": "LI", "P3": "FI"}, "ou": "LI",
                        "options": [], "decided": False, "rule": practice["rule"], "missing": []}
    assert practice["rule"].startswith("R2.2")
    assert data["pending_decisions"] == []


def test_decision_stands_only_while_its_basis_does(tiny):
    """A decision made on FI/PI/LI no longer applies once a value changes, even to one with the same options."""
    sc = scope(tiny)
    cells = all_cells(tiny, sc)
    cells["AA SP 1.1"] = {"P1": "FI", "P2": "PI", "P3": "LI"}
    decision = Decision("ou_characterization", "AA SP 1.1", "LI", "minor", basis={"P1": "FI", "P2": "PI", "P3": "LI"})
    assert scampi.rate(tiny, sc, cells, [decision]).areas[0].goals[0].practices[0].ou == "LI"
    cells["AA SP 1.1"] = {"P1": "FI", "P2": "NI", "P3": "LI"}  # still R2.3, but not what was decided on
    result = scampi.rate(tiny, sc, cells, [decision])
    practice = result.areas[0].goals[0].practices[0]
    assert (practice.ou, practice.decided) == (None, False)
    assert result.stale_decisions[0]["target"] == "AA SP 1.1"
    assert result.pending_decisions[0]["target"] == "AA SP 1.1"
