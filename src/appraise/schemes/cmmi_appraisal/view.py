"""The CMMI Appraisal Method (CMMI V2.0 / V3.0) as the faces see it: units (projects and support functions)
characterized per practice area in the sample, practice groups by level, the OU values, a brick chart of
practice areas x levels on the overview."""

from __future__ import annotations

from appraise.schemes.cmmi_appraisal.plan import CAPABILITY, PLAN_KEY, SUPPORT_FUNCTION, Plan, plan_from_json
from appraise.schemes.view import CreatedFacts, SchemeView, ScopeFacts, Words

WORDS = Words(
    unit="unit", units="units", units_title="Units",
    area="practice area", areas="practice areas", areas_title="Practice areas", area_title="Practice area",
    goals_title="Practice groups", aggregate="OU", aggregate_line="OU", value="OU",
    characterization="characterization", pending="pending decision", pending_title="Pending decisions",
)


def _plan(settings: object) -> Plan | None:
    text = settings.get(PLAN_KEY) if hasattr(settings, "get") else None
    return plan_from_json(text) if text else None


def _units(plan: Plan | None, codes: object) -> str:
    """``P1, P2 (projects); QA (support function)``: the units with their kinds."""
    if plan is None or not plan.units:
        return ", ".join(map(str, codes))  # type: ignore[call-overload]
    projects = [u.code for u in plan.units if u.kind != SUPPORT_FUNCTION]
    support = [u.code for u in plan.units if u.kind == SUPPORT_FUNCTION]
    parts = []
    if projects:
        parts.append(f"{', '.join(projects)} (project{'s' if len(projects) > 1 else ''})")
    if support:
        parts.append(f"{', '.join(support)} (support function{'s' if len(support) > 1 else ''})")
    return "; ".join(parts)


def _kind(plan: Plan | None, representation: str, target: int | None) -> str:
    level = "CL" if representation == CAPABILITY else "ML"
    kind = plan.appraisal_type.capitalize() if plan is not None else "Benchmark"
    return f"{kind}, {representation}, target {level} {target}"


def _domains(plan: Plan, representation: str) -> str:
    """The view's domains: Core and the chosen ones; a capability appraisal takes every area (V6.1)."""
    if representation == CAPABILITY:
        return "every domain (a capability appraisal, V6.1)"
    return ", ".join(("Core", *plan.domains))


def _scope_rows(view: SchemeView, facts: ScopeFacts) -> list[tuple[str, str]]:
    plan = _plan(facts.settings)
    words = view.words
    rows = [("Appraisal", _kind(plan, facts.representation, facts.target))]
    if plan is not None:
        rows.append(("Domains", _domains(plan, facts.representation)))
    rows.append((words.units_title, _units(plan, facts.units)))
    if plan is not None:
        out = f"; out of scope: {', '.join(plan.out_of_scope)}" if plan.out_of_scope else ""
        rows.append((words.areas_title, ", ".join(f"{a} {t}" for a, t in plan.area_targets.items()) + out))
        rows.append(("Processes", ", ".join(plan.processes)))
        if plan.phase2_start:
            rows.append(("Phase 2 start", plan.phase2_start))
        if plan.benchmark_level:
            rows.append(("Benchmark level", f"ML {plan.benchmark_level} (a sustainment cannot raise it)"))
    else:
        rows.append((words.areas_title, ", ".join(facts.areas)))
    return rows


def _created_line(view: SchemeView, f: CreatedFacts) -> str:
    plan = _plan(f.settings)
    words = view.words
    domains = f" ({_domains(plan, f.representation)})" if plan is not None else ""
    processes = f"; processes: {', '.join(plan.processes)}" if plan is not None else ""
    return (f"Created {f.file}: {f.unit}, {f.model} — {_kind(plan, f.representation, f.target)}; "
            f"{len(f.areas)} {words.areas}{domains}, {f.cells} cells; {words.units}: {_units(plan, f.units)}"
            f"{processes}")


VIEW = SchemeView(
    scheme="cmmi-appraisal",
    words=WORDS,
    finding_kinds=("strength", "weakness"),
    areas_not_applicable=False,  # an area is out of scope by the plan (V4.1), never ruled not applicable
    reuse_target=True,
    coverage_rules=("V8.1", "V8.5"),  # both an artifact and an affirmation; evidence from before Phase 2
    profile="bricks",
    exports=("cas-roll-up",),  # the OU values as the CAS Staged Roll-Up workbook (domain page 4.2)
    demo_hints=("Try: appraise rate {dest}      (practices whose units disagree await a team decision)\n"
                "     appraise decide {dest} \"<practice>\" LM --why \"...\"\n"
                "     appraise --help"),
    scope_rows=_scope_rows,
    created_line=_created_line,
)
