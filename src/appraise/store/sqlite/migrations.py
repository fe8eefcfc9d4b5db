"""The file's schema: created from the SQLModel tables, and older files migrated, all steps in one transaction.

``appraise.store.models`` is the one definition of the tables: a new file and the last migration steps
(5 -> 6, 6 -> 7 and 9 -> 10, which rebuild every table; 7 -> 8 and 8 -> 9, which add one) take their ``CREATE`` statements from
``SQLModel.metadata``, compiled for SQLite. SQLAlchemy is imported here only, and only when a file is created or
migrated. Earlier steps are the exact SQL of their time, so the chain 1 -> ... -> 10 replays what each version did.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from appraise.errors import StoreError
from appraise.store import records
from appraise.store.sqlite.connection import BUSY_TIMEOUT_MS, probe, reason


def schema_statements(only: tuple[str, ...] | None = None) -> list[str]:
    """``CREATE TABLE`` / ``CREATE INDEX`` for this schema, from the SQLModel tables (parents first); ``only``:
    of those tables alone (a step that adds a table)."""
    from sqlalchemy.dialects import sqlite as sqlite_dialect
    from sqlalchemy.schema import CreateIndex, CreateTable
    from sqlmodel import SQLModel

    from appraise.store import models  # noqa: F401 (defines the tables on SQLModel.metadata)

    dialect = sqlite_dialect.dialect()
    out = []
    for table in SQLModel.metadata.sorted_tables:
        if only is not None and table.name not in only:
            continue
        out.append(str(CreateTable(table).compile(dialect=dialect)).strip())
        out += [str(CreateIndex(index).compile(dialect=dialect)).strip()
                for index in sorted(table.indexes, key=lambda i: str(i.name))]
    return out


def create_schema(conn: sqlite3.Connection) -> None:
    for statement in schema_statements():
        conn.execute(statement)


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]


def _add_decision_basis(conn: sqlite3.Connection) -> None:
    """Schema 1 -> 2: a decision records the instance values it was made on."""
    conn.execute("ALTER TABLE decision ADD COLUMN basis VARCHAR NOT NULL DEFAULT ''")


def _add_settings(conn: sqlite3.Connection) -> None:
    """Schema 2 -> 3: appraisal settings (ISO/IEC 33020 refined scale, maturity model)."""
    conn.execute("CREATE TABLE IF NOT EXISTS setting (key VARCHAR NOT NULL PRIMARY KEY, value VARCHAR NOT NULL)")


def _add_audits_and_reuse(conn: sqlite3.Connection) -> None:
    """Schema 3 -> 4: audit findings (site, evidence, status), reuse suggestions, a link's origin."""
    present = set(_columns(conn, "finding"))
    for column, kind in (("site", "VARCHAR DEFAULT '' NOT NULL"), ("evidence_id", "INTEGER"),
                         ("status", "VARCHAR DEFAULT '' NOT NULL")):
        if column not in present:
            conn.execute(f"ALTER TABLE finding ADD COLUMN {column} {kind}")
    if "origin" not in _columns(conn, "evidence_link"):
        conn.execute("ALTER TABLE evidence_link ADD COLUMN origin VARCHAR DEFAULT '' NOT NULL")
    conn.execute(
        "CREATE TABLE IF NOT EXISTS suggestion (id INTEGER NOT NULL, audit VARCHAR NOT NULL, kind VARCHAR NOT NULL, "
        "title VARCHAR NOT NULL, location VARCHAR NOT NULL, description VARCHAR NOT NULL, source VARCHAR NOT NULL, "
        "collected_on VARCHAR, clause VARCHAR NOT NULL, practice_id VARCHAR NOT NULL, project_id INTEGER NOT NULL, "
        "strength VARCHAR NOT NULL, basis VARCHAR NOT NULL, mapping VARCHAR NOT NULL, status VARCHAR NOT NULL, "
        "created_at VARCHAR NOT NULL, decided_by VARCHAR NOT NULL, decided_at VARCHAR NOT NULL, PRIMARY KEY (id), "
        "UNIQUE (audit, kind, title, location, clause, practice_id, project_id), "
        "FOREIGN KEY(project_id) REFERENCES project (id) ON DELETE CASCADE)")
    conn.execute("CREATE INDEX IF NOT EXISTS ix_suggestion_audit ON suggestion (audit)")


def _add_undo(conn: sqlite3.Connection) -> None:
    """Schema 4 -> 5: a change-log entry keeps what reverses it (undo, redo); older entries cannot be undone."""
    present = set(_columns(conn, "change_log"))
    if "undo" not in present:
        conn.execute("ALTER TABLE change_log ADD COLUMN undo VARCHAR DEFAULT '' NOT NULL")
    if "undoes" not in present:
        conn.execute("ALTER TABLE change_log ADD COLUMN undoes INTEGER")


def _add_appraisal_keys(conn: sqlite3.Connection, single: bool = True) -> None:
    """Schema 5 -> 6: every per-appraisal table carries ``appraisal_id``; unique keys per appraisal (``single``:
    the file holds one appraisal, as every file before schema 6 did; later rebuilds copy many).

    SQLite changes no key of a table in place: each table is rebuilt from the SQLModel tables and its rows
    copied, every row belonging to the file's one appraisal. A row that breaks a new unique key (an evidence
    item twice) fails the step, and the whole migration with it.
    """
    old = [name for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    for table in old:
        conn.execute(f'ALTER TABLE "{table}" RENAME TO "v5_{table}"')
    for (index,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").fetchall():
        conn.execute(f'DROP INDEX "{index}"')
    ids = [row[0] for row in conn.execute("SELECT id FROM v5_appraisal")]
    if len(ids) != 1 and single:
        raise sqlite3.IntegrityError(f"the file holds {len(ids)} appraisal records, not one")
    create_schema(conn)
    for (table,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'v5_%'").fetchall():
        if table not in old:
            continue
        had = set(_columns(conn, f"v5_{table}"))
        columns = [c for c in _columns(conn, table) if c in had]
        names = ", ".join(f'"{c}"' for c in columns)
        if "appraisal_id" in _columns(conn, table) and "appraisal_id" not in had:
            conn.execute(f'INSERT INTO "{table}" ({names}, appraisal_id) SELECT {names}, ? FROM "v5_{table}"',
                         (ids[0],))
        else:
            conn.execute(f'INSERT INTO "{table}" ({names}) SELECT {names} FROM "v5_{table}"')
    for table in reversed(old):
        conn.execute(f'DROP TABLE "v5_{table}"')


def _add_evidence_channel(conn: sqlite3.Connection) -> None:
    """Schema 6 -> 7: an affirmation records its channel (interview, email ...; V8.6); older items have none
    (''). The tables are rebuilt from the SQLModel tables as in step 5 -> 6, so a migrated file has a new
    file's schema to the letter (an ``ALTER TABLE ADD COLUMN`` would leave its own text in the schema)."""
    _add_appraisal_keys(conn)


def _add_table(conn: sqlite3.Connection, table: str) -> None:
    """Create ``table`` as a new file creates it (so a migrated file has a new file's schema to the letter),
    unless it is there: a file of schema 6 or older has it, the rebuild of steps 5 -> 6 and 6 -> 7 creating
    every table of this version."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone():
        return
    for statement in schema_statements(only=(table,)):
        conn.execute(statement)


def _add_assessor_ratings(conn: sqlite3.Connection) -> None:
    """Schema 7 -> 8: several assessors' ratings of one cell, kept per assessor (``assessor_rating``)."""
    _add_table(conn, "assessor_rating")


def _add_team(conn: sqlite3.Connection) -> None:
    """Schema 8 -> 9: the appraisal team's roster (``team_member``), recorded by ``appraise team``."""
    _add_table(conn, "team_member")


def _add_collaboration(conn: sqlite3.Connection) -> None:
    """Schema 9 -> 10: an appraisal's name (in a database of many), identity (``uid``, kept by its copies) and
    revision; a roster member's login; mini-team forks (``fork``) and merge conflicts (``merge_conflict``).
    The tables are rebuilt from the SQLModel tables (as in steps 5 -> 6 and 6 -> 7), so a migrated file has a
    new file's schema to the letter; the appraisal is given its identity."""
    import secrets

    _add_appraisal_keys(conn, single=False)
    for (aid,) in conn.execute("SELECT id FROM appraisal WHERE uid = ''").fetchall():
        conn.execute("UPDATE appraisal SET uid = ? WHERE id = ?", (secrets.token_hex(16), aid))


#: MIGRATIONS[n] upgrades a file from schema n to n + 1, inside the one transaction of ``run_migrations``.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    1: _add_decision_basis, 2: _add_settings, 3: _add_audits_and_reuse, 4: _add_undo, 5: _add_appraisal_keys,
    6: _add_evidence_channel, 7: _add_assessor_ratings, 8: _add_team, 9: _add_collaboration}


def run_migrations(conn: sqlite3.Connection, path: Path, version: int) -> int:
    """Upgrade the database behind ``conn`` to this version's schema in one transaction; the version it had.

    ``version`` is what the file said before; it is read again once the write lock is held, so two
    processes opening the same old file do not both migrate it. DDL, data and ``user_version`` commit
    together (the connection is in autocommit mode, the transaction explicit): a failure or a kill at
    any step leaves the file as it was.
    """
    conn.isolation_level = None
    step = version
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            (version,) = conn.execute("PRAGMA user_version").fetchone()
            for step in range(version, records.SCHEMA_VERSION):
                MIGRATIONS[step](conn)
            conn.execute(f"PRAGMA user_version = {records.SCHEMA_VERSION}")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot upgrade the appraisal file from schema {step} to {step + 1} "
                         f"({reason(exc)}); the file is unchanged") from None
    return int(version)


def migrate_file(path: Path) -> int:
    """Migrate an appraisal file of an older schema in place, in one transaction; the version it had.

    A failure or an interruption (even kill -9) at any step leaves the file as it was.
    """
    try:
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open the appraisal file ({reason(exc)})") from None
    try:
        return run_migrations(conn, path, probe(path))
    finally:
        conn.close()
