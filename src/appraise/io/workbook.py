"""What the readers of users' workbooks share: opening one read-only, a cell as text, refusing with a list."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from appraise.errors import InputFileError
from appraise.io.table import MAX_PROBLEMS_SHOWN


def cell_text(value: Any) -> str:
    """A cell's value as the user sees it: stripped text; a date as ISO; empty for nothing."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def open_workbook(path: Path) -> Any:
    """The workbook at ``path``, read-only with its cached values (macros never run; the file is not written)."""
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    if not path.is_file():
        raise InputFileError(f"{path}: no such file")
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except InvalidFileException:
        raise InputFileError(f"{path}: not an Excel workbook (give the .xlsx or .xlsm file)") from None
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, TypeError) as exc:
        raise InputFileError(f"{path}: not an Excel workbook openpyxl can read ({exc})") from None


def raise_problems(problems: list[str], many: str) -> None:
    """Refuse with one line per problem (the first ``MAX_PROBLEMS_SHOWN``); ``many`` is the summary when there are
    several, else the one problem is the message."""
    if not problems:
        return
    shown = problems[:MAX_PROBLEMS_SHOWN]
    more = len(problems) - len(shown)
    raise InputFileError(problems[0] if len(problems) == 1 else many,
                         shown + ([f"... and {more} more problems"] if more else []))
