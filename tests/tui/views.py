"""What the view tests share: open a view by its key, and read what a widget shows as plain text."""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console
from textual.widgets import DataTable, Static

from appraise.tui.screens.findings import FindingsScreen
from appraise.tui.screens.matrix import MatrixScreen, MatrixTable


async def show_view(pilot, key: str, screen_type: type) -> Any:
    """Press the view's key and return its screen (asserting it is the one expected)."""
    await pilot.press(key)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, screen_type)
    return screen


async def open_matrix(pilot) -> tuple[MatrixScreen, MatrixTable]:
    screen = await show_view(pilot, "f4", MatrixScreen)
    return screen, screen.query_one(MatrixTable)


async def open_findings(pilot) -> tuple[FindingsScreen, DataTable]:
    screen = await show_view(pilot, "f7", FindingsScreen)
    return screen, screen.query_one("#findings", DataTable)


def plain(renderable: Any) -> str:
    """A rich renderable (Text, a table, a group) as the plain text it prints."""
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def shown_text(screen, selector: str) -> str:
    """What a Static or a status line shows, as plain text (rich tables and groups rendered)."""
    widget = screen.query_one(selector)
    return plain(widget.content if isinstance(widget, Static) else widget.render())
