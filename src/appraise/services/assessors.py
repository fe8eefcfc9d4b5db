"""Several assessors rating one cell: each one's rating kept, the cell's value derived, the team's consensus.

``appraisal.assessors`` holds these use cases. A cell (a practice, indicator or clause in one unit) that several
assessors rate takes their value where they agree; where they disagree it is *pending* (no value) until the team
records its consensus (``decide``: a decision of kind ``consensus`` on the cell ``PRACTICE / UNIT``, made on the
assessors' values as its basis). When those values change later, the consensus lapses: the cell is pending
again unless the assessors now agree. A cell the team set by hand differently from what the assessors' ratings
consolidate to is a conflict, handled as a characterization import's (refuse, ``replace``, ``keep``).
Assessors are named in the store and on the screens, never in an export.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from appraise.errors import ImportConflict, UsageError
from appraise.store import DecisionRecord

if TYPE_CHECKING:
    from appraise.services.session import Appraisal

#: The kind of the team's decision on a cell its assessors rate differently.
CONSENSUS = "consensus"


class AssessorRows(Protocol):
    """What an import of assessors' ratings reads (``CharacterizationPlan`` with ``assessor_rows``)."""

    path: Path
    #: (practice, project code, assessor, value, note or None to keep the assessor's note)
    assessor_rows: list[tuple[str, str, str, str, str | None]]


def cell_target(practice: str, project: str) -> str:
    """The consensus decision's target: the cell, as the change log names it."""
    return f"{practice} / {project}"


def basis_of(values: Mapping[str, str]) -> str:
    """What a consensus is made on: the assessors' values, as JSON (sorted, so equal values compare equal)."""
    return json.dumps(dict(values), sort_keys=True, ensure_ascii=False)


def consolidate(values: Mapping[str, str], consensus: DecisionRecord | None = None) -> str | None:
    """The cell's value: the assessors' one value where they agree; else the team's consensus while it was made
    on these values; else None (pending)."""
    distinct = set(values.values())
    if len(distinct) == 1:
        return next(iter(distinct))
    if distinct and consensus is not None and consensus.basis == basis_of(values):
        return consensus.value
    return None


def joined_notes(notes: Mapping[str, str]) -> str:
    """The assessors' notes as the cell's note: each distinct one once, in assessor order, naming nobody."""
    seen: list[str] = []
    for _assessor, note in sorted(notes.items()):
        if note and note not in seen:
            seen.append(note)
    return "; ".join(seen)


@dataclass(frozen=True)
class PendingCell:
    """A cell whose assessors disagree and on which the team has no standing consensus."""

    practice: str
    project: str
    values_by_assessor: dict[str, str]

    def describe(self) -> str:
        return f"{self.practice} / {self.project}: " + ", ".join(f"{a} {v}" for a, v in self.values_by_assessor.items())


@dataclass(frozen=True)
class AssessorCell:
    """What an import of assessors' ratings does to one cell."""

    practice: str
    project: str
    before: dict[str, str]
    after: dict[str, str]
    #: the cell's value and note as recorded now
    current: str | None
    current_note: str
    #: what the ratings before and after consolidate to (value, note)
    old: str | None
    old_note: str
    new: str | None
    new_note: str

    @property
    def agreed(self) -> bool:
        return len(set(self.after.values())) == 1

    @property
    def pending(self) -> bool:
        return self.new is None and bool(self.after)

    @property
    def writes(self) -> bool:
        """The import changes the cell (its consolidated value or note changes and the cell is not so already)."""
        if (self.new, self.new_note) == (self.old, self.old_note):
            return False
        if self.new is None:
            return self.current is not None
        return self.current != self.new or bool(self.new_note) and self.current_note != self.new_note

    @property
    def conflict(self) -> bool:
        """The team set the cell by hand differently from the ratings before, and the import would change it."""
        if not self.writes or self.current is None:
            return False
        by_hand = self.current != self.old or self.current_note not in ("", self.old_note)
        return by_hand and (self.current != self.new or bool(self.new_note) and
                            self.current_note not in ("", self.new_note))

    def values(self) -> str:
        return ", ".join(f"{a} {v}" for a, v in self.after.items())

    def describe(self) -> str:
        return f"{self.practice} / {self.project}: {self.current or '—'} -> {self.new or 'pending'} ({self.values()})"


@dataclass
class AssessorImport:
    """What importing a file of assessors' ratings would do (``Assessors.plan``); nothing is written yet."""

    path: Path
    #: the ratings that change: (practice, project, assessor, value, note or None)
    rows: list[tuple[str, str, str, str | None, str | None]]
    #: every cell the file rates, in file order
    cells: list[AssessorCell]
    #: how many of each assessor's ratings change
    by_assessor: dict[str, int] = field(default_factory=dict)

    @property
    def agreed(self) -> list[AssessorCell]:
        return [c for c in self.cells if c.agreed]

    @property
    def pending(self) -> list[AssessorCell]:
        return [c for c in self.cells if c.pending]

    @property
    def changed(self) -> list[AssessorCell]:
        return [c for c in self.cells if c.writes]

    @property
    def conflicts(self) -> list[AssessorCell]:
        return [c for c in self.cells if c.conflict]


class Assessors:
    """The assessors' ratings of an open appraisal and the cells they consolidate to (``appraisal.assessors``)."""

    def __init__(self, appraisal: Appraisal) -> None:
        self.appraisal = appraisal

    def ratings(self) -> dict[tuple[str, str], dict[str, str]]:
        """``{(practice, project): {assessor: value}}`` of every cell assessors rate."""
        return self.appraisal.reader.assessor_ratings()

    def notes(self) -> dict[tuple[str, str], dict[str, str]]:
        return self.appraisal.reader.assessor_notes()

    def consensus(self) -> dict[tuple[str, str], DecisionRecord]:
        """The team's latest consensus per cell (standing or lapsed: ``consolidate`` tells)."""
        out: dict[tuple[str, str], DecisionRecord] = {}
        for d in self.appraisal.reader.decisions():
            if d.kind == CONSENSUS:
                practice, _sep, project = d.target.rpartition(" / ")
                out[(practice, project)] = d
        return out

    def without_lapsed(self, decisions: list[DecisionRecord]) -> list[DecisionRecord]:
        """``decisions`` less the consensus of each cell whose assessors' ratings changed since (it no longer
        stands: reports and exports do not show it as a standing decision)."""
        ratings = self.appraisal.reader.assessor_ratings()
        lapsed = {d.target for cell, d in self.consensus().items() if d.basis != basis_of(ratings.get(cell, {}))}
        return [d for d in decisions if not (d.kind == CONSENSUS and d.target in lapsed)]

    def pending(self) -> list[PendingCell]:
        """Cells whose assessors disagree, with no standing consensus and no value set by the team, in the
        appraisal's order of practices and units."""
        a = self.appraisal
        consensus = self.consensus()
        chars = a.reader.characterizations()
        order = {p: i for i, p in enumerate(a.practices)}
        units = {u: i for i, u in enumerate(a.info.projects)}
        out = [PendingCell(p, u, values) for (p, u), values in self.ratings().items()
               if consolidate(values, consensus.get((p, u))) is None and u not in chars.get(p, {})]
        return sorted(out, key=lambda c: (order.get(c.practice, len(order)), c.practice, units.get(c.project, 0)))

    # -- importing a round of ratings ------------------------------------------------------------
    def plan(self, plan: AssessorRows) -> AssessorImport:
        """What importing ``plan.assessor_rows`` would change: ratings per assessor, cells agreed, pending,
        changed and in conflict with what the team recorded. Nothing is written."""
        reader = self.appraisal.reader
        ratings, notes = reader.assessor_ratings(), reader.assessor_notes()
        chars, cell_notes = reader.characterizations(), reader.characterization_notes()
        consensus = self.consensus()
        after: dict[tuple[str, str], dict[str, str]] = {}
        after_notes: dict[tuple[str, str], dict[str, str]] = {}
        rows: list[tuple[str, str, str, str | None, str | None]] = []
        by_assessor: dict[str, int] = {}
        for practice, project, assessor, value, note in plan.assessor_rows:
            cell = (practice, project)
            values = after.setdefault(cell, dict(ratings.get(cell, {})))
            kept = after_notes.setdefault(cell, dict(notes.get(cell, {})))
            old_note = kept.get(assessor, "")
            if values.get(assessor) == value and (note is None or note == old_note):
                continue
            values[assessor] = value
            if note is not None:
                kept[assessor] = note
            rows.append((practice, project, assessor, value, note))
            by_assessor[assessor] = by_assessor.get(assessor, 0) + 1
        cells = []
        seen: set[tuple[str, str]] = set()
        for practice, project, *_rest in plan.assessor_rows:
            cell = (practice, project)
            if cell in seen:
                continue
            seen.add(cell)
            before = ratings.get(cell, {})
            now = after.get(cell, dict(before))
            decided = consensus.get(cell)
            cells.append(AssessorCell(
                practice, project, dict(sorted(before.items())), dict(sorted(now.items())),
                chars.get(practice, {}).get(project), cell_notes.get(cell, ""),
                consolidate(before, decided) if before else None, joined_notes(notes.get(cell, {})),
                consolidate(now, decided), joined_notes(after_notes.get(cell, {}))))
        return AssessorImport(Path(plan.path), rows, cells, dict(sorted(by_assessor.items())))

    def record(self, imported: AssessorImport, who: str | None = None, on_conflict: str = "refuse") -> list[AssessorCell]:
        """Write the ratings that changed and the cells they consolidate to, in one transaction; the cells changed.

        A cell the team set by hand differently is never overwritten silently: ``on_conflict="refuse"`` raises
        ``ImportConflict`` listing them and writes nothing, ``"replace"`` writes the consolidated value over
        them, ``"keep"`` leaves them (the assessors' ratings are recorded all the same).
        """
        if on_conflict not in ("refuse", "replace", "keep"):
            raise ValueError(on_conflict)
        conflicts = imported.conflicts
        name = imported.path.name
        if conflicts and on_conflict == "refuse":
            raise ImportConflict(
                f"{name}: {len(conflicts)} cell{'s are' if len(conflicts) != 1 else ' is'} recorded differently "
                "from what the assessors' ratings give; nothing was recorded. Replace them (--replace) or keep "
                "what is recorded (--keep-existing)", [c.describe() for c in conflicts])
        changed = [c for c in imported.changed if not (c.conflict and on_conflict == "keep")]
        self.appraisal.store.set_assessor_ratings(
            imported.rows, who or self.appraisal.user, what=f"assessor rating (import {name})",
            cells=[(c.practice, c.project, c.new, c.new_note or None) for c in changed],
            cells_what=f"characterization (import {name})")
        return changed

    # -- the team's consensus ---------------------------------------------------------------------
    def options(self, practice: str, project: str) -> tuple[str, str, tuple[str, ...], str, dict[str, str]]:
        """(cell id, unit, the values the cell may take, the rule, the assessors' values) for a consensus;
        ``UsageError`` when there is nothing for the team to decide there."""
        a = self.appraisal
        cell = a.resolve_practice(practice)
        unit = a.resolve_project(project)
        values = self.ratings().get((cell, unit), {})
        if not values:
            raise UsageError(f"no assessor has rated {cell} / {unit}: there is no consensus to record "
                             f"(characterize it with `appraise characterize`)")
        if len(set(values.values())) == 1:
            raise UsageError(f"the assessors agree on {cell} / {unit} ({next(iter(values.values()))}): "
                             "there is no consensus to record")
        a.refuse_ruled_out(cell, unit)
        return (cell, unit, a.values, "the assessors rate the cell differently: the team records its consensus "
                "(it stands while their ratings stay as they are)", values)

    def decide(self, practice: str, project: str, value: str, why: str, who: str | None = None) -> DecisionRecord:
        """Record the team's consensus on a cell its assessors rate differently, and set the cell to it."""
        a = self.appraisal
        cell, unit, _options, _rule, values = self.options(practice, project)
        chosen = a.resolve_value(value, cell)
        if not why.strip():
            raise UsageError("a consensus needs its rationale (--why \"...\")")
        previous = self.consensus().get((cell, unit))
        return a.store.add_decision(CONSENSUS, cell_target(cell, unit), chosen, why.strip(), who or self.appraisal.user,
                                    previous.value if previous is not None else None, basis_of(values),
                                    cells=[(cell, unit, chosen, None)])
