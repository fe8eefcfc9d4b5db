"""Pick the process area (the process, the clause group) the matrix shows."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList
from textual.widgets.option_list import Option


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
