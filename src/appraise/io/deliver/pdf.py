"""The report as PDF: the HTML report (``appraise.io.deliver.html``) printed by headless Chromium.

The page is written to a temporary folder with a fresh browser profile, printed with its own print styles (A4
landscape, repeated table headers) and no browser header or footer, then written to ``dest`` atomically; the
temporary folder goes whatever happens. Without Chromium the user is told to install it or to print the HTML
report from a browser; when Chromium fails, the last line it wrote says why.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from appraise.errors import UsageError
from appraise.io.deliver.html import render
from appraise.io.export import write_atomically
from appraise.schemes.document import Document, Table

#: The browsers that print, in the order they are looked for on PATH.
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: How long a print may take, in seconds (a large report prints in a few).
TIMEOUT = 120.0

NO_CHROMIUM = ("pdf needs Chromium (install the chromium package) — or export --format html and print it from a "
               "browser")


def browser() -> str | None:
    """The Chromium on PATH, or None."""
    return next((path for path in map(shutil.which, BROWSERS) if path), None)


#: What Chromium writes on every run of a server without a desktop: not the reason it failed.
_NOISE = re.compile(r"dbus|crashpad|cpufreq|Frame latency|unexpected operator|bytes written to file|"
                    r"Fontconfig|UPower|ScreenSaver")


def _last_line(text: str) -> str:
    """Chromium's last message that says something (its routine complaints skipped), else its last line."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    telling = [line for line in lines if not _NOISE.search(line)]
    return (telling or lines or ["no message"])[-1]


def timeout_for(document: Document) -> float:
    """How long printing ``document`` may take: ``TIMEOUT``, more for a large report (Chromium prints some
    thousand table cells a second on a modest machine)."""
    cells = sum(len(b.rows) * max(1, len(b.columns)) for s in document.for_("report") for b in s.blocks
                if isinstance(b, Table))
    return max(TIMEOUT, cells / 250)


def print_pdf(page: Path, pdf: Path, chromium: str, profile: Path, timeout: float | None = None) -> None:
    """Print ``page`` to ``pdf`` with ``chromium`` using the profile folder ``profile``; ``timeout`` in seconds
    (``TIMEOUT`` by default)."""
    timeout = TIMEOUT if timeout is None else timeout
    cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--disable-extensions", f"--user-data-dir={profile}", "--no-pdf-header-footer",
           f"--print-to-pdf={pdf}", page.resolve().as_uri()]
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, errors="replace", start_new_session=True,
                                env={**os.environ, "HOME": str(profile)})
    except OSError as exc:
        raise UsageError(f"pdf: cannot start Chromium ({chromium}): {exc.strerror or exc}") from None
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(proc)
        raise UsageError(f"pdf: Chromium did not finish printing within {timeout:.0f} s") from None
    except BaseException:
        _kill(proc)
        raise
    if proc.returncode != 0:
        raise UsageError(f"pdf: Chromium could not print the report (exit {proc.returncode}): {_last_line(err)}")
    if not pdf.is_file() or pdf.read_bytes()[:5] != b"%PDF-":
        raise UsageError(f"pdf: Chromium printed no PDF (a report too large to print? export --format html, or "
                         f"xlsx for the large tables): {_last_line(err)}")


def _kill(proc: subprocess.Popen[str]) -> None:
    """End Chromium and the processes it started (its own process group)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()
    proc.communicate()


def write(document: Document, dest: Path, *rest: object) -> Path:
    """Print ``document``'s report to ``dest`` (atomically) and return it."""
    chromium = browser()
    if chromium is None:
        raise UsageError(NO_CHROMIUM)
    with tempfile.TemporaryDirectory(prefix="appraise-pdf-", ignore_cleanup_errors=True) as tmp:
        folder = Path(tmp)
        page, pdf, profile = folder / "report.html", folder / "report.pdf", folder / "profile"
        profile.mkdir()
        page.write_text(render(document), encoding="utf-8")
        print_pdf(page, pdf, chromium, profile, timeout_for(document))
        write_atomically(dest, pdf.read_bytes(), "the PDF report")
    return dest


__all__ = ["BROWSERS", "NO_CHROMIUM", "TIMEOUT", "browser", "print_pdf", "timeout_for", "write"]
