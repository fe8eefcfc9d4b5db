"""``appraise push``, ``pull`` and ``list``: an appraisal between a file and a team's database."""

from __future__ import annotations

import argparse

from appraise.cli import emit_json
from appraise.services.transfer import listing, listing_dicts, pull, push


def cmd_push(args: argparse.Namespace) -> int:
    shown = push(args.file, args.location)
    print(f"Copied {args.file} to {shown} (the file is unchanged).")
    return 0


def cmd_pull(args: argparse.Namespace) -> int:
    out = pull(args.location, args.output, force=args.force)
    print(f"Copied {_shown(args.location)} to {out}.")
    return 0


def _shown(text: str) -> str:
    """A location as messages show it: without its password."""
    from appraise.services.transfer import shown

    return shown(text)


def cmd_list(args: argparse.Namespace) -> int:
    rows = listing(args.location)
    if args.json:
        emit_json(listing_dicts(rows))
        return 0
    if not rows:
        print(f"{_shown(args.location)} holds no appraisal yet (appraise push FILE ...?appraisal=NAME).")
        return 0
    head = ("name", "unit", "model", "changes", "last change")
    table = [head, *((r.name, r.unit, r.framework_id, str(r.changes), r.last_change_at or "-") for r in rows)]
    widths = [max(len(row[i]) for row in table) for i in range(len(head))]
    for row in table:
        print("  ".join(cell.ljust(w) if i < len(head) - 1 else cell
                        for i, (cell, w) in enumerate(zip(row, widths))).rstrip())
    return 0
