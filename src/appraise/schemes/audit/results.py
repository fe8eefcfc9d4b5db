"""ISO 9001:2015 audit results: what the rules give per clause and for the whole audit, and their JSON shape.

The rule table every result cites (shared/domain/iso-9001-2015.md), a finding as
the rules see it (its grade, A2), and the clause, group, top-clause and audit
results, which also read as the roll-up every screen walks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SCHEME_ID = "audit"

#: A2: what a finding can be. Majors and minors are nonconformities; observations and OFIs are not.
GRADES = ("major", "minor", "observation", "ofi")
NONCONFORMITIES = ("major", "minor")

CONFORMITY, NONCONFORMITY, NOT_AUDITED = "conformity", "nonconformity", "not_audited"
#: A1.2: a requirement declared not applicable (ISO 9001 §4.3), with its justification.
NOT_APPLICABLE = "not_applicable"

RULES: dict[str, str] = {
    "A1": "the auditable requirements are clauses 4-10; every clause in scope is audited",
    "A1.1": "a certification recommendation needs every requirement of clauses 4-10 audited",
    "A1.2": "a requirement the organization cannot apply is excluded with its justification (ISO 9001 4.3): "
            "neither a conformity nor a nonconformity",
    "A2": "a finding is a conformity, a major or minor nonconformity, an observation or an OFI",
    "A3": "several minor nonconformities against one requirement may together show a systemic failure: "
          "the auditor's judgement",
    "A6": "a major nonconformity is closed when the corrections and corrective actions are verified effective",
    "A7": "the certification body accepts the plan of corrections and corrective actions of every "
          "nonconformity; for a minor one the accepted plan is enough for the decision",
    "A8.1": "not recommended while a major nonconformity is not closed",
    "A8.2": "recommended subject to the accepted plans of the minor nonconformities",
    "A8.3": "pending while a minor nonconformity has no accepted plan",
    "A8.4": "recommended: every requirement of clauses 4-10 audited or excluded, and no nonconformity open",
    "A8.5": "partial: an audit of part of clauses 4-10 gives no certification recommendation",
}


def cite(rule_id: str, detail: str = "") -> str:
    text = f"{rule_id}: {RULES[rule_id]}"
    return f"{text} ({detail})" if detail else text


@dataclass(frozen=True)
class AuditFinding:
    """A finding as the rules see it: its grade and status, the clause and (optionally) the site."""

    id: int
    grade: str
    clause: str
    status: str = "open"
    site: str | None = None

    @property
    def nonconformity(self) -> bool:
        return self.grade in NONCONFORMITIES


# -- results ----------------------------------------------------------------------------
# They also read as the roll-up every screen walks (areas -> goals -> practices).

@dataclass
class ClauseResult:
    id: str
    title: str
    result: str
    #: Per site: "C" where conformity is recorded, None where not (yet).
    instances: dict[str, str | None]
    findings: list[AuditFinding]
    rule: str
    missing: list[str] = field(default_factory=list)
    parent: bool = False
    #: A1.2: the justification when the clause is declared not applicable.
    why: str = ""
    #: The roll-up's cell shape (a clause has no aggregate over the sites of its own).
    options: tuple[str, ...] = ()
    decided: bool = False

    @property
    def ou(self) -> str | None:
        return {CONFORMITY: "C", NONCONFORMITY: "NC", NOT_APPLICABLE: "NA"}.get(self.result)

    @property
    def rating(self) -> str:
        return self.result

    @property
    def blocked_by(self) -> list[str]:
        return self.missing

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "result": self.result, "has_sub_clauses": self.parent,
                "sites": dict(self.instances),
                "rule": self.rule, "missing_sites": list(self.missing),
                **({"why": self.why} if self.result == NOT_APPLICABLE else {}),
                "findings": [{"id": f.id, "grade": f.grade, "status": f.status if f.nonconformity else None,
                              "site": f.site} for f in self.findings]}


@dataclass
class GroupResult:
    """A second-level clause with its sub-clauses (the roll-up's goal)."""

    id: str
    title: str
    rating: str
    rule: str
    blocked_by: list[str]
    practices: list[ClauseResult] = field(default_factory=list)


@dataclass
class TopClauseResult:
    """A top clause (4 ... 10) with its sub-clauses (the roll-up's area)."""

    id: str
    title: str
    rating: str
    rule: str
    blocked_by: list[str]
    goals: list[GroupResult] = field(default_factory=list)
    maturity_level: None = None
    capability_rule: None = None


@dataclass
class AuditResult:
    framework: str
    projects: list[str]
    recommendation: str
    rule: str
    blocked_by: list[str]
    clauses: list[ClauseResult]
    areas: list[TopClauseResult]
    attention: list[str]
    #: A1.2: the clauses declared not applicable, with their justification.
    excluded: dict[str, str] = field(default_factory=dict)
    #: A1.1, A8.5: the top clauses the audit leaves out (a partial audit).
    outside_audit: list[str] = field(default_factory=list)
    pending_decisions: list[dict[str, Any]] = field(default_factory=list)
    stale_decisions: list[dict[str, Any]] = field(default_factory=list)
    scheme: str = SCHEME_ID
    representation: str = "audit"
    target: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "framework": self.framework,
            "scheme": self.scheme,
            "representation": self.representation,
            "target": self.target,
            "projects": list(self.projects),
            "sites": list(self.projects),
            "recommendation": self.recommendation,
            "rule": self.rule,
            "blocked_by": list(self.blocked_by),
            "level_rule": self.rule,
            "level_blocked_by": list(self.blocked_by),
            "attention": list(self.attention),
            "clauses": [c.to_dict() for c in self.clauses],
            "excluded": [{"clause": c, "why": why} for c, why in self.excluded.items()],
            "outside_audit": list(self.outside_audit),
            "pending_decisions": [],
            "stale_decisions": [],
        }
