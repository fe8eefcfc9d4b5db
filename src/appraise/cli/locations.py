"""The appraisal a command works on: a file path, or an appraisal in a team's PostgreSQL database."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from appraise.errors import UsageError
from appraise.locations import DATABASE_VARIABLE, SERVER_SCHEMES, ServerLocation, is_server, locate, locate_server


def location(text: str) -> Path | ServerLocation:
    """argparse's ``type`` for an appraisal: ``acme.appraisal``, ``postgresql://host/db?appraisal=acme`` or ``@acme``
    (in ``$APPRAISE_DB``); a server location prints without its password."""
    if not is_server(text):
        return Path(text)
    try:
        where = locate(text)
    except UsageError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    assert isinstance(where, ServerLocation)
    return where


def database_appraisal() -> str | None:
    """``$APPRAISE_DB`` when it names an appraisal (``...?appraisal=acme``): ``appraise`` alone opens it."""
    text = os.environ.get(DATABASE_VARIABLE, "")
    return text if text.startswith(SERVER_SCHEMES) and locate_server(text).appraisal else None


__all__ = ["database_appraisal", "location"]
