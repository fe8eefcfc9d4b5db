"""Matrix: practices down, projects across (the PIID view). Single keys characterize the cell.

The keys come from the framework's scale (``keys`` of each value, e.g. f/l/p/n/y
and 1-5 for SCAMPI); x clears, g jumps to the next gap. A keypress writes one
cell and repaints it at once; the re-rating that follows runs in a worker and
updates the OU column when done, so typing never waits for the roll-up.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Footer, OptionList, Static, TextArea
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from appraise.errors import AppraiseError
from appraise.services import Scale, level_line
from appraise.services.crosswalk import counterparts, mapping_toward, missing_evidence
from appraise.tui.messages import ShowTarget
from appraise.tui.screens.base import AppraisalScreen
from appraise.tui.screens.confirm import ConfirmDialog, TypedTextDialog
from appraise.tui.style import KIND_STYLE, evidence_marks, ou_text, value_text
from appraise.tui.widgets import MatrixView, StatusLine

#: How a cell changed elsewhere (another process or window) is flagged until the cursor comes to it.
CHANGED_ELSEWHERE = "bold black on yellow"
CELL_WIDTH = 5  # "FI AF"
OU_WIDTH = 6  # "LI/PI?"
EMPTY: frozenset[str] = frozenset()
WIDE = 150  # from this terminal width on: titles next to the ids, the cell's evidence beside the grid
PANEL_WIDTH = 52  # the evidence panel, border and padding included
TITLE_MAX = 60
MIN_TITLE = 16  # a title cut shorter than this says nothing: leave it out
SCROLLBAR = 2
EVIDENCE_DELAY = 0.08  # seconds without a move before the evidence panel follows the cursor


def column_headers(codes: Sequence[str], room: int) -> tuple[list[str], list[int], dict[str, str]]:
    """Headers and widths of the project columns: whole codes in columns as wide as the code when the
    grid fits in ``room`` cells (or every code fits a cell anyway); else short codes of a cell's width,
    with the legend ``{short: code}`` saying what each means."""
    whole = [max(CELL_WIDTH, len(code)) for code in codes]
    if sum(w + 1 for w in whole) <= room or all(len(code) <= CELL_WIDTH for code in codes):
        return list(codes), whole, {}
    headers: list[str] = []
    legend: dict[str, str] = {}
    for number, code in enumerate(codes, 1):
        if len(code) <= CELL_WIDTH:
            headers.append(code)
            continue
        stem = "".join(ch for ch in code if ch.isalnum())[:max(CELL_WIDTH - 1 - len(str(number)), 1)]
        short = f"{stem}~{number}"  # the column's number keeps PRJ-101 and PRJ-102 apart
        headers.append(short)
        legend[short] = code
    return headers, [max(CELL_WIDTH, len(h)) for h in headers], legend


def cell_text(value: str | None, kinds: set[str] | frozenset[str], changed_elsewhere: bool = False) -> Text:
    """``LI AF``: the value in two columns (``F  AF`` for a one-letter scale, so the evidence
    marks never read as a rating), then the evidence marks; ``LI!AF``, highlighted, when the cell was
    changed elsewhere (the ``!`` reads without colour too)."""
    text = value_text(value)
    text.pad_right(max(0, 2 - text.cell_len))
    cell = Text.assemble(text, ("!" if changed_elsewhere else " ", "bold"), evidence_marks(kinds))
    if changed_elsewhere:
        cell.stylize(CHANGED_ELSEWHERE)
    return cell


class MatrixTable(MatrixView):
    """The characterization grid; posts ``SetValue`` when a value key is pressed on a project cell.

    Columns are the projects, then the OU characterization (read only, no cursor stop).

    A key decides its cell when it is pressed, and a value key moves the cursor on at once: the keys of a
    burst (a fast typist, auto-repeat, a paste) reach the table before the screen has handled the
    messages of the first ones, so each message carries its own cell, never "the cell under the cursor".
    """

    BINDINGS = [
        Binding("x,delete,backspace", "clear", "Clear"),
        Binding("c", "note", "Note", tooltip="Write the team's note on this cell (a weakness, a gap)"),
        Binding("g", "next_gap", "Next gap", tooltip="Next cell with no characterization or no evidence"),
    ]
    HELP_TITLE = "Matrix cells"

    @dataclass
    class SetValue(Message):
        practice: str
        project: str
        value: str | None

    @dataclass
    class EditNote(Message):
        practice: str
        project: str

    @dataclass
    class NoGap(Message):
        """No gap was found from the cursor on (the screen says so)."""

    def __init__(self, scale: Scale, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scale = scale
        self.practices: list[str] = []
        self.projects: tuple[str, ...] = ()
        #: Practices the method takes no value on now (an area ruled not applicable, a clause declared not
        #: applicable): their value keys are refused and the cursor stays.
        self.ruled_out: frozenset[str] = frozenset()
        #: ``is_gap(practice, project)``, set by the screen: what ``g`` looks for.
        self.is_gap: Callable[[str, str], bool] = lambda practice, project: False
        #: Values typed whose ``SetValue`` the screen has not handled yet (``is_gap`` reads them first).
        self.typed: dict[tuple[str, str], str | None] = {}
        #: From ``c`` until the screen has opened the note (or said why not): the keys typed meanwhile were
        #: meant for the note, so they change no cell.
        self.opening_note = False
        # the value keys come from the model's scale, so a model file can define its own
        for value in scale.values:
            if not value.keys:
                continue
            self._bindings.bind(",".join(value.keys), f"set_value('{value.id}')", value.id,
                                key_display=value.keys[0], show=True)

    def name_next_gap(self, description: str, tooltip: str) -> None:
        """What ``g`` looks for, in the appraisal's words: the footer and the help read this binding."""
        bindings = self._bindings.key_to_bindings
        bindings["g"] = [replace(b, description=description, tooltip=tooltip) if b.action == "next_gap" else b
                         for b in bindings.get("g", [])]

    def cell_target(self) -> tuple[str, str] | None:
        """(practice, project) under the cursor, or None on an empty grid."""
        row, column = self.cursor
        if not self.practices or not self.projects or row >= len(self.practices) or column >= len(self.projects):
            return None
        return self.practices[row], self.projects[column]

    def action_set_value(self, value: str) -> None:
        if self.opening_note:  # typed for the note that is opening
            return
        target = self.cell_target()
        if target is None:
            self.app.bell()
            return
        self.post_message(self.SetValue(target[0], target[1], value))
        if target[0] in self.ruled_out:  # refused (the screen says why): the cursor stays
            return
        self.typed[target] = value
        self._advance()

    def _advance(self) -> None:
        """On to the next cell that takes a value: one key a cell, rows ruled not applicable stepped over."""
        row, column = self.cursor
        if column + 1 < len(self.projects):
            self.move_cursor(row, column + 1)
            return
        for next_row in range(row + 1, len(self.practices)):
            if self.practices[next_row] not in self.ruled_out:
                self.move_cursor(next_row, 0)
                return

    def action_clear(self) -> None:
        target = self.cell_target()
        if target is not None and not self.opening_note:
            if target[0] not in self.ruled_out:
                self.typed[target] = None
            self.post_message(self.SetValue(target[0], target[1], None))

    def action_note(self) -> None:
        target = self.cell_target()
        if target is not None and not self.opening_note:
            self.opening_note = True
            self.post_message(self.EditNote(*target))

    def action_next_gap(self) -> None:
        """The cursor to the next gap (row by row, wrapping), at once: a value typed next lands there."""
        if not self.practices or not self.projects or self.opening_note:
            return
        width = len(self.projects)
        row, column = self.cursor
        start = row * width + min(column, width - 1)
        total = len(self.practices) * width
        for step in range(1, total + 1):
            index = (start + step) % total
            if self.is_gap(self.practices[index // width], self.projects[index % width]):
                self.move_cursor(index // width, index % width)
                return
        self.post_message(self.NoGap())


class NoteDialog(TypedTextDialog[str | None]):
    """Edit the team's note on one cell; ctrl+s saves, escape cancels. Notes are exported: no names."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save")]

    def __init__(self, practice: str, project: str, value: str, note: str) -> None:
        super().__init__(classes="dialog-screen")
        self._title = f"Note on {practice} / {project} ({value})"
        self._note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="note-dialog") as box:
            box.border_title = self._title
            yield TextArea(self._note, id="note-text", soft_wrap=True)
            yield Static(Text("What the team saw (e.g. the weakness behind LI). It goes into the exports as "
                              "written: no person's names. ctrl+s saves, esc cancels.", style="dim"))
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text.strip())


class AreaPicker(ModalScreen[str | None]):
    """Pick the process area the matrix shows (or all)."""

    BINDINGS = [Binding("escape", "dismiss", "Cancel")]

    def __init__(self, areas: list[tuple[str, str]], current: str | None,
                 words: tuple[str, str] = ("process area", "process areas")) -> None:
        super().__init__(classes="dialog-screen")
        self._areas = areas
        self._words = words
        self._current = current

    def compose(self) -> ComposeResult:
        options = [Option(f"All {self._words[1]}", id="*")] + [Option(f"{a}  {title}", id=a)
                                                                 for a, title in self._areas]
        picker = OptionList(*options, classes="dialog", id="area-picker")
        picker.border_title = f"Show {self._words[0]}"
        yield picker
        yield Footer()

    def on_mount(self) -> None:
        picker = self.query_one(OptionList)
        ids = ["*"] + [a for a, _t in self._areas]
        picker.highlighted = ids.index(self._current) if self._current in ids else 0

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class MatrixScreen(AppraisalScreen):
    """Practices x projects; the cell shows the characterization and which evidence kinds are linked."""

    VIEW_TITLE = "Matrix"
    CSS_PATH = "matrix.tcss"
    BINDINGS = [
        Binding("a", "pick_area", "Area", tooltip="Show one process area"),
        Binding("G", "toggle_gaps", "Gaps only", key_display="G"),
        Binding("i", "import_characterizations", "Import",
                tooltip="Import characterizations from a CSV; cells recorded differently wait for your choice"),
        Binding("e", "toggle_evidence_gaps", "Evidence gaps",
                tooltip="Only cells lacking an artifact or an affirmation, with the ISO 9001 clauses that may "
                        "hold evidence for them"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.area_filter: str | None = None
        self.gaps_only = False
        #: Only practices lacking an artifact or an affirmation somewhere (``appraise gaps``).
        self.evidence_gaps = False
        self._iso_counterparts: dict[str, list[str]] | None = None
        self._chars: dict[str, dict[str, str]] = {}
        self._evidence: dict[tuple[str, str], set[str]] = {}
        self._ou: dict[str, Any] = {}
        self._attributes: dict[str, Any] = {}
        self._rows: list[str] = []
        #: practice -> why the method takes no value on it now (``Appraisal.refusal()``): shown n/a, keys refused
        self._refused: dict[str, str] = {}
        self._notes: dict[tuple[str, str], str] = {}
        #: ``{practice: {project: [items]}}`` for the evidence panel, read on demand, dropped on a change
        self._evidence_items: dict[str, dict[str, list[Any]]] = {}
        self._laid_out_for = 0  # the terminal width the grid was laid out for
        self._evidence_timer: Timer | None = None
        #: cells changed elsewhere since shown -> the change (``_flag_changes_elsewhere``)
        self._flagged: dict[tuple[str, str], Any] = {}
        #: what the rows and columns are called, and what an empty cell is ("practices", "projects", ...)
        self._words = ("practices", "projects", "not characterized")

    def body(self) -> ComposeResult:
        framework = self.appraisal.framework
        # the keys of the values this appraisal uses (ISO/IEC 33020: refined ones only when allowed)
        scale = Scale(framework.scale.name, tuple(v for v in framework.scale.values if v.id in self.appraisal.values))
        yield StatusLine(id="matrix-filter")
        table = MatrixTable(scale, id="matrix")
        if self.appraisal.is_audit:  # what g looks for (_is_gap): a clause and site with no result yet
            table.name_next_gap("Not audited", "Next clause and site with no result recorded")
        with Horizontal(id="matrix-body"):
            yield table
            yield StatusLine(id="matrix-evidence")  # shown on a wide terminal
        yield Static(id="matrix-legend", classes="status-line")  # shown when codes are shortened
        yield StatusLine(id="matrix-cell")
        yield StatusLine(id="matrix-rating")

    @property
    def table(self) -> MatrixTable:
        return self.query_one(MatrixTable)

    # -- data ------------------------------------------------------------------------------
    def _visible_practices(self) -> list[str]:
        framework = self.appraisal.framework
        practices = [p for p in self.appraisal.practices
                     if self.area_filter is None or framework.practice(p).area == self.area_filter]
        if self.gaps_only:
            practices = [p for p in practices if any(self._is_gap(p, c) for c in self.appraisal.info.projects)]
        if self.evidence_gaps:
            practices = [p for p in practices if any(self._missing_evidence(p, c) for c in self.appraisal.info.projects)]
        return practices

    def _missing_evidence(self, practice: str, project: str) -> list[str]:
        """The evidence kinds a cell lacks (``appraise gaps``), in an area that applies."""
        if self._ruled_out(practice):
            return []
        return missing_evidence(self._evidence.get((practice, project), EMPTY))

    def iso_counterparts(self) -> dict[str, list[str]]:
        """``{practice: [ISO 9001 clauses]}`` from the bundled mapping ({} when the model has none)."""
        if self._iso_counterparts is None:
            try:
                self._iso_counterparts = counterparts(mapping_toward(self.appraisal.framework))
            except AppraiseError:
                self._iso_counterparts = {}
        return self._iso_counterparts

    def _is_gap(self, practice: str, project: str) -> bool:
        """No characterization or no evidence yet, in an area that applies; in an audit, no result recorded
        (a clause is audited on what the auditor saw, whether or not items are linked)."""
        if self._ruled_out(practice):
            return False
        typed = self.table.typed  # values typed in this burst and not saved yet count as set
        cell = (practice, project)
        value = typed[cell] if cell in typed else self._chars.get(practice, {}).get(project)
        if self.appraisal.is_audit:
            return value is None
        return value is None or not self._evidence.get((practice, project))

    def refresh_data(self) -> None:
        appraisal = self.appraisal
        self._flag_changes_elsewhere()
        self._chars = appraisal.characterizations()
        self._evidence = appraisal.evidence_cells()
        self._notes = appraisal.notes()
        self._evidence_items = {}
        rating = self.rating()
        self._ou = {p.id: p for a in rating.areas for g in a.goals for p in g.practices}
        self._attributes = {g.id: g for a in rating.areas for g in a.goals}
        why = appraisal.refusal()  # an area ruled not applicable (R4.2), a clause declared not applicable (A1.2)
        self._refused = {p: reason for p in appraisal.practices if (reason := why(p))}
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
        table.is_gap = self._is_gap
        framework = self.appraisal.framework
        spice = self.appraisal.is_process_assessment
        audit = self.appraisal.is_audit
        # the layout follows the terminal's width: on a wide one, the evidence panel beside the grid and
        # titles next to the ids, where the grid leaves room for them (the grid itself never scrolls for them)
        width = self._laid_out_for = self.app.size.width
        room = width - SCROLLBAR
        first_header = "Indicator / attribute" if spice else "Clause" if audit else "Practice"
        id_width = max([len(first_header), *map(len, self._rows)])
        headers, widths, legend = column_headers(projects, room - id_width - 2 - OU_WIDTH - 1)
        grid_width = id_width + 2 + sum(w + 1 for w in widths) + OU_WIDTH + 1
        wide = width >= WIDE and grid_width + PANEL_WIDTH <= room
        room -= PANEL_WIDTH if wide else 0
        title_room = min(room - grid_width - 2, TITLE_MAX) if width >= WIDE else 0
        table.set_data(first_header, [*headers, "Aggr" if spice else "Res" if audit else "OU"],
                       [*widths, OU_WIDTH],
                       [self._row_label(p, id_width, title_room) for p in self._rows],
                       [self._row_cells(p) for p in self._rows], stops=len(projects))
        self.query_one("#matrix-evidence").display = wide
        # wide: the grid as wide as it is, the panel takes the rest
        table.styles.width = min(table.virtual_size.width + SCROLLBAR, room) if wide else "1fr"
        legend_line = self.query_one("#matrix-legend", Static)
        legend_line.display = bool(legend)
        legend_line.update(Text.assemble(("Columns: ", "bold"), *(
            part for short, code in legend.items() for part in ((short, "bold"), f"={code}   "))))
        area = self.area_filter or f"all {framework.kind_words[1]}"
        gaps = ", gaps only" if self.gaps_only else ""
        gaps += ", lacking an artifact or an affirmation" if self.evidence_gaps else ""
        rows, columns = ("rows", "instances") if spice else ("clauses", "sites") if audit else ("practices", "projects")
        self._words = (rows, columns, "no result recorded" if audit else "not rated" if spice else "not characterized")
        self.query_one("#matrix-filter", StatusLine).update(Text.assemble(
            (f"{len(self._rows)} {rows}", "bold"), f" × {len(projects)} {columns} — {area}{gaps}.  ",
            ("A", "cyan"), " artifact linked  ", ("F", "magenta"), " affirmation linked  ",
            ("*", "dim"), " team decision"))
        if cursor is not None:
            self.select_cell(*cursor)
        self._show_cell()
        self._show_evidence()

    def on_resize(self) -> None:
        if self.is_mounted and self._laid_out_for and self.app.size.width != self._laid_out_for:
            self._rebuild()

    def _row_label(self, practice: str, id_width: int, title_room: int) -> Text:
        """The practice's id, and on a wide terminal its title (dim) beside it."""
        model = self.appraisal.framework.practice(practice)
        label = Text(practice, style="dim" if self._ruled_out(practice) else "bold" if model.attribute else "")
        if title_room >= MIN_TITLE and model.title:
            title = model.title if len(model.title) <= title_room else model.title[:title_room - 1] + "…"
            label.pad_right(id_width - len(practice) + 2)
            label.append(title, style="dim")
        return label

    def _ruled_out(self, practice: str) -> bool:
        return practice in self._refused

    def _row_cells(self, practice: str) -> list[Text]:
        projects = self.appraisal.info.projects
        if self._ruled_out(practice):  # the area (the clause) does not apply: nothing to characterize
            return [Text("n/a", style="dim")] * (len(projects) + 1)
        return [*(self._cell(practice, c) for c in projects), ou_text(self._ou.get(practice))]

    def _cell(self, practice: str, project: str) -> Text:
        return cell_text(self._chars.get(practice, {}).get(project), self._evidence.get((practice, project), EMPTY),
                         (practice, project) in self._flagged)

    def _cursor_target(self) -> tuple[str, str] | None:
        table = self.table
        if not self._rows:
            return None
        row, column = table.cursor
        if row >= len(self._rows):
            return None
        projects = self.appraisal.info.projects
        return self._rows[row], projects[min(column, len(projects) - 1)]

    # -- showing one cell -------------------------------------------------------------------
    def select_cell(self, practice: str, project: str) -> None:
        if practice not in self._rows:
            return
        self.table.move_cursor(self._rows.index(practice), self.appraisal.info.projects.index(project))

    def select_target(self, target: str | int) -> None:
        """A project code (the command palette's "Project ..." hit)."""
        self.select_project(str(target))

    def select_project(self, code: str) -> None:
        """Put the cursor in ``code``'s column (the command palette's "Project ..." hit)."""
        if code in self.appraisal.info.projects and self._rows:
            row = min(self.table.cursor[0], len(self._rows) - 1)
            self.select_cell(self._rows[row], code)

    def _show_cell(self) -> None:
        target = self._cursor_target()
        self._evidence_soon()
        line = self.query_one("#matrix-cell", StatusLine)
        if target is None:
            line.update(Text(f"No {self._words[0][:-1]} to show: change the filter (a, G).", style="dim"))
            return
        practice, project = target
        if (practice, project) in self._flagged:
            self._show_change_elsewhere(line, practice, project)
            return
        model = self.appraisal.framework.practice(practice)
        value = self._chars.get(practice, {}).get(project)
        kinds = self._evidence.get((practice, project), EMPTY)
        evidence = " and ".join(k for k in ("artifact", "affirmation") if k in kinds) or "no evidence"
        ou = self._ou.get(practice)
        if self._ruled_out(practice):
            line.update(Text.assemble((f"{practice} ", "bold"), model.title, " — ", (self._refused[practice], "dim")))
            return
        note = self._notes.get((practice, project), "")
        if self.evidence_gaps:
            missing = self._missing_evidence(practice, project)
            counterparts = self.iso_counterparts()
            clauses = counterparts.get(practice, [])
            where = Text(f"ISO 9001 counterpart: {', '.join(clauses)} (evidence may exist in the ISO system)",
                         style="green") if clauses else Text("no ISO 9001 counterpart: new work", style="yellow") \
                if counterparts else Text("")
            line.update(Text.assemble(
                (f"{practice} ", "bold"), model.title, f" — {project}: ", value_text(value, self._words[2]),
                "\n", (f"lacks {' and '.join(missing)}. " if missing else "has both kinds of evidence. ", "bold"),
                where))
            return
        if self.appraisal.is_process_assessment:
            line.update(Text.assemble(
                (f"{practice} ", "bold"), model.title or "", f" — {project}: ", value_text(value, "not rated"),
                f", {evidence}.", (f" Note: {note}" if note else "", "italic"), "\n",
                self._attribute_line(practice, project)))
            return
        line.update(Text.assemble(
            (f"{practice} ", "bold"), model.title, f" — {project}: ", value_text(value, self._words[2]),
            f", {evidence}.", (f" Note: {note}" if note else "", "italic"),
            "\n", (f"{'Result' if self.appraisal.is_audit else 'OU'}: {ou.rule}" if ou is not None else "", "dim")))

    def _show_change_elsewhere(self, line: StatusLine, practice: str, project: str) -> None:
        """The cursor came to a flagged cell: say what changed and who changed it; the flag goes."""
        change = self._flagged.pop((practice, project))
        if practice in self._rows:
            self.table.set_cell(self._rows.index(practice), self.appraisal.info.projects.index(project),
                                self._cell(practice, project))
        line.update(Text.assemble(
            ("Changed elsewhere ", CHANGED_ELSEWHERE), (f" {practice} / {project}: ", "bold"),
            f"{change.old or '—'} → {change.new or '—'} by {change.who} at {change.at[11:16]} ",
            ("(another window or process; the cell shows the file as it is now)", "dim")))

    def _evidence_soon(self) -> None:
        """The panel follows the cursor once the keys pause: typing repaints the grid's line, not the panel too
        (painted in the same frame, the two would repaint every grid line between them)."""
        if self._evidence_timer is not None:
            self._evidence_timer.stop()
        if self.query_one("#matrix-evidence").display:
            self._evidence_timer = self.set_timer(EVIDENCE_DELAY, self._show_evidence)

    def _show_evidence(self) -> None:
        """The panel beside the grid (wide terminals): the items linked to the cell, with their kinds.

        A practice's items are read once, when the cursor first comes to its row."""
        self._evidence_timer = None
        panel = self.query_one("#matrix-evidence", StatusLine)
        if not panel.display:
            return
        target = self._cursor_target()
        if target is None:
            panel.update("")
            return
        practice, project = target
        items = self._evidence_items.get(practice)
        if items is None:
            try:
                items = self._evidence_items[practice] = self.appraisal.evidence_for(practice)
            except AppraiseError as exc:
                self.appraise.fail(exc)
                return
        linked = items.get(project, [])
        text = Text.assemble(("Evidence", "bold"), f" — {practice} / {project}\n", style="")
        if self._ruled_out(practice):
            text.append("Not applicable (team decision).", style="dim")
        elif not linked:
            text.append("No evidence linked.", style="dim")
        for item in linked:
            text.append_text(Text.assemble("\n", evidence_marks({item.kind}), " ", item.title, "  ",
                                           (item.kind, KIND_STYLE.get(item.kind, "dim"))))
            if item.location:
                text.append(f"\n   {item.location}", style="dim")
        panel.update(text)

    def _attribute_line(self, cell: str, project: str) -> Text:
        """ISO/IEC 33020: an attribute's proposal and aggregate; an indicator says which attribute it feeds."""
        model = self.appraisal.framework.practice(cell)
        attribute = self._attributes.get(model.goal)
        if attribute is None:
            return Text("")
        if not model.attribute:
            return Text(f"An indicator of {attribute.id} ({attribute.title}); the assessor rates the attribute.",
                        style="dim")
        proposal = attribute.proposal.get(project)
        rated = sum(1 for i in attribute.indicators if i["instances"].get(project))
        text = Text("Proposal: ", style="bold")
        text.append_text(value_text(proposal, "none (no indicator rated)"))
        if proposal:
            text.append(f" (AS2.3: mean of {rated} of {len(attribute.indicators)} indicator ratings; "
                        "the assessor's rating counts)", style="dim")
        text.append("  │  Aggregate: ", style="bold")
        text.append_text(value_text(attribute.rating, "not rated"))
        text.append(f" ({attribute.rule.split(':')[0]}{' ' + f'{float(attribute.mean):.2f}' if attribute.mean is not None else ''})",
                    style="dim")
        return text

    def _show_rating(self, rating: Any) -> None:
        data = rating.to_dict()
        pending = len(data["pending_decisions"])
        if self.appraisal.is_process_assessment:
            self.query_one("#matrix-rating", StatusLine).update(Text.assemble(
                (level_line(data), "bold"), f"  —  {pending} open consistency deviation{'s' if pending != 1 else ''}"))
            return
        self.query_one("#matrix-rating", StatusLine).update(Text.assemble(
            (level_line(data), "bold"), f"  —  {pending} pending decision{'s' if pending != 1 else ''}"))

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
            self.appraisal.characterize(event.practice, event.project, event.value)
        except AppraiseError as exc:
            self.appraise.fail(exc)
            return False
        cells = self._chars.setdefault(event.practice, {})
        if event.value is None:
            cells.pop(event.project, None)
            self._notes.pop((event.practice, event.project), None)
        else:
            cells[event.project] = event.value
        self._flagged.pop((event.practice, event.project), None)  # the user's own value now
        if event.practice in self._rows:
            self.table.set_cell(self._rows.index(event.practice), self.appraisal.info.projects.index(event.project),
                                cell_text(event.value, self._evidence.get((event.practice, event.project), EMPTY)))
        self._show_cell()
        self.appraise.changed(source=self)
        return True

    def own_change_saved(self) -> None:
        self._rerate()

    @on(MatrixTable.EditNote)
    def _edit_note(self, event: MatrixTable.EditNote) -> None:
        self.table.opening_note = False  # the note opens now, or the screen says why not
        if self._ruled_out(event.practice):
            self.notify("This area is not applicable (team decision): its cells take no notes.",
                        title="Not applicable", severity="warning")
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
                self.appraisal.characterize(event.practice, event.project, value, note=text)
            except AppraiseError as exc:
                self.appraise.fail(exc)
                return
            self._notes[(event.practice, event.project)] = text
            self._show_cell()
            self.appraise.changed(source=self)

        self.app.push_screen(NoteDialog(event.practice, event.project, value, note), saved)

    @work(thread=True, exclusive=True, group="matrix-rerate")
    def _rerate(self) -> None:
        version = self.appraise.data_version
        try:
            rating = self.appraise.rating()
        except AppraiseError as exc:
            self.app.call_from_thread(self.appraise.fail, exc)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._apply_rating, rating, version)

    def _apply_rating(self, rating: Any, version: int) -> None:
        if version != self.appraise.data_version:  # a later change is being rated: that result will come
            return
        ou = {p.id: p for a in rating.areas for g in a.goals for p in g.practices}
        self._attributes = {g.id: g for a in rating.areas for g in a.goals}
        table = self.table
        ou_column = len(self.appraisal.info.projects)
        for index, practice in enumerate(self._rows):
            old, result = self._ou.get(practice), ou.get(practice)
            if result is not None and (old is None or (old.ou, old.options, old.decided) !=
                                       (result.ou, result.options, result.decided)):
                table.set_cell(index, ou_column, ou_text(result))
        self._ou = ou
        self._show_rating(rating)
        self._show_cell()

    # -- moving and filtering ---------------------------------------------------------------
    @on(MatrixTable.NoGap)
    def _no_gap(self) -> None:
        if self.appraisal.is_audit:
            self.notify("Every clause has a result in every site.", title="Nothing left to audit")
            return
        self.notify("Every cell is characterized and has evidence.", title="No gaps")

    def action_pick_area(self) -> None:
        framework = self.appraisal.framework
        areas = [(a, framework.area(a).title) for a in self.appraisal.info.areas]

        def chosen(area: str | None) -> None:
            if area is not None:
                self.area_filter = None if area == "*" else area
                self._rebuild()

        self.app.push_screen(AreaPicker(areas, self.area_filter or "*", framework.kind_words), chosen)

    def action_import_characterizations(self) -> None:
        from appraise.tui.screens.characterization_import import CharacterizationImportDialog

        def imported(changed: int | None) -> None:
            if changed is not None:
                self.notify(f"{changed:,} cell{'s' if changed != 1 else ''} changed.", title="Imported")
                self.appraise.changed()

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
