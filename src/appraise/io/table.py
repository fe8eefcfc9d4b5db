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
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from appraise.errors import InputFileError

DELIMITERS = ",;\t"
MAX_PROBLEMS_SHOWN = 20
#: Problems an ``InputFileError`` keeps for ``--errors FILE`` (each at most ``MAX_PROBLEM_CHARS``).
MAX_PROBLEMS_KEPT = 100_000
#: A refusal grouped by kind names this many places of each kind, and shows this many kinds (one screenful).
PLACES_SHOWN = 3
MAX_KINDS_SHOWN = 10
#: The largest input file read (streamed, so not bounded by the memory): 100k rows are ~20 MB.
MAX_INPUT_MB = 1024
#: Bytes read at a time when the file is checked.
BLOCK = 1024 * 1024
#: Dialect detection looks at this much of the file, whatever its size.
SNIFF_CHARS = 64 * 1024
#: A problem line quotes at most this much of a cell.
MAX_PROBLEM_CHARS = 300


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
    """A CSV file's header and how to read it; rows are read as they are iterated."""

    path: Path
    headers: list[str]
    #: The codec the file is read with (``utf-8-sig``, ``utf-16``, ``cp1252``).
    codec: str = field(repr=False)
    delimiter: str = ","
    encoding: str = "utf-8"
    #: Data rows read so far (blank rows not counted); complete once iterated.
    row_count: int = 0
    #: (size, modification time) when the file was checked: a later pass refuses a changed file.
    stamp: tuple[int, int] = (0, 0)

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
    """Collects every bad cell of a file, so the user can fix them all in one go.

    Each problem has a place (``oe.xlsx!RDM:B101``, ``index.csv:7: column 'Practice'``), a message and a kind
    (what groups it: an unknown area code is one kind however many rows it affects; by default the message).
    The refusal shows one screenful: the problems grouped by kind with their counts and first places (a
    workbook, or a file where a named kind covers several rows), then the first problems; a CSV file's
    refusal keeps its line-per-problem form. ``InputFileError.all_problems`` holds every problem (up to
    ``MAX_PROBLEMS_KEPT``), for ``--errors FILE``.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        #: The first ``MAX_PROBLEMS_SHOWN`` problems; ``count`` counts them all.
        self.lines: list[str] = []
        #: Every problem, up to ``MAX_PROBLEMS_KEPT``.
        self.all: list[str] = []
        self.count = 0
        #: kind -> [rows, the first places, named: the caller gave the kind (not the message), the message its
        #: rows share (None when they differ), its first problem]
        self.kinds: dict[str, list] = {}  # type: ignore[type-arg]

    def add(self, line: int, column: str | None, message: str, kind: str = "") -> None:
        """A problem on a CSV file's ``line`` (in ``column``): ``index.csv:7: column 'Practice': ...``."""
        where = f"{self.path}:{line}"
        if column:
            where += f": column {shorten(column, 60)!r}"
        self.add_at(where, message, kind)

    def add_at(self, where: str, message: str, kind: str = "") -> None:
        """A problem at ``where`` (a cell as ``Records.where`` names it); ``kind`` groups it with others."""
        self.count += 1
        text = shorten(f"{where}: {message}", MAX_PROBLEM_CHARS)
        if len(self.all) < MAX_PROBLEMS_KEPT:
            self.all.append(text)
        if len(self.lines) < MAX_PROBLEMS_SHOWN:
            self.lines.append(text)
        group = self.kinds.get(kind or message)
        if group is None:
            if len(self.kinds) >= MAX_PROBLEMS_KEPT:
                return
            group = self.kinds[kind or message] = [0, [], bool(kind) and kind != message, message, text]
        elif group[3] is not None and group[3] != message:
            group[3] = None  # the kind's rows say different things
        group[0] += 1
        if len(group[1]) < PLACES_SHOWN:
            group[1].append(where)

    def grouped(self) -> bool:
        """Whether the refusal shows the problems by kind: a workbook's, when a kind covers several rows; a CSV
        file's when a named kind (an unknown area code) says the same on several rows."""
        if self.count < 2:
            return False
        if self.path.suffix.lower() in (".xlsx", ".xlsm"):
            return len(self.kinds) < self.count
        return any(rows > 1 and named and same is not None for rows, _places, named, same, _first
                   in self.kinds.values())

    def screen(self) -> list[str]:
        """What the terminal shows: the problems one a line, or (``grouped``) each kind with its count and first
        places, and its first problem when its rows say different things."""
        if not self.grouped():
            more = self.count - len(self.lines)
            return self.lines + ([f"... and {more} more problems"] if more else [])
        out = []
        kinds = sorted(self.kinds.items(), key=lambda kv: -kv[1][0])
        for kind, (rows, places, _named, same, first) in kinds[:MAX_KINDS_SHOWN]:
            where = _places(places, rows > len(places), self.path)
            out.append(shorten(f"{rows} × {same or kind}: {where}", MAX_PROBLEM_CHARS))
            if same is None:
                out.append(f"    e.g. {first}")
        if len(kinds) > MAX_KINDS_SHOWN:
            out.append(f"... and {len(kinds) - MAX_KINDS_SHOWN} more kinds of problem")
        return out

    def raise_if_any(self, what: str) -> None:
        if not self.count:
            return
        summary = f"{self.path}: {self.count} problem{'s' if self.count != 1 else ''}; nothing was {what}"
        if self.grouped():
            summary = (f"{self.path}: {self.count} problems of {len(self.kinds)} kind"
                       f"{'s' if len(self.kinds) != 1 else ''}; nothing was {what}")
        elif self.count == 1:
            summary = f"{self.lines[0]}; nothing was {what}"
        kept = self.all + ([f"... and {self.count - len(self.all)} more problems"]
                           if self.count > len(self.all) else [])
        raise InputFileError(summary, self.screen(), kept)


def _places(places: list[str], more: bool, path: Path) -> str:
    """A kind's first places, said once: ``oe.xlsx!RDM:B13, B14, B15, ...`` in a workbook,
    ``index.csv:2, 3, 4, ...: column 'Area'`` in a CSV file."""
    etc = ", ..." if more else ""
    head = places[0][:places[0].rfind(":") + 1]
    if "!" in head:  # a workbook's cells after the first without the file and sheet
        return ", ".join(places[:1] + [p[len(head):] if p.startswith(head) else p for p in places[1:]]) + etc
    prefix = f"{path}:"
    split = [p[len(prefix):].partition(": ") if p.startswith(prefix) else None for p in places]
    if all(s is not None and s[0].isdigit() for s in split) and len({s[2] for s in split if s}) == 1:
        column = split[0][2] if split[0] else ""  # type: ignore[index]
        return prefix + ", ".join(s[0] for s in split if s) + etc + (f": {column}" if column else "")
    return ", ".join(places) + etc


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


def read_table(path: str | Path) -> Table:
    """Read ``path``'s encoding, delimiter and header (which columns mean which field is the layouts' business,
    ``appraise.io.layouts.map_columns``); raise InputFileError naming the problem."""
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
    table = Table(p, headers, codec, delimiter, encoding, stamp=stamp)
    table.check_unchanged()
    return table


def header_list(headers: Sequence[str]) -> str:
    """A header's names as a refusal lists them: each on one line (a cell's line breaks as spaces), cut short."""
    return shorten(", ".join(" ".join(h.split()) for h in headers if h.strip()), MAX_PROBLEM_CHARS)
