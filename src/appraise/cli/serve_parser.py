"""The parsers of ``serve``: the terminal UI in browsers (issue 15)."""

from __future__ import annotations

from typing import Any


def add_serve_parser(sub: Any) -> None:
    """(To be written.)"""


__all__ = ["add_serve_parser"]
