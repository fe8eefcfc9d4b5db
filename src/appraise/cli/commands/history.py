"""The change log, undo and redo: `appraise log`, `undo`, `redo`."""

from __future__ import annotations

import argparse

from appraise.cli.commands import who
from appraise.services import Appraisal


def cmd_log(args: argparse.Namespace) -> int:
    with Appraisal.open(args.file) as appraisal:
        log = appraisal.history.log()
        width = max((len(c.who) for c in log), default=0)
        for c in log:
            change = f": {c.old or '—'} -> {c.new or '—'}" if c.old or c.new else ""
            print(f"{c.at}  {c.who:<{width}}  {c.what} [{c.target}]{change}")
    return 0

def cmd_undo(args: argparse.Namespace) -> int:
    """Undo the last --steps changes made by --by (or $APPRAISE_USER, the login name): all or none."""
    from appraise.services.undo import describe

    with Appraisal.open(args.file) as appraisal:
        for r in appraisal.history.undo(args.steps, who(args)):
            print(f"Undone {r.what}: {describe(r)}")
    return 0

def cmd_redo(args: argparse.Namespace) -> int:
    from appraise.services.undo import describe

    with Appraisal.open(args.file) as appraisal:
        for r in appraisal.history.redo(args.steps, who(args)):
            print(f"Redone {r.what}: {describe(r)}")
    return 0
