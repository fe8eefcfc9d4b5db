"""The CAS "Staged Roll-Up" workbook: the OU value of every practice, as CAS takes it in.

Layout (domain page 4.2): sheet ``Staged Roll-Up`` — A1 the target (``Level 3``), row 2 empty, row 3 the header
``Practice Area`` and the practice areas in alphabetical order; column A ``Level n`` separator rows, each
followed by the practice numbers of that level (``1.1`` ... ``5.3``, written as text so that ``2.10`` stays
``2.10``); a cell holds the OU value of ``<area> <number>``. A list validation ``NY,DM,PM,LM,FM,NC`` covers
exactly the cells of practices that exist (inside it an empty cell is "not yet characterized", outside it
there is no such practice). Sheet ``Values`` names the codes the way CAS does. No practice-group or area
rating is in this file. The writer knows nothing of any scheme: it gets the areas' practice numbers and values.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from appraise.errors import UsageError

SHEET = "Staged Roll-Up"
VALUES_SHEET = "Values"
#: The codes CAS lists, in its order, with its words ("Met" where the MDD writes "Meets").
CAS_VALUES = (("NY", "Not Yet"), ("DM", "Does Not Meet"), ("PM", "Partially Met"), ("LM", "Largely Met"),
              ("FM", "Fully Met"), ("NC", "Not Characterized"))


def _read_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


#: Read once at import (os.umask sets as it reads; exports may run in worker threads).
_UMASK = _read_umask()


@dataclass(frozen=True)
class RollUpArea:
    """One practice area: its acronym and its practices' numbers (``"2.10"``), as text."""

    id: str
    practices: tuple[str, ...]


def number_key(number: str) -> tuple[int, ...]:
    """``"2.10"`` after ``"2.9"``: practice numbers compared part by part as integers."""
    return tuple(int(part) if part.isdigit() else 0 for part in number.split("."))


def write_cas_roll_up(path: str | Path, target_level: int | None, areas: Sequence[RollUpArea],
                      ou_values: Mapping[str, str | None]) -> Path:
    """Write the Staged Roll-Up workbook to ``path`` (atomically); ``ou_values``: ``"RDM 2.1"`` -> its OU
    value (FM LM PM DM NY NC) or None. A value CAS does not take is refused (nothing is written)."""
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    codes = [code for code, _title in CAS_VALUES]
    bad = sorted(f"{p} = {v}" for p, v in ou_values.items() if v is not None and v not in codes)
    if bad:
        raise UsageError(f"the CAS roll-up takes only {', '.join(codes)}: {', '.join(bad[:5])}"
                         + (" ..." if len(bad) > 5 else ""))
    ordered = sorted(areas, key=lambda a: a.id)
    levels: dict[int, set[str]] = {}
    for area in ordered:
        for number in area.practices:
            levels.setdefault(number_key(number)[0], set()).add(number)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws["A1"] = f"Level {target_level}" if target_level is not None else ""
    ws.cell(row=3, column=1, value="Practice Area")
    for col, area in enumerate(ordered, start=2):
        ws.cell(row=3, column=col, value=area.id)
    validation = DataValidation(type="list", formula1='"' + ",".join(codes) + '"', allow_blank=True)
    ws.add_data_validation(validation)
    row = 4
    for level in sorted(levels):
        ws.cell(row=row, column=1, value=f"Level {level}")
        row += 1
        for number in sorted(levels[level], key=number_key):
            label = ws.cell(row=row, column=1, value=number)
            label.data_type = "s"  # text, never a float: "2.10" must stay "2.10"
            label.number_format = "@"
            for col, area in enumerate(ordered, start=2):
                if number in area.practices:
                    cell = ws.cell(row=row, column=col, value=ou_values.get(f"{area.id} {number}"))
                    validation.add(cell)
            row += 1
    values = wb.create_sheet(VALUES_SHEET)
    values.append(["Values"])
    for code, title in CAS_VALUES:
        values.append([code, title])
    return _save(wb, Path(path))


def _save(wb: object, p: Path) -> Path:
    if p.is_dir():
        raise UsageError(f"{p} is a folder: give a file name, e.g. {p / 'roll-up.xlsx'}")
    if not p.parent.is_dir():
        raise UsageError(f"{p.parent} is not a folder: cannot write {p.name} there")
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".xlsx", dir=p.parent)
    os.close(fd)
    try:
        wb.save(tmp)  # type: ignore[attr-defined]
        os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, p)
    except OSError as exc:
        raise UsageError(f"{p}: cannot write the roll-up there ({exc.strerror or exc})") from None
    finally:
        Path(tmp).unlink(missing_ok=True)
    return p
