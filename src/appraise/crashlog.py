"""Unexpected errors (bugs): the details go to a log file, the user sees one line saying where it is.

A traceback on the terminal tells the user nothing they can act on, and Textual's shows local variables
(appraisal data, notes) that do not belong on a shared screen. The log keeps it for a bug report.
"""

from __future__ import annotations

import os
import re
import sys
import traceback
from datetime import datetime, timezone
from pathlib import Path

LOG_NAME = "crash.log"


def log_folder() -> Path:
    """``$APPRAISE_DATA_DIR`` when set (as for the recent list), else the platform's log folder."""
    override = os.environ.get("APPRAISE_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_log_path

    return user_log_path("appraise", appauthor=False)


def write_crash_log(error: BaseException) -> Path | None:
    """Append ``error``'s traceback (no local variables) to the crash log; its path, or None if it cannot be written."""
    from appraise import __version__

    path = log_folder() / LOG_NAME
    at = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    text = "".join(traceback.format_exception(error))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(redacted(f"--- {at} appraise {__version__}, Python {sys.version.split()[0]}: {sys.argv!r}\n"
                              f"{text}\n"))
    except OSError:
        return None
    return path


#: ``user:password@`` in a PostgreSQL address (also one that does not parse), as a crash may quote it.
_PASSWORD = re.compile(r"(postgres(?:ql)?://[^:/@\s'\"]*):[^@\s'\"]*@")


def redacted(text: str) -> str:
    """``text`` with the password of every PostgreSQL address in it replaced by ``***``."""
    return _PASSWORD.sub(r"\1:***@", text)


def crash_line(error: BaseException, log: Path | None) -> str:
    """The one line the user sees for an unexpected error."""
    where = f"the details are in {log}" if log is not None else "the details could not be written to a log file"
    return f"appraise: unexpected error ({type(error).__name__}), a bug in appraise; {where}"
