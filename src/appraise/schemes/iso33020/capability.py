"""ISO/IEC 33020: from attribute ratings to a capability level (shared/domain/iso-33020.md).

The N/P/L/F scale and its refined values (M1, M4), the aggregation of one
attribute's instance ratings (M3) and the capability level of a set of
attribute ratings (M2).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from appraise.schemes.iso33020.results import BASE, REFINED, VALUE, cite

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
