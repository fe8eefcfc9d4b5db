"""The deliverables: a ``Document`` (``appraise.schemes.document``) drawn as a deck, a report or a workbook.

``pptx`` — the findings presentation (python-pptx: native tables and charts, the user's ``--template``);
``html`` — one self-contained report file (inline CSS, charts as inline SVG, no script, no URL);
``pdf`` — that report printed by headless Chromium where it is installed;
``xlsx`` — the workbook (openpyxl: a sheet per area, coloured values, frozen headers, autofilter, outline levels).
Each renderer draws the sections the document gives its deliverable (``Document.for_``) and never asks which
scheme made it. Heavy libraries are imported by the renderer that needs them, when it runs.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from appraise.errors import UsageError
from appraise.schemes.document import Document

#: format -> (module, what it is, the file extension).
DELIVERABLES: dict[str, tuple[str, str, str]] = {
    "pptx": ("pptx", "PowerPoint: the findings presentation, native tables and charts", "pptx"),
    "html": ("html", "HTML: the report in one self-contained file, charts inline", "html"),
    "pdf": ("pdf", "PDF: the report printed by headless Chromium", "pdf"),
    "xlsx": ("xlsx", "Excel: the appraisal workbook, a sheet per area", "xlsx"),
}
FORMATS = tuple(DELIVERABLES)


def write(document: Document, fmt: str, dest: str | Path, template: str | Path | None = None) -> Path:
    """Draw ``document`` as ``fmt`` into ``dest`` (atomically: no half-written file); ``template``: a deck whose
    slide master and layouts the presentation takes (pptx only)."""
    if fmt not in DELIVERABLES:
        raise UsageError(f"unknown deliverable {fmt!r} (formats: {', '.join(FORMATS)})")
    if template is not None and fmt != "pptx":
        raise UsageError(f"--template is a PowerPoint deck for --format pptx, not for {fmt}")
    p = Path(dest)
    if template is not None and p.resolve() == Path(template).resolve():
        raise UsageError(f"{p} is the template: give the deck another name (the template is never written)")
    if p.is_dir():
        raise UsageError(f"{p} is a folder: give a file name, e.g. {p / ('findings.' + DELIVERABLES[fmt][2])}")
    if not p.parent.exists():
        raise UsageError(f"{p.parent}: no such folder, cannot write {p.name} there")
    if not p.parent.is_dir():
        raise UsageError(f"{p.parent} is not a folder: cannot write {p.name} there")
    module = importlib.import_module(f"appraise.io.deliver.{DELIVERABLES[fmt][0]}")
    written: Path = module.write(document, p, template) if fmt == "pptx" else module.write(document, p)
    return written


__all__ = ["DELIVERABLES", "FORMATS", "write"]
