"""The user's own practice statements, for the titles of a model built from their Appraisal Tool workbook.

Two sources, both the user's licensed copy: an OE database workbook (domain page 4.4: one sheet per practice
area named by its acronym, A8 = ``Heading``; ``2 Prac_OU`` rows hold the practice id in B and its statement in
C), or a CSV with the columns ``practice,statement``. appraise never ships or logs them.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from appraise.errors import InputFileError

_PRACTICE = re.compile(r"^\s*([A-Za-z][A-Za-z0-9]*)\s*(\d\.\d+)\s*$")


def practice_key(text: str) -> str | None:
    """``RDM 2.1`` for ``rdm2.1`` / `` RDM  2.1 ``; None when it is no practice id."""
    m = _PRACTICE.match(text)
    return f"{m.group(1).upper()} {m.group(2)}" if m else None


def read_statements(path: str | Path) -> dict[str, str]:
    """Practice id (``RDM 2.1``) -> statement, from an OE database workbook or a ``practice,statement`` CSV."""
    path = Path(path)
    if not path.is_file():
        raise InputFileError(f"{path}: no such statements file")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _from_oe_database(path)
    return _from_csv(path)


def _from_csv(path: Path) -> dict[str, str]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputFileError(f"{path}: cannot read the statements file ({exc})") from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or [h.strip().casefold() for h in rows[0][:2]] != ["practice", "statement"]:
        raise InputFileError(f"{path}:1: the statements CSV needs the header 'practice,statement'")
    out: dict[str, str] = {}
    for line, row in enumerate(rows[1:], 2):
        if not any(c.strip() for c in row):
            continue
        key = practice_key(row[0]) if row else None
        if key is None:
            raise InputFileError(f"{path}:{line}: column 'practice': {row[0]!r} is not a practice id (e.g. RDM 2.1)")
        statement = " ".join(row[1].split()) if len(row) > 1 else ""
        if statement:
            out[key] = statement
    return out


def _from_oe_database(path: Path) -> dict[str, str]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is one message
        raise InputFileError(f"{path}: not an Excel workbook appraise can read ({type(exc).__name__})") from None
    try:
        out: dict[str, str] = {}
        sheets = 0
        for name in wb.sheetnames:
            out.update(_oe_sheet(wb[name], name, path))
            sheets += 1 if _is_oe_sheet(wb[name]) else 0
        if not sheets:
            raise InputFileError(f"{path}: not an OE database workbook: no sheet has 'Heading' in A8 (sheets named "
                                 "by practice area, rows '2 Prac_OU' with the practice id in B, statement in C)")
        return out
    finally:
        wb.close()


def _is_oe_sheet(ws: Any) -> bool:
    cell = next(ws.iter_rows(min_row=8, max_row=8, max_col=1, values_only=True), (None,))
    return str(cell[0] if cell else "").strip().casefold() == "heading"


def _oe_sheet(ws: Any, name: str, path: Path) -> dict[str, str]:
    if not re.fullmatch(r"[A-Z][A-Z0-9]+", name.strip()) or not _is_oe_sheet(ws):
        return {}
    out = {}
    for r, row in enumerate(ws.iter_rows(min_row=9, max_col=3, values_only=True), 9):
        if not row or str(row[0] or "").strip() != "2 Prac_OU":
            continue
        key = practice_key(str(row[1] or ""))
        if key is None:
            raise InputFileError(f"{path}: {name}!B{r}: {row[1]!r} is not a practice id (e.g. {name} 2.1)")
        statement = " ".join(str(row[2] or "").split()) if len(row) > 2 else ""
        if statement:
            out[key] = statement
    return out
