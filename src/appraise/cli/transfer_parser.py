"""The parsers of ``push``, ``pull``, ``list``: an appraisal between a file and a team's database (issue 15)."""

from __future__ import annotations

from typing import Any


def add_transfer_parsers(sub: Any) -> None:
    """(To be written.)"""


__all__ = ["add_transfer_parsers"]
