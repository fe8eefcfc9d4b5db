"""The Automotive SPICE / ISO/IEC 33020 deliverables: the feedback presentation and the assessment report.

The report keeps the VDA Guidelines' chapters in order (deliverables.md §2, AS2): general information, formal
information, purpose and scope, participants, constraints, results — the per-instance and aggregated PA tables,
the weights with their rationale, the capability profile, strengths and weaknesses traced to BP/GP ids (AS3), the
rules not followed (AS4), the PA-rating -> evidence matrix (AS5) — then the assessment log (AS6). The deck is the
feedback presentation (AS1): the capability profile, then per process its provisional PA ratings and its major
strengths and potential improvements.

Names: the roster's only, on the formal information, the participants and the assessment log (``team=True``);
interviewees are counted, never named.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from collections.abc import Sequence

from appraise.schemes.document import (
    Chart,
    DeliverableInput,
    Document,
    Facts,
    Paragraph,
    Section,
    Signatures,
    Table,
    Where,
)
from appraise.schemes.iso33020 import deliverable_results as results
from appraise.schemes.outline import Details, distribution_section, years_after
from appraise.schemes.sections import cover, evidence_section, notes_section, rules_section

KIND = "Assessment report"
#: The deck is the feedback presentation given right after the interviews (VDA §8.4.2.4, AS1).
DECK = "Feedback presentation"
#: The report is due within four calendar weeks of the last assessment day (VDA §10.1.2, AS6).
DUE_DAYS = 28
#: The assessment log has one lead assessor and at most four co-assessors (intacs template, AS6).
MAX_CO_ASSESSORS = 4
LEAD, CO = ("lead assessor",), ("co-assessor", "team member", "assessor")
REPORT: tuple[Where, ...] = ("report", "workbook")


def document(data: DeliverableInput) -> Document:
    detail = Details(data.details)
    warnings: list[str] = []
    weights = results.weights_table(data)  # first: a weight without its rationale fails the export (AS2)
    profile = results.profile_chart(data)
    sections = [dataclasses.replace(cover(data, KIND), where=("report",)),
                dataclasses.replace(cover(data, DECK), id="cover:deck", where=("deck",)),
                Section("feedback:profile", "Capability profile (provisional)", (profile,), where=("deck",),
                        notes=" ".join(data.tree.headline)),
                *_feedback(data),
                _general(data, detail), _formal(data, detail, warnings), _purpose(data, detail),
                _participants(data), _constraints(detail),
                *_results(data, profile, weights),
                notes_section(data), evidence_section(data), rules_section(data), _log(data, detail, warnings), *filter(None, [distribution_section(data)])]
    warnings = detail.warnings + warnings + results.untraced_downratings(data)
    warnings += [f"a justification of {c.id} (AS4): appraise decide FILE \"{c.id}\" justified --why \"...\""
                 for _p, c in results.checks(data) if c.status == "pending"]
    return Document(KIND, data.unit, tuple(sections), palette=results.PALETTE, warnings=tuple(warnings), kind=KIND)


# -- the feedback presentation (AS1) ------------------------------------------------------------------------------


def _feedback(data: DeliverableInput) -> list[Section]:
    out = []
    for process in data.tree.areas:
        lowered = results.downrated(process)
        notes = f"{process.value or 'not rated'}: {process.rule}" + (
            f"; below F: {', '.join(lowered)}" if lowered else "")
        out.append(Section(f"feedback:{process.id}", f"{process.id} {process.title}".strip(),
                           (results.instance_table(data, process, aggregated=True),
                            results.process_findings(data, process, "Potential improvements")),
                           where=("deck",), notes=notes))
    return out


# -- the report's chapters (10.4.1-10.4.5) -------------------------------------------------------------------------


def _general(data: DeliverableInput, detail: Details) -> Section:
    rating = data.summary.get("rating") or {}
    rows = (("Organizational unit", data.unit), ("Organization", detail("organization")),
            ("Location", detail("location")),
            ("Process assessment model", str(data.summary["appraisal"].get("framework_title", ""))),
            ("Rating method", str(rating.get("rating_method") or "")),
            ("Aggregation", str(rating.get("aggregation_rule") or "")))
    return Section("general", "General information", (Facts(rows),), where=REPORT, sheet="General")


def _dates(detail: Details) -> tuple[str, str]:
    start, end = detail("start", needed=False), detail("end")
    span = detail("dates", needed=False) or (f"{start} to {end}" if start and end else end)
    if not span:
        detail("dates")
    return span, end


def valid_until(end: str) -> str:
    """About twelve months after the last assessment day (VDA §10.2); "" when the day is not an ISO date."""
    return years_after(end, 1)


def _due(data: DeliverableInput, end: str) -> str:
    """AS6: a warning when the report date is more than four weeks after the last assessment day."""
    try:
        last, report = _dt.date.fromisoformat(end), _dt.date.fromisoformat(data.generated)
    except ValueError:
        return ""
    if (report - last).days <= DUE_DAYS:
        return ""
    return (f"a report within 4 weeks of the last assessment day {end} (AS6): the report date {data.generated} "
            f"is {(report - last).days} days after it")


def _member(members: Sequence[tuple[str, str, str]], empty: str = "") -> str:
    return "; ".join(f"{name} ({licence or 'licence not recorded'})" for _role, name, licence in members) or empty


def _formal(data: DeliverableInput, detail: Details, warnings: list[str]) -> Section:
    span, end = _dates(detail)
    lead = results.team_of(data, *LEAD)
    if not lead:
        warnings.append("the lead assessor — appraise team FILE --add NAME --role \"lead assessor\"")
    rows = (("Assessment dates", span), ("Last assessment day", end), ("Report date", data.generated),
            ("Results valid until about", valid_until(end)), ("Sponsor", detail("sponsor")),
            ("Sponsor's relationship to the unit", detail("sponsor_relationship", needed=False)),
            ("Lead assessor", _member(lead)), ("Assessment class / ID", detail("lead_appraiser_id", needed=False)))
    return Section("formal", "Formal information", (Facts(rows),), where=REPORT, sheet="General", team=True)


def _purpose(data: DeliverableInput, detail: Details) -> Section:
    appraisal = data.summary["appraisal"]
    processes = ", ".join(f"{p.id} {p.title}".strip() for p in data.tree.areas)
    rows = (("Purpose of the assessment", detail("appraisal_objectives")),
            ("Business objectives", detail("business_objectives", needed=False)),
            ("Processes", processes), ("Process instances", ", ".join(data.units)),
            ("Target capability level", f"CL {appraisal.get('target', '')}"),
            ("Critical factors", detail("critical_factors", needed=False)))
    return Section("scope", "Purpose and scope", (Facts(rows),), where=REPORT, sheet="General")


def _participants(data: DeliverableInput) -> Section:
    rows = tuple((m.role, m.name, m.licence) for m in data.team)
    interviews = sum(1 for e in data.evidence if e.kind == "affirmation")
    return Section("participants", "Participants",
                   (Table(("Role", "Name", "Licence"), rows, title="Assessment team", key="team",
                          empty="No team recorded (appraise team FILE --add NAME --role ROLE)."),
                    Paragraph(f"Interviewees are not named: {interviews} interview record"
                              f"{'s' if interviews != 1 else ''} in the evidence index, each by role or session.")),
                   where=("deck", *REPORT), sheet="Team", team=True)


def _constraints(detail: Details) -> Section:
    text = detail("constraints")
    return Section("constraints", "Constraints and their possible impact",
                   (Paragraph(text or "not recorded"),), where=REPORT, sheet="General")


# -- results (10.4.6) ------------------------------------------------------------------------------------------------


def _results(data: DeliverableInput, profile: Chart, weights: Table | None) -> list[Section]:
    headline = data.tree.headline
    rating = data.summary.get("rating") or {}
    aggregation = [Paragraph(str(rating.get("aggregation_rule") or ""), "note")]
    if weights is not None:
        aggregation.append(weights)
    until = valid_until(str(data.details.get("end") or ""))
    validity = Paragraph(f"The results are valid until about {until}: about 12 months after the last assessment "
                         "day, less after a relocation, reorganization or process change." if until else
                         "The results are valid for about 12 months after the last assessment day (not recorded).")
    out = [Section("results", "Results", (*(Paragraph(line) for line in headline[:1]),
                                          *(Paragraph(line, "note") for line in headline[1:]), validity, profile),
                   where=REPORT, sheet="Results"),
           Section("results:instances", "Results: PA ratings per process instance",
                   tuple(results.instance_table(data, p) for p in data.tree.areas), where=REPORT, sheet="Instances"),
           Section("results:aggregated", "Results: aggregated PA ratings", (results.aggregated_table(data), *aggregation),
                   where=REPORT, sheet="Aggregated")]
    for process in data.tree.areas:
        out.append(Section(f"results:findings:{process.id}",
                           f"Results: strengths and weaknesses of {process.id} {process.title}".strip(),
                           (results.process_findings(data, process),), where=("report",),
                           notes=f"{process.value or 'not rated'}: {process.rule}"))
    out += [Section("results:deviations", "Results: rules not followed",
                    (results.deviation_table(data), results.open_deviations(data)), where=REPORT,
                    sheet="Deviations"),
            Section("results:traceability", "Results: PA ratings and their evidence", (results.evidence_matrix(data),),
                    where=REPORT, sheet="Traceability")]
    return out


# -- the assessment log (AS6) ----------------------------------------------------------------------------------------


def _log(data: DeliverableInput, detail: Details, warnings: list[str]) -> Section:
    span, end = _dates(detail)
    lead = results.team_of(data, *LEAD)[:1]
    co = results.team_of(data, *CO)
    if len(co) > MAX_CO_ASSESSORS:
        warnings.append(f"at most {MAX_CO_ASSESSORS} co-assessors on the assessment log (AS6): the roster has "
                        f"{len(co)}, the first {MAX_CO_ASSESSORS} are listed")
        co = co[:MAX_CO_ASSESSORS]
    warnings += [f"the licence level of the {role} in row {i} of the assessment log (the roster's licence, AS6)"
                 for i, (role, _name, licence) in enumerate([*lead, *co], 1) if not licence]
    due = _due(data, end)
    if due:
        warnings.append(due)
    sponsor = detail("sponsor")
    rows = (("Lead assessor", _member(lead)), ("Co-assessors", _member(co, "none")),
            ("Assessment dates", span), ("Last assessment day", end), ("Report date", data.generated),
            ("Report due by", _plus(end, DUE_DAYS)), ("Results valid until about", valid_until(end)),
            ("Sponsor", sponsor))
    signatures = Signatures("The lead assessor and the co-assessors confirm that the documented assessment process "
                            "was followed; the sponsor approves the assessment.",
                            (*((role, name) for role, name, _l in [*lead, *co]), ("Sponsor (approval)", sponsor)))
    return Section("log", "Assessment log", (Facts(rows), signatures), where=REPORT, sheet="Assessment log",
                   team=True)


def _plus(day: str, days: int) -> str:
    try:
        return (_dt.date.fromisoformat(day) + _dt.timedelta(days=days)).isoformat()
    except ValueError:
        return ""
