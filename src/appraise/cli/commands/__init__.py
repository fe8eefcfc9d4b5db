"""One function per ``appraise`` command (``cmd_<command>``), grouped by use case as the services are.

A command's module is imported only when that command runs: ``appraise characterize`` does not load the
crosswalk or the model printers.
"""

from __future__ import annotations

import argparse
from importlib import import_module
from typing import Any

#: command -> the module (in this package) that runs it
MODULES = {
    "demo": "setup", "new": "setup", "scope": "setup",
    "frameworks": "models",
    "evidence": "evidence",
    "characterize": "characterization", "characterizations": "characterization", "decide": "assessors",
    "rate": "rating", "export": "rating",
    "log": "history", "undo": "history", "redo": "history",
    "conform": "findings", "finding": "findings",
    "compare": "crosswalk", "reuse": "crosswalk", "gaps": "crosswalk",
    "team": "team",
    "fork": "merging", "merge": "merging", "conflicts": "merging",
    "push": "transfer", "pull": "transfer", "list": "transfer",
    "serve": "serve",
}


def who(args: argparse.Namespace) -> str | None:
    """Who makes the change: ``--by``; else None, and the services take the appraisal's own default
    (``$APPRAISE_USER`` or the login name; on a team's server, the database user)."""
    return args.by or None


def __getattr__(name: str) -> Any:
    """``cmd_<command>``, from its module (imported on first use)."""
    module = MODULES.get(name.removeprefix("cmd_")) if name.startswith("cmd_") else None
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{module}"), name)
