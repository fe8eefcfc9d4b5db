"""Characterizing cells: one practice (indicator, clause) in one project, by hand or imported from a file.

``appraisal.cells`` holds these use cases; the value a cell takes is checked against the appraisal's scale
and scope, and a cell ruled out by a decision (``Appraisal.refusal``) takes none.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from appraise.errors import ImportConflict, UsageError
from appraise.io.characterizations import CharacterizationPlan, plan_characterization_import
from appraise.io.layouts import ImportSpec
from appraise.io.resolve import PracticeResolver
from appraise.services.assessors import consolidate

if TYPE_CHECKING:
    from appraise.services.session import Appraisal


@dataclass(frozen=True)
class CharacterizationChange:
    practice: str
    project: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class CellImport:
    """What importing one row would do to its cell: the value and note recorded, and the file's."""

    practice: str
    project: str
    old: str | None
    new: str
    old_note: str
    #: None: the file gives no note (the cell's note is kept)
    new_note: str | None

    @property
    def replaces_note(self) -> bool:
        return bool(self.old_note) and self.new_note is not None and self.new_note != self.old_note

    @property
    def conflict(self) -> bool:
        """The team recorded this cell differently: a value, or a note the file would replace."""
        return self.old is not None and (self.old != self.new or self.replaces_note)

    @property
    def note_change(self) -> str:
        """What the import does to the cell's note ("note added ('...')", replaced, kept), or ""."""
        if self.new_note is not None and self.new_note != self.old_note:
            return (f"note replaced ({self.old_note!r} -> {self.new_note!r})" if self.old_note
                    else f"note added ({self.new_note!r})")
        return f"note kept ({self.old_note!r})" if self.old_note and self.old != self.new else ""

    def describe(self) -> str:
        cell = f"{self.practice} / {self.project}: {self.old or '—'} -> {self.new}"
        return f"{cell}; {self.note_change}" if self.note_change else cell


#: What a characterization import does with cells the team recorded differently.
ON_CONFLICT = ("refuse", "replace", "keep")


class Cells:
    """The practice x project cells of an open appraisal: their values and notes (``appraisal.cells``)."""

    def __init__(self, appraisal: Appraisal) -> None:
        self.appraisal = appraisal

    def characterize(self, practice: str, project: str, value: str | None, note: str | None = None,
                     who: str | None = None, process: str | None = None) -> CharacterizationChange:
        """Set (or with ``value=None`` clear) one practice's characterization in one project.

        ``note=None`` keeps the cell's note; ``""`` clears it. ``process``: the process of a practice
        characterized per process (CMMI V3.0 II and GOV).
        """
        a = self.appraisal
        pid = a.resolve_practice(practice, process)
        code = a.resolve_project(project)
        new = None if value is None else a.resolve_value(value, pid)
        if new is not None or note:  # clearing stays possible: it removes what no longer applies
            a.refuse_ruled_out(pid, code)
        if new is not None:
            self._refuse_pending(pid, code)
        old = a.reader.characterization(pid, code)
        a.store.set_characterizations([(pid, code, new, note)], who or self.appraisal.user)
        return CharacterizationChange(pid, code, old, new)

    def _refuse_pending(self, practice: str, project: str) -> None:
        """A cell its assessors rate differently takes the team's consensus with its rationale (``decide``), not
        a value typed over the disagreement."""
        a = self.appraisal
        values = a.reader.assessor_ratings().get((practice, project))
        if not values or len(set(values.values())) < 2:
            return
        if consolidate(values, a.assessors.consensus().get((practice, project))) is None:
            raise UsageError(f"{practice} / {project}: the assessors disagree ({', '.join(sorted(values.values()))}); "
                             f"record the team's consensus with its rationale: appraise decide FILE \"{practice}\" "
                             f"{project} VALUE --why \"...\" (D on the cell in the matrix)")

    def all(self) -> dict[str, dict[str, str]]:
        """``{practice: {project: value}}`` of every characterized cell."""
        return self.appraisal.reader.characterizations()

    def notes(self) -> dict[tuple[str, str], str]:
        """The team's note on every (practice, project) cell that has one."""
        return self.appraisal.reader.characterization_notes()

    def notes_for(self, practice: str) -> dict[str, str]:
        """The notes on a practice's cells per project; a practice characterized per process (CMMI V3.0 II and
        GOV) gives each process's note, named."""
        a = self.appraisal
        cells = a.cells_of(practice)
        notes = a.reader.characterization_notes()
        out: dict[str, str] = {}
        for pid in cells:
            process = a.framework.practice(pid).process if len(cells) > 1 else ""
            for (pr, code), note in notes.items():
                if pr == pid:
                    out[code] = f"{out[code]}; " if code in out else ""
                    out[code] += f"{process}: {note}" if process else note
        return out

    # -- importing a file of characterizations ----------------------------------------------------
    def plan_import(self, path: str | Path, spec: ImportSpec | None = None) -> CharacterizationPlan:
        """Read and check a file of characterizations (a CSV file or a workbook, laid out as ``spec`` says);
        nothing is written. A file with an assessor column fills the plan's ``assessor_rows``."""
        a = self.appraisal
        spec = spec or ImportSpec()
        words = (a.view.words.practice, a.view.words.characterization)
        return plan_characterization_import(
            path, PracticeResolver(a.framework, a.in_scope, spec.aliases, a.resolve_cell), a.info.projects,
            a.framework.scale, a.values, words, refuse=a.refusal(),
            refuse_value=lambda practice, value: a.scheme.refuse_value(a.framework, a.scope, practice, value),
            spec=spec)

    def import_changes(self, plan: CharacterizationPlan) -> list[CellImport]:
        """What importing ``plan`` would change, cell by cell (rows that change nothing are left out)."""
        values = self.appraisal.reader.characterizations()
        notes = self.appraisal.reader.characterization_notes()
        out = []
        for practice, code, value, note in plan.rows:
            change = CellImport(practice, code, values.get(practice, {}).get(code), value,
                                notes.get((practice, code), ""), note)
            if change.old != change.new or (note is not None and note != change.old_note):
                out.append(change)
        return out

    def import_plan(self, plan: CharacterizationPlan, who: str | None = None,
                    on_conflict: str = "refuse") -> list[CellImport]:
        """Record the plan's characterizations in one transaction; returns the cells changed.

        A cell the team recorded differently (``CellImport.conflict``) is never overwritten silently:
        ``on_conflict="refuse"`` raises ``ImportConflict`` listing them and writes nothing, ``"replace"``
        writes the file's values over them, ``"keep"`` leaves them as recorded and imports the rest.
        """
        if on_conflict not in ON_CONFLICT:
            raise ValueError(on_conflict)
        changes = self.import_changes(plan)
        conflicts = [c for c in changes if c.conflict]
        if conflicts and on_conflict == "refuse":
            raise ImportConflict(
                f"{plan.path.name}: {len(conflicts)} cell{'s are' if len(conflicts) != 1 else ' is'} recorded "
                "differently in the appraisal; nothing was recorded. Replace them with the file's values "
                "(--replace) or keep what is recorded (--keep-existing)",
                [c.describe() for c in conflicts])
        if on_conflict == "keep":
            changes = [c for c in changes if not c.conflict]
        self.appraisal.store.set_characterizations(
            [(c.practice, c.project, c.new, c.new_note) for c in changes], who or self.appraisal.user,
            what=f"characterization (import {plan.path.name})")
        return changes
