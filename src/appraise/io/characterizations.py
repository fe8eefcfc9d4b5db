"""Instantiation-level characterizations from a CSV: practice, project, value, note (and the process of a
practice characterized per process, CMMI V3.0 II and GOV)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from appraise.framework import Scale
from appraise.io.evidence import read_notes
from appraise.io.layouts import ImportSpec, Record, Records, read_records
from appraise.io.planning import Resolver
from appraise.io.resolve import Refusal
from appraise.io.table import Field, Problems

CHARACTERIZATION_FIELDS: dict[str, Field] = {f.name: f for f in (
    Field("practice", ("practice id", "practice_id", "sp", "gp", "indicator", "attribute", "clause"), required=True),
    Field("project", ("project id", "project code", "basic unit", "instance", "bu", "site"), required=True),
    Field("value", ("characterization", "rating", "char", "result", "score"), required=True),
    Field("note", ("notes", "comment", "comments", "remarks", "rationale", "weakness")),
    Field("area", ("process area", "practice area", "pa")),
    Field("process", ("process name",)),
    #: Who gave the rating (a rating file with one row per indicator and assessor).
    Field("assessor", ("assessor name", "rater", "rated by", "appraiser", "team member", "bewerter", "evaluador",
                       "évaluateur")),
    #: A team's own yes/no self-check: kept in the note ("self-check: yes"), never a characterization.
    Field("self_check", ("self-check", "self check", "team self-check", "selbstcheck")),
)}


@dataclass
class CharacterizationPlan:
    path: Path
    #: (practice, project code, value, note); note is None when the file has no note column
    rows: list[tuple[str, str, str, str | None]]
    #: (practice, project code, assessor, value, note): filled instead of ``rows`` when the file maps an assessor
    #: column (each assessor's own rating; ``appraisal.assessors`` consolidates them).
    assessor_rows: list[tuple[str, str, str, str, str | None]] = field(default_factory=list, kw_only=True)
    #: What the reading found by itself ("header found on row 8 of RDM").
    notes: list[str] = field(default_factory=list, kw_only=True)
    #: The sheets read (a workbook's; empty for a CSV file).
    sheets: list[str] = field(default_factory=list, kw_only=True)
    ignored_columns: list[str] = field(default_factory=list, kw_only=True)


#: The fields the characterization planner reads, in this order.
WANT = ("practice", "project", "value", "note", "area", "process", "assessor", "self_check")


def plan_characterization_import(
    path: str | Path,
    resolver: Resolver,
    projects: Sequence[str],
    scale: Scale,
    allowed_values: Collection[str] | None = None,
    words: tuple[str, str] = ("practice", "characterization"),
    refuse: Callable[..., str | None] | None = None,
    refuse_value: Callable[[str, str], str | None] | None = None,
    spec: ImportSpec | None = None,
) -> CharacterizationPlan:
    """Read and check a file of characterizations (a CSV file or a workbook's sheets, laid out as ``spec``
    says); raise InputFileError listing every bad cell.

    ``resolver.resolve(text, area, process)`` gives a practice cell's canonical id in the appraisal's scope or a
    ``Refusal`` saying why not (``appraise.io.resolve.PracticeResolver``). ``refuse(practice, unit=None)`` says why a practice (in
    one unit) takes no value now (its area ruled not applicable, a unit outside the area's sample);
    ``refuse_value(cell, value)`` says why a value of the scale is not taken there (II and GOV are never NY,
    V7.2). A ``process`` column that names no process of a practice but an area (SPICE: ``SWE.1``, ``BP1``)
    still works as the area. With an ``assessor`` column each assessor's rating is kept
    (``assessor_rows``); a team's yes/no ``self_check`` column is kept in the note, never a value. In a
    template's layout (wide, rows) a cell with no value is one nobody rated yet, and is left out.
    """
    spec = spec or ImportSpec()
    records = read_records(path, spec, CHARACTERIZATION_FIELDS, WANT, projects, purpose="characterizations")
    where = records.where
    problems = Problems(records.path)
    project_by_key = {p.upper(): p for p in projects}
    seen: dict[tuple[str, str, str], Record] = {}
    out: list[tuple[str, str, str, str, str | None]] = []
    by_assessor = "assessor" in records.mapped
    has_note = "note" in records.mapped or spec.layout == "rows"
    permitted = tuple(allowed_values) if allowed_values is not None else scale.ids
    allowed = ", ".join(permitted)
    template = spec.layout != "long"
    why_not: dict[tuple[str, str | None], str | None] = {}

    def refused(practice: str, unit: str | None) -> str | None:
        """``refuse(practice, unit)``, asked once per cell (a large file names each cell many times)."""
        key = (practice, unit)
        if key not in why_not:
            why_not[key] = refuse(practice, unit) if unit is not None else refuse(practice)  # type: ignore[misc]
        return why_not[key]

    for record in records.iterate(problems):
        practice_text, project_text, value_text, note, area, process, assessor, self_check = record.values
        if template and not value_text:
            continue  # a cell nobody rated yet
        if self_check:  # kept as the team's words, never a characterization
            note = f"{note}; self-check: {self_check}" if note else f"self-check: {self_check}"
        practice: str | None = None
        found = resolver.resolve(practice_text, area, process)
        if found.__class__ is str:
            practice = found
        else:
            refusal: Refusal = found
            message = "is empty" if not practice_text else refusal.message.replace(
                "unknown practice", f"unknown {words[0]}", 1)
            problems.add_at(where(record, refusal.field), message, refusal.kind)
        if practice is not None and refuse is not None and (why := refused(practice, None)):
            problems.add_at(where(record, "practice"), why)
            practice = None
        project = project_by_key.get(project_text.upper())
        if project is None:
            problems.add_at(where(record, "project"), f"unknown project {project_text!r} "
                            f"(projects: {', '.join(projects)})" if project_text else "is empty")
        elif practice and refuse is not None and (why := refused(practice, project)):
            problems.add_at(where(record, "project"), why)  # a unit outside the area's sample (CMMI V3.0)
            project = None
        value = scale.parse(value_text) if value_text else None
        if value is None:
            problems.add_at(where(record, "value"), f"{value_text!r} is not a {words[1]} ({allowed})" if value_text
                            else f"is empty ({allowed})")
        elif value not in permitted:
            problems.add_at(where(record, "value"), f"{value} is not used in this appraisal ({allowed})")
            value = None
        elif practice and refuse_value is not None and (why := refuse_value(practice, value)):
            problems.add_at(where(record, "value"), why)
            value = None
        if by_assessor and not assessor:
            problems.add_at(where(record, "assessor"), "is empty: every rating of this file names its assessor")
        if practice and project:
            first = seen.setdefault((practice, project, assessor), record)  # the place is written on a clash only
            if first is not record:
                problems.add_at(where(record, "practice"), f"{practice} / {project}"
                                + (f" by {assessor}" if by_assessor else "") + " is already on "
                                + _first_row(records, first))
        if practice and project and value:
            # an empty note cell keeps the cell's note: clearing notes is not what a blank cell says
            out.append((practice, project, assessor, value, note if has_note and note else None))
    problems.raise_if_any("recorded")
    plan = CharacterizationPlan(records.path, [], notes=read_notes(records), ignored_columns=records.ignored,
                                sheets=[s.name for s in records.sheets if s.name])
    if by_assessor:
        plan.assessor_rows = out
    else:
        plan.rows = [(practice, project, value, note) for practice, project, _a, value, note in out]
    return plan


def _first_row(records: Records, first: Record) -> str:
    """How a duplicate names the first row: ``line 7`` in a CSV file, the row (``oe.xlsx!RDM:12``) in a workbook."""
    return records.where(first, "") if records.sheets[first.sheet].is_workbook else f"line {first.row}"
