"""The characterizations a team typed into its MDD Appraisal Tool workbook (the PA sheets), read for import.

Layout (domain page 1.3, 4.3): one sheet per practice area, named by its acronym, header on row 1. Each practice
is a block of 20 rows, one per project slot; its id (``CAR 1.1``) is written on the block's first row only (A is
merged over the block), so it is filled down. The per-process areas (GOV, II; any sheet with a ``Process``
column) have 500-row blocks of 25 process sub-blocks, the process name on each sub-block's first row, and every
column after A shifted one right. A row is a characterization only when its project is in scope and someone
entered an artifact, an affirmation or a weakness: the cached ``OoS`` / ``DM`` defaults of untouched rows are not
data. ``OU Char`` is read once per block (per process sub-block), the practice-group rating once per merged
range. The helper table below the blocks (A = ``PA``) and hidden sheets (stale ones, unconfigured domains) are
skipped. Columns are found by their header text (whitespace and line breaks normalised), not by letter. The
workbook's cached values are read; its macros never run; the file is never written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from appraise.errors import InputFileError
from appraise.io.workbook import cell_text, open_workbook, raise_problems

#: Normalised header -> the field it is (a header is matched when it starts with the text).
HEADERS = {
    "practice": ("practice",),
    "process": ("process",),
    "project": ("project",),
    "char": ("project char",),
    "artifact": ("suff. artifact", "suff artifact", "sufficient artifact"),
    "affirmation": ("affirm.", "affirmation"),
    "weakness": ("weakness",),
    "ou": ("ou char",),
    "group": ("practice group rating", "pg rating"),
}
#: Fields a PA sheet must have (``process`` only on per-process sheets).
REQUIRED = ("practice", "project", "char", "artifact", "affirmation", "weakness", "ou")
_PRACTICE_ID = re.compile(r"^([A-Za-z][A-Za-z0-9]*)\s+(\d+)\.(\d+)$")
#: Rows per practice block (one per project slot); a per-process block has one such sub-block per process.
PROJECT_SLOTS = 20
#: The Project Char of a project the practice area is not assigned to.
OUT_OF_SCOPE = "OOS"


def normalise_header(text: str) -> str:
    """``"Suff.\\nArtifact"`` -> ``"suff. artifact"``; ``"OU  Findings"`` -> ``"ou findings"``."""
    return re.sub(r"\s+", " ", text).strip().lower()


def _field_of(header: str) -> str | None:
    h = normalise_header(header)
    if not h:
        return None
    if h in ("project", "process", "practice"):
        return h
    if "source" in h:  # "Affirmation Source", "Data Collection Source": notes, not the columns read here
        return None
    for name, starts in HEADERS.items():
        if name not in ("project", "process", "practice") and any(h.startswith(s) for s in starts):
            return name
    return None


@dataclass(frozen=True)
class ToolCell:
    """One project's characterization of one practice (for a per-process practice, in one process)."""

    sheet: str
    row: int
    practice: str
    process: str | None
    project: str
    value: str
    artifact: str
    affirmation: str
    weakness: str

    @property
    def where(self) -> str:
        return f"{self.sheet}!{self.row}"


@dataclass(frozen=True)
class ToolValue:
    """A value typed once per block: an OU characterization (``target`` a practice id, ``process`` set for a
    per-process one) or a practice-group rating (``target`` ``CAR L2``; S, U, NR)."""

    sheet: str
    row: int
    target: str
    process: str | None
    value: str


@dataclass
class ToolReading:
    path: Path
    rows: list[ToolCell]
    ou: list[ToolValue] = field(default_factory=list)
    groups: list[ToolValue] = field(default_factory=list)
    #: The PA sheets read, and (sheet, why) of the sheets left out.
    sheets: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    #: Rows with entries whose project is out of scope (``OoS``): not imported.
    out_of_scope: int = 0


def read_mdd_tool_characterizations(path: str | Path) -> ToolReading:
    """Read every visible PA sheet's project characterizations, OU values and PG ratings.

    Raises ``InputFileError`` naming file!sheet!cell for each row it cannot read, and when the workbook has
    no PA sheet at all."""
    path = Path(path)
    wb = open_workbook(path)
    reading = ToolReading(path, [])
    problems: list[str] = []
    try:
        for ws in wb.worksheets:
            if ws.sheet_state != "visible":
                reading.skipped.append((ws.title, "hidden"))
                continue
            rows = ws.iter_rows(values_only=True)
            header = next(rows, None) or ()
            columns: dict[str, int] = {}
            for i, text in enumerate(header):
                name = _field_of(cell_text(text))
                if name is not None and name not in columns:
                    columns[name] = i
            if "practice" not in columns or "project" not in columns:
                reading.skipped.append((ws.title, "not a practice-area sheet"))
                continue
            missing = [f for f in REQUIRED if f not in columns]
            if missing:
                problems.append(f"{path.name}!{ws.title}!1: no column for {', '.join(missing)} "
                                f"(headers: {', '.join(repr(cell_text(h)) for h in header if cell_text(h))})")
                continue
            reading.sheets.append(ws.title)
            _read_sheet(path.name, ws.title, rows, columns, reading, problems)
    finally:
        wb.close()
    raise_problems(problems, f"{path.name}: {len(problems)} rows cannot be read; nothing was imported")
    if not reading.sheets:
        raise InputFileError(f"{path.name}: no practice-area sheet (a sheet whose row 1 has 'Practice', 'Project', "
                             "'Project Char' ...); is this an MDD Appraisal Tool workbook?")
    return reading


def _read_sheet(name: str, sheet: str, rows: Any, columns: dict[str, int], reading: ToolReading,
                problems: list[str]) -> None:
    from openpyxl.utils import get_column_letter

    def cell(values: tuple[Any, ...], field_name: str) -> str:
        i = columns.get(field_name)
        return cell_text(values[i]) if i is not None and i < len(values) else ""

    def ref(field_name: str, r: int) -> str:
        return f"{name}!{sheet}!{get_column_letter(columns[field_name] + 1)}{r}"

    practice: str | None = None
    process: str | None = None
    block_start = 0
    per_process = "process" in columns
    for r, values in enumerate(rows, start=2):
        first = cell(values, "practice")
        if first:
            if first.upper() == "PA" or _PRACTICE_ID.match(first) is None:
                if first.upper() != "PA":
                    problems.append(f"{ref('practice', r)}: {first!r} is not a practice id (like "
                                    f"'{sheet} 1.1'); the rows below it were not read")
                return  # the helper table (A = PA) below the blocks: no practices
            m = _PRACTICE_ID.match(first)
            assert m is not None
            practice = f"{m.group(1).upper()} {int(m.group(2))}.{int(m.group(3))}"
            block_start = r
        if practice is None:
            continue
        if per_process and (r - block_start) % PROJECT_SLOTS == 0:
            # a process sub-block's first row names its process; an unused slot's is blank (no process)
            process = cell(values, "process") or None
        group = cell(values, "group")
        if group:
            level = practice.split(" ")[1].split(".")[0]
            reading.groups.append(ToolValue(sheet, r, f"{practice.split(' ')[0]} L{level}", None, group.upper()))
        ou = cell(values, "ou")
        if ou:
            reading.ou.append(ToolValue(sheet, r, practice, process if per_process else None, ou.upper()))
        project = cell(values, "project")
        artifact, affirmation, weakness = (cell(values, f) for f in ("artifact", "affirmation", "weakness"))
        if not project or not (artifact or affirmation or weakness):
            continue  # an untouched row: its cached default is not data
        value = cell(values, "char").upper()
        if value == OUT_OF_SCOPE:
            reading.out_of_scope += 1
            continue
        if per_process and not process:
            problems.append(f"{ref('process', r)}: {practice} / {project} is in a process slot with no process "
                            f"(B{block_start + (r - block_start) // PROJECT_SLOTS * PROJECT_SLOTS} is empty)")
            continue
        if not value:
            problems.append(f"{ref('char', r)}: {practice} / {project} has entries but no Project Char (open "
                            "and save the workbook in Excel so its formulas are calculated)")
            continue
        reading.rows.append(ToolCell(sheet, r, practice, process if per_process else None, project, value,
                                     artifact, affirmation, weakness))
