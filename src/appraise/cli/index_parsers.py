"""The parsers of ``appraise evidence list|export|remove`` and ``appraise finding import`` (the evidence index
both ways, findings from files: issue 13), added to ``build_parser``'s ``evidence`` and ``finding`` commands."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from appraise.cli.locations import location


def add_evidence_index_parsers(evidence: Any) -> None:
    """``evidence list``, ``evidence export``, ``evidence remove`` (``evidence``: the subparsers of ``evidence``)."""
    p = evidence.add_parser("list", help="the evidence items with their ids, kinds, sources and links")
    p.add_argument("file", type=location)
    p.add_argument("--json", action="store_true", help="print the items as JSON")
    p = evidence.add_parser("export", help="write the evidence index (the columns the import reads, one row per "
                                           "link) to a .csv or .xlsx file")
    p.add_argument("file", type=location)
    p.add_argument("-o", "--output", type=Path, required=True, metavar="index.csv|index.xlsx")
    p.add_argument("--force", action="store_true", help="replace the file if it exists")
    p = evidence.add_parser("remove", help="remove evidence items and their links (kept in the change log; undo "
                                           "puts them back)")
    p.add_argument("file", type=location)
    p.add_argument("ids", type=int, nargs="+", metavar="ID")


def add_finding_import_parser(finding: Any) -> argparse.ArgumentParser:
    """``finding import FILE SOURCE``: strengths and weaknesses from a column of a workbook or CSV (the reading
    options are every import's, ``add_import_options``)."""
    p = finding.add_parser("import", help="import strengths and weaknesses per practice, area or indicator from "
                                          "a .xlsx/.xlsm/.csv file (all or nothing; a finding there is kept once)")
    p.add_argument("file", type=location)
    p.add_argument("source", type=Path, metavar="FINDINGS", help="the workbook or CSV file")
    p.add_argument("--dry-run", action="store_true", help="check the file and show what would be imported")
    return p

__all__ = ["add_evidence_index_parsers", "add_finding_import_parser"]
