"""Recently opened appraisals, kept in the platform's data folder (platformdirs)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from platformdirs import user_data_path

MAX_RECENT = 12


@dataclass(frozen=True)
class RecentAppraisal:
    path: Path
    unit: str
    opened_at: str


def _file() -> Path:
    override = os.environ.get("APPRAISE_DATA_DIR")
    base = Path(override) if override else user_data_path("appraise", appauthor=False)
    return base / "recent.json"


def load() -> list[RecentAppraisal]:
    """The recent appraisals, newest first, leaving out files that no longer exist."""
    try:
        raw = json.loads(_file().read_text(encoding="utf-8"))
        items = [RecentAppraisal(Path(r["path"]), str(r.get("unit", "")), str(r.get("opened_at", ""))) for r in raw]
    except (OSError, ValueError, TypeError, KeyError):
        return []
    return [r for r in items if r.path.is_file()]


def remember(path: Path, unit: str) -> None:
    """Put ``path`` at the top of the list (best effort: a read-only home is no error)."""
    path = path.resolve()
    items = [r for r in load() if r.path != path]
    items.insert(0, RecentAppraisal(path, unit, datetime.now(timezone.utc).replace(microsecond=0).isoformat()))
    target = _file()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".tmp")
        tmp.write_text(json.dumps([{"path": str(r.path), "unit": r.unit, "opened_at": r.opened_at}
                                   for r in items[:MAX_RECENT]], indent=1), encoding="utf-8")
        tmp.replace(target)
    except OSError:
        pass
