"""Ask before something is removed or thrown away: y or Enter confirms, n or Esc keeps it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen, ScreenResultType
from textual.widgets import Button, Footer, Input, Static, TextArea


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question; dismisses with True when confirmed."""

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


#: The question a dialog asks before Escape (or Cancel) throws away what the user typed.
DISCARD_QUESTION = "Discard the text you typed?"


class TypedTextDialog(ModalScreen[ScreenResultType]):
    """A dialog the user types into: Escape or Cancel closes it at once while the text is as it opened,
    and asks "Discard the text you typed?" (keep / discard) once the user changed it.

    Subclasses bind escape to ``cancel`` (or call ``close_unless_typed``); the fields compared are
    every ``Input`` and ``TextArea`` of the dialog, or those ``typed_fields`` names.
    """

    #: What the dialog returns when it is closed without saving.
    CANCELLED: Any = None

    # Tab moves on when it is typed, not when the field before it has taken the keys queued for it: text
    # typed in one burst (a paste, a fast typist, "B2<Tab>A=ALPHA") lands in the fields it was typed in.
    BINDINGS = [
        Binding("tab", "next_field", "Next field", show=False, priority=True),
        Binding("shift+tab", "previous_field", "Previous field", show=False, priority=True),
    ]

    def action_next_field(self) -> None:
        complete = getattr(self.focused, "action_complete", None)  # a path field: Tab completes first
        if complete is not None:
            complete()
        else:
            self.focus_next()

    def action_previous_field(self) -> None:
        self.focus_previous()

    def typed_fields(self) -> list[Input | TextArea]:
        return list(self.query("Input, TextArea").results((Input, TextArea)))

    def typed_text(self) -> tuple[str, ...]:
        return tuple(f.text if isinstance(f, TextArea) else f.value for f in self.typed_fields())

    def _on_mount(self) -> None:
        # runs after the subclass's on_mount (Textual calls each class's handler, the subclass's first),
        # so whatever the dialog fills in itself counts as what it opened with
        self._opened_with = self.typed_text()

    @property
    def text_changed(self) -> bool:
        return self.typed_text() != getattr(self, "_opened_with", self.typed_text())

    def close_unless_typed(self, result: Any = None, on_close: Callable[[], None] | None = None) -> None:
        """Dismiss with ``result`` now if nothing typed changed, else once the user agrees to discard it.

        ``on_close`` runs just before the dialog closes (e.g. to stop a check still running), never if it stays.
        """
        def close() -> None:
            if on_close is not None:
                on_close()
            self.dismiss(result)

        if not self.text_changed:
            close()
            return

        def answered(discard: bool | None) -> None:
            if discard:
                close()

        self.app.push_screen(ConfirmDialog("Unsaved text", DISCARD_QUESTION, confirm="Discard",
                                           keep="Keep typing", focus_confirm=False), answered)

    def action_cancel(self) -> None:
        self.close_unless_typed(self.CANCELLED)
