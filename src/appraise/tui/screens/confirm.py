"""Ask before something is removed: y or Enter confirms, n or Esc keeps it."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question; dismisses with True when confirmed."""

    DEFAULT_CSS = """
    ConfirmDialog #confirm { width: auto; max-width: 90; }
    """

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("escape,n", "answer(False)", "No"),
    ]

    def __init__(self, title: str, question: Text | str, confirm: str, keep: str = "Cancel",
                 focus_confirm: bool = True) -> None:
        super().__init__(classes="dialog-screen")
        self._title = title
        self._question = question
        self._confirm = confirm
        self._keep = keep
        self._focus_confirm = focus_confirm

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="confirm", can_focus=False) as dialog:
            dialog.border_title = self._title
            yield Static(self._question)
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self._keep} (n)", id="confirm-no")
                yield Button(f"{self._confirm} (y)", variant="error", id="confirm-yes")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#confirm-yes" if self._focus_confirm else "#confirm-no", Button).focus()

    def action_answer(self, confirmed: bool) -> None:
        self.dismiss(confirmed)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")
