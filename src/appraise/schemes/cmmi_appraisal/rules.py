"""CMMI Appraisal Method rating rules for CMMI V2.0 / V3.0 models (shared/domain/cmmi-appraisal-v3.md).

Pure functions over plain values: the model, the scope (its plan in ``Scope.settings``), the units'
characterizations ``{practice or per-process cell: {unit: value}}`` and the team's decisions. Every result
cites the rule it applied (V1..V11) and says what blocks a higher one; where the method leaves a choice to the
team, the result offers exactly the allowed values and stays pending until the choice is recorded.

- V1.4 / V1.2: a cell's evidence flags propose a value; an LM, PM or DM without a weakness is flagged (advise).
- V2: per practice, the OU value of the units in the area's sample (out-of-sample units are left out, V9.4),
  with the 50 % cap (V2.9) and the team's LM/PM or PM/DM choice (V2.4, V2.5); a choice stands only while
  the values it was made on hold.
- V7: II and GOV (areas flagged ``per_process``) are characterized per process, consolidated per process,
  then the lowest per practice (V7.4); never NY (V7.2).
- V3 / V4: practice groups up to each area's target, the team's judgment of LM weaknesses (V3.2), the area's
  level capped at its target and top level (V4.2).
- V5: the maturity level with every required area — the model's lists (V2.0) or every in-scope area of the
  view from ML2, II and GOV included (V5.3) — at min(level, its top); a Sustainment never raises the
  Benchmark level (V5.5). V6: the capability profile (II and GOV up to each level).
- An Evaluation (Low / Medium / High / Not Yet) gets OU values by V2.13 but no practice group, practice area,
  maturity or capability ratings (V3.6).

The modules: ``method`` (the tables and switches), ``scope`` (model check, scope, cells, refusals),
``revise`` (scope changes), ``decisions`` (decisions and advice), ``rollup`` (the rating). Every name a
caller needs is importable from here.
"""

from __future__ import annotations

from appraise.schemes.cmmi_appraisal.decisions import advise, decision_basis, decision_kind, decision_options
from appraise.schemes.cmmi_appraisal.results import (
    GROUP_OPTIONS,
    NOT_RATED,
    OU_CHARACTERIZATION,
    OUT_OF_SCOPE,
    PENDING,
    PRACTICE_GROUP,
    SATISFIED,
    UNSATISFIED,
    RatingResult,
)
from appraise.schemes.cmmi_appraisal.revise import revise_scope
from appraise.schemes.cmmi_appraisal.rollup import rate
from appraise.schemes.cmmi_appraisal.scope import (
    BENCHMARK_VALUES,
    EVALUATION_VALUES,
    SCHEME_ID,
    allowed_values,
    cell_id,
    check_framework,
    evidence_cutoff,
    make_scope,
    practices_in_scope,
    refusal,
    refuse_value,
    resolve_target,
    specialize,
)

#: The scheme's own options of ``appraise new`` (``make_scope`` gets them in ``options``).
SCOPE_OPTIONS = ("appraisal_type", "domains", "support_functions", "processes", "area_targets",
                 "benchmark_level", "phase2_start")
#: ``refusal`` answers per unit (a unit outside an area's sample, or not using a process).
REFUSES_PER_UNIT = True

__all__ = [
    "BENCHMARK_VALUES", "EVALUATION_VALUES", "GROUP_OPTIONS", "NOT_RATED", "OUT_OF_SCOPE", "OU_CHARACTERIZATION",
    "PENDING", "PRACTICE_GROUP", "REFUSES_PER_UNIT", "SATISFIED", "SCHEME_ID", "SCOPE_OPTIONS", "UNSATISFIED",
    "RatingResult", "advise", "allowed_values", "cell_id", "check_framework", "decision_basis", "decision_kind",
    "decision_options", "evidence_cutoff", "make_scope", "practices_in_scope", "rate", "refusal",
    "refuse_value", "resolve_target", "revise_scope", "specialize",
]
