"""CMMI Appraisal Method results as the neutral rating tree: level, practice areas, practice groups, practices.

Its ``to_dict()`` is the JSON of issue 12, item 5 (``results.RatingResult.to_dict``).
"""

from __future__ import annotations

from typing import Any

from appraise.framework.model import Framework
from appraise.schemes.cmmi_appraisal.report import level_line, level_rule
from appraise.schemes.cmmi_appraisal.results import (
    NOT_RATED,
    OUT_OF_SCOPE,
    PENDING,
    SATISFIED,
    UNSATISFIED,
    AreaResult,
    GroupResult,
    PracticeResult,
    RatingResult,
)
from appraise.schemes.common import Scope
from appraise.schemes.tree import Extra, RatingNode, RatingTree, Status

#: A practice group's rating, as a node's status.
STATUS: dict[str, Status] = {SATISFIED: "rated", UNSATISFIED: "rated", PENDING: "pending", NOT_RATED: "not_rated"}
#: The values that show a weakness at the OU (a face draws attention to them).
WEAK = frozenset({"PM", "DM", "H", "M"})


def build_tree(framework: Framework, scope: Scope, result: RatingResult) -> RatingTree:
    children = [_level(result), *(_area(framework, a, result) for a in result.areas)]
    root = RatingNode(framework.id, "appraisal", framework.title, children=tuple(children),
                      extra={"appraisal_type": result.appraisal_type, "method_version": result.method_version})
    return RatingTree.of_result(result, root, scope.projects, _headline, "the team must choose")


def _headline(document: dict[str, Any]) -> tuple[str, ...]:
    return level_line(document), level_rule(document)


def _level(result: RatingResult) -> RatingNode:
    maturity = result.representation == "maturity"
    level = result.level
    value = None
    if result.gives_ratings and level.level is not None:
        value = f"{'ML' if maturity else 'CL'} {level.level}"
    status: Status = "rated" if value is not None else "not_rated" if not result.gives_ratings else "blocked"
    extra: dict[str, Extra] = {"at_least": level.at_least, "target": result.target,
                               "target_met": None if value is None else (level.level or 0) >= result.target}
    if result.profile is not None:
        extra["profile"] = {k: v for k, v in result.profile.items()}
    return RatingNode("level", "level", "Maturity level" if maturity else "Capability profile", value, status,
                      level.rule, tuple(level.blocked_by), extra=extra)


def _area_value(area: AreaResult) -> tuple[str | None, Status]:
    if area.rating is None:
        return None, "pending"
    if area.rating == OUT_OF_SCOPE:
        return OUT_OF_SCOPE, "not_applicable"
    if area.rating == NOT_RATED:
        return NOT_RATED, "not_rated"
    return str(area.rating), "rated"


def _area(framework: Framework, area: AreaResult, result: RatingResult) -> RatingNode:
    value, status = _area_value(area)
    extra: dict[str, Extra] = {"target": area.target, "top_level": area.top_level, "domain": area.domain,
                               "per_process": area.per_process}
    note = f"target {area.target}" if area.target is not None else "out of scope"
    if result.representation == "capability" and area.target is not None and result.gives_ratings:
        cl = area.capability_level
        note = f"CL {cl if cl is not None else '?'} of {area.target}"
        extra["capability_level"] = cl
    extra["note"] = note
    if area.target is not None:
        extra["value_note"] = f"level {value} of target {area.target}" if status == "rated" else note
    attention = (result.gives_ratings and area.target is not None and
                 (not isinstance(area.rating, int) or area.rating < area.target))
    return RatingNode(area.id, "area", framework.area(area.id).title, value, status, area.rule, area.blocked_by,
                      children=tuple(_group(framework, g, result.gives_ratings) for g in area.groups),
                      extra=extra, attention=attention)


def _group(framework: Framework, group: GroupResult, rated: bool) -> RatingNode:
    extra: dict[str, Extra] = {"level": group.level, "decided": group.decided}
    if group.options:
        extra["hint"] = "d: judge whether the LM weaknesses are significant for the practice group (V3.2)"
    if group.rationale:
        extra["rationale"] = group.rationale
    title = framework.goal(group.id).title or f"Level {group.level}"
    status: Status = "not_rated" if group.waiting else STATUS.get(group.rating, "rated")  # data missing, no decision
    value = None if group.waiting else group.rating  # no value yet (the JSON keeps the "pending")
    return RatingNode(group.id, "goal", title, value, status, group.rule,
                      group.blocked_by, options=group.options,
                      children=tuple(_practice(framework, p) for p in group.practices), extra=extra,
                      attention=rated and group.rating != SATISFIED)


def _practice(framework: Framework, practice: PracticeResult) -> RatingNode:
    status: Status = "rated"
    if practice.missing:
        status = "not_rated"
    elif practice.ou is None:
        status = "pending"
    elif practice.ou in ("NY", "NC"):
        status = "not_rated"
    extra: dict[str, Extra] = {"decided": practice.decided, "empty": "not characterized", "aggregate_word": "OU"}
    if practice.rationale:
        extra["rationale"] = practice.rationale
    if practice.flags:
        extra["flags"] = practice.flags
    if practice.processes is not None:
        extra["processes"] = {name: {"cell": row.cell, "instances": dict(row.instances), "ou": row.ou,
                                     "options": list(row.options), "decided": row.decided, "rule": row.rule}
                              for name, row in practice.processes.items()}
    return RatingNode(practice.id, "practice", framework.practice(practice.id).title, practice.ou, status,
                      practice.rule, practice.missing, practice.instances, practice.options, extra=extra,
                      attention=practice.ou in WEAK or status == "pending")
