"""What the evidence and characterization planners share: the resolver they take, a project cell."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

#: What a project cell may say to mean every project of the appraisal.
ALL_PROJECTS = ("*", "all")


class Resolver(Protocol):
    """What resolves an import's practice cells (``appraise.io.resolve.PracticeResolver``)."""

    def resolve(self, text: str, area: str = "", process: str = "") -> str | Any: ...


def project_cell(text: str, projects: Sequence[str]) -> tuple[str, ...] | str:
    """The projects a row's project cell names (``*`` or ``all``: every one), or the problem with it."""
    if text.lower() in ALL_PROJECTS:
        return tuple(projects)
    for code in projects:
        if code.upper() == text.upper():
            return (code,)
    if not text:
        return "is empty"
    return (f"unknown project {text!r} (projects: {', '.join(projects)}; '*' means all; a unit named otherwise in "
            f"the file: --units \"{text}=CODE\")")


__all__ = ["ALL_PROJECTS", "Resolver", "project_cell"]
