"""Characterizations and decisions: `appraise characterize`, `characterizations import`, `decide`."""

from __future__ import annotations

import argparse

from appraise.cli.commands import who
from appraise.cli.commands.importing import finish_spec, reading_lines, spec_from_args
from appraise.services import Appraisal, ToolPlan, parse_alias, plan_tool_import, tool_differences


def cmd_characterize(args: argparse.Namespace) -> int:
    with Appraisal.open(args.file) as appraisal:
        value = None if args.value.lower() in ("clear", "-", "none") else args.value
        change = appraisal.cells.characterize(args.practice, args.project, value, args.note, who(args),
                                              process=args.process)
        print(f"{change.practice} / {change.project}: {change.old or '—'} -> {change.new or 'cleared'}")
        advice = appraisal.advise(change.practice, change.project) if change.new else None
        for flag in advice.flags if advice is not None else ():  # e.g. LM without a weakness statement (V1.2)
            print(f"  note: {flag}")
    return 0

def cmd_characterizations(args: argparse.Namespace) -> int:
    spec = spec_from_args(args)
    with Appraisal.open(args.file) as appraisal:
        said: list[str] = []  # what the reading found by itself, said after what the import does
        if args.layout == "mdd-tool":
            plan = plan_tool_import(appraisal, args.csv, parse_alias(args.alias))
            for line in plan.lines():
                print(line)
        else:
            plan = appraisal.cells.plan_import(args.csv, spec)
            said = reading_lines(plan.sheets, plan.notes) + ([f"Ignored columns: {', '.join(plan.ignored_columns)}"]
                                          if plan.ignored_columns else []) + finish_spec(args, spec)
            if plan.assessor_rows:  # each assessor's rating, consolidated by appraisal.assessors
                from appraise.cli.commands.assessors import cmd_assessor_import

                for line in said:
                    print(line)
                return int(cmd_assessor_import(args, appraisal, plan) or 0)
        on_conflict = "replace" if args.replace else "keep" if args.keep_existing else "refuse"
        if args.dry_run:
            changes = appraisal.cells.import_changes(plan)
            conflicts = sum(1 for c in changes if c.conflict)
            print(f"Dry run, nothing written: {len(plan.rows)} characterizations are valid; importing would "
                  f"change {len(changes)} cell{'s' if len(changes) != 1 else ''}"
                  + (f", {conflicts} of them recorded differently (marked !: "
                     + {"refuse": "the import needs --replace or --keep-existing",
                        "replace": "--replace writes the file's values",
                        "keep": "--keep-existing leaves them"}[on_conflict] + ")" if conflicts else "")
                  + (":" if changes else "."))
            for change in changes:
                print(f"  {'!' if change.conflict else ' '} {change.describe()}")
            for line in said:
                print(line)
            return 0
        changes = appraisal.cells.import_plan(plan, who(args), on_conflict)
        kept = len(appraisal.cells.import_changes(plan)) if on_conflict == "keep" else 0
        print(f"Recorded {len(plan.rows)} characterizations ({len(changes)} changed"
              + (f", {kept} recorded differently kept as they were" if kept else "") + ").")
        if isinstance(plan, ToolPlan):
            for line in tool_differences(appraisal.rate().to_dict(), plan):
                print(f"Note: {line}")
        for line in said:
            print(line)
    return 0
