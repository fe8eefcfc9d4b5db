"""Practices: the tree of process areas, goals and practices, and the selected one in detail.

Left, the in-scope process areas → goals → practices, each marked with its
current rating (areas and goals) or organizational-unit value (practices).
Right, the selected node: for a practice its characterization, notes and linked
evidence per project, the OU characterization with the rule the engine cites,
and the strengths and weaknesses that concern it; for a goal or an area its
rating, rule and what holds it back. ``l`` links an evidence item to the
practice, ``u`` unlinks the item under the cursor (after a confirmation).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Footer, Input, Label, OptionList, Static, Tab, Tabs, Tree
from textual.widgets.option_list import Option
from textual.widgets.tree import TreeNode

from appraise.errors import AppraiseError
from appraise.services import EvidenceItem, Finding
from appraise.tui.screens.base import AppraisalScreen
from appraise.tui.screens.confirm import ConfirmDialog, TypedTextDialog
from appraise.tui.style import KIND_STYLE, RATING_STYLE, kind_text, rating_text, value_text

#: One glyph per goal / area rating, so the tree reads without colour too.
RATING_MARK = {"satisfied": "✓", "unsatisfied": "✗", "pending": "?", "not_rated": "·", "not_applicable": "–"}
#: Titles in the tree are cut to this many characters; the detail shows them whole.
SHORT_TITLE = 26
ALL_PROJECTS = "*"


def short_title(title: str) -> str:
    return title if len(title) <= SHORT_TITLE else title[:SHORT_TITLE - 1].rstrip() + "…"


def local_id(node_id: str, area: str) -> str:
    """``REQM SP 1.1`` under REQM reads ``SP 1.1``."""
    return node_id[len(area) + 1:] if node_id.startswith(area + " ") else node_id


def rating_mark(rating: str | None) -> Text:
    """A goal's or area's mark; an ISO/IEC 33020 attribute shows its value, a process its level."""
    if rating is None:
        return Text(RATING_MARK["not_rated"], style=RATING_STYLE["not_rated"])
    if rating in RATING_MARK:
        return Text(RATING_MARK[rating], style=RATING_STYLE.get(rating, ""))
    return value_text(rating) if len(rating) <= 2 else Text(rating.replace("CL ", ""), style="bold")


def practice_mark(practice: Any) -> Text:
    """Three cells: the OU value (``*`` when the team decided it), ``?`` while the team must choose, ``··`` unrated.

    An ISO/IEC 33020 indicator has no aggregate: ``✓`` rated in every instance, ``…`` in some.
    """
    if not getattr(practice, "aggregated", True):
        rated = sum(1 for v in practice.instances.values() if v)
        text = Text("✓", style="green") if rated and rated == len(practice.instances) else \
            Text("…", style="yellow") if rated else value_text(None)
    elif practice.ou is not None:
        text = value_text(practice.ou)
        text.append("*" if practice.decided else "", style="dim")
    elif practice.options:
        text = Text("?", style="bold yellow")
    else:
        text = value_text(None)
    text.pad_right(3 - len(text))
    return text


def ou_line(practice: Any) -> Text:
    """The OU characterization in words, for the detail pane."""
    if not getattr(practice, "aggregated", True):  # an ISO/IEC 33020 indicator: rated per instance only
        return Text("An indicator: rated per instance; the assessor rates its process attribute.", style="dim")
    text = Text.assemble(("Organizational unit: ", "bold"))
    if practice.ou is not None:
        text.append_text(value_text(practice.ou))
        if practice.decided:
            text.append("  (team decision)", style="dim")
    elif practice.options:
        text.append(f"the team must choose: {' or '.join(practice.options)}", style="bold yellow")
    else:
        text.append("not rated yet", style="dim")
    return text


def item_text(item: EvidenceItem) -> Text:
    """``A title`` for an artifact, ``F title`` for an affirmation (the matrix's marks); never a person."""
    mark = "A" if item.kind == "artifact" else "F" if item.kind == "affirmation" else "?"
    return Text.assemble((mark, KIND_STYLE.get(item.kind, "")), " ", item.title)


def finding_lines(findings: list[Finding], empty: str) -> Text:
    text = Text("Strengths and weaknesses\n", style="bold")
    if not findings:
        text.append(empty, style="dim")
        return text
    for i, finding in enumerate(findings):
        if i:
            text.append("\n")
        style = "green" if finding.kind == "strength" else "red"
        text.append(f"{finding.kind.capitalize()}", style=f"bold {style}")
        text.append(f" ({finding.practice or finding.area + ', whole area'}): ", style="dim")
        text.append(finding.text)
    return text


# -- the tree ------------------------------------------------------------------------------

class PracticeTree(Tree[str]):
    """Areas → goals → practices; each node's data is its id. Left/right collapse and expand.

    On a practice (a leaf), tab or → asks for its evidence (``ToEvidence``): one key to the table.
    """

    HELP_TITLE = "Tree of practices"

    BINDINGS = [
        Binding("right", "expand_or_down", "Expand, or go into it (on a practice: its evidence)", show=False),
        Binding("left", "collapse_or_up", "Collapse, or go to its parent", show=False),
        Binding("tab", "to_evidence", "Its evidence", key_display="tab/→",
                tooltip="Go to the evidence linked to this practice (u unlinks there)"),
    ]

    class ToEvidence(Message):
        """The user wants the evidence of the practice under the cursor."""

    def _on_practice(self) -> bool:
        node = self.cursor_node
        return node is not None and node.data is not None and not node.allow_expand

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "to_evidence":  # elsewhere tab moves the focus as usual
            return self._on_practice()
        return True

    @on(Tree.NodeHighlighted)
    def _moved(self) -> None:
        self.refresh_bindings()

    def action_to_evidence(self) -> None:
        if self._on_practice():
            self.post_message(self.ToEvidence())

    def action_expand_or_down(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if not node.children:
            self.action_to_evidence()
            return
        if node.is_expanded:
            self.move_cursor(node.children[0])
        else:
            node.expand()

    def action_collapse_or_up(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.is_expanded:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent)


class DetailPane(VerticalScroll):
    """The selected node in full. Focusable (↑↓ PgUp PgDn scroll it) only while it does not fit,
    so tab never stops on it for nothing."""

    def allow_focus(self) -> bool:
        return self.max_scroll_y > 0


# -- the evidence of one practice, per project ----------------------------------------------

@dataclass(frozen=True)
class EvidenceRow:
    """What a row of the table shows: a project and one of its linked items (None: nothing linked)."""

    project: str
    item: EvidenceItem | None


class LinkedEvidenceTable(DataTable[Text]):
    """One row per linked item, grouped by project; ``u`` asks to unlink the item under the cursor."""

    HELP_TITLE = "Linked evidence"

    BINDINGS = [Binding("u,delete", "unlink", "Unlink", tooltip="Remove this evidence link (asks first)")]

    @dataclass
    class Unlink(Message):
        project: str
        item: EvidenceItem

    def __init__(self, project_label: str = "Project", **kwargs: Any) -> None:
        super().__init__(cursor_type="row", **kwargs)
        self.targets: list[EvidenceRow] = []
        self.project_label = project_label

    def show(self, projects: list[str], values: dict[str, str | None], evidence: dict[str, list[EvidenceItem]],
             keep: tuple[str, int | None] | None = None) -> None:
        """Show ``evidence`` per project; put the cursor on ``keep`` (project, item id) when it is there."""
        if not self.columns:
            self.add_column(self.project_label, key="project")
            self.add_column("Value", key="value")
            self.add_column(Text.assemble("Evidence  (", ("A", KIND_STYLE["artifact"]), " artifact, ",
                                          ("F", KIND_STYLE["affirmation"]), " affirmation)"), key="evidence")
        self.clear()
        self.targets = []
        for code in projects:
            value = value_text(values.get(code), "··")
            items = evidence.get(code, [])
            if not items:
                self.add_row(Text(code, style="bold"), value, Text("no evidence linked", style="dim italic"))
                self.targets.append(EvidenceRow(code, None))
            for i, item in enumerate(items):
                self.add_row(Text(code if i == 0 else "", style="bold"), value if i == 0 else Text(""),
                             item_text(item))
                self.targets.append(EvidenceRow(code, item))
        if keep is not None:
            rows = [(t.project, t.item.id if t.item else None) for t in self.targets]
            if keep in rows:
                self.move_cursor(row=rows.index(keep), animate=False)
            elif (keep[0], None) not in rows and any(code == keep[0] for code, _i in rows):
                # the item went away: its project's first row
                self.move_cursor(row=[code for code, _i in rows].index(keep[0]), animate=False)
        self.refresh_bindings()

    def current(self) -> EvidenceRow | None:
        row = self.cursor_coordinate.row
        return self.targets[row] if 0 <= row < len(self.targets) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "unlink":
            current = self.current()
            return None if current is None or current.item is None else True
        return True

    @on(DataTable.RowHighlighted)
    def _moved(self) -> None:
        self.refresh_bindings()

    def action_unlink(self) -> None:
        current = self.current()
        if current is None or current.item is None:
            self.app.bell()
            return
        self.post_message(self.Unlink(current.project, current.item))


# -- dialogs ---------------------------------------------------------------------------------

class LinkFilter(Input):
    """The link dialog's filter: Enter links the highlighted item (said in the footer)."""

    BINDINGS = [Binding("enter", "submit", "Link", tooltip="Link the highlighted item")]


class LinkEvidenceDialog(TypedTextDialog[tuple[int, str] | None]):
    """Pick a project (or all) and an evidence item; type to filter the items by title.

    Returns (evidence id, project code or ``ALL_PROJECTS``).
    """

    # the look of the app's .dialog, without its class (the app's rules would win over these)
    DEFAULT_CSS = """
    LinkEvidenceDialog #link-dialog {
        width: 90%; max-width: 110; height: 80%; min-height: 14; max-height: 100%;
        background: $surface; border: thick $primary; padding: 0 1;
    }
    LinkEvidenceDialog #link-projects-row { height: auto; }
    LinkEvidenceDialog #link-projects-row Label { padding: 0 1 0 0; }
    LinkEvidenceDialog #link-projects { width: 1fr; }
    LinkEvidenceDialog #link-items { height: 1fr; }
    LinkEvidenceDialog #link-count { margin-top: 1; }
    """

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


# -- the view --------------------------------------------------------------------------------

class PracticesScreen(AppraisalScreen):
    """The model's structure with ratings; the selected practice's evidence, notes and findings."""

    VIEW_TITLE = "Practices"

    DEFAULT_CSS = """
    PracticesScreen #practices-body { height: 1fr; }
    PracticesScreen #practices-left { width: 48; max-width: 45%; border-right: vkey $primary 40%; }
    PracticesScreen #practice-tree { height: 1fr; overflow-x: hidden; scrollbar-size-vertical: 1; }
    PracticesScreen #practices-legend { height: auto; padding: 0 1; }
    PracticesScreen #practice-detail { width: 1fr; padding: 0 1; }
    PracticesScreen #practice-detail:focus { background: $boost; }
    PracticesScreen #practice-detail > * { margin-bottom: 1; }
    PracticesScreen #practice-evidence { height: auto; }
    """

    BINDINGS = [
        Binding("l", "link", "Link evidence", tooltip="Link an evidence item to this practice"),
        Binding("t", "focus_tree", "Tree", tooltip="Back to the tree of practices"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._node_of: dict[str, TreeNode[str]] = {}
        #: "area", "goal" or "practice", per node id.
        self._kind_of: dict[str, str] = {}
        self._results: dict[str, Any] = {}
        self._findings: list[Finding] = []
        self._shown: str | None = None
        self._pending_target: str | None = None
        self._keep_row: tuple[str, int | None] | None = None

    def body(self) -> ComposeResult:
        with Horizontal(id="practices-body"):
            with Vertical(id="practices-left"):
                tree = PracticeTree("Process areas", id="practice-tree")
                tree.show_root = False
                tree.auto_expand = True
                yield tree
                legend = self.appraisal.view.practices_legend  # the scheme's own, or the goals' marks
                yield Static(Text.assemble(*legend) if legend else self._legend(),
                             id="practices-legend", classes="hint")
            # focusable only when it has something to scroll: tab from the tree goes to the evidence
            with DetailPane(id="practice-detail"):
                yield Static(id="detail-summary")
                yield LinkedEvidenceTable(self.appraisal.view.words.unit.capitalize(), id="practice-evidence")
                yield Static(id="detail-notes")
                yield Static(id="detail-findings")

    @staticmethod
    def _legend() -> Text:
        def mark(rating: str) -> tuple[str, str]:
            return RATING_MARK[rating], RATING_STYLE.get(rating, "")

        return Text.assemble(mark("satisfied"), " satisfied  ", mark("unsatisfied"), " unsatisfied  ",
                             mark("not_applicable"), " n/a\n", mark("pending"), " to decide  ", mark("not_rated"),
                             " not rated  ", ("*", "dim"), " decided")

    @property
    def tree(self) -> PracticeTree:
        return self.query_one(PracticeTree)

    @property
    def evidence_table(self) -> LinkedEvidenceTable:
        return self.query_one(LinkedEvidenceTable)

    # -- data ------------------------------------------------------------------------------
    def refresh_data(self) -> None:
        rating = self.rating()
        self._findings = self.appraisal.findings.all()
        self._results = {}
        for area in rating.areas:
            self._results[area.id] = area
            for goal in area.goals:
                self._results[goal.id] = goal
                for practice in goal.practices:
                    if practice.id != goal.id:  # an ISO/IEC 33020 attribute's own cell: its goal node shows it
                        self._results[practice.id] = practice
        if not self._node_of:
            self._build_tree(rating)
        self._label_nodes()
        if self._pending_target is not None:
            target, self._pending_target = self._pending_target, None
            self.select_target(target)
        elif self._shown is not None:
            self._show(self._shown)
        elif rating.areas:
            first = rating.areas[0].id
            self._show(first)
            self.call_after_refresh(self.tree.move_cursor, self._node_of[first])

    def _build_tree(self, rating: Any) -> None:
        tree = self.tree
        for area in rating.areas:
            area_node = tree.root.add(area.id, data=area.id)
            self._node_of[area.id], self._kind_of[area.id] = area_node, "area"
            for goal in area.goals:
                goal_node = area_node.add(goal.id, data=goal.id)
                self._node_of[goal.id], self._kind_of[goal.id] = goal_node, "goal"
                for practice in goal.practices:
                    if practice.id == goal.id:  # an attribute's rating: the attribute's node shows it
                        continue
                    self._node_of[practice.id] = goal_node.add_leaf(practice.id, data=practice.id)
                    self._kind_of[practice.id] = "practice"

    def _label_nodes(self) -> None:
        framework = self.appraisal.framework
        for node_id, node in self._node_of.items():
            result = self._results.get(node_id)
            if result is None:
                continue
            kind = self._kind_of[node_id]
            if kind == "area":
                node.set_label(Text.assemble(rating_mark(result.rating), " ", (node_id, "bold"), " ",
                                             short_title(framework.area(node_id).title)))
                continue
            if kind == "goal":
                goal = framework.goal(node_id)
                node.set_label(Text.assemble(rating_mark(result.rating), " ", (local_id(node_id, goal.area), "bold"),
                                             " ", short_title(goal.title)))
                continue
            practice = framework.practice(node_id)
            node.set_label(Text.assemble(practice_mark(result), " ", local_id(node_id, practice.area), " ",
                                         (short_title(practice.title), "dim" if result.ou is None else "")))

    # -- selecting -------------------------------------------------------------------------
    def select_target(self, target: str) -> None:
        """Select and show a practice, goal or process area (the palette and the matrix's Enter call this)."""
        if not self._node_of:
            self._pending_target = target
            return
        canonical = self.appraisal.framework.canonical(target) or target
        node = self._node_of.get(canonical)
        if node is None:
            self.notify(f"{target} is not in this appraisal's scope", severity="warning")
            return
        tree = self.tree
        parent = node.parent
        while parent is not None and parent is not tree.root:
            parent.expand()
            parent = parent.parent
        self._show(canonical)
        tree.focus()
        self._cursor_to(node)
        self.call_after_refresh(self._cursor_to, node)  # again once the tree has laid out its new lines

    def _cursor_to(self, node: TreeNode[str]) -> None:
        tree = self.tree
        if tree.cursor_node is node:
            return
        tree.last_line  # noqa: B018 - reading it lays out the lines, so the node knows its line
        tree.move_cursor(node)
        tree.scroll_to_node(node, animate=False)

    @on(Tree.NodeHighlighted, "#practice-tree")
    def _highlighted(self, event: Tree.NodeHighlighted[str]) -> None:
        if event.node.data is not None and event.node.data != self._shown:
            self._show(event.node.data)

    @on(Tree.NodeSelected, "#practice-tree")
    def _selected(self, event: Tree.NodeSelected[str]) -> None:
        if event.node.data is not None and self._kind_of.get(event.node.data) == "practice":
            # enter on a practice: to its evidence
            self._show(event.node.data)
            self.evidence_table.focus()

    @on(PracticeTree.ToEvidence)
    def action_focus_evidence(self) -> None:
        if self._practice_shown() is not None:
            self.evidence_table.focus()

    def action_focus_tree(self) -> None:
        self.tree.focus()

    # -- the detail --------------------------------------------------------------------------
    def _show(self, node_id: str) -> None:
        changed = node_id != self._shown
        self._shown = node_id
        result = self._results.get(node_id)
        if result is None:
            return
        kind = self._kind_of[node_id]
        self.evidence_table.display = kind == "practice"
        self.query_one("#detail-notes", Static).display = kind == "practice"
        if kind == "practice":
            self._show_practice(node_id, result, keep_cursor=not changed)
        elif kind == "area":
            self._show_area(node_id, result)
        else:
            self._show_goal(node_id, result)
        if changed:
            self.query_one("#practice-detail", VerticalScroll).scroll_home(animate=False)
        self.refresh_bindings()

    def _show_practice(self, practice_id: str, result: Any, keep_cursor: bool) -> None:
        appraisal = self.appraisal
        framework = appraisal.framework
        practice = framework.practice(practice_id)
        goal = framework.goal(practice.goal)
        area = framework.area(practice.area)
        summary = Text.assemble((practice_id, "bold"), "  ", (practice.title, "bold"), "\n",
                                (f"{goal.id} {goal.title} · {area.id} {area.title}", "dim"), "\n\n",
                                ou_line(result), "\n", (result.rule, "dim"))
        if result.decided and getattr(result, "rationale", ""):
            summary.append("\nWhy: ", style="bold")
            summary.append(result.rationale)
        self.query_one("#detail-summary", Static).update(summary)

        table = self.evidence_table
        keep = self._keep_row
        if keep is None and keep_cursor and (current := table.current()) is not None:
            keep = (current.project, current.item.id if current.item else None)
        self._keep_row = None
        table.show(appraisal.info.projects, result.instances, appraisal.evidence.for_practice(practice_id), keep)
        if not keep:
            table.move_cursor(row=0, animate=False)

        notes = appraisal.cells.notes_for(practice_id)
        text = Text("Notes\n", style="bold")
        if notes:
            for i, code in enumerate(c for c in appraisal.info.projects if c in notes):
                text.append("\n" if i else "")
                text.append(f"{code}: ", style="bold")
                text.append(notes[code])
        else:
            text.append("No notes in any project.", style="dim")
        self.query_one("#detail-notes", Static).update(text)

        findings = [f for f in self._findings
                    if f.practice == practice_id or (f.practice is None and f.area == practice.area)]
        self.query_one("#detail-findings", Static).update(finding_lines(
            findings, f"None recorded for {practice_id} or {practice.area} (Findings view, F7)."))

    def _rating_block(self, result: Any) -> Text:
        text = Text.assemble(("Rating: ", "bold"), rating_text(result.rating), "\n", (result.rule, "dim"))
        if result.blocked_by:
            text.append("\nHeld back by: ", style="bold")
            text.append(", ".join(result.blocked_by), style="yellow")
        return text

    def _show_area(self, area_id: str, result: Any) -> None:
        area = self.appraisal.framework.area(area_id)
        head = Text.assemble((area_id, "bold"), "  ", (area.title, "bold"))
        if area.maturity_level is not None:
            head.append(f"\nMaturity level {area.maturity_level}", style="dim")
        goals = Table(box=None, show_header=False, padding=(0, 1), expand=False)
        goals.add_column(no_wrap=True)
        goals.add_column(no_wrap=True, style="bold")
        goals.add_column()
        goals.add_column(no_wrap=True)
        for goal in result.goals:
            goals.add_row(rating_mark(goal.rating), goal.id, self.appraisal.framework.goal(goal.id).title,
                          rating_text(goal.rating))
        self._update_summary(head, self._rating_block(result), Text(self.appraisal.view.words.goals_title, style="bold"), goals)
        findings = [f for f in self._findings if f.area == area_id]
        self.query_one("#detail-findings", Static).update(finding_lines(
            findings, f"None recorded for {area_id} (Findings view, F7)."))

    def _show_goal(self, goal_id: str, result: Any) -> None:
        framework = self.appraisal.framework
        goal = framework.goal(goal_id)
        area = framework.area(goal.area)
        head = Text.assemble((goal_id, "bold"), "  ", (goal.title, "bold"), "\n", (f"{area.id} {area.title}", "dim"))
        practices = Table(box=None, show_header=False, padding=(0, 1), expand=False)
        practices.add_column(no_wrap=True)
        practices.add_column(no_wrap=True, style="bold")
        practices.add_column()
        for practice in result.practices:
            practices.add_row(practice_mark(practice), practice.id, framework.practice(practice.id).title)
        heading = self.appraisal.view.words.practices_heading
        self._update_summary(head, self._rating_block(result), Text(heading, style="bold"), practices)
        ids = {p.id for p in result.practices}
        findings = [f for f in self._findings if f.area == goal.area and (f.practice is None or f.practice in ids)]
        self.query_one("#detail-findings", Static).update(finding_lines(
            findings, f"None recorded for the practices of {goal_id} or for {goal.area} (Findings view, F7)."))

    def _update_summary(self, *parts: RenderableType) -> None:
        spaced: list[RenderableType] = []
        for part in parts:
            if spaced:
                spaced.append(Text(""))
            spaced.append(part)
        self.query_one("#detail-summary", Static).update(Group(*spaced))

    # -- linking and unlinking -----------------------------------------------------------------
    def _practice_shown(self) -> str | None:
        return self._shown if self._shown is not None and self._kind_of.get(self._shown) == "practice" else None

    def _practice_to_link(self) -> str | None:
        """From the tree: the practice under its cursor, which a key typed right after a move reaches
        before the detail has caught up; elsewhere the practice shown."""
        if self.is_mounted and self.query(PracticeTree) and self.focused is self.tree:
            node = self.tree.cursor_node
            data = node.data if node is not None else None
            return data if data is not None and self._kind_of.get(data) == "practice" else None
        return self._practice_shown()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "link":
            return self._practice_to_link() is not None
        if action == "focus_tree":  # shown where it helps: away from the tree
            return self.is_mounted and bool(self.query(PracticeTree)) and not self.tree.has_focus
        return True

    def action_link(self) -> None:
        practice = self._practice_to_link()
        if practice is None:
            return
        appraisal = self.appraisal
        linked = {code: {item.id for item in items} for code, items in appraisal.evidence.for_practice(practice).items()}
        table = self.evidence_table
        current = table.current() if table.has_focus else None
        project = current.project if current is not None else ALL_PROJECTS

        def chosen(result: tuple[int, str] | None) -> None:
            if result is not None:
                self._link(practice, *result)

        self.app.push_screen(LinkEvidenceDialog(practice, list(appraisal.info.projects), appraisal.evidence.items(),
                                                linked, project, appraisal.view.words.unit), chosen)

    def _link(self, practice: str, evidence_id: int, project: str) -> None:
        appraisal = self.appraisal
        projects = list(appraisal.info.projects) if project == ALL_PROJECTS else [project]
        made: list[str] = []
        try:
            for code in projects:
                if appraisal.evidence.link(evidence_id, practice, code, link=True):
                    made.append(code)
        except AppraiseError as exc:
            self.appraise.fail(exc)
            if made:
                self.appraise.changed()  # what was linked before the failure is saved: show it
            return
        title = next((i.title for i in appraisal.evidence.items() if i.id == evidence_id), f"#{evidence_id}")
        if not made:
            self.notify(f"“{title}” was already linked to {practice} there.", title="Nothing to link")
            return
        self._keep_row = (made[0], evidence_id)
        self.notify(f"“{title}” → {practice} in {', '.join(made)}", title="Evidence linked")
        self.appraise.changed()

    @on(LinkedEvidenceTable.Unlink)
    def _unlink_asked(self, event: LinkedEvidenceTable.Unlink) -> None:
        practice = self._practice_shown()
        if practice is None:
            return
        item, project = event.item, event.project
        question = Text.assemble("Unlink ", (item.title, "bold"), f" ({item.kind}) from ", (practice, "bold"),
                                 " in ", (project, "bold"), "?\nThe item stays in the evidence list.")

        def answered(yes: bool | None) -> None:
            if yes:
                self._unlink(practice, item, project)

        self.app.push_screen(ConfirmDialog("Unlink evidence", question, "Unlink"), answered)

    def _unlink(self, practice: str, item: EvidenceItem, project: str) -> None:
        try:
            done = self.appraisal.evidence.link(item.id, practice, project, link=False)
        except AppraiseError as exc:
            self.appraise.fail(exc)
            return
        if done:
            self._keep_row = (project, None)
            self.notify(f"“{item.title}” unlinked from {practice} in {project}", title="Evidence unlinked")
            self.appraise.changed()
