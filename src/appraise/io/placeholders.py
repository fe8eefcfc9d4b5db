"""What is not evidence although a row holds it: a template's placeholder text, in one place.

Templates (the OE database, PIIDs, wiki matrices) come with rows that wait to be filled: ``TBD``, ``N/A``,
``-``, ``Evidence name``, ``link``. Such a row is counted and listed in the plan (``EvidencePlan.placeholders``)
and never linked. The rule:

* a title that is one of ``PENDING_TEXTS`` or ``NONE_TEXTS`` (any case, after trimming) is a placeholder;
* a reference (location) that is one of ``PENDING_TEXTS`` (not filled in yet) makes the row a placeholder; one of
  ``NONE_TEXTS`` (``N/A``, ``-``: there is no reference) is read as no location;
* an empty title is a placeholder in a template's layout (wide, rows); in the long layout (one row per link,
  typed by hand) it stays a problem to fix, as it always was;
* a template's sample text repeated on many rows: in the rows layout (the OE database), an artifact title on at
  least ``REPEATED_SAMPLE_ROWS`` rows in more than one project, each with no location (empty or a placeholder).
  One row per link (the long layout) and a cell per practice and project (wide) repeat a real document's name by
  design, so the rule does not apply to them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

#: Text that says "to be filled in": a row holding it as its title or reference is not evidence yet.
PENDING_TEXTS = frozenset({
    "tbd", "tba", "tbc", "to be defined", "to be done", "todo", "to do", "placeholder", "?", "??", "???",
    "xxx", "xx", "...", "…", "evidence name", "evidence", "name", "document name", "artifact name",
    "artefact name", "title", "link", "url", "path", "location", "reference", "insert link", "<link>",
    "[link]", "<name>", "[name]", "<evidence>", "example", "sample", "e.g.", "fill in", "enter text",
    "enter name", "enter document name", "enter evidence name", "enter artifact name", "enter link", "insert name",
    "insert document name", "document title", "your text here", "text here", "name of the document",
})
#: Text that says "there is none": as a title, a placeholder; as a location, no location.
NONE_TEXTS = frozenset({"n/a", "na", "n.a.", "n.a", "-", "--", "---", "—", "–", "none", "nil", "null"})
#: Placeholder texts are short: a longer cell is never looked up (a cheap test on every row of a large index).
LONGEST = max(len(t) for t in PENDING_TEXTS | NONE_TEXTS)
#: Rows an OE database's sample title is repeated on (with no location, in two projects or more) to be one.
REPEATED_SAMPLE_ROWS = 20


def is_placeholder(text: str) -> bool:
    """Whether a title is template text, not the name of evidence (``text`` is trimmed already)."""
    return len(text) <= LONGEST and (text.lower() in PENDING_TEXTS or text.lower() in NONE_TEXTS)


def is_pending(location: str) -> bool:
    """Whether a reference says "to be filled in" (``TBD``, ``link``): the row is not evidence yet."""
    return len(location) <= LONGEST and location.lower() in PENDING_TEXTS


def is_none(location: str) -> bool:
    """Whether a reference says "there is none" (``N/A``, ``-``): the item has no location."""
    return len(location) <= LONGEST and location.lower() in NONE_TEXTS


class RepeatedSamples:
    """The artifact titles with no location an OE database's rows repeat, with the rows they are on: those on
    ``REPEATED_SAMPLE_ROWS`` rows or more, in two projects or more, are the template's sample text. A row's place
    is kept as given (a record) and written out only for the titles found."""

    def __init__(self) -> None:
        self._places: dict[str, list[Any]] = {}
        self._projects: dict[str, set[str]] = {}

    def note(self, title: str, projects: Iterable[str], place: Any) -> None:
        self._places.setdefault(title, []).append(place)
        self._projects.setdefault(title, set()).update(projects)

    def found(self) -> set[str]:
        return {title for title, places in self._places.items()
                if len(places) >= REPEATED_SAMPLE_ROWS and len(self._projects[title]) > 1}

    def places(self, titles: Iterable[str], where: Callable[[Any], str]) -> list[tuple[str, str]]:
        """(where, title) of every row of ``titles``; ``where`` writes a kept place out (``oe.xlsx!RDM:C17``)."""
        return [(where(place), title) for title in titles for place in self._places[title]]


__all__ = ["LONGEST", "NONE_TEXTS", "PENDING_TEXTS", "REPEATED_SAMPLE_ROWS", "RepeatedSamples", "is_none",
           "is_pending", "is_placeholder"]
