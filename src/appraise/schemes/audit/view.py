"""ISO 9001:2015 audits as the faces see them: clauses audited per site, results, graded findings."""

from __future__ import annotations

from appraise.schemes.audit.rules import GRADES
from appraise.schemes.view import CreatedFacts, SchemeView, ScopeFacts, Words


def _scope_rows(view: SchemeView, facts: ScopeFacts) -> list[tuple[str, str]]:
    words = view.words
    return [(words.units_title, ", ".join(facts.units)),
            (words.areas_title, f"{', '.join(facts.areas)} ({facts.cells} clauses and sub-clauses)")]


def _created_line(view: SchemeView, f: CreatedFacts) -> str:
    unit = view.words.unit if len(f.units) == 1 else view.words.units
    return (f"Created {f.file}: audit of {f.unit} against {f.model}; {f.cells} clauses x {len(f.units)} {unit} "
            f"({', '.join(f.units)})")


VIEW = SchemeView(
    scheme="audit",
    words=Words(
        unit="site", units="sites", units_title="Sites",
        area="clause", areas="clauses", areas_title="Clauses", area_title="Clause", area_column="Clause",
        rating_column="Result", kind_column="Grade", practice_column="Sub-clause",
        matrix_practice="Clause", matrix_rows="clauses", aggregate="Res", aggregate_line="Result", value="result",
        not_set="no result recorded", characterized="Conformity recorded",
    ),
    finding_kinds=GRADES,
    target_level=False,
    areas_not_applicable=True,
    exclusions=True,
    nonconformities=True,
    gap_needs_evidence=False,
    gap_key=("Not audited", "Next clause and site with no result recorded"),
    no_gaps=("Every clause has a result in every site.", "Nothing left to audit"),
    evidence_gaps=False,
    reuse_source=True,
    area_capability_levels=False,
    findings_counted=True,
    profile="clauses",
    demo_hints=("Try: appraise compare iso-9001-2015 cmmi-dev-1.3 --level 3\n"
                "     appraise demo --print      (the CMMI appraisal of the same organization)\n"
                "     appraise reuse acme-demo.appraisal --from {dest}\n"
                "     appraise gaps acme-demo.appraisal"),
    scope_rows=_scope_rows,
    created_line=_created_line,
)
