"""The appraisal file's connections: opening, pragmas, the file's identity, locking and transactions.

Standard library only (``sqlite3``): reading and writing never import the ORM. Every write is one
transaction that takes the write lock when it begins (``BEGIN IMMEDIATE``), so what it reads to check
(a duplicate, an undo's "changed since", the old values the change log records) cannot be changed by
another process before it writes.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from appraise.errors import StoreError
from appraise.store import records

#: How long a read or write waits for another connection's write to finish before giving up.
BUSY_TIMEOUT_MS = 5000


def now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def busy_reason(reason: str) -> str:
    """SQLite's "database is locked" / "busy" as a user reads it; other reasons unchanged."""
    if "locked" in reason or "busy" in reason:
        return (f"the file is busy: another appraise (or a sync or backup tool) kept it locked for more than "
                f"{BUSY_TIMEOUT_MS // 1000} s; nothing was changed, try again in a moment")
    return reason


def reason(exc: BaseException) -> str:
    """The database's own words, first line only; a busy file in the user's words."""
    return busy_reason(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)


def is_read_only(path: str | Path) -> bool:
    """True when the file, or the folder it is in, may not be written (also when marked so and we are root)."""
    p = Path(path)
    try:
        marked = not (p.stat().st_mode & 0o222) or not (p.parent.stat().st_mode & 0o222)
    except OSError:
        return True
    return marked or not os.access(p, os.W_OK) or not os.access(p.parent, os.W_OK)


def connect_read_only(path: str | Path) -> sqlite3.Connection:
    """A connection that can never write to ``path``.

    A hot journal (a writer killed mid-transaction in rollback-journal mode) needs one write to roll it
    back: where the file may be written, an ordinary connection does that first. In a folder that cannot
    be written, SQLite cannot make the shared-memory file a WAL-mode file needs beside it: then the file
    is read as immutable (nobody can change it there).
    """
    p = Path(path).resolve()

    def connect(mode: str) -> sqlite3.Connection:
        conn = sqlite3.connect(f"{p.as_uri()}?{mode}", uri=True, check_same_thread=False)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")  # a migration in another process: wait for it
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error:
            conn.close()
            raise
        return conn

    try:
        return connect("mode=ro")
    except sqlite3.OperationalError:
        if not is_read_only(p):
            if Path(f"{p}-journal").exists():
                connect("mode=rw").close()  # rolls the interrupted transaction back
                return connect("mode=ro")
            raise
    return connect("immutable=1")


def probe(path: str | Path) -> int:
    """Check that ``path`` is an appraisal file this version can read; return its schema version."""
    p = Path(path)
    if p.is_dir():
        raise StoreError(f"{p} is a folder, not an appraisal file")
    if not p.is_file():
        raise StoreError(f"{p}: no such appraisal file (create one with `appraise new`)")
    try:
        probe_conn = connect_read_only(p)
        try:
            app_id = probe_conn.execute("PRAGMA application_id").fetchone()[0]
            version = probe_conn.execute("PRAGMA user_version").fetchone()[0]
        finally:
            probe_conn.close()
    except sqlite3.OperationalError as exc:
        raise StoreError(f"{p}: cannot open the appraisal file ({exc}); appraise needs to write beside it, "
                         "so copy it to a folder you can write to") from None
    except sqlite3.DatabaseError:
        raise StoreError(f"{p} is not an appraisal file (not an SQLite database)") from None
    if app_id != records.APPLICATION_ID:
        raise StoreError(f"{p} is not an appraisal file")
    if version > records.SCHEMA_VERSION:
        raise StoreError(f"{p} was written by a newer appraise (schema {version}; this one reads "
                         f"up to {records.SCHEMA_VERSION}): upgrade appraise to open it")
    return int(version)


def connect_for_reading(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def connect_for_writing(path: Path) -> sqlite3.Connection:
    """A connection that writes: foreign keys on, a busy timeout, WAL with every commit copied into the file."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    # copy each commit into the main file at once: the .appraisal file alone is the whole
    # appraisal whenever someone copies it, not only after a clean exit
    conn.execute("PRAGMA wal_autocheckpoint = 1")
    return conn


@contextmanager
def immediate(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction holding the write lock from its first statement; rolled back on any error."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def mark_appraisal_file(conn: sqlite3.Connection) -> None:
    """Stamp a new file as an appraisal of this schema (inside the transaction that builds it)."""
    conn.execute(f"PRAGMA application_id = {records.APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {records.SCHEMA_VERSION}")


class ProjectIds(dict[str, int]):
    """The projects' ids by code. A code renamed or removed elsewhere (another window, another command)
    since this process read the scope is refused in the user's words, inside the write that asked."""

    def __missing__(self, code: str) -> int:
        raise StoreError(f"project {code} is no longer in this appraisal (renamed or removed in another window "
                         "or by another command): nothing was changed; the scope is read again")
