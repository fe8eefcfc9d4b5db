"""The sections every scheme's deliverable has, laid out from the neutral rating tree.

A scheme's ``deliverable.py`` takes these and adds its own (the brick chart, the ADS, the per-instance PA tables,
the nonconformity reports), in its method's order. ``default_document`` is the deliverable of a scheme that lays
out nothing of its own. Nothing here names a person: the roster appears only in ``team_section`` and
``signature_section`` (``Section.team``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from appraise.schemes.document import (
    Bullets,
    Cell,
    CellValue,
    Chart,
    DeliverableInput,
    Document,
    Facts,
    Findings,
    Paragraph,
    Section,
    Series,
    Signatures,
    Table,
    Where,
)
from appraise.schemes.tree import RatingNode, RatingTree

#: A rule's id at the start of its sentence: "R3.1: ...", "V5.2: ...", "A8.2: ...", "M3.3 ...", "AS2.3: ...".
_RULE_ID = re.compile(r"^\s*([A-Z][A-Za-z]*\d+(?:\.\d+)*[a-z]?)\b")


def rule_id(rule: str) -> str:
    """The id a rule sentence starts with ("R3.1"), or the sentence itself when it names none."""
    found = _RULE_ID.match(rule or "")
    return found.group(1) if found else (rule or "")


def rule_sentences(nodes: Iterable[RatingNode]) -> list[tuple[str, str]]:
    """Each distinct rule the nodes cite, once, as (id, sentence), in first-cited order: the report states a
    rule's sentence once and its tables cite the id."""
    seen: dict[str, str] = {}
    for node in nodes:
        if node.rule:
            key = rule_id(node.rule)
            text = node.rule.split(" (", 1)[0] if key != node.rule else node.rule
            seen.setdefault(key, text)
    return list(seen.items())


def label(value: str | None) -> str:
    """A value as a table shows it: ``not_applicable`` -> "Not applicable", an empty value -> "—"."""
    if value is None or value == "":
        return "—"
    return value.replace("_", " ").capitalize() if value.islower() else value


def _aggregate(data: DeliverableInput) -> str:
    return getattr(data.words, "aggregate", "OU") if data.words is not None else "OU"


def cover(data: DeliverableInput, kind: str) -> Section:
    """The title slide / the report's heading: the kind of deliverable, the unit, the model, the date."""
    appraisal = data.summary["appraisal"]
    lines = [data.unit, appraisal.get("framework_title", ""), data.details.get("dates", "") or data.generated]
    return Section("cover", kind, (Paragraph("\n".join(x for x in lines if x)),), kind="title",
                   where=("deck", "report"))


def headline_section(data: DeliverableInput) -> Section:
    """The result in one or two lines (the level, the profile or the recommendation) and its rule."""
    lines = data.tree.headline
    blocks: list[Paragraph] = [Paragraph(lines[0])] if lines else []
    blocks += [Paragraph(line, "note") for line in lines[1:]]
    return Section("result", "Result", tuple(blocks), sheet="Overview")


def scope_section(data: DeliverableInput, rows: Sequence[tuple[str, str]] = ()) -> Section:
    """The appraisal's scope as facts: the unit, the model, the units sampled, the areas; ``rows`` replace the
    default ones (a scheme's own scope rows)."""
    appraisal = data.summary["appraisal"]
    words = data.words
    if not rows:
        areas = appraisal.get("process_areas") or appraisal.get("processes") or ()
        rows = (("Organizational unit", data.unit),
                ("Model", appraisal.get("framework_title", "")),
                (getattr(words, "units_title", "Projects"), ", ".join(data.units)),
                (getattr(words, "areas_title", "Process areas"), ", ".join(areas)))
    progress = data.summary.get("progress") or {}
    extra = ()
    if progress.get("cells"):
        extra = (("Characterized", f"{progress.get('characterized', 0)} of {progress['cells']} cells"),)
    return Section("scope", "Scope", (Facts((*tuple(rows), *extra)),), sheet="Overview")


def ratings_table(data: DeliverableInput, title: str = "Ratings") -> Table:
    """One row per area: its value, status and what blocks it; rules by id."""
    words = data.words
    rows = tuple((a.id, a.title, label(a.value), label(a.status), rule_id(a.rule), ", ".join(a.blocked_by))
                 for a in data.tree.areas)
    return Table((getattr(words, "area_column", "Area"), "Title", getattr(words, "rating_column", "Rating"),
                  "Status", "Rule", "Blocked by"), rows, title=title, key="ratings", coloured=True)


def ratings_section(data: DeliverableInput, title: str = "Ratings") -> Section:
    return Section("ratings", title, (ratings_table(data),), sheet="Overview")


def rules_section(data: DeliverableInput) -> Section:
    """Each rule the rating applied, its sentence stated once (the tables cite its id)."""
    rows = tuple(rule_sentences(data.tree.walk()))
    return Section("rules", "Rules applied", (Table(("Rule", "What it says"), rows, key="rules", frozen=1),),
                   where=("report", "workbook"), sheet="Rules")


def area_table(data: DeliverableInput, area: RatingNode) -> Table:
    """An area's practices x units, with the aggregate column and the rule: one row per goal (or attribute) and
    per practice under it, the model's hierarchy kept as each row's depth."""
    units = data.units
    aggregate = _aggregate(data)
    rows: list[tuple[CellValue, ...]] = []
    levels: list[int] = []
    for group in area.groups:
        rows.append((Cell(group.id, bold=True), Cell(group.title, bold=True), *("" for _ in units),
                     label(group.value), rule_id(group.rule)))
        levels.append(1)
        for row in group.rows:
            if row is group:
                continue
            rows.append((row.id, row.title, *(row.cells.get(u) or "" for u in units), row.value or "",
                         rule_id(row.rule)))
            levels.append(2)
    columns = (getattr(data.words, "matrix_practice", "Practice"), "Title", *units, aggregate, "Rule")
    return Table(columns, tuple(rows), title=f"{area.id} {area.title}".strip(), coloured=True,
                 levels=tuple(levels), frozen=2, key=area.id)


def area_sections(data: DeliverableInput, where: tuple[Where, ...] = ("report", "workbook")) -> list[Section]:
    """One section per area: its rating line and its practices x units table (a sheet each in the workbook)."""
    out = []
    for area in data.tree.areas:
        line = f"{label(area.value)} ({rule_id(area.rule)})" if area.rule else label(area.value)
        out.append(Section(f"area:{area.id}", f"{area.id} {area.title}".strip(),
                           (Paragraph(line), area_table(data, area)), where=where, sheet=area.id))
    return out


def findings_of(data: DeliverableInput) -> list[Mapping[str, object]]:
    """The team's findings (strengths, weaknesses; an audit's graded findings) from the summary."""
    return list(data.summary.get("findings") or data.summary.get("audit_findings") or [])


def finding_line(finding: Mapping[str, object]) -> str:
    """A finding's statement ending with the practice it is about: "... (REQM SP 1.4)" (FF3)."""
    text = str(finding.get("text") or "").strip()
    practice = finding.get("practice") or finding.get("clause")
    return f"{text} ({practice})" if practice and str(practice) not in text else text


def findings_sections(data: DeliverableInput, categories: Sequence[tuple[str, str]] = (("strength", "Strengths"),
                                                                                          ("weakness", "Weaknesses")),
                      where: tuple[Where, ...] = ("deck", "report")) -> list[Section]:
    """One section per area in scope: its findings in the method's categories, "None" where empty (FF3)."""
    by_area: dict[str, list[Mapping[str, object]]] = {}
    for f in findings_of(data):
        by_area.setdefault(str(f.get("area") or ""), []).append(f)
    out = []
    for area in data.tree.areas:
        if area.status == "not_applicable":
            continue
        mine = by_area.get(area.id, [])
        blocks = Findings(tuple((heading, tuple(finding_line(f) for f in mine if f.get("kind") == kind))
                                for kind, heading in categories))
        out.append(Section(f"findings:{area.id}", f"{area.title} ({area.id})" if area.title else area.id,
                           (blocks,), where=where, notes=f"{label(area.value)}: {area.rule}"))
    return out


def findings_table_section(data: DeliverableInput) -> Section:
    """Every finding as a row (the workbook's and the report's list)."""
    words = data.words
    rows = tuple((str(f.get("area") or ""), str(f.get("kind") or ""), str(f.get("practice") or f.get("clause") or ""),
                  str(f.get("text") or "")) for f in findings_of(data))
    return Section("findings", "Findings",
                   (Table((getattr(words, "area_column", "Area"), getattr(words, "kind_column", "Kind"),
                           getattr(words, "practice_column", "Practice"), "Statement"), rows, key="findings"),),
                   where=("workbook",), sheet="Findings")


def _decision_kind(kind: str) -> str:
    """A decision's kind as words: ``ou_characterization`` -> "OU characterization"."""
    words = kind.replace("_", " ")
    return "OU" + words[2:] if words.startswith("ou ") else words


def decisions_section(data: DeliverableInput) -> Section:
    """The team's decisions with their rationale: never who decided."""
    rows = tuple((str(d["target"]), _decision_kind(str(d["kind"])), label(str(d["value"])), str(d["rationale"] or ""),
                  str(d["decided_at"] or "")[:10], "no longer stands" if d.get("stale") else "")
                 for d in data.summary.get("decisions", ()))
    return Section("decisions", "Team decisions",
                   (Table(("Target", "Decision", "Value", "Rationale", "Date", "Note"), rows, key="decisions",
                          empty="No decisions recorded."),),
                   sheet="Decisions")


def evidence_section(data: DeliverableInput) -> Section:
    """The evidence index (no source, no collector) and what each item is linked to."""
    rows = tuple((str(e.id), e.kind, e.title, Cell(e.location, link=e.location) if e.location else "",
                  "; ".join(f"{p} / {u}" for p, u in e.cells)) for e in data.evidence)
    return Section("evidence", "Evidence index",
                   (Table(("ID", "Kind", "Title", "Location", "Linked to"), rows, key="evidence",
                          empty="No evidence recorded."),),
                   where=("report", "workbook"), sheet="Evidence")


def traceability_section(data: DeliverableInput) -> Section:
    """Each rated practice (or indicator) and the evidence items each unit's value rests on (AS5, X1): one row per
    practice, "unit: ids" per unit, so a 30-project appraisal's trace stays a few hundred rows long."""
    by_cell: dict[tuple[str, str], list[str]] = {}
    for e in data.evidence:
        for cell in e.cells:
            by_cell.setdefault(cell, []).append(str(e.id))
    rows = []
    for node_id, node in data.tree.rows().items():
        traced = [f"{unit}: {', '.join(by_cell[(node_id, unit)])}" for unit in data.units
                  if (node_id, unit) in by_cell]
        if traced or node.value:
            rows.append((node_id, node.value or "", "; ".join(traced) or "none linked"))
    return Section("traceability", "Evidence traceability",
                   (Table(("Practice", _aggregate(data), "Evidence by unit"), tuple(rows), key="traceability",
                          frozen=1),),
                   where=("report", "workbook"), sheet="Traceability")


def team_section(data: DeliverableInput, title: str = "Appraisal team") -> Section:
    """The roster: role, name, affiliation (the one place, with the signatures, that shows names)."""
    rows = tuple((m.role, m.name, m.affiliation) for m in data.team)
    return Section("team", title, (Table(("Role", "Name", "Affiliation"), rows, key="team",
                                         empty="No team recorded (appraise team FILE --add NAME --role ROLE)."),),
                   team=True, sheet="Team")


def signature_section(data: DeliverableInput, statement: str, title: str = "Team affirmation",
                      roles: Sequence[str] = ()) -> Section:
    """One row per member (``roles``: only these), with empty signature and date cells (FF6)."""
    members = [m for m in data.team if not roles or m.role in roles]
    return Section("signatures", title, (Signatures(statement, tuple((m.role, m.name) for m in members)),),
                   team=True, where=("deck", "report"))


def notes_section(data: DeliverableInput) -> Section:
    """The team's notes on cells (their own words, no names)."""
    rows = tuple((str(n["practice"]), str(n["project"]), str(n["note"])) for n in data.summary.get("notes", ()))
    return Section("notes", "Notes on characterizations",
                   (Table(("Practice", "Unit", "Note"), rows, key="notes", empty="No notes."),),
                   where=("report", "workbook"), sheet="Notes")


def default_document(data: DeliverableInput, kind: str = "Appraisal results") -> Document:
    """The deliverable of a scheme that lays out nothing of its own: the common sections in a sensible order."""
    sections = [cover(data, kind), headline_section(data), scope_section(data), team_section(data),
                ratings_section(data), *findings_sections(data), *area_sections(data), findings_table_section(data),
                decisions_section(data), notes_section(data), evidence_section(data), traceability_section(data),
                rules_section(data),
                signature_section(data, "The team members support the results presented here.")]
    return Document(kind, data.unit, tuple(sections))


def bullets(items: Iterable[str], title: str = "", empty: str = "None") -> Bullets:
    return Bullets(tuple(items), title, empty)


__all__ = [
    "area_sections", "area_table", "bullets", "cover", "decisions_section", "default_document", "evidence_section",
    "finding_line", "findings_of", "findings_sections", "findings_table_section", "headline_section", "label",
    "notes_section", "profile_chart", "ratings_section", "ratings_table", "rule_id", "rule_sentences", "rules_section",
    "scope_section", "signature_section", "team_section", "traceability_section",
]


def profile_chart(tree: RatingTree, title: str = "Rating profile") -> Chart | None:
    """The rating profile as a chart: one bar per area, its level (the whole number in its value: "2", "CL 3");
    None when no area's value is a level (a staged SCAMPI rating, an audit) — a scheme's view may give its own
    (``SchemeView.profile_chart``)."""
    levels: list[float | None] = []
    prefixes = set()
    for area in tree.areas:
        digits = re.search(r"\d+", area.value or "")
        levels.append(float(digits.group()) if digits else None)
        if digits:
            prefixes.add((area.value or "")[:digits.start()])
    if not any(v is not None for v in levels):
        return None
    prefix = prefixes.pop() if len(prefixes) == 1 else ""  # "CL 2": the ticks read CL 0 .. CL 5
    labels = {n: f"{prefix}{n}" for n in range(6)} if prefix.strip() else {}
    return Chart(title, tuple(a.id for a in tree.areas), (Series("Level", tuple(levels)),), y_max=5,
                 axis_title=prefix.strip() or "Level", labels=labels)
