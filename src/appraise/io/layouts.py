"""How an import's sheets become records: the user's choices (``ImportSpec``) and the layouts.

A layout turns a sheet's rows into ``Record``s, one per link or rating, with the fields the importer asked
for (``long``: one row per record, today's CSV shape; ``wide``: one row per practice and one column per
project; ``rows``: the OE database's typed rows). The planners (``appraise.io.evidence``,
``appraise.io.characterizations``) read records and never a sheet, so every layout and file type reaches
them the same way; ``Records.where`` names the cell a record's field came from for the user.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from appraise.errors import InputFileError
from appraise.io.sheets import Sheet, column_index, open_csv
from appraise.io.table import Field, Problems, header_key

LAYOUTS = ("long", "wide", "rows")


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


def map_columns(headers: Sequence[str], fields: Mapping[str, Field], explicit: Mapping[str, str],
                where: str) -> tuple[dict[str, int], list[str]]:
    """field -> column index from the header names (any case, the usual synonyms) and the user's ``--map``
    (a header or a column letter, which wins); the headers nothing took. Refuses a required field no column
    holds, two columns meaning one field, and a ``--map`` naming no column."""
    by_key = {header_key(s): f.name for f in fields.values() for s in (f.name, *f.synonyms)}
    columns: dict[str, int] = {}
    for name, ref in explicit.items():
        if name not in fields:
            raise InputFileError(f"--map {name}={ref}: no field {name!r} here (fields: {', '.join(fields)})")
        found = next((i for i, h in enumerate(headers) if header_key(h) == header_key(ref) and h), None)
        if found is None:
            found = column_index(ref)
        if found is None:
            raise InputFileError(f"{where}: --map {name}={ref}: no column {ref!r}; the header has: "
                                 f"{', '.join(h for h in headers if h)}")
        columns[name] = found
    taken = set(columns.values())
    ignored = []
    for i, h in enumerate(headers):
        if i in taken:
            continue
        name = by_key.get(header_key(h))
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
        raise InputFileError(f"{where}: missing column {wanted}; the header has: {', '.join(h for h in headers if h)}"
                             f" (name it with --map FIELD=COLUMN)")
    return columns, ignored


def read_records(path: str | Path, spec: ImportSpec, fields: Mapping[str, Field], want: tuple[str, ...],
                 projects: Sequence[str] = (), purpose: str = "evidence") -> Records:
    """The records of ``path`` laid out as ``spec`` says, with the values of ``want`` (field names).

    ``projects`` are the appraisal's project codes (a wide layout's unit columns are matched to them).
    The seam's first version reads a CSV in the long layout; the workbook and the other layouts come with
    ``appraise.io.workbook_sheets`` and the layout functions.
    """
    p = Path(path)
    if spec.layout not in LAYOUTS:
        raise InputFileError(f"--layout {spec.layout}: not a layout (long, wide, rows)")
    if spec.layout != "long" or p.suffix.lower() in (".xlsx", ".xlsm"):
        raise InputFileError(f"{p}: the {spec.layout} layout of this file is not read yet")
    sheet = open_csv(p, fields)
    if spec.project:
        fields = {k: (Field(f.name, f.synonyms) if k == "project" else f) for k, f in fields.items()}
    columns, ignored = map_columns(sheet.headers, fields, spec.columns, f"{p}:1")
    cols = tuple(columns.get(f, -1) for f in want)

    def long_rows(records: Records, problems: Problems) -> Iterator[Record]:
        width = len(sheet.headers)
        count = 0
        for row_number, cells in sheet.rows(problems):
            count += 1
            if len(cells) < width:
                cells = cells + [""] * (width - len(cells))
            values = tuple(cells[c].strip() if c >= 0 else "" for c in cols)
            if spec.project and "project" in want and not values[want.index("project")]:
                values = tuple(spec.project if f == "project" else v for f, v in zip(want, values))
            records.row_count = count
            yield Record(0, row_number, cols, values)
        records.row_count = count

    return Records(p, [sheet], want, {f: sheet.headers[i] for f, i in columns.items()}, ignored,
                   _reader=long_rows)


__all__ = ["ImportSpec", "LAYOUTS", "Record", "Records", "map_columns", "read_records"]
