"""The iso-33020 rating scheme on the bundled models (shared/domain/iso-33020.md, automotive-spice.md).

``iso33020.rate`` takes plain ``{cell: {instance: value}}`` dicts and ``Decision``s, as the
appraisal file holds them; every table row is one case. The model is the real aspice-3.1
(iso-15504-5-2012 where a model without base practices or consistency rules is the point).
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from appraise.errors import FrameworkError, UsageError
from appraise.framework.maturity import load_maturity_text
from appraise.schemes.common import Decision, Scope
from appraise.schemes.iso33020 import rules as iso33020
from appraise.services import load_framework

INSTANCES = ("ECU-A", "ECU-B")
ORDER = ("PA 1.1", "PA 2.1", "PA 2.2", "PA 3.1", "PA 3.2", "PA 4.1", "PA 4.2", "PA 5.1", "PA 5.2")
AS8_HIT = "AS8:SWE.1:ECU-A"


@pytest.fixture(scope="module")
def aspice():
    return load_framework("aspice-3.1")


@pytest.fixture(scope="module")
def iso15504():
    return load_framework("iso-15504-5-2012")


def scope(areas=("SWE.1",), target=3, projects=INSTANCES, refined=False, maturity=None) -> Scope:
    return Scope("continuous", target, tuple(areas), tuple(projects), refined=refined, maturity_model=maturity)


def attributes(process: str, **rows: str) -> dict[str, dict[str, str]]:
    """``{"SWE.1 PA 1.1": {"ECU-A": "F", ...}}`` from one row per instance, PA 1.1 first ("—": not rated).

    Instances are keyword names with ``_`` for ``-`` (``ECU_A="F L F"``).
    """
    cells: dict[str, dict[str, str]] = {}
    for instance, row in rows.items():
        for pa, value in zip(ORDER, row.split()):
            if value != "—":
                cells.setdefault(f"{process} {pa}", {})[instance.replace("_", "-")] = value
    return cells


def merge(*parts: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for part in parts:
        for cell, values in part.items():
            out.setdefault(cell, {}).update(values)
    return out


def process(result, pid: str = "SWE.1"):
    return next(p for p in result.processes if p.id == pid)


def attribute(result, aid: str):
    pid = aid.rsplit(" PA ", 1)[0]
    return next(a for a in process(result, pid).attributes if a.id == aid)


# -- M2: a process's capability level from its aggregated attributes --------------------------------
@pytest.mark.parametrize("row, target, level, blocked", [
    ("P F F F F", 3, 0, ["SWE.1 PA 1.1"]),
    ("L F F F F", 3, 1, ["SWE.1 PA 1.1"]),
    ("F F L F F", 3, 2, ["SWE.1 PA 2.2"]),
    ("F F F L P", 3, 2, ["SWE.1 PA 3.2"]),
    ("F F F L L", 3, 3, []),
    ("F F F F F", 3, 3, []),
    ("F L F", 2, 2, []),
    ("F L+ L-", 2, 2, []),
    ("F P+ F", 2, 1, ["SWE.1 PA 2.1"]),
])
def test_capability_level_of_a_process(aspice, row, target, level, blocked):
    chars = attributes("SWE.1", ECU_A=row, ECU_B=row)
    result = iso33020.rate(aspice, scope(target=target, refined=True), chars)
    p = process(result)
    assert p.capability_level == level
    assert p.rating == f"CL {level}"
    assert p.rule.startswith("M2.1")
    assert p.blocked_by == blocked
    assert p.instance_levels == {"ECU-A": level, "ECU-B": level}
    # the attributes above the target are not rated (M2.3): the table stops at the target
    assert [a.id for a in p.attributes] == [f"SWE.1 {pa}" for pa in ORDER[:len(row.split())]]
    # each instance keeps the value given, refined or not; the aggregate is N/P/L/F (M4.1)
    values = row.split()
    assert [a.instances["ECU-A"] for a in p.attributes] == values
    assert [a.rating for a in p.attributes] == [iso33020.base_value(v) for v in values]


def test_instances_and_aggregate_can_differ(aspice):
    """M3.5: A = F L F L L and B = F F L L L are CL 2 each; the aggregate F F(2.5) F(2.5) L L is CL 3."""
    chars = attributes("SWE.1", ECU_A="F L F L L", ECU_B="F F L L L")
    p = process(iso33020.rate(aspice, scope(target=3), chars))
    assert p.instance_levels == {"ECU-A": 2, "ECU-B": 2}
    assert p.capability_level == 3 and p.blocked_by == []
    assert [a.rating for a in p.attributes] == ["F", "F", "F", "L", "L"]
    assert [a.mean for a in p.attributes] == [3, Fraction(5, 2), Fraction(5, 2), 2, 2]
    assert all(rule.startswith("M2.1") for rule in p.instance_rules.values())
    assert p.to_dict()["instance_levels"] == {"ECU-A": 2, "ECU-B": 2}


# -- M3: aggregation over the instances ------------------------------------------------------------
@pytest.mark.parametrize("a, b, mean, value", [
    ("F", "L", Fraction(5, 2), "F"),  # the midpoint rounds up (Python's round() would give L)
    ("N", "P", Fraction(1, 2), "P"),  # (round() would give N)
    ("L", "P", Fraction(3, 2), "L"),
    ("F", "P", Fraction(2), "L"),
    ("N", "F", Fraction(3, 2), "L"),
])
def test_aggregation_rounds_half_up(aspice, a, b, mean, value):
    result = iso33020.rate(aspice, scope(target=1), attributes("SWE.1", ECU_A=a, ECU_B=b))
    pa = attribute(result, "SWE.1 PA 1.1")
    assert (pa.mean, pa.rating) == (mean, value)
    assert pa.rule.startswith("M3.3")
    assert result.aggregation == "mean"


WEIGHTS = Decision("aggregation_weights", "instances", "ECU-A=3,ECU-B=1", "ECU-A is the series product",
                   {"ECU-A": "3", "ECU-B": "1"})


def test_weighted_aggregation(aspice):
    """M3.4: F weight 3 and P weight 1 is a mean of 2.5, F with M3.3's rounding; unweighted it is L."""
    chars = attributes("SWE.1", ECU_A="F", ECU_B="P")
    plain = iso33020.rate(aspice, scope(target=1), chars)
    assert attribute(plain, "SWE.1 PA 1.1").rating == "L"
    result = iso33020.rate(aspice, scope(target=1), chars, [WEIGHTS])
    pa = attribute(result, "SWE.1 PA 1.1")
    assert (pa.mean, pa.rating) == (Fraction(5, 2), "F")
    assert pa.rule.startswith("M3.4")
    assert result.aggregation == "weighted"
    data = result.to_dict()
    assert data["aggregation"] == "weighted"
    assert data["weights"] == {"ECU-A": 3.0, "ECU-B": 1.0}
    assert data["weights_rationale"] == "ECU-A is the series product"
    assert data["aggregation_rule"].startswith("M3.4")
    assert process(result).capability_level == 1


def test_weights_for_other_instances_do_not_apply(aspice):
    stale = Decision("aggregation_weights", "instances", "ECU-A=3,ECU-C=1", "old", {"ECU-A": "3", "ECU-C": "1"})
    result = iso33020.rate(aspice, scope(target=1), attributes("SWE.1", ECU_A="F", ECU_B="P"), [stale])
    assert result.aggregation == "mean"
    assert attribute(result, "SWE.1 PA 1.1").rating == "L"


@pytest.mark.parametrize("a, b, value", [("L+", "L-", "L"), ("P+", "L-", "L"), ("P-", "P+", "P")])
def test_refined_values_aggregate_as_their_base_value(aspice, a, b, value):
    result = iso33020.rate(aspice, scope(target=1, refined=True), attributes("SWE.1", ECU_A=a, ECU_B=b))
    pa = attribute(result, "SWE.1 PA 1.1")
    assert pa.rating == value
    assert pa.instances == {"ECU-A": a, "ECU-B": b}


# -- M2.3, M3.6: a gap is not rated, never a level -------------------------------------------------
def test_an_attribute_missing_in_one_instance_leaves_the_process_not_rated(aspice):
    chars = attributes("SWE.1", ECU_A="F F F", ECU_B="F F —")
    result = iso33020.rate(aspice, scope(target=2), chars)
    p = process(result)
    assert p.capability_level is None
    assert p.rating == "not_rated"
    assert p.rule.startswith("M2.3")
    assert p.blocked_by == ["SWE.1 PA 2.2 ECU-B"]
    assert p.at_least == 1  # CL 1 is already certain, and still no level is given
    assert p.instance_levels == {"ECU-A": 2, "ECU-B": None}
    pa = attribute(result, "SWE.1 PA 2.2")
    assert pa.rating is None and pa.mean is None
    assert pa.rule.startswith("M3.6") and pa.missing == ["SWE.1 PA 2.2 ECU-B"]
    data = p.to_dict()
    assert data["capability_level"] is None and data["rating"] == "not_rated"


def test_every_missing_cell_is_listed(aspice):
    result = iso33020.rate(aspice, scope(target=2), attributes("SWE.1", ECU_A="F F F"))
    p = process(result)
    assert p.capability_level is None
    assert p.blocked_by == ["SWE.1 PA 1.1 ECU-B", "SWE.1 PA 2.1 ECU-B", "SWE.1 PA 2.2 ECU-B"]


def test_a_gap_leaves_the_process_not_rated_even_where_a_rated_attribute_fails(aspice):
    """Issue 5 and M2.3: an attribute not rated in some instance means not_rated, with the missing cells."""
    chars = attributes("SWE.1", ECU_A="P F F", ECU_B="P F —")
    p = process(iso33020.rate(aspice, scope(target=2), chars))
    assert p.capability_level is None and p.at_least == 0
    assert p.blocked_by == ["SWE.1 PA 2.2 ECU-B"]
    assert p.instance_levels == {"ECU-A": 0, "ECU-B": None}


# -- AS2.3: a proposal from the indicators, never the rating -----------------------------------------
def test_a_proposal_from_the_indicators_is_labelled_and_never_the_rating(aspice):
    chars = {"SWE.1.BP1": {"ECU-A": "F", "ECU-B": "F"}, "SWE.1.BP2": {"ECU-A": "L", "ECU-B": "F"},
             "SWE.1.BP3": {"ECU-A": "L"},
             "SWE.1 GP 2.1.1": {"ECU-A": "F"}, "SWE.1 GP 2.1.2": {"ECU-A": "N"}}
    result = iso33020.rate(aspice, scope(target=2), chars)
    pa11 = attribute(result, "SWE.1 PA 1.1")
    assert pa11.proposal == {"ECU-A": "L", "ECU-B": "F"}  # means 2.33 and 3.0
    assert all(rule.startswith("AS2.3") for rule in pa11.proposal_rule.values())
    assert "2.33" in pa11.proposal_rule["ECU-A"]
    assert pa11.rating is None and pa11.instances == {"ECU-A": None, "ECU-B": None}
    assert {"id": "SWE.1.BP1", "instances": {"ECU-A": "F", "ECU-B": "F"}} in pa11.indicators
    assert {"id": "SWE.1.BP4", "instances": {}} in pa11.indicators
    assert "SWE.1 GP 1.1.1" in [i["id"] for i in pa11.indicators]
    pa21 = attribute(result, "SWE.1 PA 2.1")
    assert pa21.proposal == {"ECU-A": "L"}  # F and N: 1.5, rounded half up
    assert attribute(result, "SWE.1 PA 2.2").proposal == {}
    assert process(result).capability_level is None  # a proposal rates nothing

    # the assessor's rating is what counts, whatever the proposal says
    rated = merge(chars, attributes("SWE.1", ECU_A="P F F", ECU_B="P F F"))
    result = iso33020.rate(aspice, scope(target=2), rated)
    pa11 = attribute(result, "SWE.1 PA 1.1")
    assert pa11.rating == "P" and pa11.proposal == {"ECU-A": "L", "ECU-B": "F"}
    assert process(result).capability_level == 0


# -- AS8: PA 3.2 not above PA 3.1 ------------------------------------------------------------------
@pytest.mark.parametrize("pa31, pa32, fires", [
    ("P", "L", True),
    ("L", "F", True),
    ("N", "P", True),
    ("L-", "L+", True),
    ("L", "L", False),
    ("F", "L", False),
    ("L", "P", False),
    ("L", "L+", False),  # a plain L spans L- and L+
])
def test_as8(aspice, pa31, pa32, fires):
    chars = attributes("SWE.1", ECU_A=f"F F F {pa31} {pa32}", ECU_B="F F F F F")
    result = iso33020.rate(aspice, scope(target=3, refined=True), chars)
    hits = process(result).consistency
    pending = [d["target"] for d in result.pending_decisions]
    if not fires:
        assert hits == [] and pending == []
        return
    [hit] = hits
    assert hit.id == AS8_HIT
    assert hit.rule.startswith("AS8") and hit.kind == "violation" and not hit.justified
    assert hit.cells == ["SWE.1 PA 3.2 ECU-A", "SWE.1 PA 3.1 ECU-A"]
    assert hit.values == {"SWE.1 PA 3.2 ECU-A": pa32, "SWE.1 PA 3.1 ECU-A": pa31}
    assert pending == [AS8_HIT]
    assert result.pending_decisions[0]["kind"] == "consistency"
    assert result.pending_decisions[0]["options"] == ["justified"]


def test_as8_is_not_checked_below_target_3(aspice):
    chars = attributes("SWE.1", ECU_A="F F F P L", ECU_B="F F F P L")
    result = iso33020.rate(aspice, scope(target=2), chars)
    assert process(result).consistency == [] and result.pending_decisions == []


def _justify(aspice, chars, target=AS8_HIT):
    basis = iso33020.decision_basis(aspice, scope(target=3), target, chars)
    return Decision("consistency", target, "justified", "pilot project fills the standard process gap", basis)


def test_a_justified_hit_is_not_pending_until_the_ratings_change(aspice):
    chars = attributes("SWE.1", ECU_A="F F F P L", ECU_B="F F F F F")
    assert iso33020.decision_options(aspice, scope(target=3), AS8_HIT, chars)[:2] == ("consistency", ("justified",))
    justification = _justify(aspice, chars)
    assert dict(justification.basis) == {"SWE.1 PA 3.2 ECU-A": "L", "SWE.1 PA 3.1 ECU-A": "P"}

    result = iso33020.rate(aspice, scope(target=3), chars, [justification])
    [hit] = process(result).consistency
    assert hit.justified and hit.rationale == "pilot project fills the standard process gap"
    assert result.pending_decisions == [] and result.stale_decisions == []
    assert result.to_dict()["processes"][0]["consistency"][0]["justified"] is True

    # a rating changes and the hit still fires: the justification no longer applies
    changed = merge(chars, {"SWE.1 PA 3.2": {"ECU-A": "F"}})
    result = iso33020.rate(aspice, scope(target=3), changed, [justification])
    [hit] = process(result).consistency
    assert not hit.justified
    assert [d["target"] for d in result.pending_decisions] == [AS8_HIT]
    assert [d["target"] for d in result.stale_decisions] == [AS8_HIT]

    # a rating changes so that the rule holds: nothing fires, nothing is pending
    fixed = merge(chars, {"SWE.1 PA 3.1": {"ECU-A": "L"}})
    result = iso33020.rate(aspice, scope(target=3), fixed, [justification])
    assert process(result).consistency == [] and result.pending_decisions == []


def test_only_a_hit_can_be_decided(aspice):
    chars = attributes("SWE.1", ECU_A="F F F L L", ECU_B="F F F L L")
    with pytest.raises(UsageError):
        iso33020.decision_options(aspice, scope(target=3), AS8_HIT, chars)
    assert iso33020.resolve_target(aspice, scope(target=3), chars, [], "as8:swe.1:ecu-a") is None
    fired = attributes("SWE.1", ECU_A="F F F P L", ECU_B="F F F L L")
    assert iso33020.resolve_target(aspice, scope(target=3), fired, [], "as8:swe.1:ecu-a") == AS8_HIT


@pytest.mark.parametrize("justified", [False, True])
def test_a_hit_never_changes_a_rating_or_level(aspice, justified):
    chars = attributes("SWE.1", ECU_A="F F F L F", ECU_B="F F F L F")
    decisions = [_justify(aspice, chars, "AS8:SWE.1:ECU-A"), _justify(aspice, chars, "AS8:SWE.1:ECU-B")] \
        if justified else []
    result = iso33020.rate(aspice, scope(target=3), chars, decisions)
    p = process(result)
    assert [h.id for h in p.consistency] == ["AS8:SWE.1:ECU-A", "AS8:SWE.1:ECU-B"]
    assert all(h.justified == justified for h in p.consistency)
    assert len(result.pending_decisions) == (0 if justified else 2)
    assert p.capability_level == 3 and p.instance_levels == {"ECU-A": 3, "ECU-B": 3}
    assert [a.rating for a in p.attributes] == ["F", "F", "F", "L", "F"]
    assert attribute(result, "SWE.1 PA 3.2").instances == {"ECU-A": "F", "ECU-B": "F"}


# -- AS10: MAN.3 and the other processes' GP 2.1.x, a warning ----------------------------------------
@pytest.mark.parametrize("bp, gp, fires", [
    ("F", "N", True),
    ("F", "P", True),
    ("N", "L", True),
    ("F", "L", False),
    ("L", "P", False),
])
def test_as10_is_a_warning(aspice, bp, gp, fires):
    chars = {"MAN.3.BP4": {"ECU-A": bp}, "SWE.1 GP 2.1.2": {"ECU-A": gp}, "SWE.1 GP 2.1.3": {"ECU-B": "N"}}
    result = iso33020.rate(aspice, scope(areas=("MAN.3", "SWE.1"), target=2), chars)
    hits = process(result, "SWE.1").consistency
    assert process(result, "MAN.3").consistency == []
    assert result.pending_decisions == []  # a "should": never a pending decision
    if not fires:
        assert hits == []
        return
    [hit] = hits
    assert hit.id == "AS10:SWE.1:ECU-A"
    assert hit.kind == "warning" and hit.rule.startswith("AS10") and not hit.justified
    assert hit.cells == ["MAN.3.BP4 ECU-A", "SWE.1 GP 2.1.2 ECU-A"]
    assert hit.values == {"MAN.3.BP4 ECU-A": bp, "SWE.1 GP 2.1.2 ECU-A": gp}


def test_as10_needs_man3_in_scope(aspice):
    chars = {"MAN.3.BP4": {"ECU-A": "F"}, "SWE.1 GP 2.1.2": {"ECU-A": "N"}}
    result = iso33020.rate(aspice, scope(areas=("SWE.1",), target=2), chars)
    assert process(result).consistency == []


# -- ISO/IEC 15504-5:2012: no consistency rules, attributes rated directly ----------------------------
def test_iso15504_attributes_are_rated_directly_without_rules_or_proposals(iso15504):
    s = scope(areas=("PRO.1",), target=5, projects=("P1",))
    assert iso33020.practices_in_scope(iso15504, s) == [f"PRO.1 {pa}" for pa in ORDER]
    chars = attributes("PRO.1", P1="F F F P L F F F F")  # PA 3.2 above PA 3.1: AS8 is Automotive SPICE's
    result = iso33020.rate(iso15504, s, chars)
    p = process(result, "PRO.1")
    assert p.consistency == [] and result.pending_decisions == []
    assert all(a.indicators == [] and a.proposal == {} for a in p.attributes)
    assert p.capability_level == 2 and p.blocked_by == ["PRO.1 PA 3.1"]
    result = iso33020.rate(iso15504, s, attributes("PRO.1", P1="F F F F F F F L F"))
    assert process(result, "PRO.1").capability_level == 5
    assert attribute(result, "PRO.1 PA 5.2").rating == "F"


# -- OM1: organizational maturity from a maturity model ------------------------------------------------
TINY_MODEL = """\
schema: 1
kind: maturity-model
id: tiny
title: Tiny maturity model
framework: iso-15504-5-2012
source: written for this test
levels:
  - level: 1
    title: Basic
    requires:
      - {capability_level: 1, processes: [PRO.1, ENG.1]}
  - level: 2
    title: Managed
    requires:
      - {capability_level: 2, processes: [PRO.1]}
"""


@pytest.fixture(scope="module")
def tiny(iso15504):
    return load_maturity_text(TINY_MODEL, "x.yaml", iso15504)


@pytest.mark.parametrize("areas, pro1, eng1, level, at_least, blocked, rule", [
    (("PRO.1", "ENG.1"), "F F F", "F L L", 2, 2, [], "level 2 reached"),
    (("PRO.1", "ENG.1"), "F F P", "F F F", 1, 1, ["PRO.1 (CL 1, needs CL 2)"], "level 2 not reached"),
    (("PRO.1", "ENG.1"), "F F F", "P F F", 0, 0, ["ENG.1 (CL 0, needs CL 1)"], "level 1 not reached"),
    (("PRO.1", "ENG.1"), "F F F", "P — —", None, 0, ["ENG.1 (not rated)"], "cannot be determined"),
    (("PRO.1", "ENG.1"), "F F —", "F F F", None, 1, ["PRO.1 (not rated)"], "cannot be determined"),
    (("PRO.1", "ENG.1"), "— — —", "F F F", None, 0, ["PRO.1 (not rated)"], "cannot be determined"),
    (("PRO.1",), "F F F", "", 0, 0, ["ENG.1 (not assessed)"], "level 1 not reached"),
])
def test_organizational_maturity(iso15504, tiny, areas, pro1, eng1, level, at_least, blocked, rule):
    chars = merge(attributes("PRO.1", P1=pro1), attributes("ENG.1", P1=eng1) if eng1 else {})
    result = iso33020.rate(iso15504, scope(areas=areas, target=2, projects=("P1",), maturity=tiny), chars)
    om = result.maturity
    assert (om.level, om.at_least, om.blocked_by) == (level, at_least, blocked)
    assert om.rule.startswith("OM1") and rule in om.rule
    data = result.to_dict()["organizational_maturity"]
    assert {"level", "rule", "blocked_by"} <= set(data)
    assert data["level"] == level


def test_a_requirement_beyond_the_target_blocks(iso15504, tiny):
    chars = merge(attributes("PRO.1", P1="F"), attributes("ENG.1", P1="F"))
    om = iso33020.rate(iso15504, scope(areas=("PRO.1", "ENG.1"), target=1, projects=("P1",), maturity=tiny),
                       chars).maturity
    assert om.level == 1
    assert om.blocked_by == ["PRO.1 (needs CL 2, beyond the target CL 1)"]


def test_no_maturity_model_and_automotive_spice_has_none(aspice, iso15504):
    result = iso33020.rate(aspice, scope(target=1), attributes("SWE.1", ECU_A="F", ECU_B="F"))
    assert result.maturity is None
    assert result.to_dict()["organizational_maturity"] is None
    assert "no organizational maturity levels" in result.maturity_note
    with pytest.raises(FrameworkError, match="written for iso-15504-5-2012"):
        load_maturity_text(TINY_MODEL, "x.yaml", aspice)
    bad = TINY_MODEL.replace("[PRO.1]", "[XYZ.9]")
    line = bad.splitlines().index("      - {capability_level: 2, processes: [XYZ.9]}") + 1
    with pytest.raises(FrameworkError, match=rf"^x\.yaml:{line}: .*'XYZ\.9' is not a process of iso-15504-5-2012"):
        load_maturity_text(bad, "x.yaml", iso15504)
