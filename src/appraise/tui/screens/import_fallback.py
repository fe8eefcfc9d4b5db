"""Plan an import with the mapping dialog's choices (``ImportSpec``), whichever planner this build has.

The planners take the choices as ``plan_import(path, spec=spec)`` (issue 13, contract §3). Until that lands,
a planner reads only a CSV whose header names its columns: then the chosen sheet's rows below the chosen
header row are handed to it as a CSV of the mapped columns, written to a temporary folder (the user's file is
only read), and the planner's messages are turned back into the user's cells (``oe.xlsx!RDM:B101``).
Delete ``_plan_through_csv`` once every planner takes ``spec``.
"""

from __future__ import annotations

import csv
import inspect
import re
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from appraise.errors import InputFileError
from appraise.io.layouts import ImportSpec
from appraise.io.sheets import WORKBOOK_SUFFIXES, column_index, column_letter, preview_rows
from appraise.io.table import Field, header_key

#: Rows read by the fallback (a workbook sheet is read whole, as the planner would).
ALL_ROWS = 10_000_000


def takes_spec(plan_import: Callable[..., Any]) -> bool:
    """Whether ``plan_import`` takes the dialog's choices (``spec=``) itself."""
    try:
        return "spec" in inspect.signature(plan_import).parameters
    except (TypeError, ValueError):
        return False


def plan_with_spec(plan_import: Callable[..., Any], path: Path, spec: ImportSpec | None,
                   fields: Mapping[str, Field]) -> Any:
    """``plan_import(path, spec=spec)``; through a CSV of the mapped columns when the planner takes no spec."""
    if takes_spec(plan_import):
        return plan_import(path, spec=spec)
    if spec is None and path.suffix.lower() not in WORKBOOK_SUFFIXES:
        return plan_import(path)
    return _plan_through_csv(plan_import, path, spec or ImportSpec(), fields)


def resolve_columns(headers: Sequence[str], columns: Mapping[str, str]) -> dict[str, int]:
    """field -> column index of a spec's ``columns`` (a header, any case, or a column letter)."""
    out = {}
    for name, ref in columns.items():
        found = next((i for i, h in enumerate(headers) if h and header_key(h) == header_key(ref)), None)
        if found is None:
            found = column_index(ref)
        if found is not None:
            out[name] = found
    return out


def _plan_through_csv(plan_import: Callable[..., Any], path: Path, spec: ImportSpec,
                      fields: Mapping[str, Field]) -> Any:
    if spec.layout != "long":
        raise InputFileError(f"{path}: the {spec.layout} layout is not read by this build yet; choose long")
    rows = preview_rows(path, spec.sheet or "", ALL_ROWS)
    header_row = spec.header_row or 1
    headers = rows[header_row - 1] if len(rows) >= header_row else []
    columns = {f: i for f, i in resolve_columns(headers, spec.columns).items() if f in fields}
    if not spec.columns:  # nothing chosen: the header's own names, as the planner would map them
        columns = {f: i for i, h in enumerate(headers) for f, fd in fields.items()
                   if h and header_key(h) in {header_key(s) for s in (fd.name, *fd.synonyms)}}
    names = list(columns)
    if spec.project and "project" not in columns and "project" in fields:
        names.append("project")
    sheet_rows: list[int] = []
    with tempfile.TemporaryDirectory(prefix="appraise-import-") as folder:
        table = Path(folder) / f"{path.stem}.csv"
        with table.open("w", encoding="utf-8", newline="") as fh:
            out = csv.writer(fh)
            out.writerow(names)
            for number, cells in enumerate(rows[header_row:], start=header_row + 1):
                values = [" ".join(cells[columns[n]].split()) if n in columns and columns[n] < len(cells) else ""
                          for n in names]
                if not any(values):
                    continue
                if spec.project and "project" in names and not values[names.index("project")]:
                    values[names.index("project")] = spec.project
                out.writerow(values)
                sheet_rows.append(number)
        try:
            plan = plan_import(table)
        except InputFileError as exc:
            def user_cell(text: str) -> str:
                return _user_cell(text, table, path, spec, headers, columns, sheet_rows)
            raise InputFileError(user_cell(str(exc)), [user_cell(p) for p in exc.problems]) from None
    plan.path = path
    if hasattr(plan, "ignored_columns"):
        plan.ignored_columns = [h for i, h in enumerate(headers) if h and i not in columns.values()]
    return plan


def _user_cell(text: str, table: Path, path: Path, spec: ImportSpec, headers: Sequence[str],
               columns: Mapping[str, int], sheet_rows: Sequence[int]) -> str:
    """The planner's ``table.csv:3: column 'practice'`` as the user's cell, ``oe.xlsx!RDM:B101``."""
    def where(match: re.Match[str]) -> str:
        line, name = match.group(1), match.group(2)
        row = sheet_rows[int(line) - 2] if line and 2 <= int(line) < len(sheet_rows) + 2 else None
        column = columns.get(name) if name else None
        if path.suffix.lower() in WORKBOOK_SUFFIXES:
            cell = f"{column_letter(column) if column is not None else ''}{row if row is not None else ''}"
            return f"{path}!{spec.sheet}:{cell}" if cell else f"{path}!{spec.sheet}"
        place = f"{path}:{row}" if row is not None else str(path)
        if column is not None and column < len(headers):
            place += f": column {headers[column]!r}"
        return place

    return re.sub(re.escape(str(table)) + r"(?::(\d+))?(?:: column '([^']*)')?", where, text)


__all__ = ["plan_with_spec", "resolve_columns", "takes_spec"]
