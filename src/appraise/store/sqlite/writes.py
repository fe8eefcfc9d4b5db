"""``SqliteStore``: one appraisal in an SQLite file, its reads (``SqliteReads``) and its writes.

Every write is one call = one transaction (``BEGIN IMMEDIATE``) on the store's one write connection,
through the standard library's ``sqlite3`` driver: a writing command imports no ORM (PERFORMANCE.md:
``import sqlmodel`` alone is 0.3 s; the driver's ``executemany`` is the fastest bulk write). What a write
checks (a duplicate, a project still there, an undo's "changed since") it reads on that connection inside
that transaction. Ids come from the database (``lastrowid``); uniqueness from its unique keys.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from appraise.errors import AppraiseError, StoreError
from appraise.store import records
from appraise.store.records import DecisionRecord, NewEvidence, ScopeChange
from appraise.store.sqlite import undo as reversal
from appraise.store.sqlite.connection import (
    ProjectIds,
    connect_for_writing,
    connect_read_only,
    immediate,
    is_read_only,
    mark_appraisal_file,
    now,
    probe,
    reason,
)
from appraise.store.sqlite.migrations import create_schema, migrate_file, run_migrations
from appraise.store.sqlite.reads import SqliteReads

#: How many evidence rows one ``executemany`` writes: memory stays flat however large the import.
CHUNK = 5000


def _chunks(rows: Iterable[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class SqliteStore(SqliteReads):
    """One appraisal in an SQLite database (an ``.appraisal`` file holds one): ``AppraisalStore`` for SQLite.

    Reads go through the read connection of ``SqliteReads``; the first write opens the write connection
    (foreign keys on, WAL, a busy timeout). A store read from an old read-only file's migrated copy
    refuses every write.
    """

    def __init__(self, path: Path, connection: sqlite3.Connection | None = None,
                 appraisal_id: int | None = None, writable: bool = True) -> None:
        super().__init__(path, connection, appraisal_id)
        self._writable = writable
        self._writer: sqlite3.Connection | None = None
        self._write_lock = threading.RLock()
        #: The undoable change-log entries written through this instance (a session's own changes), oldest first.
        self.written: list[int] = []

    # -- life cycle ------------------------------------------------------------------
    @classmethod
    def create(cls, path: str | Path, *, unit: str, framework_id: str, framework_text: str,
               representation: str, target: int, areas: Sequence[str], projects: Sequence[str],
               who: str, settings: dict[str, str] | None = None, name: str | None = None) -> SqliteStore:
        """Create the file ``path`` with its one appraisal (``name``: the file name the change log records,
        when ``path`` is a temporary name the file is built under). The tables come from the SQLModel ones."""
        p = Path(path)
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
            finally:
                conn.close()
        except (sqlite3.Error, OSError) as exc:
            p.unlink(missing_ok=True)
            raise StoreError(f"{p}: cannot create the appraisal file ({reason(exc)})") from None
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
                    at = now()
                    aid = conn.execute(
                        "INSERT INTO appraisal (unit, framework_id, framework_text, representation, target, "
                        "created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (unit, framework_id, framework_text, representation, target, at, who)).lastrowid
                    conn.executemany("INSERT INTO scope_area (appraisal_id, area_id, position) VALUES (?, ?, ?)",
                                     ((aid, a, i) for i, a in enumerate(areas)))
                    conn.executemany("INSERT INTO project (appraisal_id, code, name, subgroup, position) "
                                     "VALUES (?, ?, '', '', ?)", ((aid, c, i) for i, c in enumerate(projects)))
                    conn.executemany("INSERT INTO setting (appraisal_id, key, value) VALUES (?, ?, ?)",
                                     ((aid, k, v) for k, v in (settings or {}).items()))
                    conn.execute("INSERT INTO change_log (appraisal_id, at, who, what, target, new) "
                                 "VALUES (?, ?, ?, 'appraisal created', ?, ?)",
                                 (aid, at, who, name or p.name, f"{framework_id} {representation} target {target}"))
            finally:
                conn.close()
        except (sqlite3.Error, OSError) as exc:
            if _new_file:
                p.unlink(missing_ok=True)
            raise StoreError(f"{p}: cannot create the appraisal ({reason(exc)})") from None
        return cls(p, appraisal_id=aid)

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

    def close(self) -> None:
        with self._write_lock:
            if self._writer is not None:
                self._writer.close()
                self._writer = None
        super().close()

    def __enter__(self) -> SqliteStore:
        return self

    # -- one write: one transaction ----------------------------------------------------
    @contextmanager
    def _write(self, what: str) -> Iterator[sqlite3.Connection]:
        """The write connection inside one ``BEGIN IMMEDIATE`` transaction; a driver error is a StoreError
        ("cannot save ``what``"), a refusal (AppraiseError) rolls back and passes through."""
        if not self._writable:
            raise StoreError(f"{self.path} is read-only and was written by an older appraise: "
                             "make it writable (or copy it) to change it")
        with self._write_lock:
            try:
                if self._writer is None:
                    self._writer = connect_for_writing(self.path)
                with immediate(self._writer) as conn:
                    yield conn
            except AppraiseError:
                raise
            except sqlite3.Error as exc:
                raise StoreError(f"{self.path}: cannot save {what} ({reason(exc)})") from None

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
        rows = list(rows)
        at = now()
        changed = 0
        aid = self.appraisal_id
        log: list[tuple[Any, ...]] = []
        with self._write("the characterizations") as conn:
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
                    conn.execute("DELETE FROM characterization WHERE practice_id = ? AND project_id = ?",
                                 (practice, pid))
                    log.append((aid, at, who, f"{what} cleared", target, old[0], None))
                    cells.append([practice, code, old[0], old[1], None, None])
                else:
                    if note is None:
                        note = old[1] if old is not None else ""
                    if old == (value, note):
                        continue
                    conn.execute(
                        "INSERT INTO characterization (appraisal_id, practice_id, project_id, value, note, "
                        "updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (practice_id, project_id) "
                        "DO UPDATE SET value = excluded.value, note = excluded.note, "
                        "updated_by = excluded.updated_by, updated_at = excluded.updated_at",
                        (aid, practice, pid, value, note, who, at))
                    old_text = None if old is None else old[0] + (f" ({old[1]})" if old[1] and old[1] != note else "")
                    log.append((aid, at, who, what, target, old_text, value + (f" ({note})" if note else "")))
                    cells.append([practice, code, *(old or (None, None)), value, note])
                current[(practice, pid)] = None if value is None else (value, note)  # type: ignore[assignment]
                changed += 1
            if log:
                conn.executemany("INSERT INTO change_log (appraisal_id, at, who, what, target, old, new) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?)", log[:-1])
                entry = self._log(conn, *log[-1][1:],
                                  undo=reversal.dumps({"op": "characterization", "cells": cells}))
        if log:
            self.written.append(entry)
        return changed

    def add_decision(self, kind: str, target: str, value: str, rationale: str, who: str,
                     old: str | None, basis: str = "") -> DecisionRecord:
        """Record a team decision (the latest per kind and target stands; earlier ones stay as history)."""
        at = now()
        with self._write("the decision") as conn:
            decision_id = conn.execute(
                "INSERT INTO decision (appraisal_id, kind, target, value, rationale, decided_by, decided_at, basis) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (self.appraisal_id, kind, target, value, rationale, who, at, basis)).lastrowid
            assert decision_id is not None
            record = DecisionRecord(decision_id, kind, target, value, rationale, who, at, basis)
            # undone, the decision record is withdrawn; redone, it is restored as it was
            entry = self._log(conn, at, who, f"decision: {kind}", target, old, f"{value} — {rationale}",
                              reversal.dumps({"op": "decision", "before": None, "after": vars(record)}))
        self.written.append(entry)
        return record

    def set_settings(self, values: dict[str, str | None], who: str, what: str, target: str,
                     old: str | None, new: str | None) -> None:
        """Set (None: remove) appraisal settings, with one change-log entry saying what changed."""
        aid = self.appraisal_id
        with self._write("the setting") as conn:
            for key, value in values.items():
                if value is None:
                    conn.execute("DELETE FROM setting WHERE appraisal_id = ? AND key = ?", (aid, key))
                else:
                    conn.execute("INSERT INTO setting (appraisal_id, key, value) VALUES (?, ?, ?) "
                                 "ON CONFLICT (appraisal_id, key) DO UPDATE SET value = excluded.value",
                                 (aid, key, value))
            self._log(conn, now(), who, what, target, old, new)

    # -- scope ---------------------------------------------------------------------------
    def change_scope(self, change: ScopeChange, who: str) -> None:
        """Write scope corrections (unit, target and areas, projects renamed, removed, added) in one transaction.

        A project is removed only while nothing is recorded on it: that is checked again here, under the
        write lock, and the whole change is refused when something was recorded meanwhile.
        """
        at = now()
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
                        "SELECT id, undo FROM change_log WHERE appraisal_id = ? AND undo <> '' AND instr(undo, ?) > 0",
                        (aid, json.dumps(old, ensure_ascii=False))).fetchall()])
            for decision_id, target, value, basis in change.decisions:
                conn.execute("UPDATE decision SET target = ?, value = ?, basis = ? WHERE appraisal_id = ? AND id = ?",
                             (target, value, basis, aid, decision_id))
            for code in change.removes:
                removed = conn.execute(
                    "DELETE FROM project WHERE appraisal_id = ? AND code = ? AND NOT EXISTS (SELECT 1 FROM "
                    "characterization c WHERE c.project_id = project.id) AND NOT EXISTS (SELECT 1 FROM "
                    "evidence_link l WHERE l.project_id = project.id) AND NOT EXISTS (SELECT 1 FROM finding f "
                    "WHERE f.appraisal_id = project.appraisal_id AND f.site = project.code)", (aid, code)).rowcount
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
                                 "VALUES (?, ?, '', '', ?)",
                                 ((aid, code, last + 1 + i) for i, code in enumerate(change.adds)))
            conn.executemany("INSERT INTO change_log (appraisal_id, at, who, what, target, old, new) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?)",
                             ((aid, at, who, what, target, old, new) for what, target, old, new in change.log))

    # -- evidence ------------------------------------------------------------------------
    def link_evidence(self, evidence_id: int, practice: str, project: str, who: str, link: bool = True) -> bool:
        """Link (or unlink) an evidence item to (practice, project); False when nothing changed."""
        aid = self.appraisal_id
        with self._write("the link") as conn:
            pid = self._project_ids(conn)[project]
            if conn.execute("SELECT 1 FROM evidence WHERE appraisal_id = ? AND id = ?",
                            (aid, evidence_id)).fetchone() is None:
                raise StoreError(f"{self.path}: there is no evidence item #{evidence_id} (removed meanwhile?)")
            origin = ""
            if link:
                changed = conn.execute(
                    "INSERT INTO evidence_link (appraisal_id, evidence_id, practice_id, project_id) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", (aid, evidence_id, practice, pid)).rowcount
            else:
                found = conn.execute(  # a reuse link's origin comes back with an undo
                    "SELECT origin FROM evidence_link WHERE evidence_id = ? AND practice_id = ? AND project_id = ?",
                    (evidence_id, practice, pid)).fetchone()
                origin = found[0] if found else ""
                changed = conn.execute(
                    "DELETE FROM evidence_link WHERE evidence_id = ? AND practice_id = ? AND project_id = ?",
                    (evidence_id, practice, pid)).rowcount
            if changed:
                undo = reversal.dumps({"op": "link", "links": [[evidence_id, practice, project, origin]],
                                       "before": not link, "after": link})
                entry = self._log(conn, now(), who, "evidence linked" if link else "evidence unlinked",
                                  f"{practice} / {project}", None if link else f"#{evidence_id}",
                                  f"#{evidence_id}" if link else None, undo)
        if changed:
            self.written.append(entry)
        return bool(changed)

    def import_evidence(self, items: Iterable[NewEvidence], links: Iterable[tuple[int, str, str]],
                        imported_from: str, who: str) -> tuple[int, int]:
        """Write new evidence items and links in one transaction, in chunks (memory stays flat).

        ``links`` are (index into ``items`` or, when negative, ``-existing id``, practice id, project code);
        both may be iterators, ``items`` read to its end before the first link. Item ids come from the
        database: one transaction under the write lock numbers them consecutively, so an item's id is the
        first id plus its index (checked). An item already in the appraisal (its key) refuses the import.
        Returns (items added, links added).
        """
        at = now()
        aid = self.appraisal_id
        added_items = 0
        added_links = 0
        with self._write("the evidence") as conn:
            projects = self._project_ids(conn)
            first: int | None = None
            insert = ("INSERT INTO evidence (appraisal_id, kind, title, location, description, collected_by, "
                      "collected_on, source, imported_from, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            for chunk in _chunks(items):
                rows = [(aid, e.kind, e.title, e.location, e.description, e.collected_by, e.collected_on,
                         e.source, imported_from, at) for e in chunk]
                if first is None:
                    first = conn.execute(insert, rows[0]).lastrowid
                    rows = rows[1:]
                conn.executemany(insert, rows)
                added_items += len(chunk)
            if first is not None:
                (last,) = conn.execute("SELECT last_insert_rowid()").fetchone()
                if last != first + added_items - 1:  # never under the write lock; say so rather than mislink
                    raise StoreError(f"{self.path}: cannot save the evidence (the database numbered the new items "
                                     "out of order); nothing was changed")
            base = (first or 0) - 1
            codes = {pid: code for code, pid in projects.items()}
            reused: set[tuple[int, str, int]] = set()  # links to items already there: an undo removes these
            link_insert = ("INSERT INTO evidence_link (appraisal_id, evidence_id, practice_id, project_id) "
                           "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")
            for chunk in _chunks(links):
                rows = []
                for ref, practice, code in chunk:
                    pid = projects[code]
                    if ref >= 0:
                        rows.append((aid, base + 1 + ref, practice, pid))
                    else:
                        found = conn.execute("SELECT 1 FROM evidence_link WHERE evidence_id = ? AND practice_id = ? "
                                             "AND project_id = ?", (-ref, practice, pid)).fetchone()
                        if found is None and conn.execute(
                                "INSERT INTO evidence_link (appraisal_id, evidence_id, practice_id, project_id) "
                                "VALUES (?, ?, ?, ?)", (aid, -ref, practice, pid)).rowcount:
                            reused.add((-ref, practice, pid))
                if rows:
                    before = conn.total_changes
                    conn.executemany(link_insert, rows)
                    added_links += conn.total_changes - before
            reused_new = sorted((e, practice, codes[pid]) for e, practice, pid in reused)
            added_links += len(reused_new)
            if added_items or added_links:
                undo = reversal.dumps({"op": "evidence", "before": None, "after": {
                    "ids": [base + 1, base + added_items], "item_link_count": added_links - len(reused_new),
                    "links": [[e, practice, code, ""] for e, practice, code in reused_new]}})
                entry = self._log(conn, at, who, "evidence imported", imported_from, None,
                                  f"{added_items} items, {added_links} links", undo)
                self.written.append(entry)
        return added_items, added_links

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
        at = now()
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
            entry = self._log(conn, now(), who, f"finding #{finding_id} status",
                              before["practice_id"] or before["area_id"], before["status"],
                              f"{status} — {why}" if why else status,
                              reversal.dumps({"op": "finding", "before": before,
                                              "after": {**before, "status": status}}))
        self.written.append(entry)

    def delete_finding(self, finding_id: int, who: str) -> None:
        with self._write("the deletion of the finding") as conn:
            before = self._finding(conn, finding_id)
            entry = self._log(conn, now(), who, f"finding #{finding_id} deleted",
                              before["practice_id"] or before["area_id"], f"{before['kind']}: {before['text']}", None,
                              undo=reversal.dumps({"op": "finding", "before": before, "after": None}))
            conn.execute("DELETE FROM finding WHERE id = ?", (finding_id,))
        self.written.append(entry)

    # -- reuse suggestions -----------------------------------------------------------------
    _SUGGESTION = ("audit", "kind", "title", "location", "description", "source", "collected_on", "clause",
                   "practice_id", "project_id", "strength", "basis", "mapping", "status", "decided_by", "decided_at")

    def add_suggestions(self, rows: Sequence[dict[str, Any]], who: str) -> int:
        """Store new reuse suggestions (dicts of the suggestion's fields, ``project`` as a code) in one
        transaction; the same suggestion twice is refused by its unique key, and nothing is written."""
        at = now()
        aid = self.appraisal_id
        with self._write("the suggestions") as conn:
            projects = self._project_ids(conn)
            values = []
            for r in rows:
                data = {"description": "", "source": "", "collected_on": None, "basis": "", "mapping": "",
                        "status": "open", "decided_by": "", "decided_at": "", "location": "", **r}
                data["project_id"] = projects[data.pop("project")]
                values.append((aid, *(data[k] for k in self._SUGGESTION), at))
            conn.executemany(f"INSERT INTO suggestion (appraisal_id, {', '.join(self._SUGGESTION)}, created_at) "
                             f"VALUES ({', '.join('?' * (len(self._SUGGESTION) + 2))})", values)
            if rows:
                self._log(conn, at, who, "reuse suggestions", rows[0]["audit"], None, f"{len(rows)} new")
        return len(rows)

    def decide_suggestions(self, accept: Sequence[int], reject: Sequence[int], who: str) -> tuple[int, int]:
        """Accept (an evidence link with its origin; the item added when the appraisal lacks it) or reject
        open suggestions, all in one transaction. Returns (links added, suggestions decided)."""
        at = now()
        aid = self.appraisal_id
        links = 0
        with self._write("the decisions on suggestions") as conn:
            for sid in accept:
                found = conn.execute(
                    "SELECT kind, title, location, description, source, collected_on, clause, practice_id, "
                    "project_id, strength, mapping, audit FROM suggestion WHERE appraisal_id = ? AND id = ?",
                    (aid, sid)).fetchone()
                if found is None:
                    raise StoreError(f"{self.path}: there is no suggestion #{sid}")
                (kind, title, location, description, source, collected_on, clause, practice, project_id,
                 strength, mapping, audit) = found
                item = conn.execute("SELECT id FROM evidence WHERE appraisal_id = ? AND kind = ? AND title = ? "
                                    "AND location = ?", (aid, kind, title, location)).fetchone()
                if item is None:
                    evidence_id = conn.execute(
                        "INSERT INTO evidence (appraisal_id, kind, title, location, description, collected_by, "
                        "collected_on, source, imported_from, created_at) VALUES (?, ?, ?, ?, ?, '', ?, ?, ?, ?)",
                        (aid, kind, title, location, description, collected_on, source, f"reuse: {audit}",
                         at)).lastrowid
                else:
                    (evidence_id,) = item
                origin = json.dumps({"audit": audit, "clause": clause, "mapping": mapping, "strength": strength})
                added = conn.execute(
                    "INSERT INTO evidence_link (appraisal_id, evidence_id, practice_id, project_id, origin) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    (aid, evidence_id, practice, project_id, origin)).rowcount
                if not added:  # the link was there (imported, or from another clause): keep where it came from
                    conn.execute("UPDATE evidence_link SET origin = ? WHERE evidence_id = ? AND practice_id = ? "
                                 "AND project_id = ? AND origin = ''", (origin, evidence_id, practice, project_id))
                links += added
            for sid, status in [(s, "accepted") for s in accept] + [(s, "rejected") for s in reject]:
                # who decided stays in the change log, not on the suggestion
                conn.execute("UPDATE suggestion SET status = ?, decided_at = ? WHERE appraisal_id = ? AND id = ?",
                             (status, at, aid, sid))
            if accept or reject:
                self._log(conn, at, who, "reuse suggestions decided", "suggestions", None,
                          f"{len(accept)} accepted, {len(reject)} rejected")
        return links, len(accept) + len(reject)

    # -- undo ------------------------------------------------------------------------------
    def reverse_changes(self, steps: Sequence[tuple[int, str]], who: str) -> list[records.Reversal]:
        """Undo or redo change-log entries: (entry id, "undo" or "redo") in this order, in one transaction.

        Each reversal is a change-log entry of its own that can be reversed in turn. A conflict
        (the file no longer holds what the change wrote) refuses them all: nothing is changed.
        """
        at = now()
        with self._write("the undo") as conn:
            done = [reversal.reverse(conn, self.appraisal_id, entry_id, step, who, at) for entry_id, step in steps]
        self.written += [r.entry for r in done]
        return done


__all__ = ["CHUNK", "SqliteStore", "now"]
