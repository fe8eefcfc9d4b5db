"""Pick an evidence item (and a project, or all) to link to a practice; typing filters the items."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Input, Label, OptionList, Static, Tab, Tabs
from textual.widgets.option_list import Option

from appraise.services import EvidenceItem
from appraise.tui.screens.confirm import TypedTextDialog
from appraise.tui.style import kind_text

#: The project "tab" that links to every project at once.
ALL_PROJECTS = "*"


class LinkFilter(Input):
    """The link dialog's filter: Enter links the highlighted item (said in the footer)."""

    BINDINGS = [Binding("enter", "submit", "Link", tooltip="Link the highlighted item")]


class LinkEvidenceDialog(TypedTextDialog[tuple[int, str] | None]):
    """Pick a project (or all) and an evidence item; type to filter the items by title.

    Returns (evidence id, project code or ``ALL_PROJECTS``).
    """

    CSS_PATH = "link_evidence_dialog.tcss"

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "move('cursor_down')", "Next item", show=False),
        Binding("up", "move('cursor_up')", "Previous item", show=False),
        Binding("pagedown", "move('page_down')", "Page down", show=False),
        Binding("pageup", "move('page_up')", "Page up", show=False),
        Binding("enter", "choose", "Link"),
    ]

    def __init__(self, practice: str, projects: list[str], items: list[EvidenceItem],
                 linked: dict[str, set[int]], project: str = ALL_PROJECTS, word: str = "project") -> None:
        super().__init__(classes="dialog-screen")
        self._practice = practice
        self._projects = projects
        self._items = items
        self._linked = linked
        self._project = project if project in projects else ALL_PROJECTS
        self._word = word

    def _tab_id(self, project: str) -> str:
        return "all" if project == ALL_PROJECTS else f"project-{self._projects.index(project)}"

    def compose(self) -> ComposeResult:
        with Vertical(id="link-dialog") as dialog:
            dialog.border_title = f"Link evidence to {self._practice}"
            with Horizontal(id="link-projects-row"):
                yield Label(self._word.capitalize())
                yield Tabs(Tab(f"All {self._word}s", id="all"),
                           *(Tab(code, id=self._tab_id(code)) for code in self._projects),
                           active=self._tab_id(self._project), id="link-projects")
            yield LinkFilter(placeholder="Type to filter by title", id="link-filter")
            yield OptionList(id="link-items")
            yield Static(id="link-count", classes="hint")
        yield Footer()  # this dialog's keys, not the view's underneath

    def on_mount(self) -> None:
        self._fill()
        self.query_one("#link-filter", Input).focus()

    def _linked_here(self, item_id: int) -> bool:
        projects = self._projects if self._project == ALL_PROJECTS else [self._project]
        return all(item_id in self._linked.get(code, set()) for code in projects)

    def _fill(self) -> None:
        words = self.query_one("#link-filter", Input).value.lower().split()
        shown = [item for item in self._items if all(w in item.title.lower() for w in words)]
        options = []
        for item in shown:
            label = Text.assemble(kind_text(item.kind), " " * (12 - len(item.kind)), item.title)
            if self._linked_here(item.id):
                label.append("  linked", style="dim italic")
            options.append(Option(label, id=str(item.id)))
        items = self.query_one("#link-items", OptionList)
        items.set_options(options)
        if options:
            items.highlighted = 0
        where = "every project" if self._project == ALL_PROJECTS else self._project
        self.query_one("#link-count", Static).update(Text.assemble(
            f"{len(shown)} of {len(self._items)} items · enter links the highlighted one to {self._practice} in ",
            (where, "bold"), " · ", ("↑↓", "bold"), " choose · ", ("shift+tab", "bold"), " then ", ("←→", "bold"),
            " project"))

    @on(Input.Changed, "#link-filter")
    def _filter(self) -> None:
        self._fill()

    @on(Tabs.TabActivated, "#link-projects")
    def _project_chosen(self, event: Tabs.TabActivated) -> None:
        tab = event.tab.id or "all"
        self._project = ALL_PROJECTS if tab == "all" else self._projects[int(tab.rsplit("-", 1)[1])]
        if self.is_mounted and self.query("#link-items"):
            self._fill()

    def action_move(self, action: str) -> None:
        items = self.query_one("#link-items", OptionList)
        getattr(items, f"action_{action}")()

    @on(Input.Submitted, "#link-filter")
    def action_choose(self) -> None:
        """Enter in the filter or on the project tabs: link the highlighted item."""
        option = self.query_one("#link-items", OptionList).highlighted_option
        if option is None:
            self.app.bell()
            return
        self._choose(option)

    @on(OptionList.OptionSelected, "#link-items")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option)

    def _choose(self, option: Option) -> None:
        assert option.id is not None
        self.dismiss((int(option.id), self._project))
