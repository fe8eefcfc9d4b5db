"""Findings from the files appraisers keep: strengths and weaknesses per practice or area (CMMI), per indicator
or process (SPICE), read through ``read_records(..., purpose="findings")`` in any layout.

A row names its target in a practice column, an area (process) column or both (a bare number under an area
is composed: ``1.1`` under ``PP`` is ``PP SP 1.1``), and its findings either as a kind column and a text column
(``Kind: weakness``, ``Finding: ...``) or as a weakness column and a strength column, each non-empty cell one
finding. Every row is checked before anything is written; one bad cell refuses the file. A finding the
appraisal holds already (same kind, area, practice and text), or that the file repeats, is kept once: a
re-import adds nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from appraise.framework import Framework
from appraise.io.export_index import unneutralize
from appraise.io.layouts import ImportSpec, read_records
from appraise.io.placeholders import is_placeholder
from appraise.io.resolve import PracticeResolver, Refusal
from appraise.io.table import Field, Problems, header_list

FINDING_FIELDS: dict[str, Field] = {f.name: f for f in (
    Field("practice", ("practice id", "practice_id", "sp", "gp", "sp/gp", "practice ref", "practice reference",
                       "model practice", "indicator", "base practice", "bp", "clause", "praktik", "práctica",
                       "pratique")),
    Field("area", ("process area", "practice area", "pa", "process", "process id", "area code", "prozess",
                   "área de proceso", "área", "domaine")),
    Field("kind", ("type", "finding type", "finding kind", "strength/weakness", "s/w", "category", "grade",
                   "art", "tipo")),
    Field("text", ("finding", "findings", "finding text", "statement", "description", "comment", "befund",
                   "hallazgo", "constat")),
    Field("weakness", ("weaknesses", "weakness", "gap", "gaps", "schwäche", "schwächen", "debilidad",
                       "debilidades", "faiblesse", "faiblesses", "point faible")),
    Field("strength", ("strengths", "stärke", "stärken", "fortaleza", "fortalezas", "force", "forces",
                       "point fort")),
)}
WANT = ("practice", "area", "kind", "text", "weakness", "strength")

#: What people write in a kind column, by the finding kind it means (a scheme's own words are taken as such).
KIND_WORDS: dict[str, str] = {
    **{k: "strength" for k in ("strength", "strengths", "s", "+", "str", "stärke", "fortaleza", "force",
                               "point fort")},
    **{k: "weakness" for k in ("weakness", "weaknesses", "w", "-", "weak", "gap", "schwäche", "debilidad",
                               "faiblesse", "point faible")},
}
@dataclass(frozen=True)
class NewFinding:
    kind: str
    area: str
    practice: str | None
    text: str


@dataclass
class FindingPlan:
    """What an import of findings would write; nothing is written until ``Findings.import_plan``."""

    path: Path
    rows: int
    findings: list[NewFinding]
    #: Findings the appraisal (or the file, earlier) holds already: not added again.
    duplicates: int = 0
    #: Placeholder cells (``TBD``, ``N/A``, ``-``) skipped.
    placeholders: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def by_kind(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for f in self.findings:
            out[f.kind] = out.get(f.kind, 0) + 1
        return out


def plan_findings_import(path: str | Path, spec: ImportSpec, framework: Framework, areas: Collection[str],
                         kinds: tuple[str, ...], existing: Collection[tuple[str, str, str | None, str]],
                         need_practice: bool = False, projects: Sequence[str] = ()) -> FindingPlan:
    """Read and check the findings in ``path``; raise ``InputFileError`` listing every bad cell.

    ``areas``: the appraisal's areas (processes, clauses); ``kinds``: the scheme's finding kinds (its view's
    words); ``existing``: the (kind, area, practice, text) of the findings recorded; ``need_practice``: a finding
    is raised on a practice, never on a whole area (an audit's clause); ``projects``: the appraisal's units (a wide
    sheet's unit columns; each cell there is a weakness).
    """
    records = read_records(path, spec, FINDING_FIELDS, WANT, projects, purpose="findings")
    mapped = set(records.mapped)
    p = Path(path)
    if spec.layout == "long":
        if not mapped & {"practice", "area"}:
            raise _refusal(p, records.sheets[0].where(records.sheets[0].header_row, None),
                           "no practice or area column (name one with --map practice=COLUMN or --map area=COLUMN)",
                           records.sheets[0].headers)
        if not (mapped & {"weakness", "strength"} or {"kind", "text"} <= mapped):
            raise _refusal(p, records.sheets[0].where(records.sheets[0].header_row, None),
                           "no findings: give a weakness and/or a strength column, or a kind and a text column "
                           "(--map weakness=COLUMN, --map kind=COLUMN --map text=COLUMN)", records.sheets[0].headers)
    in_areas = {p.id for p in framework.practices if p.area in areas}
    resolver = PracticeResolver(framework, in_areas, spec.aliases)
    problems = Problems(p)
    seen = set(existing)
    plan = FindingPlan(p, 0, [], notes=list(records.notes))
    targets: dict[tuple[str, str], tuple[str, str | None] | Refusal] = {}
    for record in records.iterate(problems):
        practice_text, area_text, kind_text, text, weakness, strength = record.values
        cells = [(kind_text, text), ("weakness", weakness), ("strength", strength)]
        wanted = [(k, unneutralize(t).strip()) for k, t in cells if t.strip()]
        if not wanted:
            continue
        key = (practice_text, area_text)
        if key not in targets:
            targets[key] = _target(practice_text, area_text, resolver, areas)
        target = targets[key]
        if isinstance(target, Refusal):
            problems.add_at(records.where(record, target.field), target.message, target.kind)
            continue
        area, practice = target
        if practice is None and need_practice:
            problems.add_at(records.where(record, "area"), "a finding here is raised on a practice (a clause): "
                            "give it in a practice column")
            continue
        for kind_cell, finding in wanted:
            kind = _kind(kind_cell, kinds)
            if kind is None:
                problems.add_at(records.where(record, "kind"), f"unknown kind {kind_cell.strip()!r} "
                                f"({', '.join(kinds)})" if kind_cell.strip() else f"is empty ({', '.join(kinds)})")
                continue
            if is_placeholder(finding):
                plan.placeholders += 1
                continue
            new = NewFinding(kind, area, practice, finding)
            if (new.kind, new.area, new.practice, new.text) in seen:
                plan.duplicates += 1
                continue
            seen.add((new.kind, new.area, new.practice, new.text))
            plan.findings.append(new)
    problems.raise_if_any("imported")
    plan.rows = records.row_count
    return plan


def _kind(text: str, kinds: tuple[str, ...]) -> str | None:
    word = text.strip().lower()
    if word in kinds:
        return word
    found = KIND_WORDS.get(word)
    return found if found in kinds else None


def _target(practice_text: str, area_text: str, resolver: PracticeResolver, areas: Collection[str]
            ) -> tuple[str, str | None] | Refusal:
    """(area, practice or None) a row's finding is about, or why not (``PracticeResolver``: composed ids,
    aliases, the closest known codes)."""
    practice_text = practice_text.strip()
    if practice_text:
        found = resolver.resolve(practice_text, area_text)
        if isinstance(found, Refusal):
            if not area_text and isinstance(resolver.area(practice_text), str):
                return _target("", practice_text, resolver, areas)  # the column names an area: PP
            return found
        return resolver.framework.practice(found).area, found
    if not area_text.strip():
        return Refusal("area", "empty", "is empty: a finding needs its practice or area")
    area = resolver.area(area_text)
    if isinstance(area, str) and area not in areas:
        return Refusal("area", "not in scope", f"{area} is not an area of this appraisal ({', '.join(areas)})")
    return area if isinstance(area, Refusal) else (area, None)


def _refusal(path: Path, where: str, what: str, headers: list[str]) -> Exception:
    from appraise.errors import InputFileError

    return InputFileError(f"{where}: {what}; the header has: {header_list(headers)}")


__all__ = ["FINDING_FIELDS", "FindingPlan", "NewFinding", "plan_findings_import"]
