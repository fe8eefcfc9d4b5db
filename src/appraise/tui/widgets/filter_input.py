"""The evidence view's filter field: escape clears it, Enter or ↓ goes back to the table."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input

from appraise.tui.widgets.evidence_table import EvidenceTable


class FilterInput(Input):
    """Filters the table as you type; escape clears the filter, Enter or ↓ goes back to the table."""

    BINDINGS = [
        Binding("escape", "clear", "Clear filter"),
        # priority: handled when the key arrives, so the keys typed right after ↓ reach the table
        Binding("down", "leave", "To the table", show=False, priority=True),
    ]

    def action_clear(self) -> None:
        self.value = ""
        self.action_leave()

    def action_leave(self) -> None:
        self.screen.set_focus(self.screen.query_one(EvidenceTable))  # at once, not after a refresh
