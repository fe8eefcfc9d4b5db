"""LibreOffice for the tests: convert a file headless, as a user's office suite would open it.

``convert_with_soffice(path, fmt, outdir)`` runs ``soffice --headless --convert-to FMT`` with a profile of its own
(so parallel tests never share one) and returns the files it wrote; ``SOFFICE`` is None where LibreOffice is not
installed (the tests that need it skip, saying so). ``fmt`` "csv" writes every sheet (``name-Sheet.csv``, UTF-8).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")

#: Comma, double quote, UTF-8 (76), from line 1; "-1": every sheet to a file of its own (LibreOffice >= 7.2).
_CSV_ALL_SHEETS = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def convert_with_soffice(path: Path, fmt: str, outdir: Path, timeout: float = 240) -> list[Path]:
    """``path`` converted to ``fmt`` ("pdf", "csv", ...) in ``outdir``; the files written (sorted). Fails the test
    with LibreOffice's output when it writes nothing."""
    assert SOFFICE is not None
    outdir.mkdir(parents=True, exist_ok=True)
    before = set(outdir.iterdir())
    with tempfile.TemporaryDirectory(prefix="soffice-profile-") as profile:
        done = subprocess.run(
            [SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={Path(profile).as_uri()}",
             "--convert-to", _CSV_ALL_SHEETS if fmt == "csv" else fmt, "--outdir", str(outdir), str(path)],
            capture_output=True, text=True, timeout=timeout, check=False)
    written = sorted(set(outdir.iterdir()) - before)
    assert done.returncode == 0 and written, f"soffice failed ({done.returncode}): {done.stdout}{done.stderr}"
    return written
