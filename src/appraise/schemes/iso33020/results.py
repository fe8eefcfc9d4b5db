"""ISO/IEC 33020 results: the rules' texts, and what they give per cell, attribute, process and assessment."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

SCHEME_ID = "iso-33020"
NOT_RATED = "not_rated"

RULES: dict[str, str] = {
    "M1.1": "a process attribute is rated N, P, L or F",
    "M2.1": "level k is achieved when every attribute of level k is L or F and every attribute of a lower level is F",
    "M2.3": "an attribute within the target that lacks a rating leaves the level undetermined",
    "M3.3": "the mean of N=0, P=1, L=2, F=3 over all instances, a mean at or above x.5 rounding up",
    "M3.4": "a weighted mean with the weights and their rationale recorded, rounded like M3.3 (unconfirmed)",
    "M3.6": "an attribute not rated in every instance has no aggregate",
    "M4.1": "refined values count as their base value (P-, P+ as P; L-, L+ as L)",
    "M5": "rating method R2: each attribute rated per instance, then aggregated over the instances",
    "AS1.4": "every process in the agreed scope is assessed: none may be dropped as not applicable",
    "AS2.3": "a proposed attribute rating is an aid; the assessor's rating is what counts",
    "AS8": "PA 3.2 shall not be rated higher than PA 3.1 (in the same instance)",
    "AS10": "MAN.3.BP4-BP8 should be in line with GP 2.1.2-2.1.6 of the other processes: more than one "
            "step apart may indicate an inconsistent rating (4.0 numbering; applying it to 3.1 is unconfirmed)",
    "OM1": "organizational maturity level n: every process the maturity model lists for levels <= n "
           "at the capability level it names",
}

BASE = ("N", "P", "L", "F")
VALUE = {"N": 0, "P": 1, "L": 2, "F": 3}
#: Refined values (M1.2) and their base value (M4.1). The minus sign may be typed as "-" or "−".
REFINED = {"P-": "P", "P+": "P", "L-": "L", "L+": "L"}
# M4.2 is unconfirmed: aggregation reads refined ratings as their base value (0..3); the one
# place that maps a rating to its number is ``number()`` below — change it there.


def cite(rule_id: str, detail: str = "") -> str:
    text = f"{rule_id}: {RULES[rule_id]}"
    return f"{text} ({detail})" if detail else text


@dataclass
class Hit:
    id: str
    rule: str
    kind: str  # "violation" (a "shall" rule) or "warning" (a "should")
    process: str
    instance: str
    cells: list[str]
    values: dict[str, str]
    justified: bool = False
    rationale: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "rule": self.rule, "kind": self.kind, "instance": self.instance,
                "cells": list(self.cells), "values": dict(self.values), "justified": self.justified,
                "rationale": self.rationale}


# -- results -----------------------------------------------------------------------------
#
# The results also read as the roll-up every screen walks (``areas`` → ``goals`` →
# ``practices``, each with ``rating``/``rule``/``blocked_by``, cells with ``instances`` and
# ``ou``): processes, their attributes, and the cells rated per instance.

@dataclass
class CellResult:
    """One rated cell as the roll-up shows it: an indicator (no aggregate) or the attribute itself."""

    id: str
    instances: dict[str, str | None]
    rule: str
    #: The aggregate over the instances (the attribute's rating); None for an indicator.
    ou: str | None = None
    aggregated: bool = False
    options: tuple[str, ...] = ()
    decided: bool = False
    missing: tuple[str, ...] = ()


@dataclass
class AttributeResult:
    id: str
    title: str
    level: int
    rating: str | None
    mean: Fraction | None
    instances: dict[str, str | None]
    rule: str
    proposal: dict[str, str]
    proposal_rule: dict[str, str]
    indicators: list[dict[str, Any]]
    missing: list[str]

    @property
    def blocked_by(self) -> list[str]:
        return self.missing

    @property
    def practices(self) -> list[CellResult]:
        """The cells under the attribute: its indicators, then the attribute's own rating."""
        cells = [CellResult(i["id"], {p: i["instances"].get(p) for p in self.instances},
                            cite("AS2.3", f"an indicator of {self.id}")) for i in self.indicators]
        cells.append(CellResult(self.id, dict(self.instances), self.rule, self.rating, True,
                                missing=tuple(self.missing)))
        return cells

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "level": self.level, "rating": self.rating,
                "mean": None if self.mean is None else float(self.mean), "instances": dict(self.instances),
                "rule": self.rule, "proposal": dict(self.proposal), "proposal_rule": dict(self.proposal_rule),
                "indicators": list(self.indicators), "missing": list(self.missing)}


@dataclass
class ProcessResult:
    id: str
    title: str
    capability_level: int | None
    at_least: int
    rule: str
    blocked_by: list[str]
    instance_levels: dict[str, int | None]
    instance_rules: dict[str, str]
    attributes: list[AttributeResult]
    consistency: list[Hit]

    @property
    def rating(self) -> str:
        return NOT_RATED if self.capability_level is None else f"CL {self.capability_level}"

    @property
    def goals(self) -> list[AttributeResult]:
        return self.attributes

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "capability_level": self.capability_level,
                "capability_level_at_least": self.at_least, "rating": self.rating, "rule": self.rule,
                "blocked_by": list(self.blocked_by), "instance_levels": dict(self.instance_levels),
                "instance_rules": dict(self.instance_rules),
                "attributes": [a.to_dict() for a in self.attributes],
                "consistency": [h.to_dict() for h in self.consistency]}


@dataclass
class MaturityResult:
    level: int | None
    at_least: int
    rule: str
    blocked_by: list[str]
    model: str

    def to_dict(self) -> dict[str, Any]:
        return {"level": self.level, "level_at_least": self.at_least, "rule": self.rule,
                "blocked_by": list(self.blocked_by), "model": self.model}


@dataclass
class AssessmentResult:
    framework: str
    target: int
    projects: list[str]
    processes: list[ProcessResult]
    weights: dict[str, Fraction] | None
    weights_rationale: str
    refined: bool
    maturity: MaturityResult | None
    maturity_note: str
    pending_decisions: list[dict[str, Any]]
    stale_decisions: list[dict[str, Any]]
    scheme: str = SCHEME_ID
    representation: str = "continuous"

    @property
    def aggregation(self) -> str:
        return "weighted" if self.weights is not None else "mean"

    @property
    def areas(self) -> list[ProcessResult]:
        return self.processes

    def to_dict(self) -> dict[str, Any]:
        return {
            "framework": self.framework,
            "scheme": self.scheme,
            "representation": self.representation,
            "target": self.target,
            "projects": list(self.projects),
            "rating_method": cite("M5"),
            "aggregation": self.aggregation,
            "aggregation_rule": cite("M3.4") if self.weights is not None else cite("M3.3"),
            "weights": None if self.weights is None else {p: float(w) for p, w in self.weights.items()},
            "weights_rationale": self.weights_rationale or None,
            "refined": self.refined,
            "processes": [p.to_dict() for p in self.processes],
            "organizational_maturity": None if self.maturity is None else self.maturity.to_dict(),
            "organizational_maturity_note": self.maturity_note or None,
            "pending_decisions": list(self.pending_decisions),
            "stale_decisions": list(self.stale_decisions),
        }
