"""What the matrix view holds (the cells, their evidence and notes, the OU values) and what it says about the
cell under the cursor: the line under the grid, the evidence panel beside it, the rating line.

``MatrixScreen`` (``matrix.py``) builds on this: it reads the data, lays the grid out and handles the keys.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from rich.text import Text
from textual.timer import Timer

from appraise.errors import AppraiseError
from appraise.services import Framework, RatingNode, RatingTree
from appraise.services.crosswalk import counterparts, mapping_toward, missing_evidence
from appraise.tui.messages import Refused
from appraise.tui.screens.base import AppraisalScreen
from appraise.tui.style import KIND_STYLE, PENDING_MARK, evidence_marks, ou_text, value_text
from appraise.tui.widgets import StatusLine
from appraise.tui.widgets.matrix_table import CHANGED_ELSEWHERE, MatrixTable, cell_text

EMPTY: frozenset[str] = frozenset()
NOT_APPLICABLE = Text("n/a", style="dim")  # one text for every such cell: the grid fits it once
OUT_OF_SCOPE = Text("—", style="dim")  # one unit's cell the method takes no value on (outside the sample)
MIN_EVIDENCE_PAGE = 16  # rows whose evidence is read together (a screenful) when the first comes into view
EVIDENCE_DELAY = 0.08  # seconds without a move before the evidence panel follows the cursor


def matrix_rows(rating: RatingTree, framework: Framework, practices: Sequence[str]) -> dict[str, RatingNode]:
    """``{row: node}``: the rating's rows, and a per-process cell's (``GOV 2.1 @ Support``, a ``Practice`` with a
    ``base`` and a ``process``) made from its practice's ``extra["processes"][process]`` where the tree rates the
    practice as a whole: the cell's OU value, the options the team chooses from while it is pending."""
    rows = rating.rows()
    pending = {d.target: d.options for d in rating.pending}
    for cell in practices:
        model = framework.practice(cell)
        if cell in rows or not (model.base and model.process):
            continue
        base = rows.get(model.base)
        processes = base.extra.get("processes") if base is not None else None
        facts = processes.get(model.process) if isinstance(processes, Mapping) else None
        if base is None or not isinstance(facts, Mapping):
            continue
        ou = facts.get("ou")
        rows[cell] = RatingNode(cell, "practice", title=model.title, value=ou if isinstance(ou, str) else None,
                                rule=str(facts.get("rule") or base.rule),
                                options=tuple(pending.get(cell, ()) or facts.get("options") or ()),
                                extra={"decided": bool(facts.get("decided"))})
    return rows


class MatrixCells(AppraisalScreen):
    """The matrix's data and the lines about one cell; ``MatrixScreen`` is the view itself."""

    def __init__(self) -> None:
        super().__init__()
        self.area_filter: str | None = None
        self.gaps_only = False
        #: Only practices lacking an artifact or an affirmation somewhere (``appraise gaps``).
        self.evidence_gaps = False
        self._iso_counterparts: dict[str, list[str]] | None = None
        self._chars: dict[str, dict[str, str]] = {}
        #: ``{(practice, project): kinds linked}`` of the practices in ``_evidence_read``: read a page of rows at a
        #: time as the rows come into view (``_kinds``), all at once for what searches the whole grid
        self._evidence: dict[tuple[str, str], set[str]] = {}
        self._evidence_read: set[str] = set()
        self._ou: dict[str, RatingNode] = {}
        #: goal or attribute id -> its node (an attribute's proposal and aggregate, ``_attribute_line``)
        self._attributes: dict[str, RatingNode] = {}
        self._rows: list[str] = []
        #: practice -> why the method takes no value on it now (``Appraisal.refusal()``): shown n/a, keys refused
        self._refused: dict[str, str] = {}
        #: ``why(practice, unit)`` of the data shown, and what it said of each unit's cell of a practice, asked
        #: when the row is first needed: such a cell shows "—", its keys are refused with the reason
        self._why: Callable[..., str | None] = lambda practice, unit=None: None
        self._refused_cells: dict[str, dict[str, str]] = {}
        #: the scheme's advice on the cell under the cursor (``Appraisal.advise``), read when the keys pause
        self._advice: tuple[tuple[str, str], Any] | None = None
        self._advice_timer: Timer | None = None
        #: the cell whose ordinary line (the one with room for advice) the line under the grid shows now
        self._line_shows: tuple[str, str] | None = None
        self._notes: dict[tuple[str, str], str] = {}
        #: ``{(practice, project): {assessor: value}}`` where several assessors rate a cell, and the cells of those
        #: pending the team's consensus (they disagree, nothing set): shown ``≠``, each assessor's value below
        self._assessors: dict[tuple[str, str], dict[str, str]] = {}
        self._pending: set[tuple[str, str]] = set()
        #: ``{practice: {project: [items]}}`` for the evidence panel, read on demand, dropped on a change
        self._evidence_items: dict[str, dict[str, list[Any]]] = {}
        self._laid_out_for = 0  # the terminal width the grid was laid out for
        self._evidence_timer: Timer | None = None
        #: cells changed elsewhere since shown -> the change (``_flag_changes_elsewhere``)
        self._flagged: dict[tuple[str, str], Any] = {}
        #: what the rows and columns are called, and what an empty cell is ("practices", "projects", ...)
        self._words = ("practices", "projects", "not characterized")
        #: a re-rating runs (or is about to) / a change since asks for another (``MatrixScreen._rerate_soon``)
        self._rating_busy = False
        self._rerate_wanted = False

    @property
    def table(self) -> MatrixTable:
        return self.query_one(MatrixTable)

    # -- what the view holds ---------------------------------------------------------------
    def _missing_evidence(self, practice: str, project: str) -> list[str]:
        """The evidence kinds a cell lacks (``appraise gaps``), in an area that applies."""
        if self._ruled_out(practice) or self._cell_refusal(practice, project):
            return []
        return missing_evidence(self._kinds(practice, project))

    def iso_counterparts(self) -> dict[str, list[str]]:
        """``{practice: [ISO 9001 clauses]}`` from the bundled mapping ({} when the model has none)."""
        if self._iso_counterparts is None:
            try:
                self._iso_counterparts = counterparts(mapping_toward(self.appraisal.framework))
            except AppraiseError:
                self._iso_counterparts = {}
        return self._iso_counterparts

    def _is_gap(self, practice: str, project: str) -> bool:
        """No characterization or no evidence yet, in an area that applies; in an audit, no result recorded
        (a clause is audited on what the auditor saw, whether or not items are linked)."""
        if self._ruled_out(practice) or self._cell_refusal(practice, project):
            return False
        typed = self.table.typed  # values typed in this burst and not saved yet count as set
        cell = (practice, project)
        value = typed[cell] if cell in typed else self._chars.get(practice, {}).get(project)
        if not self.appraisal.view.gap_needs_evidence:
            return value is None
        return value is None or not self._kinds(practice, project)

    def _ruled_out(self, practice: str) -> bool:
        return practice in self._refused

    def _cell_refusal(self, practice: str, project: str) -> str | None:
        """Why the method takes no value on this one unit's cell (a unit outside the area's sample), or None; a
        practice's cells are asked about together, the first time one is needed."""
        cells = self._refused_cells.get(practice)
        if cells is None:
            why = self._why
            cells = self._refused_cells[practice] = {} if practice in self._refused else {
                unit: reason for unit in self.appraisal.info.projects if (reason := why(practice, unit))}
        return cells.get(project)

    def _cell_refused(self, practice: str, project: str) -> bool:
        return self._cell_refusal(practice, project) is not None

    def _row_source(self, rows: list[str]) -> Callable[[int], list[Text]]:
        """The grid's ``cells(row)``: a row's cells are made when the row is shown, from what the view holds; the
        evidence of the page from that row on is read then, in one indexed read."""
        def cells(row: int) -> list[Text]:
            if rows[row] not in self._evidence_read:
                self._read_evidence(rows[row:row + max(self.table.size.height, MIN_EVIDENCE_PAGE)])
            return self._row_cells(rows[row])
        return cells

    def _kinds(self, practice: str, project: str) -> set[str] | frozenset[str]:
        """The kinds of evidence linked to the cell (its practice's links read now if they were not yet)."""
        if practice not in self._evidence_read:
            self._read_evidence([practice])
        return self._evidence.get((practice, project), EMPTY)

    def _read_evidence(self, practices: list[str]) -> None:
        wanted = [p for p in practices if p not in self._evidence_read]
        if not wanted:
            return
        self._evidence_read.update(wanted)  # read or failed: asked once (a failure is said once, not per line)
        try:
            self._evidence.update(self.appraisal.evidence.cells(wanted))
        except AppraiseError as exc:
            self.post_message(Refused(exc))

    def _read_all_evidence(self) -> None:
        """Every cell's evidence kinds, in one read: before a search of the whole grid (filters)."""
        if not self._evidence_read.issuperset(self.appraisal.practices):
            try:
                self._evidence = self.appraisal.evidence.cells()
            except AppraiseError as exc:
                self.post_message(Refused(exc))
                return
            self._evidence_read = set(self.appraisal.practices)

    def _forget_evidence(self) -> None:
        """The file changed: read the evidence again as rows come into view."""
        self._evidence, self._evidence_read = {}, set()

    def _row_cells(self, practice: str) -> list[Text]:
        projects = self.appraisal.info.projects
        if self._ruled_out(practice):  # the area (the clause) does not apply: nothing to characterize
            return [NOT_APPLICABLE] * (len(projects) + 1)
        return [*(self._cell(practice, c) for c in projects), ou_text(self._ou.get(practice))]

    def _cell(self, practice: str, project: str) -> Text:
        if self._cell_refusal(practice, project):
            return OUT_OF_SCOPE
        value = self._chars.get(practice, {}).get(project)
        if value is None and (practice, project) in self._pending:
            value = PENDING_MARK
        return cell_text(value, self._kinds(practice, project), (practice, project) in self._flagged)

    def _cursor_target(self) -> tuple[str, str] | None:
        table = self.table
        if not self._rows:
            return None
        row, column = table.cursor
        if row >= len(self._rows):
            return None
        projects = self.appraisal.info.projects
        return self._rows[row], projects[min(column, len(projects) - 1)]

    # -- showing one cell -------------------------------------------------------------------
    def select_cell(self, practice: str, project: str) -> None:
        if practice not in self._rows:
            return
        self.table.move_cursor(self._rows.index(practice), self.appraisal.info.projects.index(project))

    def select_target(self, target: str | int) -> None:
        """A project code (the command palette's "Project ..." hit)."""
        self.select_project(str(target))

    def select_project(self, code: str) -> None:
        """Put the cursor in ``code``'s column (the command palette's "Project ..." hit)."""
        if code in self.appraisal.info.projects and self._rows:
            row = min(self.table.cursor[0], len(self._rows) - 1)
            self.select_cell(self._rows[row], code)

    def _show_cell(self) -> None:
        target = self._cursor_target()
        self._evidence_soon()
        self._line_shows = None
        line = self.query_one("#matrix-cell", StatusLine)
        if target is None:
            line.update(Text(f"No {self._words[0][:-1]} to show: change the filter (a, G).", style="dim"))
            return
        practice, project = target
        if (practice, project) in self._flagged:
            self._show_change_elsewhere(line, practice, project)
            return
        model = self.appraisal.framework.practice(practice)
        value = self._chars.get(practice, {}).get(project)
        kinds = self._kinds(practice, project)
        evidence = " and ".join(k for k in ("artifact", "affirmation") if k in kinds) or "no evidence"
        ou = self._ou.get(practice)
        if self._ruled_out(practice):
            line.update(Text.assemble((f"{practice} ", "bold"), model.title, " — ", (self._refused[practice], "dim")))
            return
        refused = self._cell_refusal(practice, project)
        if refused:
            line.update(Text.assemble((f"{practice} ", "bold"), model.title, f" — {project}: ",
                                      ("out of scope", "bold"), "\n", (refused, "dim")))
            return
        note = self._notes.get((practice, project), "")
        if self.evidence_gaps:
            missing = self._missing_evidence(practice, project)
            counterparts = self.iso_counterparts()
            clauses = counterparts.get(practice, [])
            where = Text(f"ISO 9001 counterpart: {', '.join(clauses)} (evidence may exist in the ISO system)",
                         style="green") if clauses else Text("no ISO 9001 counterpart: new work", style="yellow") \
                if counterparts else Text("")
            line.update(Text.assemble(
                (f"{practice} ", "bold"), model.title, f" — {project}: ", value_text(value, self._words[2]),
                "\n", (f"lacks {' and '.join(missing)}. " if missing else "has both kinds of evidence. ", "bold"),
                where))
            return
        assessors = self._assessor_text(practice, project)
        if self.appraisal.view.proposal_basis:  # the cell's attribute: its proposal and aggregate
            line.update(Text.assemble(
                (f"{practice} ", "bold"), model.title or "", f" — {project}: ", value_text(value, self._words[2]),
                f", {evidence}.", assessors, (f" Note: {note}" if note else "", "italic"), "\n",
                self._attribute_line(practice, project)))
            return
        line.update(Text.assemble(
            (f"{practice} ", "bold"), model.title, f" — {project}: ", value_text(value, self._words[2]),
            f", {evidence}.", assessors, (f" Note: {note}" if note else "", "italic"),
            "\n", (f"{self.appraisal.view.words.aggregate_line}: {ou.rule}" if ou is not None else "", "dim"),
            *self._advice_line(practice, project)))

    def _assessor_text(self, practice: str, project: str) -> Text:
        """`` Assessors: Yorick Vane P, Zelda Quux L — pending: D records the team's consensus.`` ("" when one
        rates the cell, or nobody)."""
        values = self._assessors.get((practice, project))
        if not values or len(values) < 2 and (practice, project) not in self._pending:
            return Text("")
        text = Text(" Assessors: ", style="bold")
        for i, (assessor, value) in enumerate(values.items()):
            text.append(", " if i else "")
            text.append(f"{assessor} ")
            text.append_text(value_text(value))
        if (practice, project) in self._pending:
            text.append(" — pending: ", style="bold magenta")
            text.append("D records the team's consensus.", style="magenta")
        else:
            text.append(".")
        return text

    # -- the scheme's advice on the cell --------------------------------------------------------
    def _advice_line(self, practice: str, project: str) -> tuple[Text, ...]:
        """The scheme's advice on the cell as a third line (what its evidence proposes, what is odd), once read;
        nothing from a scheme that advises nothing. Read when the keys pause (``_advice_soon``)."""
        self._line_shows = (practice, project)
        if self._advice is None or self._advice[0] != (practice, project):
            self._advice_soon()
            return ()
        advice = self._advice[1]
        if advice is None:
            return ()
        text = Text("\n")
        if advice.proposal:
            text.append("Proposed by the evidence: ", style="bold")
            text.append_text(value_text(advice.proposal))
            text.append(f" ({advice.rule})" if advice.rule else "", style="dim")
        else:
            text.append("No value proposed by the evidence yet", style="dim")
        for flag in advice.flags:
            text.append("  ⚠ ", style="yellow")
            text.append(flag, style="yellow")
        return (text,)

    def _advice_soon(self) -> None:
        if self._advice_timer is not None:
            self._advice_timer.stop()
        self._advice_timer = self.set_timer(EVIDENCE_DELAY, self._read_advice)

    def _read_advice(self) -> None:
        self._advice_timer = None
        target = self._cursor_target()
        if target is None or self._ruled_out(target[0]) or self._cell_refusal(*target):
            return
        try:
            advice = self.appraisal.advise(*target)
        except AppraiseError as exc:
            self.post_message(Refused(exc))
            return
        self._advice = (target, advice)
        if advice is None or self._line_shows != target:  # nothing to add, or the line says something else now
            return  # (a change made elsewhere, say): it stays
        self.query_one("#matrix-cell", StatusLine).add_class("-advice")  # from now on the line has room for it
        self._show_cell()

    def _forget_advice(self) -> None:
        """The cell's value, note or evidence changed: its advice is read again."""
        self._advice = None

    def _show_change_elsewhere(self, line: StatusLine, practice: str, project: str) -> None:
        """The cursor came to a flagged cell: say what changed and who changed it; the flag goes."""
        change = self._flagged.pop((practice, project))
        if practice in self._rows:
            self.table.refresh_row(self._rows.index(practice))
        line.update(Text.assemble(
            ("Changed elsewhere ", CHANGED_ELSEWHERE), (f" {practice} / {project}: ", "bold"),
            f"{change.old or '—'} → {change.new or '—'} by {change.who} at {change.at[11:16]} ",
            ("(another window or process; the cell shows the file as it is now)", "dim")))

    def _evidence_soon(self) -> None:
        """The panel follows the cursor once the keys pause: typing repaints the grid's line, not the panel too
        (painted in the same frame, the two would repaint every grid line between them)."""
        if self._evidence_timer is not None:
            self._evidence_timer.stop()
        if self.query_one("#matrix-evidence").display:
            self._evidence_timer = self.set_timer(EVIDENCE_DELAY, self._show_evidence)

    def _show_evidence(self) -> None:
        """The panel beside the grid (wide terminals): the items linked to the cell, with their kinds.

        A practice's items are read once, when the cursor first comes to its row."""
        self._evidence_timer = None
        panel = self.query_one("#matrix-evidence", StatusLine)
        if not panel.display:
            return
        target = self._cursor_target()
        if target is None:
            panel.update("")
            return
        practice, project = target
        items = self._evidence_items.get(practice)
        if items is None:
            try:
                items = self._evidence_items[practice] = self.appraisal.evidence.for_practice(practice)
            except AppraiseError as exc:
                self.post_message(Refused(exc))
                return
        linked = items.get(project, [])
        text = Text.assemble(("Evidence", "bold"), f" — {practice} / {project}\n", style="")
        if self._ruled_out(practice):
            text.append("Not applicable (team decision).", style="dim")
        elif self._cell_refusal(practice, project):
            text.append(f"Out of scope: {self._cell_refusal(practice, project)}", style="dim")
        elif not linked:
            text.append("No evidence linked.", style="dim")
        for item in linked:
            text.append_text(Text.assemble("\n", evidence_marks({item.kind}), " ", item.title, "  ",
                                           (item.kind, KIND_STYLE.get(item.kind, "dim"))))
            if item.location:
                text.append(f"\n   {item.location}", style="dim")
        panel.update(text)

    def _attribute_line(self, cell: str, project: str) -> Text:
        """ISO/IEC 33020: an attribute's proposal and aggregate; an indicator says which attribute it feeds."""
        model = self.appraisal.framework.practice(cell)
        attribute = self._attributes.get(model.goal)
        if attribute is None:
            return Text("")
        if not model.attribute:
            return Text(self.appraisal.view.indicator_line.format(attribute=attribute.id, title=attribute.title),
                        style="dim")
        proposals = attribute.extra.get("proposal")
        proposal = proposals.get(project) if isinstance(proposals, Mapping) else None
        indicators = [i for i in attribute.children if i.kind == "practice"]
        rated = sum(1 for i in indicators if i.cells.get(project))
        text = Text("Proposal: ", style="bold")
        text.append_text(value_text(proposal, "none (no indicator rated)"))
        if proposal:
            text.append(self.appraisal.view.proposal_basis.format(rated=rated, total=len(indicators)), style="dim")
        text.append("  │  Aggregate: ", style="bold")
        text.append_text(value_text(attribute.value, "not rated"))
        mean = attribute.extra.get("mean")
        text.append(f" ({attribute.rule.split(':')[0]}{f' {mean:.2f}' if isinstance(mean, float) else ''})",
                    style="dim")
        return text

    def _show_rating(self, rating: RatingTree) -> None:
        pending = len(rating.pending)
        what = self.appraisal.view.words.pending
        self.query_one("#matrix-rating", StatusLine).update(Text.assemble(
            (rating.headline[0], "bold"), f"  —  {pending} {what}{'s' if pending != 1 else ''}"))

