"""The appraisal store: one typed interface (``AppraisalStore``), its records, and the SQLite file behind it.

The services depend on ``appraise.store.interface``; ``appraise.store.sqlite`` is the implementation for
the ``.appraisal`` file (standard library ``sqlite3``: reading and writing never import the ORM);
``appraise.store.models`` (SQLModel) is the one definition of the tables, imported only to create or
migrate a database.
"""

from __future__ import annotations

from appraise.store.interface import AppraisalReads, AppraisalStore
from appraise.store.records import (
    AFFIRMATION_CHANNELS,
    APPLICATION_ID,
    SCHEMA_VERSION,
    AppraisalInfo,
    ChangeRecord,
    DecisionRecord,
    EvidenceItem,
    Finding,
    NewEvidence,
    ScopeChange,
    Suggestion,
    TeamMemberRecord,
)
from appraise.store.sqlite.connection import is_read_only, probe

__all__ = [
    "AFFIRMATION_CHANNELS",
    "APPLICATION_ID",
    "SCHEMA_VERSION",
    "AppraisalInfo",
    "AppraisalReads",
    "AppraisalStore",
    "ChangeRecord",
    "DecisionRecord",
    "EvidenceItem",
    "Finding",
    "Suggestion",
    "NewEvidence",
    "ScopeChange",
    "TeamMemberRecord",
    "is_read_only",
    "probe",
]
