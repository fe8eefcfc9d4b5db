"""Practices view (being built)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from appraise.tui.screens.base import AppraisalScreen


class PracticesScreen(AppraisalScreen):
    VIEW_TITLE = "Practices"

    def body(self) -> ComposeResult:
        yield Static("Practices: not built yet")
