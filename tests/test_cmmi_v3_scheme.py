"""The cmmi-appraisal scheme through the ``Scheme`` protocol: scope, plan, refusals, decisions, the roll-up
and its JSON (issue 12, item 5), on small made-up models (tests/v3_models.py: ALP BRV CHA core, STE and ADO
per process in the role of GOV and II, DOA in the made-up domain Dom1)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import pytest
from markdown_tables import rows_with
from v3_models import v3_model

from appraise.errors import FrameworkError, UsageError
from appraise.framework.model import Framework
from appraise.schemes import SCHEMES, CellFacts, Decision, Scope, scheme_for, scheme_view
from appraise.schemes.cmmi_appraisal.plan import PLAN_KEY, plan_of

SCHEME = SCHEMES["cmmi-appraisal"]
UNITS = ("P1", "P2")


def appraisal(representation: str = "maturity", target: int = 3, projects: Sequence[str] = UNITS,
              model: Framework | None = None, areas: Sequence[str] = (), **options: Any) -> tuple[Framework, Scope]:
    """A new appraisal's specialized model and scope, as ``appraise new`` makes them."""
    model = model or v3_model()
    SCHEME.check_framework(model)
    scope = SCHEME.make_scope(model, representation, target, areas, projects, options)
    return SCHEME.specialize(model, scope), scope


def revised(framework: Framework, scope: Scope, change: Mapping[str, Any]) -> tuple[Framework, Scope, tuple]:
    """The scope after a revision (the settings written, the cells specialized again)."""
    revision = SCHEME.revise_scope(framework, scope, change)
    settings = {**scope.settings, **revision.settings}
    new = Scope(scope.representation, scope.target, scope.areas, scope.projects, settings=settings)
    return SCHEME.specialize(framework, new), new, revision.lines


def characterized(framework: Framework, scope: Scope, value: str = "FM",
                  **cells: Mapping[str, str]) -> dict[str, dict[str, str]]:
    """Every cell the method takes a value in set to ``value``, then ``cells`` ({practice: {unit: value}})."""
    why = SCHEME.refusal(framework, scope, [])
    out = {p: {u: value for u in scope.projects if why(p, u) is None}
           for p in SCHEME.practices_in_scope(framework, scope)}
    for practice, values in cells.items():
        out.setdefault(practice, {}).update(values)
    return out


def rate(framework: Framework, scope: Scope, chars: Mapping[str, Mapping[str, str]],
         decisions: Sequence[Decision] = ()) -> dict[str, Any]:
    return SCHEME.rate(framework, scope, chars, decisions).to_dict()


def decide(framework: Framework, scope: Scope, chars: Mapping[str, Mapping[str, str]], target: str, value: str,
           decisions: Sequence[Decision] = ()) -> Decision:
    """A decision as the services record it: checked against the options, with what it rests on."""
    canonical = SCHEME.resolve_target(framework, scope, chars, decisions, target)
    assert canonical is not None
    kind, options, _rule = SCHEME.decision_options(framework, scope, canonical, chars, decisions)
    assert value in options
    basis = SCHEME.decision_basis(framework, scope, canonical, chars, decisions)
    return Decision(kind, canonical, value, "team consensus", json.loads(json.dumps(basis)))


def area_of(data: dict[str, Any], area: str) -> dict[str, Any]:
    return next(a for a in data["practice_areas"] if a["id"] == area)


def group_of(data: dict[str, Any], group: str) -> dict[str, Any]:
    return next(g for a in data["practice_areas"] for g in a["practice_groups"] if g["id"] == group)


def practice_of(data: dict[str, Any], practice: str) -> dict[str, Any]:
    return next(p for a in data["practice_areas"] for g in a["practice_groups"] for p in g["practices"]
                if p["id"] == practice)


# -- scope -----------------------------------------------------------------------------------------

def test_the_scheme_is_registered_and_takes_its_models() -> None:
    model = v3_model()
    assert scheme_for(model) is SCHEME
    assert scheme_view("cmmi-appraisal").profile == "bricks"
    assert scheme_view("cmmi-appraisal").words.goals_title == "Practice groups"


def test_a_maturity_scope_is_core_plus_the_chosen_domains_at_the_target_capped_at_each_top() -> None:
    framework, scope = appraisal(target=3, support_functions=["QA"], area_targets={"ALP": 2})
    plan = plan_of(scope)
    assert scope.areas == ("ALP", "BRV", "CHA", "STE", "ADO")  # DOA's domain was not chosen
    assert plan.area_targets == {"ALP": 2, "BRV": 2, "CHA": 3, "STE": 3, "ADO": 3}  # BRV stops at level 2
    assert scope.projects == ("P1", "P2", "QA")
    assert [(u.code, u.kind) for u in plan.units] == [("P1", "project"), ("P2", "project"),
                                                      ("QA", "support_function")]
    assert plan.processes == ("All processes",)
    _fw, with_domain = appraisal(domains=["dom1"])
    assert "DOA" in with_domain.areas and plan_of(with_domain).domains == ("Dom1",)


def test_practices_in_scope_stop_at_the_target_and_ii_gov_come_per_process() -> None:
    framework, scope = appraisal(target=2, processes=["Delivery", "Support"])
    practices = SCHEME.practices_in_scope(framework, scope)
    assert "ALP 2.2" in practices and "ALP 3.1" not in practices  # V4.2: only up to the target
    assert "STE 1.1" not in practices
    assert practices[practices.index("STE 1.1 @ Delivery"):][:2] == ["STE 1.1 @ Delivery", "STE 1.1 @ Support"]
    cell = framework.practice("STE 2.1 @ Support")
    assert (cell.base, cell.process, cell.area) == ("STE 2.1", "Support", "STE")
    assert framework.cell_of("STE 2.1", "support") == "STE 2.1 @ Support"


@pytest.mark.parametrize(("representation", "target", "options", "message"), [
    ("capability", 4, {}, "V6.1"),
    ("capability", 3, {"domains": ["Dom1"]}, "capability appraisal takes every practice area"),
    ("maturity", 3, {"domains": ["Nope"]}, "'Nope' is not a domain"),
    ("maturity", 3, {"area_targets": {"BRV": 3}}, "BRV has practice groups up to level 2"),
    ("maturity", 3, {"benchmark_level": 3}, "only a sustainment"),
    ("maturity", 3, {"appraisal_type": "audit"}, "not an appraisal type"),
    ("maturity", 3, {"support_functions": ["P1"]}, "named twice"),
    ("maturity", 3, {"phase2_start": "next week"}, "is not a date"),
    ("staged", 3, {}, "not 'staged'"),
])
def test_a_scope_the_method_does_not_allow_is_refused_with_its_reason(representation: str, target: int,
                                                                     options: dict[str, Any], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        appraisal(representation, target, **options)


def test_the_values_an_appraisal_takes_depend_on_its_type() -> None:
    assert SCHEME.allowed_values(*appraisal()) == ("FM", "LM", "PM", "DM", "NY", "NC")
    assert SCHEME.allowed_values(*appraisal(appraisal_type="evaluation")) == ("L", "M", "H", "NY", "NC")


# -- the roll-up's JSON ------------------------------------------------------------------------------

def test_rate_gives_the_issue_s_json_keys() -> None:
    framework, scope = appraisal(target=3, processes=["Delivery", "Support"], support_functions=["QA"])
    data = rate(framework, scope, characterized(framework, scope))
    assert {"framework", "scheme", "method_version", "appraisal_type", "representation", "target",
            "maturity_level", "capability_profile", "practice_areas", "pending_decisions"} <= set(data)
    assert (data["scheme"], data["method_version"], data["appraisal_type"], data["target"]) == \
        ("cmmi-appraisal", "3.0", "benchmark", 3)
    assert data["maturity_level"] == 3 and data["capability_profile"] is None
    alp = area_of(data, "ALP")
    assert {"id", "target", "rating", "rule", "blocked_by", "practice_groups"} <= set(alp)
    assert (alp["target"], alp["rating"]) == (3, 3) and alp["rule"].startswith("V4.2")
    group = alp["practice_groups"][1]
    assert {"id", "level", "rating", "rule", "blocked_by", "practices"} <= set(group)
    assert (group["id"], group["level"], group["rating"]) == ("ALP L2", 2, "satisfied")
    practice = group["practices"][0]
    assert {"id", "instances", "ou", "options", "decided", "rule"} <= set(practice)
    assert "processes" not in practice
    assert practice == {**practice, "id": "ALP 2.1", "instances": {"P1": "FM", "P2": "FM", "QA": "FM"},
                        "ou": "FM", "options": [], "decided": False}
    assert practice["rule"].startswith("V2.1")
    ste = practice_of(data, "STE 2.1")
    assert set(ste["processes"]) == {"Delivery", "Support"}
    assert ste["processes"]["Support"]["instances"] == {"P1": "FM", "P2": "FM", "QA": "FM"}
    assert ste["ou"] == "FM" and ste["rule"].startswith("V7.4")
    json.dumps(data)  # plain data


def test_an_ou_choice_is_pending_with_its_options_until_decided() -> None:
    framework, scope = appraisal(target=2)
    chars = characterized(framework, scope, **{"ALP 2.1": {"P2": "PM", "P3": "DM"}})  # P3: no unit here
    data = rate(framework, scope, chars)
    practice = practice_of(data, "ALP 2.1")
    # FM + PM over two units: PM is half of them, so V2.9 forces PM; add a unit to leave the team a choice
    assert (practice["ou"], practice["options"]) == ("PM", [])
    assert "V2.9" in practice["rule"]
    framework, scope = appraisal(target=2, projects=("P1", "P2", "P3"))
    chars = characterized(framework, scope, **{"ALP 2.1": {"P2": "PM"}})
    data = rate(framework, scope, chars)
    practice = practice_of(data, "ALP 2.1")
    assert (practice["ou"], practice["options"], practice["decided"]) == (None, ["LM", "PM"], False)
    assert practice["rule"].startswith("V2.4")
    assert {"target": "ALP 2.1", "kind": "ou_characterization", "options": ["LM", "PM"]}.items() <= \
        data["pending_decisions"][0].items()
    assert area_of(data, "ALP")["rating"] is None and data["maturity_level"] is None
    decision = decide(framework, scope, chars, "alp 2.1", "LM")
    assert decision.basis == {"P1": "FM", "P2": "PM", "P3": "FM"}
    data = rate(framework, scope, chars, [decision])
    practice = practice_of(data, "ALP 2.1")
    assert (practice["ou"], practice["decided"]) == ("LM", True)
    assert data["pending_decisions"] == [{"target": "ALP L2", "kind": "practice_group",
                                          "options": ["satisfied", "unsatisfied"],
                                          "rule": group_of(data, "ALP L2")["rule"]}]


def test_a_decision_no_longer_stands_once_a_value_it_rests_on_changes() -> None:
    framework, scope = appraisal(target=2, projects=("P1", "P2", "P3"))
    chars = characterized(framework, scope, **{"ALP 2.1": {"P2": "PM"}})
    decision = decide(framework, scope, chars, "ALP 2.1", "PM")
    assert practice_of(rate(framework, scope, chars, [decision]), "ALP 2.1")["ou"] == "PM"
    chars["ALP 2.1"]["P3"] = "LM"
    data = rate(framework, scope, chars, [decision])
    practice = practice_of(data, "ALP 2.1")
    assert (practice["ou"], practice["decided"]) == (None, False)
    assert data["stale_decisions"][0]["target"] == "ALP 2.1"
    chars["ALP 2.1"]["P2"] = "FM"  # the table decides now: the decision is left over
    data = rate(framework, scope, chars, [decision])
    assert practice_of(data, "ALP 2.1")["ou"] == "LM"
    assert "the table now gives LM" in data["stale_decisions"][0]["why"]
    with pytest.raises(UsageError, match="needs no team decision"):
        SCHEME.decision_options(framework, scope, "ALP 2.1", chars, [])


def test_a_practice_group_with_lm_practices_asks_the_team_and_takes_its_judgment() -> None:
    framework, scope = appraisal(target=2)
    chars = characterized(framework, scope, **{"ALP 2.2": {"P1": "LM"}})
    data = rate(framework, scope, chars)
    group = group_of(data, "ALP L2")
    assert (group["rating"], group["options"]) == ("pending", ["satisfied", "unsatisfied"])
    assert group["rule"].startswith("V3.2")
    assert area_of(data, "ALP")["blocked_by"] == ["ALP L2"]
    for text in ("ALP L2", "alp l2", "ALP 2"):
        assert SCHEME.resolve_target(framework, scope, chars, [], text) == "ALP L2"
    kind, options, _rule = SCHEME.decision_options(framework, scope, "ALP L2", chars, [])
    assert (kind, options) == ("practice_group", ("satisfied", "unsatisfied"))
    judged = decide(framework, scope, chars, "ALP 2", "unsatisfied")
    assert judged.basis == {"ALP 2.1": "FM", "ALP 2.2": "LM"}
    data = rate(framework, scope, chars, [judged])
    assert (group_of(data, "ALP L2")["rating"], area_of(data, "ALP")["rating"]) == ("unsatisfied", 1)
    assert area_of(data, "ALP")["blocked_by"] == ["ALP L2"]
    data = rate(framework, scope, chars, [decide(framework, scope, chars, "ALP L2", "satisfied")])
    assert area_of(data, "ALP")["rating"] == 2
    with pytest.raises(UsageError, match="asks for no judgment"):
        SCHEME.decision_options(framework, scope, "BRV L2", chars, [])
    chars["ALP 2.2"]["P1"] = "FM"  # no weakness left to judge: the judgment is left over
    data = rate(framework, scope, chars, [judged])
    assert group_of(data, "ALP L2")["rating"] == "satisfied"
    assert data["stale_decisions"][0]["target"] == "ALP L2"


def test_a_practice_area_is_rated_the_highest_level_whose_groups_are_all_satisfied() -> None:
    framework, scope = appraisal(target=3)
    chars = characterized(framework, scope, **{"ALP 3.1": {"P1": "DM", "P2": "DM"}})
    data = rate(framework, scope, chars)
    alp = area_of(data, "ALP")
    assert (alp["rating"], alp["blocked_by"]) == (2, ["ALP L3"])  # G7, V4.2
    assert group_of(data, "ALP L3")["rating"] == "unsatisfied"
    assert area_of(data, "BRV")["rating"] == 2  # capped at its top group
    chars = characterized(framework, scope, **{"CHA 1.2": {"P2": "NC"}})
    data = rate(framework, scope, chars)
    assert group_of(data, "CHA L1")["rating"] == "not_rated"  # V3.4
    assert area_of(data, "CHA")["rating"] == "not_rated"  # V4.3
    assert data["maturity_level"] == 1 and "CHA" in data["level_blocked_by"]


def test_the_maturity_level_needs_every_area_ii_and_gov_included() -> None:
    framework, scope = appraisal(target=3)
    data = rate(framework, scope, characterized(framework, scope))
    assert data["maturity_level"] == 3
    chars = characterized(framework, scope, **{"STE 3.1 @ All processes": {"P1": "PM", "P2": "PM"}})
    data = rate(framework, scope, chars)
    assert area_of(data, "STE")["rating"] == 2
    assert (data["maturity_level"], data["level_blocked_by"]) == (2, ["STE"])  # M1: GOV below 3 blocks ML3
    chars = characterized(framework, scope, **{"ADO 2.1 @ All processes": {"P1": "DM", "P2": "DM"}})
    data = rate(framework, scope, chars)
    assert data["maturity_level"] == 1 and "ML2 not achieved" in data["level_rule"]  # M3


def test_a_model_s_level_lists_decide_which_areas_a_level_needs() -> None:
    model = v3_model(version="2.0", level_areas={2: ("ALP", "STE"), 3: ("CHA",)})
    framework, scope = appraisal(target=3, model=model)
    chars = characterized(framework, scope, **{"ADO 2.1 @ All processes": {"P1": "DM", "P2": "DM"}})
    data = rate(framework, scope, chars)
    assert data["method_version"] == "2.0"
    assert data["maturity_level"] == 3  # ADO is no level's list
    framework, scope, _lines = revised(framework, scope, {"out_of_scope": ["CHA"]})
    data = rate(framework, scope, characterized(framework, scope))
    assert area_of(data, "CHA")["rating"] == "out_of_scope"
    assert data["maturity_level"] == 2 and data["level_blocked_by"] == ["CHA"]  # V5.4


def test_a_capability_appraisal_gives_a_profile_held_by_ii_and_gov() -> None:
    framework, scope = appraisal("capability", 3, area_targets={"ALP": 3})
    assert "DOA" in scope.areas  # every area (V6.1)
    data = rate(framework, scope, characterized(framework, scope))
    assert data["maturity_level"] is None
    # K1: BRV tops at level 2 and reaches CL 3 with II and GOV (here STE, ADO) rated 3 (V6.2)
    assert data["capability_profile"] == {a: 3 for a in scope.areas}
    assert data["capability_level"] == 3
    chars = characterized(framework, scope, **{"STE 3.1 @ All processes": {"P1": "DM", "P2": "DM"}})
    data = rate(framework, scope, chars)
    assert data["capability_profile"]["ALP"] == 2 and data["capability_profile"]["BRV"] == 2  # K2
    assert area_of(data, "ALP")["capability_level"] == 2


def test_ii_and_gov_consolidate_per_process_then_take_the_lowest() -> None:
    framework, scope = appraisal(target=2, processes=["Delivery", "Support"], projects=("P1", "P2", "P3"))
    chars = characterized(framework, scope, **{"STE 2.1 @ Delivery": {"P1": "LM"},
                                                "STE 2.1 @ Support": {"P2": "PM", "P3": "DM"}})
    data = rate(framework, scope, chars)
    ste = practice_of(data, "STE 2.1")
    assert ste["processes"]["Delivery"]["ou"] == "LM"
    assert ste["processes"]["Support"]["ou"] == "PM"  # V2.9: two of three units weak
    assert (ste["ou"], ste["rule"][:4]) == ("PM", "V7.4")
    assert ste["instances"] == {"P1": "LM", "P2": "PM", "P3": "DM"}  # each unit's lowest over its processes
    chars["STE 2.2 @ Delivery"]["P2"] = "NC"
    data = rate(framework, scope, chars)
    assert practice_of(data, "STE 2.2")["ou"] == "NC"  # V7.4: any NC makes it NC
    chars["STE 2.2 @ Delivery"]["P2"] = "FM"
    chars["STE 1.1 @ Support"]["P1"] = "PM"
    data = rate(framework, scope, chars)
    assert data["pending_decisions"][0]["target"] == "STE 1.1 @ Support"
    assert practice_of(data, "STE 1.1")["ou"] is None
    with pytest.raises(UsageError, match="decide on one process's row"):
        SCHEME.decision_options(framework, scope, "STE 1.1", chars, [])
    decision = decide(framework, scope, chars, "STE 1.1 @ Support", "LM")
    assert practice_of(rate(framework, scope, chars, [decision]), "STE 1.1")["ou"] == "LM"


def test_a_sustainment_never_rates_above_its_benchmark() -> None:
    framework, scope = appraisal(target=3, appraisal_type="sustainment", benchmark_level=2)
    data = rate(framework, scope, characterized(framework, scope))
    assert data["appraisal_type"] == "sustainment"
    assert data["maturity_level"] == 2 and data["level_rule"].startswith("V5.5")
    with pytest.raises(UsageError, match="--benchmark-level"):  # V5.5 cannot hold without the benchmark's level
        appraisal(target=3, appraisal_type="sustainment")
    for wrong in ("1", "9", "two"):
        with pytest.raises(UsageError, match="2-5"):
            appraisal(target=3, appraisal_type="sustainment", benchmark_level=wrong)


def test_an_evaluation_gives_ou_values_and_no_ratings() -> None:
    framework, scope = appraisal(target=2, appraisal_type="evaluation", projects=("P1", "P2", "P3"))
    chars = characterized(framework, scope, "L", **{"ALP 2.1": {"P2": "H"}})
    data = rate(framework, scope, chars)
    assert data["maturity_level"] is None and data["capability_profile"] is None
    assert data["level_rule"].startswith("V3.6") and data["gives_ratings"] is False
    assert all(a["rating"] == "not_rated" and a["rule"].startswith("V3.6") for a in data["practice_areas"])
    assert group_of(data, "ALP L1")["rating"] == "not_rated"
    assert practice_of(data, "ALP 1.1")["ou"] == "L"
    assert practice_of(data, "ALP 2.1")["options"] == ["L", "M", "H"]  # V2.13
    assert [d["kind"] for d in data["pending_decisions"]] == ["ou_characterization"]
    with pytest.raises(UsageError, match="V3.6"):
        SCHEME.decision_options(framework, scope, "ALP L1", chars, [])
    lines = SCHEME.report.text(data, _Heading(scope), framework, [], "appraise decide F")
    assert "no practice group, practice area or level ratings (V3.6)" in lines[2]


# -- refusals ------------------------------------------------------------------------------------------

def test_a_unit_outside_an_area_s_sample_is_refused_and_left_out_of_the_instances() -> None:
    framework, scope = appraisal(target=2, projects=("P1", "P2", "P3"))
    framework, scope, lines = revised(framework, scope, {"sample": {
        "units": [{"code": "P1", "subgroup": "East", "kind": "project"}],
        "cells": {"P3": {"ALP": "SE", "BRV": "RS"}, "P1": {"ALP": "RS", "BRV": "SUB-to"}}}})
    assert lines == ("P3 (project): SE ALP; RS BRV — 1 in the evidence scope (V9.4)",
                     "P1 (subgroup East, project): RS ALP; SUB-to BRV — 2 in the evidence scope (V9.4)")
    why = SCHEME.refusal(framework, scope, [])
    assert why("ALP 2.1", "P3") == ("P3 is not in ALP's sample (SE: sample eligible, not drawn; V9.4) — "
                                   "appraise scope FILE --assign P3=+ALP to add it")
    assert why("ALP 2.1", "P1") is None and why("ALP 2.1") is None
    chars = characterized(framework, scope)
    chars["ALP 2.1"]["P3"] = "DM"  # recorded before the sample: not read
    data = rate(framework, scope, chars)
    assert practice_of(data, "ALP 2.1")["instances"] == {"P1": "FM", "P2": "FM"}
    assert practice_of(data, "BRV 2.1")["instances"] == {"P1": "FM", "P2": "FM", "P3": "FM"}


def test_per_process_cells_refuse_ny_units_outside_the_process_and_the_bare_practice() -> None:
    framework, scope = appraisal(target=3, processes=["Delivery", "Support"])
    framework, scope, lines = revised(framework, scope, {"process_units": {"support": ["P1"]}})
    assert lines == ("process Support: used by P1 (V7.1)",)
    why = SCHEME.refusal(framework, scope, [])
    assert "P2 does not use the process Support (V7.1)" in why("STE 1.1 @ Support", "P2")
    assert why("STE 1.1 @ Support", "P1") is None
    assert "characterized per process (V7.1)" in why("STE 1.1", "P1")
    assert "V7.2" in SCHEME.rules.refuse_value(framework, scope, "STE 1.1 @ Support", "NY")  # type: ignore[attr-defined]
    assert SCHEME.rules.refuse_value(framework, scope, "ALP 1.1", "NY") is None  # type: ignore[attr-defined]
    assert SCHEME.rules.refuse_value(framework, scope, "STE 1.1 @ Support", "DM") is None  # type: ignore[attr-defined]


def test_practices_above_the_target_and_areas_out_of_scope_are_refused() -> None:
    framework, scope = appraisal(target=3, area_targets={"ALP": 2})
    why = SCHEME.refusal(framework, scope, [])
    assert why("ALP 3.1") == ("ALP 3.1 is above ALP's target level 2 (V4.2: practices only up to the target) — "
                              "appraise scope FILE --pa-target ALP=3 to rate it")
    framework, scope, _lines = revised(framework, scope, {"out_of_scope": ["BRV"]})
    assert "BRV is out of this appraisal's scope (V4.1)" in SCHEME.refusal(framework, scope, [])("BRV 1.1", "P1")
    assert not any(p.startswith("BRV") for p in SCHEME.practices_in_scope(framework, scope))


# -- scope revisions -------------------------------------------------------------------------------------

def test_revise_scope_changes_each_part_of_the_plan_with_one_line_each() -> None:
    framework, scope = appraisal(target=3, support_functions=["QA"])
    framework, scope, lines = revised(framework, scope, {"area_targets": {"ALP": 2}})
    assert lines == ("ALP target: 3 -> 2 (V4.2)",) and plan_of(scope).target_of("ALP") == 2
    framework, scope, lines = revised(framework, scope, {"out_of_scope": ["CHA"]})
    assert lines == ("CHA: target 3 -> out of scope (V4.1)",) and plan_of(scope).out_of_scope == ("CHA",)
    framework, scope, lines = revised(framework, scope, {"in_scope": ["CHA", "DOA"]})
    assert lines == ("CHA: out of scope -> target 3 (V5.3)", "DOA: out of scope -> target 3 (V5.3)")
    assert "DOA 1.1" in SCHEME.practices_in_scope(framework, scope)
    framework, scope, lines = revised(framework, scope, {"assign": {"QA": {"ALP": False, "BRV": True}}})
    assert lines == ("QA x ALP: IS -> OoS (out of the evidence scope; V9.4)",)
    assert "QA" not in plan_of(scope).units_of("ALP")
    framework, scope, lines = revised(framework, scope, {"processes": ["Delivery", "Support"]})
    assert lines == ("processes: All processes -> Delivery, Support (V7.1)",)
    assert "STE 1.1 @ Delivery" in SCHEME.practices_in_scope(framework, scope)
    assert "STE 1.1 @ All processes" not in SCHEME.practices_in_scope(framework, scope)
    revision = SCHEME.revise_scope(framework, scope, {"sample": {"cells": {"P1": {"ALP": "RS"}}}})
    assert revision.question and set(revision.settings) == {PLAN_KEY}


@pytest.mark.parametrize(("change", "message"), [
    ({"area_targets": {"BRV": 3}}, "up to level 2"),
    ({"area_targets": {"XYZ": 1}}, "'XYZ' is not a practice area"),
    ({"out_of_scope": ["DOA"]}, "out of scope already"),
    ({"in_scope": ["ALP"]}, "in scope already"),
    ({"assign": {"P9": {"ALP": True}}}, "'P9' is not a unit"),
    ({"assign": {"P1": {"ALP": True}}}, "nothing to change"),
    ({"processes": ["A", "a"]}, "named twice"),
    ({"sample": {"cells": {"P1": {"STE": "RS"}}}}, "V9.5"),
    ({"sample": {"cells": {"P1": {"ALP": "XX"}}}}, "not a sample code"),
    ({"weights": {}}, "not part of an appraisal"),
])
def test_a_revision_the_method_does_not_allow_is_refused(change: dict[str, Any], message: str) -> None:
    framework, scope = appraisal(target=3)
    with pytest.raises(UsageError, match=message):
        SCHEME.revise_scope(framework, scope, change)


# -- advice ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("artifact", "affirmation", "note", "value", "proposal", "flags"), [
    (True, True, "", None, "FM", ()),
    (True, True, "reviews skipped twice", "LM", "LM", ()),
    (True, False, "no minutes", None, "PM", ()),
    (False, False, "nothing shown", None, "DM", ()),
    (True, True, "", "PM", "FM", ("V1.2",)),
    (False, False, "", None, None, ()),
])
def test_advise_proposes_the_workbook_s_value_and_flags_a_missing_weakness(
        artifact: bool, affirmation: bool, note: str, value: str | None, proposal: str | None,
        flags: tuple[str, ...]) -> None:
    framework, scope = appraisal(target=2)
    advice = SCHEME.advise(framework, scope, CellFacts("ALP 2.1", "P1", value, note, artifact, affirmation))
    if proposal is None and not flags:
        assert advice is None
        return
    assert advice is not None and advice.proposal == proposal
    assert advice.rule.startswith("V1.4")
    assert tuple(f[:4] for f in advice.flags) == flags


def test_advise_in_an_evaluation_uses_low_medium_high() -> None:
    framework, scope = appraisal(target=2, appraisal_type="evaluation")
    advice = SCHEME.advise(framework, scope, CellFacts("ALP 2.1", "P1", None, "", True, True))
    assert advice is not None and advice.proposal == "L"


# -- the tree, the view, the report --------------------------------------------------------------------------

class _Heading:
    def __init__(self, scope: Scope) -> None:
        self.unit, self.representation, self.target, self.projects = "Orion", scope.representation, \
            scope.target, scope.projects


def test_the_tree_carries_levels_groups_and_per_process_rows() -> None:
    framework, scope = appraisal(target=3, processes=["Delivery", "Support"], projects=("P1", "P2", "P3"))
    chars = characterized(framework, scope, **{"ALP 2.1": {"P2": "PM"}})
    tree = SCHEME.rate(framework, scope, chars, [])
    assert tree.level is not None and tree.level.value is None and tree.level.status == "blocked"
    alp = tree["ALP"]
    assert (alp.kind, alp.value, alp.status, alp.extra["target"], alp.extra["domain"]) == \
        ("area", None, "pending", 3, "Core")
    assert [g.id for g in alp.groups] == ["ALP L1", "ALP L2", "ALP L3"] and alp.groups[1].extra["level"] == 2
    assert tree["ALP 2.1"].options == ("LM", "PM") and tree["ALP 2.1"].status == "pending"
    assert tree["STE 1.1"].extra["processes"]["Support"]["ou"] == "FM"  # type: ignore[index]
    assert [p.target for p in tree.pending] == ["ALP 2.1"]
    assert tree.headline[0] == "Maturity level not determined yet (at least ML1) — target ML3"
    ok = SCHEME.rate(framework, scope, characterized(framework, scope), [])
    assert ok.level is not None and ok.level.value == "ML 3" and ok["ALP"].value == "3"


def test_the_view_shows_type_domains_units_with_kinds_and_processes() -> None:
    from appraise.schemes.view import CreatedFacts, ScopeFacts

    framework, scope = appraisal(target=3, domains=["Dom1"], support_functions=["QA"], processes=["Delivery"])
    view = scheme_view("cmmi-appraisal")
    rows = dict(view.scope(ScopeFacts("maturity", 3, scope.projects, scope.areas, 10, ("FM",),
                                      settings=scope.settings)))
    assert rows["Appraisal"] == "Benchmark, maturity, target ML 3"
    assert rows["Domains"] == "Core, Dom1"
    assert rows["Units"] == "P1, P2 (projects); QA (support function)"
    assert rows["Processes"] == "Delivery"
    line = view.created(CreatedFacts("v3.appraisal", "Orion", framework.id, "maturity", 3, scope.areas, 40,
                                     scope.projects, ("FM",), settings=scope.settings))
    assert "6 practice areas (Core, Dom1)" in line and "QA (support function)" in line


def test_the_report_writes_each_rule_sentence_once() -> None:
    from appraise.io.deliver.markdown import render
    from appraise.schemes.document import DeliverableInput

    framework, scope = appraisal(target=3, processes=["Delivery", "Support"])
    tree = SCHEME.rate(framework, scope, characterized(framework, scope, **{"ALP 2.1": {"P2": "LM"}}), [])
    data = tree.to_dict()
    summary = {"appraisal": {"organizational_unit": "Orion", "framework": framework.id,
                             "framework_title": framework.title, "representation": "maturity", "target": 3,
                             "process_areas": list(scope.areas), "projects": list(scope.projects)},
               "progress": {"characterized": 1, "cells": 2}, "rating": data, "decisions": [], "notes": [],
               "findings": []}
    md = render(SCHEME.document(DeliverableInput(framework, tree, summary, words=scheme_view("cmmi-appraisal").words)))
    assert md.count("V2.1: when every unit holds the same value") == 1
    assert md.count("V7.4: II and GOV are consolidated per process") == 1
    assert rows_with(md, "STE 1.1", "FM")  # the practice's row in its area's table, its units' values
    sheet = SCHEME.report.csv(summary).splitlines()
    assert sheet[0].startswith("area,area_target,area_rating,capability_level,practice_group")
    assert any(row.startswith("STE,3,3,,STE L1,satisfied,STE 1.1,Support,FM,FM,FM") for row in sheet)


def test_units_the_common_scope_adds_or_removes_are_matched_in_the_plan() -> None:
    framework, scope = appraisal(target=2, support_functions=["QA"])
    changed = Scope(scope.representation, scope.target, scope.areas, ("P1", "QA", "P4"), settings=scope.settings)
    data = rate(framework, changed, characterized(framework, changed))
    assert practice_of(data, "ALP 1.1")["instances"] == {"P1": "FM", "QA": "FM", "P4": "FM"}
    assert plan_of(changed).unit("P2") is not None  # the plan itself is unchanged until revised


def test_a_model_without_practice_groups_or_the_method_s_values_is_refused() -> None:
    from dataclasses import replace

    from appraise.errors import FrameworkError
    from appraise.framework.model import Scale, ScaleValue

    model = v3_model()
    with pytest.raises(FrameworkError, match="shape practice_groups"):
        SCHEME.check_framework(replace(model, shape="process_areas", _areas={}, _goals={}, _practices={}, _keys={}))
    scale = Scale("v1.3", tuple(ScaleValue(v, v) for v in ("FI", "LI", "PI", "NI", "NY")))
    with pytest.raises(FrameworkError, match="missing FM, LM, PM, DM, NC, L, M, H"):
        SCHEME.check_framework(replace(model, scale=scale, _areas={}, _goals={}, _practices={}, _keys={}))


def test_a_per_process_cell_is_found_however_it_is_typed() -> None:
    framework, scope = appraisal(processes=["Project delivery", "Support"])
    for text in ("STE 1.1 @ Support", "ste 1.1 @ support", "STE1.1 @ project delivery"):
        found = SCHEME.resolve_target(framework, scope, {}, [], text)
        assert found in ("STE 1.1 @ Support", "STE 1.1 @ Project delivery")
    assert SCHEME.resolve_target(framework, scope, {}, [], "XYZ 9") is None


def test_a_group_waiting_for_characterizations_is_not_a_pending_decision() -> None:
    """A practice not characterized in every unit of the sample leaves its group unrated (JSON "pending", as
    the issue's null-while-waiting reading has it) but owes no team decision: the tree says not rated, the
    report "Not characterized", and the rule says which practices wait."""
    framework, scope = appraisal()
    chars = characterized(framework, scope)
    first = SCHEME.practices_in_scope(framework, scope)[0]
    del chars[first]["P2"]
    tree = SCHEME.rate(framework, scope, chars, [])
    group = framework.practice(first).goal
    node = tree.find(group)
    assert node is not None and node.status == "not_rated" and first in node.rule
    doc = tree.to_dict()
    found = next(g for a in doc["practice_areas"] for g in a["practice_groups"] if g["id"] == group)
    assert found["rating"] == "pending" and found["waiting_for_characterizations"] == [first]
    assert not [d for d in doc["pending_decisions"] if d["target"] == group]
    chars[first]["P2"] = "FM"
    assert SCHEME.rate(framework, scope, chars, []).find(group).status == "rated"


def test_an_area_of_the_view_set_out_of_scope_blocks_the_maturity_level() -> None:
    """V5.4 on a V3.0 model (no per-level lists): every area of the view is required, so one set out of scope
    blocks the level; the switch gives the other reading (rated over the areas left in scope)."""
    from appraise.schemes.cmmi_appraisal.method import SWITCHES

    framework, scope = appraisal(target=2)
    framework, scope, _lines = revised(framework, scope, {"out_of_scope": ["ALP"]})
    data = rate(framework, scope, characterized(framework, scope))
    assert data["maturity_level"] == 1 and "ALP" in data["level_blocked_by"]
    SWITCHES["3.0"]["out_of_scope_area_blocks_ml"] = False
    try:
        assert rate(framework, scope, characterized(framework, scope))["maturity_level"] == 2
    finally:
        SWITCHES["3.0"]["out_of_scope_area_blocks_ml"] = True


def test_a_model_of_a_method_version_without_rules_is_refused() -> None:
    from dataclasses import replace

    with pytest.raises(FrameworkError, match="2.2"):
        SCHEME.check_framework(replace(v3_model(), method_version="2.2", _areas={}, _goals={}, _practices={},
                                       _keys={}))


def test_ii_and_gov_are_not_assigned_per_unit() -> None:
    framework, scope = appraisal()
    with pytest.raises(UsageError, match="per process"):
        SCHEME.revise_scope(framework, scope, {"assign": {"P1": {"STE": False}}})
