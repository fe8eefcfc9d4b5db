"""The parsers of ``appraise evidence list|export|remove`` and ``appraise finding import`` (the evidence index
both ways, findings from files: issue 13), added to ``build_parser``'s ``evidence`` and ``finding`` commands."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def add_evidence_index_parsers(evidence: Any) -> None:
    """``evidence list``, ``evidence export``, ``evidence remove`` (``evidence``: the subparsers of ``evidence``)."""
    p = evidence.add_parser("list", help="the evidence items with their ids, kinds, sources and links")
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true", help="print the items as JSON")
    p = evidence.add_parser("export", help="write the evidence index (the columns the import reads, one row per "
                                           "link) to a .csv or .xlsx file")
    p.add_argument("file", type=Path)
    p.add_argument("-o", "--output", type=Path, required=True, metavar="index.csv|index.xlsx")
    p = evidence.add_parser("remove", help="remove evidence items and their links (kept in the change log; undo "
                                           "puts them back)")
    p.add_argument("file", type=Path)
    p.add_argument("ids", type=int, nargs="+", metavar="ID")


def add_finding_import_parser(finding: Any) -> None:
    """``finding import FILE SOURCE``: strengths and weaknesses from a column of a workbook or CSV."""
    p = finding.add_parser("import", help="import strengths and weaknesses per practice, area or indicator from "
                                          "a .xlsx/.xlsm/.csv file (all or nothing; a finding there is kept once)")
    p.add_argument("file", type=Path)
    p.add_argument("source", type=Path, metavar="FINDINGS", help="the workbook or CSV file")
    p.add_argument("--dry-run", action="store_true", help="check the file and show what would be imported")
    p.add_argument("--sheet", default=None, help="the workbook's sheet (default: the first one that fits)")
    p.add_argument("--sheets", default=None, metavar="GLOB", help="every visible sheet matching, e.g. \"PA-*\"")
    p.add_argument("--header-row", type=int, default=None, metavar="N", help="the header's row (default: found)")
    p.add_argument("--layout", default="long", choices=("long", "wide", "rows"), help="how the sheet is laid out")
    p.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN",
                   help="a field's column by header or letter (fields: practice, area, kind, weakness, strength, "
                        "text); repeatable or comma-separated")
    p.add_argument("--alias", default=None, metavar="RM=REQM,...", help="the organization's area codes")


__all__ = ["add_evidence_index_parsers", "add_finding_import_parser"]
