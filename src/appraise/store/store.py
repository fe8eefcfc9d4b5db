"""One appraisal file: open, create, migrate, and the reads and writes the app needs.

SQLite with WAL, foreign keys on and a busy timeout. Small writes go through a
SQLModel session; the hot paths (bulk import, the roll-up's read) use the
driver directly on the same engine, as PERFORMANCE.md measured.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import QueuePool, StaticPool
from sqlmodel import Session, SQLModel, create_engine

from appraise.errors import StoreError
from appraise.store import records
from appraise.store import undo as reversal
from appraise.store.models import (
    AppraisalRow,
    ChangeLogRow,
    DecisionRow,
    FindingRow,
    ProjectRow,
    ScopeAreaRow,
    SettingRow,
    SuggestionRow,
)
from appraise.store.reader import BUSY_TIMEOUT_MS, ReadStore, busy_reason, connect_read_only, is_read_only, probe
from appraise.store.records import APPLICATION_ID, DecisionRecord, NewEvidence, ScopeChange


def _add_decision_basis(conn: Connection) -> None:
    """Schema 1 -> 2: a decision records the instance values it was made on."""
    conn.exec_driver_sql("ALTER TABLE decision ADD COLUMN basis VARCHAR NOT NULL DEFAULT ''")


def _add_settings(conn: Connection) -> None:
    """Schema 2 -> 3: appraisal settings (ISO/IEC 33020 refined scale, maturity model)."""
    conn.exec_driver_sql("CREATE TABLE IF NOT EXISTS setting (key VARCHAR NOT NULL PRIMARY KEY, value VARCHAR NOT NULL)")


def _add_audits_and_reuse(conn: Connection) -> None:
    """Schema 3 -> 4: audit findings (site, evidence, status), reuse suggestions, a link's origin."""
    def columns(table: str) -> set[str]:
        return {row[1] for row in conn.exec_driver_sql(f"PRAGMA table_info({table})")}

    present = columns("finding")
    for column, kind in (("site", "VARCHAR NOT NULL DEFAULT ''"), ("evidence_id", "INTEGER"),
                         ("status", "VARCHAR NOT NULL DEFAULT ''")):
        if column not in present:
            conn.exec_driver_sql(f"ALTER TABLE finding ADD COLUMN {column} {kind}")
    if "origin" not in columns("evidence_link"):
        conn.exec_driver_sql("ALTER TABLE evidence_link ADD COLUMN origin VARCHAR NOT NULL DEFAULT ''")
    SuggestionRow.__table__.create(conn, checkfirst=True)  # type: ignore[attr-defined]


def _add_undo(conn: Connection) -> None:
    """Schema 4 -> 5: a change-log entry keeps what reverses it (undo, redo); older entries cannot be undone."""
    present = {row[1] for row in conn.exec_driver_sql("PRAGMA table_info(change_log)")}
    if "undo" not in present:
        conn.exec_driver_sql("ALTER TABLE change_log ADD COLUMN undo VARCHAR NOT NULL DEFAULT ''")
    if "undoes" not in present:
        conn.exec_driver_sql("ALTER TABLE change_log ADD COLUMN undoes INTEGER")


#: MIGRATIONS[n] upgrades a file from schema n to n + 1, inside one transaction.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: _add_decision_basis, 2: _add_settings,
                                                       3: _add_audits_and_reuse, 4: _add_undo}


def _finding_state(row: FindingRow) -> dict[str, Any]:
    """A finding as its undo data keeps it (``appraise.store.undo.FINDING_COLUMNS``)."""
    return {k: getattr(row, k) for k in reversal.FINDING_COLUMNS}


def _migration_engine(conn: sqlite3.Connection) -> Engine:
    """An engine over one driver connection in autocommit mode, where ``engine.begin()`` sends BEGIN IMMEDIATE.

    pysqlite's own transaction handling leaves DDL (ALTER TABLE, CREATE TABLE) outside the
    transaction, so an interrupted migration used to leave half a schema behind; with
    ``isolation_level=None`` and an explicit BEGIN every step and ``user_version`` commit together.
    """
    conn.isolation_level = None
    engine = create_engine("sqlite://", creator=lambda: conn, poolclass=StaticPool)

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _run_migrations(conn: sqlite3.Connection, path: Path, version: int) -> int:
    """Upgrade the database behind ``conn`` to this version's schema in one transaction; the version it had.

    ``version`` is what the file said before; it is read again once the write lock is held, so two
    processes opening the same old file do not both migrate it.
    """
    engine = _migration_engine(conn)
    step = version
    try:
        with engine.begin() as sa_conn:
            (version,) = sa_conn.exec_driver_sql("PRAGMA user_version").fetchone()
            for step in range(version, records.SCHEMA_VERSION):
                MIGRATIONS[step](sa_conn)
            sa_conn.exec_driver_sql(f"PRAGMA user_version = {records.SCHEMA_VERSION}")
    except (SQLAlchemyError, sqlite3.Error) as exc:
        reason = _reason(exc)
        raise StoreError(f"{path}: cannot upgrade the appraisal file from schema {step} to {step + 1} ({reason}); "
                         "the file is unchanged") from None
    return int(version)


def migrate_file(path: Path) -> int:
    """Migrate an appraisal file of an older schema in place, in one transaction; the version it had.

    A failure or an interruption (even kill -9) at any step leaves the file as it was.
    """
    try:
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open the appraisal file ({_reason(exc)})") from None
    try:
        return _run_migrations(conn, path, probe(path))
    finally:
        conn.close()


def now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def _reason(exc: Exception) -> str:
    """The database's own words (SQLAlchemy's or the driver's), without a statement dump; a busy file in the
    user's words."""
    return busy_reason(str(getattr(exc, "orig", None) or exc).splitlines()[0])


def _engine(path: Path) -> Engine:
    # The driver opens the path itself: a file name with '#', '?', '%', ';' or spaces is no URL to quote.
    # (QueuePool, as SQLAlchemy picks for a file URL; "sqlite://" alone would mean an in-memory database.)
    engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(path, check_same_thread=False,
                                                                        isolation_level=None),
                           poolclass=QueuePool)

    # Every write transaction takes the write lock when it begins (BEGIN IMMEDIATE), not at its first
    # INSERT: what it reads to check (an undo's "changed since", the values a change log records as old)
    # cannot be changed by another process before it writes.
    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = NORMAL")
        # copy each commit into the main file at once: the .appraisal file alone is the whole
        # appraisal whenever someone copies it, not only after a clean exit
        cur.execute("PRAGMA wal_autocheckpoint = 1")
        cur.close()

    return engine


class AppraisalStore(ReadStore):
    """An appraisal file opened for writing: the reads of ``ReadStore`` plus the writes."""

    def __init__(self, path: Path, engine: Engine) -> None:
        super().__init__(path)
        self.engine = engine
        #: The undoable change-log entries written through this instance (a session's own changes), oldest first.
        self.written: list[int] = []

    # -- life cycle ------------------------------------------------------------------
    @classmethod
    def create(cls, path: str | Path, *, unit: str, framework_id: str, framework_text: str,
               representation: str, target: int, areas: Sequence[str], projects: Sequence[str],
               who: str, settings: dict[str, str] | None = None, name: str | None = None) -> AppraisalStore:
        """Create the file ``path`` (``name``: the file name the change log records, when ``path`` is a
        temporary name the file is built under)."""
        p = Path(path)
        if p.exists():
            raise StoreError(f"{p} already exists: choose another file name or remove it first")
        if not p.parent.is_dir():
            raise StoreError(f"{p.parent} is not a folder: cannot create {p.name} there")
        engine = _engine(p)
        try:
            SQLModel.metadata.create_all(engine)
            with Session(engine) as session:
                at = now()
                session.add(AppraisalRow(unit=unit, framework_id=framework_id, framework_text=framework_text,
                                         representation=representation, target=target, created_at=at,
                                         created_by=who))
                session.add_all(ScopeAreaRow(area_id=a, position=i) for i, a in enumerate(areas))
                session.add_all(ProjectRow(code=c, position=i) for i, c in enumerate(projects))
                session.add_all(SettingRow(key=k, value=v) for k, v in (settings or {}).items())
                session.add(ChangeLogRow(at=at, who=who, what="appraisal created", target=name or p.name,
                                         new=f"{framework_id} {representation} target {target}"))
                session.commit()
            with engine.begin() as conn:
                conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.exec_driver_sql(f"PRAGMA user_version = {records.SCHEMA_VERSION}")
        except (SQLAlchemyError, OSError) as exc:
            engine.dispose()
            p.unlink(missing_ok=True)
            raise StoreError(f"{p}: cannot create the appraisal file ({_reason(exc)})") from None
        return cls(p, engine)

    @classmethod
    def open(cls, path: str | Path) -> AppraisalStore:
        """Open an appraisal file for writing, migrating an older one first (all steps or none)."""
        p = Path(path)
        version = probe(p)
        if version < records.SCHEMA_VERSION:
            if is_read_only(p):
                raise StoreError(f"{p} is read-only and was written by an older appraise (schema {version}): "
                                 "make it writable (or copy it) to change it; it is migrated then")
            migrate_file(p)
        return cls(p, _engine(p))

    @classmethod
    def read_old(cls, path: str | Path, version: int) -> ReadStore:
        """An older file that cannot be written (read-only): read from a copy in memory, migrated there.

        The file itself is never changed; rate, export and log read the copy.
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
        _run_migrations(copy, p, version)
        return ReadStore(p, connection=copy)

    def close(self) -> None:
        super().close()
        self.engine.dispose()

    def __enter__(self) -> AppraisalStore:
        return self

    # -- writes ----------------------------------------------------------------------
    def set_characterizations(self, rows: Iterable[tuple[str, str, str | None, str | None]], who: str,
                              what: str = "characterization") -> int:
        """Record (practice, project code, value or None to clear, note) in one transaction.

        A note of None keeps the cell's current note.

        Each change that alters a value or note is written to the change log; the last entry
        holds what undoes them all (one call, one undo step: a bulk import too).
        Returns how many cells changed.
        """
        rows = list(rows)
        projects = self.project_ids()
        at = now()
        changed = 0
        try:
            with self.engine.begin() as conn:
                if len(rows) <= 64:  # a keypress in the matrix: read only the cells it changes
                    current = {}
                    for practice, code, _v, _n in rows:
                        found = conn.exec_driver_sql(
                            "SELECT value, note FROM characterization WHERE practice_id = ? AND project_id = ?",
                            (practice, projects[code])).fetchone()
                        if found is not None:
                            current[(practice, projects[code])] = tuple(found)
                else:
                    current = {(pr, pid): (v, n) for pr, pid, v, n in conn.exec_driver_sql(
                        "SELECT practice_id, project_id, value, note FROM characterization").fetchall()}
                log = []
                cells: list[list[str | None]] = []  # [practice, project, old value, old note, new value, new note]
                for practice, code, value, note in rows:
                    pid = projects[code]
                    old = current.get((practice, pid))
                    target = f"{practice} / {code}"
                    if value is None:
                        if old is None:
                            continue
                        conn.exec_driver_sql("DELETE FROM characterization WHERE practice_id = ? AND project_id = ?",
                                             (practice, pid))
                        log.append((at, who, f"{what} cleared", target, old[0], None))
                        cells.append([practice, code, old[0], old[1], None, None])
                    else:
                        if note is None:
                            note = old[1] if old is not None else ""
                        if old == (value, note):
                            continue
                        conn.exec_driver_sql(
                            "INSERT INTO characterization (practice_id, project_id, value, note, updated_by, updated_at) "
                            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (practice_id, project_id) DO UPDATE SET "
                            "value = excluded.value, note = excluded.note, updated_by = excluded.updated_by, "
                            "updated_at = excluded.updated_at", (practice, pid, value, note, who, at))
                        old_text = None if old is None else old[0] + (f" ({old[1]})" if old[1] and old[1] != note else "")
                        log.append((at, who, what, target, old_text, value + (f" ({note})" if note else "")))
                        cells.append([practice, code, *(old or (None, None)), value, note])
                    current[(practice, pid)] = None if value is None else (value, note)  # type: ignore[assignment]
                    changed += 1
                if log:
                    if len(log) > 1:
                        conn.exec_driver_sql("INSERT INTO change_log (at, who, what, target, old, new) "
                                             "VALUES (?, ?, ?, ?, ?, ?)", log[:-1])
                    entry = self._log(conn, *log[-1], undo=reversal.dumps({"op": "characterization", "cells": cells}))
        except (SQLAlchemyError, sqlite3.Error) as exc:
            raise StoreError(f"{self.path}: cannot save the characterizations ({_reason(exc)})") from None
        if log:
            self.written.append(entry)
        return changed

    @staticmethod
    def _log(conn: Connection, at: str, who: str, what: str, target: str, old: str | None, new: str | None,
             undo: str = "") -> int:
        """Write one change-log entry (with what undoes it) and return its id."""
        raw = conn.connection.driver_connection
        assert raw is not None
        entry = raw.execute("INSERT INTO change_log (at, who, what, target, old, new, undo) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?)", (at, who, what, target, old, new, undo)).lastrowid
        assert entry is not None
        return entry

    def add_decision(self, kind: str, target: str, value: str, rationale: str, who: str,
                     old: str | None, basis: str = "") -> DecisionRecord:
        at = now()
        try:
            with Session(self.engine) as session:
                row = DecisionRow(kind=kind, target=target, value=value, rationale=rationale,
                                  decided_by=who, decided_at=at, basis=basis)
                session.add(row)
                session.flush()
                assert row.id is not None
                record = DecisionRecord(row.id, kind, target, value, rationale, who, at, basis)
                # undone, the decision record is withdrawn; redone, it is restored as it was
                entry = ChangeLogRow(at=at, who=who, what=f"decision: {kind}", target=target, old=old,
                                     new=f"{value} — {rationale}",
                                     undo=reversal.dumps({"op": "decision", "before": None, "after": vars(record)}))
                session.add(entry)
                session.commit()
                assert entry.id is not None
                self.written.append(entry.id)
                return record
        except (SQLAlchemyError, sqlite3.Error) as exc:
            raise StoreError(f"{self.path}: cannot save the decision ({_reason(exc)})") from None

    def set_settings(self, values: dict[str, str | None], who: str, what: str, target: str,
                     old: str | None, new: str | None) -> None:
        """Set (None: remove) appraisal settings, with one change-log entry saying what changed."""
        try:
            with Session(self.engine) as session:
                for key, value in values.items():
                    row = session.get(SettingRow, key)
                    if value is None:
                        if row is not None:
                            session.delete(row)
                    elif row is None:
                        session.add(SettingRow(key=key, value=value))
                    else:
                        row.value = value
                        session.add(row)
                session.add(ChangeLogRow(at=now(), who=who, what=what, target=target, old=old, new=new))
                session.commit()
        except (SQLAlchemyError, sqlite3.Error) as exc:
            raise StoreError(f"{self.path}: cannot save the setting ({_reason(exc)})") from None

    def change_scope(self, change: ScopeChange, who: str) -> None:
        """Write scope corrections (unit, target and areas, projects renamed, removed, added) in one transaction.

        A project is removed only while nothing is recorded on it: that is checked again here, under the
        write lock, and the whole change is refused when something was recorded meanwhile.
        """
        at = now()
        try:
            with self.engine.begin() as conn:
                raw = conn.connection.driver_connection
                assert raw is not None
                if change.unit is not None:
                    raw.execute("UPDATE appraisal SET unit = ? WHERE id = 1", (change.unit,))
                if change.target is not None:
                    raw.execute("UPDATE appraisal SET target = ? WHERE id = 1", (change.target,))
                if change.areas is not None:
                    raw.execute("DELETE FROM scope_area")
                    raw.executemany("INSERT INTO scope_area (area_id, position) VALUES (?, ?)",
                                    ((a, i) for i, a in enumerate(change.areas)))
                for old, new in change.renames:
                    # characterizations, links and suggestions hold the project's id: one UPDATE keeps them;
                    # an audit finding holds its site as text
                    if not raw.execute("UPDATE project SET code = ? WHERE code = ?", (new, old)).rowcount:
                        raise StoreError(f"{self.path}: there is no project {old} (changed meanwhile?)")
                    raw.execute("UPDATE finding SET site = ? WHERE site = ?", (new, old))
                    # what undoes earlier changes names the project by its code: it follows the rename
                    raw.executemany("UPDATE change_log SET undo = ? WHERE id = ?", [
                        (reversal.rename_project(undo, old, new), entry) for entry, undo in raw.execute(
                            "SELECT id, undo FROM change_log WHERE undo <> '' AND instr(undo, ?) > 0",
                            (json.dumps(old, ensure_ascii=False),)).fetchall()])
                for decision_id, target, value, basis in change.decisions:
                    raw.execute("UPDATE decision SET target = ?, value = ?, basis = ? WHERE id = ?",
                                (target, value, basis, decision_id))
                for code in change.removes:
                    removed = raw.execute(
                        "DELETE FROM project WHERE code = ? AND NOT EXISTS (SELECT 1 FROM characterization c "
                        "WHERE c.project_id = project.id) AND NOT EXISTS (SELECT 1 FROM evidence_link l "
                        "WHERE l.project_id = project.id) AND NOT EXISTS (SELECT 1 FROM finding f "
                        "WHERE f.site = project.code)", (code,)).rowcount
                    if not removed:
                        raise StoreError(f"{self.path}: {code} was not removed: something was recorded on it "
                                         "meanwhile; nothing was changed")
                if change.adds:
                    (last,) = raw.execute("SELECT coalesce(max(position), -1) FROM project").fetchone()
                    raw.executemany("INSERT INTO project (code, name, subgroup, position) VALUES (?, '', '', ?)",
                                    ((code, last + 1 + i) for i, code in enumerate(change.adds)))
                raw.executemany("INSERT INTO change_log (at, who, what, target, old, new) VALUES (?, ?, ?, ?, ?, ?)",
                                ((at, who, what, target, old, new) for what, target, old, new in change.log))
        except (SQLAlchemyError, sqlite3.Error) as exc:  # the driver's own statements too
            raise StoreError(f"{self.path}: cannot save the scope ({_reason(exc)})") from None

    def link_evidence(self, evidence_id: int, practice: str, project: str, who: str, link: bool = True) -> bool:
        """Link (or unlink) an evidence item to (practice, project); False when nothing changed."""
        pid = self.project_ids()[project]
        try:
            with self.engine.begin() as conn:
                origin = ""
                if link:
                    changed = conn.exec_driver_sql(
                        "INSERT OR IGNORE INTO evidence_link (evidence_id, practice_id, project_id) VALUES (?, ?, ?)",
                        (evidence_id, practice, pid)).rowcount
                else:
                    found = conn.exec_driver_sql(  # a reuse link's origin comes back with an undo
                        "SELECT origin FROM evidence_link WHERE evidence_id = ? AND practice_id = ? AND project_id = ?",
                        (evidence_id, practice, pid)).fetchone()
                    origin = found[0] if found else ""
                    changed = conn.exec_driver_sql(
                        "DELETE FROM evidence_link WHERE evidence_id = ? AND practice_id = ? AND project_id = ?",
                        (evidence_id, practice, pid)).rowcount
                if changed:
                    undo = reversal.dumps({"op": "link", "links": [[evidence_id, practice, project, origin]],
                                           "before": not link, "after": link})
                    entry = self._log(conn, now(), who, "evidence linked" if link else "evidence unlinked",
                                      f"{practice} / {project}", None if link else f"#{evidence_id}",
                                      f"#{evidence_id}" if link else None, undo)
        except (SQLAlchemyError, sqlite3.Error) as exc:
            raise StoreError(f"{self.path}: cannot save the link ({_reason(exc)})") from None
        if changed:
            self.written.append(entry)
        return bool(changed)

    def save_finding(self, finding_id: int | None, kind: str, area: str, practice: str | None, text: str,
                     who: str, site: str = "", evidence_id: int | None = None, status: str = "") -> int:
        """Add a finding (``finding_id`` None) or change one; returns its id.

        Changing one keeps its site, evidence and status (``set_finding_status`` changes the status).
        """
        at = now()
        try:
            with Session(self.engine) as session:
                before = None
                if finding_id is None:
                    row = FindingRow(kind=kind, area_id=area, practice_id=practice, text=text, created_by=who,
                                     created_at=at, site=site, evidence_id=evidence_id, status=status)
                    old = None
                else:
                    found = session.get(FindingRow, finding_id)
                    if found is None:
                        raise StoreError(f"{self.path}: there is no finding #{finding_id}")
                    row = found
                    before = _finding_state(row)
                    old = f"{row.kind}: {row.text}"
                    row.kind, row.area_id, row.practice_id, row.text = kind, area, practice, text
                session.add(row)
                session.flush()
                entry = ChangeLogRow(at=at, who=who, what=f"finding #{row.id}", target=practice or area,
                                     old=old, new=f"{kind}: {text}", undo=reversal.dumps(
                                         {"op": "finding", "before": before, "after": _finding_state(row)}))
                session.add(entry)
                session.commit()
                assert row.id is not None and entry.id is not None
                self.written.append(entry.id)
                return row.id
        except (SQLAlchemyError, sqlite3.Error) as exc:
            raise StoreError(f"{self.path}: cannot save the finding ({_reason(exc)})") from None

    def set_finding_status(self, finding_id: int, status: str, who: str, why: str = "") -> None:
        """Set a finding's status; the change log keeps ``why`` with the new status (a status set back)."""
        try:
            with Session(self.engine) as session:
                row = session.get(FindingRow, finding_id)
                if row is None:
                    raise StoreError(f"{self.path}: there is no finding #{finding_id}")
                before = _finding_state(row)
                row.status = status
                entry = ChangeLogRow(at=now(), who=who, what=f"finding #{finding_id} status",
                                     target=row.practice_id or row.area_id, old=before["status"],
                                     new=f"{status} — {why}" if why else status, undo=reversal.dumps({"op": "finding", "before": before,
                                                          "after": _finding_state(row)}))
                session.add(entry)
                session.add(row)
                session.commit()
                assert entry.id is not None
                self.written.append(entry.id)
        except (SQLAlchemyError, sqlite3.Error) as exc:
            raise StoreError(f"{self.path}: cannot save the finding ({_reason(exc)})") from None

    def add_suggestions(self, rows: Sequence[dict[str, Any]], who: str) -> int:
        """Store new reuse suggestions (dicts of SuggestionRow fields, ``project`` as a code) in one transaction."""
        projects = self.project_ids()
        at = now()
        try:
            with Session(self.engine) as session:
                for r in rows:
                    data = dict(r)
                    data["project_id"] = projects[data.pop("project")]
                    session.add(SuggestionRow(**data, created_at=at))
                if rows:
                    session.add(ChangeLogRow(at=at, who=who, what="reuse suggestions", target=rows[0]["audit"],
                                             new=f"{len(rows)} new"))
                session.commit()
            return len(rows)
        except (SQLAlchemyError, sqlite3.Error) as exc:
            raise StoreError(f"{self.path}: cannot save the suggestions ({_reason(exc)})") from None

    def decide_suggestions(self, accept: Sequence[int], reject: Sequence[int], who: str) -> tuple[int, int]:
        """Accept (an evidence link with its origin; the item added when the appraisal lacks it) or reject
        open suggestions, all in one transaction. Returns (links added, suggestions decided)."""
        import json as _json

        at = now()
        links = 0
        try:
            with self.engine.begin() as conn:
                raw = conn.connection.driver_connection
                assert raw is not None
                for sid in accept:
                    (kind, title, location, description, source, collected_on, clause, practice, project_id,
                     strength, mapping, audit) = raw.execute(
                        "SELECT kind, title, location, description, source, collected_on, clause, practice_id, "
                        "project_id, strength, mapping, audit FROM suggestion WHERE id = ?", (sid,)).fetchone()
                    found = raw.execute("SELECT id FROM evidence WHERE kind = ? AND title = ? AND location = ?",
                                        (kind, title, location)).fetchone()
                    if found is None:
                        cur = raw.execute(
                            "INSERT INTO evidence (kind, title, location, description, collected_by, collected_on, "
                            "source, imported_from, created_at) VALUES (?, ?, ?, ?, '', ?, ?, ?, ?)",
                            (kind, title, location, description, collected_on, source, f"reuse: {audit}", at))
                        evidence_id = cur.lastrowid
                    else:
                        (evidence_id,) = found
                    origin = _json.dumps({"audit": audit, "clause": clause, "mapping": mapping, "strength": strength})
                    added = raw.execute(
                        "INSERT OR IGNORE INTO evidence_link (evidence_id, practice_id, project_id, origin) "
                        "VALUES (?, ?, ?, ?)", (evidence_id, practice, project_id, origin)).rowcount
                    if not added:  # the link was there (imported, or from another clause): keep where it came from
                        raw.execute("UPDATE evidence_link SET origin = ? WHERE evidence_id = ? AND practice_id = ? "
                                    "AND project_id = ? AND origin = ''", (origin, evidence_id, practice, project_id))
                    links += added
                for sid, status in [(s, "accepted") for s in accept] + [(s, "rejected") for s in reject]:
                    # who decided stays in the change log, not on the suggestion
                    raw.execute("UPDATE suggestion SET status = ?, decided_at = ? WHERE id = ?", (status, at, sid))
                if accept or reject:
                    raw.execute("INSERT INTO change_log (at, who, what, target, old, new) VALUES (?, ?, ?, ?, ?, ?)",
                                (at, who, "reuse suggestions decided", "suggestions", None,
                                 f"{len(accept)} accepted, {len(reject)} rejected"))
            return links, len(accept) + len(reject)
        except (SQLAlchemyError, sqlite3.Error) as exc:  # the driver's own statements too
            raise StoreError(f"{self.path}: cannot save the decisions on suggestions ({_reason(exc)})") from None

    def delete_finding(self, finding_id: int, who: str) -> None:
        try:
            with Session(self.engine) as session:
                row = session.get(FindingRow, finding_id)
                if row is None:
                    raise StoreError(f"{self.path}: there is no finding #{finding_id}")
                entry = ChangeLogRow(at=now(), who=who, what=f"finding #{finding_id} deleted",
                                     target=row.practice_id or row.area_id, old=f"{row.kind}: {row.text}",
                                     undo=reversal.dumps({"op": "finding", "before": _finding_state(row),
                                                          "after": None}))
                session.add(entry)
                session.delete(row)
                session.commit()
                assert entry.id is not None
                self.written.append(entry.id)
        except (SQLAlchemyError, sqlite3.Error) as exc:
            raise StoreError(f"{self.path}: cannot delete the finding ({_reason(exc)})") from None

    def import_evidence(self, items: Sequence[NewEvidence], links: Sequence[tuple[int, str, str]],
                        imported_from: str, who: str) -> tuple[int, int]:
        """Write new evidence items and links in one transaction.

        ``links`` are (index into ``items`` or, when negative, ``-existing id``,
        practice id, project code). Returns (items added, links added).
        """
        projects = self.project_ids()
        at = now()
        written: list[int] = []
        try:
            with self.engine.begin() as conn:
                # The driver's own executemany over generators: no parameter list of
                # 100k tuples, and ~20 % faster than going through SQLAlchemy.
                raw = conn.connection.driver_connection
                assert raw is not None
                (base,) = raw.execute("SELECT coalesce(max(id), 0) FROM evidence").fetchone()
                # links to items already there that this import adds: an undo removes exactly these
                reused = {(-ref, practice, projects[code]) for ref, practice, code in links if ref < 0}
                present = set(raw.execute("SELECT evidence_id, practice_id, project_id FROM evidence_link")) \
                    if reused else set()
                codes = {pid: code for code, pid in projects.items()}
                reused_new = sorted((e, practice, codes[pid]) for e, practice, pid in reused - present)
                raw.executemany(
                    "INSERT INTO evidence (id, kind, title, location, description, collected_by, "
                    "collected_on, source, imported_from, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    ((base + 1 + i, e.kind, e.title, e.location, e.description, e.collected_by,
                      e.collected_on, e.source, imported_from, at) for i, e in enumerate(items)))
                added = raw.executemany(
                    "INSERT OR IGNORE INTO evidence_link (evidence_id, practice_id, project_id) VALUES (?, ?, ?)",
                    ((base + 1 + ref if ref >= 0 else -ref, practice, projects[code])
                     for ref, practice, code in links)).rowcount
                if items or added > 0:
                    undo = reversal.dumps({"op": "evidence", "before": None, "after": {
                        "ids": [base + 1, base + len(items)], "item_link_count": added - len(reused_new),
                        "links": [[e, practice, code, ""] for e, practice, code in reused_new]}})
                    entry = self._log(conn, at, who, "evidence imported", imported_from, None,
                                      f"{len(items)} items, {added} links", undo)
                    written = [entry]
        except (SQLAlchemyError, sqlite3.Error) as exc:
            reason = _reason(exc)
            raise StoreError(f"{self.path}: cannot save the evidence ({reason})") from None
        self.written += written
        return len(items), max(added, 0)

    def reverse_changes(self, steps: Sequence[tuple[int, str]], who: str) -> list[records.Reversal]:
        """Undo or redo change-log entries: (entry id, "undo" or "redo") in this order, in one transaction.

        Each reversal is a change-log entry of its own that can be reversed in turn. A conflict
        (the file no longer holds what the change wrote) refuses them all: nothing is changed.
        """
        at = now()
        try:
            with self.engine.begin() as conn:
                raw = conn.connection.driver_connection
                assert raw is not None
                done = [reversal.reverse(raw, entry_id, step, who, at) for entry_id, step in steps]
        except (SQLAlchemyError, sqlite3.Error) as exc:
            reason = _reason(exc)
            raise StoreError(f"{self.path}: cannot undo ({reason})") from None
        self.written += [r.entry for r in done]
        return done


__all__ = ["MIGRATIONS", "AppraisalStore", "NewEvidence", "migrate_file", "now"]
