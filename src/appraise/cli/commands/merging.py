"""``appraise fork``, ``merge``, ``conflicts`` and ``decide --conflict``: mini-team copies, their merge, and the
team's consensus on what the copies changed differently."""

from __future__ import annotations

import argparse
import shlex
from dataclasses import asdict

from appraise.cli import emit_json
from appraise.cli.commands import who
from appraise.errors import UsageError
from appraise.services import Appraisal
from appraise.services.merging import KINDS, Conflict


def conflict_lines(c: Conflict) -> list[str]:
    """A conflict as ``appraise conflicts`` and ``merge`` print it: its id and target, then each side."""
    head = f"#{c.id} " if c.id is not None else ""
    out = [f"{head}{c.record} {c.target}" + (f"  [decided: {c.value} — {c.rationale} ({c.decided_by}, "
                                             f"{c.decided_at})]" if c.status == "decided" else "")]
    out += [f"    {i}. {s.side}: {s.value if s.value is not None else '(none)'}  ({s.by})"
            for i, s in enumerate(c.sides, 1)]
    return out


def cmd_fork(args: argparse.Namespace) -> int:
    with Appraisal.open(args.file) as appraisal:
        dest = appraisal.merging.fork(args.output, args.label, args.areas, who(args))
    scope = f" (areas {', '.join(args.areas)})" if args.areas else ""
    print(f"Copy for {args.label.strip()}{scope} written: {dest}. Merge it back with: "
          f"appraise merge {shlex.quote(str(args.file))} {shlex.quote(str(dest))}")
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    with Appraisal.open(args.file) as appraisal:
        report = appraisal.merging.merge(args.copies, dry_run=args.dry_run, who=who(args))
    verb = "would come in" if report.dry_run else "came in"
    print(("Dry run, nothing written: " if report.dry_run else f"Merged into {args.file}: ")
          + f"{report.changes} change{'s' if report.changes != 1 else ''} {verb}, "
          + f"{len(report.conflicts)} conflict{'s' if len(report.conflicts) != 1 else ''}.")
    for label in report.copies:
        counts = report.came_in.get(label)
        what = ", ".join(f"{n} {KINDS[kind]}" for kind, n in sorted(counts.items())) if counts else "nothing new"
        outside = report.outside.get(label)
        print(f"  {label}: {what}" + (f" ({outside} change{'s' if outside != 1 else ''} outside its areas left "
                                         "out)" if outside else ""))
    if report.dry_run and report.items:  # what would come in, record by record
        print("What would come in:")
        for line in _capped([f"  {target}: {value if value is not None else '(removed)'}  ({copies})"
                             for copies, target, value in report.items]):
            print(line)
    if report.dry_run and report.left_out:
        print("Left out (outside the areas the copy was made for):")
        for line in _capped([f"  {target}  ({copy})" for copy, target in report.left_out]):
            print(line)
    if report.conflicts:
        print("Conflicts (each stays as this file has it until the team decides: appraise decide FILE "
              "--conflict ID --take SIDE --why \"...\"):" if not report.dry_run else "Conflicts it would record:")
        for c in report.conflicts:
            for line in conflict_lines(c):
                print(f"  {line}")
    return 0


def _capped(lines: list[str], most: int = 200) -> list[str]:
    return lines if len(lines) <= most else [*lines[:most], f"  ... and {len(lines) - most} more"]


def cmd_conflicts(args: argparse.Namespace) -> int:
    with Appraisal.open(args.file) as appraisal:
        found = appraisal.merging.conflicts(pending_only=not args.all)
    if args.json:
        emit_json([asdict(c) for c in found])
        return 0
    pending = sum(c.status == "pending" for c in found)
    print(f"{pending} conflict{'s' if pending != 1 else ''} pending" + (f", {len(found) - pending} decided"
                                                                         if args.all else "")
          + (": decide each with appraise decide FILE --conflict ID --take SIDE --why \"...\"" if pending else "."))
    for c in found:
        for line in conflict_lines(c):
            print(f"  {line}")
    return 0


def cmd_decide_conflict(args: argparse.Namespace) -> int:
    """``decide FILE --conflict ID (--take SIDE | VALUE) --why``: the team's consensus on a merge conflict."""
    conflict, *words = args.conflict
    words += [w for w in [args.target, *args.unit_value] if w is not None]
    if not conflict.isdigit():
        raise UsageError(f"--conflict takes a conflict's number (appraise conflicts FILE), not {conflict!r}")
    if len(words) > 1:
        raise UsageError(f"decide --conflict takes one VALUE (or --take SIDE), not {' '.join(words)!r}")
    with Appraisal.open(args.file) as appraisal:
        c = appraisal.merging.resolve(int(conflict), take=args.take, value=words[0] if words else None,
                                      why=args.why, who=who(args))
    print(f"Conflict #{c.id} decided: {c.target} = {c.value} ({c.decided_by}, {c.decided_at})")
    return 0


__all__ = ["cmd_conflicts", "cmd_decide_conflict", "cmd_fork", "cmd_merge", "conflict_lines"]
