"""The evidence view's columns and their sort keys, its row limits, and what its filter matches."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from appraise.services import EvidenceItem


@dataclass(frozen=True)
class SortColumn:
    key: str
    label: str
    sort_key: Callable[[EvidenceItem], Any]
    #: Most-linked first, newest first: the order a person looks for by default.
    descending: bool = False
    width: int | None = None
    right: bool = False


COLUMNS: tuple[SortColumn, ...] = (
    SortColumn("id", "#", lambda e: e.id, right=True),
    SortColumn("kind", "Kind", lambda e: e.kind, width=11),
    SortColumn("title", "Title", lambda e: e.title.casefold()),
    SortColumn("location", "Location", lambda e: (not e.location, e.location.casefold())),
    SortColumn("collected_on", "Collected", lambda e: (e.collected_on is None, e.collected_on or ""), width=10),
    SortColumn("links", "Links", lambda e: e.links, descending=True, width=7, right=True),
)
COLUMN = {c.key: c for c in COLUMNS}

#: Rows the table holds at most (a DataTable takes ~0.3 ms a row to fill and measure): the
#: count line says when more match, and filtering or sorting brings the others up.
MAX_ROWS = 1000
#: Above this many items the filter waits for a pause in typing instead of following each key.
LIVE_FILTER_ITEMS = 1000
FILTER_DELAY = 0.25


#: Title and location share the free width; the location keeps at least 1/MIN_LOCATION_SHARE of it.
MIN_LOCATION_SHARE = 3


@dataclass(frozen=True)
class LinkIndex:
    """An item's (practice, project) links, and what the filter matches of them."""

    links: tuple[tuple[str, str], ...]
    #: ``practice project`` per link, one a line, casefolded
    text: str
    #: the practices linked and their goals and areas
    ids: frozenset[str]


def matches(item: EvidenceItem, needle: str, links: LinkIndex | None = None, target: str | None = None) -> bool:
    """``needle`` (casefolded) is in the item's title, location or kind, or in its links.

    ``target``: the canonical practice, goal or area the needle names (``reqm sp1.1``): the
    item matches when it is linked to it (or, for a goal or area, to one of its practices).
    """
    if needle in item.title.casefold() or needle in item.location.casefold() or needle in item.kind:
        return True
    if links is None:
        return False
    return needle in links.text or (target is not None and target in links.ids)


def clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[:max(0, width - 1)] + "…"
