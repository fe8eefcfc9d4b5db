"""SCAMPI A v1.3: what a model needs to be rated by these rules, and an appraisal's scope.

The staged or continuous scope the model defines, the goals and practices it
brings into the appraisal, and the characterizations it uses.
"""

from __future__ import annotations

from collections.abc import Sequence

from appraise.errors import FrameworkError, UsageError
from appraise.framework.model import Framework, Goal, ProcessArea
from appraise.schemes.common import Scope
from appraise.schemes.scampi.results import SCHEME_ID

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
