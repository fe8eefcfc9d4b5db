"""A line of status text with a fixed height: updating it repaints it alone, never the layout."""

from __future__ import annotations

from rich.console import RenderableType
from textual.widget import Widget


class StatusLine(Widget):
    """``update(text)`` like a ``Static``, but without a layout pass (its height is set in CSS)."""

    DEFAULT_CSS = """
    StatusLine {
        height: 1;
        padding: 0 1;
        background: $boost;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._content: RenderableType = ""

    def update(self, content: RenderableType) -> None:
        self._content = content
        self.refresh()

    def render(self) -> RenderableType:
        return self._content
