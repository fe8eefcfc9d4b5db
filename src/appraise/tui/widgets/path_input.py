"""A path field that completes folders and table files as they are typed (Tab accepts)."""

from __future__ import annotations

import os
from pathlib import Path

from textual.binding import Binding
from textual.suggester import Suggester
from textual.widgets import Input

#: Files the completion (and the picker) offer, besides folders.
TABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")


class PathSuggester(Suggester):
    """Completes a typed path with the folders and table files on disk."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value.strip():
            return None
        typed = Path(value).expanduser()
        folder, stem = (typed, "") if value.endswith(("/", os.sep)) else (typed.parent, typed.name)
        try:
            entries = sorted(folder.iterdir(), key=lambda p: p.name.casefold())
        except OSError:
            return None
        names = []
        for entry in entries:
            if not entry.name.startswith(stem) or (entry.name.startswith(".") and not stem.startswith(".")):
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                continue
            if is_dir:
                names.append(entry.name + os.sep)
            elif entry.suffix.lower() in TABLE_SUFFIXES:
                names.append(entry.name)
        if not names:
            return None
        common = os.path.commonprefix(names) if len(names) > 1 else names[0]
        completion = common if len(common) > len(stem) else names[0]
        return value + completion[len(stem):] if completion != stem else None


class PathInput(Input):
    """A path field: Tab (or →) accepts the completion shown in grey."""

    BINDINGS = [Binding("tab", "complete", "Complete", show=False)]

    def action_complete(self) -> None:
        if self.cursor_at_end and self._suggestion and self._suggestion != self.value:
            self.action_cursor_right()  # accepts the suggestion
        else:
            self.screen.focus_next()
