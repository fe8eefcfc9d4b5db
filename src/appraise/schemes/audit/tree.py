"""ISO 9001 audit results as the neutral rating tree: recommendation, top clauses, clauses, findings."""

from __future__ import annotations

from typing import Any

from appraise.framework.model import Framework
from appraise.schemes.audit.report import level_line, level_rule
from appraise.schemes.audit.rules import (
    CONFORMITY,
    NONCONFORMITY,
    NOT_APPLICABLE,
    NOT_AUDITED,
    RECOMMENDED,
    RECOMMENDED_SUBJECT_TO_PLANS,
    AuditResult,
    ClauseResult,
    GroupResult,
    TopClauseResult,
)
from appraise.schemes.common import Scope
from appraise.schemes.tree import Extra, RatingNode, RatingTree, Status

#: A clause's result, as a node's status.
STATUS: dict[str, Status] = {CONFORMITY: "rated", NONCONFORMITY: "rated", NOT_AUDITED: "not_rated",
                             NOT_APPLICABLE: "not_applicable"}


def build_tree(framework: Framework, scope: Scope, result: AuditResult) -> RatingTree:
    decided = result.recommendation in (RECOMMENDED, RECOMMENDED_SUBJECT_TO_PLANS)
    level = RatingNode("recommendation", "level", "Certification recommendation", result.recommendation,
                       "rated" if decided else "blocked", result.rule, tuple(result.blocked_by),
                       extra={"attention": tuple(result.attention), "outside_audit": tuple(result.outside_audit)})
    root = RatingNode(framework.id, "appraisal", framework.title,
                      children=(level, *(_top(a) for a in result.areas)))
    return RatingTree.of_result(result, root, scope.projects, _headline)


def _headline(document: dict[str, Any]) -> tuple[str, ...]:
    return level_line(document), level_rule(document)


def _top(area: TopClauseResult) -> RatingNode:
    applies = area.rating != NOT_APPLICABLE
    return RatingNode(area.id, "area", area.title, area.rating, STATUS.get(area.rating, "rated"), area.rule,
                      tuple(area.blocked_by), children=tuple(_group(g, applies) for g in area.goals),
                      extra={"note": ""}, attention=area.rating != CONFORMITY and applies)


def _group(group: GroupResult, applies: bool) -> RatingNode:
    # a clause group always opens in the roll-up: its sub-clauses are what the auditor reads
    return RatingNode(group.id, "goal", group.title, group.rating, STATUS.get(group.rating, "rated"), group.rule,
                      tuple(group.blocked_by), children=tuple(_clause(c) for c in group.practices),
                      attention=applies)


def _clause(clause: ClauseResult) -> RatingNode:
    extra: dict[str, Extra] = {"result": clause.result, "has_sub_clauses": clause.parent,
                               "empty": "not characterized", "aggregate_word": "OU"}
    if clause.why:
        extra["why"] = clause.why
    findings = tuple(RatingNode(f"#{f.id}", "finding", f.grade, f.status if f.nonconformity else None,
                                "rated", "", extra={"grade": f.grade, "site": f.site, "clause": f.clause})
                     for f in clause.findings)
    return RatingNode(clause.id, "clause", clause.title, clause.ou, STATUS.get(clause.result, "rated"), clause.rule,
                      tuple(clause.missing), clause.instances, children=findings, extra=extra,
                      attention=clause.result in (NONCONFORMITY, NOT_AUDITED))
