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
import re
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


#: A spreadsheet runs a cell starting with one of these as a formula (OWASP: CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if value.startswith(_FORMULA_START):
        value = "'" + value
    # a lone "\r" is no line end to csv.writer (lineterminator "\n"), so it would go unquoted and split the row
    return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value


class _CsvWriter:
    """``csv.writer`` whose text cells never start a formula: such a cell gets a leading ``'`` (OWASP).

    A note "=HYPERLINK(...)" or "-1 for the review" opens in Excel as the text the team wrote.
    """

    def __init__(self, buf: io.StringIO) -> None:
        self._writer = csv.writer(buf, lineterminator="\n")

    def writerow(self, row: Sequence[Any]) -> None:
        self._writer.writerow([_csv_cell(v) for v in row])


def _table_head(head: str) -> list[str]:
    """A Markdown table's header row and its separator (the cells counted without escaped ``\\|``)."""
    return [head, "|" + "---|" * (len(re.findall(r"(?<!\\)\|", head)) - 1)]


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _markdown_text(text: str) -> str:
    """``text`` as one Markdown table cell or line: ``|`` escaped, line breaks as ``<br>``, a leading ``#`` escaped."""
    text = _LINE_BREAK.sub("<br>", text.replace("|", "\\|"))
    return "\\" + text if text.startswith("#") else text


def _markdown_safe(value: Any) -> Any:
    """``value`` with every text in it (dict keys too, so lookups still match) made safe for Markdown."""
    if isinstance(value, str):
        return _markdown_text(value)
    if isinstance(value, dict):
        return {_markdown_safe(k): _markdown_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_markdown_safe(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_markdown_safe(v) for v in value)
    return value


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
            ("processes" if framework.attributes else "process_areas"): list(info.areas),
            "projects": list(info.projects),
        },
        "progress": progress,
        "rating": rating,
        "decisions": [{"target": d.target, "kind": d.kind, "value": d.value, "rationale": d.rationale,
                       "decided_at": d.decided_at, "stale": (d.kind, d.target) in stale}
                      for d in latest.values()],
        "notes": [{"practice": practice, "project": project, "note": note}
                  for (practice, project), note in sorted((notes or {}).items())],
        **({} if framework.scheme == "audit" else {
            "findings": [{"area": f.area, "kind": f.kind, "practice": f.practice, "text": f.text} for f in findings]}),
        **({"audit_findings": [{"id": f.id, "clause": f.practice or f.area, "grade": f.kind, "status": f.status or None,
                                "site": f.site or None, "evidence": f.evidence_id, "text": f.text}
                               for f in findings]} if framework.scheme == "audit" else {}),
    }


def level_line(rating: dict[str, Any]) -> str:
    """One line: the level reached against the target (continuous: the capability profile first)."""
    target = rating["target"]
    if rating.get("scheme") == "iso-33020":
        return _profile_line(rating)
    if rating.get("scheme") == "audit":
        return _recommendation_line(rating)
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


RECOMMENDATION_LABELS = {"not_recommended": "Certification not recommended",
                         "recommended_subject_to_plans": "Certification recommended, subject to the accepted plans",
                         "recommended": "Certification recommended", "pending": "Recommendation pending",
                         "partial": "Partial audit: no certification recommendation"}


def _recommendation_line(rating: dict[str, Any]) -> str:
    leaves = [c for c in rating["clauses"] if not c.get("has_sub_clauses")]  # the requirements audited (A1)
    counts = {r: sum(1 for c in leaves if c["result"] == r)
              for r in ("conformity", "nonconformity", "not_audited", "not_applicable")}
    excluded = f", {counts['not_applicable']} not applicable" if counts["not_applicable"] else ""
    outside = f"; clauses {', '.join(rating['outside_audit'])} outside the audit" if rating.get("outside_audit") \
        else ""
    return (f"{RECOMMENDATION_LABELS.get(rating['recommendation'], rating['recommendation'])} — {len(leaves)} "
            f"requirements: {counts['conformity']} conformity, {counts['nonconformity']} nonconformity, "
            f"{counts['not_audited']} not audited{excluded}{outside}")


def _exclusion_lines(rating: dict[str, Any]) -> list[str]:
    """A1.2: every requirement declared not applicable, with its justification (every report lists them)."""
    return [f"{e['clause']}: {e['why']}" for e in rating.get("excluded", [])]


def audit_lines(rating: dict[str, Any]) -> list[str]:
    """An audit as text lines: the recommendation with its rule and blockers, clause results, findings."""
    out = [_recommendation_line(rating), f"  {rating['rule']}"]
    if rating["blocked_by"]:
        shown = rating["blocked_by"][:12]
        more = f" … and {len(rating['blocked_by']) - len(shown)} more" if len(rating["blocked_by"]) > 12 else ""
        out.append(f"  blocked by: {', '.join(shown)}{more}")
    out += [f"  {a}" for a in rating.get("attention", [])]
    exclusions = _exclusion_lines(rating)
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


def _render_audit_markdown(data: dict[str, Any]) -> str:
    a, r = data["appraisal"], data["rating"]
    findings = {f["id"]: f for f in data.get("audit_findings", [])}
    out = [f"# Audit summary — {a['organizational_unit']}", "",
           f"- Standard: {a['framework_title']} ({a['framework']})", f"- Sites: {', '.join(a['projects'])}", "",
           f"**{_recommendation_line(r)}**", "", f"Rule: {r['rule']}"]
    if r["blocked_by"]:
        out.append(f"Blocked by: {', '.join(r['blocked_by'])}")
    out += [f"Note: {x}" for x in r.get("attention", [])]
    if r.get("excluded"):
        out += ["", "## Not applicable (ISO 9001 §4.3, A1.2)", "", "| Clause | Title | Justification |",
                "|---|---|---|"]
        titles = {c["id"]: c["title"] for c in r["clauses"]}
        out += [f"| {e['clause']} | {titles.get(e['clause'], '')} | {e['why']} |"  # escaped with all the data
                for e in r["excluded"]]
    out += ["", "## Clauses", "", "| Clause | Title | Result | " + " | ".join(a["projects"]) + " |",
            "|---|---|---|" + "---|" * len(a["projects"])]
    for c in r["clauses"]:
        out.append(f"| {c['id']} | {c['title']} | {c['result'].replace('_', ' ')} | "
                   + " | ".join(c["sites"].get(s) or "" for s in a["projects"]) + " |")
    out += ["", "## Findings", ""]
    if not findings:
        out.append("No findings recorded.")
    for f in findings.values():
        status = f" — {f['status'].replace('_', ' ')}" if f["status"] else ""
        out.append(f"- **#{f['id']} {f['grade']}** on {f['clause']}{' in ' + f['site'] if f['site'] else ''}"
                   f"{status}: {f['text']}")
    return "\n".join(out) + "\n"


def _render_audit_csv(data: dict[str, Any]) -> str:
    r = data["rating"]
    sites = r["sites"]
    buf = io.StringIO()
    texts = {f["id"]: f["text"] for f in data.get("audit_findings", [])}
    w = _CsvWriter(buf)
    w.writerow(["clause", "title", "result", *sites, "findings", "recommendation", "recommendation_rule",
                "not_applicable_why"])
    for c in r["clauses"]:  # the recommendation on every row, so any filtered view of the sheet still has it
        w.writerow([c["id"], c["title"], c["result"], *[c["sites"].get(s) or "" for s in sites],
                    "; ".join(f"#{f['id']} {f['grade']}" + (f" ({f['status']})" if f["status"] else "")
                              + (f" at {f['site']}" if f.get("site") else "") + f": {texts.get(f['id'], '')}"
                              for f in c["findings"]), r["recommendation"], r["rule"], c.get("why", "")])
    return buf.getvalue()


def _profile_line(rating: dict[str, Any]) -> str:
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


def aggregation_line(rating: dict[str, Any]) -> str:
    """How the instance ratings were combined (M3.3 / M3.4), with weights and rationale where used."""
    if rating["aggregation"] == "weighted":
        weights = ", ".join(f"{p}={w:g}" for p, w in rating["weights"].items())
        return f"Aggregation: weighted mean ({weights}), rounded half up — {rating['weights_rationale']} " \
               f"[{rating['aggregation_rule']}]"
    return f"Aggregation: {rating['aggregation_rule']}"


def _ratings(values: Mapping[str, Any], projects: Sequence[str]) -> str:
    return " ".join(f"{p} {values.get(p) or '—'}" for p in projects)


def process_profile_lines(rating: dict[str, Any], decide: str | None = None) -> list[str]:
    """An ISO/IEC 33020 assessment as text lines: profile, per-process levels and attributes, hits, decisions.

    ``decide`` is the command prefix shown for pending decisions (``appraise decide FILE``).
    """
    projects = rating["projects"]
    out = [_profile_line(rating), aggregation_line(rating), f"Rating method: {rating['rating_method']}"]
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
            proposal = f"; proposal {_ratings(a['proposal'], projects)}" if a["proposal"] else ""
            out.append(f"    {a['id'].split(' ', 1)[-1] if ' ' in a['id'] else a['id']:<7} "
                       f"{a['rating'] or '—':<2}  {_ratings(a['instances'], projects)}{proposal}")
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


def _render_assessment_markdown(data: dict[str, Any]) -> str:
    a, r = data["appraisal"], data["rating"]
    projects = r["projects"]
    out = [f"# Assessment summary — {a['organizational_unit']}", "",
           f"- Model: {a['framework_title']} ({a['framework']}), target capability level {a['target']}",
           f"- Process instances: {', '.join(projects)}",
           f"- Rated: {data['progress']['characterized']} of {data['progress']['cells']} indicator and attribute "
           "× instance cells",
           f"- {aggregation_line(r)}", f"- Rating method: {r['rating_method']}",
           "", f"**{_profile_line(r)}**", ""]
    om = r.get("organizational_maturity")
    if om is not None:
        out += [f"Organizational maturity: **{om['level'] if om['level'] is not None else 'not determined'}** — "
                f"{om['rule']}" + (f"; blocked by {', '.join(om['blocked_by'])}" if om["blocked_by"] else ""), ""]
    elif r.get("organizational_maturity_note"):
        out += [f"Organizational maturity: {r['organizational_maturity_note']}", ""]
    out += ["## Capability profile", ""]
    head = "| Process | Title | CL | " + " | ".join(projects) + " | Blocked by |"
    out += _table_head(head)
    for p in r["processes"]:
        cl = "not rated" if p["capability_level"] is None else str(p["capability_level"])
        inst = " | ".join("—" if p["instance_levels"][i] is None else str(p["instance_levels"][i]) for i in projects)
        blocked = ", ".join(p["blocked_by"])
        if p["capability_level"] is None and len(p["blocked_by"]) > 4:  # the attribute table lists them
            blocked = f"{len(p['blocked_by'])} attribute ratings missing"
        out.append(f"| {p['id']} | {p['title']} | {cl} | {inst} | {blocked} |")
    out += ["", "## Process attributes", ""]
    head = "| Attribute | Aggregate | " + " | ".join(projects) + " | Proposal | Rule |"
    out += _table_head(head)
    for p in r["processes"]:
        for at in p["attributes"]:
            proposal = ", ".join(f"{i} {v}" for i, v in at["proposal"].items())
            out.append(f"| {at['id']} | {at['rating'] or '—'} | "
                       + " | ".join(at["instances"].get(i) or "—" for i in projects)
                       + f" | {proposal} | {at['rule']} |")
    hits = [h for p in r["processes"] for h in p["consistency"]]
    out += ["", "## Consistency checks", ""]
    if not hits:
        out.append("No consistency rule fired.")
    for h in hits:
        state = "justified" if h["justified"] else ("open — needs a justification" if h["kind"] == "violation"
                                                    else "warning")
        why = f" Justification: {h['rationale']}" if h["justified"] else ""
        out.append(f"- **{h['id']}** ({state}): {h['rule']}; " + ", ".join(f"{c} {v}" for c, v in h["values"].items())
                   + why)
    if hits and not r["pending_decisions"]:
        out += ["", "No deviation from a \"shall\" rule is unjustified."]
    if data["decisions"]:
        out += ["", "## Decisions", ""]
        out += [f"- {d['target']}: {d['value']} — {d['rationale']}"
                + (" **(no longer applies: the ratings changed since)**" if d["stale"] else "")
                for d in data["decisions"]]
    out += _findings_and_notes_md(data, a["processes"], "Notes on ratings")
    return "\n".join(out) + "\n"


def _render_assessment_csv(data: dict[str, Any]) -> str:
    """One row per indicator or attribute: instance ratings, the attribute's aggregate and proposal, the level."""
    r = data["rating"]
    projects = r["projects"]
    buf = io.StringIO()
    w = _CsvWriter(buf)
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


def _findings_and_notes_md(data: dict[str, Any], areas: Sequence[str], notes_heading: str,
                           order: Callable[[dict[str, Any]], Any] | None = None) -> list[str]:
    """The strengths and weaknesses per area (in ``order`` when given), then the notes on cells."""
    out: list[str] = []
    if data.get("findings"):
        out += ["", "## Strengths and weaknesses", ""]
        for area in areas:
            found = [f for f in data["findings"] if f["area"] == area]
            if found:
                out += [f"### {area}", ""]
                out += [f"- **{f['kind'].capitalize()}**{' (' + f['practice'] + ')' if f['practice'] else ''}: "
                        f"{f['text']}" for f in (sorted(found, key=order) if order else found)]
                out.append("")
    if data.get("notes"):
        out += ["", f"## {notes_heading}", ""]
        out += [f"- {n['practice']} / {n['project']}: {n['note']}" for n in data["notes"]]
    return out


def render_markdown(data: dict[str, Any]) -> str:
    # the team's text (notes, findings, titles, codes) may hold "|", line breaks or a leading "#":
    # escaped once here, it can break no table row and start no heading
    data = _markdown_safe(data)
    if data["rating"].get("scheme") == "iso-33020":
        return _render_assessment_markdown(data)
    if data["rating"].get("scheme") == "audit":
        return _render_audit_markdown(data)
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
    out += _table_head(head)
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
    out += _findings_and_notes_md(data, a["process_areas"], "Notes on characterizations",
                                  order=lambda f: (f["kind"] != "strength", f["practice"] or ""))
    return "\n".join(out) + "\n"


def render_csv(data: dict[str, Any]) -> str:
    """One row per practice, with its instances, OU characterization, goal and area ratings."""
    if data["rating"].get("scheme") == "iso-33020":
        return _render_assessment_csv(data)
    if data["rating"].get("scheme") == "audit":
        return _render_audit_csv(data)
    r = data["rating"]
    projects = r["projects"]
    buf = io.StringIO()
    w = _CsvWriter(buf)
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
