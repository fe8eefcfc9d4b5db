"""The parsers of ``fork``, ``merge``, ``conflicts``: mini-team copies and their merge (the MERGE work of issue 15)."""

from __future__ import annotations

from typing import Any


def add_merge_parsers(sub: Any) -> None:
    """(To be written.)"""


__all__ = ["add_merge_parsers"]
