"""CMMI Appraisal Method: a change of the plan (``appraise scope``), as the settings to write and one line per
change.

``area_targets`` {PA: level}, ``out_of_scope`` [PA], ``in_scope`` [PA] (V4.1, V4.2, V5.3), ``assign``
{unit: {PA: True|False}} (the Tool's IS/OoS per unit x area), ``processes`` [names] and ``process_units``
{process: [units]} (V7.1), ``sample`` {"units": [...], "cells": {unit: {PA: code}}} (the CAS random sample as
read, V9.4: the sample is data, taken as read, V9.6), ``benchmark_level`` (V5.5) and ``phase2_start`` (V8.5).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from appraise.errors import UsageError
from appraise.framework.model import Framework
from appraise.schemes.cmmi_appraisal.plan import (
    CAPABILITY,
    PLAN_KEY,
    PROJECT,
    SAMPLE_CODES,
    SUPPORT_FUNCTION,
    SUSTAINMENT,
    Plan,
    Unit,
    in_scope_codes,
)
from appraise.schemes.cmmi_appraisal.scope import (
    CAPABILITY_TARGET_MAX,
    benchmark_level_of,
    phase2_date,
    plan_for,
    top_level,
)
from appraise.schemes.common import Scope
from appraise.schemes.protocol import ScopeRevision

KEYS = ("area_targets", "out_of_scope", "in_scope", "assign", "processes", "process_units", "sample",
        "benchmark_level", "phase2_start")


def _area(framework: Framework, text: str, option: str) -> str:
    found = framework.resolve_area(str(text))
    if found is None:
        raise UsageError(f"{option}: {text!r} is not a practice area of {framework.id}")
    return found


def _unit(plan: Plan, code: str, option: str, extra: Mapping[str, Unit] | None = None) -> str:
    if plan.unit(code) is None and code not in (extra or {}):
        known = ", ".join(u.code for u in plan.units)
        raise UsageError(f"{option}: {code!r} is not a unit of this appraisal (units: {known})")
    return code


def _targets(framework: Framework, scope: Scope, plan: Plan, given: Mapping[str, Any], lines: list[str]) -> Plan:
    targets = dict(plan.area_targets)
    out = list(plan.out_of_scope)
    for text, level in given.items():
        area = _area(framework, text, "--pa-target")
        top = top_level(framework.area(area))
        try:
            n = int(level)
        except (TypeError, ValueError):
            raise UsageError(f"--pa-target: {area}={level!r}: a target is a level") from None
        if not 1 <= n <= top:
            raise UsageError(f"--pa-target: {area}={n}: {area} has practice groups up to level {top} (V4.2): "
                             f"choose 1 to {top}")
        if scope.representation == CAPABILITY and n > CAPABILITY_TARGET_MAX:
            raise UsageError(f"--pa-target: {area}={n}: a capability appraisal targets at most level "
                             f"{CAPABILITY_TARGET_MAX} (V6.1)")
        old = targets.get(area)
        if old == n:
            continue
        targets[area] = n
        if area in out:
            out.remove(area)
        lines.append(f"{area} target: {'out of scope' if old is None else old} -> {n} (V4.2)")
    return _with_targets(framework, plan, targets, out)


def _with_targets(framework: Framework, plan: Plan, targets: dict[str, int], out: list[str]) -> Plan:
    """The plan with these area targets (in model order) and areas out of scope."""
    order = {a.id: i for i, a in enumerate(framework.areas)}
    return replace(plan, area_targets=dict(sorted(targets.items(), key=lambda kv: order.get(kv[0], 0))),
                   out_of_scope=tuple(out))


def _out_of_scope(framework: Framework, plan: Plan, given: list[Any], lines: list[str]) -> Plan:
    targets = dict(plan.area_targets)
    out = list(plan.out_of_scope)
    for text in given:
        area = _area(framework, text, "--out-of-scope")
        if area not in targets:
            raise UsageError(f"--out-of-scope: {area} is out of scope already")
        old = targets.pop(area)
        out.append(area)
        lines.append(f"{area}: target {old} -> out of scope (V4.1)")
    return replace(plan, area_targets=targets, out_of_scope=tuple(out))


def _in_scope(framework: Framework, scope: Scope, plan: Plan, given: list[Any], lines: list[str]) -> Plan:
    targets = dict(plan.area_targets)
    out = list(plan.out_of_scope)
    for text in given:
        area = _area(framework, text, "--in-scope")
        if area in targets:
            raise UsageError(f"--in-scope: {area} is in scope already (target {targets[area]})")
        targets[area] = min(scope.target, top_level(framework.area(area)))
        if area in out:
            out.remove(area)
        lines.append(f"{area}: out of scope -> target {targets[area]} (V5.3)")
    return _with_targets(framework, plan, targets, out)


def _assign(framework: Framework, plan: Plan, given: Mapping[str, Mapping[str, Any]], lines: list[str]) -> Plan:
    sample = {u: dict(v) for u, v in plan.sample.items()}
    for code, areas in given.items():
        unit = _unit(plan, str(code), "--assign")
        for text, wanted in areas.items():
            area = _area(framework, text, "--assign")
            if framework.area(area).per_process:
                raise UsageError(f"--assign: {area} is characterized per process, over the processes the units "
                                 "use, not per sampled unit (V7.1, V9.5): change the processes instead")
            old = plan.code(unit, area)
            if bool(wanted) == plan.in_sample(unit, area):
                continue
            new = "IS" if wanted else "OoS"
            sample.setdefault(unit, {})[area] = new
            lines.append(f"{unit} x {area}: {old} -> {new} ({'in' if wanted else 'out of'} the evidence scope; "
                         "V9.4)")
    return replace(plan, sample=sample)


def _processes(plan: Plan, given: list[Any], lines: list[str]) -> Plan:
    names = [" ".join(str(p).split()) for p in given if str(p).strip()]
    if not names:
        raise UsageError("--processes: II and GOV need at least one process (V7.1)")
    folded = [n.casefold() for n in names]
    twice = sorted({n for n in names if folded.count(n.casefold()) > 1})
    if twice:
        raise UsageError(f"--processes: {', '.join(twice)} is named twice")
    if tuple(names) == plan.processes:
        return plan
    lines.append(f"processes: {', '.join(plan.processes)} -> {', '.join(names)} (V7.1)")
    kept = {p: units for p, units in plan.process_units.items() if p in names}
    return replace(plan, processes=tuple(names), process_units=kept)


def _process_units(plan: Plan, given: Mapping[str, Any], lines: list[str]) -> Plan:
    used = dict(plan.process_units)
    for process, units in given.items():
        name = next((p for p in plan.processes if p.casefold() == " ".join(str(process).split()).casefold()), None)
        if name is None:
            raise UsageError(f"--process-units: {process!r} is not a process of this appraisal "
                             f"({', '.join(plan.processes)})")
        codes = tuple(_unit(plan, str(u), "--process-units") for u in units)
        used[name] = codes
        lines.append(f"process {name}: used by {', '.join(codes) or 'no unit'} (V7.1)")
    return replace(plan, process_units=used)


def _sample(framework: Framework, plan: Plan, given: Mapping[str, Any], lines: list[str]) -> Plan:
    """The sample as read (V9.4), per unit a reading line: ``P1 (subgroup East, project): RS ALP, BRV; SE CHA``."""
    new_units = {}
    for row in given.get("units", ()):
        kind = row.get("kind") or PROJECT
        if kind not in (PROJECT, SUPPORT_FUNCTION):
            raise UsageError(f"sample: unit {row.get('code')!r}: kind {kind!r} is neither a project nor a "
                             "support function")
        new_units[str(row["code"])] = Unit(str(row["code"]), kind, str(row.get("subgroup") or ""))
    units = [new_units.pop(u.code, u) for u in plan.units] + list(new_units.values())
    by_code = {u.code: u for u in units}
    sample = {u: dict(v) for u, v in plan.sample.items()}
    for code, cells in given.get("cells", {}).items():
        unit = _unit(plan, str(code), "sample", by_code)
        row: dict[str, str] = {}
        for text, value in cells.items():
            area = _area(framework, text, f"sample: {unit}")
            if framework.area(area).per_process:
                raise UsageError(f"sample: {unit} x {area}: {area} is characterized per process and is not "
                                 "sampled (V9.5)")
            if value not in SAMPLE_CODES:
                raise UsageError(f"sample: {unit} x {area}: {value!r} is not a sample code "
                                 f"({', '.join(SAMPLE_CODES)})")
            row[area] = value
        for area, old in sample.get(unit, {}).items():  # a hand correction (--assign) the file replaces: said
            if old in ("IS", "OoS") and row.get(area, "IS") != old:
                lines.append(f"{unit} x {area}: {old} (set by hand) -> {row.get(area, 'IS')} (the sample file)")
        sample[unit] = row
        by_code_unit = by_code[unit]
        reading: dict[str, list[str]] = {}
        for area, value in row.items():
            reading.setdefault(value, []).append(area)
        kind = "support function" if by_code_unit.kind == SUPPORT_FUNCTION else "project"
        where = f"subgroup {by_code_unit.subgroup}, {kind}" if by_code_unit.subgroup else kind
        parts = [f"{value} {', '.join(areas)}" for value, areas in reading.items()]
        scoped = sum(1 for v in row.values() if v in in_scope_codes(plan.method_version))
        lines.append(f"{unit} ({where}): {'; '.join(parts) or 'no practice area'} — {scoped} in the evidence "
                     "scope (V9.4)")
    return replace(plan, units=tuple(units), sample=sample)


def revise_scope(framework: Framework, scope: Scope, change: Mapping[str, Any]) -> ScopeRevision:
    """The plan with ``change`` made, as the settings to write and one line per change (nothing is written
    here: a refused change raises UsageError before anything)."""
    unknown = [k for k in change if k not in KEYS]
    if unknown:
        raise UsageError(f"{', '.join('--' + k.replace('_', '-') for k in unknown)}: not part of an appraisal by "
                         "the cmmi-appraisal scheme")
    plan = plan_for(scope)
    lines: list[str] = []
    question = ""
    if change.get("sample"):
        plan = _sample(framework, plan, change["sample"], lines)
        question = ("Record the sample as read above? (V9.6: the sample is data; SUB cells are told apart by "
                    "their fill: check them)")
    if change.get("in_scope"):
        plan = _in_scope(framework, scope, plan, list(change["in_scope"]), lines)
    if change.get("out_of_scope"):
        plan = _out_of_scope(framework, plan, list(change["out_of_scope"]), lines)
    if change.get("area_targets"):
        plan = _targets(framework, scope, plan, change["area_targets"], lines)
    if change.get("assign"):
        plan = _assign(framework, plan, change["assign"], lines)
    if change.get("processes"):
        plan = _processes(plan, list(change["processes"]), lines)
    if change.get("process_units"):
        plan = _process_units(plan, change["process_units"], lines)
    if change.get("benchmark_level") is not None:
        if plan.appraisal_type != SUSTAINMENT:
            raise UsageError("--benchmark-level: only a sustainment extends a benchmark (V5.5)")
        level = benchmark_level_of(change["benchmark_level"])
        if level != plan.benchmark_level:
            lines.append(f"benchmark level: {plan.benchmark_level or 'not set'} -> {level} (V5.5)")
            plan = replace(plan, benchmark_level=level)
    if change.get("phase2_start"):
        start = phase2_date(str(change["phase2_start"]))
        if start != plan.phase2_start:
            lines.append(f"Phase 2 start: {plan.phase2_start or 'not set'} -> {start} (V8.5)")
            plan = replace(plan, phase2_start=start)
    if not lines:
        raise UsageError("nothing to change: the plan already says so")
    return ScopeRevision({PLAN_KEY: plan.to_json()}, tuple(lines), question)
