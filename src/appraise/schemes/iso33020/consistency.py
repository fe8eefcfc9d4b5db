"""Automotive SPICE consistency rules (AS8, AS10): the hits an assessment's ratings fire.

A hit of a "shall" rule is a violation the assessor justifies (a team decision,
see ``decisions``); a hit of a "should" rule is a warning.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from appraise.framework.model import Framework
from appraise.schemes.common import Scope
from appraise.schemes.iso33020.capability import base_value, number
from appraise.schemes.iso33020.results import VALUE, Hit, cite
from appraise.schemes.iso33020.scope import attributes_in_scope

#: The consistency rules appraise can check, with the kind of rule (AS3: "shall" needs a
#: justification when deviated from, "should" is a warning). AS8's GP-level pairs, AS9 and the
#: process-specific rules are not transcribed on the domain page (unconfirmed), so not coded.
CONSISTENCY_RULES = {"AS8": "shall", "AS10": "should"}
#: AS10's indicators (4.0 numbers; the same ids exist in 3.1 — applying them there is unconfirmed).
AS10_PROCESS = "MAN.3"
AS10_BASE_PRACTICES = ("BP4", "BP5", "BP6", "BP7", "BP8")
AS10_GENERIC_PRACTICES = ("GP 2.1.2", "GP 2.1.3", "GP 2.1.4", "GP 2.1.5", "GP 2.1.6")
#: Rank used to say whether one rating is higher than another: refined values only differ from
#: their plain base when both sides are refined (a plain L spans L- and L+).
_REFINED_RANK = {"P-": 0, "P+": 1, "L-": 0, "L+": 1}


def higher(a: str, b: str) -> bool:
    """Whether rating ``a`` is higher than ``b``: by base value, or by the refined half when both are refined."""
    va, vb = VALUE[base_value(a)], VALUE[base_value(b)]
    if va != vb:
        return va > vb
    a, b = a.upper().replace("−", "-"), b.upper().replace("−", "-")
    return a in _REFINED_RANK and b in _REFINED_RANK and _REFINED_RANK[a] > _REFINED_RANK[b]


def check_as8(process: str, instance: str, pa31: str | None, pa32: str | None) -> Hit | None:
    """AS8: PA 3.2 shall not be rated higher than PA 3.1 in the same instance."""
    if pa31 is None or pa32 is None or not higher(pa32, pa31):
        return None
    c32, c31 = f"{process} PA 3.2 {instance}", f"{process} PA 3.1 {instance}"
    return Hit(f"AS8:{process}:{instance}", cite("AS8", f"PA 3.2 {pa32} > PA 3.1 {pa31}"), "violation", process,
               instance, [c32, c31], {c32: pa32, c31: pa31})


def check_as10(process: str, instance: str, man3: Mapping[str, str], generic: Mapping[str, str]) -> Hit | None:
    """AS10 (a should): MAN.3's BP4-BP8 and another process's GP 2.1.2-2.1.6 more than one step apart."""
    bvals = {b: number(v) for b, v in man3.items()}
    gvals = {g: number(v) for g, v in generic.items()}
    if max(bvals.values()) - min(gvals.values()) <= 1 and max(gvals.values()) - min(bvals.values()) <= 1:
        return None  # no pair is more than one step apart
    far_b = [b for b, bv in bvals.items() if any(abs(bv - gv) > 1 for gv in gvals.values())]
    far_g = [g for g, gv in gvals.items() if any(abs(bv - gv) > 1 for bv in bvals.values())]
    pairs = sum(1 for bv in bvals.values() for gv in gvals.values() if abs(bv - gv) > 1)
    cells = [f"{c} {instance}" for c in (*far_b, *far_g)]
    values = dict(zip(cells, [man3[b] for b in far_b] + [generic[g] for g in far_g]))
    return Hit(f"AS10:{process}:{instance}", _as10_rule(pairs), "warning", process, instance, cells, values)


@lru_cache(maxsize=64)
def _as10_rule(pairs: int) -> str:
    return cite("AS10", f"{pairs} pair(s) more than one step apart")


def _all_hits(framework: Framework, scope: Scope, chars: Mapping[str, Mapping[str, str]]) -> list[Hit]:
    rules = set(framework.consistency_rules)
    hits: list[Hit] = []
    empty: Mapping[str, str] = {}
    fmt_gp = _generic_practice_id(framework)
    as10 = "AS10" in rules and AS10_PROCESS in scope.areas and scope.target >= 2
    man3_cells = [(f"{AS10_PROCESS}.{bp}", chars.get(f"{AS10_PROCESS}.{bp}", empty)) for bp in AS10_BASE_PRACTICES]
    man3_by_instance = {i: {b: v for b, cells in man3_cells if (v := cells.get(i))} for i in scope.projects} \
        if as10 else {}
    for area_id in scope.areas:
        attrs = {g.local_id for g in attributes_in_scope(framework.area(area_id), scope.target)}
        as8 = "AS8" in rules and {"PA 3.1", "PA 3.2"} <= attrs
        pa31, pa32 = chars.get(f"{area_id} PA 3.1", empty), chars.get(f"{area_id} PA 3.2", empty)
        gp_cells = [(gid, chars.get(gid, empty)) for gid in (fmt_gp(area_id, gp) for gp in AS10_GENERIC_PRACTICES)]
        for instance in scope.projects:
            if as8:
                hit = check_as8(area_id, instance, pa31.get(instance), pa32.get(instance))
                if hit:
                    hits.append(hit)
            if as10 and area_id != AS10_PROCESS and "PA 2.1" in attrs:
                man3 = man3_by_instance[instance]
                gps = {g: v for g, cells in gp_cells if (v := cells.get(instance))}
                hit = check_as10(area_id, instance, man3, gps) if man3 and gps else None
                if hit:
                    hits.append(hit)
    return hits


def _generic_practice_id(framework: Framework) -> Any:
    """How this model writes a process's generic practice (``SWE.1 GP 2.1.2``), from its own ids."""
    for area in framework.areas:
        for goal in area.goals:
            for p in goal.practices:
                if p.generic:
                    prefix = p.id[: len(p.id) - len(p.local_id)][len(area.id):]
                    return lambda a, gp, _sep=prefix: f"{a}{_sep}{gp}"
    return lambda a, gp: f"{a} {gp}"
