"""The appraisal file: SQLModel tables over SQLite and the queries the app needs."""

from appraise.store.store import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    AppraisalInfo,
    AppraisalStore,
    ChangeRecord,
    DecisionRecord,
    NewEvidence,
)

__all__ = [
    "APPLICATION_ID",
    "SCHEMA_VERSION",
    "AppraisalInfo",
    "AppraisalStore",
    "ChangeRecord",
    "DecisionRecord",
    "NewEvidence",
]
