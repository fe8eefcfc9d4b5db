"""CMMI Appraisal Method: the rating as text lines, a Markdown report and a CSV sheet (from its JSON document).

A result cites its rule by id on its own line or row; the sentence of each distinct rule is written once, in
a "Rules applied" list, so a report of 276 practices does not repeat the V2 table 276 times.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from appraise.framework.model import Framework
from appraise.schemes.cmmi_appraisal.method import RULES
from appraise.schemes.report import (
    CsvWriter,
    Heading,
    Recorded,
    standing_decision_lines,
)

_RULE_ID = re.compile(r"^\s*(V\d+(?:\.\d+)?)")
#: A rule cited inside a result's rule text: ``V2.9:`` or ``V2.4 +``.
_CITED = re.compile(r"\b(V\d+\.\d+)(?=:| \+)")
LABELS = {"satisfied": "Satisfied", "unsatisfied": "Unsatisfied", "pending": "Pending decision",
          "not_rated": "Not rated", "out_of_scope": "Out of scope", None: "Pending"}


def group_state(group: dict[str, Any]) -> str:
    """A practice group's rating in words: one waiting only for characterizations is not a pending decision."""
    return "Not characterized yet" if group.get("waiting_for_characterizations") else label(group["rating"])


def label(value: Any) -> str:
    """A rating as it reads in a report (levels stay numbers)."""
    return LABELS.get(value, str(value)) if not isinstance(value, int) else str(value)


def rule_id(rule: str) -> str:
    """The id a rule text starts with (``V2.4``), or "" when it cites none."""
    found = _RULE_ID.match(rule or "")
    return found.group(1) if found else ""


def distinct_rules(rules: Iterable[str]) -> list[str]:
    """Each distinct rule a result cites (``V2.4: <sentence>``), once, in first-seen order; a result citing
    two rules (``V2.4 + V2.9: ...``) brings both."""
    seen: dict[str, str] = {}
    for rule in rules:
        for rid in _CITED.findall(rule or ""):
            if rid not in seen and rid in RULES:
                seen[rid] = f"{rid}: {RULES[rid]}"
    return list(seen.values())


def _all_rules(rating: dict[str, Any]) -> list[str]:
    out = [rating.get("level_rule") or ""]
    for pa in rating["practice_areas"]:
        out.append(pa["rule"])
        for g in pa["practice_groups"]:
            out.append(g["rule"])
            for p in g["practices"]:
                out += [p["rule"], *(row["rule"] for row in (p.get("processes") or {}).values())]
    return out


def level_line(rating: dict[str, Any]) -> str:
    """One line: the level reached against the target, the profile, or an Evaluation's "no ratings"."""
    target = rating["target"]
    if not rating.get("gives_ratings", True):
        return "Evaluation: OU values only, no practice group, practice area or level ratings (V3.6)"
    at_least = rating.get("level_at_least") or 0
    if rating["representation"] == "maturity":
        ml = rating["maturity_level"]
        if ml is None:
            return f"Maturity level not determined yet (at least ML{at_least}) — target ML{target}"
        if ml < 2:
            return f"ML2 not achieved — target ML{target}"
        return f"Maturity level {ml} — target ML{target}"
    profile = rating.get("capability_profile") or {}
    level = rating.get("capability_level")
    head = f"Capability profile CL {level}" if level is not None else \
        f"Capability profile not determined yet (at least CL {at_least})"
    areas = ", ".join(f"{pa} CL {'?' if cl is None else cl}" for pa, cl in profile.items())
    return f"{head} — target CL {target}" + (f"; {areas}" if areas else "")


def level_rule(rating: dict[str, Any]) -> str:
    """The rule behind the level line."""
    return rating.get("level_rule") or ""


def text(rating: dict[str, Any], heading: Heading, framework: Framework, decisions: Sequence[Recorded],
         decide: str) -> list[str]:
    """The roll-up for a terminal: level, practice areas, the groups that hold them back, decisions to make.

    ``decide``: the command that records a decision (``appraise decide FILE``)."""
    kind = rating.get("appraisal_type", "benchmark")
    word = "CL" if rating["representation"] == "capability" else "ML"
    out = [f"{heading.unit} — {framework.title} {framework.version}, {kind}, {heading.representation}, "
           f"target {word} {heading.target}; units {', '.join(heading.projects)}",
           "", level_line(rating), f"  {rating.get('level_rule') or ''}"]
    if rating.get("level_blocked_by"):
        out.append(f"  blocked by: {', '.join(rating['level_blocked_by'])}")
    out.append("")
    for pa in rating["practice_areas"]:
        target = "OoS" if pa["target"] is None else f"target {pa['target']}"
        cl = ""
        if "capability_level" in pa and pa["target"] is not None:
            cl = f"  CL {'?' if pa['capability_level'] is None else pa['capability_level']}"
        out.append(f"{pa['id']:<6} {target:<9} {label(pa['rating']):<17}{cl}  [{rule_id(pa['rule'])}]"
                   + (f"  blocked by {', '.join(pa['blocked_by'])}" if pa["blocked_by"] else ""))
        for g in pa["practice_groups"]:
            if g["rating"] not in ("satisfied",) and rating.get("gives_ratings", True):
                state = group_state(g)
                out.append(f"    {g['id']:<10} {state:<17} [{rule_id(g['rule'])}] "
                           f"{', '.join(g['blocked_by'])}")
    if rating["pending_decisions"]:
        out += ["", "Decisions the team has to make:"]
        for d in rating["pending_decisions"]:
            options = d["options"]
            out.append(f"  {d['target']}: {' or '.join(options)}   ({decide} \"{d['target']}\" {options[0]} "
                       f"--why \"...\")")
    out += standing_decision_lines(decisions, rating.get("stale_decisions", []))
    if rating.get("stale_decisions"):
        out += ["", "Decisions that no longer apply (what they were made on changed; decide again):"]
        out += [f"  {d['target']}: {d['value']} — {d['why']}" for d in rating["stale_decisions"]]
    rules = distinct_rules(_all_rules(rating))
    if rules:
        out += ["", "Rules applied:"] + [f"  {r}" for r in rules]
    return out


def csv(data: dict[str, Any]) -> str:
    """One row per practice (II and GOV: one per process too), with the units' values, the OU value, the group
    and area ratings, and the rule id."""
    r = data["rating"]
    units = r.get("units") or data["appraisal"]["projects"]
    buf = io.StringIO()
    w = CsvWriter(buf)
    notes = {(n["practice"], n["project"]): n["note"] for n in data.get("notes", [])}
    findings: dict[str, list[str]] = {}
    for f in data.get("findings", []):
        findings.setdefault(f["practice"] or f["area"], []).append(f"{f['kind']}: {f['text']}")
    w.writerow(["area", "area_target", "area_rating", "capability_level", "practice_group", "group_rating",
                "practice", "process", *units, "ou", "options", "decided", "rule", "notes", "findings"])

    def row(pa: dict[str, Any], g: dict[str, Any], cell: str, process: str, values: dict[str, Any],
            item: dict[str, Any]) -> None:
        w.writerow([pa["id"], "" if pa["target"] is None else pa["target"], label(pa["rating"]),
                    "" if pa.get("capability_level") is None else pa["capability_level"], g["id"], g["rating"],
                    item.get("id", cell.split(" @ ")[0]), process, *[values.get(u) or "" for u in units],
                    item["ou"] or "", " ".join(item["options"]), "yes" if item["decided"] else "",
                    rule_id(item["rule"]), "; ".join(f"{u}: {notes[(cell, u)]}" for u in units if (cell, u) in notes),
                    "; ".join(findings.get(cell, []))])

    for pa in r["practice_areas"]:
        for g in pa["practice_groups"]:
            for pr in g["practices"]:
                row(pa, g, pr["id"], "", pr["instances"], pr)
                for name, proc in (pr.get("processes") or {}).items():
                    row(pa, g, proc["cell"], name, proc["instances"], {**proc, "id": pr["id"]})
    return buf.getvalue()
