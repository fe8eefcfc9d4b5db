"""The SQLite implementation of ``AppraisalStore``: the ``.appraisal`` file.

Everything SQLite-only lives in this package and nowhere else: the pragmas (``application_id``,
``user_version``, ``data_version``, ``table_info``, WAL, ``busy_timeout``), ``BEGIN IMMEDIATE``, the JSON
functions, ``ON CONFLICT`` forms and table rebuilds. Modules: ``connection`` (opening, pragmas, locking,
transactions), ``reads``, ``writes`` (``SqliteStore``), ``migrations`` (schema from the SQLModel tables,
older files upgraded), ``undo`` (reversing a recorded change inside a write transaction).
Standard library only, except creating or migrating a file, which imports SQLModel for its tables.
"""

from __future__ import annotations

from appraise.store.sqlite.connection import BUSY_TIMEOUT_MS, busy_reason, connect_read_only, is_read_only, probe
from appraise.store.sqlite.migrations import MIGRATIONS, migrate_file
from appraise.store.sqlite.reads import SqliteReads
from appraise.store.sqlite.store import SqliteStore

__all__ = ["BUSY_TIMEOUT_MS", "MIGRATIONS", "SqliteReads", "SqliteStore", "busy_reason", "connect_read_only",
           "is_read_only", "migrate_file", "probe"]
