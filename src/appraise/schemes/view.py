"""What a rating scheme looks like to the faces (screens, CLI, exports): its words and what it can do, as plain data.

A face never asks which scheme it shows: it reads the scheme's ``SchemeView`` (the registry's ``view_for(framework)``,
in ``appraise.schemes``: this module names no scheme, so each scheme's ``view.py`` can build on it) — the words
(project / instance / site ...), the capabilities (a target level, exclusions, weights ...) and the few lines
each scheme phrases its own way — and renders that. A model file may name its own units and areas (``words:``);
``view_for`` lays them over the scheme's words.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from appraise.schemes.document import Chart
from appraise.schemes.sections import profile_chart
from appraise.schemes.tree import RatingTree


@dataclass(frozen=True)
class Words:
    """What the scheme (or the model, ``words:``) calls things; the defaults are CMMI's (SCAMPI A)."""

    #: A column of the matrix: a project (CMMI), a process instance (SPICE), a site (an audit).
    unit: str = "project"
    units: str = "projects"
    #: The units as a heading (the overview's scope).
    units_title: str = "Projects"
    #: What the model's areas are: process areas, processes, clauses.
    area: str = "process area"
    areas: str = "process areas"
    areas_title: str = "Process areas"
    #: An area in a sentence's heading (the findings dialog, "of this process area").
    area_title: str = "Process area"
    #: The findings table's columns: the area, its rating, a finding's kind, the practice it is about.
    area_column: str = "Area"
    rating_column: str = "Rating"
    kind_column: str = "Kind"
    practice_column: str = "Practice"
    #: An area's goals (or process attributes) in the practices view, and a goal's practices.
    goals_title: str = "Goals"
    practices_heading: str = "Practices"
    #: A practice in a message ("unknown practice 'X'").
    practice: str = "practice"
    #: The matrix: its first column's heading, what its rows are, the aggregate column's heading.
    matrix_practice: str = "Practice"
    matrix_rows: str = "practices"
    aggregate: str = "OU"
    #: What the aggregate's rule is called in a cell's line ("OU: R3.2 ...").
    aggregate_line: str = "OU"
    #: A practice's aggregated value in a finding's detail ("— OU FI").
    value: str = "OU"
    #: An empty cell, and the progress bar of cells that are not empty.
    not_set: str = "not characterized"
    characterized: str = "Characterized"
    #: A cell's value in a message ("'Q' is not a characterization").
    characterization: str = "characterization"
    #: What the team still has to settle (one; "s" makes more), and its heading.
    pending: str = "pending decision"
    pending_title: str = "Pending decisions"

    def overridden(self, own: Mapping[str, str]) -> Words:
        """These words with a model's own (``words:``) over them; a title the model leaves out follows its word
        (``units: teams`` makes the heading "Teams")."""
        if not own:
            return self
        derived = {title: own[word].capitalize() for title, word in _TITLE_OF.items() if word in own}
        return replace(self, **{**derived, **own})


#: A heading that follows its word when only the word is given (``units_title`` follows ``units``).
_TITLE_OF = {"units_title": "units", "areas_title": "areas", "area_title": "area"}


@dataclass(frozen=True)
class ScopeFacts:
    """What the overview's scope block is made of, as plain values."""

    representation: str
    target: int | None
    units: Sequence[str]
    areas: Sequence[str]
    cells: int
    values: Sequence[str]
    #: How the instances are aggregated (ISO/IEC 33020), e.g. "plain mean (M3.3)"; "" elsewhere.
    aggregation: str = ""
    #: The appraisal's settings (a scheme with a plan of its own reads it there: CMMI V3.0's type, domains,
    #: units with their kinds, processes).
    settings: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CreatedFacts:
    """What ``appraise new`` says it created, as plain values."""

    file: str
    unit: str
    model: str
    representation: str
    target: int | None
    areas: Sequence[str]
    cells: int
    units: Sequence[str]
    values: Sequence[str]
    maturity_model: str = ""
    #: The new appraisal's settings (as in ``ScopeFacts``).
    settings: Mapping[str, str] = field(default_factory=dict)


def _scope_rows(view: SchemeView, facts: ScopeFacts) -> list[tuple[str, str]]:
    """The scope rows of a CMMI appraisal: representation and target, projects, process areas."""
    words = view.words
    level = "CL" if facts.representation == "continuous" else "ML"
    return [("Representation", f"{facts.representation}, target {level} {facts.target}"),
            (words.units_title, ", ".join(facts.units)), (words.areas_title, ", ".join(facts.areas))]


def _created_line(view: SchemeView, f: CreatedFacts) -> str:
    words = view.words
    return (f"Created {f.file}: {f.unit}, {f.model} {f.representation} target {f.target}; {len(f.areas)} "
            f"{words.areas}, {f.cells} {words.practice}s x {len(f.units)} {words.units} ({', '.join(f.units)})")


@dataclass(frozen=True)
class SchemeView:
    """One rating scheme as the faces see it: words, capabilities and the lines it phrases its own way."""

    #: The scheme's id as model files name it (``scheme: scampi-1.3``); only the schemes compare it.
    scheme: str
    words: Words = Words()
    #: What a finding can be: strengths and weaknesses, or an audit's grades.
    finding_kinds: tuple[str, ...] = ("strength", "weakness")

    # -- capabilities (a face tests these, never the scheme) ---------------------------------------
    #: The appraisal has a target level (an audit has none).
    target_level: bool = True
    #: An area may be ruled not applicable by the team (SCAMPI R4.2); a process in the agreed scope may not.
    areas_not_applicable: bool = True
    #: Requirements may be declared not applicable (ISO 9001 §4.3, A1.2).
    exclusions: bool = False
    #: Instances may be weighted in aggregation (ISO/IEC 33020 M3.4).
    weights: bool = False
    #: An organizational maturity model may be attached (ISO/IEC 33020).
    maturity_model: bool = False
    #: Refined values (P-, P+, L-, L+) may be allowed when the appraisal is created.
    refined_values: bool = False
    #: A finding is raised on a clause in one unit (or all), may cite evidence, and a nonconformity's plan
    #: and closure are tracked (an audit, A2-A8).
    nonconformities: bool = False
    #: A gap is a cell without a value or without evidence; False: a cell without a value (what the auditor
    #: saw counts, whether or not items are linked).
    gap_needs_evidence: bool = True
    #: What ``g`` (the next gap) is called when it is not "next gap": (label, description).
    gap_key: tuple[str, str] | None = None
    #: What the matrix says when nothing is left: (message, title).
    no_gaps: tuple[str, str] = ("Every cell is characterized and has evidence.", "No gaps")
    #: ``appraise gaps`` lists the cells lacking an artifact or an affirmation (a CMMI appraisal).
    evidence_gaps: bool = True
    #: The rules ``appraise gaps`` applies, cited in its lines: (coverage, evidence dated too late), e.g. CMMI
    #: V3.0 ("V8.1", "V8.5"); "" where the scheme names none.
    coverage_rules: tuple[str, str] = ("", "")
    #: Its evidence may be reused in another appraisal (an ISO 9001 audit's, ``appraise reuse --from``).
    reuse_source: bool = False
    #: It takes evidence reused from an audit (a CMMI appraisal).
    reuse_target: bool = False
    #: In the continuous representation each area has its own capability level (CMMI).
    area_capability_levels: bool = True
    #: The overview counts the findings by kind (an audit's grades) where others count pending decisions.
    findings_counted: bool = False
    #: What the overview's rating block shows: ``areas`` (levels, goals), ``capability`` (processes x
    #: levels), ``clauses`` (each clause's results) or ``bricks`` (practice areas by domain x levels 1..5, a
    #: brick per practice group coloured by its rating, the area's rating at the end of the row).
    profile: Literal["areas", "capability", "clauses", "bricks"] = "areas"
    #: Export formats beside md, csv and json that the scheme offers (``appraise export --format``), e.g.
    #: ``cas-roll-up``: the OU values as the CAS Staged Roll-Up workbook.
    exports: tuple[str, ...] = ()

    # -- lines the scheme phrases its own way -------------------------------------------------------
    #: The practices view's legend, as (text, style) pieces.
    practices_legend: tuple[tuple[str, str], ...] = ()
    #: A matrix cell on an indicator: which attribute it feeds ("{attribute}", "{title}"); "" when none.
    indicator_line: str = ""
    #: Why a proposal is what it is ("{rated}" of "{total}" indicators); "" when the scheme proposes nothing.
    proposal_basis: str = ""
    #: ``appraise demo``'s next steps ("{dest}": the demo file).
    demo_hints: str = ""
    #: The rating profile as a chart for the overview and the deliverables (``sections.profile_chart``: a bar per
    #: area at its level), or None where the scheme has no levels to chart.
    profile_chart: Callable[[RatingTree], Chart | None] = profile_chart
    scope_rows: Callable[[SchemeView, ScopeFacts], list[tuple[str, str]]] = _scope_rows
    created_line: Callable[[SchemeView, CreatedFacts], str] = _created_line

    def with_words(self, own: Mapping[str, str]) -> SchemeView:
        """This view with a model's own words (``words:`` in its file) over the scheme's."""
        return replace(self, words=self.words.overridden(own)) if own else self

    def scope(self, facts: ScopeFacts) -> list[tuple[str, str]]:
        """The overview's scope rows (label, value)."""
        return self.scope_rows(self, facts)

    def created(self, facts: CreatedFacts) -> str:
        """What ``appraise new`` prints once the file is made."""
        return self.created_line(self, facts)


__all__ = ["CreatedFacts", "SchemeView", "ScopeFacts", "Words"]
