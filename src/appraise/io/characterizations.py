"""Instantiation-level characterizations from a CSV: practice, project, value, note (and the process of a
practice characterized per process, CMMI V3.0 II and GOV)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from appraise.framework import Scale
from appraise.io.table import Field, Problems, iter_cells, read_table

CHARACTERIZATION_FIELDS: dict[str, Field] = {f.name: f for f in (
    Field("practice", ("practice id", "practice_id", "sp", "gp", "indicator", "attribute", "clause"), required=True),
    Field("project", ("project id", "project code", "basic unit", "instance", "bu", "site"), required=True),
    Field("value", ("characterization", "rating", "char", "result", "score"), required=True),
    Field("note", ("notes", "comment", "comments", "remarks", "rationale", "weakness")),
    Field("area", ("process area", "practice area", "pa")),
    Field("process", ("process name",)),
)}


@dataclass
class CharacterizationPlan:
    path: Path
    #: (practice, project code, value, note); note is None when the file has no note column
    rows: list[tuple[str, str, str, str | None]]


def plan_characterization_import(
    path: str | Path,
    resolve_practice: Callable[[str], str | None],
    in_scope: Collection[str],
    projects: Sequence[str],
    scale: Scale,
    allowed_values: Collection[str] | None = None,
    words: tuple[str, str] = ("practice", "characterization"),
    refuse: Callable[..., str | None] | None = None,
    cell: Callable[[str, str], str] | None = None,
    refuse_value: Callable[[str, str], str | None] | None = None,
) -> CharacterizationPlan:
    """Read and check a characterization CSV; raise InputFileError listing every bad cell.

    ``refuse(practice, unit=None)`` says why a practice (in one unit) takes no value now (its area ruled not
    applicable, a unit outside the area's sample); ``cell(practice, process)`` is the cell id of a practice
    in the row's process (raises ``UsageError`` saying why not; the process may be empty when the practice has
    one cell); ``refuse_value(cell, value)`` says why a value of the scale is not taken there (II and GOV are
    never NY, V7.2). A ``process`` column that names no process of a practice but an area (SPICE: ``SWE.1``,
    ``BP1``) still works as the area.
    """
    from appraise.errors import UsageError

    table = read_table(path, CHARACTERIZATION_FIELDS)
    problems = Problems(table.path)
    header = table.header_of
    project_by_key = {p.upper(): p for p in projects}
    seen: dict[tuple[str, str], int] = {}
    out: list[tuple[str, str, str, str | None]] = []
    has_note = "note" in table.columns
    permitted = tuple(allowed_values) if allowed_values is not None else scale.ids
    allowed = ", ".join(permitted)
    for line, (practice_text, project_text, value_text, note, area, process) in iter_cells(
            table, ("practice", "project", "value", "note", "area", "process"), problems):
        practice = resolve_practice(practice_text) if practice_text else None
        if practice is None and practice_text and (area or process):
            practice = resolve_practice(f"{area or process} {practice_text}")
            process = process if area else ""  # the process column named the area
        if practice is None:
            problems.add(line, header("practice"),
                         f"unknown {words[0]} {practice_text!r}" if practice_text else "is empty")
        elif cell is not None and (process or practice not in in_scope):
            try:
                practice = cell(practice, process)
            except UsageError as exc:
                problems.add(line, header("process" if process else "practice"), str(exc))
                practice = None
        if practice is None:
            pass
        elif practice not in in_scope:
            problems.add(line, header("practice"), f"{practice} is not in this appraisal's scope")
            practice = None
        elif refuse is not None and (why := refuse(practice)):
            problems.add(line, header("practice"), why)
            practice = None
        project = project_by_key.get(project_text.upper())
        if project is None:
            problems.add(line, header("project"), f"unknown project {project_text!r} "
                         f"(projects: {', '.join(projects)})" if project_text else "is empty")
        elif practice and refuse is not None and (why := refuse(practice, project)):
            problems.add(line, header("project"), why)  # a unit outside the area's sample (CMMI V3.0)
            project = None
        value = scale.parse(value_text) if value_text else None
        if value is None:
            problems.add(line, header("value"),
                         f"{value_text!r} is not a {words[1]} ({allowed})" if value_text
                         else f"is empty ({allowed})")
        elif value not in permitted:
            problems.add(line, header("value"), f"{value} is not used in this appraisal ({allowed})")
            value = None
        elif practice and refuse_value is not None and (why := refuse_value(practice, value)):
            problems.add(line, header("value"), why)
            value = None
        if practice and project:
            first = seen.setdefault((practice, project), line)
            if first != line:
                problems.add(line, header("practice"), f"{practice} / {project} is already on line {first}")
        if practice and project and value:
            # an empty note cell keeps the cell's note: clearing notes is not what a blank cell says
            out.append((practice, project, value, note if has_note and note else None))
    problems.raise_if_any("recorded")
    return CharacterizationPlan(table.path, out)
