"""Headless Chromium for the tests: load a file, dump its DOM, read its console, take a screenshot.

``CHROMIUM`` is the browser on PATH (None when absent: the tests that need it skip with ``NO_CHROMIUM``). Each run
gets a fresh profile in a temporary folder, removed afterwards, and a timeout; the browser's processes are ended
by their process group when it runs out.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = next((p for p in (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome",
                                                        "google-chrome-stable")) if p), None)
NO_CHROMIUM = "headless Chromium is not installed (apt install chromium): the browser checks cannot run"

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-extensions", "--hide-scrollbars")

#: A console message as Chromium logs it on stderr ("...:INFO:CONSOLE:1] "text", source: ..."; Chromium logs
#: console.error at INFO too, so a page without script should log none at all).
CONSOLE = re.compile(r":CONSOLE[:(]\d*")
#: An uncaught exception, a failed or refused load.
CONSOLE_ERROR = re.compile(r"Uncaught|Failed to load resource|Refused to", re.IGNORECASE)


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str

    def console(self) -> list[str]:
        """Every console message the page logged."""
        return [line for line in self.stderr.splitlines() if CONSOLE.search(line)]

    def console_errors(self) -> list[str]:
        return [line for line in self.console() if CONSOLE_ERROR.search(line)]


def run(page: Path, *flags: str, timeout: float = 90) -> Run:
    """Chromium on ``page`` with ``flags``; its exit code, stdout and stderr."""
    assert CHROMIUM is not None, NO_CHROMIUM
    with tempfile.TemporaryDirectory(prefix="appraise-chromium-") as profile:
        cmd = [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *flags, page.resolve().as_uri()]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                start_new_session=True, env={**os.environ, "HOME": profile})
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise AssertionError(f"Chromium did not finish loading {page} within {timeout} s") from None
    return Run(proc.returncode, out, err)


def dump_dom(page: Path) -> Run:
    """The page as Chromium built it (``--dump-dom``), with the console logged to stderr."""
    return run(page, "--dump-dom", "--enable-logging=stderr", "--v=0", "--virtual-time-budget=2000")


def screenshot(page: Path, png: Path, size: str = "1400,2000") -> Run:
    return run(page, f"--screenshot={png}", f"--window-size={size}")


__all__ = ["CHROMIUM", "NO_CHROMIUM", "Run", "dump_dom", "run", "screenshot"]
