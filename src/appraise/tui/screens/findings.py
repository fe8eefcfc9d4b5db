"""Findings view (being built)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from appraise.tui.screens.base import AppraisalScreen


class FindingsScreen(AppraisalScreen):
    VIEW_TITLE = "Findings"

    def body(self) -> ComposeResult:
        yield Static("Findings: not built yet")
