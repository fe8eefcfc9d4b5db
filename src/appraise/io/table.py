"""Reading a spreadsheet export (CSV) into rows with known field names.

Handles what spreadsheets and document systems write: ``,`` ``;`` or tab as the
delimiter (sniffed), a UTF-8 byte-order mark, Excel's quoting (doubled quotes,
newlines inside quoted cells), Windows-1252 text from older Excel, and header
names in any case, spacing or the usual synonyms.

The file is streamed, never held whole: its bytes are checked once in blocks (the encoding, binary
data), then each pass over the rows reads it again through ``csv.reader`` row by row, so a million-row
index costs the memory of one row (and of what the caller keeps). A file changed between passes is
refused.
"""

from __future__ import annotations

import codecs
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
#: The largest input file read (streamed, so not bounded by the memory): 100k rows are ~20 MB.
MAX_INPUT_MB = 1024
#: Bytes read at a time when the file is checked.
BLOCK = 1024 * 1024
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
    #: The codec the file is read with (``utf-8-sig``, ``utf-16``, ``cp1252``).
    codec: str = field(repr=False)
    delimiter: str = ","
    encoding: str = "utf-8"
    ignored: list[str] = field(default_factory=list)
    #: Data rows read so far (blank rows not counted); complete once iterated.
    row_count: int = 0
    #: (size, modification time) when the file was checked: a later pass refuses a changed file.
    stamp: tuple[int, int] = (0, 0)

    def header_of(self, field_name: str) -> str:
        column = self.columns.get(field_name)
        return self.headers[column] if column is not None else field_name.replace("_", " ")

    def iter_rows(self, problems: Problems) -> Iterator[tuple[int, list[str]]]:
        """Each non-blank data row with the line it starts on (quoted newlines counted).

        A row with more (non-empty) cells than the header has columns is a problem, not a row:
        its cells cannot be told apart.
        """
        self.check_unchanged()
        with _open_text(self.path, self.codec) as fh:
            reader = csv.reader(fh, delimiter=self.delimiter)
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
        self.check_unchanged()

    def check_unchanged(self) -> None:
        """Refuse a file that changed since it was checked (between a dry run's pass and the import's)."""
        if _stamp(self.path) != self.stamp:
            raise InputFileError(f"{self.path}: the file changed while it was being imported; nothing was "
                                 "imported: import it again")


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

    def add_at(self, where: str, message: str, kind: str = "") -> None:
        """A problem at ``where`` (``oe.xlsx!RDM:B101``, ``index.csv:7: column 'Practice'``); ``kind`` groups it."""
        self.count += 1
        if len(self.lines) < MAX_PROBLEMS_SHOWN:
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


def _stamp(path: Path) -> tuple[int, int]:
    try:
        st = os.stat(path)
    except OSError:
        return (-1, -1)
    return st.st_size, st.st_mtime_ns


def _check_file(path: Path) -> None:
    """Only a regular file (a FIFO would block, a device never ends), only up to the limit."""
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
    if st.st_size > MAX_INPUT_MB * 1024 * 1024:
        raise InputFileError(f"{path}: the file is larger than {MAX_INPUT_MB} MB, the most appraise reads: split it")


def _open_text(path: Path, codec: str) -> io.TextIOWrapper:
    try:
        return open(path, encoding=codec, errors="replace" if codec == "cp1252" else "strict", newline="")
    except OSError as exc:
        raise InputFileError(f"{path}: cannot read the file ({exc.strerror})") from None


def _decode(path: Path) -> tuple[str, str]:
    """(codec, encoding as reported) of the file, read once in blocks: UTF-8 (with or without a BOM),
    UTF-16 with a BOM (Excel's "Unicode Text"), else Windows-1252. Refuses workbooks, binary and empty files."""
    _check_file(path)
    try:
        with open(path, "rb") as fh:
            head = fh.read(4)
            if head.startswith(b"PK\x03\x04"):
                raise InputFileError(f"{path}: this looks like an Excel workbook (.xlsx), not a CSV file: "
                                     "save it as \"CSV UTF-8\" and import that")
            codec = "utf-16" if head.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
            fh.seek(0)
            decoder = codecs.getincrementaldecoder(codec)()
            text_seen = False
            try:
                while block := fh.read(BLOCK):
                    text = decoder.decode(block)
                    if "\x00" in text:
                        raise InputFileError(f"{path}: this is not a text file (it holds binary data); "
                                             "export the index as CSV")
                    text_seen = text_seen or bool(text.strip())
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                if codec == "utf-16":
                    raise InputFileError(f"{path}: the file starts like UTF-16 text but cannot be read as such") \
                        from None
                # Excel's "CSV" on Windows writes the ANSI code page; 1252 covers Western Europe.
                codec = "cp1252"
                fh.seek(0)
                while block := fh.read(BLOCK):
                    text = block.decode("cp1252", errors="replace")
                    if "\x00" in text:
                        raise InputFileError(f"{path}: this is not a text file (it holds binary data); "
                                             "export the index as CSV") from None
                    text_seen = text_seen or bool(text.strip())
    except OSError as exc:
        raise InputFileError(f"{path}: cannot read the file ({exc.strerror})") from None
    if not text_seen:
        raise InputFileError(f"{path}: the file is empty")
    return codec, {"utf-8-sig": "utf-8"}.get(codec, codec)


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
    stamp = _stamp(p)
    codec, encoding = _decode(p)
    with _open_text(p, codec) as fh:
        start = fh.read(SNIFF_CHARS + 1)  # one more: the sniffer knows whether there is more
    delimiter = _sniff(p, start)
    with _open_text(p, codec) as fh:
        reader = csv.reader(fh, delimiter=delimiter)
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
    table = Table(p, columns, headers, codec, delimiter, encoding, ignored, stamp=stamp)
    table.check_unchanged()
    return table


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
