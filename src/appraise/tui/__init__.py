"""The terminal UI (Textual): screens over ``appraise.services``, never SQL or rating rules.

Import ``appraise.tui.app`` only when the UI is started: the command line stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from appraise.services import ServerLocation


def run(path: Path | ServerLocation | None = None) -> int:
    """Open the app on ``path`` (an appraisal file, or an appraisal on a team's server), or on the start screen."""
    from appraise.tui.app import AppraiseApp

    app = AppraiseApp(path)
    app.run()
    return int(app.return_code or 0)
