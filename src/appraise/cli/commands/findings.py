"""Findings and an audit's conformity: `appraise finding`, `conform`."""

from __future__ import annotations

import argparse
from typing import Any

from appraise.cli import emit_json
from appraise.cli.commands import who
from appraise.cli.commands.importing import finish_spec, reading_lines, spec_from_args
from appraise.errors import UsageError
from appraise.services import Appraisal


def cmd_conform(args: argparse.Namespace) -> int:
    from appraise.services import clause_order

    with Appraisal.open(args.file) as appraisal:
        cells = appraisal.findings.conform(args.clause, args.site, who(args))
        clauses = sorted({c for c, _s in cells}, key=clause_order)
        sites = sorted({s for _c, s in cells})
        print(f"Conformity recorded: {', '.join(clauses)} in {', '.join(sites)} (a nonconformity on a clause "
              "overrides it)")
    return 0

def _finding_dict(f: Any) -> dict[str, Any]:
    return {"id": f.id, "clause": f.practice or f.area, "grade": f.kind, "status": f.status or None,
            "site": f.site or None, "evidence": f.evidence_id, "text": f.text}

def cmd_finding(args: argparse.Namespace) -> int:
    with Appraisal.open(args.file) as appraisal:
        if args.action == "list":
            findings = appraisal.findings.all()
            if args.json:
                emit_json([_finding_dict(f) for f in findings])
            for f in [] if args.json else findings:
                where = f" in {f.site}" if f.site else ""
                status = f" — {f.status.replace('_', ' ')}" if f.status else ""
                print(f"{f.id}\t{f.kind} on {f.practice or f.area}{where}{status}: {f.text}")
            return 0
        if args.action == "delete":
            found = next((f for f in appraisal.findings.all() if f.id == args.id), None)
            if found is None:
                raise UsageError(f"there is no finding {args.id} (appraise finding list {args.file})")
            appraisal.findings.delete(args.id, who(args))
            print(f"Deleted finding {args.id} ({found.kind} on {found.practice or found.area}); the change log "
                  "keeps it.")
            return 0
        if args.action == "import":
            return _import(args, appraisal)
        if args.action == "add":
            f = appraisal.findings.add(args.clause, args.grade, args.text, args.site, args.evidence, who(args))
        elif args.reopen or args.plan_withdrawn:
            f = appraisal.findings.set_back(args.id, "reopen" if args.reopen else "plan_withdrawn", args.why,
                                          who(args))
        else:
            status = "plan_accepted" if args.plan_accepted else "verified_closed"
            f = appraisal.findings.update_status(args.id, status, who(args), args.why)
        if args.json:
            emit_json(_finding_dict(f))
        else:
            where = f" in {f.site}" if f.site else ""
            print(f"{f.id}\t{f.kind} on {f.practice or f.area}{where}" + (f" — {f.status.replace('_', ' ')}" if f.status else ""))
    return 0


def _import(args: argparse.Namespace, appraisal: Appraisal) -> int:
    spec = spec_from_args(args)
    plan = appraisal.findings.plan_import(args.source, spec)
    counts = plan.by_kind
    what = (f"{len(plan.findings)} new finding{'s' if len(plan.findings) != 1 else ''}"
            + (f" ({', '.join(f'{n} {kind}' for kind, n in counts.items())})" if counts else "")
            + f" from {plan.rows} rows; {plan.duplicates} already in the appraisal or repeated")
    if plan.placeholders:
        what += f"; {plan.placeholders} placeholder cells (TBD, N/A, -) skipped"
    saved = finish_spec(args, spec)
    if args.dry_run:
        print(f"Dry run, nothing written: would import {what}.")
    else:
        appraisal.findings.import_plan(plan, who(args))
        print(f"Imported {what}.")
    for line in reading_lines((), plan.notes) + saved:
        print(line)
    return 0
