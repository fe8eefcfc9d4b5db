"""The evidence index written back out: the columns ``appraise evidence import`` reads, one row per link.

An export imported into a fresh appraisal of the same scope gives the same items and the same links (the
round trip ``evidence export`` -> ``evidence import`` is lossless) but for who collected an item: that is a team
member's name, and team names appear only on the team, signature and ADS pages, never in an export
(deliverables N1; the CMMI V3.0 MDD V11.3), so the index has no "Collected by" column. Source stays: it holds a
role or an interview session by design. An item with no link has no row: the
import reads one row per (item, practice, project) and refuses a row without a practice, so such an item is
left out and the export says which (``IndexExport.unlinked``).

Spreadsheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some, a tab or a carriage
return) as a formula: every text cell written here that starts so is *neutralized* with a leading ``'``, as
OWASP advises for CSV injection. ``unneutralize`` is its inverse, for the importers: it takes one leading
``'`` off a cell that starts with ``'`` then (after any further quotes) one of those characters. A text that
itself starts with quotes before such a character gets one more quote on the way out, so
``unneutralize(neutralize(text)) == text`` for every text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from appraise.errors import UsageError
from appraise.io.export import write_atomically
from appraise.schemes.report import FORMULA_STARTS, neutralize, unneutralize
from appraise.store import EvidenceItem

#: The columns, as the evidence import names its fields (``appraise.io.evidence.EVIDENCE_FIELDS``); no
#: "Collected by": a team member's name is never exported.
INDEX_COLUMNS = ("Practice", "Project", "Title", "Kind", "Location", "Description", "Date", "Source", "Channel")
#: The suffixes ``export_index`` writes.
INDEX_FORMATS = (".csv", ".xlsx")
#: Characters an .xlsx cell cannot hold (XML 1.0 control characters).
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass
class IndexExport:
    """What an export wrote: its file, its rows, and the items left out for having no link."""

    path: Path
    rows: int
    items: int
    unlinked: list[EvidenceItem] = field(default_factory=list)


def index_rows(items: Iterable[EvidenceItem],
               links: Mapping[int, Sequence[tuple[str, str]]]) -> tuple[list[list[str]], list[EvidenceItem]]:
    """The index's rows (neutralized text, in ``INDEX_COLUMNS`` order; an item's links in order) and the items
    with no link."""
    rows: list[list[str]] = []
    unlinked: list[EvidenceItem] = []
    for item in items:
        item_links = links.get(item.id, ())
        if not item_links:
            unlinked.append(item)
            continue
        rest = [item.title, item.kind, item.location, item.description, item.collected_on or "", item.source,
                item.channel]
        for practice, project in item_links:
            rows.append([neutralize(text) for text in (practice, project, *rest)])
    return rows, unlinked


def export_index(items: Iterable[EvidenceItem], links: Mapping[int, Sequence[tuple[str, str]]],
                 dest: str | Path, replace: bool = False) -> IndexExport:
    """Write the evidence index to ``dest`` (.csv: UTF-8 with a BOM, as Excel opens it; .xlsx), atomically. A file
    there already is replaced only with ``replace``: the name may be the workbook the index came from."""
    p = Path(dest)
    suffix = p.suffix.lower()
    if suffix not in INDEX_FORMATS:
        raise UsageError(f"{p}: the evidence index is written as .csv or .xlsx (give -o index.csv or index.xlsx)")
    if p.is_dir():
        raise UsageError(f"{p} is a folder: give a file name, e.g. {p / ('index' + suffix)}")
    if not p.parent.is_dir():
        raise UsageError(f"{p.parent} is not a folder: cannot write {p.name} there")
    if p.exists() and not replace:
        raise UsageError(f"{p} exists (it may be the workbook the evidence came from): give a new name, or --force "
                         "to replace it")
    items = list(items)
    rows, unlinked = index_rows(items, links)
    data = _xlsx(rows) if suffix == ".xlsx" else _csv(rows)
    write_atomically(p, data, "the evidence index")
    return IndexExport(p, len(rows), len(items) - len(unlinked), unlinked)


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(INDEX_COLUMNS)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def _xlsx(rows: list[list[str]]) -> bytes:
    """An .xlsx of one sheet "Evidence index", every cell text (openpyxl's write-only mode: rows streamed)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Evidence index")
    ws.append(list(INDEX_COLUMNS))
    for row in rows:
        ws.append([_ILLEGAL_XML.sub("", text) or None for text in row])  # "" as an empty cell
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


__all__ = ["FORMULA_STARTS", "INDEX_COLUMNS", "IndexExport", "export_index", "index_rows", "neutralize",
           "unneutralize"]
