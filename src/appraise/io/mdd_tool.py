"""Reading the model's structure out of the user's MDD Toolkit Appraisal Tool workbook (domain page 1.3).

The workbook is opened read-only for its cached values (``data_only``): its macros never run and it is never
written. Read: the ``Organizational Unit Summary`` (type B24, representation B25, view B26, target B27, domain
toggles B28:B35; the mapping table rows 10-48: domain in D, merged over its rows, so filled down; target in E;
the area in F), each area's sheet (named by its acronym: the practice id on the first row of each block in A;
a ``Process`` column B marks a per-process area, the tool's GOV and II, whose helper table below the blocks is
not read), and ``OU Roll-Up`` as a cross-check. ``Old-Instructions`` and ``Continuous Profile`` (stale) are
never read. Practice statements are not in the workbook; only ids are.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from appraise.errors import InputFileError
from appraise.framework.builder import ToolArea, ToolModel

SUMMARY = "Organizational Unit Summary"
ROLLUP = "OU Roll-Up"
INSTRUCTIONS = "Instructions"
#: Sheets of the tool that are never a practice area's (the stale ones are not read at all).
NOT_AREAS = {SUMMARY, ROLLUP, INSTRUCTIONS, "Processes", "Old-Instructions", "Continuous Profile"}
MAPPING_ROWS = range(10, 49)
SETTINGS = (("appraisal_type", "B24"), ("representation", "B25"), ("view", "B26"), ("target", "B27"))

_PRACTICE = re.compile(r"^\s*([A-Za-z][A-Za-z0-9]*)\s*(\d)\.(\d+)\s*$")
_ACRONYM = re.compile(r"^\s*([A-Z][A-Z0-9]+)\b\s*(?:[-\u2013:(]\s*)?(.*?)\)?\s*$")
_NAME_FIRST = re.compile(r"^\s*(.+?)\s*\(([A-Z][A-Z0-9]+)\)\s*$")
_VERSION = re.compile(r"\bVersion\s+(\d+\.\d+)", re.I)
_DOMAIN_TOGGLE = re.compile(r"^\s*With\s+(.+?)\s*(?:\(([A-Z]+)\))?\s*\?\s*$", re.I)


def read_mdd_tool(path: str | Path, method_version: str | None = None) -> ToolModel:
    """The model structure of the Appraisal Tool workbook at ``path``; InputFileError naming the sheet and cell
    when it is not one. ``method_version`` when the workbook does not say its version."""
    path = Path(path)
    wb = _open(path)
    try:
        return _read(wb, path, method_version)
    finally:
        wb.close()


def _open(path: Path) -> Any:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    if not path.is_file():
        raise InputFileError(f"{path}: no such file" if not path.exists() else f"{path}: not a file")
    try:
        return load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except InvalidFileException:
        raise InputFileError(f"{path}: not an Excel workbook: give the Appraisal Tool as .xlsm (or .xlsx)") from None
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputFileError(f"{path}: not an Excel workbook appraise can read ({detail})") from None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _read(wb: Any, path: Path, method_version: str | None) -> ToolModel:
    name = path.name
    if SUMMARY not in wb.sheetnames:
        raise InputFileError(f"{name}: not the MDD Appraisal Tool layout: it has no sheet {SUMMARY!r} "
                             f"(its sheets: {', '.join(wb.sheetnames[:8])}{' ...' if len(wb.sheetnames) > 8 else ''})")
    summary = _cells(wb[SUMMARY], 1, 59, 1, 6)
    header = [_text(summary.get((9, c))) for c in (4, 5, 6)]
    if header[0].replace(" ", "").casefold() != "core/domains" or "practice area" not in header[2].casefold():
        raise InputFileError(f"{name}: not the MDD Appraisal Tool layout: {SUMMARY}!D9:F9 should read "
                             f"'Core/Domains | Target PA Level | Practice Area', not {' | '.join(header)!r}")
    settings = {key: _text(summary.get(_cell(ref))) for key, ref in SETTINGS if _text(summary.get(_cell(ref)))}
    on = []
    for row in range(28, 36):
        m = _DOMAIN_TOGGLE.match(_text(summary.get((row, 1))))
        if m and _text(summary.get((row, 2))).casefold() == "yes":
            on.append(m.group(1))
    if on:
        settings["domains_on"] = ", ".join(on)
    settings.update(_units_and_processes(wb, summary))
    version = _version(wb, method_version, name)
    rows = _mapping_rows(summary, name)
    areas, notes = [], []
    for row, domain, target, acronym, title in rows:
        if acronym not in wb.sheetnames:
            raise InputFileError(f"{name}: {SUMMARY}!F{row} names the practice area {acronym!r}, but the workbook "
                                 f"has no sheet {acronym!r}")
        practices, per_process = _area_sheet(wb[acronym], acronym, name)
        areas.append(ToolArea(acronym, title, domain, practices, per_process, target))
    listed = {a.id for a in areas}
    for sheet in wb.sheetnames:
        if sheet not in NOT_AREAS and sheet not in listed and not sheet.startswith("Project "):
            first = next(wb[sheet].iter_rows(min_row=1, max_row=1, max_col=1, values_only=True), (None,))
            if _text(first[0] if first else None).casefold() == "practice":
                notes.append(f"{name}: sheet {sheet!r} looks like a practice area but {SUMMARY} does not list it; "
                             "left out")
    notes += _cross_check(wb, areas, name)
    domains = tuple(dict.fromkeys(a.domain for a in areas))
    return ToolModel(tuple(areas), domains, version, settings, tuple(notes))


def _count(value: Any, most: int) -> int:
    try:
        return max(0, min(int(float(str(value))), most))
    except (TypeError, ValueError):
        return 0


def _units_and_processes(wb: Any, summary: dict[tuple[int, int], Any]) -> dict[str, str]:
    """The projects (B38 how many, B40:B59 their names) and the processes (Processes!C1, B3:B27)."""
    out = {}
    projects = [_text(summary.get((40 + i, 2))) for i in range(_count(summary.get((38, 2)), 20))]
    if any(projects):
        out["projects"] = ", ".join(p for p in projects if p)
    if "Processes" in wb.sheetnames:
        cells = _cells(wb["Processes"], 1, 27, 2, 3)
        names = [_text(cells.get((3 + i, 2))) for i in range(_count(cells.get((1, 3)), 25))]
        if any(names):
            out["processes"] = ", ".join(n for n in names if n)
    return out


def _cell(ref: str) -> tuple[int, int]:
    from openpyxl.utils.cell import coordinate_to_tuple

    return coordinate_to_tuple(ref)


def _cells(ws: Any, min_row: int, max_row: int, min_col: int, max_col: int) -> dict[tuple[int, int], Any]:
    out = {}
    for r, row in enumerate(ws.iter_rows(min_row=min_row, max_row=max_row, min_col=min_col, max_col=max_col,
                                         values_only=True), min_row):
        for c, value in enumerate(row, min_col):
            if value is not None:
                out[(r, c)] = value
    return out


def _version(wb: Any, given: str | None, name: str) -> str:
    """The method version: "3.0" from the tool's version text (``Version 3.0``), else the one given."""
    for sheet in (INSTRUCTIONS, SUMMARY):
        if sheet not in wb.sheetnames:
            continue
        for value in _cells(wb[sheet], 1, 40, 1, 12).values():
            m = _VERSION.search(_text(value))
            if m:
                return m.group(1)
    if given:
        return given
    raise InputFileError(f"{name}: the workbook does not say its version ({INSTRUCTIONS}!A1:L40 has no "
                         "'Version n.n'); give --method-version (3.0 or 2.0)")


def _mapping_rows(summary: dict[tuple[int, int], Any], name: str) -> list[tuple[int, str, str, str, str]]:
    """(row, domain, target, acronym, name) of each area of the mapping table; D is merged: filled down."""
    out, domain, seen = [], "", {}
    for row in MAPPING_ROWS:
        d, target, area = (_text(summary.get((row, c))) for c in (4, 5, 6))
        if d:
            domain = d
        if not area:
            continue
        m, late = _ACRONYM.match(area), _NAME_FIRST.match(area)
        if late:  # "Requirements Development and Management (RDM)"
            acronym, title = late.group(2), late.group(1)
        elif m:  # "RDM", "RDM - Requirements ...", "RDM (Requirements ...)"
            acronym, title = m.group(1), m.group(2).strip()
        else:
            raise InputFileError(f"{name}: {SUMMARY}!F{row}: {area!r} is not a practice area acronym (e.g. RDM)")
        if not domain:
            raise InputFileError(f"{name}: {SUMMARY}!D{row}: no domain (Core, Development ...) for {acronym}")
        if acronym in seen:
            raise InputFileError(f"{name}: {SUMMARY}!F{row}: {acronym} is listed twice (also on row {seen[acronym]})")
        if target and target != "OoS" and target not in {"1", "2", "3", "4", "5"}:
            raise InputFileError(f"{name}: {SUMMARY}!E{row}: target {target!r} of {acronym} is not OoS or 1-5")
        seen[acronym] = row
        out.append((row, domain, target, acronym, title))
    if not out:
        raise InputFileError(f"{name}: not the MDD Appraisal Tool layout: {SUMMARY}!F10:F48 lists no practice area")
    return out


def _area_sheet(ws: Any, acronym: str, name: str) -> tuple[tuple[str, ...], bool]:
    """The practice numbers of an area's sheet in level order, and whether it has the Process column."""
    ws.reset_dimensions()  # read to the last row there is, whatever size the file declares
    rows: Iterable[tuple[Any, ...]] = ws.iter_rows(min_col=1, max_col=2, values_only=True)
    header = next(iter(rows), (None, None))
    if _text(header[0]).casefold() != "practice":
        raise InputFileError(f"{name}: not the MDD Appraisal Tool layout: {acronym}!A1 should read 'Practice', not "
                             f"{_text(header[0])!r}")
    per_process = _text(header[1] if len(header) > 1 else None).casefold() == "process"
    found: dict[tuple[int, int], str] = {}
    where: dict[tuple[int, int], int] = {}
    for r, row in enumerate(rows, 2):
        value = row[0] if row else None
        if value is None:
            continue
        if isinstance(value, (int, float)) or _text(value) == "PA":
            break  # the helper table below the blocks (GOV, II): practice numbers stored as numbers
        text = _text(value)
        if not text:
            continue
        m = _PRACTICE.match(text)
        if not m:
            raise InputFileError(f"{name}: {acronym}!A{r}: {text!r} is not a practice id ({acronym} <level>.<n>, "
                                 f"e.g. {acronym} 2.1)")
        if m.group(1).upper() != acronym.upper():
            raise InputFileError(f"{name}: {acronym}!A{r}: practice {text!r} is not one of {acronym}'s (the sheet "
                                 "is named by its practice area)")
        key = (int(m.group(2)), int(m.group(3)))
        if key in found:
            raise InputFileError(f"{name}: {acronym}!A{r}: practice {text!r} appears twice (also on row {where[key]})")
        if key[0] < 1 or key[0] > 5:
            raise InputFileError(f"{name}: {acronym}!A{r}: {text!r}: a practice's level is 1 to 5")
        found[key] = f"{key[0]}.{key[1]}"
        where[key] = r
    if not found:
        raise InputFileError(f"{name}: sheet {acronym!r} holds no practice ids in column A (from A2)")
    return tuple(found[k] for k in sorted(found)), per_process


def _cross_check(wb: Any, areas: list[ToolArea], name: str) -> list[str]:
    """OU Roll-Up lists each practice as a cell of its area's column (blank = no such practice)."""
    if ROLLUP not in wb.sheetnames:
        return [f"{name}: no sheet {ROLLUP!r}; the practices were not cross-checked"]
    cells = _cells(wb[ROLLUP], 3, 39, 1, 40)
    columns = {_text(v): c for (r, c), v in cells.items() if r == 3 and c > 1}
    labels = {r: _text(v) for (r, c), v in cells.items() if c == 1 and r > 3}
    if not columns:
        return [f"{name}: {ROLLUP}!B3 onwards lists no practice areas; the practices were not cross-checked"]
    notes = []
    for area in areas:
        col = columns.get(area.id)
        if col is None:
            notes.append(f"{name}: {ROLLUP} row 3 has no column for {area.id}; not cross-checked")
            continue
        listed = {labels[r] for r in labels if re.fullmatch(r"\d\.\d+", labels[r]) and (r, col) in cells}
        if not listed:
            continue  # no cached values (a file saved without them): nothing to compare
        missing, extra = sorted(set(area.practices) - listed), sorted(listed - set(area.practices))
        if missing or extra:
            notes.append(f"{name}: {ROLLUP} disagrees with sheet {area.id}: "
                         + "; ".join(x for x in (f"not in the roll-up: {', '.join(missing)}" if missing else "",
                                                 f"only in the roll-up: {', '.join(extra)}" if extra else "") if x)
                         + f" (the model takes sheet {area.id}'s)")
    return notes
