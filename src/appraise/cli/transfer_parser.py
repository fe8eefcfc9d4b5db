"""The parsers of ``push``, ``pull``, ``list``: an appraisal between a file and a team's database (issue 15)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

_WHERE = "postgresql://user@host/db?appraisal=NAME, or @NAME for the database $APPRAISE_DB names"


def add_transfer_parsers(sub: Any) -> None:
    """``push FILE LOCATION``, ``pull LOCATION -o FILE [--force]``, ``list LOCATION [--json]``."""
    p = sub.add_parser("push", help="copy an appraisal file into a team's PostgreSQL database under a name "
                                    "(the file is not changed)")
    p.add_argument("file", type=Path, help="the appraisal file to copy")
    p.add_argument("location", help=f"where it goes: {_WHERE}; the name must be free there")
    p = sub.add_parser("pull", help="copy an appraisal from a team's PostgreSQL database into a file")
    p.add_argument("location", help=f"the appraisal to copy: {_WHERE}")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="the appraisal file to create")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    p = sub.add_parser("list", help="the appraisals a team's database holds (name, unit, model, changes, last "
                                    "change), or an appraisal file's one")
    p.add_argument("location", help="postgresql://user@host/db (or $APPRAISE_DB's database as @), or a file")
    p.add_argument("--json", action="store_true", help="print them as JSON")


__all__ = ["add_transfer_parsers"]
