"""The merge conflicts view (F10): what mini-team copies changed differently, put to the team's consensus.

A merge never decides a conflict: each one stays pending, with every side's value, who and when, until the team
records its consensus here (or with ``appraise decide FILE --conflict ID``). The list shows the pending ones; Enter
opens one: choose a side (or, for a characterization, another value of the scale) and write the rationale.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Footer, Input, Label, RadioButton, RadioSet, Static, TextArea

from appraise.errors import AppraiseError
from appraise.tui.messages import AppraisalChanged, Refused
from appraise.tui.screens.confirm import TypedTextDialog

if TYPE_CHECKING:
    from appraise.services.merging import Conflict, ConflictSide
    from appraise.tui.app import AppraiseApp

__all__ = ["ConflictDialog", "ConflictsScreen"]

#: The radio button that takes a value typed by the team instead of a side's.
OTHER = "__other__"


def side_label(index: int, side: ConflictSide) -> str:
    return f"{index} {side.side}: {side.value if side.value is not None else '—'}  ({side.by})"


class ConflictsScreen(ModalScreen[None]):
    """The pending merge conflicts; Enter decides one."""

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("enter", "decide", "Decide", tooltip="Record the team's consensus on this conflict"),
    ]
    DEFAULT_CSS = """
    ConflictsScreen { align: center middle; }
    ConflictsScreen #conflicts { width: 95%; height: 90%; background: $surface; border: thick $primary; padding: 0 1; }
    ConflictsScreen #conflicts-table { height: 1fr; }
    ConflictsScreen #conflicts-empty { height: auto; margin: 1 0; }
    """

    def compose(self) -> ComposeResult:
        with Vertical(id="conflicts"):
            yield Static(id="conflicts-empty")
            yield DataTable(id="conflicts-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#conflicts", Vertical).border_title = "Merge conflicts"
        table = self.query_one(DataTable)
        table.add_columns("#", "Target", "Sides (each side names its copy)")
        self.refresh_list()
        table.focus()

    @property
    def appraise(self) -> AppraiseApp:
        return cast("AppraiseApp", self.app)

    def pending(self) -> list[Conflict]:
        appraisal = self.appraise.appraisal
        return [] if appraisal is None else appraisal.merging.conflicts()

    def refresh_list(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        pending = self.pending()
        for c in pending:
            sides = " · ".join(f"{s.side}: {s.value if s.value is not None else '—'}" for s in c.sides)
            table.add_row(str(c.id), Text(c.target, style="bold"), Text(sides), key=str(c.id))
        empty = self.query_one("#conflicts-empty", Static)
        empty.update("No conflicts pending: every merge so far is settled." if not pending else
                     f"{len(pending)} pending: the tool decides none of them. Enter: record the team's consensus.")

    def action_close(self) -> None:
        self.dismiss(None)

    @on(DataTable.RowSelected)
    def action_decide(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            self.app.bell()
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        chosen = next((c for c in self.pending() if str(c.id) == key), None)
        if chosen is None:
            self.refresh_list()
            return

        def decided(done: bool | None) -> None:
            if done:
                self.refresh_list()

        self.app.push_screen(ConflictDialog(chosen), decided)


class ConflictDialog(TypedTextDialog[bool]):
    """One conflict: every side (value, who, when); the team's choice and its rationale."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "decide", "Decide", tooltip="Record the consensus"),
    ]
    DEFAULT_CSS = """
    ConflictDialog { align: center middle; }
    ConflictDialog #conflict { width: 90%; max-width: 100; height: auto; max-height: 100%; background: $surface;
                               border: thick $primary; padding: 0 1; }
    ConflictDialog #conflict-why { height: 4; }
    ConflictDialog #conflict-choices { width: 100%; }
    ConflictDialog .field-label { text-style: bold; }
    ConflictDialog #conflict-buttons { height: auto; align-horizontal: right; }
    ConflictDialog #conflict-buttons Button { margin-left: 2; }
    """
    CANCELLED = False

    def __init__(self, conflict: Conflict) -> None:
        super().__init__(classes="dialog-screen")
        self.conflict = conflict

    def compose(self) -> ComposeResult:
        c = self.conflict
        with Vertical(id="conflict"):
            yield Static(Text.assemble((c.target, "bold"), f"  {c.record}, from {c.fork_label}"), id="conflict-target")
            yield Label("The team's consensus", classes="field-label")
            with RadioSet(id="conflict-choices"):
                for i, side in enumerate(c.sides, 1):
                    yield RadioButton(side_label(i, side), name=side.side)
                if c.record in ("characterization", "note"):
                    yield RadioButton("Another value (type it below)", name=OTHER)
            yield Input(placeholder="the value the team agreed on", id="conflict-value", disabled=True)
            yield Label("Rationale (required)", classes="field-label")
            yield TextArea(id="conflict-why")
            yield Static(id="conflict-problem", classes="error-text")
            with Horizontal(id="conflict-buttons"):
                yield Button("Cancel", id="conflict-cancel")
                yield Button("Decide", id="conflict-ok", variant="primary", disabled=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#conflict", Vertical).border_title = f"Conflict #{self.conflict.id}"
        self.query_one(RadioSet).focus()
        self._check()

    @property
    def chosen(self) -> str | None:
        button = self.query_one(RadioSet).pressed_button
        return None if button is None else button.name

    def _problem(self) -> str:
        if self.chosen is None:
            return "Choose a side (arrow keys, then space)."
        if self.chosen == OTHER and not self.query_one("#conflict-value", Input).value.strip():
            return "Type the value the team agreed on."
        if not self.query_one("#conflict-why", TextArea).text.strip():
            return "Write the rationale: a consensus is not recorded without one."
        return ""

    @on(RadioSet.Changed)
    @on(TextArea.Changed)
    @on(Input.Changed)
    def _check(self) -> None:
        self.query_one("#conflict-value", Input).disabled = self.chosen != OTHER
        problem = self._problem()
        self.query_one("#conflict-ok", Button).disabled = bool(problem)
        shown = self.query_one("#conflict-problem", Static)
        shown.update(problem)
        shown.display = bool(problem)

    @on(Button.Pressed, "#conflict-ok")
    def action_decide(self) -> None:
        problem = self._problem()
        if problem:
            self.app.bell()
            return
        app = cast("AppraiseApp", self.app)
        assert app.appraisal is not None and self.conflict.id is not None
        why = self.query_one("#conflict-why", TextArea).text.strip()
        try:
            if self.chosen == OTHER:
                done = app.appraisal.merging.resolve(self.conflict.id, value=self.query_one(
                    "#conflict-value", Input).value.strip(), why=why)
            else:
                done = app.appraisal.merging.resolve(self.conflict.id, take=self.chosen, why=why)
        except AppraiseError as exc:
            app.post_message(Refused(exc))
            return
        app.post_message(AppraisalChanged())
        app.notify(f"{done.target}: {done.value if done.value is not None else '—'}", title="Consensus recorded")
        self.dismiss(True)

    @on(Button.Pressed, "#conflict-cancel")
    def action_cancel(self) -> None:
        self.close_unless_typed(False)
