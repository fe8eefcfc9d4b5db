"""ISO/IEC 33020: an assessment's scope.

The processes chosen, in every instance (AS1.4), the attributes up to the target
capability level (M2.3), the cells rated per instance and the ratings they use.
"""

from __future__ import annotations

from collections.abc import Sequence

from appraise.errors import UsageError
from appraise.framework.model import Framework, Goal, ProcessArea
from appraise.schemes.common import Scope


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
