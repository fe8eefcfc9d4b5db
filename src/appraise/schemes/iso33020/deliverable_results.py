"""ISO/IEC 33020 report, chapter 10.4.6 (results): the blocks it is made of, from the neutral rating tree.

Per-instance PA tables and the aggregated table (AS2), the instance weights with their rationale (M3.4), the
capability profile (CH1), the weaknesses traced to BP/GP ids (AS3), the rule-deviation list (AS4) and the
PA-rating -> evidence matrix (AS5). Nothing here names a person: the findings and justifications are the team's
own words, the evidence index has no source and no collector.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from appraise.errors import UsageError
from appraise.schemes.document import Bullets, CellValue, Chart, DeliverableInput, Findings, Series, Table
from appraise.schemes.tree import RatingNode

#: The VDA colours of a PA rating (F green, L amber, P light green, N red); refined values like their base.
PALETTE = {"F": "#00B050", "L": "#FFC000", "P": "#92D050", "N": "#FF0000",
           "L-": "#FFC000", "L+": "#FFC000", "P-": "#92D050", "P+": "#92D050"}
LEGEND = (("F", PALETTE["F"]), ("L", PALETTE["L"]), ("P", PALETTE["P"]), ("N", PALETTE["N"]))
#: The capability levels as the profile's axis says them.
LEVEL_LABELS = {n: f"CL{n}" for n in range(6)}
#: A finding's statement that is nothing but rule ids ("AS8", "[PA3.1.RL.20]", "M3.3; AS10"): not a weakness (AS5).
_ONLY_RULES = re.compile(r"^[\s,;.()\[\]]*(?:(?:[A-Z]{1,4}\d+(?:\.\d+)*|[A-Z0-9.]+\.RL\.\w+)[\s,;.()\[\]]*)+$")


def local(process: RatingNode, node_id: str) -> str:
    """An attribute's or indicator's id without its process ("PA 2.1", "GP 2.1.3", "BP1")."""
    rest = node_id[len(process.id):] if node_id.startswith(process.id) else node_id
    return rest.lstrip(" .") or node_id


def attributes(process: RatingNode) -> tuple[RatingNode, ...]:
    return tuple(g for g in process.children if g.kind == "attribute")


def level_number(value: str | None) -> float | None:
    """A capability level's value ("CL 2") as a whole number; None when not rated."""
    digits = re.search(r"\d+", value or "")
    return float(int(digits.group())) if digits else None


def instance_table(data: DeliverableInput, process: RatingNode, aggregated: bool = False) -> Table:
    """One process: a row per instance, a column per process attribute (N/P/L/F), then its capability level;
    ``aggregated``: a last row with the aggregated ratings (the feedback deck's provisional ratings)."""
    attrs = attributes(process)
    rows: list[tuple[CellValue, ...]] = [
        (unit, *(a.cells.get(unit) or "" for a in attrs), process.cells.get(unit) or "not rated")
        for unit in data.units]
    if aggregated:
        rows.append(("Aggregated", *(a.value or "" for a in attrs), process.value or "not rated"))
    return Table(("Instance", *(local(process, a.id) for a in attrs), "Capability level"), tuple(rows),
                 title=f"{process.id} {process.title}".strip(), coloured=True, key=f"pa:{process.id}",
                 legend=LEGEND)


def aggregated_table(data: DeliverableInput) -> Table:
    """One row per process: its aggregated PA ratings and its capability level (AS2)."""
    columns: list[str] = []
    for process in data.tree.areas:
        for a in attributes(process):
            if local(process, a.id) not in columns:
                columns.append(local(process, a.id))
    rows = []
    for process in data.tree.areas:
        by_pa = {local(process, a.id): a.value or "" for a in attributes(process)}
        rows.append((process.id, process.title, *(by_pa.get(c, "") for c in columns), process.value or "not rated"))
    return Table(("Process", "Title", *columns, "Capability level"), tuple(rows), title="Aggregated PA ratings",
                 coloured=True, key="aggregated", frozen=2, legend=LEGEND)


def weights_table(data: DeliverableInput) -> Table | None:
    """The instance weights of a weighted aggregation, each with its rationale (M3.4); None for the plain mean.

    A weight without a rationale fails the export (AS2): the report must explain every weight."""
    rating = data.summary.get("rating") or {}
    weights: Mapping[str, float] | None = rating.get("weights")
    if not weights:
        return None
    why = str(rating.get("weights_rationale") or "").strip()
    if not why:
        named = ", ".join(f"{unit}={_number(w)}" for unit, w in weights.items())
        raise UsageError(f"the instance weights {named} have no rationale, and the report must explain each weight "
                         "(AS2): record it with `appraise scope FILE --weights ... --why \"...\"`")
    rows = tuple((unit, _number(w), why) for unit, w in weights.items())
    return Table(("Instance", "Weight", "Rationale"), rows, title="Instance weights", key="weights")


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def profile_chart(data: DeliverableInput) -> Chart:
    """The capability profile: processes x capability level, one series per instance and the aggregated one,
    whole levels 0-5 only (CH1)."""
    areas = data.tree.areas
    series = [Series(unit, tuple(level_number(p.cells.get(unit)) for p in areas)) for unit in data.units]
    series.append(Series("Aggregated", tuple(level_number(p.value) for p in areas)))
    return Chart("Capability profile", tuple(p.id for p in areas), tuple(series), y_max=5, integer=True,
                 axis_title="Capability level", labels=LEVEL_LABELS)


# -- strengths and weaknesses traced to BP/GP ids (AS3) -------------------------------------------------------------


def findings_by_process(data: DeliverableInput) -> dict[str, list[Mapping[str, object]]]:
    out: dict[str, list[Mapping[str, object]]] = {}
    for f in data.summary.get("findings") or ():
        out.setdefault(str(f.get("area") or ""), []).append(f)
    return out


def evidence_by_cell(data: DeliverableInput) -> dict[tuple[str, str], list[int]]:
    out: dict[tuple[str, str], list[int]] = {}
    for e in data.evidence:
        for cell in e.cells:
            out.setdefault(cell, []).append(e.id)
    return out


def evidence_of_practice(data: DeliverableInput, practice: str) -> list[int]:
    """The evidence items linked to an indicator in any instance, once each, in id order."""
    return sorted({e.id for e in data.evidence if any(p == practice for p, _u in e.cells)})


def finding_statement(data: DeliverableInput, finding: Mapping[str, object]) -> str:
    """A strength or weakness as the report says it: the team's words, the BP/GP it is about, its evidence ids."""
    text = str(finding.get("text") or "").strip()
    practice = str(finding.get("practice") or "")
    if practice and practice not in text:
        text = f"{text} ({practice})"
    ids = evidence_of_practice(data, practice) if practice else []
    return f"{text} [evidence {', '.join(map(str, ids))}]" if ids else text


def process_findings(data: DeliverableInput, process: RatingNode, weakness: str = "Weaknesses") -> Findings:
    mine = findings_by_process(data).get(process.id, [])
    return Findings((("Strengths", tuple(finding_statement(data, f) for f in mine if f.get("kind") == "strength")),
                     (weakness, tuple(finding_statement(data, f) for f in mine if f.get("kind") == "weakness"))))


def _names(process: RatingNode, attribute: RatingNode, text: str) -> bool:
    """Whether ``text`` names one of the attribute's BP/GP ids (in full or as "BP3", "GP 2.1.2")."""
    flat = " ".join(text.split())
    for indicator in attribute.children:
        short = local(process, indicator.id)
        if indicator.id in flat or re.search(rf"(?<![\w.]){re.escape(short)}(?![\w.])", flat):
            return True
    return False


def untraced_downratings(data: DeliverableInput) -> list[str]:
    """AS3: each downrated PA (below F, aggregated or in an instance) with no weakness naming its BP/GP ids;
    and each weakness that is nothing but rule ids."""
    out = []
    by_process = findings_by_process(data)
    for process in data.tree.areas:
        weaknesses = [f for f in by_process.get(process.id, []) if f.get("kind") == "weakness"]
        for f in weaknesses:
            if _ONLY_RULES.match(str(f.get("text") or "")):
                out.append(f"a weakness statement of {process.id} instead of rule ids only "
                           f"({str(f.get('text')).strip()!r}, AS3)")
        for a in attributes(process):
            below = [(unit, v) for unit, v in a.cells.items() if v and v != "F"]
            if (a.value and a.value != "F") or below:
                if not any(_names(process, a, f"{f.get('practice') or ''} {f.get('text') or ''}")
                           for f in weaknesses):
                    shown = "; ".join([f"aggregated {a.value}", *(f"{u} {v}" for u, v in below)])
                    out.append(f"a weakness of {a.id} ({shown}) naming its BP/GP ids (AS3): appraise finding add "
                               f"FILE \"{a.children[0].id if a.children else a.id}\" --kind weakness --text \"...\"")
            for indicator in a.children:
                low = [f"{u} {v}" for u, v in indicator.cells.items() if v and v != "F"]
                if low and not any(indicator.id == f.get("practice") or indicator.id in str(f.get("text") or "")
                                   for f in weaknesses):
                    out.append(f"a weakness on {indicator.id} ({'; '.join(low)}, AS3): appraise finding add FILE "
                               f"\"{indicator.id}\" --kind weakness --text \"...\"")
        for f in weaknesses:
            practice = str(f.get("practice") or "")
            if practice and not evidence_of_practice(data, practice):
                out.append(f"an evidence item linked to {practice}, which a weakness cites (AS3)")
    return out


# -- the rule-deviation list (AS4) and the PA-rating -> evidence matrix (AS5) --------------------------------------


def checks(data: DeliverableInput) -> list[tuple[RatingNode, RatingNode]]:
    """Every consistency check that fired, with its process."""
    return [(p, c) for p in data.tree.areas for c in p.children if c.kind == "check"]


def deviation_table(data: DeliverableInput) -> Table:
    """One row per rule not followed, with its justification (AS4); never the rules followed."""
    rows = []
    for process, check in checks(data):
        if check.status != "justified":
            continue
        cells = tuple(check.cells)
        rows.append((_rule_id(check.rule), ", ".join(_indicator(c, str(check.extra.get("instance") or ""))
                                                      for c in cells) or process.id,
                     str(check.extra.get("instance") or ""), check.rationale))
    return Table(("Rule", "Indicator", "Instance", "Justification"), tuple(rows), title="Rules not followed",
                 key="deviations", empty="No rule deviation: every rule was followed.")


def open_deviations(data: DeliverableInput) -> Bullets:
    """The consistency rules the ratings break with no justification yet (shall rules), and the should-rule
    warnings: not deviations the lead assessor decided, listed so the reader sees them."""
    items = [f"{check.id}: {check.rule} — {'no justification recorded' if check.status == 'pending' else 'a warning'}"
             for _p, check in checks(data) if check.status != "justified"]
    return Bullets(tuple(items), "Consistency checks without a justification", empty="None")


def _rule_id(rule: str) -> str:
    found = re.match(r"\s*([A-Z][A-Za-z]*\d+(?:\.\d+)*)", rule)
    return found.group(1) if found else rule


def _indicator(cell: str, instance: str) -> str:
    return cell[: -len(instance)].strip() if instance and cell.endswith(instance) else cell


def evidence_matrix(data: DeliverableInput) -> Table:
    """For each instance x PA rating: the indicators rated there and the evidence ids behind the rating (AS5)."""
    by_cell = evidence_by_cell(data)
    rows = []
    for process in data.tree.areas:
        for a in attributes(process):
            for unit in data.units:
                rated = [i for i in a.children if i.cells.get(unit)]
                ids = sorted({e for node in (a, *a.children) for e in by_cell.get((node.id, unit), ())})
                if not a.cells.get(unit) and not rated and not ids:
                    continue
                rows.append((process.id, local(process, a.id), unit, a.cells.get(unit) or "",
                             ", ".join(f"{local(process, i.id)} {i.cells[unit]}" for i in rated),
                             ", ".join(map(str, ids))))
    return Table(("Process", "Attribute", "Instance", "Rating", "Indicators", "Evidence"), tuple(rows),
                 title="PA ratings and their evidence", key="traceability", frozen=3, coloured=True,
                 empty="No attribute rated yet.")


def downrated(process: RatingNode) -> Sequence[str]:
    """The process's attributes whose aggregated rating is below F (the deck's potential improvements)."""
    return [f"{local(process, a.id)} {a.value}" for a in attributes(process) if a.value and a.value != "F"]


def team_of(data: DeliverableInput, *roles: str) -> list[tuple[str, str, str]]:
    """The roster's members in these roles (case ignored), as (role, name, licence)."""
    wanted = {r.casefold() for r in roles}
    return [(m.role, m.name, m.licence) for m in data.team if m.role.casefold() in wanted]
