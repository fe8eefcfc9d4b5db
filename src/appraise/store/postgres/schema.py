"""The tables of a team's PostgreSQL database: created from the SQLModel tables (the one definition both stores
use) when absent, and its schema version kept in a table of its own (``appraise_schema``).

The first user of an empty database creates the tables in one transaction, under an advisory lock, so two first
users at once do not both try (the second waits, then finds them there). A database of a newer schema is refused
in one line; so is one of an older schema (none exists yet: schema 10 is the first on a server).
"""

from __future__ import annotations

import re

from appraise.errors import StoreError
from appraise.store import records
from appraise.store.postgres.adapter import PgConnection

#: The advisory lock every creation of the tables takes (an arbitrary number of appraise's own).
SCHEMA_LOCK = 0x41505052
#: The table that says which schema the database holds.
VERSION_TABLE = "appraise_schema"


def schema_statements() -> list[str]:
    """``CREATE TABLE`` / ``CREATE INDEX`` for this schema from the SQLModel tables (parents first), compiled for
    PostgreSQL, text in the "C" collation; plus an index on ``appraisal_id`` wherever the tables have none (a database holds many
    appraisals, and every read names one)."""
    from sqlalchemy.dialects import postgresql
    from sqlalchemy.schema import CreateIndex, CreateTable
    from sqlmodel import SQLModel

    from appraise.store import models  # noqa: F401 (defines the tables on SQLModel.metadata)

    dialect = postgresql.dialect()
    out = []
    for table in SQLModel.metadata.sorted_tables:
        # text compares and sorts byte by byte, as in SQLite (whatever the database's locale): the same ORDER BY
        # gives the same order on both
        out.append(re.sub(r"\bVARCHAR\b", 'VARCHAR COLLATE "C"', str(CreateTable(table).compile(dialect=dialect)).strip()))
        out += [str(CreateIndex(index).compile(dialect=dialect)).strip()
                for index in sorted(table.indexes, key=lambda i: str(i.name))]
        indexed = {tuple(c.name for c in index.columns)[0] for index in table.indexes}
        if "appraisal_id" in table.columns and "appraisal_id" not in indexed:
            out.append(f"CREATE INDEX ix_{table.name}_appraisal_id ON {table.name} (appraisal_id)")
    # a write reads its appraisal's last change-log entry before and after (``SqliteWrites._write``)
    out.append("CREATE INDEX ix_change_log_appraisal_entry ON change_log (appraisal_id, id)")
    out.append(f"CREATE TABLE {VERSION_TABLE} (version INTEGER NOT NULL)")
    out.append(f"INSERT INTO {VERSION_TABLE} (version) VALUES ({records.SCHEMA_VERSION})")
    return out


def schema_version(conn: PgConnection) -> int | None:
    """The database's schema version; None when it holds no appraise tables."""
    (present,) = conn.execute("SELECT to_regclass(?) IS NOT NULL", (VERSION_TABLE,)).fetchone()
    if not present:
        return None
    found = conn.execute(f"SELECT max(version) FROM {VERSION_TABLE}").fetchone()
    return int(found[0]) if found and found[0] is not None else None


def check_version(version: int | None, shown: str) -> None:
    if version is None:
        return
    if version > records.SCHEMA_VERSION:
        raise StoreError(f"{shown}: the database was written by a newer appraise (schema {version}; this one reads "
                         f"up to {records.SCHEMA_VERSION}): upgrade appraise to use it")
    if version < records.SCHEMA_VERSION:
        raise StoreError(f"{shown}: the database holds appraise schema {version}, which this version cannot "
                         f"upgrade (it reads {records.SCHEMA_VERSION})")


def ensure_schema(conn: PgConnection) -> None:
    """Create the tables when the database has none (one transaction, under the advisory lock); refuse a database
    of another schema. ``conn`` is idle (no transaction of its own)."""
    version = schema_version(conn)
    if version is None:
        conn.execute("BEGIN")
        try:
            conn.execute("SELECT pg_advisory_xact_lock(?)", (SCHEMA_LOCK,))
            version = schema_version(conn)  # read again, under the lock: another first user may have made them
            if version is None:
                for statement in schema_statements():
                    conn.execute(statement)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        conn.forget_tables()
    check_version(version, conn.shown)


__all__ = ["SCHEMA_LOCK", "VERSION_TABLE", "check_version", "ensure_schema", "schema_statements", "schema_version"]
