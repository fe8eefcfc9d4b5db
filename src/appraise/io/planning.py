"""What the evidence and characterization planners share: a practice's canonical id, a project cell.

``practice_resolver`` builds what resolves a practice cell (with its area or process column) to the model's
canonical id, or says why not as a ``Refusal`` (the column to blame, a kind that groups the rows it affects, the
message). Until ``appraise.io.resolve.PracticeResolver`` (aliases, composed ids, the closest known area codes)
is merged, ``TodayResolver`` is today's rule behind the same ``resolve`` signature; switching is the one line in
``practice_resolver``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from appraise.errors import UsageError

#: What a project cell may say to mean every project of the appraisal.
ALL_PROJECTS = ("*", "all")


@dataclass(frozen=True)
class Refusal:
    """Why a practice cell names no practice of the appraisal (``appraise.io.resolve.Refusal``'s fields)."""

    #: "practice", "area" or "process": the column to blame.
    field: str
    #: What groups it ("unknown practice", "not in scope", ...).
    kind: str
    #: The whole sentence for that row.
    message: str


class Resolver(Protocol):
    def resolve(self, text: str, area: str = "", process: str = "") -> str | Any: ...


class TodayResolver:
    """The rule the planners had: the practice as typed, else under its area (or process) column; then the
    cell of a practice characterized per process; then the scope. ``aliases`` map an organization's area code
    (the area column, a practice's leading code) to the model's."""

    def __init__(self, resolve_practice: Callable[[str], str | None], in_scope: Collection[str],
                 aliases: Mapping[str, str] | None = None, cell: Callable[[str, str], str] | None = None) -> None:
        self._find, self.in_scope, self._cell = resolve_practice, in_scope, cell
        self._aliases = {k.strip().upper(): v.strip() for k, v in (aliases or {}).items()}

    def _alias(self, text: str) -> str:
        head, _, rest = text.partition(" ")
        code = self._aliases.get(head.upper())
        return f"{code} {rest}".strip() if code else text

    def resolve(self, text: str, area: str = "", process: str = "") -> str | Refusal:
        if not text:
            return Refusal("practice", "empty practice", "is empty: every row needs a practice id")
        if self._aliases:
            text, area = self._alias(text), self._aliases.get(area.upper(), area)
        found = self._find(text)
        if found is None and (area or process):
            found = self._find(f"{area or process} {text}")
            process = process if area else ""  # the process column named the area (SPICE)
        if found is None:
            return Refusal("practice", f"unknown practice {text!r}", f"unknown practice {text!r}")
        if self._cell is not None and (process or found not in self.in_scope):
            try:
                found = self._cell(found, process)
            except UsageError as exc:
                return Refusal("process" if process else "practice", str(exc), str(exc))
        if found not in self.in_scope:
            return Refusal("practice", "not in scope", f"{found} is not in this appraisal's scope")
        return found


def practice_resolver(framework: Any, in_scope: Collection[str], aliases: Mapping[str, str] | None = None,
                      cell: Callable[[str, str], str] | None = None) -> Resolver:
    """What resolves an import's practice cells in an appraisal of ``framework``.

    At the merge with LAYOUTS this is ``PracticeResolver(framework, in_scope, aliases or {}, cell)`` from
    ``appraise.io.resolve``."""
    return TodayResolver(framework.resolve_practice, in_scope, aliases, cell)


def project_cell(text: str, projects: Sequence[str]) -> tuple[str, ...] | str:
    """The projects a row's project cell names (``*`` or ``all``: every one), or the problem with it."""
    if text.lower() in ALL_PROJECTS:
        return tuple(projects)
    for code in projects:
        if code.upper() == text.upper():
            return (code,)
    if not text:
        return "is empty"
    return f"unknown project {text!r} (projects: {', '.join(projects)}; '*' means all)"


__all__ = ["ALL_PROJECTS", "Refusal", "Resolver", "TodayResolver", "practice_resolver", "project_cell"]
