"""ISO/IEC 33020 process assessments (shared/domain/iso-33020.md, automotive-spice.md).

Pure functions over plain values: the N/P/L/F scale and its refined values
(M1, M4), aggregation of an attribute's instance ratings (M3), the capability
level of a set of attribute ratings (M2), the Automotive SPICE consistency
rules (AS8, AS10) and an attached organizational maturity model. Rule ids are
the domain pages' (M1 ..., AS1 ...); 33020's own rating methods R1-R3 are cited
as "M5 (R2)".

The rating scheme ``iso-33020``: projects are the process instances; every
process attribute is rated per instance by the assessor (a cell like a CMMI
practice's, id ``SWE.1 PA 2.1``), its indicators (base and generic practices)
too; the tool proposes an attribute rating from the indicators and never sets
one (AS2.3).

The rules live in five modules: ``capability`` (the scale, M3 aggregation, M2
capability level), ``scope``, ``consistency`` (AS8, AS10), ``decisions`` (justified
deviations, instance weights) and this one: the model check, the proposal from the
indicators and the roll-up to processes and organizational maturity. Every name
stays importable from here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from appraise.errors import FrameworkError
from appraise.framework.model import Framework
from appraise.schemes.common import Decision, Scope, latest_decisions
from appraise.schemes.iso33020.capability import (
    _NUMBER,
    Aggregate,
    CapabilityLevel,
    aggregate,
    base_value,
    capability_level,
    number,
    round_half_up,
)
from appraise.schemes.iso33020.consistency import (
    AS10_BASE_PRACTICES,
    AS10_GENERIC_PRACTICES,
    AS10_PROCESS,
    CONSISTENCY_RULES,
    _all_hits,
    check_as8,
    check_as10,
    higher,
)
from appraise.schemes.iso33020.decisions import (
    CONSISTENCY,
    JUSTIFIED,
    WEIGHTS,
    WEIGHTS_TARGET,
    decision_basis,
    decision_options,
    resolve_target,
    weights_of,
)
from appraise.schemes.iso33020.results import (
    BASE,
    REFINED,
    SCHEME_ID,
    VALUE,
    AssessmentResult,
    AttributeResult,
    Hit,
    MaturityResult,
    ProcessResult,
    cite,
)
from appraise.schemes.iso33020.scope import (
    allowed_values,
    attribute_levels,
    attributes_in_scope,
    make_scope,
    practices_in_scope,
)

__all__ = [
    "AS10_BASE_PRACTICES", "AS10_GENERIC_PRACTICES", "AS10_PROCESS", "BASE", "CONSISTENCY", "CONSISTENCY_RULES",
    "JUSTIFIED", "REFINED", "SCHEME_ID", "VALUE", "WEIGHTS", "WEIGHTS_TARGET", "Aggregate", "AssessmentResult",
    "AttributeResult", "CapabilityLevel", "Hit", "MaturityResult", "ProcessResult", "aggregate", "allowed_values",
    "attribute_levels", "attributes_in_scope", "base_value", "capability_level", "check_as8", "check_as10",
    "check_framework", "cite", "decision_basis", "decision_options", "higher", "make_scope", "number",
    "organizational_maturity", "practices_in_scope", "propose", "rate", "resolve_target", "round_half_up",
    "weights_of",
]


def check_framework(framework: Framework) -> None:
    """Refuse a model these rules cannot rate: the N/P/L/F scale (and refined values), attributes per level."""
    where = framework.origin or framework.id
    ids = set(framework.scale.ids)
    if not set(BASE) <= ids or not ids <= set(BASE) | set(REFINED):
        raise FrameworkError(f"{where}: scale.values: the {SCHEME_ID} scheme rates N, P, L, F "
                             f"(and the refined P-, P+, L-, L+), not {', '.join(framework.scale.ids)}")
    for value in framework.scale.values:
        if value.refined != (value.id in REFINED):
            raise FrameworkError(f"{where}: scale.values: {value.id} must {'' if value.id in REFINED else 'not '}"
                                 "be marked refined")
    if not framework.attributes:
        raise FrameworkError(f"{where}: the {SCHEME_ID} scheme needs process_attributes and processes")
    unknown = [r for r in framework.consistency_rules if r not in CONSISTENCY_RULES]
    if unknown:
        raise FrameworkError(f"{where}: consistency_rules: appraise does not know {', '.join(unknown)} "
                             f"(known: {', '.join(CONSISTENCY_RULES)})")


# -- rating ------------------------------------------------------------------------------

def propose(indicators: Mapping[str, str | None] | Sequence[str | None]) -> tuple[str | None, str]:
    """An attribute rating proposed from its indicators' ratings in one instance (AS2.3).

    The method (the mean of N=0 .. F=3 over the rated indicators, rounded half up as in M3.3)
    is this tool's aid, not a rule of the method: the domain page says none is fixed.
    """
    if isinstance(indicators, Mapping):
        indicators = list(indicators.values())
    rated = [number(v) for v in indicators if v]
    if not rated:
        return None, ""
    return _proposal(sum(rated), len(rated), len(indicators))


@lru_cache(maxsize=4096)
def _proposal(s: int, n: int, total: int) -> tuple[str, str]:
    """The proposal for ``n`` of ``total`` indicators rated, summing to ``s`` (N=0 .. F=3), and its rule."""
    value = BASE[(2 * s + n) // (2 * n)]  # the mean rounded half up, exactly
    return value, cite("AS2.3", f"proposal {value}: mean {s / n:.2f} of {n} of {total} "
                                "indicator ratings, rounded half up")


def rate(framework: Framework, scope: Scope, characterizations: Mapping[str, Mapping[str, str]],
         decisions: Iterable[Decision] = (), findings: Sequence[Any] = ()) -> AssessmentResult:
    """Rate the assessment: attributes per instance and aggregated, capability levels, consistency, maturity."""
    decisions = list(decisions)
    latest = latest_decisions(decisions)
    weights, weights_why = weights_of(decisions, scope.projects)
    empty: Mapping[str, str] = {}
    pending: list[dict[str, Any]] = []
    stale: list[dict[str, Any]] = []
    hits_by_process: dict[str, list[Hit]] = {}
    for hit in _all_hits(framework, scope, characterizations):
        justification = latest.get((CONSISTENCY, hit.id))
        if justification is not None:
            if justification.basis is None or dict(justification.basis) == hit.values:
                hit.justified, hit.rationale = True, justification.rationale
            else:
                stale.append({"target": hit.id, "kind": CONSISTENCY, "value": justification.value,
                              "why": "the ratings changed since the deviation was justified"})
        if hit.kind == "violation" and not hit.justified:
            pending.append({"target": hit.id, "kind": CONSISTENCY, "options": [JUSTIFIED], "rule": hit.rule})
        hits_by_process.setdefault(hit.process, []).append(hit)

    processes = []
    for area_id in scope.areas:
        area = framework.area(area_id)
        by_level: dict[int, list[str]] = {}
        results = []
        for goal in attributes_in_scope(area, scope.target):
            by_level.setdefault(goal.generic_level or 0, []).append(goal.id)
            cells = characterizations.get(goal.id, empty)
            instances = {p: cells.get(p) for p in scope.projects}
            agg = aggregate(instances, weights)
            indicators = [p for p in goal.practices if not p.attribute]
            indicator_cells = [characterizations.get(p.id, empty) for p in indicators]
            proposal: dict[str, str] = {}
            proposal_rule: dict[str, str] = {}
            if indicators:  # propose() inlined: it runs for every attribute in every instance
                total = len(indicator_cells)
                for instance in scope.projects:
                    s = n = 0
                    for cells in indicator_cells:
                        v = cells.get(instance)
                        if v:
                            s += _NUMBER[v] if v in _NUMBER else number(v)
                            n += 1
                    if n:
                        proposal[instance], proposal_rule[instance] = _proposal(s, n, total)
            results.append(AttributeResult(
                goal.id, goal.title, goal.generic_level or 0, agg.value, agg.mean, instances,
                agg.rule, proposal, proposal_rule,
                [{"id": p.id, "instances": dict(cells)} for p, cells in zip(indicators, indicator_cells)],
                [f"{goal.id} {i}" for i in agg.missing]))
        aggregated = {a.id: a.rating for a in results}
        level = capability_level(aggregated, by_level, scope.target)
        blocked = list(level.blocked_by)
        if level.level is None:  # name the cells, not just the attributes (M2.3, M3.6)
            blocked = [cell for a in results if a.id in level.missing for cell in a.missing]
        instance_levels: dict[str, int | None] = {}
        instance_rules: dict[str, str] = {}
        for instance in scope.projects:
            own = capability_level({a.id: a.instances[instance] for a in results}, by_level, scope.target)
            instance_levels[instance], instance_rules[instance] = own.level, own.rule
        processes.append(ProcessResult(area_id, area.title, level.level, level.at_least, level.rule, blocked,
                                       instance_levels, instance_rules, results, hits_by_process.get(area_id, [])))
    maturity = None
    if scope.maturity_model is not None:
        maturity = organizational_maturity(scope.maturity_model, processes, scope.target)
    return AssessmentResult(framework.id, scope.target, list(scope.projects), processes, weights, weights_why,
                            scope.refined, maturity, framework.no_maturity_levels, pending, stale)


def organizational_maturity(model: Any, processes: Sequence[ProcessResult], target: int) -> MaturityResult:
    """The highest level whose requirements, and those of every lower level, are met (OM1)."""
    by_id = {p.id: p for p in processes}
    achieved = model.base_level
    name = f"maturity model {model.id}: {model.title}"
    for level in model.levels:
        below: list[str] = []
        undetermined: list[str] = []
        for req in level.requires:
            for pid in req.processes:
                p = by_id.get(pid)
                if p is None:
                    below.append(f"{pid} (not assessed)")
                elif req.capability_level > target:
                    below.append(f"{pid} (needs CL {req.capability_level}, beyond the target CL {target})")
                elif p.capability_level is not None:
                    if p.capability_level < req.capability_level:
                        below.append(f"{pid} (CL {p.capability_level}, needs CL {req.capability_level})")
                elif p.at_least < req.capability_level:
                    undetermined.append(f"{pid} (not rated)")
        if below:
            return MaturityResult(achieved, achieved, cite("OM1", f"level {level.level} not reached; {name}"),
                                  below + undetermined, model.id)
        if undetermined:
            return MaturityResult(None, achieved, cite("OM1", f"level {level.level} cannot be determined while "
                                                              f"processes are not rated; {name}"),
                                  undetermined, model.id)
        achieved = level.level
    return MaturityResult(achieved, achieved, cite("OM1", f"level {achieved} reached; {name}"), [], model.id)
