"""The evidence linked to one practice, one row per item, grouped by project; ``u`` asks to unlink."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from appraise.services import EvidenceItem
from appraise.tui.style import KIND_STYLE, value_text


def item_text(item: EvidenceItem) -> Text:
    """``A title`` for an artifact, ``F title`` for an affirmation (the matrix's marks); never a person."""
    mark = "A" if item.kind == "artifact" else "F" if item.kind == "affirmation" else "?"
    return Text.assemble((mark, KIND_STYLE.get(item.kind, "")), " ", item.title)


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
        # its height now, from its rows: a DataTable sizes itself (height auto) on an idle tick, and when it was
        # shown and filled in one go it could keep 0 lines until something else laid the screen out again
        self.styles.height = self.row_count + (1 if self.show_header else 0)
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
