"""The help screen: every key of the current view and of the whole app, read from the bindings."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

_MOVING = ("move", "page", "jump", "cursor", "focus_", "scroll", "select_cursor", "copy")


def _keys(binding: Binding) -> str:
    # a named key may carry a fuller label ("tab/→"); a single character is shown as itself,
    # since aliases (f and 1 for FI) share one footer label
    if binding.key_display and len(binding.key) > 1:
        return binding.key_display
    return {"question_mark": "?"}.get(binding.key, binding.key)


def _node_bindings(node: DOMNode, active: list[ActiveBinding]) -> list[Binding]:
    """Every key of ``node``: what its classes declare (``BINDINGS``, base classes first, also the keys its
    ``check_action`` turns off just now), each replaced by the live binding where the node has one (a key bound
    from the model, a description in the appraisal's words)."""
    keys: dict[str, Binding] = {}
    for cls in reversed(type(node).__mro__):
        for binding in Binding.make_bindings(cls.__dict__.get("BINDINGS", ())):
            keys[binding.key] = binding
    for live in active:
        if live.node is node:
            keys[live.binding.key] = live.binding
    return list(keys.values())


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
        # Textual's public view of the keys, read while the view is still the screen shown (the actions'
        # checks then answer for it, not for this dialog): per key the binding that wins where the focus is
        self._active = list(view.active_bindings.values())

    def _sections(self) -> list[Table]:
        """One table per node from the focused widget up to the app, each key once, its aliases joined."""
        focused = self._view.focused
        nodes = list(focused.ancestors_with_self) if focused is not None else [self._view]
        if self.app not in nodes:
            nodes.append(self.app)
        seen: set[tuple[str, str]] = set()
        sections = []
        for node in nodes:
            keys: dict[tuple[str, str], list[str]] = {}
            for b in _node_bindings(node, self._active):
                if not b.description or b.action.startswith("scroll_") or (b.action, b.description) in seen:
                    continue
                keys.setdefault((b.action, b.description), []).append(_keys(b))
            seen.update(keys)
            if not keys:
                continue
            name = getattr(node, "HELP_TITLE", "") or getattr(node, "VIEW_TITLE", "") or (
                "Everywhere" if node is self.app else "")
            if not name and type(node).__module__.startswith("textual."):
                name = "Moving around"
            # what the view does first, moving around after it
            rows = sorted(keys.items(), key=lambda item: item[0][0].startswith(_MOVING))
            sections.append(_table(name or "This view", [(" / ".join(dict.fromkeys(k)), d) for (_a, d), k in rows]))
        return sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Text("Keys", style="bold"), classes="help-title")
            for table in self._sections():
                yield Static(table)
            yield Static(Text("ctrl+p opens the command palette: type a practice, area, project or evidence "
                              "title to jump to it. Esc closes this help.", style="dim"))
