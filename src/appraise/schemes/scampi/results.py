"""SCAMPI A v1.3 results: what the rules give per practice, goal, area and level, and their JSON shape."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SCHEME_ID = "scampi-1.3"

# -- results -------------------------------------------------------------------------

@dataclass
class PracticeResult:
    id: str
    instances: dict[str, str | None]
    ou: str | None
    options: tuple[str, ...]
    decided: bool
    rule: str
    #: Projects with no characterization yet.
    missing: tuple[str, ...] = ()
    rationale: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "instances": dict(self.instances),
            "ou": self.ou,
            "options": list(self.options),
            "decided": self.decided,
            "rule": self.rule,
            "missing": list(self.missing),
        }


@dataclass
class GoalResult:
    id: str
    rating: str
    rule: str
    blocked_by: list[str]
    practices: list[PracticeResult]
    generic_level: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "rating": self.rating,
            "rule": self.rule,
            "blocked_by": list(self.blocked_by),
            "practices": [p.to_dict() for p in self.practices],
        }


@dataclass
class AreaResult:
    id: str
    title: str
    maturity_level: int | None
    rating: str
    rule: str
    blocked_by: list[str]
    goals: list[GoalResult]
    capability_level: int | None = None
    capability_rule: str | None = None
    capability_at_least: int | None = None
    #: What holds the capability level below the target (continuous).
    capability_blocked_by: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "maturity_level": self.maturity_level,
            "rating": self.rating,
            "capability_level": self.capability_level,
            "rule": self.rule,
            "blocked_by": list(self.blocked_by),
            "goals": [g.to_dict() for g in self.goals],
        }
        if self.capability_rule is not None:
            out["capability_rule"] = self.capability_rule
            out["capability_level_at_least"] = self.capability_at_least
            out["capability_blocked_by"] = list(self.capability_blocked_by)
        return out


@dataclass
class LevelResult:
    """A maturity level (staged) or equivalent maturity level (continuous)."""

    level: int | None
    at_least: int
    rule: str
    blocked_by: list[str] = field(default_factory=list)


@dataclass
class RatingResult:
    framework: str
    representation: str
    target: int
    projects: list[str]
    areas: list[AreaResult]
    maturity: LevelResult | None
    equivalent: LevelResult | None
    pending_decisions: list[dict[str, Any]]
    stale_decisions: list[dict[str, Any]]
    scheme: str = SCHEME_ID

    @property
    def maturity_level(self) -> int | None:
        return self.maturity.level if self.maturity else None

    @property
    def equivalent_maturity_level(self) -> int | None:
        return self.equivalent.level if self.equivalent else None

    def to_dict(self) -> dict[str, Any]:
        level = self.maturity or self.equivalent
        return {
            "framework": self.framework,
            "scheme": self.scheme,
            "representation": self.representation,
            "target": self.target,
            "projects": list(self.projects),
            "maturity_level": self.maturity_level,
            "equivalent_maturity_level": self.equivalent_maturity_level,
            "level_at_least": level.at_least if level else None,
            "level_rule": level.rule if level else None,
            "level_blocked_by": list(level.blocked_by) if level else [],
            "process_areas": [a.to_dict() for a in self.areas],
            "pending_decisions": list(self.pending_decisions),
            "stale_decisions": list(self.stale_decisions),
        }
