"""CMMI Appraisal Method (CMMI V2.0/V3.0): the ratings, from practice groups up (V3-V6).

Pure functions over plain values: the organizational-unit values of a group's practices, the group
ratings of an area, the area ratings of the view. Every result cites its rule; what the team still has to
decide leaves the result pending (None or "pending") with what blocks it. Importable from ``method`` too.
Evaluation appraisals rate nothing (V3.6): the scheme does not call these for them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from appraise.schemes.cmmi_appraisal.method import DM, LM, NC, NY, PM, cite, switches

SATISFIED, UNSATISFIED, NOT_RATED, PENDING = "satisfied", "unsatisfied", "not_rated", "pending"
OUT_OF_SCOPE = "out_of_scope"
GROUP_OPTIONS = (SATISFIED, UNSATISFIED)


@dataclass(frozen=True)
class GroupRating:
    """A practice group's rating: satisfied | unsatisfied | not_rated | pending (then what blocks it, or
    the values the team chooses from)."""

    rating: str
    rule: str
    blocked_by: tuple[str, ...] = ()
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class AreaRating:
    """A practice area's rating: 0-5, "not_rated", "out_of_scope", or None while something is pending."""

    rating: int | str | None
    rule: str
    blocked_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class LevelResult:
    """A maturity level or a capability profile's level; None while pending, with the level it reaches at
    least; ``blocked_by`` = what keeps it from the next level (or from being decided)."""

    level: int | None
    at_least: int
    rule: str
    blocked_by: tuple[str, ...] = ()


# -- V3: practice groups ----------------------------------------------------------------------------

def rate_group(ou: Mapping[str, str | None], lower_satisfied: bool | None, judged: str | None,
               version: str = "3.0") -> GroupRating:
    """Rate one practice group (V3) from its practices' OU values (None = not settled).

    ``lower_satisfied``: are all lower groups of the area satisfied (True when there are none; None while
    one of them is pending). ``judged``: the team's recorded ``practice_group`` decision ("satisfied" /
    "unsatisfied"), needed when the group has LM practices (V3.2).
    """
    if not ou:
        raise ValueError("rate_group() needs at least one practice")
    if judged is not None and judged not in GROUP_OPTIONS:
        raise ValueError(f"a practice-group judgment is {' or '.join(GROUP_OPTIONS)}, not {judged!r}")
    on = switches(version)
    open_ = tuple(p for p, v in ou.items() if v is None)
    if open_:
        return GroupRating(PENDING, cite("V2.10", "practices not settled at the organizational unit"), open_)
    nc = _having(ou, {NC})
    if nc and on["nc_group_not_rated"]:
        return GroupRating(NOT_RATED, cite("V3.4", f"NC: {', '.join(nc)}"))
    weak = _having(ou, {PM, DM, NY, NC})
    if weak:
        return GroupRating(UNSATISFIED, cite("V3.3", ", ".join(f"{p} {ou[p]}" for p in weak)))
    lm = _having(ou, {LM})
    if not lm:
        return _all_fm(lower_satisfied, on["lower_groups_govern_all_fm"])
    if lower_satisfied is False:
        return GroupRating(UNSATISFIED, cite("V3.2", "a lower group is not satisfied"))
    if judged == UNSATISFIED:
        return GroupRating(UNSATISFIED, cite("V3.3", "the team judged the LM weaknesses significant"))
    if lower_satisfied is None:
        return GroupRating(PENDING, cite("V3.2", "waiting for the lower groups"))
    if judged == SATISFIED:
        return GroupRating(SATISFIED, cite("V3.2", "the team judged the LM weaknesses not significant"))
    return GroupRating(PENDING, cite("V3.2", f"LM: {', '.join(lm)}; the team judges the weaknesses"),
                       options=GROUP_OPTIONS)


def _all_fm(lower_satisfied: bool | None, lower_governs: bool) -> GroupRating:
    if not lower_governs:
        return GroupRating(SATISFIED, cite("V3.1", "every practice FM"))
    if lower_satisfied is None:
        return GroupRating(PENDING, f"V3.1 + {cite('V3.5', 'switched on: waiting for the lower groups')}")
    if lower_satisfied:
        return GroupRating(SATISFIED, f"V3.1 + {cite('V3.5', 'switched on: lower groups satisfied')}")
    return GroupRating(UNSATISFIED, cite("V3.5", "switched on: a lower group is not satisfied"))


def _having(ou: Mapping[str, str | None], values: set[str]) -> tuple[str, ...]:
    return tuple(p for p, v in ou.items() if v in values)


# -- V4: practice areas ---------------------------------------------------------------------------------

def rate_area(groups: Sequence[tuple[int, GroupRating]], target: int | None, top: int,
              version: str = "3.0") -> AreaRating:
    """Rate a practice area (V4) from its groups ``(level, rating)``: the highest n whose groups 1..n are
    satisfied, capped by ``target`` and ``top``; target None = out of the appraisal's scope.

    ``blocked_by`` of a pending area: the pending groups' blockers (practice ids), and ``L<level>`` for a
    group that waits for the team's judgment (the scheme prefixes the area id); a group that only waits for
    its lower groups adds nothing of its own.
    """
    if target is None:
        return AreaRating(OUT_OF_SCOPE, cite("V4.1", "not in the appraisal's scope"))
    on = switches(version)
    cap = min(target, top)
    why_cap = f"capped by the target {target}" if target <= top else f"capped by the top group {top}"
    reached, blockers, pending = 0, [], False
    for level, group in sorted(groups, key=lambda g: g[0]):
        if level > cap:
            break
        if group.rating == SATISFIED:
            reached = reached if pending else level
            continue
        if group.rating == PENDING:
            pending = True
            blockers.extend(group.blocked_by or ((f"L{level}",) if group.options else ()))
            continue
        if pending:  # the level stops here at the latest, but a pending group below decides where
            break
        if group.rating == NOT_RATED and on["area_not_rated_on_not_rated_group"]:
            return AreaRating(NOT_RATED, cite("V4.3", f"group L{level} is not rated"))
        stop = f"group L{level} is {group.rating.replace('_', ' ')}"
        return AreaRating(reached, cite("V4.2", f"{reached}: {stop}" if reached else stop))
    if pending:
        return AreaRating(None, cite("V4.2", f"at least {reached}; groups pending"), tuple(dict.fromkeys(blockers)))
    done = f"groups 1-{reached} satisfied" if reached else f"no group up to level {cap}"
    return AreaRating(reached, cite("V4.2", f"{done}, {why_cap}"))


# -- V5: maturity level -------------------------------------------------------------------------------------

def maturity_level(ratings: Mapping[str, tuple[int | str | None, int]], required: Mapping[int, Sequence[str]],
                   target: int, benchmark_level: int | None = None, version: str = "3.0") -> LevelResult:
    """The maturity level (V5.2-V5.5).

    ``ratings``: area -> (its V4 rating, its top group level). ``required``: level -> the areas the view
    requires at that level (V5.3; the caller's data, cumulative over the levels up to n). ``target``: the
    overall target. ``benchmark_level``: a Sustainment's Benchmark level, which it cannot exceed (V5.5).
    """
    on = switches(version)
    reached, pending, failing = 1, (), {}
    for n in range(2, target + 1):
        areas = tuple(dict.fromkeys(a for k in sorted(required) if k <= n for a in required[k]))
        open_ = []
        for area in areas:
            rating, top = ratings.get(area, (OUT_OF_SCOPE, 0))
            need = min(n, top) if on["ml_needs_min_of_target_and_top"] else n
            if rating is None:
                open_.append(area)
            elif not isinstance(rating, int):
                failing[area] = rating.replace("_", " ")
            elif rating < need:
                failing[area] = f"{rating} < {need}"
        if failing:
            break
        if open_:
            pending = tuple(open_)
            break
        reached = n
    return _level(reached, pending, failing, benchmark_level)


def _level(reached: int, pending: tuple[str, ...], failing: Mapping[str, str],
           benchmark_level: int | None) -> LevelResult:
    if benchmark_level is not None and (reached > benchmark_level or (pending and reached >= benchmark_level)):
        return LevelResult(benchmark_level, benchmark_level,
                           cite("V5.5", f"capped at the Benchmark's ML{benchmark_level}"))
    if pending:
        return LevelResult(None, reached, cite("V5.2", f"at least ML{reached}; waiting for {', '.join(pending)}"),
                           pending)
    blocks = tuple(failing)
    why = f"ML{reached + 1} blocked: {', '.join(f'{a} {w}' for a, w in failing.items())}"
    # a required area that is not rated or out of scope blocks by V5.4, a low rating by V5.2
    rule_id = "V5.2" if all("<" in w for w in failing.values()) else "V5.4"
    if reached < 2:
        ml1 = cite("V5.4", "ML2 not achieved; whether CAS records ML1 is unconfirmed")
        return LevelResult(1, 1, f"{cite(rule_id, why)}; {ml1}" if failing else ml1, blocks)
    if failing:
        return LevelResult(reached, reached, cite(rule_id, f"ML{reached}; {why}"), blocks)
    return LevelResult(reached, reached, cite("V5.2", f"ML{reached}, the target"), blocks)


# -- V6: capability profile -------------------------------------------------------------------------------

def capability_profile(ratings: Mapping[str, tuple[int | str | None, int, int]], per_process: Sequence[str],
                       version: str = "3.0") -> tuple[dict[str, int | None], LevelResult]:
    """Each area's capability level and the profile's level (V6.2, V6.3).

    ``ratings``: area -> (its V4 rating, top group level, target); ``per_process``: the per-process areas
    (II, GOV) every area's level also needs (one not rated or out of scope holds every area at CL0). An
    out-of-scope area is left out; a not-rated or pending area
    has level None (a pending one stays None only while its outcome is open: a rating is computed for the
    lowest and the highest outcome of everything pending, and kept when they agree).
    """
    on = switches(version)
    scoped = {a: r for a, r in ratings.items() if r[0] != OUT_OF_SCOPE and r[2] is not None}
    bounds = {a: _bounds(r[0], r[1]) for a, r in scoped.items()}
    levels: dict[str, int | None] = {}
    lows: dict[str, int] = {}
    for area, (rating, top, target) in scoped.items():
        if rating == NOT_RATED:
            levels[area] = None
            continue
        outcomes = [_cl(bounds[area][i], top, target,
                        [(bounds[p][i], scoped[p][1]) if p in scoped else (0, 5) for p in per_process],
                        on["cl_per_process_capped_at_top"]) for i in (0, 1)]
        levels[area] = outcomes[0] if outcomes[0] == outcomes[1] else None
        lows[area] = outcomes[0]
    missing = tuple(p for p in per_process if p not in scoped or scoped[p][0] == NOT_RATED)
    return levels, _profile(scoped, levels, lows, missing)


def _bounds(rating: int | str | None, top: int) -> tuple[int, int]:
    """The lowest and highest rating an area may end with (not rated counts as 0)."""
    if rating is None:
        return 0, top
    return (rating, rating) if isinstance(rating, int) else (0, 0)


def _cl(rating: int, top: int, target: int, processes: Sequence[tuple[int, int]], capped: bool) -> int:
    for c in range(target, 0, -1):
        if rating >= min(c, top) and all(r >= (min(c, t) if capped else c) for r, t in processes):
            return c
    return 0


def _profile(scoped: Mapping[str, tuple[int | str | None, int, int]], levels: Mapping[str, int | None],
             lows: Mapping[str, int], missing: tuple[str, ...]) -> LevelResult:
    not_rated = tuple(a for a, r in scoped.items() if r[0] == NOT_RATED)
    left_out = f"; not rated, left out: {', '.join(not_rated)}" if not_rated else ""
    if missing:
        left_out += f"; {', '.join(missing)} not rated or out of scope, so no area passes CL0"
    open_ = tuple(a for a in lows if levels[a] is None)
    if not lows:
        return LevelResult(None, 0, cite("V6.3", "no area rated" + left_out), not_rated)
    low = min(lows.values())
    if open_:
        return LevelResult(None, low, cite("V6.3", f"at least CL{low}; waiting for {', '.join(open_)}{left_out}"),
                           open_ + not_rated)
    below = tuple(a for a in lows if lows[a] < scoped[a][2])
    detail = f"CL{low}" + (f"; below target: {', '.join(f'{a} CL{lows[a]}' for a in below)}" if below else "")
    return LevelResult(low, low, cite("V6.3", detail + left_out), below + not_rated)


__all__ = [
    "GROUP_OPTIONS", "NOT_RATED", "OUT_OF_SCOPE", "PENDING", "SATISFIED", "UNSATISFIED", "AreaRating",
    "GroupRating", "LevelResult", "capability_profile", "maturity_level", "rate_area", "rate_group",
]
