"""The appraisal file: SQLite, read with the standard library, written through SQLModel.

``ReadStore`` and the records import no ORM; ``AppraisalStore`` (the writes)
imports SQLModel on first use, so a screen or command that only reads never
pays for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from appraise.store.reader import ReadStore, is_read_only, probe
from appraise.store.records import (
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
)

if TYPE_CHECKING:
    from appraise.store.store import AppraisalStore


def __getattr__(name: str) -> Any:
    if name == "AppraisalStore":
        from appraise.store.store import AppraisalStore

        return AppraisalStore
    raise AttributeError(f"module 'appraise.store' has no attribute {name!r}")


__all__ = [
    "APPLICATION_ID",
    "SCHEMA_VERSION",
    "AppraisalInfo",
    "AppraisalStore",
    "ChangeRecord",
    "DecisionRecord",
    "EvidenceItem",
    "Finding",
    "Suggestion",
    "NewEvidence",
    "ReadStore",
    "ScopeChange",
    "is_read_only",
    "probe",
]
