"""ISO/IEC 33020 process assessments (Automotive SPICE, ISO/IEC 15504-5) as the faces see them: indicators and
process attributes rated per process instance, capability levels, consistency deviations."""

from __future__ import annotations

from appraise.schemes.view import CreatedFacts, SchemeView, ScopeFacts, Words


def _scope_rows(view: SchemeView, facts: ScopeFacts) -> list[tuple[str, str]]:
    words = view.words
    return [("Target", f"capability level {facts.target}; ratings {' '.join(facts.values)}"),
            ("Aggregation", facts.aggregation), (words.units_title, ", ".join(facts.units)),
            (words.areas_title, ", ".join(facts.areas))]


def _created_line(view: SchemeView, f: CreatedFacts) -> str:
    words = view.words
    extras = [f"values {' '.join(f.values)}"] + ([f"maturity model {f.maturity_model}"] if f.maturity_model else [])
    return (f"Created {f.file}: {f.unit}, {f.model} target CL {f.target}; {len(f.areas)} {words.areas} "
            f"({', '.join(f.areas)}), {f.cells} indicators and attributes x {len(f.units)} {words.units} "
            f"({', '.join(f.units)}); " + "; ".join(extras))


VIEW = SchemeView(
    scheme="iso-33020",
    words=Words(
        unit="instance", units="instances", units_title="Process instances",
        area="process", areas="processes", areas_title="Processes", area_title="Process", area_column="Process",
        practice_column="Indicator", goals_title="Process attributes",
        practices_heading="Indicators, then the attribute's rating per instance",
        practice="indicator or process attribute", matrix_practice="Indicator / attribute", matrix_rows="rows",
        aggregate="Aggr", value="rating", not_set="not rated", characterized="Rated", characterization="rating",
        pending="open consistency deviation", pending_title="Open deviations",
    ),
    finding_kinds=("strength", "weakness"),
    areas_not_applicable=False,
    weights=True,
    maturity_model=True,
    refined_values=True,
    area_capability_levels=False,
    profile="capability",
    practices_legend=(("3", "bold"), (" capability level  ", ""), ("F", "bold green"), (" L", "green"),
                      (" P", "yellow"), (" N", "bold red"), (" aggregate\n", ""), ("✓", "green"),
                      (" rated in every instance  ", ""), ("…", "yellow"), (" in some  ", ""), ("·", "dim"),
                      (" not rated", "")),
    indicator_line="An indicator of {attribute} ({title}); the assessor rates the attribute.",
    proposal_basis=" (AS2.3: mean of {rated} of {total} indicator ratings; the assessor's rating counts)",
    demo_hints=("Try: appraise characterize {dest} \"REQM SP 1.1\" BETA PI --note \"...\"\n"
                "     appraise rate {dest}      (the practice now awaits a team decision)\n"
                "     appraise --help"),
    scope_rows=_scope_rows,
    created_line=_created_line,
)
