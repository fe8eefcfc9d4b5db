"""CMMI Appraisal Method (CMMI V2.0/V3.0): the appraisal's plan, the scope this scheme keeps beyond the
common one.

The type (Benchmark, Sustainment, Evaluation; V10), the domains of the view, each practice area's target
level or its being out of scope (V4.1, V5.3), the units (projects and organizational support functions,
with their subgroups; V9.1), the sample per unit x practice area as CAS codes it (V9.4: the sample is
data, never drawn here, V9.6), and the processes over which II and GOV are characterized (V7). It is
kept as one JSON document in the appraisal's settings (``PLAN_KEY``) and read back with ``plan_of``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from appraise.schemes.common import Scope

#: The setting that holds the plan (JSON).
PLAN_KEY = "cmmi.plan"

BENCHMARK, SUSTAINMENT, EVALUATION = "benchmark", "sustainment", "evaluation"
APPRAISAL_TYPES = (BENCHMARK, SUSTAINMENT, EVALUATION)
PROJECT, SUPPORT_FUNCTION = "project", "support_function"
MATURITY, CAPABILITY = "maturity", "capability"

#: The one process II and GOV are characterized over when the appraisal names none (V7).
DEFAULT_PROCESS = "All processes"

#: Sample codes (V9.4) of a unit x practice area in the evidence scope, and out of it, as this page reads them;
#: NY and ADD are unconfirmed readings: ``in_scope_codes`` asks the method's switches. ``IS``/``OoS`` are the
#: Appraisal Tool's words for the same (1.3); a unit x area the plan does not mention is in scope (``IS``).
IN_SAMPLE = ("RS", "ADD", "SUB-to", "IS")
OUT_OF_SAMPLE = ("SE", "SI", "NY", "SUB-from", "OoS")
SAMPLE_CODES = IN_SAMPLE + OUT_OF_SAMPLE


@lru_cache(maxsize=4)
def in_scope_codes(version: str) -> frozenset[str]:
    """The sample codes inside the evidence scope under ``version``'s readings of NY and ADD (V9.4 [X])."""
    from appraise.schemes.cmmi_appraisal.method import SWITCHES

    switch = SWITCHES.get(version) or SWITCHES["3.0"]
    codes = {"RS", "SUB-to", "IS"}
    if switch["rgs_ny_in_scope"]:
        codes.add("NY")
    if switch["rgs_add_in_scope"]:
        codes.add("ADD")
    return frozenset(codes)


@dataclass(frozen=True)
class Unit:
    """A basic unit: a project, or an organizational support function (OSF, no subgroup)."""

    code: str
    kind: str = PROJECT
    subgroup: str = ""


@dataclass(frozen=True)
class Plan:
    appraisal_type: str = BENCHMARK
    #: The domains of the view beside Core (``Development``, ``Suppliers`` ...), as the model names them.
    domains: tuple[str, ...] = ()
    #: Practice area -> its target level in this appraisal (only the areas in scope; V5.3).
    area_targets: Mapping[str, int] = field(default_factory=dict)
    #: Areas of the view set out of scope (V4.1 Out of Scope; the Tool's target ``OoS``).
    out_of_scope: tuple[str, ...] = ()
    units: tuple[Unit, ...] = ()
    #: unit -> practice area -> sample code (``SAMPLE_CODES``); what is not here is in scope.
    sample: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    #: The processes II and GOV are characterized over (V7); never empty.
    processes: tuple[str, ...] = (DEFAULT_PROCESS,)
    #: process -> the units that use it; a process not here is used by every unit.
    process_units: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: Sustainment: the level of the Benchmark it extends, which it cannot raise (V5.5).
    benchmark_level: int | None = None
    #: The start of the on-site phase (Phase 2), ISO date; evidence dated on or after it is flagged (V8.5).
    phase2_start: str = ""
    #: The method version the model is rated by (its switches decide the unconfirmed sample codes).
    method_version: str = "3.0"

    # -- questions the rules ask ---------------------------------------------------------------
    def code(self, unit: str, area: str) -> str:
        """The sample code of ``unit`` x ``area`` (``IS`` when the plan does not mention it)."""
        return self.sample.get(unit, {}).get(area, "IS")

    def in_sample(self, unit: str, area: str) -> bool:
        """Whether ``unit``'s evidence is in scope for ``area`` (RS, ADD, substituted-to, IS; V9.4)."""
        return self.code(unit, area) in in_scope_codes(self.method_version)

    def units_of(self, area: str) -> tuple[str, ...]:
        """The units whose characterizations of ``area`` count, in plan order."""
        return tuple(u.code for u in self.units if self.in_sample(u.code, area))

    def units_of_process(self, process: str) -> tuple[str, ...]:
        """The units that use ``process`` (II and GOV are characterized in them, V7.1)."""
        used = self.process_units.get(process)
        return tuple(u.code for u in self.units if used is None or u.code in used)

    def target_of(self, area: str) -> int | None:
        """The area's target level, or None when it is out of scope."""
        return self.area_targets.get(area)

    def unit(self, code: str) -> Unit | None:
        return next((u for u in self.units if u.code == code), None)

    # -- the settings document ------------------------------------------------------------------
    def to_json(self) -> str:
        data: dict[str, Any] = {
            "appraisal_type": self.appraisal_type, "domains": list(self.domains),
            "area_targets": dict(self.area_targets), "out_of_scope": list(self.out_of_scope),
            "units": [{"code": u.code, "kind": u.kind, "subgroup": u.subgroup} for u in self.units],
            "sample": {u: dict(v) for u, v in self.sample.items() if v},
            "processes": list(self.processes),
            "process_units": {p: list(v) for p, v in self.process_units.items()},
            "benchmark_level": self.benchmark_level, "phase2_start": self.phase2_start,
            "method_version": self.method_version,
        }
        return json.dumps(data, sort_keys=True)


@lru_cache(maxsize=16)
def plan_from_json(text: str) -> Plan:
    """The plan a settings document holds (cached: the rules ask for it on every rating)."""
    data = json.loads(text)
    return Plan(
        appraisal_type=data.get("appraisal_type", BENCHMARK),
        domains=tuple(data.get("domains", ())),
        area_targets={str(k): int(v) for k, v in data.get("area_targets", {}).items()},
        out_of_scope=tuple(data.get("out_of_scope", ())),
        units=tuple(Unit(u["code"], u.get("kind", PROJECT), u.get("subgroup", "")) for u in data.get("units", ())),
        sample={str(u): {str(a): str(c) for a, c in v.items()} for u, v in data.get("sample", {}).items()},
        processes=tuple(data.get("processes") or (DEFAULT_PROCESS,)),
        process_units={str(p): tuple(v) for p, v in data.get("process_units", {}).items()},
        benchmark_level=data.get("benchmark_level"),
        phase2_start=data.get("phase2_start", ""),
        method_version=data.get("method_version", "3.0"),
    )


def plan_of(scope: Scope) -> Plan:
    """The plan of an appraisal's scope; an appraisal without one (an older file, a hand-made scope): every
    area of the scope at the scope's target, every project a unit in every area's sample, one process."""
    text = scope.settings.get(PLAN_KEY)
    if text:
        return plan_from_json(text)
    return Plan(area_targets={a: scope.target for a in scope.areas},
                units=tuple(Unit(code) for code in scope.projects))
