"""``appraise serve LOCATION``: the terminal UI in browsers, every session on the same appraisal."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from appraise.cli.locations import location
from appraise.errors import UsageError
from appraise.locations import DATABASE_VARIABLE


def _checked(text: str) -> tuple[str, str, str]:
    """What each session opens, the location as printed, and the page's title. The appraisal is opened once here
    (a bad location is refused once, in one line, rather than in every browser). A server location is handed to
    the sessions in ``$APPRAISE_DB`` (``appraise`` alone opens it), never on a command line, where its password
    would show in the process list."""
    from appraise.services import Appraisal

    where = location(text)
    if isinstance(where, Path) and not where.is_file():
        raise UsageError(f"{text}: no such appraisal file" if not where.exists()
                         else f"{text}: not an appraisal file (a folder?)")
    with Appraisal.open(where) as appraisal:
        unit = appraisal.info.unit
    if isinstance(where, Path):
        return str(where.resolve()), str(where), f"appraise — {unit} ({where.name})"
    os.environ[DATABASE_VARIABLE] = where.address
    return "", where.shown, f"appraise — {unit} ({where.name})"


def cmd_serve(args: argparse.Namespace) -> int:
    """Check the location and the address, then serve until Ctrl+C."""
    from appraise.tui.serve import check_port, options, serve

    try:
        location_, shown, title = _checked(args.location)
    except argparse.ArgumentTypeError as exc:
        raise UsageError(str(exc)) from None
    opts = options(location_, host=args.host, port=args.port, token=args.token, shown=shown)
    check_port(opts)
    serve(opts, title, lambda line: print(line, flush=True))
    return 0
