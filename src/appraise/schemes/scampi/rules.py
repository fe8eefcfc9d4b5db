"""SCAMPI A v1.3 rating rules for CMMI-DEV v1.3 (shared/domain/scampi-v1.3.md).

Pure functions over plain values: the framework, the scope, the instantiation
characterizations ``{practice: {project: value}}`` and the team's decisions.
Every result carries the id of the rule that produced it and what blocks a
higher result. Where the method leaves a choice to the team, the result offers
the allowed values and stays pending until a decision is recorded.

The rules live in four modules: ``method`` (decision kinds, rating values, the rule
table, R2 aggregation), ``scope`` (the model check and the scope), ``decisions``
(the team's decisions) and this one, the roll-up from practices to goals, areas and
levels (R3-R6). Every name stays importable from here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from appraise.framework.model import Framework
from appraise.schemes.common import Decision, Scope, latest_decisions
from appraise.schemes.scampi.decisions import (
    _not_applicable,
    decision_basis,
    decision_kind,
    decision_options,
    refusal,
    resolve_target,
)
from appraise.schemes.scampi.method import (
    AREA_DECISION_OPTIONS,
    GOAL_DECISION_OPTIONS,
    GOAL_NOT_SIGNIFICANT,
    GOAL_UNSATISFIED,
    GOAL_WEAKNESS,
    IMPLEMENTED,
    NOT_APPLICABLE,
    NOT_APPLICABLE_RATING,
    NOT_IMPLEMENTED,
    NOT_RATED,
    OU_CHARACTERIZATION,
    PENDING,
    RULES,
    SATISFIED,
    UNSATISFIED,
    Aggregation,
    aggregate,
    cite,
)
from appraise.schemes.scampi.results import (
    SCHEME_ID,
    AreaResult,
    GoalResult,
    LevelResult,
    PracticeResult,
    RatingResult,
)
from appraise.schemes.scampi.scope import (
    SCALE,
    allowed_values,
    check_framework,
    goals_in_scope,
    make_scope,
    practices_in_scope,
)

__all__ = [
    "AREA_DECISION_OPTIONS", "GOAL_DECISION_OPTIONS", "GOAL_NOT_SIGNIFICANT", "GOAL_UNSATISFIED", "GOAL_WEAKNESS",
    "IMPLEMENTED", "NOT_APPLICABLE", "NOT_APPLICABLE_RATING", "NOT_IMPLEMENTED", "NOT_RATED", "OU_CHARACTERIZATION",
    "PENDING", "RULES", "SATISFIED", "SCALE", "SCHEME_ID", "UNSATISFIED", "Aggregation", "AreaResult", "GoalResult",
    "LevelResult", "PracticeResult", "RatingResult", "aggregate", "allowed_values", "check_framework", "cite",
    "combine", "decision_basis", "decision_kind", "decision_options", "goals_in_scope", "make_scope",
    "practices_in_scope", "rate", "rate_goal", "rate_practice", "refusal", "resolve_target",
]


# -- R3-R6: goals, areas, levels -------------------------------------------------------

def rate_practice(practice_id: str, cells: Mapping[str, str], projects: Sequence[str],
                  decision: Decision | None) -> tuple[PracticeResult, bool]:
    """Characterize one practice at the OU level; returns (result, decision_was_stale)."""
    instances = {p: cells.get(p) for p in projects}
    missing = tuple(p for p in projects if instances[p] is None)
    if missing:
        rule = cite("R3.3", f"not characterized in {', '.join(missing)}")
        return PracticeResult(practice_id, instances, None, (), False, rule, missing), decision is not None
    agg = aggregate(instances[p] for p in projects)  # type: ignore[misc]
    if not agg.options:
        return PracticeResult(practice_id, instances, agg.value, (), False, agg.rule), decision is not None
    if decision is not None and decision.value in agg.options and (
            decision.basis is None or dict(decision.basis) == instances):
        rule = f"{agg.rule}; team decision: {decision.value}"
        return PracticeResult(practice_id, instances, decision.value, agg.options, True, rule,
                              rationale=decision.rationale), False
    return PracticeResult(practice_id, instances, None, agg.options, False, agg.rule), decision is not None


def rate_goal(goal_id: str, practices: Sequence[PracticeResult], weakness: Decision | None,
              generic_level: int | None = None) -> GoalResult:
    """Rate one goal from its practices' OU characterizations (R3)."""
    not_rated = [p.id for p in practices if p.missing or p.ou == "NY"]
    if not_rated:
        return GoalResult(goal_id, NOT_RATED, cite("R3.3", "practices not characterized everywhere or NY"),
                          not_rated, list(practices), generic_level)
    pending = [p.id for p in practices if p.ou is None]
    if pending:
        return GoalResult(goal_id, PENDING, cite("R3.3", "practices await a team decision"),
                          pending, list(practices), generic_level)
    weak = [p.id for p in practices if p.ou in NOT_IMPLEMENTED]
    if weak:
        return GoalResult(goal_id, UNSATISFIED, cite("R3.2", "practices PI or NI"), weak, list(practices),
                          generic_level)
    if weakness is not None and weakness.value == GOAL_UNSATISFIED:
        return GoalResult(goal_id, UNSATISFIED, cite("R3.2", "team judged the weaknesses significant"),
                          ["team decision: weaknesses significant"], list(practices), generic_level)
    return GoalResult(goal_id, SATISFIED, cite("R3.1"), [], list(practices), generic_level)


def combine(goals: Sequence[GoalResult]) -> tuple[str, list[str]]:
    """The rating a set of goals gives an area, and the goals that hold it back (R4.1)."""
    by_rating: dict[str, list[str]] = {}
    for g in goals:
        by_rating.setdefault(g.rating, []).append(g.id)
    for rating in (UNSATISFIED, NOT_RATED, PENDING):
        if rating in by_rating:
            return rating, by_rating[rating]
    return SATISFIED, []


def rate(framework: Framework, scope: Scope, characterizations: Mapping[str, Mapping[str, str]],
         decisions: Iterable[Decision] = (), findings: Sequence[Any] = ()) -> RatingResult:
    """Rate the appraisal: practices, goals, areas, then the level (R2-R6)."""
    latest = latest_decisions(decisions)
    not_applicable = _not_applicable(framework, latest)
    pending: list[dict[str, Any]] = []
    stale: list[dict[str, Any]] = []
    areas: list[AreaResult] = []
    empty: Mapping[str, str] = {}
    for area_id in scope.areas:
        area = framework.area(area_id)
        applies = area_id not in not_applicable  # in an area that does not apply, nothing waits for the team
        goal_results = []
        for goal in goals_in_scope(area, scope.representation, scope.target):
            practice_results = []
            for practice in goal.practices:
                decision = latest.get((OU_CHARACTERIZATION, practice.id))
                result, was_stale = rate_practice(practice.id, characterizations.get(practice.id, empty),
                                                  scope.projects, decision)
                if was_stale and decision is not None and applies:
                    stale.append({"target": practice.id, "kind": OU_CHARACTERIZATION, "value": decision.value,
                                  "why": "the characterizations changed since the decision was made"})
                if result.options and not result.decided and applies:
                    pending.append({"target": practice.id, "kind": OU_CHARACTERIZATION,
                                    "options": list(result.options)})
                practice_results.append(result)
            weakness = latest.get((GOAL_WEAKNESS, goal.id))
            has_weakness = any(p.ou == "LI" for p in practice_results)  # R1: FI notes none, PI/NI rate it anyway
            if weakness is not None and (not has_weakness or (weakness.basis is not None and dict(
                    weakness.basis) != {p.id: p.ou or "" for p in practice_results})):
                if applies:
                    stale.append({"target": goal.id, "kind": GOAL_WEAKNESS, "value": weakness.value,
                                  "why": "its practices' characterizations changed since the judgement"})
                weakness = None
                result = rate_goal(goal.id, practice_results, None, goal.generic_level)
                if result.rating == SATISFIED and has_weakness:
                    # the team judged these weaknesses once: the tool does not judge the new ones for it
                    result = GoalResult(goal.id, PENDING, cite("R3.3", "the team's judgement of the weaknesses no "
                                                                      "longer applies: judge them again"),
                                        [goal.id], result.practices, goal.generic_level)
                    if applies:
                        pending.append({"target": goal.id, "kind": GOAL_WEAKNESS,
                                        "options": list(GOAL_DECISION_OPTIONS)})
                goal_results.append(result)
                continue
            goal_results.append(rate_goal(goal.id, practice_results, weakness, goal.generic_level))
        if not applies:
            rating, rule, blocked = NOT_APPLICABLE_RATING, cite("R4.2", "team decision: not applicable"), []
            for g in goal_results:  # nothing in an area that does not apply is rated
                g.rating, g.rule, g.blocked_by = NOT_APPLICABLE_RATING, cite("R4.2", "the area is not applicable"), []
                for p in g.practices:
                    p.rule = cite("R4.2", "the area is not applicable")
        else:
            rating, blocked = combine(goal_results)
            rule = cite("R4.1") if rating in (SATISFIED, UNSATISFIED) else cite(
                "R4.2" if rating == NOT_RATED else "R3.3", f"goals {rating.replace('_', ' ')}")
        areas.append(AreaResult(area_id, area.title, area.maturity_level, rating, rule, blocked, goal_results))

    maturity = equivalent = None
    if scope.representation == "staged":
        maturity = _maturity_level(framework, scope, areas)
    else:
        for a in areas:
            _capability_level(a, scope.target)
        equivalent = _equivalent_staging(framework, areas, scope.target)
    return RatingResult(framework.id, scope.representation, scope.target, list(scope.projects), areas,
                        maturity, equivalent, pending, stale)


def _goals_for_level(area: AreaResult, level: int) -> list[GoalResult]:
    return [g for g in area.goals if g.generic_level is None or g.generic_level <= level]


def _maturity_level(framework: Framework, scope: Scope, areas: Sequence[AreaResult]) -> LevelResult:
    achieved = 1
    for level in range(2, scope.target + 1):
        unsatisfied: list[str] = []
        undetermined: list[str] = []
        for a in areas:
            if a.maturity_level is None or a.maturity_level > level or a.rating == NOT_APPLICABLE_RATING:
                continue
            rating, blocked = combine(_goals_for_level(a, level))
            if rating == UNSATISFIED:
                unsatisfied.extend(blocked)
            elif rating != SATISFIED:
                undetermined.extend(blocked)
        if unsatisfied:
            return LevelResult(achieved, achieved, cite("R5.1", f"ML{level} not achieved: goals unsatisfied"),
                               unsatisfied + undetermined)
        if undetermined:
            return LevelResult(None, achieved, cite(
                "R5.1", f"ML{level} cannot be determined while goals are not rated or pending"), undetermined)
        achieved = level
    return LevelResult(achieved, achieved, cite("R5.1", f"ML{achieved} achieved"))


def _capability_level(area: AreaResult, target: int) -> None:
    if area.rating == NOT_APPLICABLE_RATING:
        area.capability_rule = cite("R4.2", "not applicable: no capability level")
        return
    achieved = 0
    for level in range(1, target + 1):
        rating, blocked = combine(_goals_for_level(area, level))
        if rating == UNSATISFIED:
            area.capability_level, area.capability_at_least = achieved, achieved
            area.capability_rule = cite("R6.1", f"CL {level} not reached")
            area.capability_blocked_by = blocked
            return
        if rating != SATISFIED:
            area.capability_level, area.capability_at_least = None, achieved
            area.capability_rule = cite("R6.1", f"CL {level} cannot be determined yet")
            area.capability_blocked_by = blocked
            return
        achieved = level
    area.capability_level = area.capability_at_least = achieved
    area.capability_rule = cite("R6.1", f"CL {achieved} reached")


def _equivalent_staging(framework: Framework, areas: Sequence[AreaResult], target: int) -> LevelResult:
    by_id = {a.id: a for a in areas}
    achieved = 1
    for stage in sorted(framework.equivalent_staging, key=lambda s: s.maturity_level):
        if stage.capability_level > target:  # goals above the target were never rated: nobody to blame
            return LevelResult(achieved, achieved, cite(
                "R6.2", f"ML{stage.maturity_level} needs CL {stage.capability_level}, beyond this appraisal's "
                        f"target CL {target}"))
        below: list[str] = []
        undetermined: list[str] = []
        for model_area in framework.areas:
            if model_area.maturity_level is None or model_area.maturity_level > stage.up_to_maturity_level:
                continue
            a = by_id.get(model_area.id)
            if a is None:
                below.append(f"{model_area.id} (not in scope)")
            elif a.rating == NOT_APPLICABLE_RATING:
                continue
            elif a.capability_level is not None:
                if a.capability_level < stage.capability_level:
                    below.append(f"{a.id} (CL {a.capability_level})")
            elif (a.capability_at_least or 0) < stage.capability_level:
                undetermined.append(a.id)
        detail = f"ML{stage.maturity_level} needs every area of ML <= {stage.up_to_maturity_level} " \
                 f"at CL {stage.capability_level}"
        if below:
            return LevelResult(achieved, achieved, cite("R6.2", detail), below + undetermined)
        if undetermined:
            return LevelResult(None, achieved, cite("R6.2", detail + "; capability levels not determined yet"),
                               undetermined)
        achieved = stage.maturity_level
    return LevelResult(achieved, achieved, cite("R6.2", f"equivalent to ML{achieved}"))
