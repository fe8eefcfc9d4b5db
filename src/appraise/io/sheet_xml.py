"""A worksheet part's XML read as rows of text cells, and its merged ranges.

openpyxl (read-only) opens the workbook once: the shared strings, which styles are dates, the number formats.
The rows of a sheet part are then read here, streamed with ``iterparse`` one ``<row>`` at a time (a read row is
dropped from the tree, so a million rows cost the memory of one), each cell straight to its text: a shared or
inline string stripped, a number without float artefacts or with the decimals its format fixes, a date as ISO,
a formula as its cached value (``<v>``; the formula itself is never read), a boolean as ``TRUE``/``FALSE``, an
error as Excel shows it (``#N/A``). This is the loop openpyxl's ``iter_rows(values_only=True)`` runs, without a
Python value and a dict per cell before the text, so reading a sheet as text is no slower than openpyxl's own
iteration.

The merged ranges (``<mergeCell ref="A2:A5"/>``, after ``</sheetData>``) are read by a separate scan of the part
in blocks, searched as bytes (read-only openpyxl does not give them).
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any
from xml.etree.ElementTree import iterparse

from appraise.io.workbook import number_text

#: A merged range: (first row, first column, last row, last column), 1-based.
Range = tuple[int, int, int, int]
_MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
_BLOCK = 1 << 20
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')
_DIGITS = "0123456789"
_COLUMNS: dict[str, int] = {}


def _column_number(letters: str) -> int:
    n = _COLUMNS.get(letters)
    if n is None:
        n = 0
        for c in letters.upper():
            n = n * 26 + ord(c) - 64
        _COLUMNS[letters] = n
    return n


def read_merges(archive: zipfile.ZipFile, member: str) -> list[Range]:
    """The merged ranges of a sheet part, read in blocks (the part is never held whole)."""
    merges: list[Range] = []
    tail = b""
    with archive.open(member) as src:
        while block := src.read(_BLOCK):
            text = tail + block
            if b"mergeCell" not in text:
                tail = text[-64:]  # "<x:mergeCell ref=" cut by the block's end is found with the next block
                continue
            cut = text.rfind(b"<")  # an element cut by the block's end is read with the next block
            for m in _MERGE_REF.finditer(text, 0, cut):
                if m.group(3):
                    merges.append((int(m.group(2)), _column_number(m.group(1).decode()), int(m.group(4)),
                                   _column_number(m.group(3).decode())))
            tail = text[cut:]
    return [r for r in merges if r[2] >= r[0] and r[3] >= r[1] and (r[2], r[3]) != (r[0], r[1])]


def number_format_decimals(fmt: str) -> tuple[int, bool] | None:
    """(decimals, percent) when the number format fixes the decimals (``0.00``, ``#,##0.0``, ``0%``, ``0.0%``);
    None for ``General``, text, dates, scientific and whole-number formats (their values are shown exactly)."""
    section = _QUOTED.sub("", fmt.split(";", 1)[0])
    if not section or section.lower() == "general" or "@" in section or "0" not in section and "#" not in section:
        return None
    if any(c in section.lower() for c in "ymdhse"):
        return None
    point = re.search(r"\.([0#?]+)", section)
    decimals = len(point.group(1)) if point else 0
    percent = "%" in section
    return (decimals, percent) if decimals or percent else None


@dataclass(frozen=True)
class CellFormats:
    """What turning a workbook's cells into text needs, read once when the workbook is opened."""

    #: The shared strings table, each stripped.
    shared: list[str]
    epoch: dt.datetime
    #: Style ids whose number format is a date (a time span for ``timedelta_styles``).
    date_styles: frozenset[int]
    timedelta_styles: frozenset[int]
    #: style id -> (decimals, percent) of its number format, None when the format does not fix them.
    number_styles: tuple[tuple[int, bool] | None, ...]

    def number(self, text: str, style: int) -> str:
        """The text of a number cell's ``<v>`` in style ``style``."""
        if style:
            if style in self.date_styles:
                return _date_text(text, self, style in self.timedelta_styles)
            fmt = self.number_styles[style] if style < len(self.number_styles) else None
            if fmt is not None:
                return number_text(float(text), fmt)
        if "." not in text and "E" not in text and "e" not in text:
            return text  # an integer, as written
        try:
            return number_text(float(text), None)
        except ValueError:
            return text.strip()


def _date_text(text: str, formats: CellFormats, span: bool) -> str:
    from openpyxl.utils.datetime import from_excel

    try:
        value = from_excel(float(text), formats.epoch, timedelta=span)
    except (ValueError, OverflowError):
        return "#VALUE!"
    return value_text(value)


def value_text(value: Any) -> str:
    """A date, time, time span or other non-number value as text (ISO for dates)."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return "" if value is None else str(value).strip()


def _iso_text(text: str) -> str:
    from openpyxl.utils.datetime import from_ISO8601

    try:
        return value_text(from_ISO8601(text))
    except ValueError:
        return text.strip()


def parse_rows(src: IO[bytes], formats: CellFormats) -> Iterator[tuple[int, list[str]]]:
    """Each ``<row>`` of a sheet part: (its row number, its cells as text up to the last non-empty one)."""
    shared = formats.shared
    number = formats.number
    items = iterparse(src, events=("start", "end"))
    _event, root = next(items)
    ns = root.tag[:root.tag.index("}") + 1] if root.tag.startswith("{") else ""
    row_tag, v_tag, t_tag, data_tag = ns + "row", ns + "v", ns + "t", ns + "sheetData"
    parent = root
    row_number = 0
    for event, element in items:
        if element.tag != row_tag:
            if element.tag == data_tag and event == "start":
                parent = element
            continue
        if event == "start":
            continue
        ref = element.get("r")
        row_number = int(ref) if ref else row_number + 1
        out: list[str] = []
        column = 0
        for cell in element:
            ref = cell.get("r")
            column = _column_number(ref.rstrip(_DIGITS)) if ref else column + 1
            kind = cell.get("t")
            if kind == "s":
                v = cell.findtext(v_tag)
                text = shared[int(v)] if v else ""
            elif kind is None or kind == "n":
                v = cell.findtext(v_tag)
                if not v:
                    continue
                style = cell.get("s")
                text = number(v, int(style) if style else 0)
            elif kind == "inlineStr":
                text = "".join(t.text or "" for t in cell.iter(t_tag)).strip()
            elif kind == "b":
                v = cell.findtext(v_tag)
                text = "TRUE" if v == "1" else "FALSE" if v == "0" else ""
            elif kind == "d":
                text = _iso_text(cell.findtext(v_tag) or "")
            else:  # "str" (a formula's text), "e" (an error: #N/A)
                text = (cell.findtext(v_tag) or "").strip()
            if text:
                if column == len(out) + 1:
                    out.append(text)
                else:
                    if column > len(out):
                        out.extend([""] * (column - len(out)))
                    out[column - 1] = text
        parent.remove(element)  # the rows read are not kept
        yield row_number, out


__all__ = ["CellFormats", "Range", "number_format_decimals", "parse_rows", "read_merges",
           "value_text"]
