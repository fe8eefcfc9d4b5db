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
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from typing import Any

from appraise.errors import FrameworkError, UsageError
from appraise.framework.model import Framework, Goal, ProcessArea
from appraise.schemes.common import Decision, Scope, latest_decisions
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

#: Every rating as stored, to its base value: the fast path of base_value().
_BASE_OF = {**{v: v for v in VALUE}, **REFINED}
#: Every rating as stored, to the number of its base value (M3.3: N=0 .. F=3).
_NUMBER = {r: VALUE[b] for r, b in _BASE_OF.items()}


def number(rating: str) -> int:
    """N=0, P=1, L=2, F=3 for a (possibly refined) rating (M3.3, M4.1)."""
    found = _NUMBER.get(rating)
    return VALUE[base_value(rating)] if found is None else found


def base_value(rating: str) -> str:
    """The N/P/L/F value a (possibly refined) rating counts as (M4.1)."""
    found = _BASE_OF.get(rating)
    if found is not None:
        return found
    rating = rating.strip().upper().replace("−", "-")
    if rating in VALUE:
        return rating
    if rating in REFINED:
        return REFINED[rating]
    raise ValueError(f"{rating!r} is not a process attribute rating (N, P-, P, P+, L-, L, L+, F)")


def round_half_up(value: Fraction) -> int:
    """Round to the nearest integer, x.5 up (Python's round() goes to even: 2.5 -> 2)."""
    return int((value * 2 + 1) // 2)


@dataclass(frozen=True)
class Aggregate:
    """An attribute's rating over its instances (M3): the value, the mean it came from, the rule."""

    value: str | None
    mean: Fraction | None
    rule: str
    missing: tuple[str, ...] = ()


def aggregate(ratings: Mapping[str, str | None], weights: Mapping[str, int | Fraction] | None = None) -> Aggregate:
    """Aggregate one attribute's instance ratings (M3.3; M3.4 with weights; M3.6 for gaps)."""
    if not ratings:
        raise ValueError("aggregate() needs at least one instance")
    missing = tuple(i for i, r in ratings.items() if r is None)
    if missing:
        return Aggregate(None, None, cite("M3.6", f"not rated in {', '.join(missing)}"), missing)
    values = {i: number(r) for i, r in ratings.items() if r is not None}
    if weights is None:
        num, den = sum(values.values()), len(values)
        mean = Fraction(num, den)
        rule = cite("M3.3", f"mean {num / den:.2f}")
    else:
        absent = [i for i in values if i not in weights]
        if absent or any(weights[i] < 0 for i in values) or not sum(weights[i] for i in values):
            raise ValueError("every instance needs a non-negative weight, and not all of them zero")
        if all(isinstance(weights[i], int) for i in values):  # whole weights: exact in integers
            num, den = sum(weights[i] * v for i, v in values.items()), sum(weights[i] for i in values)
            mean = Fraction(num, den)  # type: ignore[arg-type]
        else:
            mean = sum(Fraction(weights[i]) * v for i, v in values.items()) / sum(Fraction(weights[i])
                                                                                  for i in values)
        exact = f"{mean} = {float(mean):.3f}" if mean.denominator != 1 else str(mean)
        rule = cite("M3.4", f"weighted mean {exact}")
    # round half up exactly: (2s + n) // 2n for a mean s/n (Python's round() goes to even)
    return Aggregate(BASE[(2 * mean.numerator + mean.denominator) // (2 * mean.denominator)], mean, rule)


@dataclass(frozen=True)
class CapabilityLevel:
    """A process's capability level from its attribute ratings (M2), or None while a rating is missing."""

    level: int | None
    at_least: int
    rule: str
    blocked_by: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def capability_level(ratings: Mapping[str, str | None], attributes_by_level: Mapping[int, Sequence[str]],
                     target: int) -> CapabilityLevel:
    """The capability level of one set of attribute ratings (an instance's, or the aggregated set).

    ``attributes_by_level`` is the framework's table (1: PA 1.1; 2: PA 2.1, PA 2.2; ...);
    attributes above ``target`` are not rated, so the result never exceeds it (M2.3).
    """
    missing = [a for level in range(1, target + 1) for a in attributes_by_level.get(level, ())
               if ratings.get(a) is None]
    if missing:  # M2.3: never a level computed over a gap, even where the rated ones already decide it
        at_least = 0
        for level in range(1, target + 1):
            attributes = attributes_by_level.get(level, ())
            lower = [a for lv in range(1, level) for a in attributes_by_level.get(lv, ())]
            if any(ratings.get(a) is None for a in (*lower, *attributes)) or \
                    any(base_value(ratings[a]) not in ("L", "F") for a in attributes) or \
                    any(base_value(ratings[a]) != "F" for a in lower):
                break
            at_least = level
        return CapabilityLevel(None, at_least, cite("M2.3", f"not rated while {', '.join(missing)} lack ratings"),
                               list(missing), list(missing))
    achieved = 0
    for level in range(1, target + 1):
        attributes = attributes_by_level.get(level, ())
        lower = [a for lv in range(1, level) for a in attributes_by_level.get(lv, ())]
        unmet = [a for a in attributes if ratings.get(a) is not None and base_value(ratings[a]) not in ("L", "F")]
        not_full = [a for a in lower if ratings.get(a) is not None and base_value(ratings[a]) != "F"]
        if unmet or not_full:  # this level is not reached, whatever the missing ratings would be
            return CapabilityLevel(achieved, achieved, cite("M2.1", f"CL {level} not reached"),
                                   not_full + unmet, missing)
        if any(ratings.get(a) is None for a in (*lower, *attributes)):
            return CapabilityLevel(None, achieved, cite("M2.3", f"CL {level} and above cannot be determined while "
                                                                f"{', '.join(missing)} lack ratings"),
                                   list(missing), list(missing))
        achieved = level
    return CapabilityLevel(achieved, achieved, cite("M2.1", f"CL {achieved} reached; the target is CL {target}"))


# == the rating scheme =================================================================

#: Decision kinds this scheme records: a justified consistency deviation (AS4) and instance weights (M3.4).
CONSISTENCY = "consistency"
WEIGHTS = "aggregation_weights"
WEIGHTS_TARGET = "instances"
JUSTIFIED = "justified"

#: The consistency rules appraise can check, with the kind of rule (AS3: "shall" needs a
#: justification when deviated from, "should" is a warning). AS8's GP-level pairs, AS9 and the
#: process-specific rules are not transcribed on the domain page (unconfirmed), so not coded.
CONSISTENCY_RULES = {"AS8": "shall", "AS10": "should"}
#: AS10's indicators (4.0 numbers; the same ids exist in 3.1 — applying them there is unconfirmed).
AS10_PROCESS = "MAN.3"
AS10_BASE_PRACTICES = ("BP4", "BP5", "BP6", "BP7", "BP8")
AS10_GENERIC_PRACTICES = ("GP 2.1.2", "GP 2.1.3", "GP 2.1.4", "GP 2.1.5", "GP 2.1.6")
#: Rank used to say whether one rating is higher than another: refined values only differ from
#: their plain base when both sides are refined (a plain L spans L- and L+).
_REFINED_RANK = {"P-": 0, "P+": 1, "L-": 0, "L+": 1}


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


def attribute_levels(framework: Framework) -> list[int]:
    return sorted({a.level for a in framework.attributes})


def make_scope(framework: Framework, representation: str, target: int, areas: Sequence[str],
               projects: Sequence[str]) -> Scope:
    """The processes chosen (``--processes`` or a named scope), every one in every instance (AS1.4)."""
    if representation not in framework.representations:
        raise UsageError(f"{framework.id} rates capability levels per process: use the "
                         f"{' or '.join(framework.representations)} representation, not {representation!r}")
    if not projects:
        raise UsageError("an assessment needs at least one process instance (project)")
    levels = attribute_levels(framework)
    if target not in levels:
        raise UsageError(f"the target is a capability level: one of {', '.join(map(str, levels))}")
    if not areas:
        named = ", ".join(f"--scope {s.name}" for s in framework.scopes.values())
        raise UsageError("choose the processes to assess with --processes ID,ID,..."
                         + (f" or a named scope ({named})" if named else ""))
    known = {a.id for a in framework.areas}
    unknown = [a for a in areas if a not in known]
    if unknown:
        raise UsageError(f"unknown process {', '.join(unknown)} in {framework.id}")
    chosen = set(areas)
    return Scope(representation, target, tuple(a.id for a in framework.areas if a.id in chosen), tuple(projects))


def attributes_in_scope(area: ProcessArea, target: int) -> tuple[Goal, ...]:
    """A process's attributes up to the target level (M2.3: those above are not rated)."""
    return tuple(g for g in area.goals if g.generic_level is not None and g.generic_level <= target)


def practices_in_scope(framework: Framework, scope: Scope) -> list[str]:
    """Every cell the assessment rates per instance, in model order: each attribute after its indicators."""
    return [p.id for area_id in scope.areas for g in attributes_in_scope(framework.area(area_id), scope.target)
            for p in g.practices]


def allowed_values(framework: Framework, scope: Scope) -> tuple[str, ...]:
    """The ratings this assessment uses: the refined ones only with ``--refined`` (M1.2)."""
    return tuple(v.id for v in framework.scale.allowed(scope.refined))


# -- decisions ---------------------------------------------------------------------------

def weights_of(decisions: Iterable[Decision], projects: Sequence[str]) -> tuple[dict[str, Fraction] | None, str]:
    """The instance weights standing (M3.4) and their rationale; None for the plain mean (M3.3)."""
    d = latest_decisions(decisions).get((WEIGHTS, WEIGHTS_TARGET))
    if d is None or not d.basis:
        return None, ""
    weights = {p: Fraction(str(w)) for p, w in d.basis.items()}
    if set(weights) != set(projects):  # the instances changed since: the weighting no longer applies
        return None, ""
    if all(w.denominator == 1 for w in weights.values()):  # whole weights: aggregate in integers
        return {p: int(w) for p, w in weights.items()}, d.rationale  # type: ignore[misc]
    return weights, d.rationale


def resolve_target(framework: Framework, scope: Scope, characterizations: Mapping[str, Mapping[str, str]],
                   decisions: Iterable[Decision], text: str) -> str | None:
    """A consistency hit's id as typed (``as8:swe.1:ecu-a``), canonical; else None."""
    wanted = "".join(text.split()).upper()
    for hit in _all_hits(framework, scope, characterizations):
        if "".join(hit.id.split()).upper() == wanted:
            return hit.id
    return None


def decision_options(framework: Framework, scope: Scope, target: str,
                     characterizations: Mapping[str, Mapping[str, str]],
                     decisions: Iterable[Decision] = ()) -> tuple[str, tuple[str, ...], str]:
    """Only consistency hits are decided: the assessor records a justification (AS4)."""
    for hit in _all_hits(framework, scope, characterizations):
        if hit.id == target:
            return CONSISTENCY, (JUSTIFIED,), hit.rule
    raise UsageError(f"{target!r} is not a consistency check that fired: the assessor's ratings are not decided "
                     "by the team here (rate attributes with `appraise characterize`), and a hit that no longer "
                     "fires needs no justification")


def decision_basis(framework: Framework, scope: Scope, target: str,
                   characterizations: Mapping[str, Mapping[str, str]],
                   decisions: Iterable[Decision] = ()) -> dict[str, str] | None:
    """A justification stands while the ratings it was given for stay as they were."""
    for hit in _all_hits(framework, scope, characterizations):
        if hit.id == target:
            return dict(hit.values)
    return None


# -- consistency (AS8, AS10) -------------------------------------------------------------

def higher(a: str, b: str) -> bool:
    """Whether rating ``a`` is higher than ``b``: by base value, or by the refined half when both are refined."""
    va, vb = VALUE[base_value(a)], VALUE[base_value(b)]
    if va != vb:
        return va > vb
    a, b = a.upper().replace("−", "-"), b.upper().replace("−", "-")
    return a in _REFINED_RANK and b in _REFINED_RANK and _REFINED_RANK[a] > _REFINED_RANK[b]


def check_as8(process: str, instance: str, pa31: str | None, pa32: str | None) -> Hit | None:
    """AS8: PA 3.2 shall not be rated higher than PA 3.1 in the same instance."""
    if pa31 is None or pa32 is None or not higher(pa32, pa31):
        return None
    c32, c31 = f"{process} PA 3.2 {instance}", f"{process} PA 3.1 {instance}"
    return Hit(f"AS8:{process}:{instance}", cite("AS8", f"PA 3.2 {pa32} > PA 3.1 {pa31}"), "violation", process,
               instance, [c32, c31], {c32: pa32, c31: pa31})


def check_as10(process: str, instance: str, man3: Mapping[str, str], generic: Mapping[str, str]) -> Hit | None:
    """AS10 (a should): MAN.3's BP4-BP8 and another process's GP 2.1.2-2.1.6 more than one step apart."""
    bvals = {b: number(v) for b, v in man3.items()}
    gvals = {g: number(v) for g, v in generic.items()}
    if max(bvals.values()) - min(gvals.values()) <= 1 and max(gvals.values()) - min(bvals.values()) <= 1:
        return None  # no pair is more than one step apart
    far_b = [b for b, bv in bvals.items() if any(abs(bv - gv) > 1 for gv in gvals.values())]
    far_g = [g for g, gv in gvals.items() if any(abs(bv - gv) > 1 for bv in bvals.values())]
    pairs = sum(1 for bv in bvals.values() for gv in gvals.values() if abs(bv - gv) > 1)
    cells = [f"{c} {instance}" for c in (*far_b, *far_g)]
    values = dict(zip(cells, [man3[b] for b in far_b] + [generic[g] for g in far_g]))
    return Hit(f"AS10:{process}:{instance}", _as10_rule(pairs), "warning", process, instance, cells, values)


@lru_cache(maxsize=64)
def _as10_rule(pairs: int) -> str:
    return cite("AS10", f"{pairs} pair(s) more than one step apart")


def _all_hits(framework: Framework, scope: Scope, chars: Mapping[str, Mapping[str, str]]) -> list[Hit]:
    rules = set(framework.consistency_rules)
    hits: list[Hit] = []
    empty: Mapping[str, str] = {}
    fmt_gp = _generic_practice_id(framework)
    as10 = "AS10" in rules and AS10_PROCESS in scope.areas and scope.target >= 2
    man3_cells = [(f"{AS10_PROCESS}.{bp}", chars.get(f"{AS10_PROCESS}.{bp}", empty)) for bp in AS10_BASE_PRACTICES]
    man3_by_instance = {i: {b: v for b, cells in man3_cells if (v := cells.get(i))} for i in scope.projects} \
        if as10 else {}
    for area_id in scope.areas:
        attrs = {g.local_id for g in attributes_in_scope(framework.area(area_id), scope.target)}
        as8 = "AS8" in rules and {"PA 3.1", "PA 3.2"} <= attrs
        pa31, pa32 = chars.get(f"{area_id} PA 3.1", empty), chars.get(f"{area_id} PA 3.2", empty)
        gp_cells = [(gid, chars.get(gid, empty)) for gid in (fmt_gp(area_id, gp) for gp in AS10_GENERIC_PRACTICES)]
        for instance in scope.projects:
            if as8:
                hit = check_as8(area_id, instance, pa31.get(instance), pa32.get(instance))
                if hit:
                    hits.append(hit)
            if as10 and area_id != AS10_PROCESS and "PA 2.1" in attrs:
                man3 = man3_by_instance[instance]
                gps = {g: v for g, cells in gp_cells if (v := cells.get(instance))}
                hit = check_as10(area_id, instance, man3, gps) if man3 and gps else None
                if hit:
                    hits.append(hit)
    return hits


def _generic_practice_id(framework: Framework) -> Any:
    """How this model writes a process's generic practice (``SWE.1 GP 2.1.2``), from its own ids."""
    for area in framework.areas:
        for goal in area.goals:
            for p in goal.practices:
                if p.generic:
                    prefix = p.id[: len(p.id) - len(p.local_id)][len(area.id):]
                    return lambda a, gp, _sep=prefix: f"{a}{_sep}{gp}"
    return lambda a, gp: f"{a} {gp}"


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
