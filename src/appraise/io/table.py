"""Reading a spreadsheet export (CSV) into rows with known field names.

Handles what spreadsheets and document systems write: ``,`` ``;`` or tab as the
delimiter (sniffed), a UTF-8 byte-order mark, Excel's quoting (doubled quotes,
newlines inside quoted cells), Windows-1252 text from older Excel, and header
names in any case, spacing or the usual synonyms.
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

from appraise.errors import InputFileError

DELIMITERS = ",;\t"
MAX_PROBLEMS_SHOWN = 20
#: The largest input file read: far above a real evidence index (100k rows are ~20 MB), far below the memory.
MAX_INPUT_MB = 200
#: Dialect detection looks at this much of the file, whatever its size.
SNIFF_CHARS = 64 * 1024
#: A problem line quotes at most this much of a cell.
MAX_PROBLEM_CHARS = 300


def header_key(name: str) -> str:
    """``"Practice ID"``, ``"practice_id"`` and ``" PRACTICE-ID "`` are one header."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


@dataclass(frozen=True)
class Field:
    """A column the importer knows, with the header names that mean it."""

    name: str
    synonyms: tuple[str, ...]
    required: bool = False

    @property
    def label(self) -> str:
        return self.name.replace("_", " ")


@dataclass
class Table:
    """A CSV file with its columns mapped to fields; rows are read as they are iterated."""

    path: Path
    columns: dict[str, int]  # field name -> column index
    headers: list[str]
    text: str = field(repr=False)
    delimiter: str = ","
    encoding: str = "utf-8"
    ignored: list[str] = field(default_factory=list)
    #: Data rows read so far (blank rows not counted); complete once iterated.
    row_count: int = 0

    def header_of(self, field_name: str) -> str:
        column = self.columns.get(field_name)
        return self.headers[column] if column is not None else field_name.replace("_", " ")

    def iter_rows(self, problems: Problems) -> Iterator[tuple[int, list[str]]]:
        """Each non-blank data row with the line it starts on (quoted newlines counted).

        A row with more (non-empty) cells than the header has columns is a problem, not a row:
        its cells cannot be told apart.
        """
        reader = csv.reader(io.StringIO(self.text, newline=""), delimiter=self.delimiter)
        next(reader, None)  # the header
        line = reader.line_num + 1
        count = 0
        width = len(self.headers)
        try:
            for row in reader:
                if "".join(row).strip():
                    count += 1
                    if len(row) > width and "".join(row[width:]).strip():
                        problems.add(line, None, f"{len(row)} cells but the header has {width} columns")
                    else:
                        yield line, row
                line = reader.line_num + 1
        except csv.Error as exc:
            raise InputFileError(f"{self.path}:{reader.line_num}: cannot read the row ({exc})") from None
        finally:
            self.row_count = count


class Problems:
    """Collects every bad cell of a file, so the user can fix them all in one go."""

    def __init__(self, path: Path) -> None:
        self.path = path
        #: The first ``MAX_PROBLEMS_SHOWN`` problems; ``count`` counts them all.
        self.lines: list[str] = []
        self.count = 0

    def add(self, line: int, column: str | None, message: str) -> None:
        self.count += 1
        if len(self.lines) >= MAX_PROBLEMS_SHOWN:
            return
        where = f"{self.path}:{line}"
        if column:
            where += f": column {shorten(column, 60)!r}"
        self.lines.append(shorten(f"{where}: {message}", MAX_PROBLEM_CHARS))

    def raise_if_any(self, what: str) -> None:
        if not self.count:
            return
        more = self.count - len(self.lines)
        summary = f"{self.path}: {self.count} problem{'s' if self.count != 1 else ''}; nothing was {what}"
        if self.count == 1:
            summary = f"{self.lines[0]}; nothing was {what}"
        raise InputFileError(summary, self.lines + ([f"... and {more} more problems"] if more else []))


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters (a pasted 1 MB cell must not make a 1 MB message)."""
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _read_bytes(path: Path) -> bytes:
    """The file's bytes: only a regular file (a FIFO would block, a device never ends), only up to the limit."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputFileError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputFileError(f"{path}: cannot read the file ({exc.strerror})") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputFileError(f"{path} is a folder, not a CSV file")
    if not stat.S_ISREG(st.st_mode):
        raise InputFileError(f"{path}: not a regular file (a pipe, socket or device): save the data to a file "
                             "and give that")
    limit = MAX_INPUT_MB * 1024 * 1024
    too_big = f"{path}: the file is larger than {MAX_INPUT_MB} MB, the most appraise reads: split it"
    if st.st_size > limit:
        raise InputFileError(too_big)
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise InputFileError(f"{path}: cannot read the file ({exc.strerror})") from None
    if len(data) > limit:  # it grew while we looked
        raise InputFileError(too_big)
    return data


def _decode(path: Path) -> tuple[str, str]:
    data = _read_bytes(path)
    if data.startswith(b"PK\x03\x04"):
        raise InputFileError(f"{path}: this looks like an Excel workbook (.xlsx), not a CSV file: "
                             "save it as \"CSV UTF-8\" and import that")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode Text"
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise InputFileError(f"{path}: the file starts like UTF-16 text but cannot be read as such") from None
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        # Excel's "CSV" on Windows writes the ANSI code page; 1252 covers Western Europe.
        return data.decode("cp1252", errors="replace"), "cp1252"


def _sniff(path: Path, text: str) -> str:
    """The delimiter: the header's, when it holds exactly one of ``,`` ``;`` tab; else the one that splits
    the first rows (at most ``SNIFF_CHARS``) into as many cells as the header, most often.

    Linear in the sample: ``csv.Sniffer``'s regular expressions took 29 s on a crafted 64 kB file.
    """
    sample = text[:SNIFF_CHARS]
    first = sample.split("\n", 1)[0]
    in_header = [d for d in DELIMITERS if d in first]
    if len(in_header) == 1:
        return in_header[0]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[:sample.rindex("\n") + 1]  # whole lines only
    best: tuple[int, int, int] | None = None
    chosen = ""
    for rank, delimiter in enumerate(reversed(in_header)):  # on a tie, ',' before ';' before tab
        try:
            widths = [len(row) for row in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter) if row]
        except csv.Error:
            continue
        if not widths or widths[0] < 2:
            continue
        score = (sum(1 for w in widths[1:] if w == widths[0]), widths[0], rank)
        if best is None or score > best:
            best, chosen = score, delimiter
    if chosen:
        return chosen
    counts = {d: first.count(d) for d in DELIMITERS}
    most = max(counts, key=counts.__getitem__)
    if counts[most] == 0:
        raise InputFileError(f"{path}:1: cannot tell the columns apart: the header has no ',', ';' "
                             "or tab delimiter")
    return most


def read_table(path: str | Path, fields: Mapping[str, Field]) -> Table:
    """Read ``path`` and map its header to ``fields``; raise InputFileError naming the problem."""
    p = Path(path)
    text, encoding = _decode(p)
    if not text.strip():
        raise InputFileError(f"{p}: the file is empty")
    if "\x00" in text:
        raise InputFileError(f"{p}: this is not a text file (it holds binary data); export the index as CSV")
    delimiter = _sniff(p, text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        headers = next(reader)
    except csv.Error as exc:
        raise InputFileError(f"{p}:1: cannot read the header ({exc})") from None
    headers = [shorten(h.strip(), 80) for h in headers]
    by_key = {header_key(s): f.name for f in fields.values() for s in (f.name, *f.synonyms)}
    columns: dict[str, int] = {}
    ignored = []
    for i, h in enumerate(headers):
        name = by_key.get(header_key(h))
        if name is None:
            if h:
                ignored.append(h)
            continue
        if name in columns:
            raise InputFileError(f"{p}:1: columns {headers[columns[name]]!r} and {h!r} both mean "
                                 f"{fields[name].label!r}; keep one")
        columns[name] = i
    missing = [f for f in fields.values() if f.required and f.name not in columns]
    if missing:
        wanted = "; ".join(f"{f.label!r} (or {', '.join(repr(s) for s in f.synonyms[:4])})" for f in missing)
        raise InputFileError(f"{p}:1: missing column {wanted}; the header has: "
                             f"{shorten(', '.join(headers), MAX_PROBLEM_CHARS)}")
    return Table(p, columns, headers, text, delimiter, encoding, ignored)


def picker(table: Table, field_names: tuple[str, ...]) -> Callable[[list[str]], tuple[str, ...]]:
    """A function giving a row's raw cells of ``field_names`` ("" for a field the file lacks)."""
    width = len(table.headers)
    # a field the file lacks reads column ``width``, which every row is cut or padded to hold as ""
    indexes = [table.columns.get(f, width) for f in field_names]
    get = itemgetter(*indexes) if len(indexes) > 1 else (lambda row: (row[indexes[0]],))
    pad = [""]

    def pick(row: list[str]) -> tuple[str, ...]:
        if len(row) != width:  # short rows, and long ones whose extra cells are blank
            row = row[:width] + pad * (width + 1 - min(len(row), width))
        else:
            row = row + pad
        return get(row)  # type: ignore[no-any-return]

    return pick


def iter_cells(table: Table, field_names: tuple[str, ...], problems: Problems) -> Iterator[tuple[int, list[str]]]:
    """Each row's line number and the stripped cells of ``field_names`` (empty when absent)."""
    pick = picker(table, field_names)
    for line, row in table.iter_rows(problems):
        yield line, [cell.strip() for cell in pick(row)]
