"""SCAMPI A v1.3: the rating as text lines, a Markdown report and a CSV sheet (from its JSON document)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from appraise.framework.model import Framework
from appraise.schemes.report import (
    CsvWriter,
    Heading,
    Recorded,
    standing_decision_lines,
)


def level_line(rating: dict[str, Any]) -> str:
    """One line: the level reached against the target (continuous: the capability profile first)."""
    target = rating["target"]
    at_least = rating.get("level_at_least")
    if rating["representation"] == "staged":
        ml = rating["maturity_level"]
        head = f"Maturity level {ml}" if ml is not None else \
            f"Maturity level not determined yet (at least ML{at_least})"
        return f"{head} — target ML{target}"
    areas = [a for a in rating["process_areas"] if a["rating"] != "not_applicable"]
    reached = [a for a in areas if a["capability_level"] == target]
    below = [f"{a['id']} CL {a['capability_level']}" for a in areas
             if a["capability_level"] is not None and a["capability_level"] < target]
    open_ = [a["id"] for a in areas if a["capability_level"] is None]
    parts = [f"{len(reached)} of {len(areas)} process areas at target CL {target}"]
    if below:
        parts.append("below: " + ", ".join(below))
    if open_:
        parts.append("not determined yet: " + ", ".join(open_))
    ml = rating["equivalent_maturity_level"]
    parts.append(f"equivalent staging ML{ml}" if ml is not None else
                 f"equivalent staging not determined yet (at least ML{at_least})")
    return "; ".join(parts)


def level_rule(rating: dict[str, Any]) -> str:
    """The rule behind the level line."""
    return rating.get("level_rule") or ""


def text(rating: dict[str, Any], heading: Heading, framework: Framework, decisions: Sequence[Recorded],
         decide: str) -> list[str]:
    """The roll-up for a terminal: level, areas, the goals that hold them back, decisions to make.

    ``decide``: the command that records a decision (``appraise decide FILE``)."""
    continuous = rating["representation"] == "continuous"
    out = [f"{heading.unit} — {framework.title} {framework.version}, "
           f"{heading.representation}, target {'CL' if continuous else 'ML'} {heading.target}; "
           f"projects {', '.join(heading.projects)}",
           "", level_line(rating), f"  {rating['level_rule']}"]
    if rating["level_blocked_by"]:
        out.append(f"  blocked by: {', '.join(rating['level_blocked_by'])}")
    out.append("")
    for pa in rating["process_areas"]:
        cl = ""
        if continuous:
            cl = f" CL {pa['capability_level']}" if pa["capability_level"] is not None else " CL ?"
        out.append(f"{pa['id']:<6} ML{pa['maturity_level'] or '-'}  {pa['rating']:<15}{cl}  {pa['title']}")
        if pa["rating"] == "not_applicable":
            continue
        for g in pa["goals"]:
            if g["rating"] != "satisfied":
                out.append(f"    {g['id']:<12} {g['rating']:<12} {', '.join(g['blocked_by'])}")
    if rating["pending_decisions"]:
        out += ["", "Decisions the team has to make:"]
        for d in rating["pending_decisions"]:
            out.append(f"  {d['target']}: {' or '.join(d['options'])}   "
                       f"({decide} \"{d['target']}\" {d['options'][0]} --why \"...\"  "
                       f"or {' or '.join(d['options'][1:])})")
    out += standing_decision_lines(decisions, rating["stale_decisions"])
    if rating["stale_decisions"]:
        out += ["", "Decisions that no longer apply (the characterizations changed since; decide again):"]
        out += [f"  {d['target']}: {d['value']}" for d in rating["stale_decisions"]]
    return out


def csv(data: dict[str, Any]) -> str:
    """One row per practice, with its instances, OU characterization, goal and area ratings."""
    r = data["rating"]
    projects = r["projects"]
    buf = io.StringIO()
    w = CsvWriter(buf)
    notes = {(n["practice"], n["project"]): n["note"] for n in data.get("notes", [])}
    findings: dict[str, list[str]] = {}  # by practice, or by area for findings about the whole area
    for f in data.get("findings", []):
        findings.setdefault(f["practice"] or f["area"], []).append(f"{f['kind']}: {f['text']}")
    w.writerow(["area", "area_rating", "capability_level", "goal", "goal_rating", "practice", *projects,
                "ou", "options", "decided", "rule", "notes", "findings", "area_findings"])
    for pa in r["process_areas"]:
        for g in pa["goals"]:
            for pr in g["practices"]:
                w.writerow([pa["id"], pa["rating"], "" if pa["capability_level"] is None else pa["capability_level"],
                            g["id"], g["rating"], pr["id"], *[pr["instances"].get(c) or "" for c in projects],
                            pr["ou"] or "", " ".join(pr["options"]), "yes" if pr["decided"] else "",
                            pr["rule"], "; ".join(f"{c}: {notes[(pr['id'], c)]}" for c in projects
                                                  if (pr["id"], c) in notes),
                            "; ".join(findings.get(pr["id"], [])), "; ".join(findings.get(pa["id"], []))])
    return buf.getvalue()
