"""The team's note on one matrix cell."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, Static, TextArea

from appraise.tui.screens.confirm import TypedTextDialog


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
