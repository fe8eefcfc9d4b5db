"""The report as Markdown: the sections a ``Document`` gives its report (``Document.for_("report")``), in order.

``# title``, the subtitle, then ``## section`` each with its blocks: running text (a note in italics, a
disclaimer as a quote), lists, facts as ``- **Label**: value``, tables as GitHub tables (a rule's sentence is
stated once, in the rules table, and the other tables cite its id), findings under ``### Strengths`` ...,
signatures as a table with empty cells to sign, a chart as the small table of its values (Markdown draws none).
Markdown has no colours: a coloured table's values are its text and its legend (value -> fill) is left out; a
``Cell``'s link is shown where it is a web address; a section's speaker notes belong to the deck.

Every text is made safe once, in ``text``: a ``|`` cannot split a table row, a line break cannot end one, and no
text starts a heading, a quote, a list or a code span of its own — whatever the team wrote in a note, a finding,
a unit's name or a project code. Lines never end in spaces (a hard break in Markdown).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

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
)

_LINE_BREAK = re.compile(r"\r\n|\r|\n|\u2028|\u2029")
#: A backslash before punctuation (or at the end) would escape it: doubled, it stays the team's backslash.
_BACKSLASH = re.compile(r"\\(?=[!-/:-@\[-`{-~]|$)")
#: What starts a block when it begins a line: a heading, a quote, a list item, a setext underline, a fence, a
#: thematic break, an ordered list item ("2." / "2)").
_BLOCK_START = re.compile(r"^(?:[#>=]|[-+*](?=[\s*+-]|$)|([_~])(?=\1)|\d{1,9}(?=[.)](?:\s|$)))")
_ENTITY = re.compile(r"&(?=#?\w+;)")
#: A ``<`` that would open an HTML tag, a comment or an autolink.
_TAG = re.compile(r"<(?=[A-Za-z/!?])")


def text(value: str) -> str:
    """``value`` as one line of Markdown that shows as written: ``|``, backticks, ``<`` and entities escaped,
    line breaks as ``<br>``, a leading block marker (``#``, ``>``, ``-``, ``+``, ``*``, ``=``, ``2.`` ...)
    escaped, no leading or trailing spaces."""
    lines = [_inline(line.strip()) for line in _LINE_BREAK.split(value.strip())]
    return "<br>".join([_BLOCK_START.sub(_escape_start, lines[0], count=1), *lines[1:]])


def _inline(line: str) -> str:
    line = _ENTITY.sub(r"\\&", _BACKSLASH.sub(r"\\\\", line))
    return _TAG.sub(r"\\<", line.replace("|", "\\|").replace("`", "\\`"))


def _escape_start(found: re.Match[str]) -> str:
    marker = found.group()
    return marker + "\\" if marker[0].isdigit() else "\\" + marker


def _cell(value: CellValue) -> str:
    if not isinstance(value, Cell):
        return text(value)
    shown = text(value.text)
    link = value.link.strip()
    if shown and re.match(r"https?://[^\s<>`]+$", link):
        target = link.replace("|", "%7C")
        shown = f"<{target}>" if value.text.strip() == link else f"[{shown}](<{target}>)"
    return f"**{shown}**" if value.bold and shown else shown


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _grid(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A GitHub table; every row has the header's cell count (short rows padded, the header widened)."""
    width = max([len(columns), *(len(r) for r in rows)])
    head = [*columns, *("" for _ in range(width - len(columns)))]
    lines = [_row(head), "|" + "---|" * width]
    lines += [_row([*r, *("" for _ in range(width - len(r)))]) for r in rows]
    return "\n".join(lines)


def _heading(title: str, depth: int) -> str:
    return f"{'#' * depth} {text(title)}"


def _paragraph(block: Paragraph) -> list[str]:
    shown = text(block.text)
    if not shown:
        return []
    if block.style == "note":
        return [f"*{shown}*"]
    return [f"> {shown}"] if block.style == "disclaimer" else [shown]


def _list(items: Sequence[str], empty: str) -> str:
    return "\n".join(f"- {text(i)}" for i in items) if items else f"- {text(empty)}"


def _bullets(block: Bullets) -> list[str]:
    head = [f"**{text(block.title)}**"] if block.title.strip() else []
    return [*head, _list(block.items, block.empty)]


def _facts(block: Facts) -> list[str]:
    head = [f"**{text(block.title)}**"] if block.title.strip() else []
    rows = [f"- **{text(k)}**: {text(v) or text(block.missing)}" for k, v in block.rows]
    return [*head, "\n".join(rows)] if rows else head


def _groups(block: Table) -> str:
    """The header row above the columns (a capability area over its practice areas) as one bold line: each
    group's label with the columns it spans."""
    parts, start = [], 0
    for name, span in block.groups:
        covered = [text(c) for c in block.columns[start:start + span]]
        start += span
        if name.strip():
            parts.append(f"**{text(name)}**: {', '.join(covered)}")
    return " · ".join(parts)


def _table(block: Table, section: Section) -> list[str]:
    out = []
    if block.title.strip() and block.title.strip() != section.title.strip():
        out.append(_heading(block.title, 3))
    if block.groups and block.rows:
        out.append(_groups(block))
    if not block.rows or not block.columns:
        return [*out, text(block.empty)]
    return [*out, _grid([text(c) for c in block.columns], [[_cell(v) for v in row] for row in block.rows])]


def _number(value: float | None, chart: Chart) -> str:
    if value is None:
        return "—"
    if chart.integer or float(value).is_integer():
        whole = round(value)
        return text(chart.labels.get(whole, str(whole)))
    return f"{value:g}"


def _chart(block: Chart) -> list[str]:
    """A chart as the table of its values: a row per category, a column per series."""
    out = [f"**{text(block.title)}**"] if block.title.strip() else []
    if not block.categories or not block.series:
        return [*out, "None"]
    columns = ["", *(text(s.name) for s in block.series)]
    rows = [[text(c), *(_number(s.values[i] if i < len(s.values) else None, block) for s in block.series)]
            for i, c in enumerate(block.categories)]
    return [*out, _grid(columns, rows)]


def _findings(block: Findings) -> list[str]:
    depth = 3
    out = []
    if block.title.strip():
        out.append(_heading(block.title, 3))
        depth = 4
    for heading, statements in block.categories:
        out += [_heading(heading, depth), _list(statements, "None")]
    return out


def _signatures(block: Signatures) -> list[str]:
    out = [text(block.statement)] if block.statement.strip() else []
    rows = [[text(role), text(name), "", ""] for role, name in block.rows] or [["", "", "", ""]]
    return [*out, _grid([text(c) for c in block.columns], rows)]


def _block(block: Block, section: Section) -> list[str]:
    if isinstance(block, Paragraph):
        return _paragraph(block)
    if isinstance(block, Bullets):
        return _bullets(block)
    if isinstance(block, Facts):
        return _facts(block)
    if isinstance(block, Table):
        return _table(block, section)
    if isinstance(block, Chart):
        return _chart(block)
    if isinstance(block, Findings):
        return _findings(block)
    return _signatures(block)


def _cover(section: Section, document: Document) -> str:
    """The cover's lines the title and subtitle do not already say (the model, the dates), on one line."""
    said = {line.strip() for title in (document.title, document.subtitle, section.title)
            for line in _LINE_BREAK.split(title)}
    lines = [line.strip() for block in section.blocks if isinstance(block, Paragraph)
             for line in _LINE_BREAK.split(block.text) if line.strip() and line.strip() not in said]
    return " · ".join(text(line) for line in lines)


def render(document: Document) -> str:
    """The document's report as Markdown: one blank line between blocks, no trailing spaces, a final newline."""
    chunks = [_heading(document.title, 1)]
    if document.subtitle.strip():
        chunks.append(text(document.subtitle))
    for section in document.for_("report"):
        if section.kind == "title":  # the cover: its title is the document's, its lines one line below it
            chunks.append(_cover(section, document))
            continue
        chunks.append(_heading(section.title, 2))
        for block in section.blocks:
            chunks += _block(block, section)
    return "\n\n".join(c for c in chunks if c) + "\n"


def write(document: Document, dest: Path) -> Path:
    """The report as a Markdown file, written atomically (UTF-8)."""
    from appraise.io.export import write_atomically

    write_atomically(dest, render(document).encode("utf-8"), "the report")
    return dest


__all__ = ["render", "text", "write"]
