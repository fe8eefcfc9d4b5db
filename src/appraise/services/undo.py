"""Undo and redo: a person's (or a session's) own last rating-relevant changes, reversed.

The change log drives it. Each undoable entry carries what reverses it; an undo is a
change-log entry that names the entry it reversed, and a redo is the undo of an undo.
Replaying one person's entries in order gives two stacks, as an editor keeps them:
*done* (changes that stand, newest last) and *undone* (undos that can be redone). A new
ordinary change empties the undone stack: after it, there is nothing to redo.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from appraise.errors import UsageError
from appraise.store.records import Reversal

if TYPE_CHECKING:
    from appraise.services.session import Appraisal
    from appraise.store import ChangeRecord

UNDO, REDO = "undo", "redo"


def stacks(history: Iterable[tuple[int, int | None]]) -> tuple[list[int], list[int]]:
    """(done, undone) entry ids, newest last, from (entry id, entry it reversed) in log order."""
    done: dict[int, None] = {}  # ordered sets: a long day's log stays linear
    undone: dict[int, None] = {}
    for entry, reverses in history:
        if reverses is None:  # an ordinary change
            done[entry] = None
            undone.clear()
        elif reverses in done:  # an undo
            del done[reverses]
            undone[entry] = None
        elif reverses in undone:  # a redo: the change stands again, and this entry is what undoes it
            del undone[reverses]
            done[entry] = None
    return list(done), list(undone)


def reverse(appraisal: Appraisal, step: str, steps: int = 1, who: str | None = None,
            session: bool = False) -> list[Reversal]:
    """Undo (``step="undo"``) or redo the last ``steps`` changes of ``who``, or of this session only.

    All steps in one transaction: when one cannot be reversed (changed since by someone else),
    none is and the ``UsageError`` says which and who.
    """
    if steps < 1:
        raise UsageError(f"--steps must be 1 or more, not {steps}")
    who = who or appraisal.user
    if session:
        own = set(appraisal.history.session_changes)
        history = [h for h in appraisal.reader.undo_history() if h[0] in own]
        whose = "in this session"
    else:
        history = appraisal.reader.undo_history(who)
        whose = f"by {who}"
    done, undone = stacks(history)
    stack = done if step == UNDO else undone
    if not stack:
        raise UsageError(f"nothing to {step}: no change {whose} is left to {step}"
                         + (" (changes from before this version of appraise cannot be undone)"
                            if step == UNDO and not session else ""))
    if steps > len(stack):
        raise UsageError(f"only {len(stack)} change{'s' if len(stack) > 1 else ''} {whose} can be "
                         f"{step}ne, not {steps}; nothing was changed")
    chosen = stack[::-1][:steps]
    return appraisal.store.reverse_changes([(entry, step) for entry in chosen], who)


def describe(r: Reversal) -> str:
    """``REQM SP 1.1 / ALPHA: LI -> FI`` (what the change had set -> what stands again)."""
    if r.undone is None and r.restored is None:  # several cells: "3 cells"
        return r.target
    return f"{r.target}: {r.undone or '—'} -> {r.restored or '—'}"


class History:
    """What changed in an open appraisal, and undoing and redoing one's own changes (``appraisal.history``)."""

    def __init__(self, appraisal: Appraisal) -> None:
        self.appraisal = appraisal

    def log(self) -> list[ChangeRecord]:
        """Every rating-relevant change, oldest first."""
        return self.appraisal.reader.change_log()

    def undo(self, steps: int = 1, who: str | None = None, session: bool = False) -> list[Reversal]:
        """Undo the last ``steps`` changes of ``who`` (``session=True``: made through this object), in one go."""
        return reverse(self.appraisal, UNDO, steps, who, session)

    def redo(self, steps: int = 1, who: str | None = None, session: bool = False) -> list[Reversal]:
        """Redo the last ``steps`` undos of ``who`` (or of this session) that no new change has replaced."""
        return reverse(self.appraisal, REDO, steps, who, session)

    @property
    def session_changes(self) -> list[int]:
        """The undoable change-log entries written through this open appraisal, oldest first."""
        writer = self.appraisal.writer_if_open()
        return list(writer.written) if writer is not None else []
