"""The PostgreSQL implementation of ``AppraisalStore``: a team's shared database holding many appraisals.

``PostgresStore`` runs the SQLite store's statement classes over a psycopg connection adapter (``adapter``); the
tables come from the same SQLModel definition (``schema``). psycopg and SQLAlchemy are imported only when a
server location is used: importing this package costs nothing.
"""

from __future__ import annotations

from appraise.store.postgres.store import LOCK_TIMEOUT_MS, PostgresStore

__all__ = ["LOCK_TIMEOUT_MS", "PostgresStore"]
