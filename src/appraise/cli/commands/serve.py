"""``appraise serve LOCATION``: the terminal UI in browsers, every session on the same appraisal."""

from __future__ import annotations

import argparse
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from appraise.errors import UsageError

#: How a location on a PostgreSQL server starts (``@NAME``: an appraisal in ``$APPRAISE_DB``).
SERVER_PREFIXES = ("postgresql://", "postgres://", "@")


def _checked(location: str) -> tuple[str, str]:
    """The location each session opens and the page's title; a file must exist and open (a bad one is refused
    here, once, rather than in every browser). A server location is passed on as it is given."""
    if location.startswith(SERVER_PREFIXES) and not Path(location).exists():
        names = parse_qs(urlsplit(location).query).get("appraisal") or [location[1:] if location.startswith("@") else "?"]
        return location, f"appraise — {names[-1]}"
    path = Path(location)
    if not path.is_file():
        raise UsageError(f"{location}: no such appraisal file" if not path.exists()
                         else f"{location}: not an appraisal file (a folder?)")
    from appraise.services import Appraisal

    with Appraisal.open(path) as appraisal:
        unit = appraisal.info.unit
    return str(path.resolve()), f"appraise — {unit} ({path.name})"


def cmd_serve(args: argparse.Namespace) -> int:
    """Check the location and the address, then serve until Ctrl+C."""
    from appraise.tui.serve import check_port, options, serve

    location, title = _checked(args.location)
    opts = options(location, host=args.host, port=args.port, token=args.token)
    check_port(opts)
    serve(opts, title, lambda line: print(line, flush=True))
    return 0
