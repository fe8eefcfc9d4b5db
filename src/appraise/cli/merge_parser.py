"""The parsers of ``fork``, ``merge``, ``conflicts``: mini-team copies and their merge (the MERGE work of issue 15)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from appraise.cli.locations import location


def _areas(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def add_merge_parsers(sub: Any) -> None:
    """``fork FILE --for LABEL -o COPY [--areas A,B]``, ``merge FILE COPY... [--dry-run]``,
    ``conflicts FILE [--all] [--json]``."""
    p = sub.add_parser("fork", help="hand a mini-team a copy of the appraisal to work on; merge it back later")
    p.add_argument("file", type=location)
    p.add_argument("--for", dest="label", required=True, metavar="LABEL", help="whom the copy is for, e.g. "
                                                                                "\"Mini-team A\"")
    p.add_argument("-o", "--output", dest="output", type=Path, required=True, metavar="COPY",
                   help="the copy to write (a new file)")
    p.add_argument("--areas", type=_areas, default=[], metavar="A,B",
                   help="limit the copy to these process areas: a merge brings in only their changes")

    p = sub.add_parser("merge", help="bring into FILE every change each copy made since it was forked; "
                                     "what both sides changed differently becomes a conflict for the team")
    p.add_argument("file", type=location)
    p.add_argument("copies", type=Path, nargs="+", metavar="COPY", help="copies made with appraise fork")
    p.add_argument("--dry-run", action="store_true", help="list what would come in and the conflicts; "
                                                          "change nothing")

    p = sub.add_parser("conflicts", help="the conflicts merges found, pending the team's consensus "
                                         "(record it with appraise decide FILE --conflict ID)")
    p.add_argument("file", type=location)
    p.add_argument("--all", action="store_true", help="also the decided ones, with the consensus")
    p.add_argument("--json", action="store_true", help="print them as JSON")


__all__ = ["add_merge_parsers"]
