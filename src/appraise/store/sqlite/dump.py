"""Reading one appraisal out whole (``appraise push`` / ``pull``, ``appraise.store.transfer``): every row of each
of its tables, in id / key order, read in one snapshot so a write committed meanwhile is either all in it or not.

Portable SQL (the PostgreSQL store runs it too); the snapshot is SQLite's read transaction here.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from appraise.store.sqlite.reads import SqliteReads


class DumpReads(SqliteReads):
    """``dump_rows``: the appraisal's rows of every table, as dicts."""

    def dump_rows(self, columns: Mapping[str, Sequence[str]]) -> dict[str, list[dict[str, Any]]]:
        """Table -> its rows of this appraisal (column -> value) for each table of ``columns`` (table -> its
        columns), ordered as ``appraise.store.transfer.TABLES`` says."""
        from appraise.store.transfer import TABLES

        order = dict(TABLES)
        tables: dict[str, list[dict[str, Any]]] = {}
        with self._snapshot():
            for table, names in columns.items():
                where = "id" if table == "appraisal" else "appraisal_id"
                rows = self._rows(f"SELECT {', '.join(names)} FROM {table} WHERE {where} = ? "
                                  f"ORDER BY {order[table]}")
                tables[table] = [dict(zip(names, row)) for row in rows]
        return tables

    @contextmanager
    def _snapshot(self) -> Iterator[None]:
        """The reads inside run in one read transaction (of the read connection, held under its lock)."""
        conn = getattr(self, "_conn", None)
        if not isinstance(conn, sqlite3.Connection) or conn.in_transaction:
            yield
            return
        with self._lock:
            conn.execute("BEGIN")
            try:
                yield
            finally:
                if conn.in_transaction:
                    conn.execute("COMMIT")


__all__ = ["DumpReads"]
