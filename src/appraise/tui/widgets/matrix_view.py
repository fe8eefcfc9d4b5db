"""The characterization grid as a Line-API scroll view: practices down, projects across.

Only visible lines are rendered. The grid keeps no cells of its own: it asks for a row's cells
when the row first comes into view (``set_data``'s ``cells(row)``) and keeps that row's segments
until the row is refreshed; a cell's text is fitted to its column once per distinct ``Text``
object, so a source that hands out shared texts (one per value and evidence mark) renders a row
of 200 cells from a cache. A keypress repaints one or two lines, never the grid, and opening the
grid costs the visible page, not every cell. (A ``DataTable`` re-renders every visible cell after
any ``update_cell``: about 0.4 s a keypress on an ML5 scope with 30 projects.)
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip


def _fit(text: Text, width: int) -> list[Segment]:
    """``text`` cut or padded to exactly ``width`` cells, as segments."""
    text = text.copy()
    text.truncate(width, pad=True)
    return [Segment(span_text, style) for span_text, style in _spans(text)]


def _spans(text: Text) -> list[tuple[str, Style | None]]:
    """(substring, style) runs of a rich Text, with its base style applied."""
    plain = text.plain
    base = Style.parse(text.style) if isinstance(text.style, str) else text.style
    points = sorted({0, len(plain), *[s.start for s in text.spans], *[s.end for s in text.spans]})
    out = []
    for start, end in zip(points, points[1:]):
        if start >= end:
            continue
        style = base
        for span in text.spans:
            if span.start <= start and span.end >= end:
                span_style = Style.parse(span.style) if isinstance(span.style, str) else span.style
                style = style + span_style if style else span_style
        out.append((plain[start:end], style))
    return out


class MatrixView(ScrollView, can_focus=True):
    """A grid of ``Text`` cells with a fixed first column and a header line; the cursor is a cell."""

    DEFAULT_CSS = """
    MatrixView {
        background: $surface;
    }
    """

    BINDINGS = [
        Binding("up", "move(0, -1)", "Up", show=False),
        Binding("down", "move(0, 1)", "Down", show=False),
        Binding("left", "move(-1, 0)", "Left", show=False),
        Binding("right", "move(1, 0)", "Right", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "jump('home')", "First", show=False),
        Binding("end", "jump('end')", "Last", show=False),
        Binding("enter", "select", "Open", show=False),
    ]

    #: (row, column) of the cursor; columns count the cells after the fixed first column.
    cursor: reactive[tuple[int, int]] = reactive((0, 0), always_update=True, repaint=False)

    @dataclass
    class CursorMoved(Message):
        row: int
        column: int

    @dataclass
    class Selected(Message):
        row: int
        column: int

    #: Fitted cells kept (one per distinct ``Text`` object and width) before the cache starts over.
    FITTED_KEPT = 20_000

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._headers: list[str] = []
        self._widths: list[int] = []
        self._first_width = 10
        self._first: list[Text] = []
        self._cells: Callable[[int], Sequence[Text]] = lambda row: ()
        #: the cells of the rows read so far (``cells(row)``), until the row or the grid is refreshed
        self._row_cache: dict[int, Sequence[Text]] = {}
        #: where each column starts, from the first scrolling column's left edge (and where the last ends)
        self._offsets: list[int] = [0]
        #: ``(id(text), width) -> (text, segments)``: the text is kept so that its id stays its own
        self._fitted: dict[tuple[int, int], tuple[Text, list[Segment]]] = {}
        self._first_cache: dict[int, list[Segment]] = {}  # the fixed column's segments (they change with the data)
        self._base = Style()  # the widget's own colours, as of the last paint (``render_lines``)
        self._header_style = Style(bold=True)
        self._cursor_style = Style(reverse=True)
        self._stops = 0

    # -- data ------------------------------------------------------------------------------
    def set_data(self, first_header: str, headers: Sequence[str], widths: Sequence[int],
                 first: Sequence[Text], cells: Callable[[int], Sequence[Text]], stops: int | None = None) -> None:
        """Replace the grid: ``first`` is the fixed column (one label a row), ``cells(row)`` the scrolling ones,
        asked for when the row is shown (or read with ``cell``), not now.

        The cursor rests on the first ``stops`` columns only (all when None): the others are shown, read only.
        """
        self._first_header = first_header
        self._headers = list(headers)
        self._widths = list(widths)
        self._offsets = list(accumulate((w + 1 for w in self._widths), initial=0))
        self._first = list(first)
        self._first_width = max([len(first_header), *[t.cell_len for t in first]]) + 2
        self._cells = cells
        self._stops = len(self._widths) if stops is None else min(stops, len(self._widths))
        self._row_cache.clear()
        self._first_cache.clear()
        self._fitted.clear()
        self.virtual_size = Size(self._first_width + sum(w + 1 for w in self._widths), len(self._first) + 1)
        row, column = self.cursor
        self.cursor = (min(row, max(len(self._first) - 1, 0)), min(column, max(self._stops - 1, 0)))
        self.refresh()

    @property
    def row_count(self) -> int:
        return len(self._first)

    def cell(self, row: int, column: int) -> Text:
        """What the cell at (row, column) shows, as its source gives it now."""
        return self._cells(row)[column]

    def refresh_row(self, row: int) -> None:
        """The source changed cells of ``row``: read the row again when it is next painted, and repaint its
        line only."""
        self._row_cache.pop(row, None)
        self._refresh_row(row)

    # -- rendering -------------------------------------------------------------------------
    def _fit(self, text: Text, width: int) -> list[Segment]:
        """``text`` fitted to ``width`` cells over the widget's colours, once per text object and width."""
        key = (id(text), width)
        fitted = self._fitted.get(key)
        if fitted is None or fitted[0] is not text:
            if len(self._fitted) >= self.FITTED_KEPT:
                self._fitted.clear()
            base = self._base
            fitted = self._fitted[key] = (text, [Segment(t, base + s if s else base) for t, s, _c in _fit(text, width)])
        return fitted[1]

    def render_lines(self, crop: Region) -> list[Strip]:
        # the widget's colours (theme) under the cells' own styles: looked up once a paint, built into the
        # fitted cells (a new theme fits them again) rather than applied to every segment of every line
        base = self.rich_style
        if base != self._base:
            self._base = base
            self._fitted.clear()
            self._first_cache.clear()
        return super().render_lines(crop)

    def _row_texts(self, row: int) -> Sequence[Text]:
        texts = self._row_cache.get(row)
        if texts is None:
            texts = self._row_cache[row] = self._cells(row)
        return texts

    def _visible_columns(self, scroll_x: int, room: int) -> range:
        """The columns at least partly inside ``room`` cells from ``scroll_x`` on."""
        return range(max(bisect_right(self._offsets, scroll_x) - 1, 0),
                     min(bisect_left(self._offsets, scroll_x + room), len(self._widths)))

    def _tail(self, row: int, columns: range, cursor: bool) -> list[Segment]:
        """The segments of ``row``'s cells in ``columns``, each followed by a space; the cursor's cell marked."""
        out: list[Segment] = []
        texts, widths = self._row_texts(row), self._widths
        column = self.cursor[1] if cursor else -1
        mark = self._cursor_style if self.has_focus else Style(underline=True)
        space = Segment(" ", self._base)
        for index in columns:
            segments = self._fit(texts[index], widths[index])
            if index == column:
                segments = [Segment(s.text, (s.style or Style()) + mark) for s in segments]
            out.extend(segments)
            out.append(space)
        return out

    def render_line(self, y: int) -> Strip:
        """One line, built from the columns in view only: its cost does not grow with the number of columns."""
        width = self.size.width
        scroll_x, scroll_y = self.scroll_offset
        rest_width = max(width - self._first_width, 0)
        columns = self._visible_columns(scroll_x, rest_width)
        base = self._base
        if y == 0:  # the header stays at the top
            header = base + self._header_style
            first = [Segment(self._first_header.ljust(self._first_width)[:self._first_width], header)]
            rest = [Segment(self._headers[i][:self._widths[i]].ljust(self._widths[i]) + " ", header) for i in columns]
        else:
            row = scroll_y + y - 1
            if row >= len(self._first):
                return Strip.blank(width)
            cursor_row = self.cursor[0] == row
            first = self._first_cache.get(row)
            if first is None:
                first = self._first_cache[row] = self._fit(self._first[row], self._first_width)
            if cursor_row:
                first = [Segment(s.text, (s.style or Style()) + Style(bold=True)) for s in first]
            rest = self._tail(row, columns, cursor_row)
        strip = Strip(first).extend_cell_length(self._first_width, base)
        skip = scroll_x - self._offsets[columns.start] if columns else 0
        tail = Strip(rest).crop(skip, skip + rest_width).extend_cell_length(rest_width, base)
        return Strip.join([strip, tail]).crop(0, width)

    # -- cursor ----------------------------------------------------------------------------
    def watch_cursor(self, old: tuple[int, int], new: tuple[int, int]) -> None:
        self._refresh_row(old[0])
        self._refresh_row(new[0])
        self._scroll_to_cursor()
        self.post_message(self.CursorMoved(*new))

    def _refresh_row(self, row: int) -> None:
        scroll_y = self.scroll_offset.y
        self.refresh(Region(0, row - scroll_y + 1, self.size.width, 1))

    def _scroll_to_cursor(self) -> None:
        row, column = self.cursor
        height = max(self.size.height - 1, 1)
        top = self.scroll_offset.y
        if row < top:
            self.scroll_to(y=row, animate=False)
        elif row >= top + height:
            self.scroll_to(y=row - height + 1, animate=False)
        left = sum(w + 1 for w in self._widths[:column])
        # on the last stop, the read-only columns after it come into view with it
        last = len(self._widths) if column == self._stops - 1 else column + 1
        right = left + sum(w + 1 for w in self._widths[column:last])
        visible = max(self.size.width - self._first_width, 1)
        if left < self.scroll_offset.x:
            self.scroll_to(x=left, animate=False)
        elif right > self.scroll_offset.x + visible:
            self.scroll_to(x=right - visible, animate=False)

    def move_cursor(self, row: int, column: int) -> None:
        if not self._first:
            return
        self.cursor = (max(0, min(row, len(self._first) - 1)), max(0, min(column, self._stops - 1)))

    def action_move(self, dx: int, dy: int) -> None:
        row, column = self.cursor
        self.move_cursor(row + dy, column + dx)

    def action_page(self, direction: int) -> None:
        row, column = self.cursor
        self.move_cursor(row + direction * max(self.size.height - 2, 1), column)

    def action_jump(self, where: str) -> None:
        self.move_cursor(0 if where == "home" else len(self._first) - 1, self.cursor[1])

    def action_select(self) -> None:
        if self._first:
            self.post_message(self.Selected(*self.cursor))

    def on_click(self, event: events.Click) -> None:
        if event.y == 0 or not self._first:
            return
        row = self.scroll_offset.y + event.y - 1
        x = event.x - self._first_width
        column = self.cursor[1]
        if x >= 0:
            x += self.scroll_offset.x
            edge = 0
            for index, w in enumerate(self._widths[:self._stops]):
                edge += w + 1
                if x < edge:
                    column = index
                    break
        self.move_cursor(row, column)
        if event.chain == 2:
            self.action_select()

    def on_focus(self) -> None:
        self._refresh_row(self.cursor[0])

    def on_blur(self) -> None:
        self._refresh_row(self.cursor[0])

    def on_resize(self) -> None:
        self._scroll_to_cursor()
