"""Plain values the rating schemes take: the appraisal's scope and the team's decisions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Scope:
    """What is appraised: representation, target level, areas and basic units (projects)."""

    representation: str
    target: int
    areas: tuple[str, ...]
    projects: tuple[str, ...]


@dataclass(frozen=True)
class Decision:
    """A team decision as the rules see it: the latest one recorded per (kind, target)."""

    kind: str
    target: str
    value: str
    rationale: str = ""
    #: The instance values the decision was made on, when it depends on them.
    basis: Mapping[str, str] | None = None
