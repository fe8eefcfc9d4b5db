"""Evidence: `appraise evidence import`."""

from __future__ import annotations

import argparse

from appraise.cli.commands import who
from appraise.cli.commands.importing import finish_spec, reading_lines, spec_from_args
from appraise.services import Appraisal


def cmd_evidence(args: argparse.Namespace) -> int:
    spec = spec_from_args(args)
    with Appraisal.open(args.file) as appraisal:
        plan = appraisal.evidence.plan_import(args.csv, spec)
        kinds = plan.by_kind
        what = (f"{len(plan.items)} new evidence items ({kinds['artifact']} artifacts, "
                f"{kinds['affirmation']} affirmations), {plan.reused} already in the appraisal, "
                f"{plan.new_links} new links from {plan.rows} rows")
        if plan.ignored_columns:
            what += f"; ignored columns: {', '.join(plan.ignored_columns)}"
        saved = finish_spec(args, spec)
        if args.dry_run:
            print(f"Dry run, nothing written: would import {what}.")
        else:
            appraisal.evidence.import_plan(plan, who(args))
            print(f"Imported {what}.")
        for line in reading_lines(plan.sheets, plan.notes, plan.placeholders) + saved:
            print(line)
    return 0
