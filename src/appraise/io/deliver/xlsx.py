"""The workbook: a ``Document``'s workbook sections (``Document.for_("workbook")``) as sheets, with openpyxl.

Sections go to the sheet they name (``Section.sheet_name``), in first-seen order, after an "Overview" sheet (the
document's title, its sections bound to "Overview", the contents with a link to each sheet, what is not
recorded). On a sheet each section is a bold heading row, then its blocks: facts as label/value rows, paragraphs
and list items as rows, tables as a header row (bold, grey; ``groups`` merged above it) then their rows, filled
from ``Document.palette`` (``Cell.fill`` wins) with a legend beside them and the model's hierarchy as row outline
levels (X1, summary rows above); a chart as a small data table and a native bar chart over it; signatures as a
Role/Name/Signature/Date table with empty cells. A sheet's first table is its main one: the header row and its
``Table.frozen`` columns stay in view (when the table starts near the top) and it gets the autofilter.

Formula injection (OWASP, deliverables X1): every text is written as a *string* cell, never a formula, and one
that a spreadsheet would take for a formula (``appraise.schemes.report.FORMULA_STARTS``: ``=``, ``+``, ``-``,
``@``, tab, carriage return) also carries the cell style's quote prefix — what Excel itself stores when one types
``'=1+1`` — so it shows, prints and stays, when edited, the text the team wrote. A link becomes a hyperlink only
when it is http(s), file or a relative path. The workbook is drawn in memory and written atomically.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from appraise.io.deliver.xlsx_sheet import SheetWriter, rgb, sheet_titles
from appraise.io.export import write_atomically
from appraise.schemes.document import Document, Section

#: The sheet that comes first.
OVERVIEW = "Overview"


def write(document: Document, dest: Path, *rest: Any) -> Path:
    """Draw ``document``'s workbook into ``dest`` (atomically); returns ``dest``."""
    write_atomically(dest, render(document), "the workbook")
    return dest


def render(document: Document) -> bytes:
    """The workbook as the bytes of an .xlsx file."""
    import io

    from openpyxl import Workbook

    sections = document.for_("workbook")
    by_sheet: dict[str, list[Section]] = {OVERVIEW: []}
    for section in sections:
        by_sheet.setdefault(section.sheet_name or OVERVIEW, []).append(section)
    titles = sheet_titles(list(by_sheet))
    wb = Workbook()
    wb.remove(wb.active)
    palette = _palette(document.palette)
    writers = {name: SheetWriter(wb.create_sheet(titles[name]), palette) for name in by_sheet}
    overview = writers[OVERVIEW]
    overview.title_block(document.title, document.subtitle)
    for name, members in by_sheet.items():
        for section in members:
            writers[name].section(section)
    overview.contents([(titles[name], name) for name in by_sheet if name != OVERVIEW])
    overview.warnings(document.warnings)
    for writer in writers.values():
        writer.finish()
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _palette(palette: Mapping[str, str]) -> dict[str, str]:
    """value -> ``RRGGBB``, leaving out what is no colour."""
    return {value: rgb(colour) for value, colour in palette.items() if rgb(colour)}


__all__ = ["OVERVIEW", "render", "write"]
