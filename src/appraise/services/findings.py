"""Findings: a CMMI appraisal's strengths and weaknesses, an assessment's, and an audit's graded findings
with their plans and closures; in an audit also the conformity recorded on clauses and the exclusions.

``appraisal.findings`` holds these use cases.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from appraise.errors import UsageError
from appraise.io.layouts import ImportSpec
from appraise.store import Finding

if TYPE_CHECKING:
    from appraise.io.findings_import import FindingPlan
    from appraise.services.session import Appraisal

#: What a finding can be (SCAMPI: strengths and weaknesses per process area).
FINDING_KINDS = ("strength", "weakness")


class Findings:
    """The findings of an open appraisal (``appraisal.findings``)."""

    def __init__(self, appraisal: Appraisal) -> None:
        self.appraisal = appraisal

    def all(self) -> list[Finding]:
        """Every finding recorded, in the order they were raised."""
        return self.appraisal.reader.findings()

    def save(self, kind: str, area: str, text: str, practice: str | None = None, finding_id: int | None = None,
             who: str | None = None, site: str | None = None, evidence_id: int | None = None) -> int:
        """Record a strength or weakness of a process area (optionally about one practice).

        In an audit a new finding is raised on a clause, in one ``site`` (None: the whole organization),
        optionally citing an evidence item; a finding changed keeps its site and evidence.
        """
        a = self.appraisal
        kinds = a.view.finding_kinds
        if kind not in kinds:
            raise UsageError(f"a finding is a {' or a '.join(kinds)}, not {kind!r}")
        area_id = a.framework.resolve_area(area)
        if area_id is None or area_id not in a.info.areas:
            raise UsageError(f"{area!r} is not a process area of this appraisal")
        pid = None
        if practice:
            cells = a.cells_of(practice)  # a finding may be about a practice of every process (II, GOV)
            pid = cells[0] if len(cells) == 1 else a.framework.practice(cells[0]).base
            if a.framework.practice(pid).area != area_id:
                raise UsageError(f"{pid} is not a practice of {area_id}")
        if not text.strip():
            raise UsageError("a finding needs its text")
        audited = a.view.nonconformities  # raised on a clause, in a site, a nonconformity tracked
        if audited and pid is None:
            raise UsageError("an audit finding is raised on a clause: choose the sub-clause it is about")
        if audited and pid is not None:
            a.refuse_ruled_out(pid)
        if audited and finding_id is None:
            return self.add_audit_finding(pid or area_id, kind, text, site, evidence_id, who).id
        status = "open" if audited and finding_id is None and kind in a.scheme.nonconformities else ""
        return a.store.save_finding(finding_id, kind, area_id, pid, text.strip(), who or self.appraisal.user,
                                    status=status)

    def add(self, target: str, kind: str, text: str, site: str | None = None, evidence_id: int | None = None,
            who: str | None = None) -> Finding:
        """Record a finding in any scheme: a strength or weakness (the scheme's words) on a practice, an area,
        an indicator or a process; in an audit a graded finding on a clause (``add_audit_finding``)."""
        a = self.appraisal
        if a.view.nonconformities:
            return self.add_audit_finding(target, kind, text, site, evidence_id, who)
        if site or evidence_id is not None:
            raise UsageError("--site and --evidence belong to an audit's findings; a strength or weakness is "
                             "about a practice or area")
        wanted = kind.strip().lower()
        if wanted not in a.view.finding_kinds:
            raise UsageError(f"a finding in {a.framework.id} is a {' or a '.join(a.view.finding_kinds)} (--kind), "
                             f"not {kind!r}")
        area = a.framework.resolve_area(target)
        practice = None
        if area is None:
            practice = a.framework.resolve_practice(target)
            if practice is None:
                raise UsageError(f"{target!r} is neither a practice nor an area of {a.framework.id}")
            area = a.framework.practice(practice).area
        fid = self.save(wanted, area, text, practice, who=who)
        return next(f for f in a.reader.findings() if f.id == fid)

    def plan_import(self, path: str | Path, spec: ImportSpec | None = None) -> FindingPlan:
        """Read and check a file of findings (any layout, ``read_records(purpose="findings")``); nothing is
        written. A finding the appraisal holds already is counted, not planned again."""
        from appraise.io.findings_import import plan_findings_import

        a = self.appraisal
        existing = {(f.kind, f.area, f.practice, f.text) for f in self.all()}
        return plan_findings_import(path, spec or ImportSpec(), a.framework, a.info.areas, a.view.finding_kinds,
                                    existing, need_practice=a.view.nonconformities, projects=a.info.projects)

    def import_plan(self, plan: FindingPlan, who: str | None = None) -> int:
        """Record a checked plan's findings in one transaction (one undo); a nonconformity starts open."""
        a = self.appraisal
        open_kinds = a.scheme.nonconformities
        rows = [(f.kind, f.area, f.practice, f.text, "open" if f.kind in open_kinds else "") for f in plan.findings]
        return a.store.add_findings(rows, plan.path.name, who or self.appraisal.user)

    def delete(self, finding_id: int, who: str | None = None) -> None:
        self.appraisal.store.delete_finding(finding_id, who or self.appraisal.user)

    def _require_audit(self) -> None:
        a = self.appraisal
        if not a.view.nonconformities:
            raise UsageError(f"{a.framework.id} is not audited clause by clause: this command is for audits "
                             "(e.g. --framework iso-9001-2015)")

    def resolve_clause(self, text: str) -> str:
        a = self.appraisal
        found = a.framework.canonical(text)
        if found is not None and found not in a.in_scope:
            top = found.split(".")[0]
            raise UsageError(f"{found} is outside this audit: it covers clauses {', '.join(a.info.areas)} "
                             f"(a partial audit, A1.1); clause {top} was left out when it was created")
        if found is None:
            raise UsageError(f"{text!r} is not a clause of this audit (write it like 8.5.1)")
        return found

    def conform(self, clause: str, site: str | None = None, who: str | None = None) -> list[tuple[str, str]]:
        """Record conformity on a clause (and every clause below it that applies) in one site, or in every site."""
        a = self.appraisal
        self._require_audit()
        area = a.framework.resolve_area(clause)
        cid = area if area is not None and area in a.info.areas else self.resolve_clause(clause)
        sites = [a.resolve_project(site)] if site else list(a.info.projects)
        refusal = a.refusal()  # the decisions read once
        if cid not in a.info.areas and (why := refusal(cid)):
            raise UsageError(why)
        cells = [p for p in a.practices if (p == cid or p.startswith(cid + ".")) and not refusal(p)]
        rows = [(c, s, "C", None) for c in cells for s in sites]
        a.store.set_characterizations(rows, who or self.appraisal.user, what="conformity")
        return [(c, s) for c, s, _v, _n in rows]

    def add_audit_finding(self, clause: str, grade: str, text: str, site: str | None = None,
                          evidence_id: int | None = None, who: str | None = None) -> Finding:
        """Record an audit finding (A2) on a clause; a nonconformity starts open (A6, A7)."""
        a = self.appraisal
        grades = a.view.finding_kinds
        self._require_audit()
        cid = self.resolve_clause(clause)
        a.refuse_ruled_out(cid)
        wanted = grade.strip().lower()
        if wanted not in grades:
            raise UsageError(f"a finding's grade is one of {', '.join(grades)}, not {grade!r}")
        code = a.resolve_project(site) if site else ""
        if evidence_id is not None and a.reader.evidence_item(evidence_id) is None:
            raise UsageError(f"there is no evidence item #{evidence_id}")
        if not text.strip():
            raise UsageError("a finding needs its text (--text \"...\")")
        status = "open" if wanted in a.scheme.nonconformities else ""
        fid = a.store.save_finding(None, wanted, a.framework.practice(cid).area, cid, text.strip(),
                                   who or self.appraisal.user, code, evidence_id, status)
        return next(f for f in a.reader.findings() if f.id == fid)

    def _audit_finding(self, finding_id: int) -> Finding:
        """A nonconformity of this audit, by id (refused for anything else)."""
        finding = next((f for f in self.appraisal.reader.findings() if f.id == finding_id), None)
        if finding is None:
            raise UsageError(f"there is no finding {finding_id}")
        if finding.kind not in self.appraisal.scheme.nonconformities:
            raise UsageError(f"finding {finding_id} is {'an' if finding.kind[0] in 'aeio' else 'a'} {finding.kind}, "
                             "not a nonconformity: it has no plan or closure to track (A4)")
        return finding

    def update_status(self, finding_id: int, status: str, who: str | None = None, why: str = "") -> Finding:
        """A nonconformity's plan accepted (A7: minors and majors alike; a major still waits for verification,
        A8.1), or verified closed (A6). ``why``, if given, is kept in the change log."""
        a = self.appraisal
        self._require_audit()
        finding = self._audit_finding(finding_id)
        if finding.status == "verified_closed":
            raise UsageError(f"finding {finding_id} is verified closed already; if that was a mistake, reopen it "
                             "(--reopen --why \"...\"); a new nonconformity is a new finding")
        if status == finding.status:
            raise UsageError(f"finding {finding_id} has its plan accepted already (A7); --verified-closed "
                             "records the verification (A6)")
        a.store.set_finding_status(finding_id, status, who or self.appraisal.user, why.strip())
        return next(f for f in a.reader.findings() if f.id == finding_id)

    def set_back(self, finding_id: int, how: str, why: str, who: str | None = None) -> Finding:
        """A status set by mistake, set back to open with the reason kept in the change log (A7, last sentence).

        ``how``: ``reopen`` (from plan accepted or verified closed) or ``plan_withdrawn`` (from plan accepted).
        """
        a = self.appraisal
        self._require_audit()
        set_back_from = a.scheme.set_back_from
        if how not in set_back_from:
            raise UsageError(f"a finding is set back by {' or '.join(set_back_from)}, not {how!r}")
        finding = self._audit_finding(finding_id)
        if not why.strip():
            raise UsageError("say why the status is set back (--why \"...\"): the reason is kept in the change log "
                             "(A7)")
        if finding.status not in set_back_from[how]:
            now_ = finding.status.replace("_", " ") or "open"
            what = "reopened" if how == "reopen" else "set back by withdrawing its plan"
            raise UsageError(f"finding {finding_id} is {now_}: only a finding "
                             f"{' or '.join(x.replace('_', ' ') for x in set_back_from[how])} can be {what}")
        reason = ("reopened: " if how == "reopen" else "plan withdrawn: ") + why.strip()
        a.store.set_finding_status(finding_id, "open", who or self.appraisal.user, reason)
        return next(f for f in a.reader.findings() if f.id == finding_id)

    def set_back_option(self, finding_id: int) -> str:
        """How this nonconformity's status would be set back: ``plan_withdrawn`` from an accepted plan,
        ``reopen`` from a verified closure; refused when there is nothing to set back."""
        self._require_audit()
        finding = self._audit_finding(finding_id)
        if finding.status == "plan_accepted":
            return "plan_withdrawn"
        if finding.status == "verified_closed":
            return "reopen"
        raise UsageError(f"finding {finding_id} is open: there is no plan accepted or closure to set back")

    def exclusions(self) -> dict[str, str]:
        """The requirements declared not applicable (ISO 9001 §4.3, A1.2) -> their justification."""
        a = self.appraisal
        return a.scheme.exclusions(a.framework, a.scope, a.decisions.for_rules()) if a.view.exclusions else {}

    def check_exclusion(self, clause: str, value: str) -> None:
        """Before an exclusion is recorded (A1.2): no finding on the clause, above or below it; only an
        excluded clause is made applicable again."""
        if value == "applicable":
            if clause not in self.exclusions():
                raise UsageError(f"{clause} is not declared not applicable: there is nothing to undo")
            return
        related = [f for f in self.appraisal.reader.findings() if (f.practice or f.area) == clause or
                   (f.practice or "").startswith(clause + ".") or clause.startswith((f.practice or f.area) + ".")]
        if related:
            raise UsageError(f"{clause} has finding{'s' if len(related) > 1 else ''} "
                             f"{', '.join('#' + str(f.id) for f in related)}: a requirement with findings is "
                             "applicable; delete them first if they were raised by mistake (A1.2)")
