"""Widgets of the terminal UI."""

from appraise.tui.widgets.matrix_view import MatrixView
from appraise.tui.widgets.status_line import StatusLine

__all__ = ["MatrixView", "StatusLine"]
