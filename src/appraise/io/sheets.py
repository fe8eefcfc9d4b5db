"""Where an import's rows come from: a sheet of a workbook or a CSV file, read as text cells.

A ``Sheet`` is one table of cells with its header row found; ``open_sheets`` gives the sheets of a file an
``ImportSpec`` (``appraise.io.layouts``) selects. Rows are streamed; a cell is text (stripped, a date as ISO, a
formula as its cached value, a cell covered by a merged range as the range's value). ``where`` names a cell the
way the user finds it: ``oe.xlsx!RDM:B101`` in a workbook, ``index.csv:101: column 'Practice'`` in a CSV.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from appraise.errors import InputFileError
from appraise.io.table import Field, Problems, Table, read_table, shorten

if TYPE_CHECKING:
    from appraise.io.layouts import ImportSpec

#: Rows looked at when the header row is found by itself (the OE database's header is on row 8).
HEADER_SEARCH_ROWS = 30
#: Suffixes read as workbooks.
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def column_letter(index: int) -> str:
    """``0`` -> ``A``, ``27`` -> ``AB`` (spreadsheet column letters)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = string.ascii_uppercase[rest] + letters
    return letters


def column_index(letters: str) -> int | None:
    """``A`` -> ``0``, ``ab`` -> ``27``; None when ``letters`` is not a column letter (at most 3 letters)."""
    text = letters.strip().upper()
    if not text or len(text) > 3 or not all(c in string.ascii_uppercase for c in text):
        return None
    index = 0
    for c in text:
        index = index * 26 + (ord(c) - 64)
    return index - 1


@dataclass(frozen=True)
class SheetInfo:
    """A sheet of a file as the mapping dialog lists it (a CSV file is one sheet named "")."""

    name: str
    hidden: bool = False


@dataclass
class Sheet:
    """One table of a file: its header (found or given) and its data rows, streamed as text cells."""

    path: Path
    #: The sheet's name; "" for a CSV file.
    name: str
    #: The spreadsheet's own number of the header row (1-based).
    header_row: int
    headers: list[str]
    #: True when the header row was found by looking (not given, not row 1): the import says so.
    header_found: bool = False
    _table: Table | None = field(default=None, repr=False)
    #: A workbook sheet's rows (``appraise.io.workbook_sheets``): called once per pass.
    _reader: Callable[[Problems | None], Iterator[tuple[int, list[str]]]] | None = field(default=None, repr=False)

    @property
    def is_workbook(self) -> bool:
        return self.path.suffix.lower() in WORKBOOK_SUFFIXES

    def rows(self, problems: Problems | None = None) -> Iterator[tuple[int, list[str]]]:
        """Each non-blank data row below the header: (the spreadsheet's row number, its cells as text)."""
        if self._reader is not None:
            return self._reader(problems)
        assert self._table is not None
        return self._table.iter_rows(problems or Problems(self.path))

    def where(self, row: int, column: int | None) -> str:
        """The cell as the user finds it: ``oe.xlsx!RDM:B101``, or ``index.csv:101: column 'Practice'``."""
        if self.is_workbook:
            return f"{self.path}!{self.name}:{column_letter(column) if column is not None else ''}{row}"
        where = f"{self.path}:{row}"
        if column is not None and column < len(self.headers):
            where += f": column {shorten(self.headers[column], 60)!r}"
        return where


def open_csv(path: Path) -> Sheet:
    """A CSV file as one sheet (header on line 1; the delimiter and encoding found by ``read_table``; the layouts
    map its columns)."""
    table = read_table(path)
    return Sheet(Path(path), "", 1, table.headers, _table=table)


def open_sheets(path: str | Path, spec: ImportSpec, fields: Mapping[str, Field]) -> list[Sheet]:
    """The sheets of ``path`` an import reads, as ``spec`` chooses them (contract §1).

    A CSV file is one sheet (header on line 1). A workbook gives ``spec.sheet`` (hidden ones too), or every
    visible sheet matching the glob ``spec.sheets`` (case-insensitive) in the workbook's order, or else the first
    visible sheet whose header fits ``fields``. The header row is ``spec.header_row``, else the row of the first
    ``HEADER_SEARCH_ROWS`` naming the most fields (at least two; else the first row with text), and then
    ``header_found`` says it was looked for.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES or suffix == ".xls":
        from appraise.io.workbook_sheets import open_workbook_sheets

        return open_workbook_sheets(p, spec.sheet, spec.sheets, spec.header_row, fields, HEADER_SEARCH_ROWS, Sheet)
    if spec.header_row not in (None, 1):
        raise InputFileError(f"{p}: --header-row {spec.header_row}: a CSV file's header is its first line; remove "
                             "the lines above it, or import the workbook it came from")
    return [open_csv(p)]


def list_sheets(path: str | Path) -> list[SheetInfo]:
    """The sheets of a file in the workbook's order, hidden ones marked (a CSV file: one, named "")."""
    p = Path(path)
    if p.suffix.lower() not in (*WORKBOOK_SUFFIXES, ".xls"):
        return [SheetInfo("")]
    from appraise.io.workbook import open_workbook

    wb = open_workbook(p)
    try:
        return [SheetInfo(ws.title, ws.sheet_state != "visible") for ws in wb.worksheets]
    finally:
        wb.close()


def preview_rows(path: str | Path, sheet: str = "", limit: int = 12) -> list[list[str]]:
    """The first ``limit`` rows of a sheet as text, from row 1 (the header may be below banner rows)."""
    p = Path(path)
    if p.suffix.lower() not in (*WORKBOOK_SUFFIXES, ".xls"):
        import csv
        import itertools

        from appraise.io.table import _decode, _open_text, _sniff

        codec, _encoding = _decode(p)
        with _open_text(p, codec) as fh:
            start = fh.read(64 * 1024)
        with _open_text(p, codec) as fh:
            return [list(r) for r in itertools.islice(csv.reader(fh, delimiter=_sniff(p, start)), limit)]
    from appraise.io.workbook_sheets import preview

    return preview(p, sheet, limit)


__all__ = ["HEADER_SEARCH_ROWS", "list_sheets", "preview_rows", "Sheet", "SheetInfo", "WORKBOOK_SUFFIXES", "column_index",
           "column_letter", "open_csv", "open_sheets"]
