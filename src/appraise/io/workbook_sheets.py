"""A workbook's sheets as ``Sheet``s: rows streamed as text cells, merged ranges filled, the header found.

The workbook is opened once with openpyxl (read-only, cached formula values: ``appraise.io.workbook``) for what
every pass needs: the sheet names and states, the shared strings, which styles are dates and which number
formats fix the decimals. Each pass over a sheet then opens its part of the zip again and reads its rows as text
(``appraise.io.sheet_xml``: a number without float artefacts, ``3.0`` -> ``3``, ``2.1`` in a ``0.00`` cell ->
``2.10``; a date as ISO). Read-only openpyxl does not give merged ranges, so the ``<mergeCell ref="A2:A5"/>``
elements after ``</sheetData>`` are read from the part, streamed in blocks, once per sheet; a cell a range covers
reads the range's top-left value ("unmerge and fill"). The file is never written: it is opened for reading only,
and a file that changes between passes is refused.
"""

from __future__ import annotations

import contextlib
import fnmatch
import itertools
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from appraise.errors import InputFileError
from appraise.io.headers import fold, header_index
from appraise.io.sheet_xml import CellFormats, Range, number_format_decimals, parse_rows, read_merges
from appraise.io.table import Field, Problems, _stamp, shorten
from appraise.io.workbook import open_workbook


@dataclass
class Book:
    """What one opening of a workbook knows, kept for every later pass over its sheets."""

    path: Path
    stamp: tuple[int, int]
    #: name -> (zip member, hidden), in the workbook's order.
    sheets: dict[str, tuple[str, bool]]
    formats: CellFormats
    _merges: dict[str, list[Range]] = field(default_factory=dict)
    _archive: zipfile.ZipFile | None = None

    def check_unchanged(self) -> None:
        if _stamp(self.path) != self.stamp:
            raise InputFileError(f"{self.path}: the file changed while it was being imported; nothing was "
                                 "imported: import it again")

    @contextlib.contextmanager
    def opened(self) -> Iterator[None]:
        """Share one open zip among the passes made inside (choosing sheets, finding headers)."""
        with zipfile.ZipFile(self.path) as archive:
            self._archive = archive
            try:
                yield
            finally:
                self._archive = None

    def _zip(self) -> contextlib.AbstractContextManager[zipfile.ZipFile]:
        return contextlib.nullcontext(self._archive) if self._archive else zipfile.ZipFile(self.path)

    def merges(self, name: str) -> list[Range]:
        if name not in self._merges:
            with self._zip() as archive:
                self._merges[name] = read_merges(archive, self.sheets[name][0])
        return self._merges[name]

    def stream(self, name: str, header_row: int = 0) -> Iterator[tuple[int, list[str], bool]]:
        """Each row of the sheet in the file (row number, cells as text with merged ranges filled, whether the
        row's own cells are all empty). On ``header_row``, a range spanning columns names only its first one."""
        self.check_unchanged()
        starts: dict[int, list[Range]] = {}
        active: list[tuple[Range, str]] = []
        try:
            for r in self.merges(name):
                starts.setdefault(r[0], []).append(r)
            with self._zip() as archive, archive.open(self.sheets[name][0]) as src:
                for row, out in parse_rows(src, self.formats):
                    if row in starts:
                        active.extend((r, out[r[1] - 1] if r[1] <= len(out) else "") for r in starts[row])
                    if active:
                        blank = not out
                        active = [(r, v) for r, v in active if r[2] >= row]
                        for (r1, c1, _r2, c2), value in active:
                            if not value:
                                continue
                            if len(out) < c2:
                                out.extend([""] * (c2 - len(out)))
                            for c in range(c1 if row > r1 else c1 + 1, (c1 if row == header_row else c2) + 1):
                                out[c - 1] = value
                        yield row, out, blank
                    else:
                        yield row, out, not out
        except (KeyError, IndexError, ValueError, OSError, EOFError, zipfile.BadZipFile, zlib.error,
                SyntaxError) as exc:  # SyntaxError: xml.etree's ParseError
            raise InputFileError(f"{self.path}!{name}: the sheet cannot be read, the file is damaged ({exc}); "
                                 "open it in Excel and save it again") from None
        self.check_unchanged()


def open_book(path: Path) -> Book:
    """Open ``path`` once (read-only) for what every pass needs; refuse what is not a workbook openpyxl reads."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE

    stamp = _stamp(path)
    wb = open_workbook(path)
    try:
        custom = wb._number_formats
        number_styles = []
        for style in wb._cell_styles:
            fmt_id = style.numFmtId
            fmt = (BUILTIN_FORMATS.get(fmt_id, "General") if fmt_id < BUILTIN_FORMATS_MAX_SIZE
                   else custom[fmt_id - BUILTIN_FORMATS_MAX_SIZE])
            number_styles.append(number_format_decimals(fmt))
        sheets = {ws.title: (ws._worksheet_path, ws.sheet_state != "visible") for ws in wb.worksheets
                  if hasattr(ws, "_worksheet_path")}
        shared = next((ws._shared_strings for ws in wb.worksheets if hasattr(ws, "_shared_strings")), [])
        formats = CellFormats([str(s).strip() for s in shared], wb.epoch, frozenset(wb._date_formats),
                              frozenset(wb._timedelta_formats), tuple(number_styles))
        return Book(path, stamp, sheets, formats)
    except (KeyError, IndexError, AttributeError, ValueError) as exc:
        raise InputFileError(f"{path}: not an Excel workbook openpyxl can read ({exc})") from None
    finally:
        wb.close()


def _sheet_list(book: Book) -> str:
    visible = [n for n, (_m, hidden) in book.sheets.items() if not hidden]
    hidden = [n for n, (_m, h) in book.sheets.items() if h]
    text = ", ".join(visible) or "none visible"
    return text + (f" (hidden: {', '.join(hidden)})" if hidden else "")


Header = tuple[int, int, list[str]]


def find_header(book: Book, name: str, keys: Mapping[str, str], search_rows: int) -> Header | None:
    """(row, fields matched, cells) of the row in the first ``search_rows`` that names the most fields (row order
    breaks ties); the first non-blank row with 0 when none names two; None for an empty sheet."""
    best: Header | None = None
    first: Header | None = None
    for row, cells, blank in book.stream(name):
        if blank:
            continue
        if first and row > search_rows:
            break
        first = first or (row, 0, cells)
        score = len({keys[k] for k in map(fold, cells) if k in keys})
        if score >= 2 and (best is None or score > best[1]):
            best = (row, score, cells)
    found = best or first
    if found is None:
        return None
    row, score, cells = found
    for r1, c1, r2, c2 in book.merges(name):  # a range spanning columns names only its first one
        if r1 <= row <= r2 and c2 > c1:
            cells[c1:c2] = [""] * len(cells[c1:c2])
    return row, score, cells


def _given_header(book: Book, name: str, n: int) -> list[str]:
    seen: list[int] = []
    for row, cells, blank in book.stream(name, header_row=n):
        if row == n and not blank:
            return cells
        if not blank and len(seen) < 5:
            seen.append(row)
        if row > n and len(seen) >= 3:
            break
    rows = f"the first rows with text: {', '.join(map(str, seen))}" if seen else "the sheet is empty"
    raise InputFileError(f"{book.path}!{name}:{n}: --header-row {n}: no header there, the row is empty ({rows})")


def choose_sheets(book: Book, sheet: str | None, glob: str | None,
                  fits: Callable[[str], bool]) -> list[str]:
    """The sheets an import reads: the one named (hidden ones too), the visible ones matching ``glob``, or the
    first visible one whose header ``fits`` (else the first visible one)."""
    names = list(book.sheets)
    if sheet is not None:
        if sheet in book.sheets:
            return [sheet]
        same = [n for n in names if n.casefold() == sheet.strip().casefold()]
        if len(same) == 1:
            return same
        raise InputFileError(f"{book.path}: no sheet {sheet!r}; the sheets are: {_sheet_list(book)}")
    visible = [n for n in names if not book.sheets[n][1]]
    if glob is not None:
        chosen = [n for n in visible if fnmatch.fnmatchcase(n.casefold(), glob.strip().casefold())]
        if not chosen:
            raise InputFileError(f"{book.path}: no visible sheet matches {glob!r}; the sheets are: "
                                 f"{_sheet_list(book)}")
        return chosen
    if not visible:
        raise InputFileError(f"{book.path}: the workbook has no visible sheet; name one with --sheet "
                             f"(the sheets are: {_sheet_list(book)})")
    if len(visible) == 1:
        return visible
    return [next((n for n in visible if fits(n)), visible[0])]


def open_workbook_sheets(path: Path, sheet: str | None, glob: str | None, header_row: int | None,
                         fields: Mapping[str, Field], search_rows: int,
                         make: Callable[..., Any]) -> list[Any]:
    """The ``Sheet``s (built by ``make``) of a workbook an import reads (see ``appraise.io.sheets.open_sheets``)."""
    book = open_book(path)
    with book.opened():
        return _open(book, sheet, glob, header_row, fields, search_rows, make)


def _open(book: Book, sheet: str | None, glob: str | None, header_row: int | None, fields: Mapping[str, Field],
          search_rows: int, make: Callable[..., Any]) -> list[Any]:
    path = book.path
    keys = header_index(fields)
    found: dict[str, Header | None] = {}

    def header(name: str) -> Header | None:
        if name not in found:
            found[name] = find_header(book, name, keys, search_rows)
        return found[name]

    def fits(name: str) -> bool:
        h = header(name)
        return h is not None and h[1] >= 2

    names = choose_sheets(book, sheet, glob, fits)
    sheets = []
    for name in names:
        if header_row is not None:
            if header_row < 1:
                raise InputFileError(f"--header-row {header_row}: rows are numbered from 1")
            row, found_by_looking = header_row, False
            headers = _given_header(book, name, header_row)
        else:
            h = header(name)
            if h is None:
                if glob is not None:
                    continue  # an empty sheet a glob matched: nothing to read there
                raise InputFileError(f"{path}!{name}: the sheet is empty")
            row, found_by_looking, headers = h[0], h[0] != 1, h[2]
        sheets.append(make(path, name, row, [shorten(h, 80) for h in headers], found_by_looking,
                           _reader=_rows_of(book, name, row)))
    if not sheets:
        raise InputFileError(f"{path}: every sheet matching {glob!r} is empty")
    return sheets


def _rows_of(book: Book, name: str, header_row: int) -> Callable[[Problems | None], Iterator[tuple[int, list[str]]]]:
    def rows(_problems: Problems | None = None) -> Iterator[tuple[int, list[str]]]:
        for row, cells, blank in book.stream(name, header_row):
            if row > header_row and not blank:
                yield row, cells
    return rows


def preview(path: Path, sheet: str, limit: int) -> list[list[str]]:
    """The first ``limit`` rows of a sheet (from row 1, blank rows kept), as text with merged ranges filled."""
    book = open_book(path)
    name = sheet or next((n for n, (_m, hidden) in book.sheets.items() if not hidden), "")
    if name not in book.sheets:
        raise InputFileError(f"{path}: no sheet {sheet!r}; the sheets are: {_sheet_list(book)}")
    out: list[list[str]] = []
    for row, cells, _blank in itertools.islice(book.stream(name), limit):
        if row > limit:
            break
        out.extend([] for _ in range(row - 1 - len(out)))
        out.append(cells)
    return out


__all__ = ["Book", "choose_sheets", "find_header", "open_book", "open_workbook_sheets", "preview"]
