"""The characterization grid: ``MatrixTable`` takes the value keys of the model's scale and says which cell
each key was typed on (see the class); how a cell and the project columns look."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.message import Message

from appraise.services import Scale
from appraise.tui.style import evidence_marks, value_text
from appraise.tui.widgets.matrix_view import MatrixView

#: How a cell changed elsewhere (another process or window) is flagged until the cursor comes to it.
CHANGED_ELSEWHERE = "bold black on yellow"
CELL_WIDTH = 5  # "FI AF"
#: The key that opens a cell's note: the first of these the scale's values leave free (CMMI V3.0's NC takes c).
NOTE_KEYS = ("c", "n", "N")


def column_headers(codes: Sequence[str], room: int) -> tuple[list[str], list[int], dict[str, str]]:
    """Headers and widths of the project columns: whole codes in columns as wide as the code when the
    grid fits in ``room`` cells (or every code fits a cell anyway); else short codes of a cell's width,
    with the legend ``{short: code}`` saying what each means."""
    whole = [max(CELL_WIDTH, len(code)) for code in codes]
    if sum(w + 1 for w in whole) <= room or all(len(code) <= CELL_WIDTH for code in codes):
        return list(codes), whole, {}
    headers: list[str] = []
    legend: dict[str, str] = {}
    for number, code in enumerate(codes, 1):
        if len(code) <= CELL_WIDTH:
            headers.append(code)
            continue
        stem = "".join(ch for ch in code if ch.isalnum())[:max(CELL_WIDTH - 1 - len(str(number)), 1)]
        short = f"{stem}~{number}"  # the column's number keeps PRJ-101 and PRJ-102 apart
        headers.append(short)
        legend[short] = code
    return headers, [max(CELL_WIDTH, len(h)) for h in headers], legend


def cell_text(value: str | None, kinds: set[str] | frozenset[str], changed_elsewhere: bool = False) -> Text:
    """``LI AF``: the value in two columns (``F  AF`` for a one-letter scale, so the evidence
    marks never read as a rating), then the evidence marks; ``LI!AF``, highlighted, when the cell was
    changed elsewhere (the ``!`` reads without colour too).

    One shared ``Text`` for each look (value, marks, flag): the grid fits each once, so a row of 200
    cells renders from a cache. Do not change the text returned."""
    return _cell_text(value, "artifact" in kinds, "affirmation" in kinds, changed_elsewhere)


@lru_cache(maxsize=1024)
def _cell_text(value: str | None, artifact: bool, affirmation: bool, changed_elsewhere: bool) -> Text:
    kinds = {kind for kind, linked in (("artifact", artifact), ("affirmation", affirmation)) if linked}
    text = value_text(value)
    text.pad_right(max(0, 2 - text.cell_len))
    cell = Text.assemble(text, ("!" if changed_elsewhere else " ", "bold"), evidence_marks(kinds))
    if changed_elsewhere:
        cell.stylize(CHANGED_ELSEWHERE)
    return cell


class MatrixTable(MatrixView):
    """The characterization grid; posts ``SetValue`` when a value key is pressed on a project cell.

    Columns are the projects, then the OU characterization (read only, no cursor stop).

    A key decides its cell when it is pressed, and a value key moves the cursor on at once: the keys of a
    burst (a fast typist, auto-repeat, a paste) reach the table before the screen has handled the
    messages of the first ones, so each message carries its own cell, never "the cell under the cursor".
    """

    BINDINGS = [
        Binding("x,delete,backspace", "clear", "Clear"),
        Binding("c", "note", "Note", tooltip="Write the team's note on this cell (a weakness, a gap)"),
        Binding("g", "next_gap", "Next gap", tooltip="Next cell with no characterization or no evidence"),
    ]
    HELP_TITLE = "Matrix cells"

    @dataclass
    class SetValue(Message):
        practice: str
        project: str
        value: str | None

    @dataclass
    class EditNote(Message):
        practice: str
        project: str

    @dataclass
    class NoGap(Message):
        """No gap was found from the cursor on (the screen says so)."""

    def __init__(self, scale: Scale, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scale = scale
        self.practices: list[str] = []
        self.projects: tuple[str, ...] = ()
        #: Practices the method takes no value on now (an area ruled not applicable, a clause declared not
        #: applicable): their value keys are refused and the cursor stays.
        self.ruled_out: frozenset[str] = frozenset()
        #: ``refused(practice, project)``, set by the screen: one unit's cell the method takes no value on (a unit
        #: outside an area's sample): its value keys are refused, the cursor stays, typing steps over it.
        self.refused: Callable[[str, str], bool] = lambda practice, project: False
        #: ``is_gap(practice, project)``, set by the screen: what ``g`` looks for.
        self.is_gap: Callable[[str, str], bool] = lambda practice, project: False
        #: Values typed whose ``SetValue`` the screen has not handled yet (``is_gap`` reads them first).
        self.typed: dict[tuple[str, str], str | None] = {}
        #: From ``c`` until the screen has opened the note (or said why not): the keys typed meanwhile were
        #: meant for the note, so they change no cell.
        self.opening_note = False
        # the value keys come from the model's scale, so a model file can define its own; a value's key wins
        # over the note's, which moves to a free one
        taken = {key for value in scale.values for key in value.keys}
        if NOTE_KEYS[0] in taken:
            note = self._bindings.key_to_bindings.pop(NOTE_KEYS[0])[0]
            free = next((key for key in NOTE_KEYS if key not in taken), "ctrl+n")
            self._bindings.key_to_bindings.setdefault(free, []).append(replace(note, key=free, key_display=free))
        for value in scale.values:
            if not value.keys:
                continue
            self._bindings.bind(",".join(value.keys), f"set_value('{value.id}')", value.id,
                                key_display=value.keys[0], show=True)

    def name_next_gap(self, description: str, tooltip: str) -> None:
        """What ``g`` looks for, in the appraisal's words: the footer and the help read this binding."""
        bindings = self._bindings.key_to_bindings
        bindings["g"] = [replace(b, description=description, tooltip=tooltip) if b.action == "next_gap" else b
                         for b in bindings.get("g", [])]

    def cell_target(self) -> tuple[str, str] | None:
        """(practice, project) under the cursor, or None on an empty grid."""
        row, column = self.cursor
        if not self.practices or not self.projects or row >= len(self.practices) or column >= len(self.projects):
            return None
        return self.practices[row], self.projects[column]

    def action_set_value(self, value: str) -> None:
        if self.opening_note:  # typed for the note that is opening
            return
        target = self.cell_target()
        if target is None:
            self.app.bell()
            return
        self.post_message(self.SetValue(target[0], target[1], value))
        if target[0] in self.ruled_out or self.refused(*target):  # refused (the screen says why): the cursor stays
            return
        self.typed[target] = value
        self._advance()

    def _advance(self) -> None:
        """On to the next cell that takes a value: one key a cell, rows ruled not applicable and cells refused
        (a unit outside the area's sample) stepped over."""
        row, column = self.cursor
        width = len(self.projects)
        for index in range(row * width + column + 1, len(self.practices) * width):
            practice, project = self.practices[index // width], self.projects[index % width]
            if practice not in self.ruled_out and not self.refused(practice, project):
                self.move_cursor(index // width, index % width)
                return

    def action_clear(self) -> None:
        target = self.cell_target()
        if target is not None and not self.opening_note:
            if target[0] not in self.ruled_out and not self.refused(*target):
                self.typed[target] = None
            self.post_message(self.SetValue(target[0], target[1], None))

    def action_note(self) -> None:
        target = self.cell_target()
        if target is not None and not self.opening_note:
            self.opening_note = True
            self.post_message(self.EditNote(*target))

    def action_next_gap(self) -> None:
        """The cursor to the next gap (row by row, wrapping), at once: a value typed next lands there."""
        if not self.practices or not self.projects or self.opening_note:
            return
        width = len(self.projects)
        row, column = self.cursor
        start = row * width + min(column, width - 1)
        total = len(self.practices) * width
        for step in range(1, total + 1):
            index = (start + step) % total
            if self.is_gap(self.practices[index // width], self.projects[index % width]):
                self.move_cursor(index // width, index % width)
                return
        self.post_message(self.NoGap())
