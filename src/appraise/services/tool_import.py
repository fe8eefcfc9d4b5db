"""Characterizations from the team's MDD Appraisal Tool workbook: `characterizations import --layout mdd-tool`.

The workbook's PA sheets are read (``appraise.io.mdd_tool_cells``: only rows someone filled in) and each row
becomes a row of the usual characterization import plan — its practice (for a per-process practice, the cell of
its process), its unit, the project characterization and the weakness as the cell's note (V1.2) — checked as
a CSV import is: every bad row named (file!sheet!cell), nothing written unless all rows are good, a unit outside
a practice area's sample refused, a value the method does not take on the practice refused. The import itself
(conflicts, --replace, --keep-existing) is ``Cells.import_plan``. The tool's OU values and practice-group
ratings are not imported (appraise derives them, V2 and V3); ``differences`` lists where they differ.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from appraise.errors import UsageError
from appraise.io.characterizations import CharacterizationPlan
from appraise.io.mdd_tool_cells import ToolReading, read_mdd_tool_characterizations
from appraise.io.workbook import raise_problems

if TYPE_CHECKING:
    from appraise.services.session import Appraisal

#: The ``--layout`` values of `characterizations import`.
LAYOUTS = ("csv", "mdd-tool")


@dataclass
class ToolPlan(CharacterizationPlan):
    """A characterization plan read from the tool, with what the tool says beyond the cells."""

    reading: ToolReading | None = None

    def lines(self) -> list[str]:
        r = self.reading
        if r is None:
            return []
        n, k = len(self.rows), len(r.sheets)
        out = [f"{r.path.name}: {n} characterization{'s' if n != 1 else ''} from {k} practice-area "
               f"sheet{'s' if k != 1 else ''} ({', '.join(r.sheets)})"]
        if r.out_of_scope:
            out.append(f"  {r.out_of_scope} filled row{'s' if r.out_of_scope != 1 else ''} of out-of-scope "
                       "projects (Project Char OoS) left out")
        hidden = [s for s, why in r.skipped if why == "hidden"]
        if hidden:
            out.append(f"  hidden sheets not read: {', '.join(hidden)}")
        return out


def plan_tool_import(appraisal: Appraisal, path: str | Path, alias: Mapping[str, str] | None = None) -> ToolPlan:
    """Read the tool's filled rows and check them against the appraisal; nothing is written."""
    a = appraisal
    reading = read_mdd_tool_characterizations(path)
    name = reading.path.name
    aliases = {k.strip().upper(): v.strip() for k, v in (alias or {}).items()}
    units = {c.upper(): c for c in a.info.projects}
    refuse = a.refusal()
    problems: list[str] = []
    seen: dict[tuple[str, str], str] = {}
    rows: list[tuple[str, str, str, str | None]] = []
    for cell in reading.rows:
        where = f"{name}!{cell.sheet}!row {cell.row}"
        try:
            practice = a.resolve_practice(cell.practice, cell.process)
        except UsageError as exc:
            problems.append(f"{where}: {exc}")
            continue
        unit = units.get(aliases.get(cell.project.upper(), cell.project).upper())
        if unit is None:
            problems.append(f"{where}: project {cell.project!r} is no {a.view.words.unit} of this appraisal "
                            f"({', '.join(a.info.projects)}; map it with --alias \"{cell.project}=CODE\")")
            continue
        why = refuse(practice, unit)
        if why:
            problems.append(f"{where}: {why}")
            continue
        try:
            value = a.resolve_value(cell.value, practice)
        except UsageError as exc:
            problems.append(f"{where}: Project Char: {exc}")
            continue
        first = seen.setdefault((practice, unit), where)
        if first != where:
            problems.append(f"{where}: {practice} / {unit} is already on {first.split('!', 1)[1]}")
            continue
        rows.append((practice, unit, value, cell.weakness or None))
    raise_problems(problems, f"{name}: {len(problems)} rows cannot be imported; nothing was recorded")
    return ToolPlan(reading.path, rows, reading)


def differences(rating: Mapping[str, Any], plan: ToolPlan) -> list[str]:
    """Where the tool's OU Char differs from the OU value appraise derives (``rate().to_dict()``): one line each.

    A per-process practice is compared process by process. The tool's own roll-up differs by design where
    V7.4 departs from its formula (NC), so these lines are for the team to look at, never an error."""
    if plan.reading is None:
        return []
    ou: dict[tuple[str, str | None], str | None] = {}
    for area in rating.get("practice_areas", ()):
        for group in area.get("practice_groups", ()):
            for p in group.get("practices", ()):
                ou[(p["id"], None)] = p.get("ou")
                for process, facts in (p.get("processes") or {}).items():
                    ou[(p["id"], process)] = facts.get("ou") if isinstance(facts, Mapping) else None
    out = []
    for v in plan.reading.ou:
        key = (v.target, v.process)
        if key in ou and ou[key] != v.value:
            where = f"{v.target}" + (f" @ {v.process}" if v.process else "")
            out.append(f"{where}: the tool's OU Char {v.value}, appraise {ou[key] or 'not yet'} "
                       f"({plan.reading.path.name}!{v.sheet}!row {v.row})")
    return out
