"""How an import's sheets become records: the user's choices (``ImportSpec``) and the layouts.

A layout turns a sheet's rows into ``Record``s, one per link or rating, with the fields the importer asked
for (``long``: one row per record, today's CSV shape; ``wide``: one row per practice and one column per
project; ``rows``: the OE database's typed rows). The planners (``appraise.io.evidence``,
``appraise.io.characterizations``) read records and never a sheet, so every layout and file type reaches
them the same way; ``Records.where`` names the cell a record's field came from for the user.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

from appraise.errors import InputFileError
from appraise.io.headers import fold, header_index
from appraise.io.sheets import Sheet, column_index, open_sheets
from appraise.io.table import Field, Problems, header_list

LAYOUTS = ("long", "wide", "rows")
#: What an import reads from a file: which cells a wide or rows layout turns into records.
PURPOSES = ("evidence", "characterizations", "findings")


@dataclass
class ImportSpec:
    """What the user chose for a file: the sheet(s), the header row, the layout, the column map, the units,
    the area aliases. A profile file (``--save-profile`` / ``--profile``) is this, as YAML."""

    #: One sheet by name (None: the only sheet, or the first visible one whose header fits).
    sheet: str | None = None
    #: Every visible sheet whose name matches this glob (``"PA-*"``), read in the workbook's order.
    sheets: str | None = None
    #: The header's row number (1-based); None: found by itself.
    header_row: int | None = None
    layout: str = "long"
    #: field -> header text or column letter (``{"practice": "Practice ID", "title": "C"}``).
    columns: dict[str, str] = field(default_factory=dict)
    #: What the file calls a unit -> the appraisal's project code (wide columns, unit names in cells).
    units: dict[str, str] = field(default_factory=dict)
    #: Every record is on this project (a file with no project column).
    project: str | None = None
    #: The organization's area code -> the model's (``RM`` -> ``REQM``).
    aliases: dict[str, str] = field(default_factory=dict)
    #: ``rows`` layout: role -> the row-type label in the first column (defaults: the OE database's).
    row_types: dict[str, str] = field(default_factory=dict)


class Record(NamedTuple):
    """One link or rating as a layout read it."""

    #: Index into ``Records.sheets``.
    sheet: int
    #: The spreadsheet's row number.
    row: int
    #: The column each field came from (aligned with ``Records.fields``; -1: none, the value was composed).
    columns: tuple[int, ...]
    #: The fields' text (aligned with ``Records.fields``; "" when the file has none).
    values: tuple[str, ...]


@dataclass
class Records:
    """The records of an import, streamed: iterate once per pass (the file is read again each time)."""

    path: Path
    sheets: list[Sheet]
    #: The order of each record's values.
    fields: tuple[str, ...]
    #: field -> the header it was mapped from (for the preview and messages).
    mapped: dict[str, str]
    #: Headers no field took.
    ignored: list[str] = field(default_factory=list)
    #: What was found by itself and the user should know ("header found on row 8 of RDM").
    notes: list[str] = field(default_factory=list)
    #: Data rows read in the last pass.
    row_count: int = 0
    _reader: object = field(default=None, repr=False)

    def iterate(self, problems: Problems) -> Iterator[Record]:
        """Each record of the file; rows that cannot be read go to ``problems``."""
        reader = self._reader
        assert callable(reader)
        return reader(self, problems)  # type: ignore[no-any-return]

    def where(self, record: Record, field_name: str) -> str:
        """Where ``field_name`` of ``record`` is in the file (``oe.xlsx!RDM:B101``)."""
        i = self.fields.index(field_name) if field_name in self.fields else -1
        column = record.columns[i] if i >= 0 and record.columns[i] >= 0 else None
        return self.sheets[record.sheet].where(record.row, column)

    def header_of(self, field_name: str) -> str:
        return self.mapped.get(field_name, field_name.replace("_", " "))


def typed_rows(headers: Sequence[str]) -> bool:
    """Whether a header is the OE database's, whose first column types each row (``Heading``,
    cmmi-appraisal-v3.md 4.4): the ``rows`` layout reads it."""
    return bool(headers) and fold(headers[0]) == "heading"


def column_of(headers: Sequence[str], ref: str) -> int | None:
    """The column a user named: a header (any case, accents, spacing) or a column letter; None when neither."""
    found = next((i for i, h in enumerate(headers) if h and fold(h) == fold(ref)), None)
    return found if found is not None else column_index(ref)


def explicit_columns(headers: Sequence[str], fields: Mapping[str, Field], explicit: Mapping[str, str],
                     where: str) -> dict[str, int]:
    """field -> column index of the user's ``--map FIELD=COLUMN`` (a header in any case and language-folding,
    or a column letter; an empty COLUMN: no column, whatever the headers say); refuses a field the import does
    not read and a column the sheet does not have."""
    columns: dict[str, int] = {}
    for name, ref in explicit.items():
        if name not in fields:
            raise InputFileError(f"--map {name}={ref}: no field {name!r} here (fields: {', '.join(fields)})")
        if not ref.strip():
            continue  # the user said: no column holds this field (the mapping dialog's "none")
        found = column_of(headers, ref)
        if found is None:
            raise InputFileError(f"{where}: --map {name}={ref}: no column {ref!r}; the header has: "
                                 f"{header_list(headers)}")
        columns[name] = found
    return columns


def map_columns(headers: Sequence[str], fields: Mapping[str, Field], explicit: Mapping[str, str],
                where: str) -> tuple[dict[str, int], list[str]]:
    """field -> column index from the header names (any case, accents and spacing, the usual synonyms and the
    Spanish, German and French names of ``appraise.io.headers``) and the user's ``--map`` (a header or a column
    letter, which wins); the headers nothing took. Refuses a required field no column holds, two columns
    meaning one field, and a ``--map`` naming no column."""
    by_key = header_index(fields)
    columns = explicit_columns(headers, fields, explicit, where)
    taken = set(columns.values())
    ignored = []
    for i, h in enumerate(headers):
        if i in taken:
            continue
        name = by_key.get(fold(h)) if h else None
        if name is None or name in explicit:
            if h:
                ignored.append(h)
            continue
        if name in columns:
            raise InputFileError(f"{where}: columns {headers[columns[name]]!r} and {h!r} both mean "
                                 f"{fields[name].label!r}; keep one, or say which with --map {name}=COLUMN")
        columns[name] = i
    missing = [f for f in fields.values() if f.required and f.name not in columns]
    if missing:
        wanted = "; ".join(f"{f.label!r} (or {', '.join(repr(s) for s in f.synonyms[:4])})" for f in missing)
        how = "name it with --map FIELD=COLUMN"
        if any(f.name == "project" for f in missing):
            how += ", or put every row on one project with --project CODE"
        if typed_rows(headers):
            how = "this looks like an OE database, whose first column types each row: import it with --layout rows"
        raise InputFileError(f"{where}: missing column {wanted}; the header has: {header_list(headers)} ({how})")
    return columns, ignored


def optional(fields: Mapping[str, Field], names: Sequence[str]) -> dict[str, Field]:
    """``fields`` with ``names`` not required (the layout or the spec supplies them)."""
    return {k: (Field(f.name, f.synonyms) if k in names else f) for k, f in fields.items()}


def unit_key(text: str) -> str:
    """How a unit's name is compared: any case, any spacing (``" team  A"`` is ``team a``)."""
    return " ".join(text.split()).casefold()


def unit_of(spec: ImportSpec) -> Callable[[str], str]:
    """A record's project: the file's unit name mapped through ``spec.units`` (any case), ``spec.project``
    when the file gives none."""
    units = {unit_key(k): v for k, v in spec.units.items()}
    default = spec.project or ""
    cache: dict[str, str] = {}

    def unit(text: str) -> str:
        found = cache.get(text)
        if found is None:
            key = " ".join(text.split())
            found = cache[text] = units.get(key.casefold(), key) or default
        return found

    return unit


#: A reference that is a place to find the item: a URL, an absolute or relative path, a file name.
_LOCATION = re.compile(r"^([a-z][a-z0-9+.-]*://|\\\\|[a-z]:[\\/]|~?/|\.{1,2}[\\/])"  # URL, share, drive, /, ~/, ./
                       r"|^[^\s\\/]*[\\/]\S*$"  # a relative path without spaces
                       r"|([\\/].*|^\S+)\.[a-z][a-z0-9]{0,4}$", re.IGNORECASE)  # a file name


def looks_like_location(text: str) -> bool:
    """``https://wiki/x``, ``\\\\server\\share\\plan.docx``, ``docs/plan.docx``, ``plan.docx``: yes;
    ``Project plan v2``, ``Review 1/2``: no."""
    return bool(_LOCATION.search(text))


def cell(cells: list[str], column: int) -> str:
    return cells[column].strip() if 0 <= column < len(cells) else ""


class LayoutReader:
    """One sheet read in one layout: its columns mapped when made (a bad mapping refuses before any row is
    read), its records streamed by ``records``."""

    def __init__(self, sheet: Sheet, spec: ImportSpec, fields: Mapping[str, Field], want: tuple[str, ...],
                 projects: Sequence[str], purpose: str) -> None:
        self.sheet, self.spec, self.want, self.purpose = sheet, spec, want, purpose
        self.unit = unit_of(spec)
        self.mapped: dict[str, str] = {}
        self.ignored: list[str] = []
        #: What this pass found that the user should know (rows skipped ...).
        self.notes: list[str] = []
        self.rows_read = 0

    @property
    def label(self) -> str:
        return self.sheet.name or self.sheet.path.name

    def where_header(self) -> str:
        return self.sheet.where(self.sheet.header_row, None)

    def records(self, index: int) -> Callable[[Problems], Iterator[Record]]:
        raise NotImplementedError


class LongReader(LayoutReader):
    """``long``: one record per row, each field from its column."""

    def __init__(self, sheet: Sheet, spec: ImportSpec, fields: Mapping[str, Field], want: tuple[str, ...],
                 projects: Sequence[str], purpose: str) -> None:
        super().__init__(sheet, spec, fields, want, projects, purpose)
        fields = optional(fields, ("project",) if spec.project else ())
        columns, self.ignored = map_columns(sheet.headers, fields, spec.columns, self.where_header())
        self.mapped = {f: sheet.headers[i] if i < len(sheet.headers) else f for f, i in columns.items()}
        self.cols = tuple(columns.get(f, -1) for f in want)

    def records(self, index: int) -> Callable[[Problems], Iterator[Record]]:
        cols, unit = self.cols, self.unit
        at = self.want.index("project") if "project" in self.want else -1
        map_unit = at >= 0 and (self.spec.project or self.spec.units)

        # the cells of ``cols`` in one C call per row: a field with no column reads the "" appended to the row
        need = max(cols, default=-1) + 1
        get = itemgetter(*(c if c >= 0 else -1 for c in cols)) if len(cols) > 1 else \
            (lambda row: (row[cols[0] if cols[0] >= 0 else -1],))
        strip = str.strip

        def read(problems: Problems) -> Iterator[Record]:
            self.rows_read = 0
            for row_number, cells in self.sheet.rows(problems):
                self.rows_read += 1
                if len(cells) < need:
                    cells = cells + [""] * (need - len(cells))
                cells.append("")
                values = tuple(map(strip, get(cells)))
                if map_unit:
                    values = (*values[:at], unit(values[at]), *values[at + 1:])
                yield Record(index, row_number, cols, values)

        return read


class WideReader(LayoutReader):
    """``wide``: one row per practice, one column per unit (a project code, or a name ``spec.units`` maps).
    Evidence: each line of a unit's cell is an item (its title; its location too when it looks like one);
    characterizations: the cell is the unit's value; findings: the cell is the unit's finding."""

    #: The fields a unit's cell gives, per purpose (the first is where the cell's text goes).
    SUPPLIED = {"evidence": ("title", "location", "project"), "characterizations": ("value", "project"),
                "findings": ("description", "weakness", "project")}

    def __init__(self, sheet: Sheet, spec: ImportSpec, fields: Mapping[str, Field], want: tuple[str, ...],
                 projects: Sequence[str], purpose: str) -> None:
        super().__init__(sheet, spec, fields, want, projects, purpose)
        codes = {p.casefold(): p for p in projects}
        units = {unit_key(k): v for k, v in spec.units.items()}
        self.units: list[tuple[int, str]] = []
        for i, h in enumerate(sheet.headers):
            key = unit_key(h)
            code = units.get(key) or codes.get(key)
            if h and code:
                same = next((j for j, other in self.units if other.casefold() == code.casefold()), None)
                if same is not None:  # the second column's values would overwrite the first's
                    raise InputFileError(f"{self.where_header()}: columns {sheet.headers[same]!r} and {h!r} are "
                                         f"both project {code}; map one of them to another project with --units")
                self.units.append((i, code))
        if not self.units:
            raise InputFileError(f"{self.where_header()}: no column of this wide sheet names a project (projects: "
                                 f"{', '.join(projects) or 'none'}); name the columns with --units \"Header=CODE\"")
        supplied = self.SUPPLIED[purpose]
        self.text_field = next((f for f in supplied if f in want), supplied[0])
        taken = {i for i, _code in self.units}
        headers = ["" if i in taken else h for i, h in enumerate(sheet.headers)]
        rest = optional({k: f for k, f in fields.items() if k not in supplied}, ("kind",))
        columns, self.ignored = map_columns(headers, rest, spec.columns, self.where_header())
        self.mapped = {f: sheet.headers[i] if i < len(sheet.headers) else f for f, i in columns.items()}
        self.mapped["project"] = ", ".join(sheet.headers[i] for i, _code in self.units)
        self.columns = columns

    def records(self, index: int) -> Callable[[Problems], Iterator[Record]]:
        want, columns, purpose, text_field = self.want, self.columns, self.purpose, self.text_field
        base_cols = [columns.get(f, -1) for f in want]

        def read(problems: Problems) -> Iterator[Record]:
            self.rows_read = 0
            for row_number, cells in self.sheet.rows(problems):
                self.rows_read += 1
                base = {f: cell(cells, c) for f, c in zip(want, base_cols, strict=True) if c >= 0}
                if purpose == "evidence" and not base.get("kind"):
                    base["kind"] = "artifact"
                for column, code in self.units:
                    text = cells[column] if column < len(cells) else ""
                    if not text.strip():
                        continue
                    cols = tuple(column if f in ("project", "title", "location", "value", text_field) else c
                                 for f, c in zip(want, base_cols, strict=True))
                    if purpose == "evidence":
                        for line in text.splitlines():
                            line = line.strip()
                            if line:
                                values = {**base, "project": code, "title": line,
                                          "location": line if looks_like_location(line) else ""}
                                yield Record(index, row_number, cols, tuple(values.get(f, "") for f in want))
                    else:
                        values = {**base, "project": code, text_field: text.strip()}
                        yield Record(index, row_number, cols, tuple(values.get(f, "") for f in want))

        return read


def _open_sheets(path: Path, spec: ImportSpec, fields: Mapping[str, Field]) -> list[Sheet]:
    """The sheets of ``path`` that ``spec`` selects: the one place an import opens its file."""
    return open_sheets(path, spec, fields)


def read_records(path: str | Path, spec: ImportSpec, fields: Mapping[str, Field], want: tuple[str, ...],
                 projects: Sequence[str] = (), purpose: str = "evidence") -> Records:
    """The records of ``path`` laid out as ``spec`` says, with the values of ``want`` (field names).

    ``projects`` are the appraisal's project codes (a wide layout's unit columns are matched to them);
    ``purpose`` ("evidence", "characterizations", "findings") says which cells a wide or rows layout reads.
    """
    p = Path(path)
    check_spec(spec, purpose)
    return records_from_sheets(p, _open_sheets(p, spec, fields), spec, fields, want, projects, purpose)


def check_spec(spec: ImportSpec, purpose: str = "evidence") -> None:
    if spec.layout not in LAYOUTS:
        raise InputFileError(f"--layout {spec.layout}: not a layout ({', '.join(LAYOUTS)})")
    if purpose not in PURPOSES:
        raise ValueError(f"purpose {purpose!r} (one of {', '.join(PURPOSES)})")


def records_from_sheets(path: Path, sheets: Sequence[Sheet], spec: ImportSpec, fields: Mapping[str, Field],
                        want: tuple[str, ...], projects: Sequence[str] = (), purpose: str = "evidence") -> Records:
    """The records of ``sheets`` (opened already) in ``spec``'s layout, sheet after sheet in their order;
    every sheet's columns are mapped here, so a bad mapping refuses before a row is read."""
    check_spec(spec, purpose)
    if spec.layout == "rows":
        from appraise.io.oe_rows import RowsReader

        kind: type[LayoutReader] = RowsReader
    else:
        kind = WideReader if spec.layout == "wide" else LongReader
    readers = [kind(sheet, spec, fields, want, projects, purpose) for sheet in sheets]
    base_notes = [f"{r.label}: header found on row {r.sheet.header_row}" for r in readers if r.sheet.header_found]
    ignored: list[str] = []
    for r in readers:
        ignored.extend(h for h in r.ignored if h not in ignored)
    passes = [r.records(i) for i, r in enumerate(readers)]

    def read(records: Records, problems: Problems) -> Iterator[Record]:
        for one in passes:
            yield from one(problems)
            records.row_count = sum(r.rows_read for r in readers)
        records.notes[:] = base_notes + [n for r in readers for n in r.notes]

    return Records(path, list(sheets), want, dict(readers[0].mapped) if readers else {}, ignored,
                   list(base_notes), _reader=read)


__all__ = ["ImportSpec", "LAYOUTS", "PURPOSES", "Record", "Records", "explicit_columns", "looks_like_location",
           "map_columns", "read_records", "records_from_sheets"]
