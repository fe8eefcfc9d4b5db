"""The CAS "Random Sample" export (RGS): which units' evidence is in scope for which practice areas.

Layout (domain page 4.1): sheet ``Random Sample Data`` — row 1 ``Subgroup`` / ``Project`` and the capability
areas (merged), row 2 one header per practice area written ``ACR\\nName``, from row 3 one row per unit: A the
subgroup (blank on an organizational support function's row), B the unit's label, then one code per practice
area (V9.4: SE SI NY RS ADD SUB). ``SUB`` is written the same for "substituted from" and "substituted to": only
the cell's fill tells them apart, so the fills are read from the key on ``Additional Information`` (D2:D8
swatches, E2:E8 labels) and compared; with no usable key a blue-ish fill is read as "to" and the reading says
so. The sample is data: it is read as given, never drawn or recomputed here (V9.6). The file is read, never
written (openpyxl's read-only mode, which does give cell fills).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from appraise.errors import InputFileError
from appraise.io.workbook import cell_text, open_workbook, raise_problems

DATA_SHEET = "Random Sample Data"
INFO_SHEET = "Additional Information"
#: The codes a cell may hold (V9.4); ``SUB`` becomes ``SUB-to`` or ``SUB-from`` by its fill.
CODES = ("SE", "SI", "NY", "RS", "ADD", "SUB")
SUB_TO, SUB_FROM = "SUB-to", "SUB-from"
PROJECT, SUPPORT_FUNCTION = "project", "support_function"


@dataclass(frozen=True)
class SampleUnit:
    """One row of the sample: the unit's label as the file writes it (trailing spaces stripped), its
    subgroup, and what it is (a row without a subgroup is an organizational support function, V9.5)."""

    label: str
    subgroup: str
    kind: str
    row: int


@dataclass
class SampleReading:
    """What an RGS file says: the units, the practice areas it covers, one code per unit x area, the facts
    of its ``Additional Information`` sheet and how the ``SUB`` cells were told apart."""

    path: Path
    units: list[SampleUnit]
    areas: list[str]
    #: unit label -> practice area -> code (``SUB-to`` / ``SUB-from`` for SUB cells)
    cells: dict[str, dict[str, str]]
    #: label -> value of ``Additional Information`` (``Date Exported``, ``Target``, ``Model View`` ...)
    facts: dict[str, str] = field(default_factory=dict)
    #: How SUB cells were read: "the key on Additional Information", or the fallback and why.
    sub_basis: str = ""
    #: (unit, area, cell, fill) of every SUB cell, for the user to confirm (V9.4).
    sub_cells: list[tuple[str, str, str, str]] = field(default_factory=list)

    def change(self, alias: Mapping[str, str] | None = None) -> dict[str, Any]:
        """The scheme's scope change (``{"sample": {"units": [...], "cells": {...}}}``), each unit under its
        code in the appraisal: ``alias`` maps a label (any case) to that code; a label not in it is the code."""
        code = label_to_code(alias)
        return {"sample": {
            "units": [{"code": code(u.label), "subgroup": u.subgroup, "kind": u.kind} for u in self.units],
            "cells": {code(label): dict(cells) for label, cells in self.cells.items()},
        }}



def label_to_code(alias: Mapping[str, str] | None) -> Callable[[str], str]:
    """A unit's label -> its code: through ``alias`` (labels in any case), else the label itself."""
    by_key = {k.strip().upper(): v.strip() for k, v in (alias or {}).items()}
    return lambda label: by_key.get(label.strip().upper(), label.strip())


def fill_of(cell: Any) -> str:
    """A cell's fill as one comparable word: ``none``, ``rgb:FF9BC2E6``, ``theme:4:0.6``, ``indexed:44``."""
    fill = getattr(cell, "fill", None)
    if fill is None or not getattr(fill, "patternType", None):
        return "none"
    colour = fill.fgColor
    kind = getattr(colour, "type", "rgb")
    if kind == "theme":
        return f"theme:{colour.theme}:{round(colour.tint or 0, 2)}"
    if kind == "indexed":
        from openpyxl.styles.colors import COLOR_INDEX

        index = colour.indexed
        return f"rgb:{COLOR_INDEX[index]}" if isinstance(index, int) and index < len(COLOR_INDEX) else f"indexed:{index}"
    rgb = colour.rgb if isinstance(colour.rgb, str) else "00000000"
    return f"rgb:{rgb.upper()}"


def _white(fill: str) -> bool:
    return fill == "none" or fill.endswith("FFFFFF")


def blueish(fill: str) -> bool:
    """A fill whose colour is clearly blue (the key's "Substituted To"); theme colours cannot be told."""
    if not fill.startswith("rgb:") or len(fill) != 12:
        return False
    r, g, b = (int(fill[i:i + 2], 16) for i in (6, 8, 10))
    return b > r + 24 and b >= g


def _key_fills(info: Any) -> dict[str, str]:
    """The key's label -> fill (``Substituted To`` -> ``rgb:...``) from D2:D8 / E2:E8, any case."""
    out: dict[str, str] = {}
    for row in info.iter_rows(min_row=2, max_row=8, min_col=4, max_col=5):
        if len(row) < 2:
            continue
        label = cell_text(row[1].value).lower()
        if label:
            out[label] = fill_of(row[0])
    return out


def _facts(info: Any) -> dict[str, str]:
    facts: dict[str, str] = {}
    for row in info.iter_rows(min_row=1, max_row=40, min_col=1, max_col=2):
        label = cell_text(row[0].value) if row else ""
        if label and len(row) > 1:
            facts[label] = cell_text(row[1].value)
    return facts


def read_random_sample(path: str | Path) -> SampleReading:
    """Read an RGS export; raise ``InputFileError`` naming file!sheet!cell for anything it cannot read."""
    path = Path(path)
    wb = open_workbook(path)
    try:
        return _read(path, wb)
    finally:
        wb.close()


def _read(path: Path, wb: Any) -> SampleReading:
    name = path.name
    if DATA_SHEET not in wb.sheetnames:
        raise InputFileError(f"{name}: no sheet {DATA_SHEET!r} (sheets: {', '.join(wb.sheetnames)}); "
                             "is this a CAS Random Sample export?")
    facts: dict[str, str] = {}
    key: dict[str, str] = {}
    if INFO_SHEET in wb.sheetnames:
        facts = _facts(wb[INFO_SHEET])
        key = _key_fills(wb[INFO_SHEET])
    to_fill = next((f for label, f in key.items() if "substitut" in label and label.rstrip().endswith("to")), None)
    from_fill = next((f for label, f in key.items() if "substitut" in label and "from" in label), None)
    if to_fill is not None and from_fill is not None and to_fill != from_fill:
        sub_basis = (f"SUB told apart by the key on {INFO_SHEET!r}: Substituted To = {to_fill}, "
                     f"Substituted From = {from_fill}")
    else:
        to_fill = from_fill = None
        why = "has no Substituted To / From swatches" if not key else "gives both the same fill"
        sub_basis = (f"the key on {INFO_SHEET!r} {why}: a blue-ish SUB cell is read as Substituted To, "
                     "any other as Substituted From — check them")
    ws = wb[DATA_SHEET]
    problems: list[str] = []
    rows = ws.iter_rows(min_row=1)
    first = next(rows, ())
    headers = [cell_text(c.value) for c in first]
    if len(headers) < 2 or headers[0].lower() != "subgroup" or headers[1].lower() != "project":
        raise InputFileError(f"{name}!{DATA_SHEET}!A1: expected the headers 'Subgroup', 'Project' in A1:B1 "
                             f"(found {', '.join(repr(h) for h in headers[:2]) or 'nothing'})")
    second = next(rows, ())
    areas: list[tuple[int, str]] = []
    for column, cell in enumerate(second):
        text = cell_text(cell.value) if column >= 2 else ""
        if text:
            areas.append((column, text.split("\n")[0].strip()))
    if not areas:
        raise InputFileError(f"{name}!{DATA_SHEET}!C2: no practice-area headers on row 2")
    units: list[SampleUnit] = []
    cells: dict[str, dict[str, str]] = {}
    sub_cells: list[tuple[str, str, str, str]] = []
    for r, row in enumerate(rows, start=3):
        values = list(row)
        if not values or not any(cell_text(c.value) for c in values):
            continue
        subgroup = cell_text(values[0].value)
        label = cell_text(values[1].value) if len(values) > 1 else ""
        if not label:
            problems.append(f"{name}!{DATA_SHEET}!B{r}: the unit's label is empty")
            continue
        if label.upper() in {u.label.upper() for u in units}:
            problems.append(f"{name}!{DATA_SHEET}!B{r}: unit {label!r} is listed twice")
            continue
        units.append(SampleUnit(label, subgroup, PROJECT if subgroup else SUPPORT_FUNCTION, r))
        mine = cells[label] = {}
        for column, area in areas:
            cell = values[column] if column < len(values) else None
            code = cell_text(cell.value if cell is not None else None).upper()
            ref = f"{name}!{DATA_SHEET}!{_column_letter(column)}{r}"
            if not code:
                problems.append(f"{ref}: {area} of {label} is empty (codes: {', '.join(CODES)})")
                continue
            if code not in CODES:
                problems.append(f"{ref}: {code!r} is not a sample code ({', '.join(CODES)})")
                continue
            if code == "SUB":
                fill = fill_of(cell)
                if to_fill is not None:
                    code = SUB_TO if fill == to_fill else SUB_FROM if fill == from_fill or _white(fill) else ""
                    if not code:
                        problems.append(f"{ref}: SUB with a fill ({fill}) the key gives neither to Substituted "
                                        f"To ({to_fill}) nor to Substituted From ({from_fill})")
                        continue
                else:
                    code = SUB_TO if blueish(fill) else SUB_FROM
                sub_cells.append((label, area, ref, fill))
            mine[area] = code
    raise_problems(problems, f"{name}: {len(problems)} cells cannot be read; nothing was changed")
    if not units:
        raise InputFileError(f"{name}!{DATA_SHEET}!A3: no units from row 3 on")
    return SampleReading(path, units, [a for _c, a in areas], cells, facts, sub_basis, sub_cells)


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)
