"""Taking a CAS random sample (RGS) into an appraisal's scope: `appraise scope FILE --sample rgs.xlsx`.

The file is read (``appraise.io.random_sample``) and shown first: the units with their subgroups, per unit the
practice areas its evidence is in scope for and those it is not, with their codes, and how each ``SUB`` cell was
told apart (by its fill, V9.4: the user confirms). Applied, units the appraisal does not have yet are added
(projects, or support functions for the rows without a subgroup), then the scheme's own scope change
(``revise_scope(..., {"sample": ...})``) records the sample as data (V9.6), in ``Setup.revise_scope``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from appraise.errors import UsageError
from appraise.io.random_sample import DATA_SHEET, SampleReading, label_to_code, read_random_sample
from appraise.io.workbook import raise_problems
from appraise.services.scope import ScopeCorrection, check_project_codes

if TYPE_CHECKING:
    from appraise.services.session import Appraisal

#: The codes whose unit x area is in the evidence scope (V9.4; the scheme decides, this only words the list).
IN_SCOPE_CODES = ("RS", "ADD", "SUB-to")


@dataclass(frozen=True)
class SamplePlan:
    """An RGS read and checked against the appraisal: the scheme's change, and the units it adds."""

    reading: SampleReading
    change: dict[str, Any]
    #: (code, kind, subgroup) of the units the appraisal does not have yet
    new_units: tuple[tuple[str, str, str], ...]
    #: the file's label -> the unit's code in the appraisal
    codes: Mapping[str, str]
    #: units of the appraisal the file does not list (their sample is left as it is)
    absent: tuple[str, ...] = ()
    #: hand corrections (``scope --assign``) the file's codes replace, one line each
    overrides: tuple[str, ...] = ()

    def lines(self) -> list[str]:
        """The reading as the user checks it before it is applied."""
        r = self.reading
        facts = ", ".join(f"{k}: {v}" for k, v in r.facts.items() if v and k in (
            "Date Exported", "Organizational Unit", "Target", "Scope Type", "Sample Number", "Model View"))
        units = self.change["sample"]["units"]
        subgroups = sorted({u["subgroup"] for u in units if u["subgroup"]})
        out = [f"{r.path.name}: {len(units)} units in {len(subgroups)} subgroup{'s' if len(subgroups) != 1 else ''}"
               f" ({', '.join(subgroups) or 'none'}), {len(r.areas)} practice areas ({', '.join(r.areas)})"]
        if facts:
            out.append(f"  {facts}")
        new = {code for code, _k, _s in self.new_units}
        cells = self.change["sample"]["cells"]
        for unit in units:
            code = unit["code"]
            kind = "support function" if unit["kind"] == "support_function" else f"project, {unit['subgroup']}"
            label = next(u.label for u in r.units if self.code(u.label) == code)
            named = f" [file: {label}]" if label != code else ""
            inside = [f"{a} {c}" for a, c in cells[code].items() if c in IN_SCOPE_CODES]
            outside = [f"{a} {c}" for a, c in cells[code].items() if c not in IN_SCOPE_CODES]
            out.append(f"  {code}{named} ({kind}{'; new' if code in new else ''}): in {', '.join(inside) or 'none'}"
                       f"; out {', '.join(outside) or 'none'}")
        if self.absent:
            out.append(f"  not in the file (left as they are): {', '.join(self.absent)}")
        if r.sub_cells:
            out.append(f"  {r.sub_basis}:")
            for label, area, ref, fill in r.sub_cells:
                code = self.code(label)
                out.append(f"    {code} x {area}: {cells[code][area]} ({ref.split('!')[-1]}, fill {fill})")
        if self.overrides:
            out.append("  replaces what was set by hand (scope --assign):")
            out += [f"    {line}" for line in self.overrides]
        return out

    def code(self, label: str) -> str:
        return self.codes[label]


def parse_alias(text: str | None, option: str = "an alias", example: str = "P1-Orion=P1") -> dict[str, str]:
    """``"P1-Orion=P1, S1-Quality (OSF)=QA"`` -> ``{label: code}`` (``option``, ``example``: how a refusal
    names the option and shows it, e.g. ``--units``)."""
    out: dict[str, str] = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        label, sep, code = part.partition("=")
        if not sep or not label.strip() or not code.strip():
            raise UsageError(f"write {option} as LABEL=CODE, e.g. {example} (not {part.strip()!r})")
        out[label.strip()] = code.strip()
    return out


def plan_sample(appraisal: Appraisal, path: str | Path, alias: Mapping[str, str] | None = None) -> SamplePlan:
    """Read ``path`` and check it against the appraisal's model and units; nothing is written."""
    reading = read_random_sample(path)
    name = reading.path.name
    model = appraisal.framework
    problems = []
    areas: dict[str, str] = {}
    for i, text in enumerate(reading.areas):
        found = model.resolve_area(text)
        if found is None:
            from openpyxl.utils import get_column_letter

            problems.append(f"{name}!{DATA_SHEET}!{get_column_letter(3 + i)}2: {text!r} is no practice area of "
                            f"{model.id} ({', '.join(a.id for a in model.areas)})")
        else:
            areas[text] = found
    raise_problems(problems, f"{name}: {len(problems)} practice areas are not in the model; nothing was changed")
    alias = dict(alias or {})
    labels = {u.label.upper() for u in reading.units}
    unknown = [k for k in alias if k.strip().upper() not in labels]
    if unknown:
        raise UsageError(f"--alias names {unknown[0]!r}, which is no unit of {name} "
                         f"(units: {', '.join(u.label for u in reading.units)})")
    existing = {c.upper(): c for c in appraisal.info.projects}
    # a label (or its alias) that names a unit of the appraisal in another case takes the appraisal's spelling
    code = label_to_code(alias)
    resolved = {u.label: existing.get(code(u.label).upper(), code(u.label)) for u in reading.units}
    change = reading.change(resolved)
    codes = [u["code"] for u in change["sample"]["units"]]
    check_project_codes(codes, appraisal.view.words.unit)
    change["sample"]["cells"] = {unit: {areas[a]: code for a, code in cells.items()}
                                 for unit, cells in change["sample"]["cells"].items()}
    new_units = tuple((u["code"], u["kind"], u["subgroup"]) for u in change["sample"]["units"]
                      if u["code"].upper() not in existing)
    listed = {c.upper() for c in codes}
    absent = tuple(c for c in appraisal.info.projects if c.upper() not in listed)
    try:  # what the scheme would record, nothing written: the hand corrections the file's codes replace
        dry = appraisal.scheme.revise_scope(appraisal.framework, appraisal.scope, change)
        overrides = tuple(line for line in dry.lines if "(set by hand)" in line)
    except UsageError:
        overrides = ()  # refused again, with its message, when applied
    return SamplePlan(reading, change, new_units, resolved, absent, overrides)


def apply_sample(appraisal: Appraisal, plan: SamplePlan, why: str = "", who: str | None = None,
                 confirm: bool = False) -> ScopeCorrection:
    """Add the new units and record the sample, in the scheme's scope change (one transaction); ``confirm``
    lets it leave recorded characterizations outside a practice area's sample (``Setup.revise_scope``)."""
    why = why.strip() or f"random sample {plan.reading.path.name}"
    return appraisal.setup.revise_scope(plan.change, why, who, add_units=plan.new_units, confirm=confirm)
