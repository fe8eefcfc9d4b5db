"""ISO/IEC 33020: the assessment as text lines, a Markdown report and a CSV sheet (from its JSON document)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from appraise.framework.model import Framework
from appraise.schemes.report import (
    CsvWriter,
    Heading,
    Recorded,
    aggregation_line,
    ratings,
)


def level_line(rating: dict[str, Any]) -> str:
    """ISO/IEC 33020: how many processes reach the target, which are below or not rated, the maturity."""
    target = rating["target"]
    processes = rating["processes"]
    reached = [p for p in processes if p["capability_level"] == target]
    below = [f"{p['id']} CL {p['capability_level']}" for p in processes
             if p["capability_level"] is not None and p["capability_level"] < target]
    open_ = [p["id"] for p in processes if p["capability_level"] is None]
    parts = [f"{len(reached)} of {len(processes)} processes at target CL {target}"]
    if below:
        parts.append("below: " + ", ".join(below))
    if open_:
        parts.append("not rated yet: " + ", ".join(open_))
    om = rating.get("organizational_maturity")
    if om is not None:
        parts.append(f"organizational maturity level {om['level']}" if om["level"] is not None else
                     f"organizational maturity not determined yet (at least level {om['level_at_least']})")
    return "; ".join(parts)


def level_rule(rating: dict[str, Any]) -> str:
    """The rules behind the profile line: the aggregation, the rating method, the organizational maturity."""
    om = rating.get("organizational_maturity")
    lines = [aggregation_line(rating), rating["rating_method"]]
    lines.append(om["rule"] if om else rating.get("organizational_maturity_note") or "No maturity model attached.")
    return "\n".join(lines)


def text(rating: dict[str, Any], heading: Heading, framework: Framework, decisions: Sequence[Recorded],
         decide: str) -> list[str]:
    """An ISO/IEC 33020 assessment for a terminal: capability profile, attributes, consistency, decisions."""
    return [f"{heading.unit} — {framework.title} {framework.version}, target CL {heading.target}; "
            f"instances {', '.join(heading.projects)}", "",
            *process_profile_lines(rating, decide)]


def process_profile_lines(rating: dict[str, Any], decide: str | None = None) -> list[str]:
    """An ISO/IEC 33020 assessment as text lines: profile, per-process levels and attributes, hits, decisions.

    ``decide`` is the command prefix shown for pending decisions (``appraise decide FILE``).
    """
    projects = rating["projects"]
    out = [level_line(rating), aggregation_line(rating), f"Rating method: {rating['rating_method']}"]
    om = rating.get("organizational_maturity")
    if om is not None:
        out.append(f"Organizational maturity: {om['level'] if om['level'] is not None else 'not determined'}"
                   f" — {om['rule']}" + (f"; blocked by {', '.join(om['blocked_by'])}" if om["blocked_by"] else ""))
    elif rating.get("organizational_maturity_note"):
        out.append(f"Organizational maturity: {rating['organizational_maturity_note']}")
    out.append("")
    for p in rating["processes"]:
        cl = "CL ?" if p["capability_level"] is None else f"CL {p['capability_level']}"
        levels = " ".join(f"{i} {'?' if v is None else v}" for i, v in p["instance_levels"].items())
        out.append(f"{p['id']:<8} {cl:<5} (instances: {levels})  {p['title']}")
        out.append(f"    {p['rule']}")
        if p["blocked_by"]:
            shown = p["blocked_by"][:6]
            more = f" … and {len(p['blocked_by']) - len(shown)} more" if len(p["blocked_by"]) > len(shown) else ""
            out.append(f"    blocked by: {', '.join(shown)}{more}")
        for a in p["attributes"]:
            proposal = f"; proposal {ratings(a['proposal'], projects)}" if a["proposal"] else ""
            out.append(f"    {a['id'].split(' ', 1)[-1] if ' ' in a['id'] else a['id']:<7} "
                       f"{a['rating'] or '—':<2}  {ratings(a['instances'], projects)}{proposal}")
        for h in p["consistency"]:
            state = "justified" if h["justified"] else ("open" if h["kind"] == "violation" else "warning")
            why = f" — justified: {h['rationale']}" if h["justified"] else ""
            out.append(f"    {h['id']} [{state}] {h['rule']}: {', '.join(f'{c} {v}' for c, v in h['values'].items())}"
                       + why)
    if rating["pending_decisions"]:
        out += ["", "Open consistency deviations (justify or change a rating):"]
        for d in rating["pending_decisions"]:
            hint = f"   ({decide} \"{d['target']}\" justified --why \"...\")" if decide else ""
            out.append(f"  {d['target']}: {d.get('rule', '')}{hint}")
    if rating["stale_decisions"]:
        out += ["", "Justifications that no longer apply (the ratings changed since):"]
        out += [f"  {d['target']}" for d in rating["stale_decisions"]]
    return out


def csv(data: dict[str, Any]) -> str:
    """One row per indicator or attribute: instance ratings, the attribute's aggregate and proposal, the level."""
    r = data["rating"]
    projects = r["projects"]
    buf = io.StringIO()
    w = CsvWriter(buf)
    notes = {(n["practice"], n["project"]): n["note"] for n in data.get("notes", [])}
    w.writerow(["process", "capability_level", "attribute", "item", "kind", *projects, "aggregate", "proposal",
                "rule", "notes"])
    for p in r["processes"]:
        cl = "" if p["capability_level"] is None else p["capability_level"]
        for at in p["attributes"]:
            for ind in at["indicators"]:
                w.writerow([p["id"], cl, at["id"], ind["id"], "indicator",
                            *[ind["instances"].get(i, "") for i in projects], "", "", "",
                            "; ".join(f"{i}: {notes[(ind['id'], i)]}" for i in projects if (ind["id"], i) in notes)])
            w.writerow([p["id"], cl, at["id"], at["id"], "attribute", *[at["instances"].get(i) or "" for i in projects],
                        at["rating"] or "", " ".join(f"{i}={v}" for i, v in at["proposal"].items()), at["rule"],
                        "; ".join(f"{i}: {notes[(at['id'], i)]}" for i in projects if (at["id"], i) in notes)])
    return buf.getvalue()
