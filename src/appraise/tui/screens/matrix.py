"""Matrix: practices down, projects across (the PIID view). Single keys characterize the cell.

The keys come from the framework's scale (``keys`` of each value, e.g. f/l/p/n/y
and 1-5 for SCAMPI); x clears, g jumps to the next gap. A keypress writes one
cell and repaints its line; the re-rating that follows runs in a worker after
that paint (one at a time: keys typed meanwhile are rated together) and updates
the OU column when done, so typing never waits for the roll-up. The grid makes a
row's cells, and reads their evidence, when the row comes into view: what opening
and a key cost follows the page on screen far more than the appraisal's size
(bench/README.md, the matrix at scale).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Static

from appraise.errors import AppraiseError
from appraise.services import RatingTree, Scale
from appraise.tui.messages import AppraisalChanged, Refused, ShowTarget
from appraise.tui.screens.area_picker import AreaPicker
from appraise.tui.screens.confirm import ConfirmDialog
from appraise.tui.screens.matrix_cells import MatrixCells, matrix_rows
from appraise.tui.screens.note_dialog import NoteDialog
from appraise.tui.widgets import MatrixView, StatusLine
from appraise.tui.widgets.matrix_table import MatrixTable, cell_text, column_headers

__all__ = ["MatrixScreen", "MatrixTable", "NoteDialog", "cell_text", "column_headers"]

OU_WIDTH = 6  # "LI/PI?"
WIDE = 150  # from this terminal width on: titles next to the ids, the cell's evidence beside the grid
PANEL_WIDTH = 52  # the evidence panel, border and padding included
TITLE_MAX = 60
MIN_TITLE = 16  # a title cut shorter than this says nothing: leave it out
SCROLLBAR = 2
PROCESS_ID_MIN = 20  # a per-process cell's id is cut no shorter than this ("GOV 2.1 @ Software En…")


class MatrixScreen(MatrixCells):
    """Practices x projects; the cell shows the characterization and which evidence kinds are linked."""

    VIEW_TITLE = "Matrix"
    CSS_PATH = "matrix.tcss"
    BINDINGS = [
        Binding("a", "pick_area", "Area", tooltip="Show one process area"),
        Binding("G", "toggle_gaps", "Gaps only", key_display="G"),
        Binding("i", "import_characterizations", "Import",
                tooltip="Import characterizations from a CSV; cells recorded differently wait for your choice"),
        # in the help, not the footer: the cell's line names it where assessors disagree
        Binding("D", "consensus", "Consensus", key_display="D", show=False,
                tooltip="Record the team's consensus on a cell its assessors rate differently (shown ≠)"),
        Binding("e", "toggle_evidence_gaps", "Evidence gaps",
                tooltip="Only cells lacking an artifact or an affirmation, with the ISO 9001 clauses that may "
                        "hold evidence for them"),
    ]

    def body(self) -> ComposeResult:
        framework = self.appraisal.framework
        # the keys of the values this appraisal uses (ISO/IEC 33020: refined ones only when allowed)
        scale = Scale(framework.scale.name, tuple(v for v in framework.scale.values if v.id in self.appraisal.values))
        yield StatusLine(id="matrix-filter")
        table = MatrixTable(scale, id="matrix")
        if self.appraisal.view.gap_key is not None:  # what g looks for (_is_gap), when it is not "next gap"
            table.name_next_gap(*self.appraisal.view.gap_key)
        with Horizontal(id="matrix-body"):
            yield table
            yield StatusLine(id="matrix-evidence")  # shown on a wide terminal
        yield Static(id="matrix-legend", classes="status-line")  # shown when codes are shortened
        yield StatusLine(id="matrix-cell")
        yield StatusLine(id="matrix-rating")

    # -- data ------------------------------------------------------------------------------
    def _visible_practices(self) -> list[str]:
        framework = self.appraisal.framework
        practices = [p for p in self.appraisal.practices
                     if self.area_filter is None or framework.practice(p).area == self.area_filter]
        if self.gaps_only or self.evidence_gaps:  # the filters look at every cell's evidence
            self._read_all_evidence()
        if self.gaps_only:
            practices = [p for p in practices if any(self._is_gap(p, c) for c in self.appraisal.info.projects)]
        if self.evidence_gaps:
            practices = [p for p in practices if any(self._missing_evidence(p, c) for c in self.appraisal.info.projects)]
        return practices

    def refresh_data(self) -> None:
        appraisal = self.appraisal
        self._flag_changes_elsewhere()
        self._chars = appraisal.cells.all()
        self._forget_evidence()  # read again as the rows come into view
        self._notes = appraisal.cells.notes()
        self._assessors = appraisal.assessors.ratings()
        self._pending = {(c.practice, c.project) for c in appraisal.assessors.pending()}
        self._evidence_items = {}
        rating = self.rating_tree()
        self._ou = matrix_rows(rating, appraisal.framework, appraisal.practices)
        self._attributes = {g.id: g for a in rating.areas for g in a.groups}
        # an area ruled not applicable (R4.2), a clause declared not applicable (A1.2); one unit's cell outside
        # an area's sample (CMMI V3.0), asked per row as rows are needed (_cell_refusal)
        why = self._why = appraisal.refusal()
        self._refused = {p: reason for p in appraisal.practices if (reason := why(p))}
        self._refused_cells = {}
        self._forget_advice()
        self._rebuild()
        self._show_rating(rating)

    def _flag_changes_elsewhere(self) -> None:
        """Cells another process (or window) changed since this view showed them are flagged, not silently
        repainted; the flag goes when the cursor comes to the cell, whose line then says what changed."""
        projects = set(self.appraisal.info.projects)
        for change in self.changes_elsewhere_since_shown():
            practice, _sep, project = change.target.partition(" / ")
            if project in projects and practice in self.appraisal.in_scope:
                self._flagged[(practice, project)] = change

    def _rebuild(self) -> None:
        table = self.table
        projects = self.appraisal.info.projects
        cursor = self._cursor_target()
        self._rows = self._visible_practices()
        table.practices, table.projects = self._rows, projects
        table.ruled_out = frozenset(p for p in self._rows if self._ruled_out(p))
        table.refused = self._cell_refused
        table.is_gap = self._is_gap
        words = self.appraisal.view.words
        # the layout follows the terminal's width: on a wide one, the evidence panel beside the grid and
        # titles next to the ids, where the grid leaves room for them (the grid itself never scrolls for them)
        width = self._laid_out_for = self.app.size.width
        room = width - SCROLLBAR
        first_header = words.matrix_practice
        id_width = max([len(first_header), *(len(self._row_id(p, room)) for p in self._rows)])
        headers, widths, legend = column_headers(projects, room - id_width - 2 - OU_WIDTH - 1)
        grid_width = id_width + 2 + sum(w + 1 for w in widths) + OU_WIDTH + 1
        wide = width >= WIDE and grid_width + PANEL_WIDTH <= room
        room -= PANEL_WIDTH if wide else 0
        title_room = min(room - grid_width - 2, TITLE_MAX) if width >= WIDE else 0
        table.set_data(first_header, [*headers, words.aggregate],
                       [*widths, OU_WIDTH],
                       [self._row_label(p, id_width, title_room) for p in self._rows],
                       self._row_source(self._rows), stops=len(projects))
        self.query_one("#matrix-evidence").display = wide
        # wide: the grid as wide as it is, the panel takes the rest
        table.styles.width = min(table.virtual_size.width + SCROLLBAR, room) if wide else "1fr"
        legend_line = self.query_one("#matrix-legend", Static)
        legend_line.display = bool(legend)
        legend_line.update(Text.assemble(("Columns: ", "bold"), *(
            part for short, code in legend.items() for part in ((short, "bold"), f"={code}   "))))
        area = self.area_filter or f"all {words.areas}"
        gaps = ", gaps only" if self.gaps_only else ""
        gaps += ", lacking an artifact or an affirmation" if self.evidence_gaps else ""
        rows, columns = words.matrix_rows, words.units
        self._words = (rows, columns, words.not_set)
        self.query_one("#matrix-filter", StatusLine).update(Text.assemble(
            (f"{len(self._rows)} {rows}", "bold"), f" × {len(projects)} {columns} — {area}{gaps}.  ",
            ("A", "cyan"), " artifact linked  ", ("F", "magenta"), " affirmation linked  ",
            ("*", "dim"), " team decision", *(("  ", ("≠", "bold magenta"), f" assessors disagree ({len(self._pending)})")
                                               if self._pending else ())))
        if cursor is not None:
            self.select_cell(*cursor)
        self._show_cell()
        self._show_evidence()

    def on_resize(self) -> None:
        if self.is_mounted and self._laid_out_for and self.app.size.width != self._laid_out_for:
            self._rebuild()

    def _row_id(self, practice: str, room: int) -> str:
        """The row's id as shown: whole, but a per-process cell's process name (``GOV 2.1 @ Software
        Engineering``) cut to leave the grid a third of the width at least."""
        model = self.appraisal.framework.practice(practice)
        longest = max(PROCESS_ID_MIN, room // 3)
        if not (model.base and model.process) or len(practice) <= longest:
            return practice
        return practice[:longest - 1] + "…"

    def _row_label(self, practice: str, id_width: int, title_room: int) -> Text:
        """The practice's id, and on a wide terminal its title (dim) beside it."""
        model = self.appraisal.framework.practice(practice)
        shown = self._row_id(practice, self._laid_out_for - SCROLLBAR)
        label = Text(shown, style="dim" if self._ruled_out(practice) else "bold" if model.attribute else "")
        if title_room >= MIN_TITLE and model.title:
            title = model.title if len(model.title) <= title_room else model.title[:title_room - 1] + "…"
            label.pad_right(id_width - len(shown) + 2)
            label.append(title, style="dim")
        return label

    @on(MatrixView.CursorMoved)
    def _highlighted(self) -> None:
        self._show_cell()

    # -- changing cells ---------------------------------------------------------------------
    @on(MatrixTable.SetValue)
    def _set_value(self, event: MatrixTable.SetValue) -> None:
        typed = self.table.typed  # handled now (saved, refused or asked about): no longer pending
        if typed.get((event.practice, event.project), "") == event.value:  # unless a later key for it is
            typed.pop((event.practice, event.project))
        why = self._refused.get(event.practice)
        if why:  # the method's reason (the CLI and the imports give the same)
            self.notify(why, title="Not applicable", severity="warning")
            return
        why = self._cell_refusal(event.practice, event.project)
        if why:  # one unit's cell the method takes nothing on (outside the area's sample)
            self.notify(why, title="Out of scope", severity="warning")
            return
        note = self._notes.get((event.practice, event.project), "") if event.value is None else ""
        if note:  # clearing the cell would lose the team's note with it: ask
            def answered(clear: bool | None) -> None:
                if clear:
                    self._save_value(event)

            self.app.push_screen(ConfirmDialog(
                "Clear the cell", Text.assemble(f"{event.practice} / {event.project} has the note\n\n",
                                                (note, "italic"), "\n\nClear the characterization and its note?"),
                "Clear", keep="Keep it", focus_confirm=False), answered)
            return
        self._save_value(event)  # the table moved its cursor on when the key was pressed

    def _save_value(self, event: MatrixTable.SetValue) -> bool:
        try:
            self.appraisal.cells.characterize(event.practice, event.project, event.value)
        except AppraiseError as exc:
            self.post_message(Refused(exc))
            return False
        cells = self._chars.setdefault(event.practice, {})
        if event.value is None:
            cells.pop(event.project, None)
            self._notes.pop((event.practice, event.project), None)
        else:
            cells[event.project] = event.value
        self._flagged.pop((event.practice, event.project), None)  # the user's own value now
        self._forget_advice()
        if event.practice in self._rows:
            self.table.refresh_row(self._rows.index(event.practice))
        self._show_cell()
        self.post_message(AppraisalChanged(self))
        return True

    def own_change_saved(self) -> None:
        self._rerate_soon()

    @on(MatrixTable.EditNote)
    def _edit_note(self, event: MatrixTable.EditNote) -> None:
        self.table.opening_note = False  # the note opens now, or the screen says why not
        if self._ruled_out(event.practice):
            self.notify("This area is not applicable (team decision): its cells take no notes.",
                        title="Not applicable", severity="warning")
            return
        why = self._cell_refusal(event.practice, event.project)
        if why:
            self.notify(why, title="Out of scope", severity="warning")
            return
        value = self._chars.get(event.practice, {}).get(event.project)
        if value is None:
            self.notify("Characterize the cell first: the note belongs to its characterization.", title="No note yet")
            return
        note = self._notes.get((event.practice, event.project), "")

        def saved(text: str | None) -> None:
            if text is None or text == note:
                return
            try:
                self.appraisal.cells.characterize(event.practice, event.project, value, note=text)
            except AppraiseError as exc:
                self.post_message(Refused(exc))
                return
            self._notes[(event.practice, event.project)] = text
            self._forget_advice()
            self._show_cell()
            self.post_message(AppraisalChanged(self))

        self.app.push_screen(NoteDialog(event.practice, event.project, value, note), saved)

    # -- re-rating --------------------------------------------------------------------------
    @dataclass
    class Rated(Message):
        """The worker rated the appraisal at data ``version`` (``rating`` None: it could not, and said why)."""

        version: int
        rating: RatingTree | None

    def _rerate_soon(self) -> None:
        """Re-rate after the next paint (the typed cell shows first), one rating at a time: the keys typed while
        one runs are rated together by the next, not one worker each competing with the keys for the CPU."""
        self._rerate_wanted = True
        if not self._rating_busy:
            self._rating_busy = True
            self.call_after_refresh(self._rerate)

    @work(thread=True, group="matrix-rerate")
    def _rerate(self) -> None:
        self._rerate_wanted = False  # before the version is read: a change after it asks again
        version = self.appraise.data_version
        rating = None
        try:
            rating = self.appraise.rating()
        except AppraiseError as exc:
            self.post_message(Refused(exc))  # post_message is safe from a worker
        finally:
            self.post_message(self.Rated(version, rating))

    @on(Rated)
    def _rated(self, event: Rated) -> None:
        self._rating_busy = False
        if event.rating is not None:
            self._apply_rating(event.rating, event.version)
        if self._rerate_wanted:
            self._rerate_soon()

    def _apply_rating(self, rating: RatingTree, version: int) -> None:
        if version != self.appraise.data_version:  # a later change is being rated: that result will come
            return
        ou = matrix_rows(rating, self.appraisal.framework, self._rows)
        self._attributes = {g.id: g for a in rating.areas for g in a.groups}
        old_ou, self._ou = self._ou, ou
        table = self.table
        for index, practice in enumerate(self._rows):
            old, result = old_ou.get(practice), ou.get(practice)
            if result is not None and (old is None or (old.value, old.options, old.decided) !=
                                       (result.value, result.options, result.decided)):
                table.refresh_row(index)  # its OU cell changed
        self._show_rating(rating)
        self._show_cell()

    # -- moving and filtering ---------------------------------------------------------------
    @on(MatrixTable.NoGap)
    def _no_gap(self) -> None:
        message, title = self.appraisal.view.no_gaps
        self.notify(message, title=title)

    def action_consensus(self) -> None:
        """The team's consensus on the cell under the cursor, whose assessors rate it differently."""
        from appraise.tui.screens.decision import DecisionDialog
        from appraise.tui.screens.decision_request import consensus_request

        target = self._cursor_target()
        if target is None:
            return
        try:
            request = consensus_request(self.appraisal, *target)
        except AppraiseError as exc:
            self.notify(str(exc), title="Nothing to decide", severity="warning", timeout=8)
            return
        self.app.push_screen(DecisionDialog(request))

    def action_pick_area(self) -> None:
        framework = self.appraisal.framework
        areas = [(a, framework.area(a).title) for a in self.appraisal.info.areas]

        def chosen(area: str | None) -> None:
            if area is not None:
                self.area_filter = None if area == "*" else area
                self._rebuild()

        words = self.appraisal.view.words
        self.app.push_screen(AreaPicker(areas, self.area_filter or "*", (words.area, words.areas)), chosen)

    def action_import_characterizations(self) -> None:
        from appraise.tui.screens.characterization_import import CharacterizationImportDialog

        def imported(changed: int | None) -> None:
            if changed is not None:
                self.notify(f"{changed:,} cell{'s' if changed != 1 else ''} changed.", title="Imported")
                self.post_message(AppraisalChanged())

        self.app.push_screen(CharacterizationImportDialog(self.appraisal), imported)

    def action_toggle_gaps(self) -> None:
        self.gaps_only = not self.gaps_only
        self._rebuild()

    def action_toggle_evidence_gaps(self) -> None:
        self.evidence_gaps = not self.evidence_gaps
        self._rebuild()

    def action_open_practice(self) -> None:
        target = self._cursor_target()
        if target is not None:
            self.post_message(ShowTarget("practices", target[0]))

    @on(MatrixView.Selected)
    def _cell_selected(self) -> None:
        self.action_open_practice()

