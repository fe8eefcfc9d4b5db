"""Plain values the rating schemes take: the appraisal's scope and the team's decisions; the order of
requirement numbers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar


@dataclass(frozen=True)
class Scope:
    """What is appraised: representation, target level, areas and basic units (projects)."""

    representation: str
    target: int
    areas: tuple[str, ...]
    projects: tuple[str, ...]
    #: ISO/IEC 33020: the refined values (P-, P+, L-, L+) may be used.
    refined: bool = False
    #: An organizational maturity model attached to the appraisal (``appraise.framework.maturity``).
    maturity_model: Any = None
    #: The appraisal's settings as the file holds them; a scheme with a plan of its own reads its key there
    #: (CMMI V2.0/V3.0: ``cmmi.plan``, the type, domains, per-area targets, units, sample and processes).
    settings: Mapping[str, str] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Decision:
    """A team decision as the rules see it: the latest one recorded per (kind, target)."""

    kind: str
    target: str
    value: str
    rationale: str = ""
    #: The instance values the decision was made on, when it depends on them.
    basis: Mapping[str, str] | None = None


class Decided(Protocol):
    """Anything recorded as a team decision: the rules' ``Decision``, the store's ``DecisionRecord``."""

    @property
    def kind(self) -> str: ...

    @property
    def target(self) -> str: ...


D = TypeVar("D", bound=Decided)


def latest_decisions(decisions: Iterable[D]) -> dict[tuple[str, str], D]:
    """The decision that stands per (kind, target): the last one recorded. The one place that says so: the
    rules, the exports and the screens all ask it."""
    latest: dict[tuple[str, str], D] = {}
    for d in decisions:  # in the order they were recorded; the last one stands
        latest[(d.kind, d.target)] = d
    return latest


def requirement_order(requirement: str) -> tuple[int, ...]:
    """Sort key of a requirement's number, whatever the model: 7.1.5.2 after 7.1.5, 10.1 after 9.3."""
    return tuple(int(x) if x.isdigit() else 0 for x in requirement.split("."))
