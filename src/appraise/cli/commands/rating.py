"""The rating: `appraise rate` (and how a rating prints on a terminal) and `appraise export`."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from appraise.cli import emit_json
from appraise.services import Appraisal, export_format_for


def cmd_rate(args: argparse.Namespace) -> int:
    with Appraisal.open(args.file) as appraisal:
        rating = appraisal.rate().to_dict()
        if args.json:
            emit_json(rating)
        else:
            print(render_rating(appraisal, rating))
    return 0

def cmd_export(args: argparse.Namespace) -> int:
    with Appraisal.open(args.file) as appraisal:
        if args.output == "-":
            sys.stdout.write(appraisal.export_text(args.format or "md"))
            return 0
        fmt = export_format_for(args.output, args.format)
        path = appraisal.export(fmt, args.output)
        print(f"Wrote {path} ({fmt})")
    return 0

def render_rating(appraisal: Appraisal, rating: dict[str, Any]) -> str:
    """The roll-up for a terminal, as the appraisal's scheme words it: level or profile or recommendation,
    what holds it back, the decisions to make."""
    return "\n".join(appraisal.scheme.report.text(rating, appraisal.info, appraisal.framework,
                                                  appraisal.decisions.all(), f"appraise decide {appraisal.info.path}"))
