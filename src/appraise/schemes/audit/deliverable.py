"""The ISO 9001 audit deliverables: the audit report (ISO/IEC 17021-1 §9.4.8 items, ISO1) and the findings
briefing deck.

The report: the client and the audit (certification body, client, address, audit type, criteria, objectives,
scope, dates), the audit team (roster names, ``team=True``), each clause's result per site (coloured), the
nonconformity reports (id, grade, clause, site, evidence, requirement, statement, status and the response and
verification fields), observations and OFIs, exclusions with their justification (A1.2), the sampling
disclaimer, the recommendation with its rule (A8) and the unresolved issues. A nonconformity statement names no
person: the statements are the team's own words, the evidence index has no source and no collector.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from appraise.schemes.audit.report import RECOMMENDATION_LABELS
from appraise.schemes.audit.results import NONCONFORMITIES
from appraise.schemes.document import (
    Bullets,
    Cell,
    CellValue,
    DeliverableInput,
    Document,
    Facts,
    Paragraph,
    Section,
    Table,
)
from appraise.schemes.outline import Details, distribution_section
from appraise.schemes.sections import cover, evidence_section, label, rules_section, signature_section
from appraise.schemes.tree import RatingNode

KIND = "Audit report"
DECK = "Findings briefing"
#: A clause's result in a site as the report colours it: conformity green, minor amber, major red; an
#: observation or OFI is neutral (it enters no recommendation, A4).
PALETTE = {"Conformity": "#00B050", "Minor NC": "#FFC000", "Major NC": "#FF0000", "Observation": "#D9D9D9",
           "OFI": "#D9D9D9", "Not applicable": "#BFBFBF"}
LEGEND = tuple(PALETTE.items())
GRADE_WORDS = {"major": "Major NC", "minor": "Minor NC", "observation": "Observation", "ofi": "OFI"}
STATUS_WORDS = {"open": "open", "plan_accepted": "plan accepted", "verified_closed": "verified closed"}
#: The sampling statement every audit report carries (ISO 19011 §6.5.1, 17021-1 §9.4.8), in appraise's words.
DISCLAIMER = ("Auditing is based on sampling of the information available: the findings reflect the samples "
              "examined, and nonconformities may exist in areas, records or activities that were not sampled.")
REVIEW = ("The recommendation is the audit team's; the certification decision follows the certification body's "
          "independent review.")
LEADS = ("lead auditor",)
#: The whole organization's column when a finding names no site.
ORGANIZATION = "Organization-wide"


def findings(data: DeliverableInput) -> list[Mapping[str, object]]:
    return list(data.summary.get("audit_findings") or ())


def document(data: DeliverableInput) -> Document:
    detail = Details(data.details)
    warnings: list[str] = []
    rating = data.summary.get("rating") or {}
    sections = [*_covers(data), _audit(data, detail), _team(data, detail, warnings), _scope(data, rating),
                _results(data), *_briefing(data),
                *_nonconformities(data), _observations(data), _exclusions(data, rating),
                _recommendation(data, rating), _unresolved(data, rating),
                Section("disclaimer", "Sampling", (Paragraph(DISCLAIMER, "disclaimer"),), where=("deck", "report")),
                evidence_section(data), rules_section(data),
                signature_section(data, "The audit team leader confirms this report and its recommendation.",
                                  "Audit team leader", roles=[m.role for m in data.team
                                                              if m.role.casefold() in LEADS]), *filter(None, [distribution_section(data)])]
    return Document(KIND, data.unit, tuple(sections), palette=PALETTE,
                    warnings=tuple(detail.warnings + warnings), kind=KIND)


def _covers(data: DeliverableInput) -> list[Section]:
    """The report's heading, and the deck's title slide: the findings briefing."""
    return [dataclasses.replace(cover(data, KIND), where=("report",)),
            dataclasses.replace(cover(data, DECK), id="cover:deck", where=("deck",))]


# -- the client, the audit, the team ---------------------------------------------------------------------------


def _audit(data: DeliverableInput, detail: Details) -> Section:
    start, end = detail("start", needed=False), detail("end", needed=False)
    dates = detail("dates", needed=False) or (f"{start} to {end}" if start and end else end)
    if not dates:
        detail("dates")
    rows = (("Certification body", detail("certification_body")),
            ("Client", detail("organization", needed=False) or data.unit),
            ("Client address", detail("client_address")),
            ("Audit type", detail("audit_type")),
            ("Audit criteria", detail("criteria", needed=False) or str(data.summary["appraisal"].get("framework_title", ""))),
            ("Audit objectives", detail("appraisal_objectives")),
            ("Dates", dates),
            ("Places", detail("location", needed=False) or ", ".join(data.units)),
            # the items of ISO/IEC 17021-1 §9.4.8 the auditor writes (deliverables.md §3, ISO1)
            ("Deviations from the audit plan", detail("audit_plan_deviations")),
            ("Significant changes since the last audit", detail("changes_since_last_audit")),
            ("Combined, joint or integrated audit", detail("combined_audit")),
            ("Control of certificates and marks", detail("certificates_and_marks")),
            ("Conformity and effectiveness of the management system", detail("conformity_statement")))
    return Section("audit", "The audit", (Facts(rows),), where=("report", "workbook"), sheet="Audit")


def _team(data: DeliverableInput, detail: Details, warnings: list[str]) -> Section:
    if not any(m.role.casefold() in LEADS for m in data.team):
        warnings.append("the audit team leader — appraise team FILE --add NAME --role \"lead auditor\"")
    rows = tuple((m.role, m.name, m.affiliation) for m in data.team)
    return Section("team", "Audit team", (
        Table(("Role", "Name", "Affiliation"), rows, key="team",
              empty="No team recorded (appraise team FILE --add NAME --role ROLE)."),
        Facts((("Client representative", detail("sponsor", needed=False)),))),
        team=True, sheet="Audit")


def _scope(data: DeliverableInput, rating: Mapping[str, Any]) -> Section:
    clauses = ", ".join(f"{a.id} {a.title}".strip() for a in data.tree.areas)
    outside = ", ".join(map(str, rating.get("outside_audit") or ())) or "none"
    rows = (("Standard", str(data.summary["appraisal"].get("framework_title", ""))),
            ("Sites", ", ".join(data.units)), ("Clauses audited", clauses), ("Clauses outside the audit", outside))
    return Section("scope", "Audit scope", (Facts(rows),), sheet="Audit")


# -- each clause's result per site ----------------------------------------------------------------------------


def _by_clause(data: DeliverableInput) -> dict[tuple[str, str], list[Mapping[str, object]]]:
    out: dict[tuple[str, str], list[Mapping[str, object]]] = {}
    for f in findings(data):
        out.setdefault((str(f.get("clause") or ""), str(f.get("site") or ORGANIZATION)), []).append(f)
    return out


def _under(found: Mapping[tuple[str, str], Sequence[Mapping[str, object]]], clause: str,
           site: str) -> list[Mapping[str, object]]:
    """The findings on a clause or a clause below it, in one site."""
    return [f for (c, s), fs in found.items() if s == site and (c == clause or c.startswith(f"{clause}."))
            for f in fs]


def site_result(node: RatingNode, site: str, found: Sequence[Mapping[str, object]]) -> Cell:
    """A clause in one site: its worst finding (major, minor, observation, OFI, by id), else conformity where
    recorded, else "—" (no result recorded there); coloured like its grade."""
    if node.status == "not_applicable":
        return Cell("Not applicable", PALETTE["Not applicable"])
    conform = node.cells.get(site) == "C"
    for grade in ("major", "minor", "observation", "ofi"):
        ids = [f"#{f['id']}" for f in found if f.get("grade") == grade]
        if ids:
            word = GRADE_WORDS[grade]
            # an observation or OFI takes nothing from a conformity recorded there: both are said
            text = f"{'Conformity; ' if conform and grade not in NONCONFORMITIES else ''}{word} ({', '.join(ids)})"
            return Cell(text, PALETTE[word])
    if conform:
        return Cell("Conformity", PALETTE["Conformity"])
    return Cell("—" if site != ORGANIZATION else "")


def results_table(data: DeliverableInput) -> Table:
    """Every clause (top clauses, clauses, sub-clauses in the standard's hierarchy) x site: its result there."""
    found = _by_clause(data)
    sites = list(data.units)
    if any(site == ORGANIZATION for _c, site in found):
        sites.append(ORGANIZATION)
    rows: list[tuple[CellValue, ...]] = []
    levels: list[int] = []
    for area in data.tree.areas:
        rows.append((Cell(area.id, bold=True), Cell(area.title, bold=True), *("" for _ in sites),
                     Cell(label(area.value), bold=True)))
        levels.append(0)
        for group in area.groups:
            for node in group.rows:
                depth = 1 if node.id == group.id else 2
                rows.append((node.id, node.title, *(site_result(node, s, _under(found, node.id, s)) for s in sites),
                             label(str(node.extra.get("result") or ""))))
                levels.append(depth)
    return Table(("Clause", "Title", *sites, "Result"), tuple(rows), title="Clause results per site",
                 coloured=True, levels=tuple(levels), frozen=2, key="clauses", legend=LEGEND)


def _results(data: DeliverableInput) -> Section:
    return Section("results", "Clause results", (results_table(data),), where=("report", "workbook"),
                   sheet="Clauses")


# -- findings ------------------------------------------------------------------------------------------------------


def _evidence(data: DeliverableInput, evidence_id: object) -> str:
    if evidence_id in (None, ""):
        return ""
    item = next((e for e in data.evidence if e.id == evidence_id), None)
    return f"{evidence_id}: {item.title}" if item else str(evidence_id)


def requirement(data: DeliverableInput, clause: str) -> str:
    """The requirement a finding is against: the clause and its title in the standard."""
    try:
        title = data.framework.practice(clause).title
    except (KeyError, LookupError):
        title = ""
    return f"{clause} {title}".strip()


def _status_date(data: DeliverableInput, finding: Mapping[str, object], status: str) -> str:
    """When the finding's plan was accepted or its closure verified (the change log's date); "" while not."""
    now = str(finding.get("status") or "open")
    reached = {"plan_accepted": ("plan_accepted", "verified_closed"), "verified_closed": ("verified_closed",)}
    if now not in reached.get(status, ()):  # set back to open since: that date no longer stands
        return ""
    return data.finding_dates.get(int(str(finding.get("id") or 0)), {}).get(status, "")


def nc_table(data: DeliverableInput) -> Table:
    """The nonconformity reports: what the store keeps (the plan accepted and verification dates from the change
    log), and the client's cause analysis and actions, which it does not keep, present and empty (filled in by
    hand)."""
    rows = tuple((f"NC {f['id']}", str(f.get("grade") or ""), str(f.get("clause") or ""),
                  str(f.get("site") or ORGANIZATION), _evidence(data, f.get("evidence")),
                  requirement(data, str(f.get("clause") or "")), str(f.get("text") or ""),
                  STATUS_WORDS.get(str(f.get("status") or "open"), str(f.get("status"))), "",
                  _status_date(data, f, "plan_accepted"), _status_date(data, f, "verified_closed"))
                 for f in findings(data) if f.get("grade") in NONCONFORMITIES)
    return Table(("ID", "Grade", "Clause", "Site / process", "Evidence", "Requirement", "Statement of nonconformity",
                  "Status", "Cause analysis, correction and corrective action", "Plan accepted on", "Verified on"),
                 rows, title="Nonconformity reports", key="nonconformities", frozen=1,
                 empty="No nonconformity.")


def _nonconformities(data: DeliverableInput) -> list[Section]:
    """The full reports in the report and the workbook; the deck's briefing shows what fits on a slide."""
    short = tuple((f"NC {f['id']}", str(f.get("grade") or ""), str(f.get("clause") or ""),
                   str(f.get("site") or ORGANIZATION), str(f.get("text") or ""),
                   STATUS_WORDS.get(str(f.get("status") or "open"), str(f.get("status"))))
                  for f in findings(data) if f.get("grade") in NONCONFORMITIES)
    return [Section("briefing:nonconformities", "Nonconformities",
                    (Table(("ID", "Grade", "Clause", "Site", "Statement", "Status"), short, key="briefing-ncs",
                           empty="No nonconformity."),), where=("deck",)),
            Section("nonconformities", "Nonconformities", (nc_table(data),), where=("report", "workbook"),
                    sheet="Nonconformities")]


def _observations(data: DeliverableInput) -> Section:
    rows = tuple((f"#{f['id']}", GRADE_WORDS.get(str(f.get("grade")), str(f.get("grade"))), str(f.get("clause") or ""),
                  str(f.get("site") or ORGANIZATION), str(f.get("text") or ""))
                 for f in findings(data) if f.get("grade") not in NONCONFORMITIES)
    return Section("observations", "Observations and opportunities for improvement",
                   (Table(("ID", "Grade", "Clause", "Site", "Statement"), rows, key="observations",
                          empty="No observation and no opportunity for improvement."),),
                   where=("deck", "report", "workbook"), sheet="Observations")


def _exclusions(data: DeliverableInput, rating: Mapping[str, Any]) -> Section:
    rows = tuple((str(e["clause"]), requirement(data, str(e["clause"]))[len(str(e["clause"])):].strip(),
                  str(e.get("why") or "")) for e in rating.get("excluded") or ())
    return Section("exclusions", "Requirements not applicable (ISO 9001 4.3)",
                   (Table(("Clause", "Title", "Justification"), rows, key="exclusions",
                          empty="No exclusion: every requirement of clauses 4-10 applies."),),
                   where=("report", "workbook"), sheet="Audit")


# -- the recommendation and what is unresolved --------------------------------------------------------------------


def recommendation_line(rating: Mapping[str, Any]) -> str:
    value = str(rating.get("recommendation") or "")
    return RECOMMENDATION_LABELS.get(value, value)


def _recommendation(data: DeliverableInput, rating: Mapping[str, Any]) -> Section:
    blocks = (Paragraph(f"Recommendation of the audit team: {recommendation_line(rating)}."),
              Paragraph(str(rating.get("rule") or ""), "note"), Paragraph(REVIEW, "note"))
    return Section("recommendation", "Recommendation", blocks, sheet="Audit")


def _unresolved(data: DeliverableInput, rating: Mapping[str, Any]) -> Section:
    items = [f"NC {f['id']} ({f.get('grade')}, {f.get('clause')}): no accepted plan yet"
             for f in findings(data) if f.get("grade") in NONCONFORMITIES and (f.get("status") or "open") == "open"]
    items += [f"Major NC {f['id']} ({f.get('clause')}): plan accepted, not verified closed"
              for f in findings(data) if f.get("grade") == "major" and f.get("status") == "plan_accepted"]
    items += [str(x) for x in rating.get("attention") or ()]
    items += [f"Not audited: {x}" for x in rating.get("blocked_by") or ()
              if not str(x).startswith("#")]
    return Section("unresolved", "Unresolved issues", (Bullets(tuple(dict.fromkeys(items))),),
                   where=("report", "workbook"), sheet="Audit")


# -- the findings briefing (deck) ------------------------------------------------------------------------------


def _briefing(data: DeliverableInput) -> list[Section]:
    """The deck: the recommendation line, then each top clause's result per site (one row per top clause)."""
    found = _by_clause(data)
    rows = []
    for area in data.tree.areas:
        cells = []
        for site in data.units:
            mine = _under(found, area.id, site)
            conform = any(n.cells.get(site) == "C" for g in area.groups for n in g.rows)
            cells.append(site_result(RatingNode(area.id, "clause", cells={site: "C" if conform else None},
                                                status="not_applicable" if area.status == "not_applicable"
                                                else "rated"), site, mine))
        rows.append((area.id, area.title, *cells, label(area.value)))
    headline = data.tree.headline
    return [Section("briefing", "Findings by clause",
                    (*(Paragraph(line) for line in headline[:1]),
                     Table(("Clause", "Title", *data.units, "Result"), tuple(rows), key="briefing", coloured=True,
                           legend=LEGEND)),
                    where=("deck",), notes=" ".join(headline[1:]))]
