"""CMMI Appraisal Method results: what the rules give per practice, practice group, practice area and level,
and their JSON (issue 12, item 5: these keys keep their meaning; others may be added)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

OU_CHARACTERIZATION = "ou_characterization"
PRACTICE_GROUP = "practice_group"
SATISFIED, UNSATISFIED, NOT_RATED, PENDING = "satisfied", "unsatisfied", "not_rated", "pending"
OUT_OF_SCOPE = "out_of_scope"
GROUP_OPTIONS = (SATISFIED, UNSATISFIED)


@dataclass
class ProcessResult:
    """One process's row of a per-process practice (II, GOV; V7.4): its instances and OU value."""

    cell: str
    instances: dict[str, str | None]
    ou: str | None
    options: tuple[str, ...] = ()
    decided: bool = False
    rule: str = ""
    rationale: str = ""
    flags: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out = {"cell": self.cell, "instances": dict(self.instances), "ou": self.ou, "options": list(self.options),
               "decided": self.decided, "rule": self.rule}
        if self.flags:
            out["flags"] = list(self.flags)
        return out


@dataclass
class PracticeResult:
    id: str
    #: The units in the area's sample (per process: the lowest value of each unit over its processes).
    instances: dict[str, str | None]
    ou: str | None
    options: tuple[str, ...]
    decided: bool
    rule: str
    #: In-sample units without a value yet.
    missing: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    rationale: str = ""
    #: process -> its row, for II and GOV only.
    processes: dict[str, ProcessResult] | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "instances": dict(self.instances), "ou": self.ou,
                               "options": list(self.options), "decided": self.decided, "rule": self.rule,
                               "missing": list(self.missing)}
        if self.flags:
            out["flags"] = list(self.flags)
        if self.processes is not None:
            out["processes"] = {name: row.to_dict() for name, row in self.processes.items()}
        return out


@dataclass
class GroupResult:
    """A practice group (``RDM L2``) and its rating (V3)."""

    id: str
    level: int
    rating: str
    rule: str
    blocked_by: tuple[str, ...]
    practices: list[PracticeResult]
    #: The values the team may choose (V3.2: are the LM weaknesses significant?) while it has not.
    options: tuple[str, ...] = ()
    decided: bool = False
    rationale: str = ""
    #: Pending only because these practices are not characterized in every unit of the sample yet (no team
    #: decision is owed): a face says "not characterized yet", not "pending decision".
    waiting: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "level": self.level, "rating": self.rating, "rule": self.rule,
                "blocked_by": list(self.blocked_by), "options": list(self.options), "decided": self.decided,
                "waiting_for_characterizations": list(self.waiting),
                "practices": [p.to_dict() for p in self.practices]}


@dataclass
class AreaResult:
    id: str
    title: str
    domain: str
    per_process: bool
    target: int | None
    top_level: int
    #: 0..5, "not_rated", "out_of_scope", or None while a decision or value it needs is missing (V4).
    rating: int | str | None
    rule: str
    blocked_by: tuple[str, ...]
    groups: list[GroupResult]
    #: Capability representation: the area's capability level in the profile (V6.2).
    capability_level: int | None = None

    def to_dict(self, capability: bool) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "title": self.title, "domain": self.domain,
                               "per_process": self.per_process, "target": self.target, "top_level": self.top_level,
                               "rating": self.rating, "rule": self.rule, "blocked_by": list(self.blocked_by),
                               "practice_groups": [g.to_dict() for g in self.groups]}
        if capability:
            out["capability_level"] = self.capability_level
        return out


@dataclass
class LevelResult:
    """The maturity level or capability profile level: reached (None while undetermined), at least, why."""

    level: int | None
    at_least: int
    rule: str
    blocked_by: tuple[str, ...] = ()


@dataclass
class RatingResult:
    framework: str
    method_version: str
    appraisal_type: str
    representation: str
    target: int
    units: list[str]
    areas: list[AreaResult]
    level: LevelResult
    #: Capability representation: PA -> its capability level (None while undetermined); None otherwise.
    profile: dict[str, int | None] | None
    pending_decisions: list[dict[str, Any]]
    stale_decisions: list[dict[str, Any]]
    #: False for an Evaluation: no practice group, practice area or level ratings (V3.6).
    gives_ratings: bool = True
    scheme: str = "cmmi-appraisal"

    @property
    def maturity_level(self) -> int | None:
        return self.level.level if self.representation == "maturity" and self.gives_ratings else None

    def to_dict(self) -> dict[str, Any]:
        capability = self.representation == "capability"
        return {
            "framework": self.framework, "scheme": self.scheme, "method_version": self.method_version,
            "appraisal_type": self.appraisal_type, "representation": self.representation, "target": self.target,
            "maturity_level": self.maturity_level,
            "capability_profile": dict(self.profile) if self.profile is not None else None,
            "capability_level": self.level.level if capability and self.gives_ratings else None,
            "level_at_least": self.level.at_least, "level_rule": self.level.rule,
            "level_blocked_by": list(self.level.blocked_by), "gives_ratings": self.gives_ratings,
            "units": list(self.units),
            "practice_areas": [a.to_dict(capability) for a in self.areas],
            "pending_decisions": list(self.pending_decisions),
            "stale_decisions": list(self.stale_decisions),
        }


@dataclass
class Tally:
    """What the roll-up collects on its way: the decisions owed and those that no longer stand."""

    pending: list[dict[str, Any]] = field(default_factory=list)
    stale: list[dict[str, Any]] = field(default_factory=list)
