"""The deck's tables: a ``Table`` measured, split by columns and rows to fit a slide, drawn as a native table shape.

Sizes are estimated from the text (an average glyph is about half an em wide), never shrunk below
``MIN_FONT``: a table too wide at that size is split into column chunks that repeat the ``frozen`` leading
columns, a table too tall is continued on the next slide with its header repeated.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from appraise.schemes.document import Cell, CellValue, Table, cell_text, safe_link

#: Font sizes (points) a table may use, largest first; below the last one it is split instead.
FONTS = (14, 12, 11, 10, 9)
MIN_FONT = FONTS[-1]
#: Cell padding (inches), left + right and top + bottom.
PAD_X, PAD_Y = 0.12, 0.08
#: How much wider than its text a small table may be drawn.
STRETCH = 2.0
#: Longest text a column is sized for before its cells wrap (characters).
WRAP_AT = 48


def char_width(pt: float) -> float:
    """An average glyph's width in inches (Calibri is about 0.5 em; a little more for safety)."""
    return pt * 0.53 / 72


def line_height(pt: float) -> float:
    return pt * 1.2 / 72


def lines_of(text: str, width: float, pt: float) -> int:
    """How many lines ``text`` takes in ``width`` inches at ``pt`` points (word wrap estimated per paragraph)."""
    per_line = max(1, int(width / char_width(pt)))
    total = 0
    for part in text.split("\n"):
        if len(part) <= per_line:
            total += 1
            continue
        n, used = 1, 0
        for word in part.split(" "):
            w = len(word)
            if used and used + 1 + w > per_line:
                n, used = n + 1, 0
            used = used + (1 if used else 0) + w
            if used > per_line:  # a word longer than a line breaks
                n += (used - 1) // per_line
                used = used % per_line or per_line
        total += n
    return total


@dataclass(frozen=True)
class Fitted:
    """A table chunk ready to draw: its column widths (inches), font, each row's height, the header's rows."""

    table: Table
    widths: tuple[float, ...]
    pt: int
    heights: tuple[float, ...]
    header_rows: int

    @property
    def height(self) -> float:
        return sum(self.heights)


def _column_chars(table: Table) -> list[tuple[int, int]]:
    """Each column's longest word and longest line (characters)."""
    out = []
    for c, name in enumerate(table.columns):
        texts = {name, *(cell_text(row[c]) for row in table.rows if c < len(row))}
        longest = max((len(line) for t in texts for line in t.split("\n")), default=1)
        word = max((len(w) for t in texts for w in t.split()), default=1)
        out.append((word, longest))
    return out


def _column_needs(chars: Sequence[tuple[int, int]], pt: float) -> list[tuple[float, float]]:
    """Each column's (least, natural) width in inches: its longest word, its longest text (up to WRAP_AT)."""
    cw = char_width(pt)
    out = []
    for word, longest in chars:
        least = min(word, 14) * cw * 1.2 + PAD_X  # bold capitals are wider than the average glyph
        natural = min(max(longest, 2), WRAP_AT) * cw + PAD_X
        out.append((least, max(least, natural)))
    return out


def _widths(needs: Sequence[tuple[float, float]], width: float) -> tuple[float, ...] | None:
    """Column widths filling ``width``, or None when even the least widths do not fit."""
    least = sum(n[0] for n in needs)
    natural = sum(n[1] for n in needs)
    if least > width + 1e-6:
        return None
    if natural <= width:  # a small table grows, but not into a sparse band across the slide
        scale = min(width / natural, STRETCH)
        return tuple(n[1] * scale for n in needs)
    extra = width - least
    grow = natural - least
    return tuple(n[0] + (n[1] - n[0]) * extra / grow for n in needs)


def _sub_table(table: Table, cols: Sequence[int]) -> Table:
    """``table`` with only the columns ``cols`` (in order): rows and the group header cut to match."""
    groups: list[tuple[str, int]] = []
    if table.groups:
        owner: list[str] = []
        for label, span in _spans(table.groups, len(table.columns)):
            owner.extend([label] * span)
        for c in cols:
            label = owner[c] if c < len(owner) else ""
            if groups and groups[-1][0] == label and c - 1 in cols:
                groups[-1] = (label, groups[-1][1] + 1)
            else:
                groups.append((label, 1))
    return replace(table, columns=tuple(table.columns[c] for c in cols),
                   rows=tuple(tuple(row[c] if c < len(row) else "" for c in cols) for row in table.rows),
                   groups=tuple(groups))


def column_chunks(table: Table, width: float) -> list[tuple[Table, tuple[float, ...], int]]:
    """``table`` as one or more column chunks that fit ``width``: (chunk, widths, font size). The largest font
    that fits the whole table wins; at the least font the columns after the frozen ones are split."""
    chars = _column_chars(table)
    for pt in FONTS:
        needs = _column_needs(chars, pt)
        widths = _widths(needs, width)
        if widths is not None:
            return [(table, widths, pt)]
    pt = MIN_FONT
    needs = _column_needs(chars, pt)
    frozen = list(range(min(max(table.frozen, 0), len(table.columns) - 1)))
    fixed = sum(needs[c][0] for c in frozen)
    chunks: list[list[int]] = []
    current: list[int] = []
    used = fixed
    for c in range(len(frozen), len(table.columns)):
        if current and used + needs[c][0] > width:
            chunks.append(current)
            current, used = [], fixed
        current.append(c)
        used += needs[c][0]
    chunks.append(current)
    out = []
    for chunk in chunks:
        cols = frozen + chunk
        sub_needs = [needs[c] for c in cols]
        widths = _widths(sub_needs, width) or tuple(n[0] * width / sum(x[0] for x in sub_needs)
                                                      for n in sub_needs)
        out.append((_sub_table(table, cols), widths, pt))
    return out


def _row_height(texts: Sequence[str], widths: Sequence[float], pt: float, least: float = 0.0) -> float:
    lines = max((lines_of(t, w - PAD_X, pt) for t, w in zip(texts, widths, strict=False)), default=1)
    return max(lines * line_height(pt) + PAD_Y, least)


def header_heights(table: Table, widths: Sequence[float], pt: float) -> list[float]:
    heights = []
    if table.groups:
        spans, c = [], 0
        for label, span in _spans(table.groups, len(table.columns)):
            spans.append((label, sum(widths[c:c + span])))
            c += span
        heights.append(_row_height([s[0] for s in spans], [s[1] for s in spans], pt))
    heights.append(_row_height(table.columns, widths, pt))
    return heights


def fit_rows(table: Table, widths: tuple[float, ...], pt: int, avail: float, fresh: bool,
             least: float = 0.0, header: bool = True) -> tuple[Fitted | None, Table | None]:
    """The rows of ``table`` that fit ``avail`` inches under its header, and the table of the rows left (the same
    header, repeated on the next slide), or (None, table) when not even one row fits below what is already there;
    on a ``fresh`` slide at least one row is taken."""
    head = header_heights(table, widths, pt) if header else []
    used = sum(head)
    heights: list[float] = []
    for row in table.rows:
        h = _row_height([cell_text(v) for v in row], widths, pt, least)
        if used + h > avail and (heights or not fresh):
            break
        heights.append(h)
        used += h
    if not heights and table.rows:
        return None, table
    n = len(heights)
    taken = replace(table, rows=table.rows[:n], levels=table.levels[:n])
    rest = replace(table, rows=table.rows[n:], levels=table.levels[n:]) if n < len(table.rows) else None
    return Fitted(taken, widths, pt, tuple(head + heights), len(head)), rest


# -- drawing -------------------------------------------------------------------------------------------------------


def rgb(hex_colour: str) -> Any:
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex_colour.lstrip("#").upper())


@lru_cache(maxsize=256)
def is_dark(hex_colour: str) -> bool:
    h = hex_colour.lstrip("#")
    try:
        r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return False
    return 0.299 * r + 0.587 * g + 0.114 * b < 128


_EMU = 914400
_NS = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
_CONTROL = {c: None for c in range(32) if c not in (9, 10)}
_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"


def _esc(text: str) -> str:
    return escape(text.translate(_CONTROL), {'"': "&quot;"})


@lru_cache(maxsize=256)
def _hex(value: str) -> str:
    """``value`` as ``#RRGGBB``, or "" when it is not a colour."""
    h = value.strip().lstrip("#")
    return f"#{h.upper()}" if len(h) == 6 and all(c in "0123456789abcdefABCDEF" for c in h) else ""


def _colour(value: str) -> str:
    """``#RRGGBB`` or a theme colour's name (``accent1``, ``bg1``) as a DrawingML colour."""
    if value.startswith("#"):
        return f'<a:srgbClr val="{value[1:].upper()}"/>'
    return f'<a:schemeClr val="{value}"/>'


@lru_cache(maxsize=4096)
def _tc(text: str, pt: int, *, bold: bool = False, fill: str = "", link_id: str = "", indent: int = 0,
        header: bool = False, span: int = 1, merged: bool = False) -> str:
    """One ``a:tc``, written as XML: python-pptx's cell API takes seconds for the thousands of cells of a
    practices x projects grid (the deck must be written in under 2 s)."""
    fill = _hex(fill)
    ink = "bg1" if header else ("#FFFFFF" if is_dark(fill) else "#000000") if fill else ""
    run_props = (f'<a:rPr lang="en-US" sz="{pt * 100}" b="{int(bold)}" dirty="0">'
                 + (f"<a:solidFill>{_colour(ink)}</a:solidFill>" if ink else "")
                 + (f'<a:hlinkClick r:id="{link_id}"/>' if link_id else "") + "</a:rPr>")
    paras = "".join(f"<a:p><a:r>{run_props}<a:t>{_esc(line)}</a:t></a:r></a:p>" if line else
                    f'<a:p><a:endParaRPr lang="en-US" sz="{pt * 100}" dirty="0"/></a:p>'
                    for line in text.split("\n"))
    back = "accent1" if header else fill
    margin_left = int((0.06 + 0.14 * indent) * _EMU)
    attrs = (f' gridSpan="{span}"' if span > 1 else "") + (' hMerge="1"' if merged else "")
    return (f"<a:tc{attrs}><a:txBody><a:bodyPr/><a:lstStyle/>{paras}</a:txBody>"
            f'<a:tcPr marL="{margin_left}" marR="{int(0.06 * _EMU)}" marT="{int(0.04 * _EMU)}" '
            f'marB="{int(0.04 * _EMU)}">' + (f"<a:solidFill>{_colour(back)}</a:solidFill>" if back else "")
            + "</a:tcPr></a:tc>")


def _spans(groups: Sequence[tuple[str, int]], n: int) -> list[tuple[str, int]]:
    """The group row's (label, span) pairs covering exactly ``n`` columns (a short row is padded, a long one cut):
    a row of another width would be a damaged table."""
    out: list[tuple[str, int]] = []
    left = n
    for label, span in groups:
        span = min(max(int(span), 1), left)
        if span:
            out.append((label, span))
        left -= span
    if left:
        out.append(("", left))
    return out


def draw_table(slide: Any, fitted: Fitted, palette: Callable[[str], str], left: float, top: float) -> Any:
    """``fitted`` as a native table shape at (left, top) inches: the group row merged over its columns, the
    header rows in the theme's accent, coloured cells filled (``Cell.fill`` wins, a dark fill gets white text);
    the shape."""
    from lxml import etree
    from pptx.util import Inches

    table = fitted.table
    shape = slide.shapes.add_table(1, len(table.columns), Inches(left), Inches(top),  # rows: see below
                                   Inches(sum(fitted.widths)), Inches(fitted.height))
    shape.name = table.key or table.title or "Table"
    grid = shape.table
    grid.first_row = fitted.header_rows > 0
    grid.horz_banding = not table.coloured
    tbl = grid._tbl  # noqa: SLF001 - widths and rows are written whole (see _tc)
    for col, w in zip(tbl.tblGrid.gridCol_lst, fitted.widths, strict=True):
        col.set("w", str(int(w * _EMU)))
    rows: list[list[str]] = []
    if table.groups:
        cells = []
        for label, span in _spans(table.groups, len(table.columns)):
            cells.append(_tc(label, fitted.pt, bold=True, header=True, span=span))
            cells.extend(_tc("", fitted.pt, header=True, merged=True) for _ in range(span - 1))
        rows.append(cells)
    if fitted.header_rows:
        rows.append([_tc(name, fitted.pt, bold=True, header=True) for name in table.columns])
    links: dict[str, str] = {}
    for i, values in enumerate(table.rows):
        level = table.levels[i] if i < len(table.levels) else 0
        cells = []
        for c in range(len(table.columns)):
            value: CellValue = values[c] if c < len(values) else ""
            text = cell_text(value)
            fill = value.fill if isinstance(value, Cell) and value.fill else (
                palette(text) if table.coloured else "")
            bold = (isinstance(value, Cell) and value.bold) or (bool(table.levels) and level == 0 and c == 0)
            link = safe_link(value.link) if isinstance(value, Cell) and "://" in value.link else ""
            if link and link not in links:
                links[link] = slide.part.relate_to(link, _HYPERLINK, is_external=True)
            cells.append(_tc(text, fitted.pt, bold=bold, fill=fill, link_id=links.get(link, ""),
                             indent=level if c == 0 else 0))
        rows.append(cells)
    body = "".join(f'<a:tr h="{int(h * _EMU)}">{"".join(cells)}</a:tr>'
                   for h, cells in zip(fitted.heights, rows, strict=True))
    for tr in tbl.tr_lst:
        tbl.remove(tr)
    for tr in etree.fromstring(f"<a:tbl {_NS}>{body}</a:tbl>"):
        tbl.append(tr)
    return shape


def legend_of(table: Table, palette: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """The table's legend: its own, else the palette's values that occur in it (coloured tables)."""
    if table.legend:
        return table.legend
    if not table.coloured:
        return ()
    seen = {cell_text(v) for row in table.rows for v in row}
    return tuple((k, v) for k, v in palette.items() if k in seen)


__all__ = ["Fitted", "char_width", "column_chunks", "draw_table", "fit_rows", "is_dark", "legend_of",
           "line_height", "lines_of", "rgb"]
