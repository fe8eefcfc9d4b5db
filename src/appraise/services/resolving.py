"""Resolving what a user typed in an open appraisal: a practice (or one process's cell of it), a project, a value.

Part of ``Appraisal`` (``services.session``); every refusal is a ``UsageError`` whose message says what would be
accepted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from appraise.errors import UsageError

if TYPE_CHECKING:
    from appraise.framework import Framework
    from appraise.schemes import Scheme, SchemeView, Scope
    from appraise.store import AppraisalInfo


class Resolving:
    """What ``Appraisal`` resolves: the attributes it reads are the open appraisal's."""

    framework: Framework
    scheme: Scheme
    scope: Scope
    view: SchemeView
    info: AppraisalInfo
    practices: list[str]
    values: tuple[str, ...]
    _in_scope: frozenset[str]

    def resolve_practice(self, text: str, process: str | None = None) -> str:
        """The cell id of a practice typed in any usual spelling; ``process`` names the process of a practice
        characterized per process (CMMI V3.0 II and GOV), which may be left out when the appraisal has one."""
        found = self.framework.resolve_practice(text)
        per_process = [c for c in self.framework.cells if c.base == found and c.id in self._in_scope]
        if process is not None and process.strip():
            if found is not None and not per_process:
                raise UsageError(f"{found} is not characterized per process: name no process")
            cell = self.framework.cell_of(found, process) if found is not None else None
            if found is not None and cell is None:
                raise UsageError(f"no process {process.strip()!r} for {found} (processes: "
                                 f"{', '.join(c.process for c in per_process)})")
            found = cell
        elif per_process:
            if len(per_process) > 1:
                raise UsageError(f"{found} is characterized per process: name one of its processes (--process, "
                                 f"or a process column): {', '.join(c.process for c in per_process)}")
            found = per_process[0].id
        if found is None:
            raise UsageError(f"unknown {self.view.words.practice} {text!r} in {self.framework.id} (write it like "
                             f"{self.practices[0] if self.practices else 'REQM SP 1.1'!r})")
        if found not in self._in_scope:
            raise UsageError(f"{found} is not in this appraisal's scope")
        return found

    def cells_of(self, text: str) -> list[str]:
        """The cells a practice typed in any usual spelling is recorded in: itself, or, for a practice
        characterized per process (CMMI V3.0 II and GOV), each of its processes' cells in scope."""
        found = self.framework.resolve_practice(text)
        cells = [c.id for c in self.framework.cells if c.base == found and c.id in self._in_scope] if found else []
        return cells or [self.resolve_practice(text)]

    def resolve_project(self, text: str) -> str:
        for code in self.info.projects:
            if code.upper() == text.strip().upper():
                return code
        raise UsageError(f"unknown project {text!r} (projects: {', '.join(self.info.projects)})")

    def resolve_value(self, text: str, practice: str | None = None) -> str:
        """The value ``text`` names, checked against this appraisal's values and, given the ``practice`` (cell
        id), against what the method takes there (``Scheme.refuse_value``: II and GOV are never NY, V7.2)."""
        value = self.framework.scale.parse(text)
        if value is None or value not in self.values:
            refined = value is not None and any(v.id == value and v.refined for v in self.framework.scale.values)
            extra = " (refined values need an appraisal created with --refined)" if refined else ""
            word = self.view.words.characterization
            raise UsageError(f"{text!r} is not a {word}: use one of {', '.join(self.values)}" + extra)
        if practice is not None:
            why = self.scheme.refuse_value(self.framework, self.scope, practice, value)
            if why:
                raise UsageError(why)
        return value

    def resolve_cell(self, practice: str, process: str = "") -> str:
        """``resolve_practice`` for an import row: a ``process`` that names the practice's own area (a SPICE
        file's process column) is no per-process cell and is let through."""
        found = self.framework.resolve_practice(practice)
        if process and found is not None and not any(c.base == found for c in self.framework.cells):
            if self.framework.resolve_area(process) == self.framework.practice(found).area:
                process = ""
        return self.resolve_practice(practice, process or None)

    def value_keys(self) -> dict[str, str]:
        """The single keys that set a value in the terminal UI, for the values this appraisal uses."""
        return {k: v.id for v in self.framework.scale.values if v.id in self.values for k in v.keys}
