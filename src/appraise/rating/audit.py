"""ISO 9001:2015 audits (shared/domain/iso-9001-2015.md): clause results and the certification recommendation.

Pure functions over plain values. The sites (or departments) audited are the
appraisal's projects; a clause is audited in a site when the auditor records
conformity there (the cell value ``C``) or raises a nonconformity on it.
Findings carry a grade (A2) and, for nonconformities, a status (A6, A7); the
recommendation follows A8 and cites the rule that applied. Grading stays the
auditor's: the tool points out several minors against one clause (A3) and
never regrades them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from appraise.errors import FrameworkError, UsageError
from appraise.framework.model import Framework, Practice
from appraise.rating.common import Decision, Scope

SCHEME_ID = "audit"

#: A2: what a finding can be. Majors and minors are nonconformities; observations and OFIs are not.
GRADES = ("major", "minor", "observation", "ofi")
NONCONFORMITIES = ("major", "minor")
#: A6, A7: a nonconformity is open, has an accepted plan (minor), or is verified closed.
STATUSES = ("open", "plan_accepted", "verified_closed")  # the CLI's --plan-accepted / --verified-closed
#: What the findings view and the CLI call a finding's kind in an audit.
FINDING_KINDS = GRADES
#: An audit has no target level.
NEEDS_TARGET = False
#: The recommendation rests on the findings: the appraisal hands them to rate() (other schemes skip the read).
RATES_FINDINGS = True

CONFORMITY_VALUE = "C"
CONFORMITY, NONCONFORMITY, NOT_AUDITED = "conformity", "nonconformity", "not_audited"
NOT_RECOMMENDED = "not_recommended"
RECOMMENDED_SUBJECT_TO_PLANS = "recommended_subject_to_plans"
RECOMMENDED = "recommended"
PENDING = "pending"

RULES: dict[str, str] = {
    "A1": "the auditable requirements are clauses 4-10; every clause in scope is audited",
    "A2": "a finding is a conformity, a major or minor nonconformity, an observation or an OFI",
    "A3": "several minor nonconformities against one requirement may together show a systemic failure: "
          "the auditor's judgement",
    "A6": "a major nonconformity is closed when the corrections and corrective actions are verified effective",
    "A7": "for a minor nonconformity the lead auditor may accept a plan of corrections and corrective actions",
    "A8.1": "not recommended while a major nonconformity is not closed",
    "A8.2": "recommended subject to the accepted plans of the minor nonconformities",
    "A8.3": "pending while a minor nonconformity has no accepted plan",
    "A8.4": "recommended: every clause audited and no nonconformity open",
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


# -- the scheme interface ---------------------------------------------------------------

def check_framework(framework: Framework) -> None:
    where = framework.origin or framework.id
    if framework.scale.ids != (CONFORMITY_VALUE,):
        raise FrameworkError(f"{where}: scale.values: the {SCHEME_ID} scheme records conformity only "
                             f"({CONFORMITY_VALUE}); nonconformities are findings with a grade")


def make_scope(framework: Framework, representation: str, target: int, areas: Sequence[str],
               projects: Sequence[str]) -> Scope:
    """Every clause of the chosen top clauses (all by default), in every site."""
    if not projects:
        raise UsageError("an audit needs at least one site or department (--projects HQ,PLANT-2)")
    known = [a.id for a in framework.areas]
    unknown = [a for a in areas if a not in known]
    if unknown:
        raise UsageError(f"unknown clause {', '.join(unknown)} in {framework.id} (top clauses: {', '.join(known)})")
    chosen = set(areas) or set(known)
    return Scope(framework.representations[0], 0, tuple(a for a in known if a in chosen), tuple(projects))


def practices_in_scope(framework: Framework, scope: Scope) -> list[str]:
    """Every clause the audit records results for, in the standard's order."""
    return [p.id for a in scope.areas for g in framework.area(a).goals for p in g.practices]


def allowed_values(framework: Framework, scope: Scope) -> tuple[str, ...]:
    return framework.scale.ids


def resolve_target(framework: Framework, scope: Scope, characterizations: Mapping[str, Mapping[str, str]],
                   decisions: Iterable[Decision], text: str) -> str | None:
    return framework.canonical(text)


def decision_options(framework: Framework, scope: Scope, target: str,
                     characterizations: Mapping[str, Mapping[str, str]],
                     decisions: Iterable[Decision] = ()) -> tuple[str, tuple[str, ...], str]:
    raise UsageError("an audit records findings, not team decisions: use `appraise conform` and "
                     "`appraise finding add/update`")


def decision_basis(framework: Framework, scope: Scope, target: str,
                   characterizations: Mapping[str, Mapping[str, str]],
                   decisions: Iterable[Decision] = ()) -> dict[str, str] | None:
    return None


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
    #: The roll-up's cell shape (a clause has no aggregate over the sites of its own).
    options: tuple[str, ...] = ()
    decided: bool = False

    @property
    def ou(self) -> str | None:
        return {CONFORMITY: "C", NONCONFORMITY: "NC"}.get(self.result)

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
            "pending_decisions": [],
            "stale_decisions": [],
        }


# -- rating ------------------------------------------------------------------------------

def clause_result(practice: Practice, leaves: Sequence[Practice], sites: Sequence[str],
                  characterizations: Mapping[str, Mapping[str, str]],
                  findings: Sequence[AuditFinding]) -> ClauseResult:
    """One clause: a nonconformity on it (or below it) wins over any conformity recorded (A2);
    otherwise it conforms when conformity is recorded in every site for it (or every clause below it)."""
    empty: Mapping[str, str] = {}
    ids = {practice.id, *(p.id for p in leaves)}
    own = [f for f in findings if f.clause in ids]
    instances = {s: characterizations.get(practice.id, empty).get(s) for s in sites}
    ncs = [f for f in own if f.nonconformity]
    units = list(leaves) or [practice]

    def audited(unit: Practice, site: str) -> bool:
        """A1: conformity recorded there, or a nonconformity raised on it (or a clause above it) there or
        for the whole organization."""
        if characterizations.get(unit.id, empty).get(site) == CONFORMITY_VALUE:
            return True
        return any(f.nonconformity and (f.site is None or f.site == site) and
                   (unit.id == f.clause or unit.id.startswith(f.clause + ".")) for f in findings)

    missing = [f"{p.id} {s}" for p in units for s in sites if not audited(p, s)]
    for s in sites:  # a nonconformity there (or for the whole organization) is what the site shows
        if any(f.nonconformity and (f.site is None or f.site == s) for f in ncs):
            instances[s] = "NC"
    if ncs:  # a nonconformity wins over any conformity; the sites not audited yet still count (A1)
        detail = f"{len(ncs)} nonconformit{'y' if len(ncs) == 1 else 'ies'}"
        if missing:
            detail += f"; not audited yet: {', '.join(missing)}"
        return ClauseResult(practice.id, practice.title, NONCONFORMITY, instances, own, cite("A2", detail),
                            missing, parent=bool(leaves))
    if missing:
        return ClauseResult(practice.id, practice.title, NOT_AUDITED, instances, own,
                            cite("A1", "not audited in every site yet"), missing, bool(leaves))
    return ClauseResult(practice.id, practice.title, CONFORMITY, instances, own,
                        cite("A2", "conformity recorded in every site"), parent=bool(leaves))


def recommendation(leaves: Sequence[ClauseResult], findings: Sequence[AuditFinding]) -> tuple[str, str, list[str]]:
    """The certification recommendation (A8), its rule and what blocks it, by clause id."""
    def clauses(fs: Iterable[AuditFinding]) -> list[str]:
        return sorted({f.clause for f in fs}, key=clause_order)

    open_majors = [f for f in findings if f.grade == "major" and f.status != "verified_closed"]
    if open_majors:
        return NOT_RECOMMENDED, cite("A8.1", f"{len(open_majors)} open"), clauses(open_majors)
    no_plan = [f for f in findings if f.grade == "minor" and f.status == "open"]
    unaudited = [c.id for c in leaves if c.missing]
    if no_plan or unaudited:
        rule = cite("A8.3", f"{len(no_plan)} without an accepted plan") if no_plan else \
            cite("A1", f"{len(unaudited)} clauses not audited yet; recommendation pending")
        return PENDING, rule, sorted(set(clauses(no_plan)) | set(unaudited), key=clause_order)
    planned = [f for f in findings if f.grade == "minor" and f.status == "plan_accepted"]
    if planned:
        return RECOMMENDED_SUBJECT_TO_PLANS, cite("A8.2", f"{len(planned)} accepted plans"), []
    return RECOMMENDED, cite("A8.4"), []


def clause_order(clause: str) -> tuple[int, ...]:
    """Sort key of a clause number: 7.1.5.2 after 7.1.5, 10.1 after 9.3."""
    return tuple(int(x) if x.isdigit() else 0 for x in clause.split("."))


def rate(framework: Framework, scope: Scope, characterizations: Mapping[str, Mapping[str, str]],
         decisions: Iterable[Decision] = (), findings: Sequence[Any] = ()) -> AuditResult:
    """Every clause's result, the recommendation (A8) and the clauses with several minors (A3)."""
    in_scope = set(practices_in_scope(framework, scope))
    audit_findings = [f if isinstance(f, AuditFinding) else
                      AuditFinding(f.id, f.kind, f.practice or f.area, f.status or "open", f.site or None)
                      for f in findings]
    audit_findings = [f for f in audit_findings if f.clause in in_scope and f.grade in GRADES]
    sites = list(scope.projects)
    results: list[ClauseResult] = []
    leaves: list[ClauseResult] = []
    areas: list[TopClauseResult] = []
    for area_id in scope.areas:
        area = framework.area(area_id)
        groups: list[GroupResult] = []
        for goal in area.goals:
            cells = []
            for p in goal.practices:
                below = [q for q in goal.practices if q.id.startswith(p.id + ".")]
                result = clause_result(p, [q for q in below if not q.attribute], sites, characterizations,
                                       audit_findings)
                cells.append(result)
                if not below:
                    leaves.append(result)
            results.extend(cells)
            head = cells[0]
            groups.append(GroupResult(goal.id, goal.title, head.result, head.rule, head.missing, cells))
        worst = next((r for r in (NONCONFORMITY, NOT_AUDITED) if any(g.rating == r for g in groups)), CONFORMITY)
        areas.append(TopClauseResult(area_id, area.title, worst, cite("A1"),
                                     [g.id for g in groups if g.rating == worst and worst != CONFORMITY], groups))
    verdict, rule, blocked = recommendation(leaves, audit_findings)
    minors: dict[str, int] = {}
    for f in audit_findings:
        if f.grade == "minor":
            minors[f.clause] = minors.get(f.clause, 0) + 1
    attention = [cite("A3", f"{n} minor nonconformities against {c}") for c, n in minors.items() if n > 1]
    return AuditResult(framework.id, sites, verdict, rule, blocked, results, areas, attention)
