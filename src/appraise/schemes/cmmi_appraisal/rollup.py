"""CMMI Appraisal Method: the roll-up from the units' characterizations to the level.

Per practice, the OU value of the units in the area's sample (V2; an Evaluation by V2.13), a team choice
pending with exactly the allowed values until it is recorded, and standing only while the values it was
made on hold; II and GOV per process, then the lowest (V7.4). Practice groups up to the area's target (V3),
the area's level (V4), the maturity level with every required area, II and GOV included (V5), or the
capability profile (V6). An Evaluation gives no group, area or level ratings (V3.6).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from appraise.framework.model import Framework, Goal, ProcessArea
from appraise.schemes.cmmi_appraisal import levels, method
from appraise.schemes.cmmi_appraisal.plan import MATURITY, SUSTAINMENT, Plan
from appraise.schemes.cmmi_appraisal.results import (
    NOT_RATED,
    OU_CHARACTERIZATION,
    OUT_OF_SCOPE,
    PENDING,
    PRACTICE_GROUP,
    SATISFIED,
    UNSATISFIED,
    AreaResult,
    GroupResult,
    LevelResult,
    PracticeResult,
    ProcessResult,
    RatingResult,
    Tally,
)
from appraise.schemes.cmmi_appraisal.scope import (
    SCHEME_ID,
    cell_id,
    groups_in_scope,
    is_evaluation,
    plan_for,
    rated_areas,
    specialize,
    top_level,
    units_of,
    version_of,
)
from appraise.schemes.common import Decision, Scope, latest_decisions

Cells = Mapping[str, Mapping[str, str]]
_LEVEL = re.compile(r"L\d+")
_EMPTY: Mapping[str, str] = {}


class Context:
    """What every step of one roll-up reads: the plan, the method version, the standing decisions."""

    def __init__(self, framework: Framework, scope: Scope, characterizations: Cells,
                 decisions: Iterable[Decision]) -> None:
        self.framework = framework
        self.scope = scope
        self.plan: Plan = plan_for(scope)
        self.version = version_of(framework)
        self.evaluation = is_evaluation(self.plan)
        self.cells = characterizations
        self.latest = latest_decisions(decisions)
        self.tally = Tally()
        self._units: dict[tuple[str, str], tuple[str, ...]] = {}

    def units(self, area: str, process: str = "") -> tuple[str, ...]:
        """The units whose values of ``area`` (for ``process``) count; asked once per area and process."""
        key = (area, process)
        found = self._units.get(key)
        if found is None:
            found = self._units[key] = units_of(self.plan, area, process)
        return found


# -- one practice (V2, V7.4) ------------------------------------------------------------------------

def consolidate_cell(ctx: Context, cell: str, units: Sequence[str]) -> ProcessResult:
    """The OU value of one practice (or one process's row of it) over ``units`` (V2 / V2.13), with the team's
    choice where the table leaves one and the choice still stands on the values it was made on."""
    given = ctx.cells.get(cell, _EMPTY)
    instances = {u: given.get(u) for u in units}
    decision = ctx.latest.get((OU_CHARACTERIZATION, cell))
    if not units:
        return ProcessResult(cell, instances, None, rule="V9.4: no unit of the sample covers this practice area")
    missing = [u for u in units if instances[u] is None]
    if missing:
        return ProcessResult(cell, instances, None, rule=f"V2: every unit in the sample needs a value; not "
                                                          f"characterized in {', '.join(missing)} yet")
    found = method.consolidate([instances[u] for u in units],  # type: ignore[misc]
                               version=ctx.version, evaluation=ctx.evaluation)
    rule = found.rule
    if not found.options:
        if decision is not None:
            ctx.tally.stale.append({"target": cell, "kind": OU_CHARACTERIZATION, "value": decision.value,
                                    "why": f"the characterizations changed: the table now gives {found.value}"})
        return ProcessResult(cell, instances, found.value, rule=rule, flags=found.flags)
    if decision is not None and decision.value in found.options and (
            decision.basis is None or dict(decision.basis) == instances):
        return ProcessResult(cell, instances, decision.value, found.options, True,
                             f"{rule}; team decision: {decision.value}", decision.rationale, found.flags)
    if decision is not None:
        ctx.tally.stale.append({"target": cell, "kind": OU_CHARACTERIZATION, "value": decision.value,
                                "why": "the characterizations changed since the decision was made"})
    ctx.tally.pending.append({"target": cell, "kind": OU_CHARACTERIZATION, "options": list(found.options),
                              "rule": found.rule})
    return ProcessResult(cell, instances, None, found.options, False, rule, flags=found.flags)


def rate_practice(ctx: Context, area: ProcessArea, practice: str) -> PracticeResult:
    """One practice at the OU level; II and GOV: per process, then the lowest (V7.4)."""
    if not area.per_process:
        row = consolidate_cell(ctx, practice, ctx.units(area.id))
        missing = tuple(u for u, v in row.instances.items() if v is None)
        return PracticeResult(practice, row.instances, row.ou, row.options, row.decided, row.rule, missing,
                              row.flags, row.rationale)
    rows = {process: consolidate_cell(ctx, cell_id(practice, process), ctx.units(area.id, process))
            for process in ctx.plan.processes}
    lowest = method.lowest_over_processes({p: r.ou for p, r in rows.items()}, version=ctx.version)
    instances: dict[str, str | None] = {}
    for unit in ctx.units(area.id):
        values = {p: r.instances[unit] for p, r in rows.items() if unit in r.instances}
        if not values:
            continue
        distinct = set(values.values())
        if len(distinct) == 1:  # one value over every process it uses: that value (the common case, cheaply)
            instances[unit] = distinct.pop()
        else:  # the unit's own lowest over the processes it uses (the workbook's per-project roll-up)
            instances[unit] = method.lowest_over_processes(values, version=ctx.version).value
    missing = tuple(sorted({f"{u} ({p})" for p, r in rows.items() for u, v in r.instances.items() if v is None}))
    flags = tuple(dict.fromkeys((*lowest.flags, *(f for r in rows.values() for f in r.flags))))
    return PracticeResult(practice, instances, lowest.value, (), any(r.decided for r in rows.values()),
                          lowest.rule, missing, flags, processes=rows)


# -- practice groups and areas (V3, V4) -------------------------------------------------------------

def rate_group(ctx: Context, goal: Goal, lower: bool | None) -> GroupResult:
    """One practice group from its practices' OU values (V3), with the team's judgment where V3.2 asks."""
    area = ctx.framework.area(goal.area)
    practices = [rate_practice(ctx, area, p.id) for p in goal.practices]
    level = goal.level or 0
    if ctx.evaluation:
        return GroupResult(goal.id, level, NOT_RATED, method.cite("V3.6"), (), practices)
    ou = {p.id: p.ou for p in practices}
    found = levels.rate_group(ou, lower, None, version=ctx.version)
    decision = ctx.latest.get((PRACTICE_GROUP, goal.id))
    basis = {p.id: p.ou or "" for p in practices}
    if found.options:
        if decision is not None and decision.value in found.options and (
                decision.basis is None or dict(decision.basis) == basis):
            judged = levels.rate_group(ou, lower, decision.value, version=ctx.version)
            return GroupResult(goal.id, level, judged.rating, f"{judged.rule}; team decision: {decision.value}",
                               judged.blocked_by, practices, found.options, True, decision.rationale)
        if decision is not None:
            ctx.tally.stale.append({"target": goal.id, "kind": PRACTICE_GROUP, "value": decision.value,
                                    "why": "its practices' OU values changed since the judgment"})
        ctx.tally.pending.append({"target": goal.id, "kind": PRACTICE_GROUP, "options": list(found.options),
                                  "rule": found.rule})
        return GroupResult(goal.id, level, found.rating, found.rule, found.blocked_by, practices, found.options)
    if decision is not None and found.rating not in (PENDING,):
        ctx.tally.stale.append({"target": goal.id, "kind": PRACTICE_GROUP, "value": decision.value,
                                "why": f"the group no longer asks for a judgment: {found.rule}"})
    waiting = tuple(p.id for p in practices if p.ou is None and p.missing)
    if found.rating == PENDING and waiting and not any(p.ou is None and p.options for p in practices):
        return GroupResult(goal.id, level, found.rating, f"V3: not rated yet: {', '.join(waiting)} not characterized "
                           "in every unit of the sample", found.blocked_by, practices, waiting=waiting)
    return GroupResult(goal.id, level, found.rating, found.rule, found.blocked_by, practices)


def rate_area(ctx: Context, area: ProcessArea) -> AreaResult:
    """One practice area: its groups up to the target (V3), then its level (V4)."""
    target = ctx.plan.target_of(area.id)
    top = top_level(area)
    if target is None:
        return AreaResult(area.id, area.title, area.category or "", area.per_process, None, top, OUT_OF_SCOPE,
                          method.cite("V4.1", "out of this appraisal's scope"), (), [])
    groups: list[GroupResult] = []
    lower: bool | None = True
    for goal in sorted(groups_in_scope(area, target), key=lambda g: g.level or 0):
        group = rate_group(ctx, goal, lower)
        groups.append(group)
        if group.rating in (UNSATISFIED, NOT_RATED):
            lower = False
        elif group.rating != SATISFIED and lower:
            lower = None
    if ctx.evaluation:
        return AreaResult(area.id, area.title, area.category or "", area.per_process, target, top, NOT_RATED,
                          method.cite("V3.6"), (), groups)
    found = levels.rate_area([(g.level, _group_rating(g)) for g in groups], target, top, version=ctx.version)
    return AreaResult(area.id, area.title, area.category or "", area.per_process, target, top, found.rating,
                      found.rule, _area_blockers(area, found, groups), groups)


def _area_blockers(area: ProcessArea, found: levels.AreaRating, groups: Sequence[GroupResult]) -> tuple[str, ...]:
    """What keeps the area from its target: the pending groups' blockers (a bare ``L2`` named ``RDM L2``), or
    the first group up to the target that is not satisfied."""
    if found.blocked_by:
        return tuple(f"{area.id} {b}" if _LEVEL.fullmatch(b) else b for b in found.blocked_by)
    if isinstance(found.rating, int):
        return tuple(g.id for g in groups if g.level > found.rating and g.rating != SATISFIED)[:1]
    return ()


def _group_rating(group: GroupResult) -> levels.GroupRating:
    return levels.GroupRating(group.rating, group.rule, tuple(group.blocked_by), group.options)


# -- the level (V5, V6) -----------------------------------------------------------------------------

def required_areas(ctx: Context, areas: Sequence[AreaResult]) -> dict[int, list[str]]:
    """Per maturity level, the areas it requires, cumulated: the model's lists (V2.0) or every in-scope area
    of the view from ML2, II and GOV included (V3.0 reading, V5.3)."""
    levels = [lv for lv in ctx.framework.maturity_levels if lv >= 2]
    if ctx.framework.level_areas:
        out: dict[int, list[str]] = {}
        known = {a.id for a in ctx.framework.areas}
        so_far: list[str] = []
        for lv in levels:
            so_far += [a for a in ctx.framework.level_areas.get(lv, ()) if a in known and a not in so_far]
            out[lv] = list(so_far)
        return out
    blocks = method.switches(ctx.version)["out_of_scope_area_blocks_ml"]  # V5.4: the view's areas, all of them
    in_view = [a.id for a in areas if a.target is not None or blocks]
    return {lv: list(in_view) for lv in levels}


def rate_level(ctx: Context, areas: list[AreaResult]) -> tuple[LevelResult, dict[str, int | None] | None]:
    if ctx.evaluation:
        return LevelResult(None, 0, method.cite("V3.6", "an Evaluation gives no maturity or capability "
                                                        "level")), None
    by_id = {a.id: a for a in areas}
    if ctx.scope.representation == MATURITY:
        required = required_areas(ctx, areas)
        ratings: dict[str, tuple[int | str | None, int]] = {a.id: (a.rating, a.top_level) for a in areas}
        for ids in required.values():  # a required area the appraisal left out blocks the level (V5.4)
            for a in ids:
                if a not in ratings:
                    ratings[a] = (OUT_OF_SCOPE, top_level(ctx.framework.area(a)))
        bench = ctx.plan.benchmark_level if ctx.plan.appraisal_type == SUSTAINMENT else None
        found = levels.maturity_level(ratings, required, ctx.scope.target, bench, version=ctx.version)
        rule = found.rule
        if ctx.plan.appraisal_type == SUSTAINMENT and bench is None:
            rule += "; " + method.cite("V5.5", "not applied: the appraisal records no Benchmark level")
        return LevelResult(found.level, found.at_least, rule, tuple(found.blocked_by)), None
    # V6.2: a target capped at the area's top group (CM at CL3 tops at 2) still asks II and GOV for the target
    rated = {a.id: (a.rating, a.top_level, ctx.scope.target if a.target >= a.top_level else a.target)
             for a in areas if a.target is not None}
    per_process = [a.id for a in areas if a.per_process]
    profile, found = levels.capability_profile(rated, per_process, version=ctx.version)
    for area_id, cl in profile.items():
        if area_id in by_id:
            by_id[area_id].capability_level = cl
    return LevelResult(found.level, found.at_least, found.rule, tuple(found.blocked_by)), dict(profile)


def rate(framework: Framework, scope: Scope, characterizations: Cells, decisions: Iterable[Decision] = (),
         findings: Sequence[Any] = ()) -> RatingResult:
    """Rate the appraisal: practices, practice groups, practice areas, then the level (V2-V7)."""
    if any(a.per_process for a in framework.areas) and not framework.cells:
        framework = specialize(framework, scope)  # the per-process cells' titles, when the caller did not
    ctx = Context(framework, scope, characterizations, decisions)
    areas = [rate_area(ctx, a) for a in rated_areas(framework, ctx.plan, scope)]
    level, profile = rate_level(ctx, areas)
    return RatingResult(framework.id, ctx.version, ctx.plan.appraisal_type, scope.representation, scope.target,
                        list(scope.projects), areas, level, profile, ctx.tally.pending, ctx.tally.stale,
                        gives_ratings=not ctx.evaluation, scheme=SCHEME_ID)
