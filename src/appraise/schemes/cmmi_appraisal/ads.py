"""CMMI Appraisal Method: the Appraisal Disclosure Statement's data (deliverables.md 1.4, ADS1).

Every field the ADS holds, in its order, with the expiration date (a Benchmark is valid three years after the
appraisal's end, V10); a field the appraisal does not hold is printed "not recorded" and warned about. It lists
the sponsor, the team leader and the team members: a team section (N1), in the report and the workbook.
"""

from __future__ import annotations

from appraise.schemes.cmmi_appraisal.plan import BENCHMARK, EVALUATION, SUPPORT_FUNCTION, SUSTAINMENT, Plan
from appraise.schemes.cmmi_appraisal.view import _units
from appraise.schemes.document import Bullets, DeliverableInput, Facts, Section, Signatures
from appraise.schemes.outline import LEAD_APPRAISER, SPONSOR, TEAM_MEMBER, Missing, members, who, years_after

#: How long a Benchmark's ratings stand (V10).
VALID_YEARS = 3
LEAD_AFFIRMS = ("The information in this statement is accurate.",
                "The appraisal met the requirements of the method definition.",
                "The organizational scope is representative of the organizational unit.")
SPONSOR_AFFIRMS = ("The organizational scope is representative of the organizational unit.",
                   "The information in this statement is accurate.",
                   "The model steward may review the appraisal results package or interview the team on request.",
                   "The sponsor keeps the appraisal record until the expiration date.")


def _excluded(plan: Plan | None, areas: list[str]) -> str:
    """The units the plan keeps out of every area's sample (none: "None")."""
    if plan is None:
        return "None"
    out = [u.code for u in plan.units if areas and not any(plan.in_sample(u.code, a) for a in areas)]
    return ", ".join(out) or "None"


def _sample_size(plan: Plan | None, data: DeliverableInput, areas: list[str]) -> str:
    if plan is None:
        return f"{len(data.units)} units"
    sampled = [u for u in plan.units if any(plan.in_sample(u.code, a) for a in areas)]
    osf = sum(1 for u in sampled if u.kind == SUPPORT_FUNCTION)
    projects = len(sampled) - osf
    return (f"{len(sampled)} units ({projects} project{'s' * (projects != 1)}, "
            f"{osf} support function{'s' * (osf != 1)})")


def expiration(plan: Plan | None, end: str, missing: Missing) -> str:
    """The date the ratings expire: a Benchmark's end + 3 years (V10); "" (and a warning) without a usable end."""
    kind = plan.appraisal_type if plan is not None else BENCHMARK
    if kind == EVALUATION:
        return "none: an Evaluation gives no ratings (V10)"
    if kind == SUSTAINMENT:
        return "that of the Benchmark it extends, by at most 2 years (V10)"
    date = years_after(end, VALID_YEARS) if end else ""
    if end and not date:
        missing.add(f"the appraisal's end as a date (YYYY-MM-DD, not {end!r}) for the ADS expiration date — "
                    "appraise team FILE --set end=YYYY-MM-DD")
    return date


def _levels(data: DeliverableInput) -> str:
    if not data.summary.get("rating", {}).get("gives_ratings", True):
        return "none (an Evaluation gives no ratings)"
    lines = data.tree.headline  # the maturity level or the profile (each area's CL), against the target
    return lines[0] if lines else "not determined"


def ads_section(data: DeliverableInput, plan: Plan | None, missing: Missing) -> Section:
    appraisal = data.summary["appraisal"]
    in_scope = [a for a in data.tree.areas if a.status != "not_applicable"]
    areas = [a.id for a in in_scope]
    rated = [a.id for a in in_scope if a.status == "rated"]
    not_rated = [a.id for a in data.tree.areas if a.id not in rated]
    sponsors = members(data, SPONSOR)
    sponsor = str(data.details.get("sponsor") or "").strip() or "; ".join(who(m) for m in sponsors)
    if not sponsor:
        missing.detail(data, "sponsor", "the sponsor (name, title)")
    leads = missing.member(data, LEAD_APPRAISER, "the appraisal team leader")
    team = members(data, TEAM_MEMBER)
    if not team:
        missing.member(data, TEAM_MEMBER, "the appraisal team members")
    ident = str(data.details.get("lead_appraiser_id") or "").strip() or next((m.licence for m in leads if m.licence),
                                                                              "")
    if not ident:
        missing.detail(data, "lead_appraiser_id", "the lead appraiser ID")
    dates = missing.detail(data, "dates", "the appraisal's dates")
    end = missing.detail(data, "end", "the last day of the on-site phase (the ADS expiration date)")
    version = plan.method_version if plan is not None else str(data.framework.method_version or "")
    kind = (plan.appraisal_type if plan is not None else BENCHMARK).capitalize()
    rows = (("Sponsor", sponsor),
            ("Appraisal team leader", "; ".join(who(m) for m in leads)),
            ("Lead appraiser ID", ident),
            ("Appraisal team members", "; ".join(who(m) for m in team)),
            ("Organization", missing.detail(data, "organization", "the organization's name")),
            ("Organizational unit", data.unit),
            ("Projects and functions excluded", _excluded(plan, areas)),
            ("Organizational scope", _units(plan, data.units)),
            ("Sample size", _sample_size(plan, data, areas)),
            ("Critical factors", missing.detail(data, "critical_factors", "the critical factors (ADS)")),
            ("Reference model", str(appraisal.get("framework_title") or data.framework.title)),
            ("Appraisal method", f"CMMI Appraisal Method {version}, {kind}".replace("  ", " ")),
            ("Practice areas rated", ", ".join(rated) or "None"),
            ("Practice areas not rated", ", ".join(not_rated) or "None"),
            ("Level ratings", _levels(data)),
            ("Dates of activities", dates),
            ("Appraisal end date", end),
            ("Expiration date", expiration(plan, end, missing)))
    signatures = tuple((m.role, m.name) for m in (*leads, *sponsors))
    if not sponsors and sponsor:
        signatures += (("Sponsor", sponsor),)
    return Section("ads", "Appraisal Disclosure Statement",
                   (Facts(rows), Bullets(LEAD_AFFIRMS, "The appraisal team leader affirms"),
                    Bullets(SPONSOR_AFFIRMS, "The sponsor affirms"),
                    Signatures("The appraisal team leader and the sponsor affirm the statements above.", signatures)),
                   where=("report", "workbook"), team=True, sheet="ADS")


__all__ = ["VALID_YEARS", "ads_section", "expiration"]
