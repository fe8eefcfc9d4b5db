"""The rating: `appraise rate` (and how a rating prints on a terminal) and `appraise export`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from appraise.cli import emit_json
from appraise.errors import UsageError
from appraise.services import (
    DELIVERABLE_FORMATS,
    EXPORT_FORMATS,
    Appraisal,
    export_format_for,
    export_suffix,
    write_deliverable,
)


def cmd_rate(args: argparse.Namespace) -> int:
    with Appraisal.open(args.file) as appraisal:
        rating = appraisal.rate().to_dict()
        if args.json:
            emit_json(rating)
        else:
            print(render_rating(appraisal, rating))
            for line in pending_lines(appraisal):
                print(line)
    return 0


def pending_lines(appraisal: Appraisal, shown: int = 10) -> list[str]:
    """The cells pending a consolidated rating (their assessors disagree), each with every assessor's value."""
    pending = appraisal.assessors.pending()
    if not pending:
        return []
    out = ["", f"Pending a consolidated rating: {len(pending)} cell{'s' if len(pending) != 1 else ''} (the "
               f"assessors disagree; appraise decide {appraisal.info.path} PRACTICE UNIT VALUE --why ...):"]
    out += [f"  {c.describe()}" for c in pending[:shown]]
    if len(pending) > shown:
        out.append(f"  ... and {len(pending) - shown} more")
    return out

def cmd_export(args: argparse.Namespace) -> int:
    with Appraisal.open(args.file) as appraisal:
        fmt = args.format or Path(args.output).suffix.lower().lstrip(".")
        suffix = Path(args.output).suffix.lower().lstrip(".")
        known = {*DELIVERABLE_FORMATS, *EXPORT_FORMATS, "xlsx"}
        if args.format is not None and suffix in known and suffix != export_suffix(args.format):
            raise UsageError(f"{args.output}: a {args.format} file takes the extension .{export_suffix(args.format)}"
                             f" (or leave out --format: the extension chooses it)")
        if fmt in DELIVERABLE_FORMATS:
            if args.output == "-":
                raise UsageError(f"{fmt} cannot go to standard output: give the file to write with -o "
                                 f"(e.g. -o findings.{fmt})")
            path, missing = write_deliverable(appraisal, fmt, args.output, args.template, args.anonymize_projects)
            print(f"Wrote {path} ({fmt})")
            for line in missing:
                print(f"  not recorded: {line}")
            return 0
        if args.template is not None:
            raise UsageError("--template is a PowerPoint deck for --format pptx")
        if args.format is not None and args.format not in EXPORT_FORMATS:  # a workbook the scheme offers
            if args.output == "-":
                raise UsageError(f"{args.format} is a workbook: give the file to write with -o")
            path = appraisal.export(args.format, args.output, anonymize_projects=args.anonymize_projects)
            print(f"Wrote {path} ({args.format})")
            return 0
        if args.output == "-":
            sys.stdout.write(appraisal.export_text(args.format or "md", args.anonymize_projects))
            return 0
        fmt = export_format_for(args.output, args.format)
        path = appraisal.export(fmt, args.output, anonymize_projects=args.anonymize_projects)
        print(f"Wrote {path} ({fmt})")
    return 0

def render_rating(appraisal: Appraisal, rating: dict[str, Any]) -> str:
    """The roll-up for a terminal, as the appraisal's scheme words it: level or profile or recommendation,
    what holds it back, the decisions to make."""
    return "\n".join(appraisal.scheme.report.text(rating, appraisal.info, appraisal.framework,
                                                  appraisal.assessors.without_lapsed(appraisal.decisions.all()),
                                                  f"appraise decide {appraisal.info.path}"))
