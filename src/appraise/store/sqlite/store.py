"""``SqliteStore``: one appraisal in an SQLite database, ``AppraisalStore`` for the ``.appraisal`` file.

Opening (an older file migrated first, all steps or none; an older read-only file read from a migrated
copy in memory), creating a file from the SQLModel tables, and adding an appraisal to a database. The
reads are ``SqliteReads``, the writes ``SqliteWrites``, ``EvidenceWrites``, ``AssessorWrites``, ``TeamWrites`` and
``MergeWrites`` (mini-team copies and their merge).
"""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from appraise.errors import StoreError
from appraise.store import records
from appraise.store.sqlite import connection
from appraise.store.sqlite.assessors import AssessorWrites
from appraise.store.sqlite.connection import (
    connect_for_writing,
    connect_read_only,
    immediate,
    is_read_only,
    mark_appraisal_file,
    probe,
    reason,
)
from appraise.store.sqlite.dump import DumpReads
from appraise.store.sqlite.evidence import EvidenceWrites
from appraise.store.sqlite.merge import MergeWrites
from appraise.store.sqlite.migrations import create_schema, migrate_file, run_migrations
from appraise.store.sqlite.team import TeamWrites

if TYPE_CHECKING:
    from appraise.store.transfer import AppraisalDump


def insert_appraisal(conn: Any, *, unit: str, framework_id: str, framework_text: str, representation: str,
                     target: int, areas: Sequence[str], projects: Sequence[str], who: str,
                     settings: dict[str, str] | None, logged_as: str, name: str | None = None) -> int:
    """Write a new appraisal (given its identity, ``uid``) with its scope and settings, and its first change-log
    entry (target ``logged_as``), inside the caller's write transaction; its id. ``name``: its name in a database
    of many. Portable SQL: the PostgreSQL store creates its appraisals with this too."""
    at = connection.now()
    aid = conn.execute(
        "INSERT INTO appraisal (unit, framework_id, framework_text, representation, target, created_at, created_by, "
        "uid, name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (unit, framework_id, framework_text, representation, target, at, who, secrets.token_hex(16), name)).lastrowid
    conn.executemany("INSERT INTO scope_area (appraisal_id, area_id, position) VALUES (?, ?, ?)",
                     [(aid, a, i) for i, a in enumerate(areas)])
    conn.executemany("INSERT INTO project (appraisal_id, code, name, subgroup, position) VALUES (?, ?, '', '', ?)",
                     [(aid, c, i) for i, c in enumerate(projects)])
    conn.executemany("INSERT INTO setting (appraisal_id, key, value) VALUES (?, ?, ?)",
                     [(aid, k, v) for k, v in (settings or {}).items()])
    conn.execute("INSERT INTO change_log (appraisal_id, at, who, what, target, new) "
                 "VALUES (?, ?, ?, 'appraisal created', ?, ?)",
                 (aid, at, who, logged_as, f"{framework_id} {representation} target {target}"))
    return int(aid)


def _new_file(p: Path, fill: Callable[[sqlite3.Connection], Any]) -> Any:
    """Create the appraisal file ``p`` (the tables, the file's marks) and ``fill(conn)`` it in the same transaction;
    what ``fill`` returns. Never over an existing file; a failure removes what was begun."""
    if p.exists():
        raise StoreError(f"{p} already exists: choose another file name or remove it first")
    if not p.parent.is_dir():
        raise StoreError(f"{p.parent} is not a folder: cannot create {p.name} there")
    try:
        conn = connect_for_writing(p)
        try:
            with immediate(conn):
                create_schema(conn)
                mark_appraisal_file(conn)
                return fill(conn)
        finally:
            conn.close()
    except (sqlite3.Error, OSError) as exc:
        p.unlink(missing_ok=True)
        raise StoreError(f"{p}: cannot create the appraisal file ({reason(exc)})") from None
    except BaseException:
        p.unlink(missing_ok=True)
        raise


class SqliteStore(AssessorWrites, EvidenceWrites, TeamWrites, MergeWrites, DumpReads):
    """One appraisal in an SQLite database (an ``.appraisal`` file holds one): ``AppraisalStore`` for SQLite.

    Reads go through the read connection of ``SqliteReads``; the first write opens the write connection.
    """

    # -- life cycle ------------------------------------------------------------------
    @classmethod
    def create(cls, path: str | Path, *, unit: str, framework_id: str, framework_text: str,
               representation: str, target: int, areas: Sequence[str], projects: Sequence[str],
               who: str, settings: dict[str, str] | None = None, name: str | None = None) -> SqliteStore:
        """Create the file ``path`` with its one appraisal (``name``: the file name the change log records,
        when ``path`` is a temporary name the file is built under). The tables come from the SQLModel ones."""
        p = Path(path)
        _new_file(p, lambda conn: None)
        return cls.add_appraisal(p, unit=unit, framework_id=framework_id, framework_text=framework_text,
                                 representation=representation, target=target, areas=areas, projects=projects,
                                 who=who, settings=settings, name=name, _new_file=True)

    @classmethod
    def add_appraisal(cls, path: str | Path, *, unit: str, framework_id: str, framework_text: str,
                      representation: str, target: int, areas: Sequence[str], projects: Sequence[str],
                      who: str, settings: dict[str, str] | None = None, name: str | None = None,
                      _new_file: bool = False) -> SqliteStore:
        """Record one more appraisal in the database at ``path`` (its id from the database) and return the
        store bound to it. ``create`` makes the file's one appraisal this way; a team database holds many."""
        p = Path(path)
        try:
            conn = connect_for_writing(p)
            try:
                with immediate(conn):
                    aid = insert_appraisal(conn, unit=unit, framework_id=framework_id, framework_text=framework_text,
                                           representation=representation, target=target, areas=areas,
                                           projects=projects, who=who, settings=settings, logged_as=name or p.name)
            finally:
                conn.close()
        except (sqlite3.Error, OSError) as exc:
            if _new_file:
                p.unlink(missing_ok=True)
            raise StoreError(f"{p}: cannot create the appraisal ({reason(exc)})") from None
        return cls(p, appraisal_id=aid)

    @classmethod
    def create_from(cls, path: str | Path, dump: AppraisalDump) -> SqliteStore:
        """Create the file ``path`` holding the appraisal ``dump`` (``appraise pull``): every row, every id as it
        was; no name (a file holds one appraisal). Callers build it aside and move it into place whole."""
        from appraise.store.transfer import AppraisalDump, insert_dump

        tables = dict(dump.tables)
        tables["appraisal"] = [{**dump.appraisal, "name": None}]
        return cls(Path(path), appraisal_id=_new_file(Path(path), lambda conn: insert_dump(
            conn, AppraisalDump(tables), keep_ids=True)))

    def add_from(self, dump: AppraisalDump, name: str | None = None) -> SqliteStore:
        """Copy the appraisal ``dump`` into this store's database, beside the appraisals there (every id new,
        references following; ``name`` its name there); the store bound to the copy."""
        from appraise.store.transfer import insert_dump

        tables = dict(dump.tables)
        tables["appraisal"] = [{**dump.appraisal, "name": name}]
        with self._write("the copy of the appraisal") as conn:
            aid = insert_dump(conn, type(dump)(tables), keep_ids=False)
        return type(self)(self.path, appraisal_id=aid)

    @classmethod
    def open(cls, path: str | Path, appraisal_id: int | None = None) -> SqliteStore:
        """Open an appraisal file for writing, migrating an older one first (all steps or none)."""
        p = Path(path)
        version = probe(p)
        if version < records.SCHEMA_VERSION:
            if is_read_only(p):
                raise StoreError(f"{p} is read-only and was written by an older appraise (schema {version}): "
                                 "make it writable (or copy it) to change it; it is migrated then")
            migrate_file(p)
        return cls(p, appraisal_id=appraisal_id)

    @classmethod
    def open_for_reading(cls, path: str | Path) -> SqliteStore:
        """Open a file of this schema (``probe`` said so); writes open their own connection on first use."""
        return cls(Path(path))

    @classmethod
    def read_old(cls, path: str | Path, version: int) -> SqliteStore:
        """An older file that cannot be written (read-only): read from a copy in memory, migrated there.

        The file itself is never changed; rate, export and log read the copy; writes are refused.
        """
        p = Path(path)
        source = connect_read_only(p)
        copy = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        try:
            source.backup(copy)
        except sqlite3.Error as exc:
            copy.close()
            raise StoreError(f"{p}: cannot read the appraisal file ({exc})") from None
        finally:
            source.close()
        run_migrations(copy, p, version)
        return cls(p, connection=copy, writable=False)

    def __enter__(self) -> SqliteStore:
        return self


__all__ = ["SqliteStore"]
