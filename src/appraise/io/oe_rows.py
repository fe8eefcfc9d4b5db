"""The ``rows`` layout: sheets whose first column types each row (the OE database, cmmi-appraisal-v3.md §4.4).

Each row type has fixed columns, whatever the header calls them: ``2 Prac_OU`` B = the practice id;
``3 Process`` (GOV and II) B = the practice, C = the process; ``4 Prac_Instan`` B = the practice, C = the unit,
I/J = the team's yes/no self-check, L/M/N = weakness, strength, recommendation, O = the unit's
characterization; ``5 OE`` B = the unit, C = the artifact's name, D = its file or link. A ``5 OE`` row takes its
practice from the ``2`` row above it (and its process from a ``3`` row). Column H of a ``4`` row names people
(``[n] Role(Person)``): it is never read, and ``--map`` may not name it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence

from appraise.errors import InputFileError
from appraise.io.headers import fold
from appraise.io.layouts import ImportSpec, LayoutReader, Record, cell, explicit_columns
from appraise.io.sheets import Sheet
from appraise.io.table import Field, Problems

#: role -> the OE database's label of its rows (``ImportSpec.row_types`` names other labels per role).
ROW_TYPES: dict[str, str] = {"group": "1 Prac_Group", "practice": "2 Prac_OU", "process": "3 Process",
                             "instance": "4 Prac_Instan", "evidence": "5 OE"}
#: The column of people's names (H): never read.
PEOPLE_COLUMN = 7
#: The fixed columns (0-based): B C D I J L M N O.
_B, _C, _D, _I, _J, _L, _M, _N, _O = 1, 2, 3, 8, 9, 11, 12, 13, 14
#: field -> the column it is read from, per purpose (what the preview and messages call it).
FIXED: dict[str, dict[str, str]] = {
    "evidence": {"practice": "B of the 2 row", "process": "C of the 3 row", "project": "B", "title": "C",
                 "location": "D"},
    "characterizations": {"practice": "B", "process": "C of the 3 row", "project": "C", "value": "O", "note": "L",
                          "self_check": "I/J"},
    "findings": {"practice": "B", "process": "C of the 3 row", "project": "C", "weakness": "L", "strength": "M",
                 "recommendation": "N"},
}
_NUMBERED = re.compile(r"^\s*(\d+)\s*[.:)_-]?\s*(.*)$")


def row_roles(row_types: Mapping[str, str]) -> Callable[[str], str | None]:
    """A function giving the role of a row from its first cell: by the whole label, its leading number or its
    name (``5 OE``, ``5``, ``OE`` and ``5. oe`` are all ``evidence``); None for no known type."""
    full: dict[str, str] = {}
    by_number: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for role, default in ROW_TYPES.items():
        label = row_types.get(role) or row_types.get(default) or default
        full[fold(label)] = role
        m = _NUMBERED.match(label)
        if m:
            by_number[m.group(1)] = role
            if fold(m.group(2)):
                by_name[fold(m.group(2))] = role
    cache: dict[str, str | None] = {}

    def role_of(text: str) -> str | None:
        if text not in cache:
            key = fold(text)
            found = full.get(key)
            if found is None and key:
                m = _NUMBERED.match(text)
                found = by_number.get(m.group(1)) if m else by_name.get(key)
                if found is None and m:
                    found = by_name.get(fold(m.group(2)))
            cache[text] = found
        return cache[text]

    return role_of


class RowsReader(LayoutReader):
    """``rows``: evidence from ``5 OE`` rows, characterizations from ``4 Prac_Instan`` rows, findings from the
    weakness and strength of ``2``, ``3`` and ``4`` rows."""

    def __init__(self, sheet: Sheet, spec: ImportSpec, fields: Mapping[str, Field], want: tuple[str, ...],
                 projects: Sequence[str], purpose: str) -> None:
        super().__init__(sheet, spec, fields, want, projects, purpose)
        for role in spec.row_types:
            if role not in ROW_TYPES and role not in ROW_TYPES.values():
                raise InputFileError(f"row type {role!r}: not a role of the rows layout "
                                     f"({', '.join(ROW_TYPES)})")
        self.explicit = explicit_columns(sheet.headers, fields, spec.columns, self.where_header())
        for name, column in self.explicit.items():
            if column == PEOPLE_COLUMN:
                raise InputFileError(f"--map {name}={spec.columns[name]}: column H holds people's names in the "
                                     "rows layout; appraise never reads it")
        self.role_of = row_roles(spec.row_types)
        self.mapped = {**FIXED[purpose], **{f: sheet.headers[i] if i < len(sheet.headers) else f
                                            for f, i in self.explicit.items()}}

    def _values(self, cells: list[str], found: dict[str, tuple[str, int]]) -> tuple[tuple[int, ...], tuple[str, ...]]:
        """The record's columns and values: what the row type gives (``found``), the user's ``--map``s over it;
        the area is the sheet's name (an OE database names each sheet by its area) unless mapped."""
        for name, column in self.explicit.items():
            found[name] = (cell(cells, column), column)
        if "area" not in found and self.sheet.name:
            found["area"] = (self.sheet.name, -1)
        if "project" in found:
            text, column = found["project"]
            found["project"] = (self.unit(text), column)
        return (tuple(found.get(f, ("", -1))[1] for f in self.want),
                tuple(found.get(f, ("", -1))[0] for f in self.want))

    def records(self, index: int) -> Callable[[Problems], Iterator[Record]]:
        purpose = self.purpose

        def read(problems: Problems) -> Iterator[Record]:
            self.rows_read = 0
            self.notes = []
            practice = ("", -1)
            process = ("", -1)
            instance = ("", -1)
            unknown: list[tuple[int, str]] = []
            unrated = 0
            for row_number, cells in self.sheet.rows(problems):
                self.rows_read += 1
                role = self.role_of(cells[0] if cells else "")
                if role is None:
                    if cells and cells[0].strip():
                        unknown.append((row_number, cells[0].strip()))
                    continue
                if role == "practice":
                    practice, process, instance = (cell(cells, _B), -1), ("", -1), ("", -1)
                elif role == "process":
                    process, instance = (cell(cells, _C), -1), ("", -1)
                    practice = (cell(cells, _B), -1) if cell(cells, _B) else practice
                elif role == "instance":
                    instance = (cell(cells, _C), -1)
                row_practice = (cell(cells, _B), _B) if role in ("instance", "process") and cell(cells, _B) \
                    else practice
                found: dict[str, tuple[str, int]] = {"practice": row_practice, "process": process}
                if purpose == "evidence" and role == "evidence":
                    unit = (cell(cells, _B), _B) if cell(cells, _B) else instance
                    found.update(project=unit, title=(cell(cells, _C), _C), location=(cell(cells, _D), _D),
                                 kind=("artifact", -1))
                elif purpose == "characterizations" and role == "instance":
                    if not cell(cells, _O):
                        unrated += 1
                        continue
                    checks = [f"{what}: {cell(cells, column)}" for what, column in (("artifact", _I),
                              ("affirmation", _J)) if cell(cells, column)]
                    found.update(project=(cell(cells, _C), _C), value=(cell(cells, _O), _O),
                                 note=(cell(cells, _L), _L), self_check=("; ".join(checks), _I if checks else -1))
                elif purpose == "findings" and role in ("practice", "process", "instance") and \
                        (cell(cells, _L) or cell(cells, _M)):
                    found.update(project=(cell(cells, _C), _C) if role == "instance" else ("", -1),
                                 weakness=(cell(cells, _L), _L), strength=(cell(cells, _M), _M),
                                 recommendation=(cell(cells, _N), _N))
                    if role == "practice":
                        found["practice"] = (cell(cells, _B), _B)
                else:
                    continue
                columns, values = self._values(cells, found)
                yield Record(index, row_number, columns, values)
            if unknown:
                first_row, first_text = unknown[0]
                self.notes.append(f"{self.label}: {len(unknown)} row{'s' if len(unknown) != 1 else ''} of no known "
                                  f"type skipped (first: row {first_row}, {first_text!r})")
            if unrated:
                self.notes.append(f"{self.label}: {unrated} instance row{'s' if unrated != 1 else ''} without a "
                                  "characterization (column O) skipped")

        return read


__all__ = ["ROW_TYPES", "RowsReader", "row_roles"]
