"""Several assessors' ratings: importing a round of them (`characterizations import` with an assessor column) and
the team's decisions, a cell's consensus among them (`appraise decide FILE TARGET [UNIT] VALUE --why`)."""

from __future__ import annotations

import argparse

from appraise.cli.commands import who
from appraise.errors import UsageError
from appraise.services import Appraisal, AssessorImport


def _counts(imported: AssessorImport) -> str:
    rows = len(imported.rows)
    per = ", ".join(f"{assessor} {n}" for assessor, n in imported.by_assessor.items())
    return f"{rows} rating{'s' if rows != 1 else ''}" + (f" ({per})" if per else "")


def _lines(imported: AssessorImport, changed_cells: int, on_conflict: str) -> list[str]:
    """Agreed, pending (each with every assessor's value) and changed cells, conflicts marked ``!``."""
    agreed, pending, changed = imported.agreed, imported.pending, imported.changed
    out = [f"Agreed: {len(agreed)} cell{'s' if len(agreed) != 1 else ''} (the assessors give one value).",
           f"Pending a consolidated rating: {len(pending)} cell{'s' if len(pending) != 1 else ''}"
           + (" (the assessors disagree; record the team's consensus with appraise decide FILE PRACTICE UNIT "
              "VALUE --why ...):" if pending else ".")]
    out += [f"  {c.practice} / {c.project}: {c.values()}" for c in pending]
    conflicts = len(imported.conflicts)
    out.append(f"Changed: {changed_cells} cell{'s' if changed_cells != 1 else ''}"
               + (f", {conflicts} of them recorded differently by hand (marked !: "
                  + {"refuse": "the import needs --replace or --keep-existing",
                     "replace": "--replace writes the assessors' value",
                     "keep": "--keep-existing leaves them"}[on_conflict] + ")" if conflicts else "")
               + (":" if changed else "."))
    out += [f"  {'!' if c.conflict else ' '} {c.describe()}" for c in changed]
    return out


def cmd_assessor_import(args: argparse.Namespace, appraisal: Appraisal, plan: object) -> int:
    """Import a file of assessors' ratings (``plan.assessor_rows``, made by the characterization import when the
    file maps an ``assessor`` column): each rating kept, the cells they agree on set, the others pending."""
    imported = appraisal.assessors.plan(plan)  # type: ignore[arg-type]
    on_conflict = "replace" if getattr(args, "replace", False) else \
        "keep" if getattr(args, "keep_existing", False) else "refuse"
    if getattr(args, "dry_run", False):
        print(f"Dry run, nothing written: importing {imported.path.name} would change {_counts(imported)} and "
              f"{len(imported.changed)} cell{'s' if len(imported.changed) != 1 else ''}.")
        for line in _lines(imported, len(imported.changed), on_conflict):
            print(line)
        return 0
    changed = appraisal.assessors.record(imported, who(args), on_conflict)
    print(f"Recorded the assessors' ratings of {imported.path.name}: {_counts(imported)} changed, "
          f"{len(changed)} cell{'s' if len(changed) != 1 else ''} changed.")
    for line in _lines(imported, len(changed), on_conflict):
        print(line)
    return 0


def cmd_decide(args: argparse.Namespace) -> int:
    """``decide FILE TARGET VALUE`` (what the method leaves to the team) or ``decide FILE TARGET UNIT VALUE``
    (the team's consensus on one cell its assessors rate differently); ``decide FILE --conflict ID (--take SIDE |
    VALUE)``: the team's consensus on a merge conflict."""
    if getattr(args, "conflict", None) is not None:
        from appraise.cli.commands.merging import cmd_decide_conflict

        return cmd_decide_conflict(args)
    if getattr(args, "take", None) is not None:
        raise UsageError("--take goes with --conflict ID (a merge conflict: appraise conflicts FILE)")
    if args.target is None or not args.unit_value:
        raise UsageError("decide takes a target and a value (or --conflict ID for a merge conflict)")
    rest = list(args.unit_value)
    if len(rest) > 2:
        raise UsageError(f"decide takes a target, a unit (for a cell's consensus) and a value, not {len(rest) + 1} "
                         f"words after the file: {' '.join([args.target, *rest])!r}")
    unit, value = (rest[0], rest[1]) if len(rest) == 2 else (None, rest[0])
    with Appraisal.open(args.file) as appraisal:
        record = appraisal.decisions.decide(args.target, value, args.why, who(args), unit=unit)
        print(f"Decision recorded: {record.target} = {record.value} ({record.decided_by}, {record.decided_at})")
    return 0
