"""ISO 9001:2015 audits (shared/domain/iso-9001-2015.md): clause results and the certification recommendation.

Pure functions over plain values. The sites (or departments) audited are the
appraisal's projects; a clause is audited in a site when the auditor records
conformity there (the cell value ``C``) or raises a nonconformity on it.
Findings carry a grade (A2) and, for nonconformities, a status (A6, A7); the
recommendation follows A8 and cites the rule that applied. Grading stays the
auditor's: the tool points out several minors against one clause (A3) and
never regrades them.

A requirement the organization declares not applicable (ISO 9001 §4.3, A1.2) is
a standing team decision ``not_applicable`` on the clause (and so on every clause
below it), with its justification: its result is ``not_applicable``, neither a
conformity nor a nonconformity, and it blocks nothing.

An audit of part of clauses 4-10 (a surveillance visit) yields no certification
recommendation (A1.1): ``partial`` (A8.5), the top clauses outside it first in
``blocked_by``, then whatever inside it would still block one. An open major
nonconformity is reported whatever the coverage: ``not_recommended`` (A8.1) wins
over ``partial``; ``partial`` wins over ``pending`` (A8.3, A1), whose blockers it
still lists.

The rules are here; the rule table, the findings as the rules see them and the
results are in ``results`` (every name stays importable from here).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from appraise.errors import FrameworkError, UsageError
from appraise.framework.model import Framework, Practice
from appraise.schemes.audit.results import (
    CONFORMITY,
    GRADES,
    NONCONFORMITIES,
    NONCONFORMITY,
    NOT_APPLICABLE,
    NOT_AUDITED,
    RULES,
    SCHEME_ID,
    AuditFinding,
    AuditResult,
    ClauseResult,
    GroupResult,
    TopClauseResult,
    cite,
)
from appraise.schemes.common import Decision, Scope, latest_decisions
from appraise.schemes.common import requirement_order as clause_order  # a clause number's sort key

__all__ = [
    "CONFORMITY", "CONFORMITY_VALUE", "EXCLUSION", "EXCLUSION_OPTIONS", "FINDING_KINDS", "GRADES", "NEEDS_TARGET",
    "NONCONFORMITIES", "NONCONFORMITY", "NOT_APPLICABLE", "NOT_AUDITED", "NOT_RECOMMENDED", "PARTIAL", "PENDING",
    "RATES_FINDINGS", "RECOMMENDED", "RECOMMENDED_SUBJECT_TO_PLANS", "RULES", "SCHEME_ID", "SET_BACK_FROM",
    "STATUSES", "AuditFinding", "AuditResult", "ClauseResult", "GroupResult", "TopClauseResult", "allowed_values",
    "check_framework", "cite", "clause_order", "clause_result", "decision_basis", "decision_options",
    "excluded_by", "excluded_clauses", "make_scope", "practices_in_scope", "rate", "recommendation", "refusal",
    "resolve_target",
]

#: A6, A7: a nonconformity is open, has an accepted plan (minor or major), or is verified closed.
STATUSES = ("open", "plan_accepted", "verified_closed")  # the CLI's --plan-accepted / --verified-closed
#: A7 (last sentence): a status set by mistake is set back to open, with the reason kept.
SET_BACK_FROM = {"reopen": ("plan_accepted", "verified_closed"), "plan_withdrawn": ("plan_accepted",)}
#: What the findings view and the CLI call a finding's kind in an audit.
FINDING_KINDS = GRADES
#: An audit has no target level.
NEEDS_TARGET = False
#: The recommendation rests on the findings: the appraisal hands them to rate() (other schemes skip the read).
RATES_FINDINGS = True

CONFORMITY_VALUE = "C"
#: The team decision that records (value ``not_applicable``) or withdraws (``applicable``) an exclusion.
EXCLUSION = "not_applicable"
EXCLUSION_OPTIONS = ("not_applicable", "applicable")
NOT_RECOMMENDED = "not_recommended"
RECOMMENDED_SUBJECT_TO_PLANS = "recommended_subject_to_plans"
RECOMMENDED = "recommended"
PENDING = "pending"
PARTIAL = "partial"


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
    """The one decision an audit records: a requirement declared not applicable, or applicable again (A1.2)."""
    if target not in practices_in_scope(framework, scope):
        if any(a.id == target for a in framework.areas) and target in scope.areas:
            raise UsageError(f"clause {target} cannot be excluded as a whole: exclude the requirement the "
                             "organization cannot apply, e.g. 8.3 (A1.2)")
        raise UsageError(f"{target!r} is not a clause of this audit: an audit records findings, not team "
                         "decisions (use `appraise conform` and `appraise finding add/update`); `appraise scope "
                         "FILE --not-applicable 8.3 --why ...` excludes a requirement (A1.2)")
    above = next((e for e in excluded_clauses(framework, scope, decisions) if target.startswith(e + ".")), None)
    if above is not None:
        raise UsageError(f"{target} is excluded with {above}: make {above} applicable first (A1.2)")
    return EXCLUSION, EXCLUSION_OPTIONS, cite("A1.2")


def decision_basis(framework: Framework, scope: Scope, target: str,
                   characterizations: Mapping[str, Mapping[str, str]],
                   decisions: Iterable[Decision] = ()) -> dict[str, str] | None:
    return None


def excluded_clauses(framework: Framework, scope: Scope, decisions: Iterable[Decision]) -> dict[str, str]:
    """The clauses declared not applicable (A1.2) -> their justification: the standing decisions, in order."""
    in_scope = practices_in_scope(framework, scope)
    latest = {target: d for (kind, target), d in latest_decisions(decisions).items() if kind == EXCLUSION}
    return {c: latest[c].rationale for c in in_scope if c in latest and latest[c].value == NOT_APPLICABLE}


def excluded_by(clause: str, excluded: Iterable[str]) -> str | None:
    """The exclusion that covers ``clause``: its own, or that of a clause above it (A1.2)."""
    return next((e for e in excluded if clause == e or clause.startswith(e + ".")), None)


def refusal(framework: Framework, scope: Scope, decisions: Iterable[Decision]) -> Callable[[str], str | None]:
    """Why nothing may be recorded on a clause now (A1.2: it, or a clause above it, is declared not
    applicable), or None: a conformity or finding there would contradict the exclusion."""
    excluded = excluded_clauses(framework, scope, decisions)

    def why(clause: str) -> str | None:
        cover = excluded_by(clause, excluded)
        if cover is None:
            return None
        return (f"{clause} is declared not applicable ({'with ' + cover + ': ' if cover != clause else ''}"
                f"{excluded[cover]}): nothing is recorded on it; `appraise scope FILE --applicable "
                f"{cover} --why ...` makes it applicable again (A1.2)")

    return why


# -- rating ------------------------------------------------------------------------------

def clause_result(practice: Practice, leaves: Sequence[Practice], sites: Sequence[str],
                  characterizations: Mapping[str, Mapping[str, str]],
                  findings: Sequence[AuditFinding], excluded: Mapping[str, str] | None = None) -> ClauseResult:
    """One clause: declared not applicable (A1.2) when it, a clause above it or every clause below it is
    excluded; else a nonconformity on it (or below it) wins over any conformity recorded (A2); otherwise it
    conforms when conformity is recorded in every site for it (or every clause below it that applies)."""
    empty: Mapping[str, str] = {}
    excluded = excluded or {}
    ids = {practice.id, *(p.id for p in leaves)}
    own = [f for f in findings if f.clause in ids]
    instances = {s: characterizations.get(practice.id, empty).get(s) for s in sites}
    applying = [p for p in leaves if excluded_by(p.id, excluded) is None]
    cover = excluded_by(practice.id, excluded) or (None if applying or not leaves else excluded_by(leaves[0].id,
                                                                                                 excluded))
    if cover is not None:  # A1.2: neither a conformity nor a nonconformity, and it blocks nothing
        why = excluded[cover]
        detail = f"declared not applicable: {why}" if cover == practice.id else \
            f"declared not applicable with {cover}: {why}"
        return ClauseResult(practice.id, practice.title, NOT_APPLICABLE, {s: "NA" for s in sites}, own,
                            cite("A1.2", detail), parent=bool(leaves), why=why)
    ncs = [f for f in own if f.nonconformity]
    units = applying or [practice]

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


def recommendation(leaves: Sequence[ClauseResult], findings: Sequence[AuditFinding],
                   outside: Sequence[str] = ()) -> tuple[str, str, list[str]]:
    """The certification recommendation (A8), its rule and what blocks it, by clause id.

    ``outside``: the top clauses a partial audit leaves out (A1.1). An open major is reported whatever the
    coverage (A8.1); otherwise a partial audit is ``partial`` (A8.5), never recommended nor pending.
    """
    def clauses(fs: Iterable[AuditFinding]) -> list[str]:
        return sorted({f.clause for f in fs}, key=clause_order)

    left_out = f"; partial audit, clauses {', '.join(outside)} outside it (A8.5)" if outside else ""
    open_majors = [f for f in findings if f.grade == "major" and f.status != "verified_closed"]
    if open_majors:
        planned = sum(1 for f in open_majors if f.status == "plan_accepted")
        detail = f"{len(open_majors)} open" + (f", {planned} of them with an accepted plan awaiting verification "
                                               "(A6)" if planned else "")
        return NOT_RECOMMENDED, cite("A8.1", detail + left_out), clauses(open_majors) + list(outside)
    no_plan = [f for f in findings if f.grade == "minor" and f.status == "open"]
    unaudited = [c.id for c in leaves if c.missing]
    inside = sorted(set(clauses(no_plan)) | set(unaudited), key=clause_order)
    if outside:
        detail = f"clauses {', '.join(outside)} outside the audit"
        if inside:
            detail += (f"; within it, {len(no_plan)} minor nonconformities without an accepted plan and "
                       f"{len(unaudited)} clauses not audited yet")
        return PARTIAL, cite("A8.5", detail), list(outside) + inside
    if no_plan or unaudited:
        rule = cite("A8.3", f"{len(no_plan)} without an accepted plan") if no_plan else \
            cite("A1", f"{len(unaudited)} clauses not audited yet; recommendation pending")
        return PENDING, rule, inside
    planned = [f for f in findings if f.grade == "minor" and f.status == "plan_accepted"]
    excluded = sum(1 for c in leaves if c.result == NOT_APPLICABLE)
    also = f"{excluded} requirements excluded per A1.2" if excluded else ""
    if planned:
        return RECOMMENDED_SUBJECT_TO_PLANS, cite("A8.2", "; ".join(x for x in (f"{len(planned)} accepted plans",
                                                                               also) if x)), []
    return RECOMMENDED, cite("A8.4", also), []


def rate(framework: Framework, scope: Scope, characterizations: Mapping[str, Mapping[str, str]],
         decisions: Iterable[Decision] = (), findings: Sequence[Any] = ()) -> AuditResult:
    """Every clause's result, the recommendation (A8) and the clauses with several minors (A3)."""
    in_scope = set(practices_in_scope(framework, scope))
    excluded = excluded_clauses(framework, scope, decisions)
    outside = [a.id for a in framework.areas if a.id not in scope.areas]
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
                                       audit_findings, excluded)
                cells.append(result)
                if not below:
                    leaves.append(result)
            results.extend(cells)
            head = cells[0]
            groups.append(GroupResult(goal.id, goal.title, head.result, head.rule, head.missing, cells))
        worst = next((r for r in (NONCONFORMITY, NOT_AUDITED) if any(g.rating == r for g in groups)),
                     NOT_APPLICABLE if all(g.rating == NOT_APPLICABLE for g in groups) else CONFORMITY)
        areas.append(TopClauseResult(area_id, area.title, worst, cite("A1"),
                                     [g.id for g in groups if g.rating == worst and worst in (NONCONFORMITY,
                                                                                              NOT_AUDITED)],
                                     groups))
    verdict, rule, blocked = recommendation(leaves, audit_findings, outside)
    minors: dict[str, int] = {}
    for f in audit_findings:
        if f.grade == "minor":
            minors[f.clause] = minors.get(f.clause, 0) + 1
    attention = [cite("A3", f"{n} minor nonconformities against {c}") for c, n in minors.items() if n > 1]
    return AuditResult(framework.id, sites, verdict, rule, blocked, results, areas, attention, excluded, outside)
