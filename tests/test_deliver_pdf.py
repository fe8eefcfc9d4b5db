"""The PDF report: the HTML report printed by real headless Chromium (``appraise export --format pdf``).

A sample's PDF is a real PDF of several A4 landscape pages whose text holds the report's; without Chromium, or
when Chromium fails, the export refuses in one line, writes nothing and leaves no temporary file behind.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import browser
import pytest
from cli_helpers import _in_tmp, assert_one_line_error, ok, run  # noqa: F401 (_in_tmp: an autouse fixture)

from appraise.errors import UsageError
from appraise.io.deliver import pdf, write
from appraise.schemes.document import Document, Paragraph, Section, Table
from appraise.services import build_sample

needs_chromium = pytest.mark.skipif(browser.CHROMIUM is None, reason=browser.NO_CHROMIUM)
PDFINFO = shutil.which("pdfinfo")
PDFTOTEXT = shutil.which("pdftotext")
TINY = Document("Report", "Unit", (Section("s", "Scope", (Paragraph("A line."),)),))


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The temporary folder the export uses, to see that it is left empty."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    dest = tmp_path / "acme.appraisal"
    with build_sample("acme-ml2", dest, who="Lead appraiser"):
        pass
    return dest


def pages(data: bytes) -> int:
    """The page count a PDF declares (its page tree's /Count, the largest when there are several nodes)."""
    counts = [int(n) for n in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", data)]
    counts += [int(n) for n in re.findall(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", data)]
    return max(counts, default=0)


@needs_chromium
def test_a_sample_prints_to_a_pdf_of_several_a4_landscape_pages(sample: Path, tmp_path: Path, private_tmp: Path,
                                                                 capsys):
    out = tmp_path / "report.pdf"
    assert ok(capsys, "export", sample, "--format", "pdf", "-o", out) == f"Wrote {out} (pdf)\n"
    data = out.read_bytes()
    assert data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]
    assert pages(data) > 1
    assert list(private_tmp.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["acme.appraisal", "report.pdf", "tmp"]
    if PDFINFO:
        info = subprocess.run([PDFINFO, out], capture_output=True, text=True, check=True).stdout
        assert re.search(r"Pages:\s+(\d+)", info).group(1) == str(pages(data))
        width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
        assert width == pytest.approx(842, abs=1) and height == pytest.approx(595, abs=1)  # A4 landscape
    if PDFTOTEXT:
        text = subprocess.run([PDFTOTEXT, "-layout", out, "-"], capture_output=True, text=True, check=True).stdout
        for words in ("Final findings", "Requirements Management", "REQM SP 1.1", "Evidence index"):
            assert words in text


def test_without_chromium_the_export_says_what_to_do_and_writes_nothing(sample: Path, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch, capsys):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert pdf.browser() is None
    assert_one_line_error(*run(capsys, "export", sample, "--format", "pdf", "-o", tmp_path / "r.pdf"),
                          "pdf needs Chromium (install the chromium package)", "export --format html")
    assert not (tmp_path / "r.pdf").exists()


def _fake_browser(folder: Path, script: str) -> None:
    """A program named chromium on PATH that behaves as ``script`` says (a broken or hanging install)."""
    folder.mkdir()
    exe = folder / "chromium"
    exe.write_text("#!/bin/sh\n" + script)
    exe.chmod(0o755)


def test_a_failing_chromium_is_reported_in_one_line_with_its_last_message(
        sample: Path, tmp_path: Path, private_tmp: Path, monkeypatch: pytest.MonkeyPatch, capsys):
    _fake_browser(tmp_path / "bin", 'echo "starting" >&2\necho "[1:ERROR] cannot open display" >&2\n'
                  'echo "[2:ERROR:dbus/bus.cc:405] Failed to connect to the bus" >&2\nexit 3\n')
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    (tmp_path / "r.pdf").write_bytes(b"the previous report")
    assert_one_line_error(*run(capsys, "export", sample, "--format", "pdf", "-o", tmp_path / "r.pdf"),
                          "Chromium could not print the report (exit 3): [1:ERROR] cannot open display")
    assert (tmp_path / "r.pdf").read_bytes() == b"the previous report"
    assert list(private_tmp.iterdir()) == []


def test_a_chromium_that_prints_nothing_is_a_refusal_not_an_empty_file(tmp_path: Path, private_tmp: Path,
                                                                      monkeypatch: pytest.MonkeyPatch):
    _fake_browser(tmp_path / "bin", 'echo "[3:FATAL] renderer out of memory" >&2\nexit 0\n')
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    with pytest.raises(UsageError, match=r"Chromium printed no PDF .*: \[3:FATAL\] renderer out of memory$"):
        write(TINY, "pdf", tmp_path / "r.pdf")
    assert not (tmp_path / "r.pdf").exists() and list(private_tmp.iterdir()) == []


def test_a_chromium_that_hangs_is_stopped_at_the_timeout(tmp_path: Path, private_tmp: Path,
                                                         monkeypatch: pytest.MonkeyPatch):
    _fake_browser(tmp_path / "bin", "sleep 30\n")
    monkeypatch.setenv("PATH", str(tmp_path / "bin") + ":/usr/bin:/bin")
    monkeypatch.setattr(pdf, "TIMEOUT", 1.0)
    started = time.monotonic()
    with pytest.raises(UsageError, match="Chromium did not finish printing within 1 s"):
        write(TINY, "pdf", tmp_path / "r.pdf")
    assert time.monotonic() - started < 10
    assert not (tmp_path / "r.pdf").exists() and list(private_tmp.iterdir()) == []


def test_a_large_report_may_take_longer_to_print():
    rows = tuple((f"P{i}", "FI") for i in range(100_000))
    big = Document("Big", "", (Section("t", "T", (Table(("Practice", "Value"), rows),)),))
    assert pdf.timeout_for(TINY) == pdf.TIMEOUT < pdf.timeout_for(big)
