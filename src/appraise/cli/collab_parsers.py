"""The parsers of the team's commands (issue 15): mini-team copies (``fork``, ``merge``, ``conflicts``), the shared
store (``push``, ``pull``, ``list``) and the browser (``serve``), each group in its own module."""

from __future__ import annotations

from typing import Any

from appraise.cli.merge_parser import add_merge_parsers
from appraise.cli.serve_parser import add_serve_parser
from appraise.cli.transfer_parser import add_transfer_parsers


def add_collaboration_parsers(sub: Any) -> None:
    add_merge_parsers(sub)
    add_transfer_parsers(sub)
    add_serve_parser(sub)


__all__ = ["add_collaboration_parsers"]
