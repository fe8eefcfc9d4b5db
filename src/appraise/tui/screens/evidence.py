"""Evidence: the evidence index as a table to sort, filter and read; ``i`` imports a CSV index.

``/`` filters by title, location, kind, or a practice, goal, area or project the
item is linked to (as you type; escape clears it), ``s``
sorts by the next column and ``S`` reverses (a click on a header does the same).
The panel below shows the highlighted item in full: description, who collected
it, the source of an affirmation, and every practice and project it is linked to.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.timer import Timer
from textual.widgets import DataTable, Input, Static

from appraise.services import EvidenceItem
from appraise.tui.messages import AppraisalChanged
from appraise.tui.screens.base import AppraisalScreen
from appraise.tui.screens.evidence_import import ImportDialog, plural
from appraise.tui.screens.evidence_rows import (
    COLUMN,
    COLUMNS,
    FILTER_DELAY,
    LIVE_FILTER_ITEMS,
    MAX_ROWS,
    MIN_LOCATION_SHARE,
    LinkIndex,
    clip,
    matches,
)
from appraise.tui.style import kind_text
from appraise.tui.widgets.evidence_table import EvidenceTable
from appraise.tui.widgets.filter_input import FilterInput

__all__ = ["EvidenceScreen", "EvidenceTable", "FilterInput"]


class EvidenceScreen(AppraisalScreen):
    """Every evidence item: sortable, filterable, with the highlighted one in full below."""

    VIEW_TITLE = "Evidence"
    SHOWS_RATING = False
    BINDINGS = [
        # priority: handled when the key arrives, so the keys typed right after / reach the filter
        Binding("slash", "filter", "Filter", key_display="/", priority=True),
        Binding("s", "sort", "Sort", tooltip="Sort by the next column"),
        Binding("S", "reverse", "Reverse", key_display="S", tooltip="Reverse the sort order"),
        Binding("i", "import", "Import", tooltip="Import an evidence index (CSV or workbook)"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    CSS_PATH = "evidence.tcss"

    def __init__(self) -> None:
        super().__init__()
        self._items: list[EvidenceItem] = []
        self._rows: list[EvidenceItem] = []
        self._matched = 0
        self._kinds: dict[str, int] = {}
        self._filter_timer: Timer | None = None
        self._filter = ""
        self.sort_column = "id"
        self.sort_descending = False
        self._selected: int | None = None
        self._built_width = 0
        self._last_import = ""
        #: item id -> its links, built once per data version when a filter first needs it
        self._link_index: dict[int, LinkIndex] | None = None
        #: An item to select once the items being read arrive.
        self._pending_select: int | None = None

    def body(self) -> ComposeResult:
        yield FilterInput(placeholder="Filter by title, location, kind, practice or project  ( / )",
                          id="evidence-filter", select_on_focus=False)
        yield Static(id="evidence-count", classes="status-line")
        yield EvidenceTable(id="evidence-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="evidence-detail"):
            yield Static(id="evidence-item")

    @property
    def table(self) -> EvidenceTable:
        return self.query_one(EvidenceTable)

    @property
    def rows(self) -> list[EvidenceItem]:
        """The items the table shows, in its order."""
        return list(self._rows)

    def on_mount(self) -> None:  # runs before AppraisalScreen.on_mount (Textual calls both)
        self.table.focus()

    # -- data ------------------------------------------------------------------------------
    def read_data(self) -> list[EvidenceItem]:
        """In a worker: a large index takes a while to read; the table keeps what it shows meanwhile."""
        return self.appraisal.evidence.items()

    def show_data(self, data: list[EvidenceItem]) -> None:
        self._items = data
        self._link_index = None  # the links may have changed: read again when a filter needs them
        self._rebuild()
        if self._pending_select is not None:
            target, self._pending_select = self._pending_select, None
            self.select_evidence(target)

    def link_index(self) -> dict[int, LinkIndex]:
        """Every item's links as the filter matches them (read once per data version, not per key)."""
        if self._link_index is None:
            framework = self.appraisal.framework
            groups: dict[str, tuple[str, ...]] = {}

            def group(practice: str) -> tuple[str, ...]:
                if practice not in groups:
                    try:
                        p = framework.practice(practice)
                        groups[practice] = (practice, p.goal, p.area)
                    except KeyError:  # a practice the model no longer has
                        groups[practice] = (practice,)
                return groups[practice]

            index = {}
            every_link = self.appraisal.evidence.links()  # one read for the whole index
            for item in self._items:
                links = every_link.get(item.id, [])
                index[item.id] = LinkIndex(
                    tuple(links),
                    "\n".join(f"{practice} {project}" for practice, project in links).casefold(),
                    frozenset(i for practice, _project in links for i in group(practice)))
            self._link_index = index
        return self._link_index

    def _visible(self) -> list[EvidenceItem]:
        needle = self._filter.strip().casefold()
        if needle:
            index = self.link_index()
            target = self.appraisal.framework.canonical(self._filter.strip())
            rows = [e for e in self._items if matches(e, needle, index.get(e.id), target)]
        else:
            rows = list(self._items)
        column = COLUMN[self.sort_column]
        rows.sort(key=column.sort_key, reverse=self.sort_descending)  # stable: ties stay in id order
        return rows

    def _widths(self, rows: list[EvidenceItem]) -> dict[str, int | None]:
        """Title and location share what the other columns leave of the screen's width.

        The title gets what its longest one needs (the location keeping at least a third,
        or what it needs if less); whatever is left goes to the location.
        """
        id_width = max(2, len(str(max((e.id for e in self._items), default=0))))
        fixed = id_width + sum(c.width or 0 for c in COLUMNS) + 2 * len(COLUMNS) + 2  # cell padding, scrollbar
        free = max(30, self._table_width() - fixed)
        title_need = max((len(e.title) for e in rows), default=0)
        location_need = max((len(e.location) for e in rows), default=0)
        location_floor = min(max(location_need, 1), free // MIN_LOCATION_SHARE)
        title = max(len("Title") + 2, min(title_need, free - location_floor))
        if location_need < free - title:  # the locations are short: the titles may have the rest
            title = free - max(location_need, len("Location") + 2)
        return {"id": id_width, "title": title, "location": free - title}

    def _rebuild(self, keep_cursor: bool = True) -> None:
        table = self.table
        visible = self._visible()
        self._matched = len(visible)
        self._kinds = {"artifact": 0, "affirmation": 0}
        for item in visible:
            self._kinds[item.kind] = self._kinds.get(item.kind, 0) + 1
        self._rows = visible[:MAX_ROWS]
        widths = self._widths(self._rows)
        self._built_width = self._table_width()
        table.clear(columns=True)
        for column in COLUMNS:
            label = Text(column.label, justify="right" if column.right else "left")
            if column.key == self.sort_column:
                label.append(" ▼" if self.sort_descending else " ▲", style="bold")
            table.add_column(label, key=column.key, width=widths.get(column.key, column.width))
        title_width, location_width = widths["title"] or 0, widths["location"] or 0
        table.add_rows(self._cells(item, title_width, location_width) for item in self._rows)
        if not keep_cursor:
            self._selected = self._rows[0].id if self._rows else None
        self._restore_cursor()
        self._show_count()
        self._show_item()

    def _cells(self, item: EvidenceItem, title_width: int, location_width: int) -> list[Any]:
        """One row; a title or location longer than its column ends in … (the panel below shows it whole)."""
        return [Text(str(item.id), style="dim", justify="right"), kind_text(item.kind),
                clip(item.title, title_width),
                Text(clip(item.location, location_width)) if item.location else Text("—", style="dim"),
                item.collected_on or Text("—", style="dim"),
                Text(str(item.links), justify="right", style="" if item.links else "bold red")]

    def _table_width(self) -> int:
        """The table's width once laid out (before that, the terminal's less a margin)."""
        return self.table.size.width or self.app.size.width - 2

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit_width)

    def _fit_width(self) -> None:
        if self._items and self._table_width() != self._built_width:
            self._rebuild()

    def _restore_cursor(self) -> None:
        if not self._rows:
            return
        ids = [e.id for e in self._rows]
        row = ids.index(self._selected) if self._selected in ids else 0
        self.table.move_cursor(row=row, animate=False)

    def _show_count(self) -> None:
        matched, total, kinds = self._matched, len(self._items), self._kinds
        column = COLUMN[self.sort_column]
        order = "descending" if self.sort_descending else "ascending"
        line = Text.assemble((f"{matched:,} of {plural(total, 'item')}", "bold"),
                             f" — {plural(kinds['artifact'], 'artifact')}, "
                             f"{plural(kinds['affirmation'], 'affirmation')}", " · sorted by ",
                             (column.label if column.key != "id" else "import order", "bold"), f", {order}")
        if self._filter.strip():
            line.append(" · filter: ")
            line.append(repr(self._filter.strip()), style="bold yellow")
        if matched > len(self._rows):
            line.append(f" · first {len(self._rows):,} shown", style="bold yellow")
        self.query_one("#evidence-count", Static).update(line)

    # -- the highlighted item ------------------------------------------------------------------
    def current_item(self) -> EvidenceItem | None:
        table = self.table
        if not self._rows or not table.row_count:
            return None
        return self._rows[min(table.cursor_row, len(self._rows) - 1)]

    @on(DataTable.RowHighlighted, "#evidence-table")
    def _highlighted(self) -> None:
        item = self.current_item()
        if item is not None:
            self._selected = item.id
        self._show_item()

    def _links_of(self, evidence_id: int) -> list[tuple[str, str]]:
        if self._link_index is not None and evidence_id in self._link_index:  # read already
            return list(self._link_index[evidence_id].links)
        return self.appraisal.evidence.links_of(evidence_id)

    def _show_item(self) -> None:
        panel = self.query_one("#evidence-item", Static)
        item = self.current_item()
        if item is None:
            if self._items:
                panel.update(Text(f"No item matches {self._filter.strip()!r}: escape clears the filter.",
                                  style="dim"))
            else:
                panel.update(Text("No evidence yet: press i to import an evidence index (CSV or workbook).", style="dim"))
            return
        text = Text.assemble((f"#{item.id} ", "dim"), (item.title, "bold"), "  ", kind_text(item.kind))
        text.append("\n")
        text.append_text(Text(item.location) if item.location else Text("no location", style="dim"))
        if item.description:
            text.append(f"\n{item.description}")
        who = []
        if item.kind == "affirmation":
            who.append(f"Source: {item.source}" if item.source else "Source: not recorded")
        elif item.source:
            who.append(f"Source: {item.source}")
        if item.collected_by or item.collected_on:
            collected = "Collected"
            if item.collected_by:
                collected += f" by {item.collected_by}"
            if item.collected_on:
                collected += f" on {item.collected_on}"
            who.append(collected)
        if who:
            text.append("\n" + " · ".join(who), style="dim")
        links = self._links_of(item.id)
        if not links:
            text.append("\nNot linked to any practice.", style="bold red")
        else:
            by_practice: dict[str, list[str]] = {}
            for practice, project in links:
                by_practice.setdefault(practice, []).append(project)
            text.append(f"\nLinked to {plural(len(links), 'cell')} ({plural(len(by_practice), 'practice')}): ")
            for n, (practice, projects) in enumerate(by_practice.items()):
                if n:
                    text.append(" · ", style="dim")
                text.append(practice, style="bold")
                text.append(" " + ", ".join(projects))
            origins = self.appraisal.evidence.link_origins_of(item.id)
            if origins:  # links accepted from an audit through a mapping remember where they came from
                text.append("\nFrom an audit: ", style="bold")
                text.append(" · ".join(f"{practice} {project} ← clause {o['clause']} ({o['strength']})"
                                       for (practice, project), o in origins.items()))
                text.append(f"\n{next(iter(origins.values()))['audit']}", style="dim")
        panel.update(text)

    def select_target(self, target: str | int) -> None:
        """An evidence item's id (the command palette's "Evidence: ..." hit); once the items are read."""
        if self.data_pending:
            self._pending_select = int(target)
        else:
            self.select_evidence(int(target))

    def select_evidence(self, evidence_id: int) -> None:
        """Put the cursor on item ``evidence_id`` (clearing a filter that hides it)."""
        if evidence_id not in {e.id for e in self._items}:
            return
        self._selected = evidence_id
        if evidence_id not in {e.id for e in self._rows}:
            self._set_filter("")
            if evidence_id not in {e.id for e in self._rows}:  # beyond the rows shown: filter to it
                self._set_filter(next(e.title for e in self._items if e.id == evidence_id))
        else:
            self._restore_cursor()
        self.table.focus()

    # -- filtering and sorting --------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "filter":  # in the filter, / is a character of it
            return not isinstance(self.focused, FilterInput)
        return True

    def action_filter(self) -> None:
        # at once (not after a refresh), so the keys typed right after / go into the filter
        self.set_focus(self.query_one(FilterInput))

    def action_clear_filter(self) -> None:
        if self._filter:
            self.query_one(FilterInput).value = ""

    def _set_filter(self, text: str) -> None:
        """Filter to ``text`` now (and show it in the filter field)."""
        self._filter = text
        self.query_one(FilterInput).value = text
        self._rebuild(keep_cursor=True)

    @on(Input.Changed, "#evidence-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        if event.value == self._filter:
            return
        if self._filter_timer is not None:
            self._filter_timer.stop()
            self._filter_timer = None
        if len(self._items) > LIVE_FILTER_ITEMS:  # a big index: wait until typing pauses
            self._filter_timer = self.set_timer(FILTER_DELAY, self._apply_filter)
        else:
            self._apply_filter()

    def _apply_filter(self) -> None:
        self._filter_timer = None
        text = self.query_one(FilterInput).value
        if text != self._filter:
            self._filter = text
            self._rebuild(keep_cursor=False)

    @on(Input.Submitted, "#evidence-filter")
    def _filter_submitted(self) -> None:
        self.table.focus()

    def sort_by(self, key: str, descending: bool | None = None) -> None:
        self.sort_column = key
        self.sort_descending = COLUMN[key].descending if descending is None else descending
        self._rebuild(keep_cursor=False)

    def action_sort(self) -> None:
        keys = [c.key for c in COLUMNS]
        self.sort_by(keys[(keys.index(self.sort_column) + 1) % len(keys)])

    def action_reverse(self) -> None:
        self.sort_by(self.sort_column, not self.sort_descending)

    @on(DataTable.HeaderSelected, "#evidence-table")
    def _header_clicked(self, event: DataTable.HeaderSelected) -> None:
        key = str(event.column_key.value)
        if key == self.sort_column:
            self.action_reverse()
        elif key in COLUMN:
            self.sort_by(key)

    # -- importing --------------------------------------------------------------------------------
    def action_import(self) -> None:
        dialog = ImportDialog(self.appraisal, self._last_import)

        def closed(added: tuple[int, int] | None) -> None:
            self._last_import = dialog.checked_path or self._last_import
            if added is None:
                return
            items, links = added
            if items:  # show the first new item (new items get the next ids)
                self._selected = max((e.id for e in self._items), default=0) + 1
            self.post_message(AppraisalChanged())
            self.notify(f"Imported {plural(items, 'item')}, {plural(links, 'link')}.", title="Evidence imported")

        self.app.push_screen(dialog, closed)
