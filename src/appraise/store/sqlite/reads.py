"""The reads of the SQLite store, with the standard library's sqlite3 alone.

The read path of every screen and command: no ORM import, so the terminal UI paints its first screen
before anything heavy is loaded. Every statement names the appraisal the store is bound to
(``appraisal_id``): one database may hold many.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from appraise.errors import StoreError
from appraise.store.records import (
    AppraisalInfo,
    ChangeRecord,
    DecisionRecord,
    EvidenceItem,
    Finding,
    Suggestion,
    TeamMemberRecord,
)
from appraise.store.sqlite.connection import BUSY_TIMEOUT_MS, ProjectIds, busy_reason, connect_for_reading


class SqliteReads:
    """The reads of one appraisal in an SQLite database (``SqliteStore`` adds the writes).

    The statements are portable SQL (``?`` parameters): the PostgreSQL store runs these same classes over a
    driver adapter. What differs per database is a hook here: ``_driver_errors``, ``_open_reader``,
    ``_read_data_version``, ``_cells_by_practice`` (and, for the writes, ``_open_writer``, ``_transaction``,
    ``_reason``, ``_insert_items``, ``_CONTAINS``).
    """

    #: The driver's errors: a read or write that raises one becomes a one-line StoreError.
    _driver_errors: tuple[type[BaseException], ...] = (sqlite3.Error,)

    def __init__(self, path: Path, connection: sqlite3.Connection | None = None,
                 appraisal_id: int | None = None) -> None:
        """``connection``: read from it instead (an older read-only file's migrated copy in memory);
        ``appraisal_id``: the appraisal to read (None: the file's one appraisal)."""
        self.path = path
        try:
            # One connection, shared by the UI thread and its workers under a lock.
            self._lock = threading.RLock()
            self._conn = self._open_reader(connection)
            ids = [row[0] for row in self._conn.execute("SELECT id FROM appraisal ORDER BY id")]
        except self._driver_errors as exc:
            raise StoreError(f"{path}: cannot open the appraisal file ({exc})") from None
        if appraisal_id is None:
            if not ids:
                self._conn.close()
                raise StoreError(f"{path}: the appraisal record is missing")
            appraisal_id = ids[0]
        elif appraisal_id not in ids:
            self._conn.close()
            raise StoreError(f"{path}: there is no appraisal #{appraisal_id}")
        #: The appraisal this store reads and writes.
        self.appraisal_id: int = appraisal_id

    def _open_reader(self, connection: Any) -> Any:
        """The read connection (``connection`` when given), waiting for another connection's write."""
        conn = connection or connect_for_reading(self.path)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        return conn

    def close(self) -> None:
        with self._lock:  # not while a worker is reading
            self._conn.close()

    def __enter__(self) -> SqliteReads:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """The rows of ``sql``, whose first parameter is this store's appraisal id."""
        try:
            with self._lock:
                return self._conn.execute(sql, (self.appraisal_id, *params)).fetchall()
        except self._driver_errors as exc:
            raise self._read_error(exc) from None

    def _read_error(self, exc: BaseException) -> StoreError:
        return StoreError(f"{self.path}: cannot read the appraisal file ({busy_reason(str(exc))})")

    # -- watching for changes made elsewhere ---------------------------------------------
    def data_version(self, wait: bool = True) -> int | None:
        """SQLite's ``PRAGMA data_version`` on this connection: it changes whenever another connection
        commits (another process, or this process's writer). None while a worker is reading (``wait=False``)."""
        if not self._lock.acquire(blocking=wait):
            return None
        try:
            return self._read_data_version()
        except self._driver_errors as exc:
            raise self._read_error(exc) from None
        finally:
            self._lock.release()

    def _read_data_version(self) -> int:
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def last_change_id(self) -> int:
        return int(self._rows("SELECT coalesce(max(id), 0) FROM change_log WHERE appraisal_id = ?")[0][0])

    def changes_since(self, change_id: int) -> list[tuple[int, ChangeRecord]]:
        """The change-log entries written after entry ``change_id``, oldest first, with their ids."""
        return [(r[0], ChangeRecord(*r[1:])) for r in self._rows(
            "SELECT id, at, who, what, target, old, new FROM change_log WHERE appraisal_id = ? AND id > ? "
            "ORDER BY id", (change_id,))]

    # -- the appraisal ---------------------------------------------------------------
    def info(self) -> AppraisalInfo:
        rows = self._rows("SELECT unit, framework_id, framework_text, representation, target, "
                          "created_at, created_by, uid, name FROM appraisal WHERE id = ?")
        if not rows:
            raise StoreError(f"{self.path}: the appraisal record is missing")
        (row,) = rows
        areas = tuple(r[0] for r in self._rows("SELECT area_id FROM scope_area WHERE appraisal_id = ? "
                                               "ORDER BY position"))
        projects = tuple(r[0] for r in self._rows("SELECT code FROM project WHERE appraisal_id = ? "
                                                  "ORDER BY position, id"))
        return AppraisalInfo(self.path, row[0], row[1], row[2], row[3], row[4], areas, projects, row[5], row[6],
                             self.settings(), row[7], row[8])

    def settings(self) -> dict[str, str]:
        return dict(self._rows("SELECT key, value FROM setting WHERE appraisal_id = ?"))

    def team(self) -> list[TeamMemberRecord]:
        """The team roster in its order."""
        return [TeamMemberRecord(*r) for r in self._rows(
            "SELECT name, role, affiliation, licence FROM team_member WHERE appraisal_id = ? ORDER BY position, id")]

    def project_ids(self) -> dict[str, int]:
        """``{code: id}``; a code not (or no longer) there is a clear StoreError, not a KeyError."""
        return ProjectIds({code: pid for pid, code in self._rows("SELECT id, code FROM project WHERE appraisal_id = ?")})

    def recorded_on_project(self, code: str) -> dict[str, int]:
        """What is recorded on one project: characterizations, notes, evidence links, findings on it as a site,
        assessors' ratings."""
        rows = self._rows("SELECT (SELECT count(*) FROM characterization c WHERE c.project_id = p.id), "
                          "(SELECT count(*) FROM characterization c WHERE c.project_id = p.id AND c.note <> ''), "
                          "(SELECT count(*) FROM evidence_link l WHERE l.project_id = p.id), "
                          "(SELECT count(*) FROM finding f WHERE f.appraisal_id = p.appraisal_id AND f.site = p.code), "
                          "(SELECT count(*) FROM assessor_rating r WHERE r.project_id = p.id) "
                          "FROM project p WHERE p.appraisal_id = ? AND p.code = ?", (code,))
        if not rows:
            return {}
        return dict(zip(("characterizations", "notes", "evidence links", "findings", "assessor ratings"), rows[0], strict=True))

    # -- characterizations and decisions ---------------------------------------------------
    def characterizations(self) -> dict[str, dict[str, str]]:
        """``{practice: {project code: value}}`` for every recorded characterization.

        The roll-up's hot read: one row per practice, its {project id: value} built by SQLite
        (``json_group_object``, so each value stays with its project) and parsed in C.
        """
        codes = {str(pid): code for pid, code in self._rows("SELECT id, code FROM project WHERE appraisal_id = ?")}
        return {practice: {codes[pid]: value for pid, value in cells.items()}
                for practice, cells in self._cells_by_practice()}

    def _cells_by_practice(self) -> Iterable[tuple[str, dict[str, str]]]:
        """(practice, {project id as text: value}) per characterized practice."""
        return ((practice, json.loads(cells)) for practice, cells in self._rows(
            "SELECT practice_id, json_group_object(project_id, value) FROM characterization "
            "WHERE appraisal_id = ? GROUP BY practice_id"))

    def characterization(self, practice: str, project: str) -> str | None:
        """One cell's value, or None when it is not characterized."""
        rows = self._rows("SELECT c.value FROM characterization c JOIN project p ON p.id = c.project_id "
                          "WHERE p.appraisal_id = ? AND c.practice_id = ? AND p.code = ?", (practice, project))
        return rows[0][0] if rows else None

    def characterization_notes(self) -> dict[tuple[str, str], str]:
        return {(pr, code): note for pr, code, note in self._rows(
            "SELECT c.practice_id, p.code, c.note FROM characterization c "
            "JOIN project p ON p.id = c.project_id WHERE c.appraisal_id = ? AND c.note <> ''")}

    def assessor_ratings(self) -> dict[tuple[str, str], dict[str, str]]:
        """``{(practice, project code): {assessor: value}}`` of every cell several assessors rate (schema 8)."""
        return self._by_assessor("value")

    def assessor_notes(self) -> dict[tuple[str, str], dict[str, str]]:
        """``{(practice, project code): {assessor: note}}`` of the assessors' ratings that carry a note."""
        return self._by_assessor("note", "AND r.note <> ''")

    def _by_assessor(self, column: str, condition: str = "") -> dict[tuple[str, str], dict[str, str]]:
        out: dict[tuple[str, str], dict[str, str]] = {}
        for practice, code, assessor, text in self._rows(
                f"SELECT r.practice_id, p.code, r.assessor, r.{column} FROM assessor_rating r "
                f"JOIN project p ON p.id = r.project_id WHERE r.appraisal_id = ? {condition} ORDER BY r.assessor"):
            out.setdefault((practice, code), {})[assessor] = text
        return out

    def decisions(self) -> list[DecisionRecord]:
        return [DecisionRecord(*r) for r in self._rows(
            "SELECT id, kind, target, value, rationale, decided_by, decided_at, basis FROM decision "
            "WHERE appraisal_id = ? ORDER BY id")]

    def change_log(self) -> list[ChangeRecord]:
        return [ChangeRecord(*r) for r in self._rows(
            "SELECT at, who, what, target, old, new FROM change_log WHERE appraisal_id = ? ORDER BY id")]

    def undo_history(self, who: str | None = None) -> list[tuple[int, int | None]]:
        """(entry id, the entry it reversed or None) of every change that can be reversed, oldest first.

        ``who``: only that person's changes. Entries written before schema 5 hold no undo data and are left out.
        """
        sql = "SELECT id, undoes FROM change_log WHERE appraisal_id = ? AND undo <> ''"
        rows = self._rows(sql + " AND who = ? ORDER BY id", (who,)) if who is not None else \
            self._rows(sql + " ORDER BY id")
        return [(entry, undoes) for entry, undoes in rows]

    # -- evidence ------------------------------------------------------------------------
    def evidence_keys(self) -> dict[tuple[str, str, str], int]:
        return {(k, t, loc): i for i, k, t, loc in self._rows(
            "SELECT id, kind, title, location FROM evidence WHERE appraisal_id = ?")}

    def evidence_links(self, evidence_ids: Iterable[int]) -> set[tuple[int, str, str]]:
        """The (evidence id, practice, project code) links of the given items."""
        wanted = set(evidence_ids)
        return {(e, pr, code) for e, pr, code in self._rows(
            "SELECT l.evidence_id, l.practice_id, p.code FROM evidence_link l JOIN project p ON p.id = l.project_id "
            "WHERE l.appraisal_id = ?") if e in wanted}

    def evidence_counts(self) -> dict[str, int]:
        """Items per kind, links, and (practice, project) cells with an artifact / affirmation."""
        counts = {"artifacts": 0, "affirmations": 0}
        counts.update({f"{kind}s": n for kind, n in self._rows(
            "SELECT kind, count(*) FROM evidence WHERE appraisal_id = ? GROUP BY kind")})
        counts["links"] = self._rows("SELECT count(*) FROM evidence_link WHERE appraisal_id = ?")[0][0]
        for kind in ("artifact", "affirmation"):
            counts[f"cells_with_{kind}"] = self._rows(
                "SELECT count(*) FROM (SELECT DISTINCT l.practice_id, l.project_id FROM evidence_link l "
                "JOIN evidence e ON e.id = l.evidence_id WHERE l.appraisal_id = ? AND e.kind = ?) AS cells", (kind,))[0][0]
        return counts

    def evidence_cells(self, practices: Sequence[str] | None = None) -> dict[tuple[str, str], set[str]]:
        """``{(practice, project code): {kinds of evidence linked}}``; of ``practices`` only when given (a page
        of the matrix: an indexed read of their links, not a scan of every link)."""
        out: dict[tuple[str, str], set[str]] = {}
        if practices is not None and not practices:
            return out
        where = f" AND l.practice_id IN ({', '.join('?' * len(practices))})" if practices is not None else ""
        for practice, code, kind in self._rows(
                "SELECT DISTINCT l.practice_id, p.code, e.kind FROM evidence_link l "
                "JOIN evidence e ON e.id = l.evidence_id JOIN project p ON p.id = l.project_id "
                "WHERE l.appraisal_id = ?" + where, tuple(practices or ())):
            out.setdefault((practice, code), set()).add(kind)
        return out

    _ITEM = ("e.id, e.kind, e.title, e.location, e.description, e.collected_by, e.collected_on, e.source")

    def evidence_items(self) -> list[EvidenceItem]:
        """Every evidence item with its number of links, in import order."""
        return [EvidenceItem(*r) for r in self._rows(
            f"SELECT {self._ITEM}, (SELECT count(*) FROM evidence_link l WHERE l.evidence_id = e.id), e.channel, "
            "e.imported_from FROM evidence e WHERE e.appraisal_id = ? ORDER BY e.id")]

    def evidence_item(self, evidence_id: int) -> EvidenceItem | None:
        rows = self._rows(f"SELECT {self._ITEM}, (SELECT count(*) FROM evidence_link l WHERE l.evidence_id = e.id), "
                          "e.channel, e.imported_from FROM evidence e WHERE e.appraisal_id = ? AND e.id = ?",
                          (evidence_id,))
        return EvidenceItem(*rows[0]) if rows else None

    def evidence_of_practice(self, practice: str) -> list[tuple[str, EvidenceItem]]:
        """(project code, item) for every item linked to ``practice``, by project then item."""
        return [(r[0], EvidenceItem(*r[1:])) for r in self._rows(
            f"SELECT p.code, {self._ITEM}, 0, e.channel FROM evidence_link l JOIN evidence e ON e.id = l.evidence_id "
            "JOIN project p ON p.id = l.project_id WHERE l.appraisal_id = ? AND l.practice_id = ? "
            "ORDER BY p.position, e.id", (practice,))]

    def evidence_links_by_item(self) -> dict[int, list[tuple[str, str]]]:
        out: dict[int, list[tuple[str, str]]] = {}
        for evidence_id, practice, code in self._rows(
                "SELECT l.evidence_id, l.practice_id, p.code FROM evidence_link l JOIN project p ON p.id = l.project_id "
                "WHERE l.appraisal_id = ? ORDER BY l.evidence_id, l.practice_id, p.position"):
            out.setdefault(evidence_id, []).append((practice, code))
        return out

    def evidence_links_of(self, evidence_id: int) -> list[tuple[str, str]]:
        """(practice, project code) links of one item."""
        return [tuple(r) for r in self._rows(  # type: ignore[misc]
            "SELECT l.practice_id, p.code FROM evidence_link l JOIN project p ON p.id = l.project_id "
            "WHERE l.appraisal_id = ? AND l.evidence_id = ? ORDER BY l.practice_id, p.position", (evidence_id,))]

    def findings(self) -> list[Finding]:
        return [Finding(*r) for r in self._rows(
            "SELECT id, kind, area_id, practice_id, text, site, evidence_id, status FROM finding "
            "WHERE appraisal_id = ? ORDER BY area_id, kind, id")]

    def suggestions(self, audit: str | None = None) -> list[Suggestion]:
        """Reuse suggestions (of one audit, or all), oldest first."""
        sql = ("SELECT s.id, s.audit, s.kind, s.title, s.location, s.clause, s.practice_id, p.code, s.strength, "
               "s.basis, s.mapping, s.status FROM suggestion s JOIN project p ON p.id = s.project_id "
               "WHERE s.appraisal_id = ?")
        rows = self._rows(sql + " AND s.audit = ? ORDER BY s.id", (audit,)) if audit is not None else \
            self._rows(sql + " ORDER BY s.id")
        return [Suggestion(*r) for r in rows]

    def link_origins(self) -> dict[tuple[int, str, str], str]:
        """``{(evidence id, practice, project): origin}`` for links that came from a reuse suggestion."""
        return {(e, pr, code): o for e, pr, code, o in self._rows(
            "SELECT l.evidence_id, l.practice_id, p.code, l.origin FROM evidence_link l "
            "JOIN project p ON p.id = l.project_id WHERE l.appraisal_id = ? AND l.origin != ''")}
