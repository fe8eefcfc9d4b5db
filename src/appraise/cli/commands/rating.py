"""The rating: `appraise rate` (and how a rating prints on a terminal) and `appraise export`."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from appraise.cli import emit_json
from appraise.services import Appraisal, export_format_for, level_line


def cmd_rate(args: argparse.Namespace) -> int:
    with Appraisal.open(args.file) as appraisal:
        rating = appraisal.rate().to_dict()
        if args.json:
            emit_json(rating)
        else:
            print(render_rating(appraisal, rating))
    return 0

def cmd_export(args: argparse.Namespace) -> int:
    with Appraisal.open(args.file) as appraisal:
        if args.output == "-":
            sys.stdout.write(appraisal.export_text(args.format or "md"))
            return 0
        fmt = export_format_for(args.output, args.format)
        path = appraisal.export(fmt, args.output)
        print(f"Wrote {path} ({fmt})")
    return 0

def render_rating(appraisal: Appraisal, rating: dict[str, Any]) -> str:
    """The roll-up for a terminal: level, areas, the goals that hold them back, decisions to make."""
    if rating.get("scheme") == "iso-33020":
        return render_assessment(appraisal, rating)
    if rating.get("scheme") == "audit":
        from appraise.services import audit_lines

        return "\n".join([f"{appraisal.info.unit} — audit against {appraisal.framework.title}; sites "
                          f"{', '.join(appraisal.info.projects)}", "", *audit_lines(rating)])
    info = appraisal.info
    continuous = rating["representation"] == "continuous"
    out = [f"{info.unit} — {appraisal.framework.title} {appraisal.framework.version}, "
           f"{info.representation}, target {'CL' if continuous else 'ML'} {info.target}; "
           f"projects {', '.join(info.projects)}",
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
                       f"(appraise decide {info.path} \"{d['target']}\" {d['options'][0]} --why \"...\"  "
                       f"or {' or '.join(d['options'][1:])})")
    stale = {(d["kind"], d["target"]) for d in rating["stale_decisions"]}
    standing: dict[tuple[str, str], Any] = {(d.kind, d.target): d for d in appraisal.decisions.all()}
    standing = {key: d for key, d in standing.items() if key not in stale}
    if standing:
        out += ["", "Team decisions:"]
        for d in standing.values():
            why = d.rationale if len(d.rationale) <= 70 else d.rationale[:67].rstrip() + "..."
            out.append(f"  {d.target}: {d.value} — {why}")
    if rating["stale_decisions"]:
        out += ["", "Decisions that no longer apply (the characterizations changed since; decide again):"]
        out += [f"  {d['target']}: {d['value']}" for d in rating["stale_decisions"]]
    return "\n".join(out)

def render_assessment(appraisal: Appraisal, rating: dict[str, Any]) -> str:
    """An ISO/IEC 33020 assessment for a terminal: capability profile, attributes, consistency, decisions."""
    from appraise.services import process_profile_lines

    info = appraisal.info
    return "\n".join([f"{info.unit} — {appraisal.framework.title} {appraisal.framework.version}, target CL "
                      f"{info.target}; instances {', '.join(info.projects)}", "",
                      *process_profile_lines(rating, f"appraise decide {info.path}")])
