"""ISO/IEC 33020: the assessor's decisions.

A justified deviation from a consistency rule (AS4), made on the ratings that
fired it, and the instance weights of the aggregation (M3.4).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction

from appraise.errors import UsageError
from appraise.framework.model import Framework
from appraise.schemes.common import Decision, Scope, latest_decisions
from appraise.schemes.iso33020.consistency import _all_hits

#: Decision kinds this scheme records: a justified consistency deviation (AS4) and instance weights (M3.4).
CONSISTENCY = "consistency"
WEIGHTS = "aggregation_weights"
WEIGHTS_TARGET = "instances"
JUSTIFIED = "justified"


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
