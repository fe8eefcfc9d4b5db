"""The store's name for ``appraise.locations`` (where an appraisal lives: a file or a server location)."""

from __future__ import annotations

from appraise.locations import (
    DATABASE_VARIABLE,
    SERVER_SCHEMES,
    FileLocation,
    ServerLocation,
    is_server,
    locate,
    locate_server,
)

__all__ = ["DATABASE_VARIABLE", "SERVER_SCHEMES", "FileLocation", "ServerLocation", "is_server", "locate",
           "locate_server"]
