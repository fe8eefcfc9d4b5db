"""The parser of ``serve``: the terminal UI in browsers (issue 15)."""

from __future__ import annotations

from typing import Any


def add_serve_parser(sub: Any) -> None:
    """``serve LOCATION [--host HOST] [--port PORT] [--token]``."""
    p = sub.add_parser("serve", help="serve the terminal UI on an appraisal to browsers (team members without the "
                                     "app); Ctrl+C stops it",
                       description="Every browser session runs the terminal UI on the same appraisal. Bound to "
                                   "127.0.0.1 (this machine only) unless --host says otherwise; on any other "
                                   "address a browser needs the token printed at start.")
    p.add_argument("location", metavar="LOCATION",
                   help="an appraisal file, or an appraisal on a server (postgresql://host/db?appraisal=NAME, @NAME)")
    p.add_argument("--host", default="127.0.0.1",
                   help="the address to listen on (default 127.0.0.1: this machine only; 0.0.0.0: every network "
                        "of this machine, with a token)")
    p.add_argument("--port", type=int, default=8000, help="the port to listen on (default 8000)")
    p.add_argument("--token", action="store_true",
                   help="ask for a token on 127.0.0.1 too (any other --host always does)")


__all__ = ["add_serve_parser"]
