"""The report as one self-contained HTML file: inline CSS, charts as inline SVG, no script, no URL (X1).

``render(document)`` draws ``document.for_("report")`` in order: a cover (the title section, else the document's
title and subtitle), a table of contents linking every other section, then each section as
``<section id=...>`` with its ``<h2>`` and its blocks. Every text is escaped; the only links are the evidence
locations the team recorded (``Cell.link``, http(s) or file only, ``rel="noreferrer"``). Coloured tables fill a
cell whose text is a key of ``Document.palette`` (a ``Cell.fill`` wins), with readable text on dark fills and a
legend. The print styles (A4 landscape, repeated table headers, no row or chart split over a page) are what the
PDF (``appraise.io.deliver.pdf``) is printed with.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape
from pathlib import Path

from appraise.io.deliver.svg import render_chart
from appraise.io.export import write_atomically
from appraise.schemes.document import (
    Block,
    Bullets,
    Cell,
    CellValue,
    Chart,
    Document,
    Facts,
    Findings,
    Paragraph,
    Section,
    Signatures,
    Table,
    cell_text,
    safe_link,
)

#: A link the report may carry: what the team recorded as an evidence location on the web or a share.
_LINKABLE = re.compile(r"^(https?|file)://", re.IGNORECASE)
_HEX = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")

CSS = """
:root { color-scheme: light; --ink: #1d232b; --muted: #5b6470; --rule: #c9ced6; --head: #eef1f5;
  --accent: #1f4e79; }
* { box-sizing: border-box; }
html { background: #f6f7f9; }
body { margin: 0; color: var(--ink); background: #ffffff; font: 14px/1.45 system-ui, -apple-system, "Segoe UI",
  Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif; }
main { max-width: 1200px; margin: 0 auto; padding: 24px 32px 48px; background: #ffffff; }
h1 { font-size: 28px; margin: 0 0 6px; color: var(--accent); }
h2 { font-size: 20px; margin: 0 0 12px; padding-bottom: 4px; border-bottom: 2px solid var(--accent);
  color: var(--accent); }
h3 { font-size: 16px; margin: 18px 0 8px; }
h4 { font-size: 14px; margin: 12px 0 4px; }
p { margin: 0 0 10px; white-space: pre-line; }
a { color: var(--accent); overflow-wrap: anywhere; }
section { margin: 0 0 36px; }
.cover { padding: 48px 0 32px; border-bottom: 1px solid var(--rule); margin-bottom: 24px; }
.cover .kind { text-transform: uppercase; letter-spacing: .08em; color: var(--muted); font-size: 12px;
  margin-bottom: 8px; }
.cover .subtitle { font-size: 20px; color: var(--ink); }
nav.toc { margin: 0 0 36px; }
nav.toc ol { columns: 2; column-gap: 40px; padding-left: 22px; margin: 0; }
nav.toc li { break-inside: avoid; margin: 2px 0; }
nav.toc li.divider { font-weight: 600; list-style: none; margin-left: -22px; margin-top: 8px; }
section.divider h2 { font-size: 26px; border-bottom: 0; padding: 40px 0 8px; }
.note { font-size: 12px; color: var(--muted); }
.disclaimer { border: 1px solid var(--rule); border-left: 4px solid var(--accent); background: #f8f9fb;
  padding: 10px 14px; margin: 0 0 12px; }
.disclaimer p { margin: 0; }
.empty { color: var(--muted); font-style: italic; }
.missing { color: #8a4b00; font-style: italic; }
.scroll { overflow-x: auto; margin: 0 0 12px; }
table { border-collapse: collapse; font-size: 12.5px; }
table.data { min-width: 40%; }
th, td { border: 1px solid var(--rule); padding: 3px 7px; text-align: left; vertical-align: top; }
thead th { background: var(--head); font-weight: 600; }
thead tr.groups th { text-align: center; background: #dde3ea; }
tr.level-0 td { font-weight: 600; background: #f3f5f8; }
tr.level-1 td:first-child { padding-left: 16px; }
tr.level-2 td:first-child { padding-left: 28px; }
tr.level-3 td:first-child { padding-left: 40px; }
td.fill { text-align: center; font-weight: 600; }
table.wide td:first-child { white-space: nowrap; }
td.b, td strong { font-weight: 700; }
table.facts th { width: 28%; background: var(--head); font-weight: 600; }
table.facts { min-width: 60%; }
table.signatures { min-width: 80%; }
table.signatures td { height: 40px; }
table.signatures td.blank { width: 24%; }
ul.legend { list-style: none; padding: 0; margin: 4px 0 14px; display: flex; flex-wrap: wrap; gap: 6px 18px;
  font-size: 12px; }
ul.legend li { display: flex; align-items: center; gap: 6px; }
.swatch { display: inline-block; width: 14px; height: 14px; border: 1px solid #888; }
figure.chart { margin: 8px 0 18px; }
figure.chart figcaption { font-weight: 600; margin-bottom: 6px; }
figure.chart svg { max-width: 100%; height: auto; }
.findings h4 { margin-top: 10px; }
td.fill, .swatch, svg, tr.level-0 td, thead th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
@page { size: A4 landscape; margin: 14mm 12mm 16mm 12mm; }
@media print {
  html, body, main { background: #ffffff; }
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  table { font-size: 8.5pt; }
  th, td { padding: 2px 4px; }
  td.fill { padding: 2px 3px; }
  table.wide { font-size: 7pt; width: 100%; }
  table.wide td, table.wide th { padding: 1px 2px; }
  .scroll { overflow: visible; }
  thead { display: table-header-group; }
  tr, figure.chart, .disclaimer, ul.legend, table.facts, table.signatures { break-inside: avoid; }
  h2, h3, h4, figcaption { break-after: avoid; }
  section.newpage, nav.toc { break-before: page; }
  .cover { border-bottom: 0; padding-top: 30mm; }
  a { color: var(--ink); text-decoration: none; }
}
"""


_MARGIN_FONT = "font: 8pt system-ui, \"Segoe UI\", Roboto, Arial, \"Liberation Sans\", sans-serif;"


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _css_string(text: str) -> str:
    """``text`` as a CSS string literal that cannot close the string or the ``<style>`` element."""
    out = []
    for ch in text:
        if ch in '\\"<>' or ord(ch) < 32:
            out.append(f"\\{ord(ch):X} ")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _anchor(value: str) -> str:
    """An element id from a section id: no whitespace (HTML ids may hold anything else)."""
    return re.sub(r"\s+", "-", value.strip()) or "section"


def _hex(colour: str) -> str:
    """``colour`` as ``#rrggbb``, or "" when it is not a hex colour (nothing else reaches a style attribute)."""
    match = _HEX.match(colour.strip())
    if not match:
        return ""
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return "#" + digits.lower()


def ink_on(fill: str) -> str:
    """A readable text colour on ``fill``: white on a dark fill, near-black on a light one."""
    r, g, b = (int(fill[i:i + 2], 16) / 255 for i in (1, 3, 5))

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    return "#ffffff" if luminance < 0.36 else "#111111"


class _Renderer:
    """One document's drawing: the palette read once, the colours' ink remembered."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.palette = {k: c for k, v in document.palette.items() if (c := _hex(v))}
        self._ink: dict[str, str] = {}
        self._ids: set[str] = set()
        #: The title of the section being drawn: a block titled the same is not given a second heading.
        self._section_title = ""

    def unique(self, wanted: str) -> str:
        ident, n = wanted, 2
        while ident in self._ids:
            ident, n = f"{wanted}-{n}", n + 1
        self._ids.add(ident)
        return ident

    def style(self, fill: str) -> str:
        ink = self._ink.get(fill)
        if ink is None:
            ink = self._ink[fill] = ink_on(fill)
        return f' style="background:{fill};color:{ink}"'

    # -- the page ---------------------------------------------------------------------------------------------

    def page(self) -> str:
        doc = self.document
        sections = doc.for_("report")
        covers = [s for s in sections if s.kind == "title"]
        out = ['<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
               '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
               f"<title>{_e(' — '.join(t for t in (doc.title, doc.subtitle) if t))}</title>\n",
               '<meta name="generator" content="appraise">\n<style>', CSS,
               f"@page {{ @bottom-right {{ content: counter(page) \" / \" counter(pages); {_MARGIN_FONT} }}"
               f" @bottom-left {{ content: {_css_string(doc.title + (' — ' + doc.subtitle if doc.subtitle else ''))};"
               f" {_MARGIN_FONT} color: #5b6470; }} }}\n",
               "</style>\n</head>\n<body>\n<main>\n"]
        if not covers:
            out.append(self.cover(None))
        toc_done = False
        for section in sections:
            if section.kind == "title":
                out.append(self.cover(section))
                continue
            if not toc_done:
                out.append(self.toc(sections))
                toc_done = True
            out.append(self.section(section))
        if not toc_done:
            out.append(self.toc(sections))
        out.append("</main>\n</body>\n</html>\n")
        return "".join(out)

    def cover(self, section: Section | None) -> str:
        doc = self.document
        if section is None:
            ident, title, blocks = self.unique("cover"), doc.title, ()
        else:
            ident, title, blocks = self.unique(_anchor(section.id)), section.title or doc.title, section.blocks
        out = [f'<section id="{ident}" class="cover">\n']
        if doc.kind and doc.kind != title:
            out.append(f'<div class="kind">{_e(doc.kind)}</div>\n')
        out.append(f"<h1>{_e(title)}</h1>\n")
        if doc.subtitle:
            out.append(f'<p class="subtitle">{_e(doc.subtitle)}</p>\n')
        out.extend(self.block(b) for b in blocks)
        out.append("</section>\n")
        return "".join(out)

    def toc(self, sections: Iterable[Section]) -> str:
        items = []
        for s in sections:
            if s.kind == "title":
                continue
            cls = ' class="divider"' if s.kind == "divider" else ""
            items.append(f'<li{cls}><a href="#{_e(_anchor(s.id))}">{_e(s.title)}</a></li>')
        if not items:
            return ""
        return '<nav class="toc" aria-label="Contents">\n<h2>Contents</h2>\n<ol>\n' + "\n".join(items) + \
            "\n</ol>\n</nav>\n"

    def section(self, section: Section) -> str:
        big = section.kind == "divider" or any(
            isinstance(b, Chart) or (isinstance(b, Table) and len(b.rows) > 12) for b in section.blocks)
        classes = " ".join(c for c in (section.kind, "newpage" if big else "", "team" if section.team else "") if c)
        out = [f'<section id="{self.unique(_anchor(section.id))}" class="{classes}">\n<h2>{_e(section.title)}</h2>\n']
        self._section_title = section.title
        out.extend(self.block(b) for b in section.blocks)
        if section.notes:
            out.append(f'<p class="note">{_e(section.notes)}</p>\n')
        out.append("</section>\n")
        return "".join(out)

    # -- the blocks -------------------------------------------------------------------------------------------

    def block(self, block: Block) -> str:
        if isinstance(block, Paragraph):
            if block.style == "disclaimer":
                return f'<div class="disclaimer"><p>{_e(block.text)}</p></div>\n'
            return f'<p class="{"note" if block.style == "note" else "body"}">{_e(block.text)}</p>\n'
        if isinstance(block, Bullets):
            return self.heading(block.title) + self.items(block.items, block.empty)
        if isinstance(block, Facts):
            return self.facts(block)
        if isinstance(block, Table):
            return self.table(block)
        if isinstance(block, Chart):
            caption = f"<figcaption>{_e(block.title)}</figcaption>" if block.title else ""  # names the figure
            return f'<figure class="chart">{caption}{render_chart(block, self.palette)}</figure>\n'
        if isinstance(block, Findings):
            return self.findings(block)
        if isinstance(block, Signatures):
            return self.signatures(block)
        raise TypeError(f"not a block: {type(block).__name__}")

    @staticmethod
    def items(items: Iterable[str], empty: str) -> str:
        lines = [f"<li>{_e(item)}</li>" for item in items]
        if not lines:
            return f'<p class="empty">{_e(empty)}</p>\n'
        return "<ul>\n" + "\n".join(lines) + "\n</ul>\n"

    def heading(self, title: str) -> str:
        return f"<h3>{_e(title)}</h3>\n" if title and title != self._section_title else ""

    def facts(self, block: Facts) -> str:
        out = [self.heading(block.title)]
        out.append('<table class="facts">\n<tbody>\n')
        for label, value in block.rows:
            shown = _e(value) if value else f'<span class="missing">{_e(block.missing)}</span>'
            out.append(f'<tr><th scope="row">{_e(label)}</th><td>{shown}</td></tr>\n')
        out.append("</tbody>\n</table>\n")
        return "".join(out)

    def findings(self, block: Findings) -> str:
        out = ['<div class="findings">\n', self.heading(block.title)]
        for heading, statements in block.categories:
            out.append(f"<h4>{_e(heading)}</h4>\n")
            out.append(self.items(statements, "None"))
        out.append("</div>\n")
        return "".join(out)

    @staticmethod
    def signatures(block: Signatures) -> str:
        out = [f"<p>{_e(block.statement)}</p>\n", '<table class="signatures">\n<thead><tr>']
        out.extend(f'<th scope="col">{_e(c)}</th>' for c in block.columns)
        out.append("</tr></thead>\n<tbody>\n")
        rows = block.rows or (("", ""),)
        for role, name in rows:
            out.append(f'<tr><td>{_e(role)}</td><td>{_e(name)}</td><td class="blank"></td><td class="blank"></td></tr>\n')
        out.append("</tbody>\n</table>\n")
        return "".join(out)

    def table(self, block: Table) -> str:
        out = [self.heading(block.title)]
        key = f' id="{self.unique("table-" + _anchor(block.key))}"' if block.key else ""
        width = max([len(block.columns)] + [len(r) for r in block.rows])
        wide = " wide" if width > 12 else ""
        out.append(f'<div class="scroll"><table class="data{wide}"{key}>\n<thead>\n')
        if block.groups:
            out.append('<tr class="groups">')
            out.extend(f'<th scope="colgroup" colspan="{max(1, int(span))}">{_e(label)}</th>'
                       for label, span in block.groups)
            out.append("</tr>\n")
        out.append("<tr>")
        out.extend(f'<th scope="col">{_e(c)}</th>' for c in block.columns)
        out.extend('<th scope="col"></th>' for _ in range(width - len(block.columns)))
        out.append("</tr>\n</thead>\n<tbody>\n")
        if not block.rows:
            out.append(f'<tr><td class="empty" colspan="{max(1, width)}">{_e(block.empty)}</td></tr>\n')
        levels = block.levels if len(block.levels) == len(block.rows) else ()
        used: dict[str, str] = {}
        for i, row in enumerate(block.rows):
            out.append(f'<tr class="level-{min(levels[i], 3)}">' if levels else "<tr>")
            for value in row:
                out.append(self.cell(value, block.coloured, used))
            out.extend("<td></td>" for _ in range(width - len(row)))
            out.append("</tr>\n")
        out.append("</tbody>\n</table></div>\n")
        out.append(self.legend(block.legend or tuple(used.items())))
        return "".join(out)

    def cell(self, value: CellValue, coloured: bool, used: dict[str, str]) -> str:
        text = cell_text(value)
        fill = _hex(value.fill) if isinstance(value, Cell) and value.fill else ""
        if not fill and coloured and text in self.palette:
            fill = self.palette[text]
            used.setdefault(text, fill)
        body = _e(text)
        if isinstance(value, Cell):
            if value.link and _LINKABLE.match(safe_link(value.link)):
                body = f'<a href="{_e(value.link.strip())}" rel="noreferrer">{body}</a>'
            if value.bold:
                body = f"<strong>{body}</strong>"
        if fill:
            return f'<td class="fill"{self.style(fill)}>{body}</td>'
        return f"<td>{body}</td>"

    def legend(self, pairs: Iterable[tuple[str, str]]) -> str:
        items = [f'<li><span class="swatch" style="background:{c}"></span>{_e(v)}</li>'
                 for v, colour in pairs if (c := _hex(colour))]
        if not items:
            return ""
        return '<ul class="legend" aria-label="Legend">' + "".join(items) + "</ul>\n"


def render(document: Document) -> str:
    """``document``'s report as one HTML page (a string)."""
    return _Renderer(document).page()


def write(document: Document, dest: Path, *rest: object) -> Path:
    """Write the report to ``dest`` (atomically) and return it."""
    write_atomically(dest, render(document).encode("utf-8"), "the HTML report")
    return dest


__all__ = ["CSS", "ink_on", "render", "write"]
