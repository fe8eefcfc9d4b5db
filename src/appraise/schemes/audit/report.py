"""ISO 9001 audits: the audit as text lines, a Markdown report and a CSV sheet (from its JSON document)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from appraise.framework.model import Framework
from appraise.schemes.report import CsvWriter, Heading, Recorded

RECOMMENDATION_LABELS = {"not_recommended": "Certification not recommended",
                         "recommended_subject_to_plans": "Certification recommended, subject to the accepted plans",
                         "recommended": "Certification recommended", "pending": "Recommendation pending",
                         "partial": "Partial audit: no certification recommendation"}


def level_line(rating: dict[str, Any]) -> str:
    leaves = [c for c in rating["clauses"] if not c.get("has_sub_clauses")]  # the requirements audited (A1)
    counts = {r: sum(1 for c in leaves if c["result"] == r)
              for r in ("conformity", "nonconformity", "not_audited", "not_applicable")}
    excluded = f", {counts['not_applicable']} not applicable" if counts["not_applicable"] else ""
    outside = f"; clauses {', '.join(rating['outside_audit'])} outside the audit" if rating.get("outside_audit") \
        else ""
    return (f"{RECOMMENDATION_LABELS.get(rating['recommendation'], rating['recommendation'])} — {len(leaves)} "
            f"requirements: {counts['conformity']} conformity, {counts['nonconformity']} nonconformity, "
            f"{counts['not_audited']} not audited{excluded}{outside}")


def exclusion_lines(rating: dict[str, Any]) -> list[str]:
    """A1.2: every requirement declared not applicable, with its justification (every report lists them)."""
    return [f"{e['clause']}: {e['why']}" for e in rating.get("excluded", [])]


def level_rule(rating: dict[str, Any]) -> str:
    """The rule behind the recommendation."""
    return rating.get("level_rule") or ""


def text(rating: dict[str, Any], heading: Heading, framework: Framework, decisions: Sequence[Recorded],
         decide: str) -> list[str]:
    """An audit for a terminal: the recommendation with its rule and blockers, clause results, findings."""
    return [f"{heading.unit} — audit against {framework.title}; sites {', '.join(heading.projects)}", "",
            *audit_lines(rating)]


def audit_lines(rating: dict[str, Any]) -> list[str]:
    """An audit as text lines: the recommendation with its rule and blockers, clause results, findings."""
    out = [level_line(rating), f"  {rating['rule']}"]
    if rating["blocked_by"]:
        shown = rating["blocked_by"][:12]
        more = f" … and {len(rating['blocked_by']) - len(shown)} more" if len(rating["blocked_by"]) > 12 else ""
        out.append(f"  blocked by: {', '.join(shown)}{more}")
    out += [f"  {a}" for a in rating.get("attention", [])]
    exclusions = exclusion_lines(rating)
    if exclusions:
        out += ["", "Not applicable (ISO 9001 4.3, A1.2):", *(f"  {x}" for x in exclusions)]
    out.append("")
    for c in rating["clauses"]:
        sites = " ".join(f"{s} {v or '·'}" for s, v in c["sites"].items())
        out.append(f"{c['id']:<9} {c['result']:<14} {sites:<24} {c['title']}")
        for f in c["findings"]:
            out.append(f"    #{f['id']} {f['grade']}" + (f" ({f['status'].replace('_', ' ')})" if f["status"] and
                                                          f["grade"] in ("major", "minor") else "")
                       + (f" in {f['site']}" if f["site"] else ""))
    return out


def csv(data: dict[str, Any]) -> str:
    r = data["rating"]
    sites = r["sites"]
    buf = io.StringIO()
    texts = {f["id"]: f["text"] for f in data.get("audit_findings", [])}
    w = CsvWriter(buf)
    w.writerow(["clause", "title", "result", *sites, "findings", "recommendation", "recommendation_rule",
                "not_applicable_why"])
    for c in r["clauses"]:  # the recommendation on every row, so any filtered view of the sheet still has it
        w.writerow([c["id"], c["title"], c["result"], *[c["sites"].get(s) or "" for s in sites],
                    "; ".join(f"#{f['id']} {f['grade']}" + (f" ({f['status']})" if f["status"] else "")
                              + (f" at {f['site']}" if f.get("site") else "") + f": {texts.get(f['id'], '')}"
                              for f in c["findings"]), r["recommendation"], r["rule"], c.get("why", "")])
    return buf.getvalue()
