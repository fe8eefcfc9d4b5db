"""Rating: the roll-up as a tree (level → process areas → goals → practices) and the team's decisions.

The screen renders the neutral rating tree (``appraise.schemes.tree``) node by
node, by kind; it never asks which scheme made it. Every node shows its
rating; the panel beside the tree gives the selected node's rule and what
blocks it in full. Below, the decisions: pending ones
first, then stale ones, then those that stand. ``d`` (or Enter on a
decision or a practice) opens the decision dialog, which offers only the
values the method allows.

How a node is worded (its line, its Selected panel) is in ``rating_detail``; the decisions table's rows and
columns in ``rating_decisions``.
"""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Static, Tree
from textual.widgets.tree import TreeNode

from appraise.services import DecisionRecord, PendingDecision, RatingNode, RatingTree
from appraise.tui.screens.base import AppraisalScreen
from appraise.tui.screens.decision import decision_word, latest_decisions, open_decision, when_text
from appraise.tui.screens.rating_decisions import decision_rows, show_decision_rows
from appraise.tui.screens.rating_detail import level_detail, level_style, node_detail, node_label

#: Tree node data: ``None`` for the level, else the id of the area, goal or practice.
NodeData = str | None

#: Kinds of node that stand for a group of cells in the roll-up (a goal, a process attribute).
GROUPS = ("goal", "attribute")
#: Kinds of node shown as a leaf: a rated cell, a consistency check.
LEAVES = ("practice", "clause", "check")


class RatingScreen(AppraisalScreen):
    """The rating roll-up with rules and blockers, and the decisions the team has made or still owes."""

    VIEW_TITLE = "Rating"
    BINDINGS = [
        Binding("d", "decide", "Decide", tooltip="Record the team's decision on the selected item"),
        Binding("n", "next_pending", "Next pending", tooltip="Go to the next decision the team still owes"),
    ]

    CSS_PATH = "rating.tcss"

    #: ``-short`` (under 36 lines): the head and the decisions shrink so the roll-up keeps the height.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (36, "-tall")]

    def __init__(self) -> None:
        super().__init__()
        self._rating: RatingTree | None = None
        self._results: dict[str, RatingNode] = {}
        self._tree_nodes: dict[str, TreeNode[NodeData]] = {}
        self._structure: list[str] = []
        self._latest: dict[str, DecisionRecord] = {}
        self._stale: dict[str, PendingDecision] = {}
        self._pending: list[str] = []
        self._ratings: dict[str, str] = {}
        self._id_width = 0
        #: the decisions table's width its columns were fitted to
        self._decisions_width = 0

    def body(self) -> ComposeResult:
        with Vertical(id="rating-head"):
            yield Static(id="rating-level")
            yield Static(id="rating-rule", classes="hint")
        with Horizontal(id="rating-main"):
            yield Tree[NodeData]("Rating", id="rating-tree")
            with VerticalScroll(id="rating-side"):
                yield Static(id="rating-detail")
        yield DataTable[Text](id="rating-decisions", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        tree = self.query_one(Tree)
        tree.border_title = "Roll-up  (space: open/close)"
        tree.focus()
        self.query_one("#rating-side").border_title = "Selected"
        # AppraisalScreen.on_mount runs next (Textual calls each class's handler): it fills the view

    @property
    def roll_up(self) -> Tree[NodeData]:
        return self.query_one("#rating-tree", Tree)

    # -- data ------------------------------------------------------------------------------
    def refresh_data(self) -> None:
        rating = self._rating = self.rating_tree()
        self._latest = latest_decisions(self.appraisal.decisions.all())
        self._stale = {d.target: d for d in rating.stale}
        self._pending = [d.target for d in rating.pending]
        self._results = {}
        structure: list[str] = []
        for node in self._roll_up_nodes(rating):
            self._results[node.id] = node
            structure.append(node.id)
        self._id_width = max((len(p) for p in self.appraisal.practices), default=0)
        words = rating.extra
        mark = f"  ({words['decided_mark']} team decision)" if words.get("decided_mark") else ""
        self.roll_up.border_subtitle = f"{words.get('units_word', '')}: {' '.join(rating.units)} │ " \
                                       f"{words.get('aggregate_word', '')}{mark}"
        if structure != self._structure:
            self._build_tree(rating)
            self._structure = structure
        else:
            self._update_tree(rating)
        self._show_level()
        self._fill_decisions()
        self._show_detail(self._selected_target())

    @staticmethod
    def _roll_up_nodes(rating: RatingTree) -> list[RatingNode]:
        """The nodes the roll-up shows, in order: areas, their groups and checks, the groups' cells."""
        out: list[RatingNode] = []
        for area in rating.areas:
            out.append(area)
            for child in area.children:
                out.append(child)
                out += _cells(child)
        return out

    def _headline(self) -> tuple[str, str]:
        lines = self._rating.headline if self._rating is not None else ()
        return (lines[0] if lines else "", lines[1] if len(lines) > 1 else "")

    def _level(self) -> RatingNode | None:
        return self._rating.level if self._rating is not None else None

    def _label(self, target: NodeData) -> Text:
        if target is None:
            return Text(self._headline()[0], style=level_style(self._level()))
        decided = "*" if target in self._latest and target not in self._stale else ""
        return node_label(self._results[target], decided, self._id_width,
                          self._rating.units if self._rating is not None else ())

    def _build_tree(self, rating: RatingTree) -> None:
        tree = self.roll_up
        tree.clear()
        tree.root.data = None
        tree.root.set_label(self._label(None))
        self._tree_nodes = {}
        for area in rating.areas:
            area_node = tree.root.add(self._label(area.id), data=area.id, expand=True)
            self._tree_nodes[area.id] = area_node
            for child in area.children:
                if child.kind not in GROUPS:  # a consistency check: a leaf of its process
                    self._tree_nodes[child.id] = area_node.add_leaf(self._label(child.id), data=child.id)
                    continue
                group = area_node.add(self._label(child.id), data=child.id, expand=child.attention)
                self._tree_nodes[child.id] = group
                for cell in _cells(child):
                    self._tree_nodes[cell.id] = group.add_leaf(self._label(cell.id), data=cell.id)
        tree.root.expand()
        self._ratings = _ratings(rating)

    def _update_tree(self, rating: RatingTree) -> None:
        """Same structure: relabel every node, open the goals whose rating just changed for the worse."""
        self.roll_up.root.set_label(self._label(None))
        for target, node in self._tree_nodes.items():
            node.set_label(self._label(target))
        for area in rating.areas:
            for group in area.children:
                if group.kind in GROUPS and self._ratings.get(group.id) != group.value and group.attention:
                    self._tree_nodes[area.id].expand()
                    self._tree_nodes[group.id].expand()
        self._ratings = _ratings(rating)

    def _show_level(self) -> None:
        line, rule = self._headline()
        level_node = self._level()
        level = Text(line, style=level_style(level_node))
        if level_node is not None and level_node.blocked_by:
            level.append("\nBlocked by: ", style="yellow")
            level.append(", ".join(level_node.blocked_by))
        pending = len(self._pending)
        if pending:
            what = str(self._rating.extra.get("pending_word", "decision")) if self._rating is not None else "decision"
            level.append(f"\n{pending} {what}{'s' if pending != 1 else ''} pending: ", style="bold yellow")
            level.append(", ".join(self._pending[:6]) + (", …" if pending > 6 else ""))
            level.append("  (n: go to the next, d: decide)", style="dim")
        self.query_one("#rating-level", Static).update(level)
        self.query_one("#rating-rule", Static).update(Text(rule, style="dim"))

    def _fill_decisions(self) -> None:
        table = self.query_one("#rating-decisions", DataTable)
        selected = self._table_target()
        pending = {d.target: d for d in self._rating.pending} if self._rating is not None else {}
        scale = {v.id: v.title for v in self.appraisal.framework.scale.values}
        rows = decision_rows(pending, self._stale, self._latest, scale)
        available = (table.size.width or self.app.size.width - 2) - table.styles.scrollbar_size_vertical
        self._decisions_width = table.size.width
        show_decision_rows(table, rows, available)
        counts = f"{len(pending)} pending, {len(self._stale)} stale, {len(self._latest)} recorded"
        table.border_title = f"Decisions — {counts}  (Enter or d: decide)"
        if selected is not None:
            keys = [row.key.value for row in table.ordered_rows]
            if selected in keys:
                table.move_cursor(row=keys.index(selected), animate=False)

    # -- the selected node -----------------------------------------------------------------
    def _table_target(self) -> str | None:
        table = self.query_one("#rating-decisions", DataTable)
        if not table.row_count:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return row_key.value

    def _tree_target(self) -> NodeData:
        node = self.roll_up.cursor_node
        return None if node is None else node.data

    def _selected_target(self) -> NodeData:
        if self.focused is self.query_one("#rating-decisions", DataTable):
            return self._table_target()
        return self._tree_target()

    def _show_detail(self, target: NodeData) -> None:
        detail = self.query_one("#rating-detail", Static)
        if target is None or target not in self._results:
            detail.update(level_detail(*self._headline(), self._level()))
            return
        node = self._results[target]
        parts: list[Any] = node_detail(node)
        record = self._latest.get(target)
        if record is not None:
            scale = {v.id: v.title for v in self.appraisal.framework.scale.values}
            decision = Text.assemble(("\nTeam decision\n", "bold"), (decision_word(record.value, scale), "bold"),
                                     f" — {record.decided_by}, {when_text(record.decided_at)}\n", record.rationale)
            if target in self._stale:
                decision.append(f"\nStale: {self._stale[target].why}", style="bold red")
            parts.append(decision)
        detail.update(Group(*parts))

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit_decisions)

    def _fit_decisions(self) -> None:
        if self._rating is not None and \
                self.query_one("#rating-decisions", DataTable).size.width != self._decisions_width:
            self._fill_decisions()

    @on(Tree.NodeHighlighted)
    def _node_highlighted(self, event: Tree.NodeHighlighted[NodeData]) -> None:
        self._show_detail(event.node.data)

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.focused is event.data_table:
            self._show_detail(event.row_key.value)

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            open_decision(self.appraise, event.row_key.value)

    @on(Tree.NodeSelected)
    def _node_selected(self, event: Tree.NodeSelected[NodeData]) -> None:
        # Enter on a practice decides it (on an area or a goal it opens or closes the node)
        if event.node.data is not None and not event.node.allow_expand:
            open_decision(self.appraise, event.node.data)

    def on_descendant_focus(self) -> None:
        self._show_detail(self._selected_target())

    # -- actions -----------------------------------------------------------------------------
    def action_decide(self) -> None:
        target = self._selected_target()
        if target is None:
            words = self.appraisal.view.words
            pending = len(self._rating.pending) if self._rating is not None else 0
            where = f" ({pending} pending: n goes to the next)" if pending else ""
            self.notify(f"Select a {words.practice}, one of its {words.goals_title.lower()} or a {words.area} to "
                        f"decide on{where}.", title="Nothing to decide", severity="warning")
            return
        open_decision(self.appraise, target)

    def action_next_pending(self) -> None:
        if not self._pending:
            self.notify("The team owes no decision.", title="No pending decisions")
            return
        current = self._tree_target()
        following = self._pending.index(current) + 1 if current in self._pending else 0
        self.select_target(self._pending[following % len(self._pending)])

    def select_target(self, target: str) -> None:
        """Show ``target`` (area, goal or practice) in the tree (the command palette calls this)."""
        node = self._tree_nodes.get(target)
        if node is None:
            return
        parent = node.parent
        while parent is not None:
            parent.expand()
            parent = parent.parent
        tree = self.roll_up
        # focus and cursor move now, not after a refresh: a key typed next (d) acts on this node
        self.set_focus(tree)
        tree.get_node_at_line(0)  # lays out the lines the expanded parents added, so the node has its line
        tree.move_cursor(node)


def _cells(group: RatingNode) -> list[RatingNode]:
    """The cells a group shows: not the cell that stands for the group itself (an attribute's own rating)."""
    return [c for c in group.children if c.kind in LEAVES and c.id != group.id]


def _ratings(rating: RatingTree) -> dict[str, str | None]:
    return {a.id: a.value for a in rating.areas} | {g.id: g.value for a in rating.areas for g in a.children
                                                     if g.kind in GROUPS}
