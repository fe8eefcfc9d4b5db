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
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from appraise.errors import UsageError
from appraise.framework import Framework
from appraise.store import AppraisalInfo, DecisionRecord, Finding

FORMATS = ("md", "csv", "json")


def _read_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


#: Read once at import: os.umask() sets as it reads, and exports run in worker threads.
_UMASK = _read_umask()


#: How a rating reads in a report for people (the data keep the ids).
RATING_LABELS = {"satisfied": "Satisfied", "unsatisfied": "Unsatisfied", "pending": "Pending decision",
                 "not_rated": "Not rated", "not_applicable": "Not applicable"}


def _label(rating: str) -> str:
    return RATING_LABELS.get(rating, rating)


def summary(info: AppraisalInfo, framework: Framework, rating: dict[str, Any],
            decisions: Sequence[DecisionRecord], progress: dict[str, int],
            notes: Mapping[tuple[str, str], str] | None = None,
            findings: Sequence[Finding] = ()) -> dict[str, Any]:
    """The rating summary as data: the appraisal, its rating, the team's decisions, notes and findings.

    No names: decisions keep their rationale and date, not who decided; notes and
    findings are the team's own words.
    """
    latest: dict[tuple[str, str], DecisionRecord] = {}
    for d in decisions:
        latest[(d.kind, d.target)] = d
    stale = {(d["kind"], d["target"]) for d in rating.get("stale_decisions", [])}
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
                       "decided_at": d.decided_at, "stale": (d.kind, d.target) in stale}
                      for d in latest.values()],
        "notes": [{"practice": practice, "project": project, "note": note}
                  for (practice, project), note in sorted((notes or {}).items())],
        "findings": [{"area": f.area, "kind": f.kind, "practice": f.practice, "text": f.text} for f in findings],
    }


def level_line(rating: dict[str, Any]) -> str:
    """One line: the level reached against the target (continuous: the capability profile first)."""
    at_least = rating.get("level_at_least")
    target = rating["target"]
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
        out.append(f"| {pa['id']} | {pa['title']} | {pa['maturity_level'] or ''} | {_label(pa['rating'])} |{cl} "
                   f"{', '.join(pa['blocked_by'])} |")
    out += ["", "## Goals", ""]
    for pa in r["process_areas"]:
        if pa["rating"] == "not_applicable":
            out.append(f"- **{pa['id']}**: Not applicable ({pa['rule']})")
            continue
        for g in pa["goals"]:
            blocked = f" — blocked by {', '.join(g['blocked_by'])}" if g["blocked_by"] else ""
            out.append(f"- **{g['id']}**: {_label(g['rating'])}{blocked}. {g['rule']}")
    if r["pending_decisions"]:
        out += ["", "## Decisions the team still has to make", ""]
        out += [f"- {d['target']}: {' or '.join(d['options'])}" for d in r["pending_decisions"]]
    if data["decisions"]:
        out += ["", "## Team decisions", ""]
        out += [f"- {d['target']}: {d['value'].replace('_', ' ')} — {d['rationale']}"
                + (" **(no longer applies: the characterizations changed since)**" if d["stale"] else "")
                for d in data["decisions"]]
    if data.get("findings"):
        out += ["", "## Strengths and weaknesses", ""]
        for area in a["process_areas"]:
            found = [f for f in data["findings"] if f["area"] == area]
            if found:
                out += [f"### {area}", ""]
                out += [f"- **{f['kind'].capitalize()}**{' (' + f['practice'] + ')' if f['practice'] else ''}: "
                        f"{f['text']}" for f in sorted(found, key=lambda f: (f["kind"] != "strength", f["practice"] or ""))]
                out.append("")
    if data.get("notes"):
        out += ["", "## Notes on characterizations", ""]
        out += [f"- {n['practice']} / {n['project']}: {n['note']}" for n in data["notes"]]
    return "\n".join(out) + "\n"


def render_csv(data: dict[str, Any]) -> str:
    """One row per practice, with its instances, OU characterization, goal and area ratings."""
    r = data["rating"]
    projects = r["projects"]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
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


def render_json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


RENDERERS: dict[str, Callable[[dict[str, Any]], str]] = {
    "md": render_markdown, "csv": render_csv, "json": render_json,
}


def format_for(dest: str | Path, fmt: str | None) -> str:
    """The export format: ``fmt`` when given, else from the file's extension (``.md`` by default)."""
    if fmt is not None:
        if fmt not in RENDERERS:
            raise UsageError(f"unknown export format {fmt!r} (formats: {', '.join(FORMATS)})")
        return fmt
    suffix = Path(dest).suffix.lower().lstrip(".")
    return {"markdown": "md"}.get(suffix, suffix) if suffix in (*FORMATS, "markdown") else "md"


def render(data: dict[str, Any], fmt: str) -> str:
    return RENDERERS[format_for("", fmt)](data)


def write_export(data: dict[str, Any], fmt: str, dest: str | Path) -> Path:
    """Render ``data`` as ``fmt`` and write it to ``dest`` atomically (no half-written file).

    The file gets the usual permissions (umask), so colleagues on a share can read it.
    """
    text = render(data, fmt)
    p = Path(dest)
    if p.is_dir():
        raise UsageError(f"{p} is a folder: give a file name, e.g. {p / ('summary.' + fmt)}")
    if not p.parent.is_dir():
        raise UsageError(f"{p.parent} is not a folder: cannot write {p.name} there")
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", dir=p.parent)
        with os.fdopen(fd, "w", encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="") as fh:
            fh.write(text)
        os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, p)
    except OSError as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise UsageError(f"{p}: cannot write the export there ({exc.strerror or exc})") from None
    return p
