"""CMMI Appraisal Method: what a model needs, an appraisal's scope, and what the scope refuses.

The model check (practice groups; FM..NC and L M H on its scale), the new appraisal's plan (type, domains,
per-area targets, units, processes; V5.3, V6.1, V10), the per-process cells of II and GOV (V7), the practices
an appraisal characterizes (only up to each area's target, V4.2), and why a cell takes no value (a unit
outside the area's sample, V9.4; a unit that does not use the process, V7.1; NY on II or GOV, V7.2).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

from appraise.errors import FrameworkError, UsageError
from appraise.framework.model import Framework, Practice, ProcessArea
from appraise.schemes.cmmi_appraisal.method import SWITCHES
from appraise.schemes.cmmi_appraisal.plan import (
    APPRAISAL_TYPES,
    BENCHMARK,
    CAPABILITY,
    DEFAULT_PROCESS,
    EVALUATION,
    MATURITY,
    PLAN_KEY,
    SUPPORT_FUNCTION,
    SUSTAINMENT,
    Plan,
    Unit,
    plan_from_json,
    plan_of,
)
from appraise.schemes.common import Decision, Scope

SCHEME_ID = "cmmi-appraisal"
#: The characterizations of a Benchmark or Sustainment (V1.1) and of an Evaluation (V1.5), in scale order.
BENCHMARK_VALUES = ("FM", "LM", "PM", "DM", "NY", "NC")
EVALUATION_VALUES = ("L", "M", "H", "NY", "NC")
#: The capability target a capability appraisal may set (V6.1: the workbook limits it to Level 3).
CAPABILITY_TARGET_MAX = 3
#: What each out-of-sample code means (V9.4), for a refusal.
CODE_MEANING = {"SE": "sample eligible, not drawn", "SI": "sample ineligible", "NY": "not yet",
                "SUB-from": "substituted from", "OoS": "not assigned"}


def version_of(framework: Framework) -> str:
    """The method version whose tables and switches rate this model (V3.0 when the model does not say)."""
    return framework.method_version or "3.0"


def is_evaluation(plan: Plan) -> bool:
    return plan.appraisal_type == EVALUATION


def plan_for(scope: Scope) -> Plan:
    """The appraisal's plan, its units matched to the scope's: a unit the scope no longer has is left out, one
    the plan does not know yet (added with the common ``--add-projects``) is a project in every sample."""
    plan = plan_of(scope)
    if tuple(u.code for u in plan.units) == scope.projects:
        return plan
    return _reconciled(scope.settings[PLAN_KEY], scope.projects)  # a plan made from the scope matches it


@lru_cache(maxsize=16)
def _reconciled(text: str, projects: tuple[str, ...]) -> Plan:
    plan = plan_from_json(text)
    known = {u.code: u for u in plan.units}
    return replace(plan, units=tuple(known.get(code) or Unit(code) for code in projects))


# -- what a model needs -------------------------------------------------------------------------

def check_framework(framework: Framework) -> None:
    """Refuse a model these rules cannot rate: practice groups by level, the FM..NC and L M H values."""
    where = framework.origin or framework.id
    if framework.shape != "practice_groups":
        raise FrameworkError(f"{where}: the {SCHEME_ID} scheme rates practice areas with practice groups "
                             f"(shape practice_groups), not {framework.shape}")
    missing = [v for v in BENCHMARK_VALUES + ("L", "M", "H") if v not in framework.scale.ids]
    if missing:
        raise FrameworkError(f"{where}: scale.values: the {SCHEME_ID} scheme needs FM LM PM DM NY NC and "
                             f"L M H (Evaluation); missing {', '.join(missing)}")
    if framework.method_version not in SWITCHES:
        raise FrameworkError(f"{where}: method_version: {framework.method_version!r} is not a CMMI Appraisal Method "
                             f"version appraise knows the rules of ({', '.join(sorted(SWITCHES))})")
    for area in framework.areas:
        if not area.goals:
            raise FrameworkError(f"{where}: practice area {area.id} has no practice groups")
        for goal in area.goals:
            if goal.level is None:
                raise FrameworkError(f"{where}: practice group {goal.id} has no level")


def top_level(area: ProcessArea) -> int:
    """The area's highest practice-group level (V4.2)."""
    return max(g.level or 0 for g in area.goals)


# -- a new appraisal's scope -----------------------------------------------------------------------

def _names(value: Any) -> list[str]:
    items = value.split(",") if isinstance(value, str) else list(value or ())
    return [" ".join(str(v).split()) for v in items if str(v).strip()]


def _domain(framework: Framework, text: str) -> str:
    wanted = text.casefold()
    found = next((d for d in framework.domains if d.casefold() == wanted), None)
    if found is None:
        others = [d for d in framework.domains if d.casefold() != "core"]
        raise UsageError(f"--domains: {text!r} is not a domain of {framework.id} "
                         f"(it has: {', '.join(others) or 'none beside Core'})")
    return found


def _area_targets(framework: Framework, given: Mapping[str, Any], in_scope: Sequence[str],
                  representation: str) -> dict[str, int]:
    """``{PA: level}`` as typed, checked: a known area in scope, a level from 1 to its top group."""
    out: dict[str, int] = {}
    for text, level in given.items():
        area_id = framework.resolve_area(str(text))
        if area_id is None:
            raise UsageError(f"--pa-target: {text!r} is not a practice area of {framework.id}")
        if area_id not in in_scope:
            raise UsageError(f"--pa-target: {area_id} is not in this appraisal's scope")
        try:
            n = int(level)
        except (TypeError, ValueError):
            raise UsageError(f"--pa-target: {area_id}={level!r}: a target is a level from 1 to 5") from None
        top = top_level(framework.area(area_id))
        if not 1 <= n <= top:
            raise UsageError(f"--pa-target: {area_id}={n}: {area_id} has practice groups up to level {top} "
                             f"(V4.2): choose 1 to {top}")
        if representation == CAPABILITY and n > CAPABILITY_TARGET_MAX:
            raise UsageError(f"--pa-target: {area_id}={n}: a capability appraisal targets at most level "
                             f"{CAPABILITY_TARGET_MAX} (V6.1)")
        out[area_id] = n
    return out


def make_scope(framework: Framework, representation: str, target: int, areas: Sequence[str],
               projects: Sequence[str], options: Mapping[str, Any] | None = None) -> Scope:
    """Check and complete a new appraisal's scope, and write its plan (``PLAN_KEY``).

    Maturity: the core practice areas plus those of the chosen domains, every one at the overall target
    capped at its top level, unless ``area_targets`` says otherwise (V5.3). Capability: every practice area,
    target at most 3 (V6.1). An Evaluation may take any areas (V10). The units are the projects and the
    support functions; II and GOV are characterized over the processes (one default process, V7).
    """
    options = dict(options or {})
    if representation not in (MATURITY, CAPABILITY) or representation not in framework.representations:
        raise UsageError(f"{framework.id} is appraised in the {' or '.join(framework.representations)} "
                         f"representation, not {representation!r}")
    kind = str(options.get("appraisal_type") or BENCHMARK).strip().lower()
    if kind not in APPRAISAL_TYPES:
        raise UsageError(f"--type: {kind!r} is not an appraisal type (choose {', '.join(APPRAISAL_TYPES)}; V10)")
    levels = [lv for lv in (framework.maturity_levels if representation == MATURITY else
                            framework.capability_levels) if lv >= 1]
    if representation == CAPABILITY:
        levels = [lv for lv in levels if lv <= CAPABILITY_TARGET_MAX]
    if target not in levels:
        word = "maturity" if representation == MATURITY else "capability"
        extra = " (V6.1: a capability appraisal targets at most level 3)" if representation == CAPABILITY else ""
        raise UsageError(f"--target: a {word} target is one of {', '.join(map(str, levels))}{extra}")
    domains = tuple(dict.fromkeys(_domain(framework, d) for d in _names(options.get("domains"))))
    if representation == CAPABILITY and domains:
        raise UsageError("--domains: a capability appraisal takes every practice area of the model (V6.1); "
                         "set areas out of scope with --out-of-scope instead")
    chosen = {d.casefold() for d in domains} | {"core"}
    if areas:
        unknown = [a for a in areas if framework.resolve_area(a) is None]
        if unknown:
            raise UsageError(f"unknown practice area {', '.join(unknown)} in {framework.id}")
        if representation == MATURITY and kind != EVALUATION:
            raise UsageError("a maturity appraisal covers the core practice areas and those of the chosen "
                             "domains (V5.3): choose --domains, and set an area out of scope afterwards")
        named = {framework.resolve_area(a) for a in areas}
        in_scope = tuple(a.id for a in framework.areas if a.id in named or (a.per_process and kind != EVALUATION))
    elif representation == CAPABILITY:
        in_scope = tuple(a.id for a in framework.areas)
    else:
        in_scope = tuple(a.id for a in framework.areas if (a.category or "Core").casefold() in chosen)
    if not in_scope:
        raise UsageError(f"{framework.id} has no practice area in this scope")
    targets = {a: min(target, top_level(framework.area(a))) for a in in_scope}
    targets.update(_area_targets(framework, options.get("area_targets") or {}, in_scope, representation))
    support = _names(options.get("support_functions"))
    codes = [*map(str, projects), *support]
    if not codes:
        raise UsageError("an appraisal needs at least one unit: a project or a support function")
    twice = sorted({c for c in codes if codes.count(c) > 1})
    if twice:
        raise UsageError(f"unit {', '.join(twice)} is named twice (units are projects and support functions)")
    processes = tuple(_names(options.get("processes"))) or (DEFAULT_PROCESS,)
    twice = sorted({p for p in processes if [q.casefold() for q in processes].count(p.casefold()) > 1})
    if twice:
        raise UsageError(f"--processes: {', '.join(twice)} is named twice")
    benchmark_level = options.get("benchmark_level")
    if benchmark_level is not None:
        if kind != SUSTAINMENT:
            raise UsageError("--benchmark-level: only a sustainment extends a benchmark (V5.5, V10)")
        benchmark_level = benchmark_level_of(benchmark_level)
    elif kind == SUSTAINMENT:
        raise UsageError("a sustainment extends a benchmark and cannot raise its rating (V5.5): give the "
                         "benchmark's maturity level with --benchmark-level")
    phase2 = phase2_date(str(options.get("phase2_start") or ""))
    plan = Plan(appraisal_type=kind, domains=domains, area_targets=targets,
                units=tuple(Unit(c) for c in map(str, projects)) + tuple(Unit(c, SUPPORT_FUNCTION) for c in support),
                processes=processes, benchmark_level=benchmark_level, phase2_start=phase2,
                method_version=framework.method_version or "3.0")
    return Scope(representation, target, in_scope, tuple(codes), settings={PLAN_KEY: plan.to_json()})


def benchmark_level_of(value: Any) -> int:
    """The benchmark level a sustainment extends (V5.5): a maturity level 2-5; a clear error otherwise."""
    text = str(value).strip()
    if not text.isdigit() or not 2 <= int(text) <= 5:
        raise UsageError(f"--benchmark-level: {value!r} is not a maturity level a benchmark rates (2-5)")
    return int(text)


def phase2_date(text: str) -> str:
    """The Phase 2 start as an ISO date ("" when none is given); a clear error for anything else."""
    if not text.strip():
        return ""
    try:
        return dt.date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise UsageError(f"--phase2-start: {text!r} is not a date (YYYY-MM-DD)") from None


# -- the per-process cells of II and GOV (V7) ------------------------------------------------------

def cell_id(practice: str, process: str) -> str:
    """The id of ``practice``'s row for ``process``: ``GOV 2.1 @ Support``."""
    return f"{practice} @ {process}"


def specialize(framework: Framework, scope: Scope) -> Framework:
    """The model with one cell per practice of a per-process area and process of the plan (V7.1)."""
    processes = plan_for(scope).processes
    cells = tuple(Practice(cell_id(p.id, process), f"{p.title} (process {process})".strip(), p.area, p.goal,
                           local_id=p.local_id, process=process, base=p.id)
                  for a in framework.areas if a.per_process for g in a.goals for p in g.practices
                  for process in processes)
    if tuple(c.id for c in framework.cells) == tuple(c.id for c in cells):
        return framework
    return framework.with_cells(cells)


# -- what the appraisal characterizes ------------------------------------------------------------

def rated_areas(framework: Framework, plan: Plan, scope: Scope) -> tuple[ProcessArea, ...]:
    """The areas of the appraisal's view in model order: in scope (with a target) or set out of scope."""
    named = set(scope.areas) | set(plan.area_targets) | set(plan.out_of_scope)
    return tuple(a for a in framework.areas if a.id in named)


def groups_in_scope(area: ProcessArea, target: int | None) -> tuple[Any, ...]:
    """The practice groups an area is rated with: up to its target (V4.2); none when out of scope."""
    if target is None:
        return ()
    return tuple(g for g in area.goals if (g.level or 0) <= target)


def practices_in_scope(framework: Framework, scope: Scope) -> list[str]:
    """Every cell the appraisal characterizes, in model order: the practices of each in-scope area up to its
    target (V4.2); for II and GOV, one cell per practice and process (V7.1)."""
    plan = plan_for(scope)
    out: list[str] = []
    for area in rated_areas(framework, plan, scope):
        for goal in groups_in_scope(area, plan.target_of(area.id)):
            for p in goal.practices:
                if area.per_process:
                    out += [cell_id(p.id, process) for process in plan.processes]
                else:
                    out.append(p.id)
    return out


def allowed_values(framework: Framework, scope: Scope) -> tuple[str, ...]:
    """FM LM PM DM NY NC, or an Evaluation's L M H NY NC (V1.1, V1.5): an appraisal uses one set."""
    return EVALUATION_VALUES if is_evaluation(plan_for(scope)) else BENCHMARK_VALUES


def units_of(plan: Plan, area: str, process: str = "") -> tuple[str, ...]:
    """The units whose values of ``area`` count (its sample; for a process, the units that use it too)."""
    units = plan.units_of(area)
    if not process:
        return units
    using = set(plan.units_of_process(process))
    return tuple(u for u in units if u in using)


# -- what the scope refuses ----------------------------------------------------------------------

def refusal(framework: Framework, scope: Scope,
            decisions: Iterable[Decision] = ()) -> Callable[..., str | None]:
    """``why(practice, unit=None)``: why the method takes no value on a practice (in one unit) now, or None."""
    plan = plan_for(scope)
    rated = {a.id for a in rated_areas(framework, plan, scope)}

    def why(practice: str, unit: str | None = None) -> str | None:
        try:
            model = framework.practice(practice)
        except KeyError:
            return None  # not this scheme's to say: the caller reports an unknown practice
        area = framework.area(model.area)
        if area.per_process and not model.process:
            return (f"{area.id} is characterized per process (V7.1): name the process "
                    f"({', '.join(plan.processes)}), e.g. --process \"{plan.processes[0]}\"")
        target = plan.target_of(area.id)
        if area.id not in rated or target is None:
            return (f"{area.id} is out of this appraisal's scope (V4.1) — "
                    f"appraise scope FILE --in-scope {area.id} to add it")
        level = framework.goal(model.goal).level or 0
        if level > target:
            return (f"{model.base or model.id} is above {area.id}'s target level {target} (V4.2: practices only "
                    f"up to the target) — appraise scope FILE --pa-target {area.id}={level} to rate it")
        if unit is None:
            return None
        if plan.unit(unit) is None and plan.units:
            return None  # not a unit of the plan: the caller reports an unknown unit
        if not plan.in_sample(unit, area.id):
            code = plan.code(unit, area.id)
            return (f"{unit} is not in {area.id}'s sample ({code}: {CODE_MEANING.get(code, code)}; V9.4) — "
                    f"appraise scope FILE --assign {unit}=+{area.id} to add it")
        if model.process and unit not in plan.units_of_process(model.process):
            return f"{unit} does not use the process {model.process} (V7.1): {model.id} is not characterized there"
        return None

    return why


def refuse_value(framework: Framework, scope: Scope, practice: str, value: str) -> str | None:
    """V7.2: II and GOV are never NY; the message, or None."""
    if value != "NY":
        return None
    try:
        area = framework.area(framework.practice(practice).area)
    except KeyError:
        return None
    if not area.per_process:
        return None
    others = [v for v in allowed_values(framework, scope) if v != "NY"]
    return f"{area.id} is never NY (V7.2: it is characterized per process): choose one of {', '.join(others)}"


def evidence_cutoff(framework: Framework, scope: Scope) -> str | None:
    """The Phase 2 start (ISO date): evidence dated on or after it is warned about (V8.5); None when unset."""
    return plan_for(scope).phase2_start or None


_GROUP = re.compile(r"^\s*(\S+?)[\s_.-]*(?:L|LEVEL)?\s*(\d)\s*$", re.IGNORECASE)


def resolve_target(framework: Framework, scope: Scope, characterizations: Mapping[str, Mapping[str, str]],
                   decisions: Iterable[Decision], text: str) -> str | None:
    """What a decision is about: a practice, a per-process cell (``GOV 2.1 @ Support``), or a practice group
    (``RDM L2``, ``RDM 2``, ``rdm l2``)."""
    found = framework.canonical(text)
    if found is not None:
        return found
    match = _GROUP.match(text)
    if match:
        area = framework.resolve_area(match.group(1))
        if area is not None:
            return framework.resolve_goal(f"{area} L{match.group(2)}")
    return None
