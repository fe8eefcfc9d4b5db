"""Reading the Markdown export back the way a GitHub-flavoured viewer splits it: headings and tables.

A row's cells are split on the ``|`` that no backslash escapes (GFM: an escaped pipe stays in its cell); a table
is a header row, its ``|---|`` separator line and the rows that follow while lines start with ``|``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SPLIT = re.compile(r"(?<!\\)\|")


def cells(row: str) -> list[str]:
    """A table row's cells, stripped (the outer pipes dropped)."""
    return [c.strip() for c in _SPLIT.split(row.strip())[1:-1]]


@dataclass
class MdTable:
    heading: str  # the last heading above it ("## REQM Requirements Management")
    columns: list[str]
    rows: list[list[str]]
    lines: list[str]  # the raw lines, header and separator included

    def column(self, name: str) -> list[str]:
        i = self.columns.index(name)
        return [r[i] for r in self.rows]


def tables(text: str) -> list[MdTable]:
    """Every table in ``text``, in order."""
    lines = text.splitlines()
    out: list[MdTable] = []
    heading = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("#"):
            heading = line
        if line.startswith("|") and i + 1 < len(lines) and re.fullmatch(r"\|(?:\s*:?-{3,}:?\s*\|)+", lines[i + 1]):
            j = i + 2
            while j < len(lines) and lines[j].startswith("|"):
                j += 1
            out.append(MdTable(heading, cells(line), [cells(r) for r in lines[i + 2:j]], lines[i:j]))
            i = j
            continue
        i += 1
    return out


def assert_clean_tables(text: str) -> list[MdTable]:
    """Every table row has its header's cell count and its separator's; no line ends in a space; returns the
    tables (at least one)."""
    found = tables(text)
    assert found, "no table in the Markdown"
    for t in found:
        width = len(t.columns)
        assert len(cells(t.lines[1])) == width, (t.heading, t.lines[0], t.lines[1])
        for line, row in zip(t.lines[2:], t.rows):
            assert len(row) == width, (t.heading, t.lines[0], line)
    assert not [line for line in text.splitlines() if line != line.rstrip()], "a line ends in a space"
    return found


def rows_with(text: str, *wanted: str) -> list[list[str]]:
    """The table rows (of any table) holding every one of ``wanted`` as a whole cell."""
    return [row for t in tables(text) for row in t.rows if all(w in row for w in wanted)]


def headings(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("#")]
