"""The help screen: every key of the current view and of the whole app, read from the bindings."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


def _keys(binding: Binding) -> str:
    return binding.key_display or binding.key


def _table(title: str, bindings: list[tuple[str, str]]) -> Table:
    table = Table(title=title, title_justify="left", show_header=False, box=None, padding=(0, 2))
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column()
    for key, description in bindings:
        table.add_row(key, description)
    return table


class HelpScreen(ModalScreen[None]):
    """Keys of the view it was opened from, then the app's."""

    BINDINGS = [Binding("escape,q,f1,question_mark", "dismiss", "Close", key_display="esc")]

    def __init__(self, view: Screen[object]) -> None:
        super().__init__()
        self._view = view

    def _sections(self) -> list[Table]:
        seen: set[str] = set()
        sections = []
        # the focused widget's keys first (e.g. the matrix's value keys), then the view's, then the app's
        focused = self._view.focused
        nodes = list(focused.ancestors_with_self) if focused is not None else [self._view]
        if self.app not in nodes:
            nodes.append(self.app)
        groups: list[tuple[str, list[tuple[str, str]]]] = []
        for node in nodes:
            rows = []
            for bindings in node._bindings.key_to_bindings.values():
                for b in bindings:
                    if b.description and (b.action, b.description) not in seen:
                        seen.add((b.action, b.description))  # type: ignore[arg-type]
                        rows.append((_keys(b), b.description))
            if rows:
                name = getattr(node, "VIEW_TITLE", "") or ("Everywhere" if node is self.app else
                                                          type(node).__name__)
                groups.append((name, rows))
        for name, rows in groups:
            sections.append(_table(name, rows))
        return sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Text("Keys", style="bold"), classes="help-title")
            for table in self._sections():
                yield Static(table)
            yield Static(Text("ctrl+p opens the command palette: type a practice, area, project or evidence "
                              "title to jump to it. Esc closes this help.", style="dim"))
