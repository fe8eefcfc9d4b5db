"""Set a nonconformity's status back (a plan accepted or a closure recorded by mistake), asking the reason.

ISO 9001 audits, rule A7 (last sentence): the status goes back to open and the
reason is kept in the change log. ``ctrl+s`` (or Enter) saves, ``escape`` cancels;
a refusal (no reason) keeps the dialog open.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Footer, Input, Static

from appraise.errors import AppraiseError
from appraise.tui.screens.confirm import TypedTextDialog

if TYPE_CHECKING:
    from appraise.tui.app import AppraiseApp

#: What each way of setting back says, as a title and as a question.
SET_BACK_WORDS = {
    "plan_withdrawn": ("Withdraw the accepted plan", "the accepted plan is withdrawn: the nonconformity is open again"),
    "reopen": ("Reopen", "the verified closure is undone: the nonconformity is open again"),
}


class SetBackDialog(TypedTextDialog[bool]):
    """Ask why a finding's status is set back; ``save(reason)`` writes it (raises ``AppraiseError``)."""

    CSS_PATH = "finding_status.tcss"

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Set back", priority=True),
    ]

    def __init__(self, finding_id: int, how: str, about: Text | str, save: Callable[[str], object]) -> None:
        super().__init__(classes="dialog-screen")
        self._finding_id = finding_id
        self._how = how
        self._about = about
        self._save = save

    def compose(self) -> ComposeResult:
        title, effect = SET_BACK_WORDS[self._how]
        with VerticalScroll(classes="dialog", id="set-back", can_focus=False) as dialog:
            dialog.border_title = f"{title}: finding #{self._finding_id}"
            yield Static(Text.assemble(self._about, "\n", (f"Set back: {effect}. The reason is kept in the "
                                                             "change log (A7).", "dim")), id="set-back-what")
            yield Input(placeholder="Why? e.g. the verification was of the wrong site", id="set-back-why")
            yield Static(id="set-back-error", classes="error-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="set-back-cancel")
                yield Button(f"{title} (ctrl+s)", variant="warning", id="set-back-save")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#set-back-why", Input).focus()

    def action_save(self) -> None:
        reason = self.query_one("#set-back-why", Input).value
        if not reason.strip():  # said here in the dialog's words (the services' message names a CLI option)
            self.query_one("#set-back-error", Static).update("Say why the status is set back: the reason is kept "
                                                              "in the change log (A7).")
            return
        try:
            self._save(reason)
        except AppraiseError as exc:
            self.query_one("#set-back-error", Static).update(str(exc))
            cast("AppraiseApp", self.app).fail(exc, title="Status not set back")
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.close_unless_typed(False)  # typed text is never thrown away without asking

    @on(Input.Submitted, "#set-back-why")
    def _submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#set-back-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#set-back-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
