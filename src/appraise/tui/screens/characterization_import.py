"""Import characterizations (CSV: practice, project, value, note) into the matrix, never over the team's
values without asking.

The dialog is the evidence-import dialog's (pick, check in a worker, preview, import); the preview lists
every cell the file would change, old value -> new. Cells the team recorded differently are marked and the
import waits for a choice: "Replace them" writes the file's values over them, "Keep recorded" leaves them
and imports the rest (the CLI's --replace and --keep-existing). Nothing is written before that.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.widgets import Button, DataTable, Static

from appraise.errors import AppraiseError
from appraise.io.characterizations import CHARACTERIZATION_FIELDS
from appraise.io.layouts import ImportSpec
from appraise.io.table import Field
from appraise.tui.screens.evidence_import import ImportDialog, plural
from appraise.tui.screens.import_columns import plan_notes
from appraise.tui.style import value_text

if TYPE_CHECKING:
    from appraise.io.characterizations import CharacterizationPlan
    from appraise.services import CellImport
    from appraise.services.assessors import AssessorImport

#: Changed cells listed in the preview (the summary counts them all).
PREVIEW_CELLS = 200


class AssessedCell:
    """A cell rated by assessors as the preview lists it: recorded -> consolidated (or pending), their values."""

    def __init__(self, cell: Any) -> None:
        self.practice, self.project, self.conflict = cell.practice, cell.project, cell.conflict
        self.old, self.new = cell.current, cell.new
        # the values only, never who gave them: the preview may be on a shared screen
        values = sorted(cell.after.values())
        self.note_change = (f"pending consensus: {', '.join(values)}" if cell.pending else f"agreed: {values[0]}")


def assessed_summary(assessed: AssessorImport) -> Text:
    """What importing a file of assessors' ratings does: ratings changed, cells agreed, pending, changed."""
    pending, changed = len(assessed.pending), len(assessed.changed)
    summary = Text(f"{plural(len(assessed.rows), 'rating')} by assessor change: {len(assessed.agreed):,} cells "
                   f"agreed, {changed:,} would change", style="bold")
    if pending:
        summary.append(f", {pending:,} pending a consensus (the assessors disagree: record it with D in the "
                       "matrix)", style="bold yellow")
    return summary


class CharacterizationImportDialog(ImportDialog):
    """Dismisses with the number of cells changed, or None when cancelled."""

    DIALOG_TITLE = "Import characterizations (CSV or workbook)"
    INTRO = ("One row per practice and project: columns Practice, Project, Value (the model's scale) and "
             "optionally Note. Cells recorded differently are never replaced without your choice.")
    PLACEHOLDER = "characterizations.csv, .xlsx or .xlsm"
    FIELDS: dict[str, Field] = CHARACTERIZATION_FIELDS

    def __init__(self, appraisal: Any, path: str = "") -> None:
        super().__init__(appraisal, path)
        self.changes: list[CellImport] | list[AssessedCell] = []
        #: A file of ratings by assessor: what importing it does (``appraisal.assessors``), else None.
        self.assessed: AssessorImport | None = None

    def on_mount(self) -> None:
        super().on_mount()
        keep = Button("Keep recorded", id="import-keep", disabled=True)
        keep.display = False
        self.query_one("#import-buttons").mount(keep, before="#import-cancel")

    @property
    def conflicts(self) -> int:
        return sum(1 for c in self.changes if c.conflict)

    def _can_import(self) -> bool:
        return self.plan is not None and bool(self.changes or self.assessed is not None and self.assessed.rows)

    def hint_text(self) -> Text:
        focused = self.focused
        if not self.busy and self.plan is not None and focused is not None and focused.id in ("import-go",
                                                                                              "import-keep"):
            if focused.id == "import-keep":
                return Text.assemble(("Enter", "bold"), f" imports the other {len(self.changes) - self.conflicts:,} "
                                     "cells and leaves the ones recorded differently as they are")
            return Text.assemble(("Enter", "bold"), f" writes {plural(len(self.changes), 'cell')}" +
                                 (f", replacing {self.conflicts:,} recorded differently" if self.conflicts else ""))
        return super().hint_text()

    def read_plan(self, path: Path, spec: ImportSpec | None = None) -> tuple[Any, Any]:
        plan = self.appraisal.cells.plan_import(path, spec)
        if plan.assessor_rows:  # each assessor's ratings: the cells take their consolidated value
            assessed = self.appraisal.assessors.plan(plan)
            return plan, (assessed, [AssessedCell(c) for c in assessed.cells if c.writes or c.pending])
        return plan, (None, self.appraisal.cells.import_changes(plan))

    def _show_error(self, message: str, problems: list[str]) -> None:
        self.changes = []
        self._show_keep(False)
        super()._show_error(message, problems)

    def _show_keep(self, show: bool) -> None:
        keep = self.query_one("#import-keep", Button)
        keep.display = show
        keep.disabled = not show
        self.query_one("#import-go", Button).label = "Replace them" if show else "Import"

    def _show_plan(self, plan: CharacterizationPlan, read: tuple[Any, Any]) -> None:  # type: ignore[override]
        self.plan = plan  # type: ignore[assignment]
        self.assessed, changes = read
        self.changes = changes
        self._set_busy(False)
        conflicts = self.conflicts
        if not changes:
            summary = Text.assemble(("Nothing to import: ", "bold yellow"),
                                    f"the {plural(len(plan.rows), 'row')} change no cell.")
        else:
            summary = Text(f"{plural(len(plan.rows), 'characterization')}: {plural(len(changes), 'cell')} would "
                           "change", style="bold")
            if conflicts:
                summary.append(f", {conflicts:,} of them recorded differently (marked !). ", style="bold yellow")
                summary.append("Replace them with the file's values, or keep what is recorded and import the rest.")
        if self.assessed is not None:
            summary = assessed_summary(self.assessed)
        notes = plan_notes(plan, self.spec)
        if notes:
            summary.append("\n" + "; ".join(notes), style="dim")
        self.query_one("#import-summary", Static).update(summary)
        self.query_one("#import-problems", Static).update("")
        table: DataTable[Any] = self.query_one("#import-preview", DataTable)
        table.clear(columns=True)
        table.add_columns("", "Cell", "Recorded", "File", "Note")
        shown = sorted(changes, key=lambda c: not c.conflict)[:PREVIEW_CELLS]
        for change in shown:
            note = change.note_change
            table.add_row(Text("!", style="bold yellow") if change.conflict else "",
                          f"{change.practice} / {change.project}", value_text(change.old, "—"),
                          value_text(change.new), note)
        if len(changes) > len(shown):
            table.add_row("", Text(f"… and {len(changes) - len(shown):,} more", style="dim"), "", "", "")
        self._show_results(preview=bool(shown))
        self._show_keep(conflicts > 0)
        go = self.query_one("#import-go", Button)
        go.disabled = not self._can_import()
        if self._can_import():  # with cells recorded differently, Enter keeps them: the safe choice
            (self.query_one("#import-keep", Button) if conflicts else go).focus()
        self._update_hint()
        self.refresh_bindings()

    @on(Button.Pressed, "#import-keep")
    def _keep_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self._start_import("keep")

    def action_import(self) -> None:
        # "Replace them" only where the preview showed cells recorded differently; else a cell someone records
        # between the preview and now stops the import (ImportConflict) instead of being overwritten
        self._start_import("replace" if self.conflicts else "refuse")

    def _start_import(self, on_conflict: str) -> None:
        if self.busy or not self._can_import():
            return
        self.importing = True
        self._set_busy(True)
        self.query_one("#import-summary", Static).update(Text("Importing…", style="bold"))
        self._import_cells(self.plan, on_conflict)  # type: ignore[arg-type]

    @work(thread=True, exclusive=True, group="evidence-import")
    def _import_cells(self, plan: CharacterizationPlan, on_conflict: str) -> None:
        try:
            if self.assessed is not None:
                changed = self.appraisal.assessors.record(self.assessed, on_conflict=on_conflict)
            else:
                changed = self.appraisal.cells.import_plan(plan, on_conflict=on_conflict)
        except AppraiseError as exc:
            self.post_message(self.Imported(error=exc))
            return
        self.post_message(self.Imported(len(changed)))
