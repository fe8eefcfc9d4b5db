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

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static, Tree
from textual.widgets.tree import TreeNode

from appraise.errors import AppraiseError
from appraise.services import EvidenceItem, Finding, RatingNode, RatingTree
from appraise.tui.messages import AppraisalChanged, Refused
from appraise.tui.screens.base import AppraisalScreen
from appraise.tui.screens.confirm import ConfirmDialog
from appraise.tui.screens.practice_detail import DetailPane, finding_lines, ou_line
from appraise.tui.style import RATING_STYLE, rating_text
from appraise.tui.widgets.link_evidence_dialog import ALL_PROJECTS, LinkEvidenceDialog
from appraise.tui.widgets.linked_evidence import LinkedEvidenceTable
from appraise.tui.widgets.practice_tree import (
    RATING_MARK,
    PracticeTree,
    local_id,
    practice_mark,
    rating_mark,
    short_title,
)

__all__ = ["LinkEvidenceDialog", "LinkedEvidenceTable", "PracticeTree", "PracticesScreen"]




class PracticesScreen(AppraisalScreen):
    """The model's structure with ratings; the selected practice's evidence, notes and findings."""

    VIEW_TITLE = "Practices"
    SHOWS_RATING = True

    CSS_PATH = "practices.tcss"

    BINDINGS = [
        Binding("l", "link", "Link evidence", tooltip="Link an evidence item to this practice"),
        Binding("t", "focus_tree", "Tree", tooltip="Back to the tree of practices"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._node_of: dict[str, TreeNode[str]] = {}
        #: "area", "goal" or "practice", per node id.
        self._kind_of: dict[str, str] = {}
        self._results: dict[str, RatingNode] = {}
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
        rating = self.rating_tree()
        self._findings = self.appraisal.findings.all()
        self._results = {}
        for area in rating.areas:
            self._results[area.id] = area
            for goal in area.groups:
                self._results[goal.id] = goal
                for practice in goal.rows:
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

    def _build_tree(self, rating: RatingTree) -> None:
        tree = self.tree
        for area in rating.areas:
            area_node = tree.root.add(area.id, data=area.id)
            self._node_of[area.id], self._kind_of[area.id] = area_node, "area"
            for goal in area.groups:
                goal_node = area_node.add(goal.id, data=goal.id)
                self._node_of[goal.id], self._kind_of[goal.id] = goal_node, "goal"
                for practice in goal.rows:
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
                node.set_label(Text.assemble(rating_mark(result.value), " ", (node_id, "bold"), " ",
                                             short_title(framework.area(node_id).title)))
                continue
            if kind == "goal":
                goal = framework.goal(node_id)
                node.set_label(Text.assemble(rating_mark(result.value), " ", (local_id(node_id, goal.area), "bold"),
                                             " ", short_title(goal.title)))
                continue
            practice = framework.practice(node_id)
            node.set_label(Text.assemble(practice_mark(result), " ", local_id(node_id, practice.area), " ",
                                         (short_title(practice.title), "dim" if result.value is None else "")))

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

    def _show_practice(self, practice_id: str, result: RatingNode, keep_cursor: bool) -> None:
        appraisal = self.appraisal
        framework = appraisal.framework
        practice = framework.practice(practice_id)
        goal = framework.goal(practice.goal)
        area = framework.area(practice.area)
        summary = Text.assemble((practice_id, "bold"), "  ", (practice.title, "bold"), "\n",
                                (f"{goal.id} {goal.title} · {area.id} {area.title}", "dim"), "\n\n",
                                ou_line(result), "\n", (result.rule, "dim"))
        if result.decided and result.rationale:
            summary.append("\nWhy: ", style="bold")
            summary.append(result.rationale)
        self.query_one("#detail-summary", Static).update(summary)

        table = self.evidence_table
        keep = self._keep_row
        if keep is None and keep_cursor and (current := table.current()) is not None:
            keep = (current.project, current.item.id if current.item else None)
        self._keep_row = None
        # the units the rating takes this practice in (a unit outside a V3.0 area's sample is none of them)
        units = [u for u in appraisal.info.projects if u in result.cells] or list(appraisal.info.projects)
        table.show(units, result.cells, appraisal.evidence.for_practice(practice_id), keep)
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

    def _rating_block(self, result: RatingNode) -> Text:
        text = Text.assemble(("Rating: ", "bold"), rating_text(result.value), "\n", (result.rule, "dim"))
        if result.blocked_by:
            text.append("\nHeld back by: ", style="bold")
            text.append(", ".join(result.blocked_by), style="yellow")
        return text

    def _show_area(self, area_id: str, result: RatingNode) -> None:
        area = self.appraisal.framework.area(area_id)
        head = Text.assemble((area_id, "bold"), "  ", (area.title, "bold"))
        if area.maturity_level is not None:
            head.append(f"\nMaturity level {area.maturity_level}", style="dim")
        goals = Table(box=None, show_header=False, padding=(0, 1), expand=False)
        goals.add_column(no_wrap=True)
        goals.add_column(no_wrap=True, style="bold")
        goals.add_column()
        goals.add_column(no_wrap=True)
        for goal in result.groups:
            goals.add_row(rating_mark(goal.value), goal.id, self.appraisal.framework.goal(goal.id).title,
                          rating_text(goal.value))
        self._update_summary(head, self._rating_block(result), Text(self.appraisal.view.words.goals_title, style="bold"), goals)
        findings = [f for f in self._findings if f.area == area_id]
        self.query_one("#detail-findings", Static).update(finding_lines(
            findings, f"None recorded for {area_id} (Findings view, F7)."))

    def _show_goal(self, goal_id: str, result: RatingNode) -> None:
        framework = self.appraisal.framework
        goal = framework.goal(goal_id)
        area = framework.area(goal.area)
        head = Text.assemble((goal_id, "bold"), "  ", (goal.title, "bold"), "\n", (f"{area.id} {area.title}", "dim"))
        practices = Table(box=None, show_header=False, padding=(0, 1), expand=False)
        practices.add_column(no_wrap=True)
        practices.add_column(no_wrap=True, style="bold")
        practices.add_column()
        for practice in result.rows:
            practices.add_row(practice_mark(practice), practice.id, framework.practice(practice.id).title)
        heading = self.appraisal.view.words.practices_heading
        self._update_summary(head, self._rating_block(result), Text(heading, style="bold"), practices)
        ids = {p.id for p in result.rows}
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
            self.post_message(Refused(exc))
            if made:
                self.post_message(AppraisalChanged())  # what was linked before the failure is saved: show it
            return
        title = next((i.title for i in appraisal.evidence.items() if i.id == evidence_id), f"#{evidence_id}")
        if not made:
            self.notify(f"“{title}” was already linked to {practice} there.", title="Nothing to link")
            return
        self._keep_row = (made[0], evidence_id)
        self.notify(f"“{title}” → {practice} in {', '.join(made)}", title="Evidence linked")
        self.post_message(AppraisalChanged())

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
            self.post_message(Refused(exc))
            return
        if done:
            self._keep_row = (project, None)
            self.notify(f"“{item.title}” unlinked from {practice} in {project}", title="Evidence unlinked")
            self.post_message(AppraisalChanged())
