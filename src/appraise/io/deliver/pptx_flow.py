"""The deck's slide bodies: a section's blocks flowed down the content area, continued on more slides when long.

Each block becomes pieces that know their height and draw themselves: text boxes (paragraphs, bullets, a
legend), native tables (``pptx_table``), native charts, side-by-side findings columns. A piece that does not fit
what is left of a slide starts the next one; a long table, list or findings block is split there (text is never
shrunk to fit).
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from appraise.io.deliver.pptx_table import (
    Fitted,
    char_width,
    column_chunks,
    draw_table,
    fit_rows,
    legend_of,
    line_height,
    lines_of,
    rgb,
)
from appraise.schemes.document import Block, Bullets, Cell, Chart, Facts, Findings, Paragraph, Signatures, Table

GAP = 0.15  # inches between pieces
BODY, SMALL, HEADING = 16, 12, 16  # points
TEXT_PAD = 0.1  # a text box's inner margin, each side
BULLET_INDENT = 0.25
FINDINGS_PT = 14
MIN_CHART = 3.0
MAX_CHART = 5.2


@dataclass(frozen=True)
class Para:
    """One paragraph of a text box."""

    text: str
    pt: int = BODY
    bold: bool = False
    italic: bool = False
    bullet: bool = False
    colour: str = ""
    #: (value, colour) squares drawn before the text: a legend.
    swatches: tuple[tuple[str, str], ...] = ()

    def height(self, width: float) -> float:
        inner = width - 2 * TEXT_PAD - (BULLET_INDENT if self.bullet else 0)
        text = self.text + "".join(f" ■ {v}" for v, _ in self.swatches)
        return lines_of(text, inner, self.pt) * line_height(self.pt) + self.pt * 0.3 / 72


@dataclass(frozen=True)
class Text:
    """Paragraphs still to place (a Paragraph, Bullets or the rest of them)."""

    paras: tuple[Para, ...]


@dataclass(frozen=True)
class Chunk:
    """A column chunk of a table, measured: what is left of its rows to place."""

    table: Table
    widths: tuple[float, ...]
    pt: int
    legend: tuple[tuple[str, str], ...] = ()
    heading: str = ""
    header: bool = True
    least: float = 0.0


@dataclass(frozen=True)
class Piece:
    height: float
    draw: Callable[[Any, float, float, float], None]


Item = Block | Text | Chunk
Fit = tuple[Piece | None, Item | None]


# -- text ----------------------------------------------------------------------------------------------------------


def _paras(block: Paragraph | Bullets) -> tuple[Para, ...]:
    if isinstance(block, Paragraph):
        pt = {"note": SMALL, "disclaimer": 14}.get(block.style, BODY)
        colour = "#595959" if block.style == "note" else ""
        return tuple(Para(line, pt, italic=block.style == "disclaimer", colour=colour)
                     for line in block.text.split("\n"))
    head = (Para(block.title, HEADING, bold=True),) if block.title else ()
    items = tuple(Para(i, BODY, bullet=True) for i in block.items) or (Para(block.empty, BODY),)
    return head + items


def draw_text(slide: Any, paras: tuple[Para, ...], left: float, top: float, width: float, height: float) -> Any:
    from pptx.enum.text import MSO_AUTO_SIZE
    from pptx.util import Inches, Pt

    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    frame = box.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = Inches(TEXT_PAD)
    frame.margin_top = frame.margin_bottom = Inches(0.03)
    for i, p in enumerate(paras):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        if p.bullet:
            _bullet(para)
        for value, colour in p.swatches:
            swatch = para.add_run()
            swatch.text = "■ "
            swatch.font.size = Pt(p.pt + 2)
            swatch.font.color.rgb = rgb(colour)
            label = para.add_run()
            label.text = f"{value}   "
            label.font.size = Pt(p.pt)
        run = para.add_run()
        run.text = p.text
        font = run.font
        font.size = Pt(p.pt)
        font.bold = p.bold
        font.italic = p.italic
        if p.colour:
            font.color.rgb = rgb(p.colour)
    return box


def _bullet(para: Any) -> None:
    """A bullet (•) hanging at BULLET_INDENT: a text box's paragraphs have none of their own."""
    from pptx.oxml.ns import qn
    from pptx.util import Inches

    ppr = para._p.get_or_add_pPr()
    ppr.set("marL", str(Inches(BULLET_INDENT)))
    ppr.set("indent", str(-Inches(BULLET_INDENT)))
    font = ppr.makeelement(qn("a:buFont"), {"typeface": "Arial"})
    char = ppr.makeelement(qn("a:buChar"), {"char": "•"})
    ppr.append(font)
    ppr.append(char)


def _split_para(p: Para, width: float, avail: float) -> tuple[Para | None, Para]:
    """The lines of one long paragraph that fit ``avail``, and the rest (a paragraph is split between words)."""
    inner = width - 2 * TEXT_PAD - (BULLET_INDENT if p.bullet else 0)
    per_line = max(1, int(inner / char_width(p.pt)))
    lines = textwrap.wrap(p.text, per_line) or [""]
    n = max(0, int(avail / line_height(p.pt)) - 1)
    if n == 0:
        return None, p
    return replace(p, text=" ".join(lines[:n])), replace(p, text=" ".join(lines[n:]), bullet=False)


def _fit_text(item: Text, width: float, avail: float, fresh: bool) -> Fit:
    taken: list[Para] = []
    used = 0.06
    rest = list(item.paras)
    while rest:
        h = rest[0].height(width)
        if used + h <= avail:
            taken.append(rest.pop(0))
            used += h
            continue
        if fresh or taken or avail >= 1.0:
            head, tail = _split_para(rest[0], width, avail - used)
            if head is not None:
                taken.append(head)
                used += head.height(width)
                rest[0] = tail
        break
    if not taken:
        return None, item
    paras = tuple(taken)
    piece = Piece(used, lambda s, x, y, w: draw_text(s, paras, x, y, w, used))
    return piece, (Text(tuple(rest)) if rest else None)


# -- tables --------------------------------------------------------------------------------------------------------


def _chunks(table: Table, width: float, palette: Mapping[str, str], header: bool = True,
            least: float = 0.0) -> list[Item]:
    if not table.rows or not table.columns:
        head = (Para(table.title, HEADING, bold=True),) if table.title else ()
        return [Text((*head, Para(table.empty, BODY)))]
    parts = column_chunks(table, width)
    legend = legend_of(table, dict(palette))
    out: list[Item] = []
    for i, (sub, widths, pt) in enumerate(parts):
        heading = (table.title + (f" ({i + 1}/{len(parts)})" if len(parts) > 1 else "")).strip()
        out.append(Chunk(sub, widths, pt, legend, heading, header, least))
    return out


def _fit_chunk(chunk: Chunk, avail: float, fresh: bool, palette: Mapping[str, str]) -> Fit:
    head = Para(chunk.heading, HEADING, bold=True) if chunk.heading else None
    width = sum(chunk.widths)
    above = head.height(width) if head else 0.0
    legend = Para("", SMALL, swatches=chunk.legend) if chunk.legend else None
    below = legend.height(width) + 0.05 if legend else 0.0
    fitted, rest = fit_rows(chunk.table, chunk.widths, chunk.pt, avail - above - below, fresh, chunk.least,
                            chunk.header)
    if fitted is None:
        return None, chunk
    if rest is not None:
        below, legend = 0.0, None  # the legend goes under the table's last part
    total = above + fitted.height + below
    colour = _palette_of(palette)

    def draw(slide: Any, x: float, y: float, w: float, fitted: Fitted = fitted) -> None:
        if head:
            draw_text(slide, (head,), x, y, w, above)
        draw_table(slide, fitted, colour, x, y + above)
        if legend:
            draw_text(slide, (legend,), x, y + above + fitted.height + 0.05, w, below)

    return Piece(total, draw), (replace(chunk, table=rest, heading=chunk.heading) if rest is not None else None)


def _palette_of(palette: Mapping[str, str]) -> Callable[[str], str]:
    return lambda text: palette.get(text, "")


def _facts(facts: Facts, width: float) -> list[Item]:
    rows = tuple((Cell(label, bold=True), value or facts.missing) for label, value in facts.rows)
    table = Table(columns=("", ""), rows=rows, title=facts.title)
    return _chunks(table, width, {}, header=False)


def _signatures(block: Signatures, width: float) -> list[Item]:
    table = Table(columns=block.columns, rows=tuple((role, name, "", "") for role, name in block.rows))
    return [Text((Para(block.statement, BODY),)), *_chunks(table, width, {}, least=0.5)]


# -- charts --------------------------------------------------------------------------------------------------------


def _fit_chart(chart: Chart, width: float, avail: float, fresh: bool, palette: Mapping[str, str]) -> Fit:
    if not chart.categories or not chart.series:  # nothing to draw: a chart part without data is damaged
        head = (Para(chart.title, HEADING, bold=True),) if chart.title else ()
        return _fit_text(Text((*head, Para("None", BODY))), width, avail, fresh)
    if avail < MIN_CHART and not fresh:
        return None, chart
    height = min(avail, MAX_CHART)
    return Piece(height, lambda s, x, y, w: draw_chart(s, chart, palette, x, y, w, height)), None


def draw_chart(slide: Any, chart: Chart, palette: Mapping[str, str], left: float, top: float, width: float,
               height: float) -> Any:
    """``chart`` as a native clustered column or bar chart (its own embedded workbook holds the values)."""
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
    from pptx.util import Inches, Pt

    data = CategoryChartData()
    data.categories = chart.categories
    for series in chart.series:
        data.add_series(series.name, series.values)
    kind = XL_CHART_TYPE.BAR_CLUSTERED if chart.kind == "bar" else XL_CHART_TYPE.COLUMN_CLUSTERED
    frame = slide.shapes.add_chart(kind, Inches(left), Inches(top), Inches(width), Inches(height), data)
    frame.name = chart.title or "Chart"
    graph = frame.chart
    graph.font.size = Pt(12)
    graph.has_title = bool(chart.title)
    if chart.title:
        graph.chart_title.text_frame.text = chart.title
    axis = graph.value_axis
    axis.minimum_scale = 0
    if chart.y_max is not None:
        axis.maximum_scale = chart.y_max
    if chart.integer:
        axis.major_unit = 1
        axis.tick_labels.number_format = "0"
        axis.tick_labels.number_format_is_linked = False
    axis.has_major_gridlines = True
    prefix = _label_prefix(chart.labels)
    if prefix is not None:  # "CL0".."CL5": the ticks say it themselves
        axis.tick_labels.number_format = '"' + prefix.replace('"', "") + '"0'
        axis.tick_labels.number_format_is_linked = False
    words = "" if prefix is not None else ", ".join(
        f"{k} = {v}" for k, v in sorted(chart.labels.items()) if str(k) != v)
    if chart.axis_title or words:
        axis.has_title = True
        axis.axis_title.text_frame.text = "; ".join(t for t in (chart.axis_title, words) if t)
    graph.has_legend = len(chart.series) > 1
    if graph.has_legend:
        graph.legend.position = XL_LEGEND_POSITION.BOTTOM
        graph.legend.include_in_layout = False
    for plot_series, series in zip(graph.plots[0].series, chart.series, strict=False):
        if series.name in palette:
            plot_series.format.fill.solid()
            plot_series.format.fill.fore_color.rgb = rgb(palette[series.name])
    return frame


def _label_prefix(labels: Mapping[int, str]) -> str | None:
    """The common prefix when every label is it followed by its number ("CL0", "CL1", ...), else None."""
    if not labels:
        return None
    first = min(labels)
    prefix = labels[first].removesuffix(str(first))
    ok = all(v == f"{prefix}{k}" for k, v in labels.items()) and prefix != labels[first]
    return prefix if ok else None


# -- findings ------------------------------------------------------------------------------------------------------

PER_ROW = 3


def _findings(block: Findings) -> list[Item]:
    cats = block.categories or (("Findings", ()),)
    rows = [cats[i:i + PER_ROW] for i in range(0, len(cats), PER_ROW)]
    return [Findings(row, block.title if i == 0 else "") for i, row in enumerate(rows)]


def _fit_findings(block: Findings, width: float, avail: float, fresh: bool) -> Fit:
    n = len(block.categories)
    col = (width - GAP * (n - 1)) / n
    title = Para(block.title, HEADING, bold=True) if block.title else None
    top = title.height(width) if title else 0.0
    heads = [Para(h, HEADING, bold=True) for h, _ in block.categories]
    head_h = max(p.height(col) for p in heads)
    room = avail - top - head_h - 0.1
    taken: list[tuple[str, tuple[str, ...]]] = []
    left: list[tuple[str, tuple[str, ...]]] = []
    tallest = 0.0
    for heading, items in block.categories:
        used, k = 0.0, 0
        for item in items:
            h = Para(item, FINDINGS_PT, bullet=True).height(col)
            if used + h > room and (k or not fresh):
                break
            used, k = used + h, k + 1
        if not items:
            used = Para("None", FINDINGS_PT).height(col)
        taken.append((heading, items[:k]))
        left.append((heading, items[k:]))
        tallest = max(tallest, used)
    if not fresh and all(items and not t for (_, items), (_, t) in zip(block.categories, taken, strict=False)):
        return None, block
    rest = [(h, items) for h, items in left if items]
    height = top + head_h + 0.1 + tallest + 0.06
    shown = tuple((h, t, bool(all_items)) for (h, t), (_, all_items) in zip(taken, block.categories, strict=False))

    def draw(slide: Any, x: float, y: float, w: float) -> None:
        from pptx.enum.dml import MSO_THEME_COLOR

        if title:
            draw_text(slide, (title,), x, y, w, top)
        for i, (heading, items, had) in enumerate(shown):
            cx = x + i * (col + GAP)
            box = draw_text(slide, (Para(heading, HEADING, bold=True, colour="#FFFFFF"),), cx, y + top, col, head_h)
            box.fill.solid()
            box.fill.fore_color.theme_color = MSO_THEME_COLOR.TEXT_2  # the template's own dark colour
            paras = tuple(Para(t, FINDINGS_PT, bullet=True) for t in items)
            if not paras:  # "None" (FF3), or nothing here when its statements begin on the next slide
                paras = (Para("" if had else "None", FINDINGS_PT),)
            draw_text(slide, paras, cx, y + top + head_h + 0.1, col, tallest + 0.06)

    more = Findings(tuple(rest), f"{block.title} (cont.)" if block.title else "") if rest else None
    return Piece(height, draw), more


# -- the flow ------------------------------------------------------------------------------------------------------


def _expand(block: Item, width: float, palette: Mapping[str, str]) -> list[Item]:
    if isinstance(block, Paragraph | Bullets):
        return [Text(_paras(block))]
    if isinstance(block, Table):
        return _chunks(block, width, palette)
    if isinstance(block, Facts):
        return _facts(block, width)
    if isinstance(block, Signatures):
        return _signatures(block, width)
    if isinstance(block, Findings):
        return _findings(block)
    return [block]


def _fit(item: Item, width: float, avail: float, fresh: bool, palette: Mapping[str, str]) -> Fit:
    if isinstance(item, Text):
        return _fit_text(item, width, avail, fresh)
    if isinstance(item, Chunk):
        return _fit_chunk(item, avail, fresh, palette)
    if isinstance(item, Chart):
        return _fit_chart(item, width, avail, fresh, palette)
    if isinstance(item, Findings):
        return _fit_findings(item, width, avail, fresh)
    raise TypeError(f"not a block: {item!r}")


def paginate(blocks: tuple[Block, ...], width: float, height: float,
             palette: Mapping[str, str]) -> list[list[tuple[float, Piece]]]:
    """The blocks as pages of (top offset, piece) in a content area of ``width`` × ``height`` inches."""
    queue: list[Item] = [i for b in blocks for i in _expand(b, width, palette)]
    pages: list[list[tuple[float, Piece]]] = [[]]
    y = 0.0
    while queue:
        item = queue.pop(0)
        fresh = not pages[-1]
        piece, rest = _fit(item, width, height - y, fresh, palette)
        if piece is not None:
            pages[-1].append((y, piece))
            y += piece.height + GAP
        if rest is not None:
            queue.insert(0, rest)
            if piece is not None or not fresh:
                pages.append([])
                y = 0.0
    return pages


def draw_page(slide: Any, page: list[tuple[float, Piece]], left: float, top: float, width: float) -> None:
    for y, piece in page:
        piece.draw(slide, left, top + y, width)


__all__ = ["Para", "draw_page", "draw_text", "paginate"]
