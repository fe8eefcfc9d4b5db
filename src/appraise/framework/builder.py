"""A practice-group model file written from the structure read out of a user's Appraisal Tool workbook.

``io.mdd_tool`` reads the workbook into a ``ToolModel`` (practice areas, their domains, practice numbers,
whether they are per process); ``model_yaml`` writes the model file (docs/framework-schema.md, "Practice
groups") that the loader reads back. Practice titles are statements only when the user gives them
(``--statements``): the workbook holds none, and appraise ships none (domain page 1.1).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from appraise.framework.groups import practice_id

#: The characterization values of the method (V1.1) and the Evaluation ones (V1.5), as the model file lists
#: them; an appraisal allows one set, so ``l`` is LM in a Benchmark and Low in an Evaluation.
SCALE = (("FM", "Fully Meets", "f"), ("LM", "Largely Meets", "l"), ("PM", "Partially Meets", "p"),
         ("DM", "Does Not Meet", "d"), ("NY", "Not Yet", "y"), ("NC", "Not Characterized", "c"),
         ("L", "Low", "l"), ("M", "Medium", "m"), ("H", "High", "h"))


@dataclass(frozen=True)
class ToolArea:
    """A practice area as the workbook lays it out: acronym, name (when given), domain, practice numbers
    (``2.1``) in sheet order, per process (a ``Process`` column: GOV and II), the workbook's target."""

    id: str
    title: str
    domain: str
    practices: tuple[str, ...]
    per_process: bool = False
    target: str = ""


@dataclass(frozen=True)
class ToolModel:
    """What a workbook says about the model (areas, domains, method version) and, beside it, the appraisal
    it was set up for (``settings``: type, representation, view, target, domains switched on)."""

    areas: tuple[ToolArea, ...]
    domains: tuple[str, ...]
    method_version: str
    settings: Mapping[str, str] = field(default_factory=dict)
    #: What the cross-checks found (OU Roll-Up disagreeing with a sheet ...), one line each.
    notes: tuple[str, ...] = ()

    def counts(self) -> dict[str, int]:
        return {"practice_areas": len(self.areas),
                "practice_groups": sum(len({p.split(".")[0] for p in a.practices}) for a in self.areas),
                "practices": sum(len(a.practices) for a in self.areas)}


# YAML refuses these characters even escaped by JSON's rules; write them as \\uXXXX.
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar (JSON's string syntax, which YAML reads)."""
    out = json.dumps(text, ensure_ascii=False)
    return _NOT_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", out)


def model_yaml(model: ToolModel, *, model_id: str, title: str, source: str,
               statements: Mapping[str, str] | None = None) -> str:
    """The model file's text. ``statements``: practice id (``RDM 2.1``) -> the user's statement (its title)."""
    statements = statements or {}
    lines = [
        "# A CMMI practice structure built by appraise from the user's own MDD Appraisal Tool workbook: practice",
        "# area acronyms, domains and practice ids only" + (", with the statements the user supplied." if statements
                                                            else " (the workbook holds no statements)."),
        "# Keep it with your licensed copy; do not publish it. Schema: docs/framework-schema.md (Practice groups).",
        "schema: 1",
        f"id: {quoted(model_id)}",
        f"title: {quoted(title)}",
        f"version: {quoted(model.method_version)}",
        f"source: {quoted(source)}",
        "scheme: cmmi-appraisal",
        f"method_version: {quoted(model.method_version)}",
        "representations: [maturity, capability]",
        "maturity_levels: [1, 2, 3, 4, 5]",
        "capability_levels: [0, 1, 2, 3, 4, 5]",
        "scale:",
        "  name: CMMI Appraisal Method characterization",
        "  values:",
        *(f"    - {{id: {vid}, title: {vtitle}, keys: [{key}]}}" for vid, vtitle, key in SCALE),
        "domains: [" + ", ".join(quoted(d) for d in model.domains) + "]",
    ]
    if model.settings or any(a.target for a in model.areas):
        lines.append("# What the workbook's Organizational Unit Summary says about the appraisal it was set up for")
        lines.append("# (not part of the model: give them to `appraise new`).")
        lines.append("x-workbook-appraisal:")
        lines += [f"  {key}: {quoted(value)}" for key, value in model.settings.items()]
        targets = [f"{a.id}: {quoted(a.target)}" for a in model.areas if a.target]
        if targets:
            lines.append("  targets: {" + ", ".join(targets) + "}")
    lines.append("practice_areas:")
    for area in model.areas:
        lines += [f"  - id: {quoted(area.id)}", f"    title: {quoted(area.title or area.id)}",
                  f"    domain: {quoted(area.domain)}", f"    per_process: {'true' if area.per_process else 'false'}",
                  "    practice_groups:"]
        level = None
        for number in area.practices:
            here = number.split(".")[0]
            if here != level:
                level = here
                lines += [f"      - level: {int(here)}", "        practices:"]
            statement = statements.get(practice_id(area.id, number), "")
            lines.append(f"          - {{id: {quoted(number)}, title: {quoted(statement)}}}")
    return "\n".join(lines) + "\n"
