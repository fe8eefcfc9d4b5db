"""Stand-in: the html renderer is being built (issue 14)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from appraise.errors import UsageError
from appraise.schemes.document import Document


def write(document: Document, dest: Path, *rest: Any) -> Path:
    raise UsageError("html export is not built yet")
