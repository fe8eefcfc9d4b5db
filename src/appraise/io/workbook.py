"""What the readers of users' workbooks share: opening one read-only, a cell as text, refusing with a list."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from appraise.errors import InputFileError
from appraise.io.table import MAX_PROBLEMS_SHOWN

#: The first bytes of an OLE2 compound file: an .xls, or an .xlsx encrypted with a password to open.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def number_text(value: float | int, fmt: tuple[int, bool] | None) -> str:
    """A number as the user reads it: a fixed-decimals format's digits, else no float artefacts."""
    if fmt is not None:
        decimals, percent = fmt
        return f"{value * 100:.{decimals}f}%" if percent else f"{value:.{decimals}f}"
    if value.__class__ is int:
        return str(value)
    if value.is_integer() and abs(value) < 1e15:  # type: ignore[union-attr]
        return str(int(value))
    return format(value, ".15g")  # Excel keeps 15 significant digits: 0.1+0.2 is 0.3


def cell_text(value: Any) -> str:
    """A cell's value as the user sees it: stripped text; a date as ISO; a number without float artefacts
    (``3.0`` -> ``3``, ``0.1 + 0.2`` -> ``0.3``); empty for nothing."""
    if value is None:
        return ""
    if value.__class__ is str:
        return value.strip()  # type: ignore[no-any-return]
    if value.__class__ is float:
        return number_text(value, None)
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
        raise InputFileError(f"{path}: no such file" if not path.exists() else f"{path}: not a file")
    if path.suffix.lower() == ".xls":
        raise InputFileError(f"{path}: an Excel 97-2003 workbook (.xls), which appraise does not read: open it in "
                             "Excel and save it as .xlsx (Excel Workbook)")
    try:
        with open(path, "rb") as fh:
            magic = fh.read(8)
    except OSError as exc:
        raise InputFileError(f"{path}: cannot read the file ({exc.strerror})") from None
    if magic == OLE_MAGIC:
        raise InputFileError(f"{path}: a password-protected (encrypted) workbook or an old .xls file saved under "
                             "another name: open it in Excel and save it as .xlsx without a password to open")
    if not magic.startswith(b"PK\x03\x04"):
        raise InputFileError(f"{path}: not an Excel workbook (an .xlsx or .xlsm file is a zip archive; this one "
                             "is not)")
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except InvalidFileException:
        raise InputFileError(f"{path}: not an Excel workbook (give the .xlsx or .xlsm file)") from None
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, TypeError, IndexError, AttributeError,
            SyntaxError) as exc:  # SyntaxError: xml.etree's ParseError of a damaged part
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
