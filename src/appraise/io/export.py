"""The rating summary as Markdown, CSV or JSON.

Exports never name a person: evidence sources and decisions appear by role,
rule and rationale only (SCAMPI non-attribution). The result object's
``to_dict()`` is the one description of a rating; every format renders it.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from appraise.errors import UsageError
from appraise.framework import Framework
from appraise.store import AppraisalInfo, DecisionRecord

FORMATS = ("md", "csv", "json")


def summary(info: AppraisalInfo, framework: Framework, rating: dict[str, Any],
            decisions: Sequence[DecisionRecord], progress: dict[str, int]) -> dict[str, Any]:
    """The rating summary as data: the appraisal, its rating, and the team's decisions (no names)."""
    latest: dict[tuple[str, str], DecisionRecord] = {}
    for d in decisions:
        latest[(d.kind, d.target)] = d
    return {
        "appraisal": {
            "organizational_unit": info.unit,
            "framework": framework.id,
            "framework_title": f"{framework.title} {framework.version}".strip(),
            "representation": info.representation,
            "target": info.target,
            "process_areas": list(info.areas),
            "projects": list(info.projects),
        },
        "progress": progress,
        "rating": rating,
        "decisions": [{"target": d.target, "kind": d.kind, "value": d.value, "rationale": d.rationale,
                       "decided_at": d.decided_at} for d in latest.values()],
    }


def level_line(rating: dict[str, Any]) -> str:
    """One line: the level reached and the rule behind it."""
    at_least = rating.get("level_at_least")
    if rating["representation"] == "staged":
        ml = rating["maturity_level"]
        head = f"Maturity level {ml}" if ml is not None else \
            f"Maturity level not determined yet (at least ML{at_least})"
    else:
        ml = rating["equivalent_maturity_level"]
        head = f"Equivalent maturity level {ml}" if ml is not None else \
            f"Equivalent maturity level not determined yet (at least ML{at_least})"
    return f"{head} — target {rating['target']}"


def render_markdown(data: dict[str, Any]) -> str:
    a, r = data["appraisal"], data["rating"]
    continuous = r["representation"] == "continuous"
    out = [f"# Rating summary — {a['organizational_unit']}", ""]
    out.append(f"- Model: {a['framework_title']} ({a['framework']}), {a['representation']} representation, "
               f"target {'CL' if continuous else 'ML'} {a['target']}")
    out.append(f"- Projects (basic units): {', '.join(a['projects'])}")
    p = data["progress"]
    out.append(f"- Characterized: {p['characterized']} of {p['cells']} practice × project cells")
    out += ["", f"**{level_line(r)}**", "", f"Rule: {r['level_rule']}"]
    if r["level_blocked_by"]:
        out.append(f"Blocked by: {', '.join(r['level_blocked_by'])}")
    out += ["", "## Process areas", ""]
    head = "| Area | Title | ML | Rating |" + (" CL |" if continuous else "") + " Blocked by |"
    out += [head, "|" + "---|" * (head.count("|") - 1)]
    for pa in r["process_areas"]:
        cl = f" {'—' if pa['capability_level'] is None else pa['capability_level']} |" if continuous else ""
        out.append(f"| {pa['id']} | {pa['title']} | {pa['maturity_level'] or ''} | {pa['rating']} |{cl} "
                   f"{', '.join(pa['blocked_by'])} |")
    out += ["", "## Goals", ""]
    for pa in r["process_areas"]:
        if pa["rating"] == "not_applicable":
            out.append(f"- **{pa['id']}**: not applicable ({pa['rule']})")
            continue
        for g in pa["goals"]:
            blocked = f" — blocked by {', '.join(g['blocked_by'])}" if g["blocked_by"] else ""
            out.append(f"- **{g['id']}**: {g['rating']}{blocked}. {g['rule']}")
    if r["pending_decisions"]:
        out += ["", "## Decisions the team still has to make", ""]
        out += [f"- {d['target']}: {' or '.join(d['options'])}" for d in r["pending_decisions"]]
    if data["decisions"]:
        out += ["", "## Team decisions", ""]
        out += [f"- {d['target']}: {d['value']} — {d['rationale']}" for d in data["decisions"]]
    return "\n".join(out) + "\n"


def render_csv(data: dict[str, Any]) -> str:
    """One row per practice, with its instances, OU characterization, goal and area ratings."""
    r = data["rating"]
    projects = r["projects"]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["area", "area_rating", "capability_level", "goal", "goal_rating", "practice", *projects,
                "ou", "options", "decided", "rule"])
    for pa in r["process_areas"]:
        for g in pa["goals"]:
            for pr in g["practices"]:
                w.writerow([pa["id"], pa["rating"], "" if pa["capability_level"] is None else pa["capability_level"],
                            g["id"], g["rating"], pr["id"], *[pr["instances"].get(c) or "" for c in projects],
                            pr["ou"] or "", " ".join(pr["options"]), "yes" if pr["decided"] else "",
                            pr["rule"]])
    return buf.getvalue()


def render_json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


RENDERERS: dict[str, Callable[[dict[str, Any]], str]] = {
    "md": render_markdown, "csv": render_csv, "json": render_json,
}


def write_export(data: dict[str, Any], fmt: str, dest: str | Path) -> Path:
    """Render ``data`` as ``fmt`` and write it to ``dest`` atomically (no half-written file)."""
    if fmt not in RENDERERS:
        raise UsageError(f"unknown export format {fmt!r} (formats: {', '.join(FORMATS)})")
    text = RENDERERS[fmt](data)
    p = Path(dest)
    if not p.parent.is_dir():
        raise UsageError(f"{p.parent} is not a folder: cannot write {p.name} there")
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", dir=p.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, p)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise UsageError(f"{p}: cannot write the export ({exc.strerror})") from None
    return p
