"""ISO/IEC 33020 measurement framework rules (shared/domain/iso-33020.md): the first pieces.

Pure functions over plain values: the N/P/L/F scale and its refined values
(M1, M4), aggregation of an attribute's instance ratings (M3) and the
capability level of a set of attribute ratings (M2). Rule ids are the domain
page's (M1 ...); 33020's own rating methods R1-R3 are cited as "M5 (R2)".

Not yet a rating scheme of its own: the framework files and the scheme
interface (scope, rate, decisions) come with issue 5; these functions are what
that scheme will call, tested against the domain page's tables now.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

RULES: dict[str, str] = {
    "M1.1": "a process attribute is rated N, P, L or F",
    "M2.1": "level k is achieved when every attribute of level k is L or F and every attribute of a lower level is F",
    "M2.3": "an attribute within the target that lacks a rating leaves the level undetermined",
    "M3.3": "the mean of N=0, P=1, L=2, F=3 over all instances, a mean at or above x.5 rounding up",
    "M3.4": "a weighted mean with the weights and their rationale recorded, rounded like M3.3 (unconfirmed)",
    "M3.6": "an attribute not rated in every instance has no aggregate",
    "M4.1": "refined values count as their base value (P-, P+ as P; L-, L+ as L)",
}

BASE = ("N", "P", "L", "F")
VALUE = {"N": 0, "P": 1, "L": 2, "F": 3}
#: Refined values (M1.2) and their base value (M4.1). The minus sign may be typed as "-" or "−".
REFINED = {"P-": "P", "P+": "P", "L-": "L", "L+": "L"}
#: M4.2 is unconfirmed: aggregation uses the base-value reading (0..3). Change it here, in one place.
AGGREGATE_REFINED_AS_BASE = True


def cite(rule_id: str, detail: str = "") -> str:
    text = f"{rule_id}: {RULES[rule_id]}"
    return f"{text} ({detail})" if detail else text


def base_value(rating: str) -> str:
    """The N/P/L/F value a (possibly refined) rating counts as (M4.1)."""
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
    values = {i: VALUE[base_value(r)] for i, r in ratings.items() if r is not None}
    if weights is None:
        mean = Fraction(sum(values.values()), len(values))
        rule = cite("M3.3", f"mean {float(mean):.2f}")
    else:
        absent = [i for i in values if i not in weights]
        if absent or any(weights[i] < 0 for i in values) or not sum(weights[i] for i in values):
            raise ValueError("every instance needs a non-negative weight, and not all of them zero")
        total = sum(Fraction(weights[i]) for i in values)
        mean = sum(Fraction(weights[i]) * v for i, v in values.items()) / total
        rule = cite("M3.4", f"weighted mean {float(mean):.2f}")
    return Aggregate(BASE[round_half_up(mean)], mean, rule)


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
            return CapabilityLevel(None, achieved, cite("M2.3", f"CL {level} needs {', '.join(missing)} rated"),
                                   list(missing), list(missing))
        achieved = level
    return CapabilityLevel(achieved, achieved, cite("M2.1", f"CL {achieved} reached; the target is CL {target}"))
