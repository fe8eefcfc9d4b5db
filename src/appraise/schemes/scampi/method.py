"""SCAMPI A v1.3: the words every part of the rules shares, and the first rule.

The decision kinds the team is asked for, the rating values, the rule table every
result cites (shared/domain/scampi-v1.3.md), and R2: aggregating the instantiation
characterizations of a practice to the organizational unit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# Decision kinds this scheme asks the team for.
OU_CHARACTERIZATION = "ou_characterization"
GOAL_WEAKNESS = "goal_weakness"
NOT_APPLICABLE = "not_applicable"

# Goal decision values: the team judged the aggregated weaknesses to have a
# significant negative impact on the goal (R3.2), or withdrew that judgement.
GOAL_UNSATISFIED = "unsatisfied"
GOAL_NOT_SIGNIFICANT = "not_significant"
GOAL_DECISION_OPTIONS = (GOAL_UNSATISFIED, GOAL_NOT_SIGNIFICANT)
AREA_DECISION_OPTIONS = ("not_applicable", "applicable")

SATISFIED = "satisfied"
UNSATISFIED = "unsatisfied"
PENDING = "pending"
NOT_RATED = "not_rated"
NOT_APPLICABLE_RATING = "not_applicable"

# Every rule the engine cites, id -> sentence (shared/domain/scampi-v1.3.md).
RULES: dict[str, str] = {
    "R2.1": "all instantiations have the same value, which the organizational unit takes",
    "R2.2": "all instantiations are FI or LI, at least one LI: LI",
    "R2.3": "at least one FI or LI and at least one PI or NI: team judgment, LI or PI",
    "R2.4": "all instantiations are PI or NI, at least one of each: team judgment, PI or NI",
    "R2.5": "NY instantiations are left out and R2.1-R2.4 apply to the others; all NY gives NY",
    "R3.1": "satisfied: every practice is FI or LI at the organizational unit and no weakness was judged significant",
    "R3.2": "unsatisfied: a practice is PI or NI at the organizational unit, or the team judged the weaknesses significant",
    "R3.3": "not rated while a practice lacks a characterization in an in-scope project, is NY, or awaits a team decision",
    "R4.1": "a process area is satisfied when every in-scope goal is satisfied, unsatisfied when any is unsatisfied",
    "R4.2": "an area the team decided does not apply is not applicable; one whose data are not sufficient is not rated",
    "R5.1": "maturity level n: every process area of ML <= n satisfied or not applicable with the goals level n requires",
    "R6.1": "capability level: CL 1 = SGs and GG 1 satisfied, CL 2 = and GG 2, CL 3 = and GG 3; otherwise CL 0",
    "R6.2": "equivalent staging maps the capability profile to a maturity level",
}


def cite(rule_id: str, detail: str = "") -> str:
    """A rule citation for a result: ``"R2.2: <sentence>"`` plus what this case adds."""
    text = f"{rule_id}: {RULES[rule_id]}"
    return f"{text} ({detail})" if detail else text


# -- R2: organizational-unit aggregation ----------------------------------------------

IMPLEMENTED = frozenset({"FI", "LI"})
NOT_IMPLEMENTED = frozenset({"PI", "NI"})


@dataclass(frozen=True)
class Aggregation:
    """The table's answer for one practice: a value, or the values the team may choose."""

    value: str | None
    options: tuple[str, ...]
    rule: str


def aggregate(values: Iterable[str]) -> Aggregation:
    """Aggregate instantiation characterizations to the organizational unit (R2).

    The whole table is here, one branch per row, so a correction touches one row.
    ``values`` are the characterizations of every in-scope project (FI LI PI NI NY).
    """
    all_values = list(values)
    if not all_values:
        raise ValueError("aggregate() needs at least one instantiation")
    rated = [v for v in all_values if v != "NY"]
    ny_note = "R2.5 + " if len(rated) != len(all_values) else ""
    if not rated:
        return Aggregation("NY", (), cite("R2.5", "every instantiation is NY"))
    present = set(rated)
    if len(present) == 1:
        (only,) = present
        return Aggregation(only, (), _rule(ny_note, "R2.1", f"all {only}"))
    if present <= IMPLEMENTED:
        return Aggregation("LI", (), _rule(ny_note, "R2.2", "FI and LI"))
    if present <= NOT_IMPLEMENTED:
        return Aggregation(None, ("PI", "NI"), _rule(ny_note, "R2.4", "PI and NI"))
    return Aggregation(None, ("LI", "PI"), _rule(ny_note, "R2.3", "FI/LI and PI/NI"))


def _rule(ny_note: str, rule_id: str, detail: str) -> str:
    if ny_note:
        return f"R2.5 + {cite(rule_id, detail + '; NY left out')}"
    return cite(rule_id, detail)
