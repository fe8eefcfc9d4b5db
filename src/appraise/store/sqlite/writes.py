"""The writes of the SQLite store (``SqliteWrites``): one call = one transaction on one connection.

Every write is one transaction (``BEGIN IMMEDIATE``) on the store's one write connection, through the
standard library's ``sqlite3`` driver: a writing command imports no ORM (PERFORMANCE.md: ``import
sqlmodel`` alone is 0.3 s; the driver's ``executemany`` is the fastest bulk write). What a write checks
(a duplicate, a project still there, an undo's "changed since") it reads on that connection inside that
transaction. Ids come from the database (``lastrowid``); uniqueness from its unique keys. Evidence and
reuse suggestions are written in ``appraise.store.sqlite.evidence``; opening and creating in
``appraise.store.sqlite.store``.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from appraise.errors import AppraiseError, StoreError
from appraise.store import records
from appraise.store.records import DecisionRecord, ScopeChange
from appraise.store.sqlite import connection
from appraise.store.sqlite import undo as reversal
from appraise.store.sqlite.connection import ProjectIds, connect_for_writing, immediate, reason
from appraise.store.sqlite.reads import SqliteReads


class SqliteWrites(SqliteReads):
    """The reads plus the writes of characterizations, decisions, settings, scope, findings and undo.

    The first write opens the write connection (foreign keys on, WAL, a busy timeout); a store read from an
    old read-only file's migrated copy (``writable`` False) refuses every write.
    """

    def __init__(self, path: Path, connection: sqlite3.Connection | None = None,
                 appraisal_id: int | None = None, writable: bool = True) -> None:
        super().__init__(path, connection, appraisal_id)
        self._writable = writable
        self._writer: sqlite3.Connection | None = None
        self._write_lock = threading.RLock()
        #: The undoable change-log entries written through this instance (a session's own changes), oldest first.
        self.written: list[int] = []
        #: Every change-log entry this instance committed, oldest first: the watch tells them from others'.
        self.logged: list[int] = []

    def close(self) -> None:
        with self._write_lock:
            if self._writer is not None:
                self._writer.close()
                self._writer = None
        super().close()


    # -- one write: one transaction ----------------------------------------------------
    @contextmanager
    def _write(self, what: str) -> Iterator[sqlite3.Connection]:
        """The write connection inside one ``BEGIN IMMEDIATE`` transaction; a driver error is a StoreError
        ("cannot save ``what``"), a refusal (AppraiseError) rolls back and passes through."""
        if not self._writable:
            raise StoreError(f"{self.path} is read-only and was written by an older appraise: "
                             "make it writable (or copy it) to change it")
        last_entry = "SELECT coalesce(max(id), 0) FROM change_log WHERE appraisal_id = ?"
        with self._write_lock:
            try:
                if self._writer is None:
                    self._writer = self._open_writer()
                with self._transaction(self._writer) as conn:
                    # the entries this transaction adds lie between these two reads: the appraisal's write lock
                    # is held from the transaction's start, so no other writer's entry can fall among them
                    first = conn.execute(last_entry, (self.appraisal_id,)).fetchone()[0]
                    yield conn
                    last = conn.execute(last_entry, (self.appraisal_id,)).fetchone()[0]
                self.logged.extend(range(first + 1, last + 1))  # committed
            except AppraiseError:
                raise
            except self._driver_errors as exc:
                raise StoreError(f"{self.path}: cannot save {what} ({self._reason(exc)})") from None

    # -- what differs per database (the PostgreSQL store overrides these) -----------------
    #: A test that ``{0}`` (a text column) contains the text of the next parameter.
    _CONTAINS = "instr({0}, ?) > 0"

    def _open_writer(self) -> Any:
        return connect_for_writing(self.path)

    def _transaction(self, conn: Any) -> Any:
        """One write transaction holding the appraisal's write lock from its first statement."""
        return immediate(conn)

    def _reason(self, exc: BaseException) -> str:
        return reason(exc)

    def _project_ids(self, conn: sqlite3.Connection) -> ProjectIds:
        return ProjectIds({code: pid for pid, code in conn.execute(
            "SELECT id, code FROM project WHERE appraisal_id = ?", (self.appraisal_id,))})

    def _log(self, conn: sqlite3.Connection, at: str, who: str, what: str, target: str, old: str | None,
             new: str | None, undo: str = "") -> int:
        """Write one change-log entry (with what undoes it) and return its id."""
        entry = conn.execute("INSERT INTO change_log (appraisal_id, at, who, what, target, old, new, undo) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                             (self.appraisal_id, at, who, what, target, old, new, undo)).lastrowid
        assert entry is not None
        return entry

    # -- characterizations and decisions ---------------------------------------------------
    def set_characterizations(self, rows: Iterable[tuple[str, str, str | None, str | None]], who: str,
                              what: str = "characterization") -> int:
        """Record (practice, project code, value or None to clear, note) in one transaction.

        A note of None keeps the cell's current note.

        Each change that alters a value or note is written to the change log; the last entry
        holds what undoes them all (one call, one undo step: a bulk import too).
        Returns how many cells changed.
        """
        at = connection.now()
        with self._write("the characterizations") as conn:
            changed, log, cells = self._put_cells(conn, list(rows), who, what, at)
            entry = self._log_all(conn, log, [{"op": "characterization", "cells": cells}])
        if entry is not None:
            self.written.append(entry)
        return changed

    def _put_cells(self, conn: sqlite3.Connection, rows: list[tuple[str, str, str | None, str | None]], who: str,
                   what: str, at: str) -> tuple[int, list[tuple[Any, ...]], list[list[str | None]]]:
        """Write characterizations inside the caller's transaction: (cells changed, their change-log rows, the
        ``characterization`` undo op's cells). A note of None keeps the cell's note."""
        changed = 0
        aid = self.appraisal_id
        log: list[tuple[Any, ...]] = []
        projects = self._project_ids(conn)
        if len(rows) <= 64:  # a keypress in the matrix: read only the cells it changes
            current = {}
            for practice, code, _v, _n in rows:
                found = conn.execute(
                    "SELECT value, note FROM characterization WHERE practice_id = ? AND project_id = ?",
                    (practice, projects[code])).fetchone()
                if found is not None:
                    current[(practice, projects[code])] = tuple(found)
        else:
            current = {(pr, pid): (v, n) for pr, pid, v, n in conn.execute(
                "SELECT practice_id, project_id, value, note FROM characterization WHERE appraisal_id = ?",
                (aid,)).fetchall()}
        cells: list[list[str | None]] = []  # [practice, project, old value, old note, new value, new note]
        for practice, code, value, note in rows:
            pid = projects[code]
            old = current.get((practice, pid))
            target = f"{practice} / {code}"
            if value is None:
                if old is None:
                    continue
                put_value(conn, "characterization", {"practice_id": practice, "project_id": pid}, aid, None)
                log.append((aid, at, who, f"{what} cleared", target, old[0], None))
                cells.append([practice, code, old[0], old[1], None, None])
            else:
                if note is None:
                    note = old[1] if old is not None else ""
                if old == (value, note):
                    continue
                put_value(conn, "characterization", {"practice_id": practice, "project_id": pid}, aid,
                          (value, note, who, at))
                old_text = None if old is None else old[0] + (f" ({old[1]})" if old[1] and old[1] != note else "")
                log.append((aid, at, who, what, target, old_text, value + (f" ({note})" if note else "")))
                cells.append([practice, code, *(old or (None, None)), value, note])
            current[(practice, pid)] = None if value is None else (value, note)  # type: ignore[assignment]
            changed += 1
        return changed, log, cells

    def _log_all(self, conn: sqlite3.Connection, log: list[tuple[Any, ...]],
                 ops: list[dict[str, Any]]) -> int | None:
        """Write change-log rows (appraisal, at, who, what, target, old, new); the last carries the undo of the
        ``ops`` that did something (one call, one undo step). The last entry's id, None when nothing changed."""
        if not log:
            return None
        conn.executemany("INSERT INTO change_log (appraisal_id, at, who, what, target, old, new) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?)", log[:-1])
        done = [op for op in ops if op.get("cells") or op.get("ratings") or op.get("op") == "decision"]
        return self._log(conn, *log[-1][1:], undo=reversal.dumps(*done))

    def add_decision(self, kind: str, target: str, value: str, rationale: str, who: str,
                     old: str | None, basis: str = "",
                     cells: Iterable[tuple[str, str, str | None, str | None]] = ()) -> DecisionRecord:
        """Record a team decision (the latest per kind and target stands; earlier ones stay as history).

        ``cells``: characterizations the decision sets, written in the same transaction (a consensus sets its
        cell), as ``set_characterizations`` takes them; one undo step withdraws the decision and puts them back.
        """
        at = connection.now()
        with self._write("the decision") as conn:
            decision_id = conn.execute(
                "INSERT INTO decision (appraisal_id, kind, target, value, rationale, decided_by, decided_at, basis) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (self.appraisal_id, kind, target, value, rationale, who, at, basis)).lastrowid
            assert decision_id is not None
            record = DecisionRecord(decision_id, kind, target, value, rationale, who, at, basis)
            _n, log, changed = self._put_cells(conn, list(cells), who, f"characterization ({kind})", at)
            log.append((self.appraisal_id, at, who, f"decision: {kind}", target, old, f"{value} — {rationale}"))
            # undone, the decision record is withdrawn (and its cells put back); redone, it is restored as it was
            entry = self._log_all(conn, log, [{"op": "characterization", "cells": changed},
                                              {"op": "decision", "before": None, "after": vars(record)}])
        assert entry is not None
        self.written.append(entry)
        return record

    def set_settings(self, values: dict[str, str | None], who: str, what: str, target: str,
                     old: str | None, new: str | None) -> None:
        """Set (None: remove) appraisal settings, with one change-log entry saying what changed."""
        aid = self.appraisal_id
        with self._write("the setting") as conn:
            _put_settings(conn, aid, values)
            self._log(conn, connection.now(), who, what, target, old, new)

    # -- scope ---------------------------------------------------------------------------
    def change_scope(self, change: ScopeChange, who: str) -> None:
        """Write scope corrections (unit, target and areas, projects renamed, removed, added; settings) in one
        transaction.

        A project is removed only while nothing is recorded on it: that is checked again here, under the
        write lock, and the whole change is refused when something was recorded meanwhile.
        """
        at = connection.now()
        aid = self.appraisal_id
        with self._write("the scope") as conn:
            if change.unit is not None:
                conn.execute("UPDATE appraisal SET unit = ? WHERE id = ?", (change.unit, aid))
            if change.target is not None:
                conn.execute("UPDATE appraisal SET target = ? WHERE id = ?", (change.target, aid))
            if change.areas is not None:
                conn.execute("DELETE FROM scope_area WHERE appraisal_id = ?", (aid,))
                conn.executemany("INSERT INTO scope_area (appraisal_id, area_id, position) VALUES (?, ?, ?)",
                                 ((aid, a, i) for i, a in enumerate(change.areas)))
            for old, new in change.renames:
                # characterizations, links and suggestions hold the project's id: one UPDATE keeps them;
                # an audit finding holds its site as text
                if not conn.execute("UPDATE project SET code = ? WHERE appraisal_id = ? AND code = ?",
                                    (new, aid, old)).rowcount:
                    raise StoreError(f"{self.path}: there is no project {old} (changed meanwhile?)")
                conn.execute("UPDATE finding SET site = ? WHERE appraisal_id = ? AND site = ?", (new, aid, old))
                # what undoes earlier changes names the project by its code: it follows the rename
                conn.executemany("UPDATE change_log SET undo = ? WHERE id = ?", [
                    (reversal.rename_project(undo, old, new), entry) for entry, undo in conn.execute(
                        "SELECT id, undo FROM change_log WHERE appraisal_id = ? AND undo <> '' AND "
                        + self._CONTAINS.format("undo"),
                        (aid, json.dumps(old, ensure_ascii=False))).fetchall()])
            for decision_id, target, value, basis in change.decisions:
                conn.execute("UPDATE decision SET target = ?, value = ?, basis = ? WHERE appraisal_id = ? AND id = ?",
                             (target, value, basis, aid, decision_id))
            for code in change.removes:
                removed = conn.execute(
                    "DELETE FROM project WHERE appraisal_id = ? AND code = ? AND NOT EXISTS (SELECT 1 FROM "
                    "characterization c WHERE c.project_id = project.id) AND NOT EXISTS (SELECT 1 FROM "
                    "evidence_link l WHERE l.project_id = project.id) AND NOT EXISTS (SELECT 1 FROM finding f "
                    "WHERE f.appraisal_id = project.appraisal_id AND f.site = project.code) AND NOT EXISTS (SELECT 1 FROM "
                    "assessor_rating r WHERE r.project_id = project.id)", (aid, code)).rowcount
                if not removed:
                    raise StoreError(f"{self.path}: {code} was not removed: something was recorded on it "
                                     "meanwhile; nothing was changed")
            if change.adds:
                (last,) = conn.execute("SELECT coalesce(max(position), -1) FROM project WHERE appraisal_id = ?",
                                       (aid,)).fetchone()
                taken = {code for (code,) in conn.execute("SELECT code FROM project WHERE appraisal_id = ?", (aid,))}
                clash = next((code for code in change.adds if code in taken), None)
                if clash is not None:
                    raise StoreError(f"{self.path}: project {clash} is already in this appraisal (added meanwhile?); "
                                     "nothing was changed")
                conn.executemany("INSERT INTO project (appraisal_id, code, name, subgroup, position) "
                                 "VALUES (?, ?, '', ?, ?)",
                                 ((aid, code, change.subgroups.get(code, ""), last + 1 + i)
                                  for i, code in enumerate(change.adds)))
            _put_settings(conn, aid, change.settings)
            conn.executemany("INSERT INTO change_log (appraisal_id, at, who, what, target, old, new) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?)",
                             ((aid, at, who, what, target, old, new) for what, target, old, new in change.log))

    # -- findings ------------------------------------------------------------------------
    def _finding(self, conn: sqlite3.Connection, finding_id: int) -> dict[str, Any]:
        found = conn.execute(f"SELECT {', '.join(reversal.FINDING_COLUMNS)} FROM finding "
                             "WHERE appraisal_id = ? AND id = ?", (self.appraisal_id, finding_id)).fetchone()
        if found is None:
            raise StoreError(f"{self.path}: there is no finding #{finding_id}")
        return dict(zip(reversal.FINDING_COLUMNS, found, strict=True))

    def save_finding(self, finding_id: int | None, kind: str, area: str, practice: str | None, text: str,
                     who: str, site: str = "", evidence_id: int | None = None, status: str = "") -> int:
        """Add a finding (``finding_id`` None) or change one; returns its id.

        Changing one keeps its site, evidence and status (``set_finding_status`` changes the status).
        """
        at = connection.now()
        with self._write("the finding") as conn:
            if finding_id is None:
                before, old = None, None
                finding_id = conn.execute(
                    "INSERT INTO finding (appraisal_id, kind, area_id, practice_id, text, created_by, created_at, "
                    "site, evidence_id, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (self.appraisal_id, kind, area, practice, text, who, at, site, evidence_id, status)).lastrowid
                assert finding_id is not None
            else:
                before = self._finding(conn, finding_id)
                old = f"{before['kind']}: {before['text']}"
                conn.execute("UPDATE finding SET kind = ?, area_id = ?, practice_id = ?, text = ? WHERE id = ?",
                             (kind, area, practice, text, finding_id))
            after = self._finding(conn, finding_id)
            entry = self._log(conn, at, who, f"finding #{finding_id}", practice or area, old, f"{kind}: {text}",
                              reversal.dumps({"op": "finding", "before": before, "after": after}))
        self.written.append(entry)
        return finding_id

    def set_finding_status(self, finding_id: int, status: str, who: str, why: str = "") -> None:
        """Set a finding's status; the change log keeps ``why`` with the new status (a status set back)."""
        with self._write("the finding") as conn:
            before = self._finding(conn, finding_id)
            conn.execute("UPDATE finding SET status = ? WHERE id = ?", (status, finding_id))
            entry = self._log(conn, connection.now(), who, f"finding #{finding_id} status",
                              before["practice_id"] or before["area_id"], before["status"],
                              f"{status} — {why}" if why else status,
                              reversal.dumps({"op": "finding", "before": before,
                                              "after": {**before, "status": status}}))
        self.written.append(entry)

    def delete_finding(self, finding_id: int, who: str) -> None:
        with self._write("the deletion of the finding") as conn:
            before = self._finding(conn, finding_id)
            entry = self._log(conn, connection.now(), who, f"finding #{finding_id} deleted",
                              before["practice_id"] or before["area_id"], f"{before['kind']}: {before['text']}", None,
                              undo=reversal.dumps({"op": "finding", "before": before, "after": None}))
            conn.execute("DELETE FROM finding WHERE id = ?", (finding_id,))
        self.written.append(entry)

    # -- undo ------------------------------------------------------------------------------
    def reverse_changes(self, steps: Sequence[tuple[int, str]], who: str) -> list[records.Reversal]:
        """Undo or redo change-log entries: (entry id, "undo" or "redo") in this order, in one transaction.

        Each reversal is a change-log entry of its own that can be reversed in turn. A conflict
        (the file no longer holds what the change wrote) refuses them all: nothing is changed.
        """
        at = connection.now()
        with self._write("the undo") as conn:
            done = [reversal.reverse(conn, self.appraisal_id, entry_id, step, who, at) for entry_id, step in steps]
        self.written += [r.entry for r in done]
        return done


__all__ = ["SqliteWrites"]


def put_value(conn: sqlite3.Connection, table: str, key: Mapping[str, Any], aid: int,
              row: tuple[str, str, str, str] | None) -> None:
    """Write a cell's (value, note, updated_by, updated_at) under ``key`` in ``table`` (a characterization, an
    assessor's rating), or with ``row`` None delete it: the one statement of each for both tables."""
    if row is None:
        conn.execute(f"DELETE FROM {table} WHERE " + " AND ".join(f"{c} = ?" for c in key), tuple(key.values()))
        return
    columns = ", ".join(key)
    conn.execute(f"INSERT INTO {table} (appraisal_id, {columns}, value, note, updated_by, updated_at) "
                 f"VALUES ({', '.join('?' * (len(key) + 5))}) ON CONFLICT ({columns}) DO UPDATE SET "
                 "value = excluded.value, note = excluded.note, updated_by = excluded.updated_by, "
                 "updated_at = excluded.updated_at", (aid, *key.values(), *row))


def _put_settings(conn: sqlite3.Connection, aid: int, values: Mapping[str, str | None]) -> None:
    """Set (None: remove) appraisal settings inside the caller's write transaction."""
    for key, value in values.items():
        if value is None:
            conn.execute("DELETE FROM setting WHERE appraisal_id = ? AND key = ?", (aid, key))
        else:
            conn.execute("INSERT INTO setting (appraisal_id, key, value) VALUES (?, ?, ?) "
                         "ON CONFLICT (appraisal_id, key) DO UPDATE SET value = excluded.value", (aid, key, value))
