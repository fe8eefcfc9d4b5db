"""ISO/IEC 33020 results as the neutral rating tree: profile, processes, attributes, indicators, checks."""

from __future__ import annotations

from typing import Any

from appraise.framework.model import Framework
from appraise.schemes.common import Scope
from appraise.schemes.iso33020.report import level_line, level_rule
from appraise.schemes.iso33020.results import AssessmentResult, AttributeResult, Hit, ProcessResult
from appraise.schemes.tree import Extra, PendingDecision, RatingNode, RatingTree, Status


def build_tree(framework: Framework, scope: Scope, result: AssessmentResult) -> RatingTree:
    # the organizational maturity (when a model is attached) is part of the headline, with the profile
    children = [_process(framework, p) for p in result.processes]
    extra: dict[str, Extra] = {"aggregation": result.aggregation, "target": result.target}
    if result.maturity is not None:  # the organizational maturity: its rule and what holds it back
        extra.update(maturity_rule=result.maturity.rule, maturity_blocked_by=tuple(result.maturity.blocked_by))
    elif result.maturity_note:
        extra["maturity_note"] = result.maturity_note
    root = RatingNode(framework.id, "appraisal", framework.title, children=tuple(children), extra=extra)
    return RatingTree(result.scheme, root, tuple(scope.projects),
                      tuple(PendingDecision.of(d, "justify the deviation (AS4) or change a rating")
                            for d in result.pending_decisions),
                      tuple(PendingDecision.of(d) for d in result.stale_decisions),
                      document=result.to_dict, headline_of=_headline,
                      extra={"pending_word": "deviation", "units_word": "ratings", "aggregate_word": "aggregate",
                             "decided_mark": ""})


def _headline(document: dict[str, Any]) -> tuple[str, ...]:
    return level_line(document), level_rule(document)


def _process(framework: Framework, process: ProcessResult) -> RatingNode:
    open_hits = [h for h in process.consistency if h.kind == "violation" and not h.justified]
    extra: dict[str, Extra] = {"capability_level": process.capability_level,
                               "capability_level_at_least": process.at_least, "unrated": "CL ?",
                               "value_long": "not rated" if process.capability_level is None else
                               f"capability level {process.capability_level}", "empty": "not rated",
                               "cells_title": "Capability level per instance"}
    if open_hits:
        extra["alert"] = f"{len(open_hits)} open deviation{'s' if len(open_hits) != 1 else ''}"
    cells = {i: None if level is None else f"CL {level}" for i, level in process.instance_levels.items()}
    children = [_attribute(framework, a) for a in process.attributes] + [_check(h) for h in process.consistency]
    return RatingNode(process.id, "area", framework.area(process.id).title,
                      None if process.capability_level is None else f"CL {process.capability_level}",
                      "rated" if process.capability_level is not None else "not_rated", process.rule,
                      tuple(process.blocked_by), cells, children=tuple(children), extra=extra)


def _attribute(framework: Framework, attribute: AttributeResult) -> RatingNode:
    extra: dict[str, Extra] = {"level": attribute.level, "proposal": dict(attribute.proposal),
                               "proposal_rule": dict(attribute.proposal_rule), "empty": "not rated",
                               "aggregate_word": "Aggregate"}
    if attribute.mean is not None:
        extra["mean"] = float(attribute.mean)
    indicators = tuple(RatingNode(c.id, "practice", framework.practice(c.id).title or "", None, "rated", c.rule, (),
                                  c.instances, extra={"aggregated": False, "empty": "not rated"})
                       for c in attribute.practices if c.id != attribute.id)
    return RatingNode(attribute.id, "attribute", attribute.title, attribute.rating,
                      "rated" if attribute.rating is not None else "not_rated", attribute.rule,
                      tuple(attribute.missing), attribute.instances, children=indicators, extra=extra)


def _check(hit: Hit) -> RatingNode:
    status: Status = "justified" if hit.justified else "pending" if hit.kind == "violation" else "warning"
    extra: dict[str, Extra] = {"process": hit.process, "instance": hit.instance, "check_kind": hit.kind,
                               "hint": "A hit never changes a rating: change one, or record why the deviation is "
                                       "justified."}
    if hit.rationale:
        extra["rationale"] = hit.rationale
    return RatingNode(hit.id, "check", hit.rule, "justified" if hit.justified else None, status, hit.rule,
                      cells=dict(hit.values), options=() if hit.justified or hit.kind != "violation" else
                      ("justified",), extra=extra, attention=status == "pending")
