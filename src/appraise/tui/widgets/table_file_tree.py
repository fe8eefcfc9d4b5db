"""A directory tree of folders and table files only (the evidence import's picker)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual.widgets import DirectoryTree

from appraise.tui.widgets.path_input import TABLE_SUFFIXES


class TableFileTree(DirectoryTree):
    """Folders and table files only."""

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [p for p in paths if not p.name.startswith(".")
                and (p.is_dir() or p.suffix.lower() in TABLE_SUFFIXES)]
