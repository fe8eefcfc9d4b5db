"""SCAMPI A v1.3 results as the neutral rating tree: level, process areas, goals, practices."""

from __future__ import annotations

from typing import Any

from appraise.framework.model import Framework
from appraise.schemes.common import Scope
from appraise.schemes.scampi.report import level_line, level_rule
from appraise.schemes.scampi.results import AreaResult, GoalResult, LevelResult, PracticeResult, RatingResult
from appraise.schemes.scampi.rules import (
    NOT_APPLICABLE_RATING,
    NOT_IMPLEMENTED,
    NOT_RATED,
    PENDING,
    SATISFIED,
    UNSATISFIED,
)
from appraise.schemes.tree import Extra, RatingNode, RatingTree, Status

#: A goal's or area's rating, as a node's status.
STATUS: dict[str, Status] = {SATISFIED: "rated", UNSATISFIED: "rated", PENDING: "pending", NOT_RATED: "not_rated",
                             NOT_APPLICABLE_RATING: "not_applicable"}


def build_tree(framework: Framework, scope: Scope, result: RatingResult) -> RatingTree:
    level = result.maturity or result.equivalent
    children: list[RatingNode] = []
    if level is not None:
        children.append(_level(result, level))
    children += [_area(framework, a) for a in result.areas]
    root = RatingNode(framework.id, "appraisal", framework.title, children=tuple(children))
    return RatingTree.of_result(result, root, scope.projects, _headline, "the team must choose")


def _headline(document: dict[str, Any]) -> tuple[str, ...]:
    return level_line(document), level_rule(document)


def _level(result: RatingResult, level: LevelResult) -> RatingNode:
    staged = result.representation == "staged"
    extra: dict[str, Extra] = {"at_least": level.at_least, "target": result.target}
    if staged:  # a staged appraisal's level says whether the target was met; a continuous one has a profile
        extra["target_met"] = None if level.level is None else level.level >= result.target
    return RatingNode("level", "level", "Maturity level" if staged else "Equivalent maturity level",
                      None if level.level is None else f"ML {level.level}",
                      "rated" if level.level is not None else "blocked", level.rule, tuple(level.blocked_by),
                      extra=extra)


def _area(framework: Framework, area: AreaResult) -> RatingNode:
    applies = area.rating != NOT_APPLICABLE_RATING
    extra: dict[str, Extra] = {"maturity_level": area.maturity_level}
    note = f"ML{area.maturity_level}" if area.maturity_level else ""
    if area.maturity_level:
        extra["value_note"] = f"maturity level {area.maturity_level}"
    if area.capability_rule is not None:  # continuous: the area's capability level
        at_least = area.capability_at_least or 0
        note = "CL " + (str(area.capability_level) if area.capability_level is not None
                        else f"≥{at_least}, not determined" if at_least else "not determined")
        extra.update(capability_level=area.capability_level, capability_level_at_least=area.capability_at_least,
                     also_rule=area.capability_rule, also_blocked_by=tuple(area.capability_blocked_by))
    extra["note"] = note
    model = framework.area(area.id)
    options: tuple[str, ...] = ()
    if model.may_be_not_applicable:
        options = ("not_applicable", "applicable")
        extra["hint"] = "d: decide whether the area applies to the organizational unit"
    return RatingNode(area.id, "area", model.title, area.rating, STATUS[area.rating], area.rule,
                      tuple(area.blocked_by), options=options,
                      children=tuple(_goal(framework, g, applies) for g in area.goals), extra=extra,
                      attention=area.rating != SATISFIED and applies)


def _goal(framework: Framework, goal: GoalResult, applies: bool) -> RatingNode:
    extra: dict[str, Extra] = {}
    if goal.rating in (SATISFIED, UNSATISFIED, PENDING) and any(p.ou == "LI" for p in goal.practices):
        extra["hint"] = "d: record whether the weaknesses are significant for the goal"
    if goal.generic_level is not None:
        extra["generic_level"] = goal.generic_level
    return RatingNode(goal.id, "goal", framework.goal(goal.id).title, goal.rating, STATUS[goal.rating], goal.rule,
                      tuple(goal.blocked_by), children=tuple(_practice(framework, p) for p in goal.practices),
                      extra=extra, attention=goal.rating != SATISFIED and applies)


def _practice(framework: Framework, practice: PracticeResult) -> RatingNode:
    status: Status = "rated"
    if practice.missing:
        status = "not_rated"
    elif practice.ou is None:
        status = "pending"
    elif practice.ou == "NY":
        status = "not_rated"
    extra: dict[str, Extra] = {"decided": practice.decided, "empty": "not characterized", "aggregate_word": "OU"}
    if practice.rationale:
        extra["rationale"] = practice.rationale
    return RatingNode(practice.id, "practice", framework.practice(practice.id).title, practice.ou, status,
                      practice.rule, practice.missing, practice.instances, practice.options, extra=extra,
                      attention=practice.ou in NOT_IMPLEMENTED or status == "pending")
