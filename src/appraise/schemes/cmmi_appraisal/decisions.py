"""CMMI Appraisal Method: the team's decisions and the scheme's advice on a cell.

An OU characterization where the V2 table leaves a choice (V2.4, V2.5; an Evaluation's V2.13), on a practice
or on one process's row of II and GOV; a practice group's judgment where V3.2 asks whether the LM weaknesses
are significant. A decision stands only while what it was made on holds (``decision_basis``). The advice:
the value the cell's evidence flags give by the workbook's rule (V1.4) and an LM/PM/DM without a weakness
statement (V1.2).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from appraise.errors import UsageError
from appraise.framework.model import Framework
from appraise.schemes.cmmi_appraisal import method
from appraise.schemes.cmmi_appraisal.results import OU_CHARACTERIZATION, PRACTICE_GROUP, GroupResult
from appraise.schemes.cmmi_appraisal.scope import (
    cell_id,
    groups_in_scope,
    is_evaluation,
    plan_for,
    practices_in_scope,
    rated_areas,
    units_of,
    version_of,
)
from appraise.schemes.common import Decision, Scope
from appraise.schemes.protocol import CellAdvice, CellFacts

Cells = Mapping[str, Mapping[str, str]]


def decision_kind(framework: Framework, target: str) -> str | None:
    """What kind of decision ``target`` (a canonical id) takes: a practice or cell, or a practice group."""
    return {"practice": OU_CHARACTERIZATION, "goal": PRACTICE_GROUP}.get(framework.kind_of(target) or "")


def _cell_units(framework: Framework, scope: Scope, target: str) -> tuple[str, ...]:
    practice = framework.practice(target)
    return units_of(plan_for(scope), practice.area, practice.process)


def _group(framework: Framework, scope: Scope, target: str, characterizations: Cells,
           decisions: Iterable[Decision]) -> GroupResult:
    """The practice group as the roll-up rates it without the team's standing judgment on it."""
    from appraise.schemes.cmmi_appraisal.rollup import rate  # the roll-up imports the scope: import it late

    others = [d for d in decisions if (d.kind, d.target) != (PRACTICE_GROUP, target)]
    area = framework.goal(target).area
    result = rate(framework, scope, characterizations, others)
    return next(g for a in result.areas if a.id == area for g in a.groups if g.id == target)


def decision_options(framework: Framework, scope: Scope, target: str, characterizations: Cells,
                     decisions: Iterable[Decision] = ()) -> tuple[str, tuple[str, ...], str]:
    """The kind of decision ``target`` takes, the values the method offers, and the rule; a UsageError when the
    method leaves nothing to decide there."""
    decisions = list(decisions)
    kind = decision_kind(framework, target)
    plan = plan_for(scope)
    if kind == OU_CHARACTERIZATION:
        practice = framework.practice(target)
        if framework.area(practice.area).per_process and not practice.process:
            cells = ", ".join(cell_id(target, p) for p in plan.processes)
            raise UsageError(f"{target} is characterized per process (V7.1): decide on one process's row "
                             f"({cells})")
        if target not in set(practices_in_scope(framework, scope)):
            raise UsageError(f"{target} is not in this appraisal's scope (its area's target or sample)")
        units = _cell_units(framework, scope, target)
        if not units:
            raise UsageError(f"no unit of the sample covers {practice.area} (V9.4): there is nothing to decide")
        given = characterizations.get(target, {})
        missing = [u for u in units if u not in given]
        if missing:
            raise UsageError(f"{target} is not characterized in {', '.join(missing)} yet: there is nothing for "
                             "the team to decide")
        found = method.consolidate([given[u] for u in units], version=version_of(framework),
                                   evaluation=is_evaluation(plan))
        if not found.options:
            raise UsageError(f"{target} needs no team decision: {found.rule}, giving {found.value}")
        return kind, found.options, _with_questions(found.rule, found.flags)
    if kind == PRACTICE_GROUP:
        if is_evaluation(plan):
            raise UsageError(f"{target}: an Evaluation gives no practice group ratings (V3.6), so there is "
                             "nothing to judge")
        goal = framework.goal(target)
        area = framework.area(goal.area)
        if area not in rated_areas(framework, plan, scope) or goal not in groups_in_scope(
                area, plan.target_of(area.id)):
            raise UsageError(f"{target} is not in this appraisal's scope (above {area.id}'s target, or out of "
                             "scope)")
        group = _group(framework, scope, target, characterizations, decisions)
        if not group.options:
            held = f" ({', '.join(group.blocked_by)})" if group.blocked_by else ""
            raise UsageError(f"{target} asks for no judgment: it is {group.rating.replace('_', ' ')}{held} — "
                             f"{group.rule}. The team judges the weaknesses of a group whose practices are all "
                             "FM or LM, at least one LM, once its lower groups are satisfied (V3.2)")
        return kind, group.options, _with_questions(group.rule, ("V3.2",))
    raise UsageError(f"{target!r} is not a practice, a process's row of one, or a practice group of "
                     f"{framework.id}")


def decision_basis(framework: Framework, scope: Scope, target: str, characterizations: Cells,
                   decisions: Iterable[Decision] = ()) -> dict[str, str] | None:
    """What a decision on ``target`` rests on, so that it stands only while that holds: an OU choice, the values
    of the units in the sample; a practice group's judgment, its practices' OU values."""
    kind = decision_kind(framework, target)
    if kind == OU_CHARACTERIZATION:
        given = characterizations.get(target, {})
        return {u: given[u] for u in _cell_units(framework, scope, target) if u in given}
    if kind == PRACTICE_GROUP:
        group = _group(framework, scope, target, characterizations, decisions)
        return {p.id: p.ou or "" for p in group.practices}
    return None


def advise(framework: Framework, scope: Scope, cell: CellFacts) -> CellAdvice | None:
    """The value the cell's evidence proposes by the workbook's rule (V1.4: artifact, affirmation, and the
    cell's note as its weakness statement), and an LM/PM/DM with no weakness statement (V1.2)."""
    try:
        practice = framework.practice(cell.practice)
    except KeyError:
        return None
    plan = plan_for(scope)
    in_scope = plan.in_sample(cell.unit, practice.area) and (
        not practice.process or cell.unit in plan.units_of_process(practice.process))
    weakness = bool(cell.note.strip())
    flags: list[str] = []
    flag = method.weakness_flag(cell.value, cell.note)
    if flag:
        flags.append(flag)
    if not (cell.artifact or cell.affirmation or weakness):
        return CellAdvice(None, "", tuple(flags)) if flags else None
    value, rule = method.propose("1" if cell.artifact else "0", "1" if cell.affirmation else "0", weakness,
                                 in_scope, evaluation=is_evaluation(plan),
                                 per_process=framework.area(practice.area).per_process)
    if not in_scope:
        return CellAdvice(None, rule, tuple(flags))
    return CellAdvice(value, rule, tuple(flags))


def _with_questions(rule: str, flags: tuple[str, ...]) -> str:
    """The rule of a choice that needs full-team consensus (V2.10 on a C4/C5 choice, V3.2 on a group's LM
    weaknesses), with the four questions the team answers before it records the choice."""
    if not any(f.startswith(("V2.10", "V3.2")) for f in flags):
        return rule
    asked = " ".join(f"({i}) {q}" for i, q in enumerate(method.CONSENSUS_QUESTIONS, 1))
    return f"{rule}. The team answers, across every target area and sampled unit: {asked}"
