"""CMMI Appraisal Method (V2.0/V3.0): the Final Findings deck, the report and the workbook as a neutral Document.

The outline is the MDD Toolkit's Final Findings template (deliverables.md 1.2, FF1), in order: title, appraisal
overview, business and appraisal objectives, the team and the support personnel, the model-view and the
organizational scope, the findings definitions (from the user's template, FF2), the phases, "Practice Area
Findings" and one section per practice area in scope, alphabetical by name (FF3), the ratings (the OU brick
chart BC1/BC2, the practice-group grid, the profile chart CH1), the team's decisions, the ADS data (ADS1), the
team's affirmation (FF6); then what the report and the workbook add (area tables, evidence, traceability, notes,
rules). What the outline needs and the appraisal does not hold is printed "not recorded" and warned about.
"""

from __future__ import annotations

from appraise.schemes import grids, sections
from appraise.schemes.cmmi_appraisal.ads import ads_section
from appraise.schemes.cmmi_appraisal.plan import (
    CAPABILITY,
    EVALUATION,
    PLAN_KEY,
    SUPPORT_FUNCTION,
    Plan,
    plan_from_json,
)
from appraise.schemes.cmmi_appraisal.view import _units
from appraise.schemes.document import (
    Block,
    DeliverableInput,
    Document,
    Facts,
    Paragraph,
    Section,
    Table,
)
from appraise.schemes.outline import (
    COORDINATOR,
    LEAD_APPRAISER,
    SPONSOR,
    Missing,
    findings_by_name,
    members,
    team_affirmation,
    team_sections,
    unsupported_weaknesses,
    weaknesses_without_practice,
    who,
)
from appraise.schemes.tree import RatingNode

KIND = "Final findings"
#: The OU values that need a weakness statement (V1.2, FF4).
NEED_WEAKNESS = ("LM", "PM", "DM")
#: The brick chart's colours (BC1): FM green, LM yellow, any other value red; S green; an Evaluation's H/M/L alike.
#: NR (a practice group not rated yet: data missing or a decision pending) is grey, not red: it has not failed.
PALETTE = {**grids.palette(green=("FM", "S", "H", "Satisfied"), yellow=("LM", "M"),
                           red=("PM", "DM", "NY", "NC", "U", "L", "Unsatisfied"), grey=("NR",))}
LEGEND = ("FM", "LM", "PM", "DM", "NY", "NC", "S", "U", "NR")
EVALUATION_LEGEND = ("H", "M", "L", "NY", "NC")
AFFIRMATION = ("The appraisal team members support the findings and ratings presented here, reached by consensus "
               "on the objective evidence examined.")


def plan_in(data: DeliverableInput) -> Plan | None:
    text = data.settings.get(PLAN_KEY)
    return plan_from_json(text) if text else None


def in_scope(area: RatingNode) -> bool:
    """An area the appraisal rates (one set out of scope by the plan is not, V4.1)."""
    return area.status != "not_applicable"


def domain_of(data: DeliverableInput, area: RatingNode) -> str:
    domain = area.extra.get("domain")
    return str(domain) if domain else (data.framework.area(area.id).category or "")


def ordered(data: DeliverableInput, areas: tuple[RatingNode, ...]) -> list[RatingNode]:
    """Areas by domain (the model's order), then by acronym: the brick chart's columns under their domains."""
    domains = list(data.framework.domains)

    def key(area: RatingNode) -> tuple[int, str]:
        d = domain_of(data, area)
        return (domains.index(d) if d in domains else len(domains), area.id)

    return sorted(areas, key=key)


def gives_ratings(data: DeliverableInput) -> bool:
    return bool(data.summary.get("rating", {}).get("gives_ratings", True))


def document(data: DeliverableInput) -> Document:
    missing = Missing()
    plan = plan_in(data)
    findings = findings_by_name(data)
    outline = [sections.cover(data, KIND), overview_section(data, plan, missing), *objectives_sections(data, missing),
               *team_sections(data), model_scope_section(data, plan), organization_section(data, plan),
               definitions_section(), phases_section(data, plan),
               Section("pa-findings", "Practice Area Findings", kind="divider", where=("deck", "report")),
               *findings, *ratings_sections(data), sections.decisions_section(data),
               ads_section(data, plan, missing), signature_section(data, missing),
               *sections.area_sections(data), sections.findings_table_section(data), sections.evidence_section(data),
               sections.traceability_section(data), sections.notes_section(data), sections.rules_section(data)]
    weak = unsupported_weaknesses(data, NEED_WEAKNESS, {a.id for a in data.tree.areas if in_scope(a)})
    if weak:
        missing.add(f"a weakness for each practice characterized LM, PM or DM at OU level (V1.2, FF4): "
                    f"{', '.join(weak)} — appraise finding add FILE PRACTICE --kind weakness --text ...")
    bare = weaknesses_without_practice(data)
    if bare:
        missing.add(f"the practice each weakness is about (FF3), in {', '.join(bare)} — record it on the practice")
    return Document(KIND, data.unit, tuple(outline), palette=PALETTE, warnings=tuple(missing.warnings), kind=KIND)


def _sponsor(data: DeliverableInput, missing: Missing) -> str:
    recorded = str(data.details.get("sponsor") or "").strip()
    if recorded:
        return recorded
    roster = members(data, SPONSOR)
    if roster:
        return "; ".join(who(m) for m in roster)
    return missing.detail(data, "sponsor", "the sponsor (name, title)")


def lead_line(data: DeliverableInput, missing: Missing) -> tuple[str, str]:
    """The appraisal team leader (name, affiliation) and the lead appraiser ID (recorded, or the roster's)."""
    leads = missing.member(data, LEAD_APPRAISER, "the appraisal team leader")
    lead = "; ".join(who(m) for m in leads)
    ident = str(data.details.get("lead_appraiser_id") or "").strip() or next((m.licence for m in leads if m.licence),
                                                                              "")
    if not ident:
        missing.detail(data, "lead_appraiser_id", "the lead appraiser ID")
    return lead, ident


def overview_section(data: DeliverableInput, plan: Plan | None, missing: Missing) -> Section:
    """Organization, OU, sponsor and ATL (names: a team section, N1)."""
    appraisal_type = (plan.appraisal_type if plan else "benchmark").capitalize()
    lead, ident = lead_line(data, missing)
    rows = (("Organization", missing.detail(data, "organization", "the organization's name")),
            ("Organizational unit", data.unit),
            ("Locations", missing.detail(data, "location", "the organization's locations")),
            ("Sponsor", _sponsor(data, missing)),
            ("Sponsor's relationship to the OU",
             missing.detail(data, "sponsor_relationship", "the sponsor's relationship to the OU")),
            ("Appraisal team leader", lead),
            ("Lead appraiser ID", ident),
            ("Appraisal type", appraisal_type),
            ("Dates", missing.detail(data, "dates", "the appraisal's dates")))
    return Section("overview", "Appraisal overview", (Facts(rows),), team=True, sheet="Overview")


def objectives_sections(data: DeliverableInput, missing: Missing) -> list[Section]:
    out = []
    for key, title in (("business_objectives", "Business objectives"),
                       ("appraisal_objectives", "Appraisal objectives")):
        text = missing.detail(data, key, f"the {title.lower()}")
        out.append(Section(key.replace("_", "-"), title, (Facts(((title, text),)),), sheet="Overview"))
    return out


def model_scope_section(data: DeliverableInput, plan: Plan | None) -> Section:
    """The model view: the target, then each practice area of the view with its target level or out of scope."""
    appraisal = data.summary["appraisal"]
    capability = appraisal.get("representation") == CAPABILITY
    target = appraisal.get("target")
    goal = f"{appraisal.get('framework_title', '')}, Maturity Level {target}"
    if capability:  # the areas by their target: "ADO, BRV Capability Level 2; ALP Capability Level 1"
        by_target: dict[object, list[str]] = {}
        for a in data.tree.areas:
            if in_scope(a):
                by_target.setdefault(a.extra.get("target", target), []).append(a.id)
        goal = "; ".join(f"{', '.join(ids)} Capability Level {level}" for level, ids in by_target.items())
    if plan is not None and plan.appraisal_type == EVALUATION:
        goal += " (Evaluation: no ratings)"
    rows = [("Target", goal)]
    if plan is not None:
        rows.append(("Domains", "every domain (a capability appraisal, V6.1)" if capability
                     else ", ".join(("Core", *plan.domains))))
    areas = tuple((a.id, a.title, domain_of(data, a),
                   str(a.extra.get("target")) if in_scope(a) and a.extra.get("target") is not None
                   else grids.OUT_OF_SCOPE) for a in sorted(data.tree.areas, key=lambda n: n.title.casefold()))
    table = Table(("Practice area", "Name", "Domain", "Target level"), areas, key="model-scope")
    return Section("scope-model", "Scope: model view", (Facts(tuple(rows)), table), sheet="Scope")


def organization_section(data: DeliverableInput, plan: Plan | None) -> Section:
    """The organizational scope: the OU, its units with their kinds, the sample per unit and the processes."""
    rows = [("Organizational unit", data.unit), ("Units", _units(plan, data.units))]
    blocks: list[Block] = []
    if plan is not None:
        rows.append(("Processes", ", ".join(plan.processes)))
        areas = [a.id for a in data.tree.areas if in_scope(a)]
        sample = tuple((u.code, "support function" if u.kind == SUPPORT_FUNCTION else "project", u.subgroup,
                        ", ".join(a for a in areas if plan.in_sample(u.code, a)) or "none",
                        ", ".join(f"{a} ({plan.code(u.code, a)})" for a in areas if not plan.in_sample(u.code, a)))
                       for u in plan.units)
        blocks.append(Table(("Unit", "Kind", "Subgroup", "In the sample for", "Not in the sample for"), sample,
                            key="sample", title="Sampling"))
    return Section("scope-organization", "Scope: organizational", (Facts(tuple(rows)), *blocks), sheet="Scope")


def definitions_section() -> Section:
    """The findings definitions: the user's template's slides (FF2); appraise ships no definition text."""
    line = ("The findings definitions (the required and optional categories) are the slides of your findings "
            "template whose title names them.")
    return Section("definitions", "Findings definitions", (Paragraph(line, "note"),), where=("deck",),
                   from_template="definition")


def phases_section(data: DeliverableInput, plan: Plan | None) -> Section:
    rows = (("Phase 2 (conduct) start", plan.phase2_start if plan else ""),
            ("Appraisal dates", str(data.details.get("dates") or "")),
            ("Last day of the on-site phase", str(data.details.get("end") or "")))
    return Section("phases", "Appraisal phases", (Facts(rows),), where=("deck", "report"), sheet="Overview")


def ratings_sections(data: DeliverableInput) -> list[Section]:
    """The brick chart (BC1/BC2), the practice-group grid and the profile chart (CH1); an Evaluation shows the OU
    values only (no practice-group ratings, V3.6)."""
    rated = gives_ratings(data)
    areas = ordered(data, data.tree.areas)
    scoped = [a for a in areas if in_scope(a)]
    legend = LEGEND if rated else EVALUATION_LEGEND
    bricks = grids.brick_chart(data.framework, scoped, rated=rated, group_of=lambda a: domain_of(data, a),
                               title="OU brick chart", colours=PALETTE, legend_values=legend)
    head: list[Block] = [Paragraph(line, "body" if i == 0 else "note") for i, line in enumerate(data.tree.headline)]
    out = [Section("ratings", f"Ratings for {data.unit}", (*head, bricks), sheet="Ratings")]
    if not rated:
        return out
    grid = grids.level_grid(data.framework, areas, in_scope=in_scope, title="Practice areas by level", colours=PALETTE,
                            legend_values=("S", "U", "NR"))
    out.append(Section("ratings-grid", "Practice group ratings", (grid,), sheet="Ratings"))
    capability = data.summary["appraisal"].get("representation") == CAPABILITY
    chart = grids.level_chart([a for a in sorted(scoped, key=lambda n: n.title.casefold())],
                              lambda a: a.extra.get("capability_level") if capability else a.value,
                              title="Capability profile" if capability else "Practice area profile",
                              axis_title="Capability level" if capability else "Level")
    if chart is not None:
        out.append(Section("profile", chart.title, (chart,), sheet="Ratings"))
    out.append(Section("area-ratings", "Practice area ratings", (sections.ratings_table(data, ""),),
                       where=("report", "workbook"), sheet="Ratings"))
    return out


def signature_section(data: DeliverableInput, missing: Missing) -> Section:
    return team_affirmation(data, missing, AFFIRMATION)


__all__ = ["COORDINATOR", "KIND", "PALETTE", "document", "gives_ratings", "in_scope", "plan_in"]
