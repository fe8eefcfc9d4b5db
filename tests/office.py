"""LibreOffice for the tests: convert a written deck or workbook headless, the way a user's office suite opens it.

``convert_with_soffice`` runs ``soffice --headless --convert-to FMT`` with a private user profile (parallel runs
do not share one) and returns the converted file; ``SOFFICE`` is None where LibreOffice is not installed (the
tests that need it skip, saying so).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
NO_SOFFICE = "LibreOffice (soffice) is not installed: the deck is not opened in Impress here"


def convert_with_soffice(path: Path, fmt: str, outdir: Path, timeout: float = 180) -> Path:
    """``path`` converted to ``fmt`` (pdf, xlsx, ...) in ``outdir`` by headless LibreOffice; fails the test with
    LibreOffice's own output when no file comes out."""
    assert SOFFICE, NO_SOFFICE
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="soffice-profile-") as profile:
        done = subprocess.run(
            [SOFFICE, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
             "--convert-to", fmt, "--outdir", str(outdir), str(path)],
            capture_output=True, text=True, timeout=timeout)
    out = outdir / f"{path.stem}.{fmt.split(':')[0]}"
    assert done.returncode == 0 and out.is_file(), f"soffice failed ({done.returncode}): {done.stdout}{done.stderr}"
    return out


def pdf_pages(pdf: Path) -> int:
    """How many pages a PDF has (``pdfinfo`` where installed, else the page objects counted)."""
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=60).stdout
        found = re.search(r"^Pages:\s+(\d+)", info, re.M)
        if found:
            return int(found.group(1))
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))
