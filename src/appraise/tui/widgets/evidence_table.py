"""The evidence index as a table, one item per row."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable


class EvidenceTable(DataTable[Any]):
    """The evidence items, one per row (row key: the item id)."""
