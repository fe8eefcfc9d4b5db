"""SCAMPI A v1.3 rating rules for CMMI-DEV v1.3 (shared/domain/scampi-v1.3.md).

Pure functions over plain values: the framework, the scope, the instantiation
characterizations ``{practice: {project: value}}`` and the team's decisions.
Every result carries the id of the rule that produced it and what blocks a
higher result. Where the method leaves a choice to the team, the result offers
the allowed values and stays pending until a decision is recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from appraise.errors import FrameworkError, UsageError
from appraise.framework.model import Framework, Goal, ProcessArea
from appraise.schemes.common import Decision, Scope, latest_decisions
from appraise.schemes.scampi.results import (
    SCHEME_ID,
    AreaResult,
    GoalResult,
    LevelResult,
    PracticeResult,
    RatingResult,
)

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


# -- what a model needs to be rated by these rules -------------------------------------

SCALE = ("FI", "LI", "PI", "NI", "NY")


def check_framework(framework: Framework) -> None:
    """Refuse a model these rules cannot rate correctly (they are written for FI LI PI NI NY)."""
    where = framework.origin or framework.id
    if tuple(sorted(framework.scale.ids)) != tuple(sorted(SCALE)):
        raise FrameworkError(f"{where}: scale.values: the {SCHEME_ID} scheme rates exactly "
                             f"{', '.join(SCALE)}, not {', '.join(framework.scale.ids)}")
    for i, stage in enumerate(framework.equivalent_staging, 1):
        if stage.capability_level not in framework.capability_levels or \
                stage.maturity_level not in framework.maturity_levels:
            raise FrameworkError(f"{where}: equivalent_staging[{i}]: maturity level {stage.maturity_level} / "
                                 f"capability level {stage.capability_level} is not among the file's levels")
    for area in framework.areas:
        for goal in area.generic_goals:
            if goal.generic_level not in framework.capability_levels:
                raise FrameworkError(f"{where}: generic_goals: {goal.local_id} has level "
                                     f"{goal.generic_level}, not one of capability_levels")


# -- scope ---------------------------------------------------------------------------

def make_scope(framework: Framework, representation: str, target: int,
               areas: Sequence[str], projects: Sequence[str]) -> Scope:
    """Check and complete an appraisal's scope the way the model defines it.

    Staged, target ML n: every area of ML <= n (``areas`` must be empty or exactly
    those). Continuous, target CL n: the chosen areas (all when none are given).
    """
    if representation not in framework.representations:
        raise UsageError(f"{framework.id} has no {representation!r} representation "
                         f"(it has: {', '.join(framework.representations)})")
    if not projects:
        raise UsageError("an appraisal needs at least one project (basic unit)")
    if representation == "staged":
        levels = [lv for lv in framework.maturity_levels if lv >= 2]
        if target not in levels:
            raise UsageError(f"a staged target is a maturity level: one of {', '.join(map(str, levels))}")
        in_scope = tuple(a.id for a in framework.areas
                         if a.maturity_level is not None and a.maturity_level <= target)
        if areas and set(areas) != set(in_scope):
            raise UsageError(f"a staged ML{target} appraisal covers every process area of ML{target} and below "
                             f"({', '.join(in_scope)}); choose areas in a continuous appraisal instead")
    else:
        levels = [lv for lv in framework.capability_levels if lv >= 1]
        if target not in levels:
            raise UsageError(f"a continuous target is a capability level: one of {', '.join(map(str, levels))}")
        known = {a.id for a in framework.areas}
        unknown = [a for a in areas if a not in known]
        if unknown:
            raise UsageError(f"unknown process area {', '.join(unknown)} in {framework.id}")
        in_scope = tuple(a.id for a in framework.areas if not areas or a.id in areas)
    return Scope(representation, target, in_scope, tuple(projects))


def goals_in_scope(area: ProcessArea, representation: str, target: int) -> tuple[Goal, ...]:
    """The goals an area is rated with: its SGs and the generic goals the target brings."""
    return tuple(g for g in area.goals
                 if not g.generic or (representation in g.representations and g.generic_level <= target))


def practices_in_scope(framework: Framework, scope: Scope) -> list[str]:
    """Every practice id the appraisal characterizes, in model order."""
    return [p.id for area_id in scope.areas
            for g in goals_in_scope(framework.area(area_id), scope.representation, scope.target)
            for p in g.practices]


def allowed_values(framework: Framework, scope: Scope) -> tuple[str, ...]:
    """The characterizations an appraisal uses: the whole scale (FI LI PI NI NY)."""
    return framework.scale.ids


# -- decisions -----------------------------------------------------------------------

def resolve_target(framework: Framework, scope: Scope, characterizations: Mapping[str, Mapping[str, str]],
                   decisions: Iterable[Decision], text: str) -> str | None:
    """What a decision is about, as typed: a practice, goal or process area in any usual spelling."""
    return framework.canonical(text)


def decision_kind(framework: Framework, target: str) -> str | None:
    """What kind of decision ``target`` (a canonical id) takes: practice, goal or area."""
    try:
        framework.practice(target)
        return OU_CHARACTERIZATION
    except KeyError:
        pass
    try:
        framework.goal(target)
        return GOAL_WEAKNESS
    except KeyError:
        pass
    try:
        framework.area(target)
        return NOT_APPLICABLE
    except KeyError:
        return None


def _not_applicable(framework: Framework, latest: Mapping[tuple[str, str], Decision]) -> set[str]:
    """The areas whose standing decision is "not applicable" (and that the model lets be so)."""
    return {target for (kind, target), d in latest.items()
            if kind == NOT_APPLICABLE and d.value == "not_applicable" and framework.area(target).may_be_not_applicable}


def refusal(framework: Framework, scope: Scope, decisions: Iterable[Decision]) -> Callable[[str], str | None]:
    """Why nothing may be recorded on a practice now (R4.2: its area was ruled not applicable), or None.

    Read the decisions once, ask per practice: the CLI, the imports and the screens all ask this."""
    ruled_out = _not_applicable(framework, latest_decisions(decisions))

    def why(practice: str) -> str | None:
        area = framework.practice(practice).area
        if area not in ruled_out:
            return None
        return (f"{area} is not applicable (team decision): its practices are not characterized; "
                f"record it applicable first (appraise scope FILE --applicable {area} --why ...)")

    return why


def decision_options(framework: Framework, scope: Scope, target: str,
                     characterizations: Mapping[str, Mapping[str, str]],
                     decisions: Iterable[Decision] = ()) -> tuple[str, tuple[str, ...], str]:
    """The kind of decision ``target`` takes, the values the method offers, and why.

    Raises UsageError when the method leaves nothing to decide for ``target``.
    """
    decisions = list(decisions)
    kind = decision_kind(framework, target)
    in_scope_practices = set(practices_in_scope(framework, scope))
    if kind in (OU_CHARACTERIZATION, GOAL_WEAKNESS):
        area_id = framework.practice(target).area if kind == OU_CHARACTERIZATION else framework.goal(target).area
        if area_id in _not_applicable(framework, latest_decisions(decisions)):
            raise UsageError(f"{area_id} is not applicable (team decision): nothing in it is rated, "
                             "so there is nothing to decide")
    if kind == OU_CHARACTERIZATION:
        if target not in in_scope_practices:
            raise UsageError(f"{target} is not in this appraisal's scope")
        cells = characterizations.get(target, {})
        missing = [p for p in scope.projects if p not in cells]
        if missing:
            raise UsageError(f"{target} is not characterized in {', '.join(missing)} yet: "
                             "there is nothing for the team to decide")
        agg = aggregate(cells[p] for p in scope.projects)
        if not agg.options:
            raise UsageError(f"{target} needs no team decision: {agg.rule}, giving {agg.value}")
        return kind, agg.options, agg.rule
    if kind == GOAL_WEAKNESS:
        area = framework.goal(target).area
        if area not in scope.areas or framework.goal(target) not in goals_in_scope(
                framework.area(area), scope.representation, scope.target):
            raise UsageError(f"{target} is not in this appraisal's scope")
        others = [d for d in decisions if (d.kind, d.target) != (GOAL_WEAKNESS, target)]
        goal = next(g for a in rate(framework, scope, characterizations, others).areas for g in a.goals
                    if g.id == target)
        if goal.rating != SATISFIED:
            raise UsageError(f"{target} is {goal.rating.replace('_', ' ')} by its practices "
                             f"({', '.join(goal.blocked_by)}): the team judges the weaknesses of a goal "
                             "whose practices are all FI or LI")
        if not any(p.ou == "LI" for p in goal.practices):
            raise UsageError(f"every practice of {target} is FI: no weaknesses were noted (R1), "
                             "so there are none to judge")
        return kind, GOAL_DECISION_OPTIONS, cite("R3.2", "the team may judge the weaknesses significant")
    if kind == NOT_APPLICABLE:
        area = framework.area(target)
        allowed = [a.id for a in framework.areas if a.may_be_not_applicable]
        if not area.may_be_not_applicable:
            raise UsageError(f"the method leaves no decision on {target} to the team: only "
                             f"{', '.join(allowed) or 'no area'} may be rated not applicable in {framework.id}")
        if target not in scope.areas:
            raise UsageError(f"{target} is not in this appraisal's scope")
        return kind, AREA_DECISION_OPTIONS, cite("R4.2")
    raise UsageError(f"{target!r} is not a practice, goal or process area of {framework.id}")


def decision_basis(framework: Framework, scope: Scope, target: str,
                   characterizations: Mapping[str, Mapping[str, str]],
                   decisions: Iterable[Decision] = ()) -> dict[str, str] | None:
    """What a decision on ``target`` is made on, so that it stands only while that holds.

    A practice's OU characterization: its instance values. A goal's weakness
    judgement: its practices' OU values. An area's applicability: nothing.
    """
    kind = decision_kind(framework, target)
    if kind == OU_CHARACTERIZATION:
        return dict(characterizations.get(target, {}))
    if kind == GOAL_WEAKNESS:
        others = [d for d in decisions if (d.kind, d.target) != (GOAL_WEAKNESS, target)]
        goal = next(g for a in rate(framework, scope, characterizations, others).areas for g in a.goals
                    if g.id == target)
        return {p.id: p.ou or "" for p in goal.practices}
    return None


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
