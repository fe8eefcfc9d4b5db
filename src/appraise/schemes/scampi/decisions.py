"""SCAMPI A v1.3: the team's decisions.

What a decision is about (a practice's OU characterization, a goal's weaknesses,
an area's applicability), the values the method offers and why, what a decision
rests on, and what an area ruled not applicable refuses (R4.2).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from appraise.errors import UsageError
from appraise.framework.model import Framework
from appraise.schemes.common import Decision, Scope, latest_decisions
from appraise.schemes.scampi.method import (
    AREA_DECISION_OPTIONS,
    GOAL_DECISION_OPTIONS,
    GOAL_WEAKNESS,
    NOT_APPLICABLE,
    OU_CHARACTERIZATION,
    SATISFIED,
    aggregate,
    cite,
)
from appraise.schemes.scampi.scope import goals_in_scope, practices_in_scope

# -- decisions -----------------------------------------------------------------------

def resolve_target(framework: Framework, scope: Scope, characterizations: Mapping[str, Mapping[str, str]],
                   decisions: Iterable[Decision], text: str) -> str | None:
    """What a decision is about, as typed: a practice, goal or process area in any usual spelling."""
    return framework.canonical(text)


def decision_kind(framework: Framework, target: str) -> str | None:
    """What kind of decision ``target`` (a canonical id) takes: practice, goal or area."""
    return {"practice": OU_CHARACTERIZATION, "goal": GOAL_WEAKNESS,
            "area": NOT_APPLICABLE}.get(framework.kind_of(target) or "")


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
        from appraise.schemes.scampi.rules import rate  # the roll-up imports this module: import it late

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
        from appraise.schemes.scampi.rules import rate  # the roll-up imports this module: import it late

        others = [d for d in decisions if (d.kind, d.target) != (GOAL_WEAKNESS, target)]
        goal = next(g for a in rate(framework, scope, characterizations, others).areas for g in a.goals
                    if g.id == target)
        return {p.id: p.ou or "" for p in goal.practices}
    return None
