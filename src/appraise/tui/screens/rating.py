"""Rating view (being built)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from appraise.tui.screens.base import AppraisalScreen


class RatingScreen(AppraisalScreen):
    VIEW_TITLE = "Rating"

    def body(self) -> ComposeResult:
        yield Static("Rating: not built yet")
