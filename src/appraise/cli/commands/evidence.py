"""Evidence: `appraise evidence import`."""

from __future__ import annotations

import argparse

from appraise.cli.commands import who
from appraise.services import Appraisal


def cmd_evidence(args: argparse.Namespace) -> int:
    with Appraisal.open(args.file) as appraisal:
        plan = appraisal.evidence.plan_import(args.csv)
        kinds = plan.by_kind
        what = (f"{len(plan.items)} new evidence items ({kinds['artifact']} artifacts, "
                f"{kinds['affirmation']} affirmations), {plan.reused} already in the appraisal, "
                f"{plan.new_links} new links from {plan.rows} rows")
        if plan.ignored_columns:
            what += f"; ignored columns: {', '.join(plan.ignored_columns)}"
        if args.dry_run:
            print(f"Dry run, nothing written: would import {what}.")
            return 0
        appraisal.evidence.import_plan(plan, who(args))
        print(f"Imported {what}.")
    return 0
