"""One sheet of the workbook (``appraise.io.deliver.xlsx``): its sections' blocks written row after row.

openpyxl is imported when a sheet is drawn, never when the app starts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from appraise.schemes.document import (
    Bullets,
    Cell,
    CellValue,
    Chart,
    Facts,
    Findings,
    Paragraph,
    Section,
    Signatures,
    Table,
    cell_text,
    safe_link,
)
from appraise.schemes.report import formula_like

#: Header rows' fill, a level's separator; the legend's heading.
GREY = "D9D9D9"
#: A link's text colour (Excel's "Hyperlink" style).
LINK = "0563C1"
#: Characters an .xlsx cell cannot hold (XML 1.0 control characters; tab, line feed, carriage return stay).
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: What a sheet name cannot hold (Excel), and its length.
_BAD_SHEET = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
SHEET_NAME_MAX = 31
#: A cell holds at most this many characters (Excel).
CELL_MAX = 32767
#: Column widths (characters): what the content asks for, within these.
WIDTH_MIN, WIDTH_MAX = 6, 60
#: A line of text (points), for the height of a row whose cells wrap.
LINE_PT = 15
#: A whole number in a table cell is written as a number (IDs sort and filter as numbers).
_INTEGER = re.compile(r"(?:0|[1-9]\d{0,14})")
#: A link the workbook makes a hyperlink: http(s), file, or a path (relative, a drive, a share); no other scheme.
#: A main table whose header row is further down than this keeps the sheet unfrozen (the frozen part would fill
#: the window).
FREEZE_ROWS_MAX = 8


def sheet_titles(names: Sequence[str]) -> dict[str, str]:
    """Each name -> a sheet title Excel takes: no ``[]:*?/\\``, no quote at either end, at most 31 characters,
    unique (case ignored, " (2)" ...), never "History" (reserved by Excel)."""
    taken: set[str] = {"history"}
    out: dict[str, str] = {}
    for name in names:
        base = _BAD_SHEET.sub("-", name).strip().strip("'").strip()[:SHEET_NAME_MAX].strip().strip("'") or "Sheet"
        title, n = base, 2
        while title.casefold() in taken:
            suffix = f" ({n})"
            title, n = base[:SHEET_NAME_MAX - len(suffix)].rstrip() + suffix, n + 1
        taken.add(title.casefold())
        out[name] = title
    return out


def clean(text: str) -> str:
    """``text`` as a cell can hold it."""
    text = _ILLEGAL_XML.sub("", text)
    return text if len(text) <= CELL_MAX else text[:CELL_MAX - 1] + "…"


def _dark(colour: str) -> bool:
    r, g, b = (int(colour[i:i + 2], 16) for i in (0, 2, 4))
    return 0.299 * r + 0.587 * g + 0.114 * b < 110


class SheetWriter:
    """Writes blocks down a sheet, from row 1; remembers the widths its columns need and its main table."""

    def __init__(self, ws: Any, palette: dict[str, str]) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        self.ws = ws
        self.palette = palette
        self.row = 1
        self.widths: dict[int, int] = {}
        #: row -> the lines its wrapped cells need (a viewer does not always fit the row to them).
        self.heights: dict[int, int] = {}
        #: (row, column, span, label) of each group header: its row is as high as its label needs.
        self.groups: list[tuple[int, int, int, str]] = []
        self.main_done = False
        self._fill = lambda colour: PatternFill("solid", fgColor=colour)
        self._fills: dict[str, Any] = {}
        self._fonts = {(bold, italic, size, white): Font(bold=bold, italic=italic, size=size,
                                                         color="FFFFFF" if white else None)
                       for bold in (False, True) for italic in (False, True) for size in (11, 13, 15)
                       for white in (False, True)}
        self._link_fonts = {bold: Font(bold=bold, color=LINK, underline="single") for bold in (False, True)}
        self._wrap = Alignment(wrap_text=True, vertical="top")
        self._centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
        thin = Side(style="thin", color="808080")
        self._box = Border(left=thin, right=thin, top=thin, bottom=thin)
        ws.sheet_properties.outlinePr.summaryBelow = False  # an area's row above its practices (X1)
        ws.page_setup.orientation = "landscape"
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0

    # -- cells ----------------------------------------------------------------------------------------------------

    def put(self, row: int, col: int, value: Any, *, bold: bool = False, italic: bool = False, size: int = 11,
            fill: str = "", link: str = "", number: bool = False, measure: bool = False) -> Any:
        """One cell: a text as a string cell (quote-prefixed when it looks like a formula), a number as a number
        (``number``: a whole-number text too), with its font, fill and link; ``measure``: its column is as wide as
        it needs."""
        cell = self.ws.cell(row=row, column=col)
        if isinstance(value, str):
            text = clean(value)
            if number and _INTEGER.fullmatch(text):
                cell.value = int(text)
            else:
                cell.value = text
                cell.data_type = "s"  # never a formula, whatever it starts with
                if formula_like(text):
                    cell.quotePrefix = True
            if measure and text:
                longest = max(len(line) for line in text.splitlines() or [text])
                self.widths[col] = max(self.widths.get(col, 0), longest)
                if longest > WIDTH_MAX or "\n" in text:
                    cell.alignment = self._wrap
                    lines = sum(max(1, -(-len(line) // (WIDTH_MAX - 2))) for line in text.splitlines())
                    self.heights[row] = max(self.heights.get(row, 1), lines)
        elif value is not None:
            cell.value = value
            if measure:
                self.widths[col] = max(self.widths.get(col, 0), len(str(value)))
        if fill:
            if fill not in self._fills:
                self._fills[fill] = self._fill(fill)
            cell.fill = self._fills[fill]
        white = bool(fill) and _dark(fill)
        if bold or italic or size != 11 or white:
            cell.font = self._fonts[(bold, italic, size, white)]
        target = safe_link(link) if link else ""
        if target:
            cell.hyperlink = target
            if not white:
                cell.font = self._link_fonts[bold]
        return cell

    def line(self, text: str, **style: Any) -> None:
        self.put(self.row, 1, text, **style)
        self.row += 1

    def header(self, columns: Iterable[str], col: int = 1) -> None:
        for i, name in enumerate(columns):
            self.put(self.row, col + i, name, bold=True, fill=GREY, measure=True)
        self.row += 1

    # -- the document's parts ---------------------------------------------------------------------------------------

    def title_block(self, title: str, subtitle: str) -> None:
        self.line(title, bold=True, size=15)
        if subtitle:
            self.line(subtitle, size=13)
        self.row += 1

    def section(self, section: Section) -> None:
        self.line(section.title, bold=True, size=13)
        for block in section.blocks:
            self.block(block, section.title)
        self.row += 1

    def block(self, block: Any, heading: str) -> None:
        if isinstance(block, Paragraph):
            for text in block.text.split("\n"):
                self.line(text, italic=block.style != "body", bold=block.style == "disclaimer")
        elif isinstance(block, Bullets):
            self._list(block.title, block.items, block.empty)
        elif isinstance(block, Facts):
            self._facts(block)
        elif isinstance(block, Table):
            self.table(block, heading)
        elif isinstance(block, Chart):
            from appraise.io.deliver.xlsx_chart import chart

            chart(self, block)
        elif isinstance(block, Findings):
            if block.title:
                self.line(block.title, bold=True)
            for name, statements in block.categories:
                self._list(name, statements, "None")
        elif isinstance(block, Signatures):
            self._signatures(block)

    def _list(self, title: str, items: Sequence[str], empty: str) -> None:
        if title:
            self.line(title, bold=True)
        for item in items:
            self.line(item)
        if not items:
            self.line(empty, italic=True)

    def _facts(self, facts: Facts) -> None:
        if facts.title:
            self.line(facts.title, bold=True)
        for label, value in facts.rows:
            self.put(self.row, 1, label, bold=True, measure=True)
            self.put(self.row, 2, value or facts.missing, italic=not value, measure=True)
            self.row += 1

    def table(self, table: Table, heading: str = "") -> None:
        """A table: its title (unless the section's), its groups merged over its header, its rows; the sheet's
        first table freezes its header and leading columns and gets the autofilter."""
        if table.title and table.title != heading:
            self.line(table.title, bold=True)
        width = len(table.columns)
        if table.groups:
            col = 1
            for label, span in table.groups:
                self.put(self.row, col, label, bold=True, fill=GREY)
                if span > 1:
                    self.ws.merge_cells(start_row=self.row, start_column=col, end_row=self.row,
                                        end_column=col + span - 1)
                self.ws.cell(row=self.row, column=col).alignment = self._centre
                self.groups.append((self.row, col, max(span, 1), label))
                longest = max((len(word) for word in label.split()), default=0)  # no word broken over lines
                for c in range(col, col + max(span, 1)):
                    self.widths[c] = max(self.widths.get(c, 0), -(-longest // max(span, 1)))
                col += max(span, 1)
            self.row += 1
        top = self.row
        self.header(table.columns)
        for i, values in enumerate(table.rows):
            self._row(values, table.coloured)
            level = table.levels[i] if i < len(table.levels) else 0
            if level > 0:
                self.ws.row_dimensions[self.row].outline_level = min(level, 7)
            self.row += 1
        if not table.rows:
            self.line(table.empty, italic=True)
        last = self.row - 1
        if not self.main_done and width:
            self.main_done = True
            from openpyxl.utils import get_column_letter

            if top <= FREEZE_ROWS_MAX:
                self.ws.freeze_panes = self.ws.cell(row=top + 1, column=max(table.frozen, 0) + 1)
            self.ws.auto_filter.ref = f"A{top}:{get_column_letter(width)}{last}"
            self.ws.print_title_rows = f"{top}:{top}"  # the header on every printed page
        legend = table.legend or (tuple(self.palette.items()) if table.coloured else ())
        if legend:
            self._legend(legend, top, width + 2)
            self.row = max(self.row, top + len(legend) + 1)

    def _row(self, values: Sequence[CellValue], coloured: bool) -> None:
        for col, value in enumerate(values, 1):
            text = cell_text(value)
            fill = ""
            if isinstance(value, Cell) and value.fill:
                fill = rgb(value.fill)
            elif coloured:
                fill = self.palette.get(text, "")
            cell = value if isinstance(value, Cell) else None
            self.put(self.row, col, text, bold=bool(cell and cell.bold), fill=fill,
                     link=cell.link if cell else "", number=True, measure=True)

    def _legend(self, entries: Sequence[tuple[str, str]], top: int, col: int) -> None:
        self.put(top, col, "Legend", bold=True, fill=GREY)
        for i, (value, colour) in enumerate(entries, 1):
            self.put(top + i, col, value, fill=rgb(colour), measure=True)

    def _signatures(self, block: Signatures) -> None:
        if block.statement:
            self.line(block.statement)
        self.header(block.columns)
        for role, name in block.rows or (("", ""),):
            for col, text in enumerate((role, name, "", ""), 1):
                self.put(self.row, col, text, measure=True).border = self._box
            self.ws.row_dimensions[self.row].height = 30
            self.row += 1
        for col in (3, 4):
            self.widths[col] = max(self.widths.get(col, 0), 24)

    def contents(self, sheets: Sequence[tuple[str, str]]) -> None:
        """The Overview's list of the other sheets, each a link to it."""
        if not sheets:
            return
        from openpyxl.worksheet.hyperlink import Hyperlink

        self.line("Contents", bold=True, size=13)
        for title, _name in sheets:
            cell = self.put(self.row, 1, title)
            quoted = title.replace("'", "''")
            cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{quoted}'!A1", display=title)
            cell.font = self._link_fonts[False]
            self.row += 1
        self.row += 1

    def warnings(self, warnings: Sequence[str]) -> None:
        """What the outline asks for and the appraisal does not hold yet."""
        if warnings:
            self._list("Not recorded", warnings, "")

    def finish(self) -> None:
        """Column widths from the content, within ``WIDTH_MIN``..``WIDTH_MAX``."""
        from openpyxl.utils import get_column_letter

        final = {col: min(max(int(chars * 1.1) + 3, WIDTH_MIN), WIDTH_MAX) for col, chars in self.widths.items()}
        for col, width in final.items():
            self.ws.column_dimensions[get_column_letter(col)].width = width
        for row, col, span, label in self.groups:  # a long group label wraps over its columns
            room = (sum(final.get(c, 8.43) for c in range(col, col + span)) - 1) / 1.1  # bold
            self.heights[row] = max(self.heights.get(row, 1), wrapped_lines(label, int(room)))
        for row, lines in self.heights.items():
            if lines > 1:
                self.ws.row_dimensions[row].height = min(LINE_PT * lines + 3, 409)


def wrapped_lines(text: str, room: int) -> int:
    """How many lines ``text`` takes wrapped at word ends into lines of ``room`` characters."""
    lines, used = 1, 0
    for word in text.split():
        if used and used + 1 + len(word) > room:
            lines, used = lines + 1, len(word)
        else:
            used += len(word) + (1 if used else 0)
    return lines


def rgb(colour: str) -> str:
    """``#RRGGBB`` -> ``RRGGBB``; "" when it is no such colour."""
    found = re.fullmatch(r"#?([0-9A-Fa-f]{6})", colour.strip())
    return found.group(1).upper() if found else ""


__all__ = ["SheetWriter", "clean", "rgb", "sheet_titles"]
