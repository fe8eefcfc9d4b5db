"""The terminal UI (Textual): screens over ``appraise.services``, never SQL or rating rules.

Import ``appraise.tui.app`` only when the UI is started: the command line stays fast.
"""

from __future__ import annotations

from pathlib import Path


def run(path: Path | None = None) -> int:
    """Open the app on ``path`` (an appraisal file), or on the start screen."""
    from appraise.tui.app import AppraiseApp

    app = AppraiseApp(path)
    app.run()
    return int(app.return_code or 0)
