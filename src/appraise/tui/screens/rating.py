"""Rating: the roll-up as a tree (level → process areas → goals → practices) and the team's decisions.

Every node shows its rating; the panel beside the tree gives the selected
node's rule and what blocks it in full. Below, the decisions: pending ones
first, then stale ones, then those that stand. ``d`` (or Enter on a
decision or a practice) opens the decision dialog, which offers only the
values the method allows.
"""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Static, Tree
from textual.widgets.tree import TreeNode

from appraise.services import DecisionRecord, aggregation_line, level_line
from appraise.tui.screens.base import AppraisalScreen
from appraise.tui.screens.decision import decision_word, latest_decisions, open_decision, when_text
from appraise.tui.style import ou_text, rating_text, value_text

#: Tree node data: ``None`` for the level, else the id of the area, goal or practice.
NodeData = str | None

#: The decisions table's columns (key, header); the rationale takes the width the others leave.
DECISION_COLUMNS = (("status", "Status"), ("target", "Target"), ("value", "Decision"), ("by", "By"),
                    ("when", "When"), ("why", "Rationale"))
#: The rationale column is never narrower than this: rather, the columns below make way (the Selected panel
#: says who decided and when).
MIN_WHY_WIDTH = 20
#: The columns left out, in this order, while the rationale would get fewer than MIN_WHY_WIDTH (80 columns).
OPTIONAL_COLUMNS = ("when", "by")


def _level_style(data: dict[str, Any]) -> str:
    if data["representation"] != "staged":  # the target is a capability level: no one colour says it
        return "bold"
    level = data["maturity_level"]
    if level is None:
        return "bold yellow"
    return "bold green" if level >= data["target"] else "bold red"


class RatingScreen(AppraisalScreen):
    """The rating roll-up with rules and blockers, and the decisions the team has made or still owes."""

    VIEW_TITLE = "Rating"
    BINDINGS = [
        Binding("d", "decide", "Decide", tooltip="Record the team's decision on the selected item"),
        Binding("n", "next_pending", "Next pending", tooltip="Go to the next decision the team still owes"),
    ]

    DEFAULT_CSS = """
    /* the look of the app's .panel, without its class: the app's rules would win over these */
    RatingScreen #rating-head {
        height: auto;
        border: round $primary 40%;
        padding: 0 1;
    }
    RatingScreen #rating-level, RatingScreen #rating-rule {
        height: auto;
    }
    /* a short terminal (80x24): the level and what is pending on two or three lines without a frame,
       the rule only in the Selected panel (the level's node), a smaller decisions table: the roll-up
       keeps most of the height */
    RatingScreen.-short #rating-head {
        border: none;
        padding: 0 1;
        max-height: 3;
        background: $boost;
    }
    RatingScreen.-short #rating-rule {
        display: none;
    }
    RatingScreen.-short #rating-decisions {
        max-height: 6;
    }
    RatingScreen #rating-main {
        height: 1fr;
    }
    RatingScreen #rating-tree {
        width: 3fr;
        overflow-x: hidden;
        border: round $primary 40%;
    }
    RatingScreen #rating-tree:focus {
        border: round $primary;
    }
    RatingScreen #rating-side {
        width: 2fr;
        border: round $primary 40%;
        padding: 0 1;
    }
    RatingScreen #rating-decisions {
        height: auto;
        max-height: 10;
        border: round $primary 40%;
    }
    RatingScreen #rating-decisions:focus {
        border: round $primary;
    }
    """

    #: ``-short`` (under 36 lines): the head and the decisions shrink so the roll-up keeps the height.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (36, "-tall")]

    def __init__(self) -> None:
        super().__init__()
        self._data: dict[str, Any] = {}
        self._results: dict[str, Any] = {}
        self._tree_nodes: dict[str, TreeNode[NodeData]] = {}
        self._structure: list[str] = []
        self._latest: dict[str, DecisionRecord] = {}
        self._stale: dict[str, dict[str, Any]] = {}
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
        if self.appraisal.is_process_assessment:
            tree.border_subtitle = f"ratings: {' '.join(self.appraisal.info.projects)} │ aggregate"
        else:
            tree.border_subtitle = f"practices: {' '.join(self.appraisal.info.projects)} │ OU  (* team decision)"
        tree.focus()
        self.query_one("#rating-side").border_title = "Selected"
        # AppraisalScreen.on_mount runs next (Textual calls each class's handler): it fills the view

    @property
    def roll_up(self) -> Tree[NodeData]:
        return self.query_one("#rating-tree", Tree)

    # -- data ------------------------------------------------------------------------------
    def refresh_data(self) -> None:
        rating = self.rating()
        self._data = rating.to_dict()
        self._latest = latest_decisions(self.appraisal.decisions.all())
        self._stale = {d["target"]: d for d in rating.stale_decisions}
        self._pending = [d["target"] for d in rating.pending_decisions]
        self._results = {}
        structure: list[str] = []
        for area in rating.areas:
            self._results[area.id] = area
            structure.append(area.id)
            for goal in area.goals:
                self._results[goal.id] = goal
                structure.append(goal.id)
                for practice in goal.practices:
                    if practice.id == goal.id:  # an attribute's own rating cell: the attribute stands for it
                        continue
                    self._results[practice.id] = practice
                    structure.append(practice.id)
            for hit in getattr(area, "consistency", ()):  # ISO/IEC 33020: consistency checks that fired
                self._results[hit.id] = hit
                structure.append(hit.id)
        self._id_width = max((len(p) for p in self.appraisal.practices), default=0)
        if structure != self._structure:
            self._build_tree(rating)
            self._structure = structure
        else:
            self._update_tree(rating)
        self._show_level()
        self._fill_decisions()
        self._show_detail(self._selected_target())

    def _label(self, target: NodeData) -> Text:
        framework = self.appraisal.framework
        if target is None:
            return Text(level_line(self._data), style=_level_style(self._data))
        result = self._results[target]
        decided = "*" if target in self._latest and target not in self._stale else ""
        if self.appraisal.is_process_assessment:
            return self._assessment_label(target, result)
        if hasattr(result, "goals"):  # a process area
            ml = f"  ML{result.maturity_level}" if result.maturity_level else ""
            if result.capability_rule is not None:  # continuous: the area's capability level
                at_least = result.capability_at_least or 0
                ml = "  CL " + (str(result.capability_level) if result.capability_level is not None
                                else f"≥{at_least}, not determined" if at_least else "not determined")
            return Text.assemble((result.id, "bold"), "  ", rating_text(result.rating), (decided, "dim"),
                                 "  ", framework.area(target).title, (ml, "dim"))
        if hasattr(result, "practices"):  # a goal
            return Text.assemble((result.id, "bold"), "  ", rating_text(result.rating), (decided, "dim"),
                                 "  ", framework.goal(target).title)
        values = Text(" ").join(value_text(v) for v in result.instances.values())
        return Text.assemble(result.id.ljust(self._id_width), "  ", values, (" │ ", "dim"), ou_text(result), "  ",
                             (framework.practice(target).title, "dim"))

    def _assessment_label(self, target: str, result: Any) -> Text:
        """ISO/IEC 33020 nodes: a process with its level, an attribute, a cell, a consistency hit."""
        framework = self.appraisal.framework
        if hasattr(result, "instance_levels"):  # a process
            cl = "CL " + (str(result.capability_level) if result.capability_level is not None else "?")
            style = "bold" if result.capability_level is not None else "dim"
            hits = [h for h in result.consistency if h.kind == "violation" and not h.justified]
            return Text.assemble((result.id, "bold"), "  ", (cl, style), "  ", framework.area(target).title,
                                 (f"  {len(hits)} open deviation{'s' if len(hits) != 1 else ''}" if hits else "",
                                  "bold yellow"))
        if hasattr(result, "proposal"):  # an attribute
            values = Text(" ").join(value_text(v) for v in result.instances.values())
            proposal = Text.assemble(("  proposal ", "dim"), Text(" ").join(
                value_text(result.proposal.get(p)) for p in result.instances)) if result.proposal else Text("")
            return Text.assemble((result.id, "bold"), "  ", values, (" │ ", "dim"), value_text(result.rating),
                                 proposal, "  ", (result.title, "dim"))
        if hasattr(result, "cells"):  # a consistency hit
            state = ("justified", "green") if result.justified else \
                ("open", "bold yellow") if result.kind == "violation" else ("warning", "yellow")
            return Text.assemble((result.id, "bold"), "  ", state, "  ",
                                 (", ".join(f"{c} {v}" for c, v in result.values.items()), "dim"))
        values = Text(" ").join(value_text(v) for v in result.instances.values())
        model = framework.practice(target)
        return Text.assemble(result.id.ljust(self._id_width), "  ", values, (" │ ", "dim"), ou_text(result), "  ",
                             (model.title or "", "dim"))

    def _build_tree(self, rating: Any) -> None:
        tree = self.roll_up
        tree.clear()
        tree.root.data = None
        tree.root.set_label(self._label(None))
        self._tree_nodes = {}
        for area in rating.areas:
            area_node = tree.root.add(self._label(area.id), data=area.id, expand=True)
            self._tree_nodes[area.id] = area_node
            for goal in area.goals:
                attention = goal.rating not in ("satisfied", "F") and area.rating != "not_applicable" \
                    and not self.appraisal.is_process_assessment
                goal_node = area_node.add(self._label(goal.id), data=goal.id, expand=attention)
                self._tree_nodes[goal.id] = goal_node
                for practice in goal.practices:
                    if practice.id == goal.id:  # an attribute's own rating: the attribute's node shows it
                        continue
                    self._tree_nodes[practice.id] = goal_node.add_leaf(self._label(practice.id), data=practice.id)
            for hit in getattr(area, "consistency", ()):
                self._tree_nodes[hit.id] = area_node.add_leaf(self._label(hit.id), data=hit.id)
        tree.root.expand()
        self._ratings = {a.id: a.rating for a in rating.areas} | {g.id: g.rating for a in rating.areas
                                                                  for g in a.goals}

    def _update_tree(self, rating: Any) -> None:
        """Same structure: relabel every node, open the goals whose rating just changed for the worse."""
        self.roll_up.root.set_label(self._label(None))
        for target, node in self._tree_nodes.items():
            node.set_label(self._label(target))
        for area in rating.areas:
            for goal in area.goals:
                before = self._ratings.get(goal.id)
                if before != goal.rating and goal.rating != "satisfied" and area.rating != "not_applicable" \
                        and not self.appraisal.is_process_assessment:
                    self._tree_nodes[area.id].expand()
                    self._tree_nodes[goal.id].expand()
        self._ratings = {a.id: a.rating for a in rating.areas} | {g.id: g.rating for a in rating.areas
                                                                  for g in a.goals}

    def _show_level(self) -> None:
        data = self._data
        level = Text(level_line(data), style=_level_style(data))
        if data.get("level_blocked_by"):
            level.append("\nBlocked by: ", style="yellow")
            level.append(", ".join(data["level_blocked_by"]))
        pending = len(self._pending)
        if pending:
            what = "deviation" if self.appraisal.is_process_assessment else "decision"
            level.append(f"\n{pending} {what}{'s' if pending != 1 else ''} pending: ", style="bold yellow")
            level.append(", ".join(self._pending[:6]) + (", …" if pending > 6 else ""))
            level.append("  (n: go to the next, d: decide)", style="dim")
        self.query_one("#rating-level", Static).update(level)
        self.query_one("#rating-rule", Static).update(Text(_level_rule(data), style="dim"))

    def _fill_decisions(self) -> None:
        table = self.query_one("#rating-decisions", DataTable)
        selected = self._table_target()
        pending = {d["target"]: d for d in self._data.get("pending_decisions", [])}
        scale = {v.id: v.title for v in self.appraisal.framework.scale.values}

        def word(value: Any) -> str:  # as the decision dialog words it
            return decision_word(str(value), scale)

        rows: list[tuple[str, list[Text]]] = []
        for target, d in pending.items():
            rows.append((target, [Text("pending", style="bold yellow"), Text(target, style="bold"),
                                  Text(" or ".join(word(o) for o in d["options"]) + "?", style="yellow"), Text(""),
                                  Text(""),
                                  Text("justify the deviation (AS4) or change a rating" if d["kind"] == "consistency"
                                       else "the team must choose", style="dim")]))
        for target, d in self._stale.items():
            if target in pending:
                continue
            record = self._latest.get(target)
            rows.append((target, [Text("stale", style="bold red"), Text(target, style="bold"),
                                  Text(word(d.get("value", ""))), Text(record.decided_by if record else ""),
                                  Text(when_text(record.decided_at) if record else ""),
                                  Text(d.get("why", ""), style="red")]))
        for target, record in self._latest.items():
            if target in pending or target in self._stale:
                continue
            rows.append((target, [Text("decided", style="green"), Text(target, style="bold"), Text(word(record.value)),
                                  Text(record.decided_by), Text(when_text(record.decided_at)),
                                  Text(_first_line(record.rationale))]))
        # the rationale gets what the other columns leave of the width, and ends in … if longer (the Selected
        # panel shows it whole); where that is too little, who and when make way: no sideways scrolling
        padding = 2 * table.cell_padding
        widths = {key: max([len(header)] + [cells[i].cell_len for _t, cells in rows])
                  for i, (key, header) in enumerate(DECISION_COLUMNS[:-1])}
        available = (table.size.width or self.app.size.width - 2) - table.styles.scrollbar_size_vertical
        shown = [key for key, _header in DECISION_COLUMNS[:-1]]
        for optional in OPTIONAL_COLUMNS:
            if available - sum(widths[k] + padding for k in shown) - padding >= MIN_WHY_WIDTH:
                break
            shown.remove(optional)
        why_width = max(MIN_WHY_WIDTH, available - sum(widths[k] + padding for k in shown) - padding)
        widths["why"] = why_width
        shown.append("why")
        self._decisions_width = table.size.width
        table.clear(columns=True)
        for key, header in DECISION_COLUMNS:
            if key in shown:
                table.add_column(header, key=key, width=widths[key])
        for target, cells in rows:
            cells[-1].overflow, cells[-1].no_wrap = "ellipsis", True
            table.add_row(*(cell for (key, _h), cell in zip(DECISION_COLUMNS, cells, strict=True) if key in shown),
                          key=target)
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
            data = self._data
            text = Text.assemble((level_line(data), _level_style(data)), "\n\n", ("Rule\n", "bold"),
                                 _level_rule(data))
            _blocked(text, data.get("level_blocked_by", []))
            detail.update(text)
            return
        framework = self.appraisal.framework
        result = self._results[target]
        parts: list[Any] = []
        if self.appraisal.is_process_assessment:
            parts = self._assessment_detail(target, result)
        elif hasattr(result, "goals"):  # a process area
            head = Text.assemble((target, "bold"), "  ", framework.area(target).title, "\n",
                                 rating_text(result.rating))
            if result.maturity_level:
                head.append(f"   maturity level {result.maturity_level}", style="dim")
            parts.append(head)
            rule = Text.assemble(("\nRule\n", "bold"), result.rule)
            _blocked(rule, result.blocked_by)
            if result.capability_rule is not None:  # continuous: what holds the capability level back
                rule.append("\n\n" + result.capability_rule)
                _blocked(rule, result.capability_blocked_by)
            parts.append(rule)
            if framework.area(target).may_be_not_applicable:
                parts.append(Text("\nd: decide whether the area applies to the organizational unit", style="dim"))
        elif hasattr(result, "practices"):  # a goal
            parts.append(Text.assemble((target, "bold"), "  ", framework.goal(target).title, "\n",
                                       rating_text(result.rating)))
            rule = Text.assemble(("\nRule\n", "bold"), result.rule)
            _blocked(rule, result.blocked_by)
            parts.append(rule)
            if result.rating in ("satisfied", "unsatisfied", "pending") and any(
                    p.ou == "LI" for p in result.practices):  # only then is there a weakness to judge
                parts.append(Text("\nd: record whether the weaknesses are significant for the goal", style="dim"))
        else:  # a practice
            parts.append(Text.assemble((target, "bold"), "  ", framework.practice(target).title))
            values = Table.grid(padding=(0, 2))
            values.add_column(style="bold", no_wrap=True)
            values.add_column()
            for code, value in result.instances.items():
                values.add_row(code, value_text(value, "not characterized"))
            values.add_row("OU", ou_text(result))
            parts += [Text(""), values]
            rule = Text.assemble(("\nRule\n", "bold"), result.rule)
            if result.options and not result.decided:
                rule.append(f"\nPending: the team chooses {' or '.join(result.options)} (d: decide)",
                            style="bold yellow")
            parts.append(rule)
        record = self._latest.get(target)
        if record is not None:
            scale = {v.id: v.title for v in framework.scale.values}
            decision = Text.assemble(("\nTeam decision\n", "bold"), (decision_word(record.value, scale), "bold"),
                                     f" — {record.decided_by}, {when_text(record.decided_at)}\n", record.rationale)
            if target in self._stale:
                decision.append(f"\nStale: {self._stale[target].get('why', '')}", style="bold red")
            parts.append(decision)
        detail.update(Group(*parts))

    def _assessment_detail(self, target: str, result: Any) -> list[Any]:
        """ISO/IEC 33020: what a process, an attribute, a cell or a consistency hit rests on."""
        framework = self.appraisal.framework
        parts: list[Any] = []
        if hasattr(result, "instance_levels"):  # a process
            cl = "not rated" if result.capability_level is None else f"capability level {result.capability_level}"
            parts.append(Text.assemble((target, "bold"), "  ", framework.area(target).title, "\n", (cl, "bold")))
            rule = Text.assemble(("\nRule\n", "bold"), result.rule)
            _blocked(rule, result.blocked_by)
            parts.append(rule)
            levels = Table.grid(padding=(0, 2))
            levels.add_column(style="bold", no_wrap=True)
            levels.add_column()
            for code, level in result.instance_levels.items():
                levels.add_row(code, Text("not rated" if level is None else f"CL {level}",
                                          style="dim" if level is None else ""))
            parts += [Text("\nCapability level per instance", style="bold"), levels]
        elif hasattr(result, "proposal"):  # an attribute
            parts.append(Text.assemble((target, "bold"), "  ", result.title, f"  (CL {result.level})"))
            values = Table.grid(padding=(0, 2))
            values.add_column(style="bold", no_wrap=True)
            values.add_column()
            values.add_column()
            for code, value in result.instances.items():
                proposal = result.proposal.get(code)
                values.add_row(code, value_text(value, "not rated"),
                               Text.assemble(("proposal ", "dim"), value_text(proposal, "—")) if proposal else "")
            values.add_row("Aggregate", value_text(result.rating, "not rated"), "")
            parts += [Text(""), values, Text.assemble(("\nRule\n", "bold"), result.rule)]
            for code, rule in result.proposal_rule.items():
                parts.append(Text(f"{code}: {rule}", style="dim"))
            _blocked(parts[-1] if isinstance(parts[-1], Text) else Text(), result.missing)
        elif hasattr(result, "cells"):  # a consistency hit
            state = "justified" if result.justified else "open: needs a justification (d)" \
                if result.kind == "violation" else "warning: review the ratings (no justification needed)"
            parts.append(Text.assemble((target, "bold"), "\n", (state, "bold yellow" if not result.justified else
                                                                   "green")))
            cells = Table.grid(padding=(0, 2))
            cells.add_column(style="bold", no_wrap=True)
            cells.add_column()
            for cell, value in result.values.items():
                cells.add_row(cell, value_text(value))
            parts += [Text.assemble(("\nRule\n", "bold"), result.rule), Text(""), cells,
                      Text("\nA hit never changes a rating: change one, or record why the deviation is justified.",
                           style="dim")]
        else:  # a cell
            model = framework.practice(target)
            parts.append(Text.assemble((target, "bold"), "  ", model.title or ""))
            values = Table.grid(padding=(0, 2))
            values.add_column(style="bold", no_wrap=True)
            values.add_column()
            for code, value in result.instances.items():
                values.add_row(code, value_text(value, "not rated"))
            parts += [Text(""), values, Text.assemble(("\nRule\n", "bold"), result.rule)]
        return parts

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit_decisions)

    def _fit_decisions(self) -> None:
        if self._data and self.query_one("#rating-decisions", DataTable).size.width != self._decisions_width:
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
            self.notify("Select a practice, goal or process area to decide on.", title="Nothing to decide",
                        severity="warning")
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


def _level_rule(data: dict[str, Any]) -> str:
    """The rule behind the level line (ISO/IEC 33020: the aggregation and the organizational maturity)."""
    if data.get("scheme") == "iso-33020":
        om = data.get("organizational_maturity")
        lines = [aggregation_line(data), data["rating_method"]]
        lines.append(om["rule"] if om else data.get("organizational_maturity_note") or "No maturity model attached.")
        return "\n".join(lines)
    return data.get("level_rule") or ""


def _blocked(text: Text, blocked_by: list[str]) -> None:
    if blocked_by:
        text.append("\nBlocked by\n", style="bold yellow")
        text.append(", ".join(blocked_by))


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""
