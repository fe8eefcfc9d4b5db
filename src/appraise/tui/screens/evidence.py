"""Evidence view (being built)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from appraise.tui.screens.base import AppraisalScreen


class EvidenceScreen(AppraisalScreen):
    VIEW_TITLE = "Evidence"

    def body(self) -> ComposeResult:
        yield Static("Evidence: not built yet")
