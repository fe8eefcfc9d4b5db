"""Use cases shared by the command line and the terminal UI, split by use case.

``Appraisal`` (``session.py``) is an open appraisal file with its model and rating scheme; what a user does
to it hangs off it, one attribute per use case: ``appraisal.cells`` (characterizations), ``.decisions``,
``.evidence``, ``.findings``, ``.setup`` (scope corrections, the maturity model), ``.team`` (the roster and
the details the deliverables print) and ``.history`` (the change log, undo, redo). The crosswalk between models is ``crosswalk.py``; model files are
``frameworks.py``; building appraisal files on disk (and the samples) is ``files.py``.

Screens and commands import from here alone (DESIGN.md): the use cases, and the records and display
helpers they show.
"""

from __future__ import annotations

from appraise.framework import Framework, Scale
from appraise.framework.bundled import bundled_framework_ids
from appraise.io.deliver import FORMATS as DELIVERABLE_FORMATS
from appraise.io.evidence import EvidencePlan
from appraise.io.export import FORMATS as EXPORT_FORMATS
from appraise.io.export import format_for as export_format_for
from appraise.io.export import level_line, level_rule
from appraise.locations import ServerLocation
from appraise.schemes import PendingDecision, RatingNode, RatingTree, latest_decisions, view_for
from appraise.schemes import requirement_order as clause_order  # a requirement number's sort key, in any model
from appraise.schemes.document import Chart, Series
from appraise.schemes.report import aggregation_line
from appraise.schemes.view import CreatedFacts, SchemeView, ScopeFacts
from appraise.services.assessors import CONSENSUS, AssessorCell, AssessorImport, PendingCell
from appraise.services.characterization import ON_CONFLICT, CellImport, CharacterizationChange
from appraise.services.deliverables import write_deliverable
from appraise.services.files import build_aside, build_sample, default_user, sample_names
from appraise.services.findings import FINDING_KINDS
from appraise.services.frameworks import (
    MATURITY_EXAMPLE,
    BuiltModel,
    ModelEntry,
    build_from_mdd_tool,
    framework_path,
    load_framework,
    maturity_model_path,
    model_entries,
    model_file_kind,
    user_framework_ids,
    user_frameworks_dir,
    validate_maturity_model,
)
from appraise.services.sample import SamplePlan, apply_sample, parse_alias, plan_sample
from appraise.services.scope import NeedsConfirmation, ScopeCorrection
from appraise.services.session import Appraisal
from appraise.services.team import DETAIL_KEYS, TEAM_ROLES
from appraise.services.tool_import import LAYOUTS as IMPORT_LAYOUTS
from appraise.services.tool_import import ToolPlan, plan_tool_import
from appraise.services.tool_import import differences as tool_differences
from appraise.services.workbook_exports import export_suffix
from appraise.store import AppraisalInfo, ChangeRecord, DecisionRecord, EvidenceItem, Finding
from appraise.store.records import Reversal

#: The bundled sample appraisal (sample_projects/acme-ml2): what `appraise demo` opens.
SAMPLE = "acme-ml2"

__all__ = [
    "DELIVERABLE_FORMATS",
    "EXPORT_FORMATS",
    "SAMPLE",
    "FINDING_KINDS",
    "MATURITY_EXAMPLE",
    "Chart",
    "Series",
    "CreatedFacts",
    "SchemeView",
    "ScopeFacts",
    "Appraisal",
    "AppraisalInfo",
    "ChangeRecord",
    "CellImport",
    "CONSENSUS",
    "AssessorCell",
    "AssessorImport",
    "PendingCell",
    "CharacterizationChange",
    "ON_CONFLICT",
    "DecisionRecord",
    "EvidenceItem",
    "EvidencePlan",
    "Finding",
    "NeedsConfirmation",
    "ScopeCorrection",
    "Framework",
    "Reversal",
    "Scale",
    "build_aside",
    "build_sample",
    "clause_order",
    "sample_names",
    "bundled_framework_ids",
    "default_user",
    "ServerLocation",
    "export_format_for",
    "framework_path",
    "aggregation_line",
    "latest_decisions",
    "PendingDecision",
    "RatingNode",
    "RatingTree",
    "level_rule",
    "level_line",
    "load_framework",
    "maturity_model_path",
    "model_file_kind",
    "ModelEntry",
    "BuiltModel",
    "build_from_mdd_tool",
    "model_entries",
    "user_framework_ids",
    "user_frameworks_dir",
    "validate_maturity_model",
    "view_for",
    "IMPORT_LAYOUTS",
    "SamplePlan",
    "ToolPlan",
    "apply_sample",
    "parse_alias",
    "plan_sample",
    "plan_tool_import",
    "tool_differences",
    "export_suffix",
    "write_deliverable",
    "DETAIL_KEYS",
    "TEAM_ROLES",
]
