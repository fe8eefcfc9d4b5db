"""SCAMPI A v1.3: the final findings, the report and the workbook as a neutral Document (deliverables.md 1.1).

In order: title, scope, the team, one findings section per process area in the model scope (strengths and
weaknesses, each weakness ending with its practice), the ratings (the result line, the goal grid — one column per
process area, one row per specific or generic goal — and, in the continuous representation, the capability
profile with one bar per area at its whole capability level), the team's decisions, the team's affirmation;
then what the report and the workbook add (area tables, evidence, traceability, notes, rules). v1.3 grids have
no documented colours: these are this tool's (FI green, LI yellow, PI/NI red).
"""

from __future__ import annotations

from appraise.schemes import grids, sections
from appraise.schemes.document import Block, DeliverableInput, Document, Facts, Paragraph, Section
from appraise.schemes.outline import (
    Missing,
    team_affirmation,
    team_sections,
    weaknesses_without_practice,
    years_after,
)
from appraise.schemes.scampi.view import profile_chart
from appraise.schemes.tree import RatingNode

KIND = "Final findings"
PALETTE = {**grids.palette(green=("FI", "Satisfied"), yellow=("LI",), red=("PI", "NI", "NY", "Unsatisfied"),
                           grey=("Not rated", "Not applicable"))}
LEGEND = ("Satisfied", "Unsatisfied", "Not rated", "Not applicable")
AFFIRMATION = ("The appraisal team members support the findings and ratings presented here, reached by consensus "
               "on the objective evidence examined.")


def _continuous(data: DeliverableInput) -> bool:
    return data.summary["appraisal"].get("representation") == "continuous"


def _column_group(data: DeliverableInput, area: RatingNode) -> str:
    """Staged: the area's maturity level; continuous: its category."""
    model = data.framework.area(area.id)
    if _continuous(data):
        return model.category or ""
    return f"Maturity level {model.maturity_level}" if model.maturity_level else ""


def _columns(data: DeliverableInput) -> list[RatingNode]:
    areas = list(data.tree.areas)
    first: dict[str, int] = {}
    for i, a in enumerate(areas):
        first.setdefault(_column_group(data, a), i)
    return sorted(areas, key=lambda a: (first[_column_group(data, a)], areas.index(a)))


def ratings_sections(data: DeliverableInput) -> list[Section]:
    """The result line, the goal grid and, continuous, the capability profile (CH1: whole levels 0-5)."""
    head: list[Block] = [Paragraph(line, "body" if i == 0 else "note") for i, line in enumerate(data.tree.headline)]
    areas = _columns(data)
    grid = grids.goal_grid(data.framework, areas, title="Goal ratings", colours=PALETTE,
                           legend_values=LEGEND, group_of=lambda a: _column_group(data, a))
    out = [Section("ratings", f"Ratings for {data.unit}", (*head, grid), sheet="Ratings"),
           Section("area-ratings", "Process area ratings", (sections.ratings_table(data, ""),), sheet="Ratings")]
    chart = profile_chart(data.tree)
    if chart is not None:
        out.append(Section("profile", chart.title, (chart,), sheet="Ratings"))
    return out


def signature_section(data: DeliverableInput, missing: Missing) -> Section:
    return team_affirmation(data, missing, AFFIRMATION)


def disclosure_section(data: DeliverableInput, missing: Missing) -> Section:
    """What the ADS states for the sponsor (deliverables.md §1.1): the sponsor, the dates, the model and method, and
    when the results expire — three years after the appraisal's end (the SEI's policy from v1.2)."""
    end = missing.detail(data, "end", "the last day of the appraisal")
    expires = years_after(end, 3) if end else ""
    if end and not expires:
        missing.add("the last day of the appraisal as YYYY-MM-DD — appraise team FILE --set end=YYYY-MM-DD")
    appraisal = data.summary["appraisal"]
    rows = (("Sponsor", missing.detail(data, "sponsor", "the sponsor")),
            ("Organizational unit", data.unit),
            ("Model and method", f"{appraisal.get('framework_title', '')}, SCAMPI A v1.3"),
            ("Appraisal dates", str(data.details.get("dates") or end)),
            ("Results expire", expires))
    return Section("ads", "Appraisal disclosure", (Facts(rows),), where=("report", "workbook"), sheet="ADS",
                   team=True)


def document(data: DeliverableInput) -> Document:
    missing = Missing()
    team, support = team_sections(data)
    outline = [sections.cover(data, KIND), sections.scope_section(data), team, support,
               Section("pa-findings", "Process Area Findings", kind="divider", where=("deck", "report")),
               *sections.findings_sections(data), *ratings_sections(data), sections.decisions_section(data),
               disclosure_section(data, missing), signature_section(data, missing), *sections.area_sections(data), sections.findings_table_section(data),
               sections.evidence_section(data), sections.traceability_section(data), sections.notes_section(data),
               sections.rules_section(data)]
    bare = weaknesses_without_practice(data)
    if bare:
        missing.add(f"the practice each weakness is about (FF3), in {', '.join(bare)} — record it on the practice")
    return Document(KIND, data.unit, tuple(outline), palette=PALETTE, warnings=tuple(missing.warnings), kind=KIND)


__all__ = ["KIND", "PALETTE", "document"]
