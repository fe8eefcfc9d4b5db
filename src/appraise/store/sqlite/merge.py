"""The store's side of mini-team copies and their merge (issue 15): portable SQL, run by both backends.

A merge compares records as a flat *state*: ``{key: value}`` where a key is the JSON list ``[record, ...its
key]`` and a value is JSON-able (absent: the record is not there). Records and their keys:

- ``characterization`` [practice, project] -> value; ``note`` [practice, project] -> the cell's note ("" absent);
- ``rating`` [practice, project, assessor] -> [value, note];
- ``evidence`` [kind, title, location] -> [description, collected_by, collected_on, source, channel];
- ``link`` [kind, title, location, practice, project] -> origin;
- ``finding`` [identity] -> [kind, area, practice, text, site, evidence key or None, status, created_by, at];
- ``decision`` [kind, target] -> [value, rationale, decided_by, decided_at, basis] (the one that stands);
- ``member`` [name] -> [role, affiliation, licence, login].

A finding's identity is kept across copies: ``id:N`` for the root appraisal's own finding N, ``<fork uid>:N``
for finding N made in that copy; a file maps identities it took in (``fork`` rows' ``finding_map``) and the
ones it was forked with (its base row's ``finding_ids``). The three-way comparison is the services'
(``appraise.services.merging``); here: reading the state, recording a fork, applying a merge in one
transaction (logged, one undo step), and the conflicts.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from pathlib import Path
from typing import Any

from appraise.errors import StoreError, UsageError
from appraise.store.sqlite import connection
from appraise.store.sqlite import undo as reversal
from appraise.store.sqlite.connection import connect_read_only, reason
from appraise.store.sqlite.merge_apply import EVIDENCE_FIELDS, WRITE_ORDER, RecordWriter
from appraise.store.sqlite.undo import CONFLICT_COLUMNS, FORK_COLUMNS
from appraise.store.sqlite.writes import SqliteWrites


def key_of(*parts: str) -> str:
    """``json.dumps(list(parts), ensure_ascii=False, separators=(",", ":"))`` of texts, made fast (a merge keys
    every record of three files)."""
    return "[" + ",".join(map(encode_basestring, parts)) + "]"


def record_of(key: str) -> str:
    """The record a key names (its first element, a plain word)."""
    return key[2:key.index('"', 2)]


def _loads(text: str, default: Any) -> Any:
    return json.loads(text) if text else default




def own_rows(conn: sqlite3.Connection, aid: int, table: str, where: str, params: Sequence[Any]) -> list[dict[str, Any]]:
    """Whole ``fork`` / ``merge_conflict`` rows (what a merge's undo keeps and puts back)."""
    columns = FORK_COLUMNS if table == "fork" else CONFLICT_COLUMNS
    return [dict(zip(columns, r)) for r in conn.execute(
        f"SELECT {', '.join(map(reversal.quoted, columns))} FROM {table} WHERE appraisal_id = ? AND {where} "
        "ORDER BY id", (aid, *params)).fetchall()]


class MergeWrites(SqliteWrites):
    """Forks, merges and their conflicts."""

    # -- reads ------------------------------------------------------------------------------
    def forks(self) -> list[dict[str, Any]]:
        """Every ``fork`` row of this appraisal (base and merged), snapshot and maps parsed, oldest first."""
        out = []
        for row in self._rows('SELECT id, uid, kind, label, areas, change_id, snapshot, at, "by" FROM fork '
                              "WHERE appraisal_id = ? ORDER BY id"):
            snap = _loads(row[6], {})
            out.append({"id": row[0], "uid": row[1], "kind": row[2], "label": row[3],
                        "areas": [a for a in row[4].split(",") if a], "change_id": row[5],
                        "records": snap.get("records", {}), "finding_ids": snap.get("finding_ids", {}),
                        "finding_map": snap.get("finding_map", {}), "at": row[7], "by": row[8]})
        return out

    def finding_identities(self, forks: Sequence[dict[str, Any]] | None = None) -> dict[int, str]:
        """``{finding id here: its identity}`` (see the module's docstring)."""
        forks = self.forks() if forks is None else forks
        base = next((f for f in forks if f["kind"] == "base"), None)
        taken_in = {int(local): ident for f in forks if f["kind"] == "merged"
                    for ident, local in f["finding_map"].items()}
        inherited = {int(k): v for k, v in (base["finding_ids"] if base else {}).items()}
        own = f"{base['uid']}:" if base else "id:"
        return {fid: taken_in.get(fid) or inherited.get(fid) or f"{own}{fid}"
                for (fid,) in self._rows("SELECT id FROM finding WHERE appraisal_id = ? ORDER BY id")}

    def merge_state(self) -> dict[str, Any]:
        """The records a merge compares (``records``), who changed each and when where the record says it
        (``meta``), the findings' identities (``finding_ids``) and the last change-log entry (``change_id``)."""
        # the last entry first: a write landing while the records are read is then after it (a merge refuses)
        last = self._rows("SELECT id, who, at FROM change_log WHERE appraisal_id = ? ORDER BY id DESC LIMIT 1")
        records: dict[str, Any] = {}
        meta: dict[str, list[str]] = {}
        for practice, code, value, note, by, at in self._rows(
                "SELECT c.practice_id, p.code, c.value, c.note, c.updated_by, c.updated_at FROM characterization c "
                "JOIN project p ON p.id = c.project_id WHERE c.appraisal_id = ? ORDER BY c.practice_id, p.code"):
            k = key_of("characterization", practice, code)
            records[k], meta[k] = value, [by, at]
            if note:
                k = key_of("note", practice, code)
                records[k], meta[k] = note, [by, at]
        for practice, code, assessor, value, note, by, at in self._rows(
                "SELECT r.practice_id, p.code, r.assessor, r.value, r.note, r.updated_by, r.updated_at "
                "FROM assessor_rating r JOIN project p ON p.id = r.project_id WHERE r.appraisal_id = ? "
                "ORDER BY r.practice_id, p.code, r.assessor"):
            k = key_of("rating", practice, code, assessor)
            records[k], meta[k] = [value, note], [by, at]
        items: dict[int, list[str]] = {}
        for row in self._rows(f"SELECT id, kind, title, location, {', '.join(EVIDENCE_FIELDS)}, created_at FROM evidence "
                              "WHERE appraisal_id = ? ORDER BY id"):
            items[row[0]] = list(row[1:4])
            k = key_of("evidence", *row[1:4])
            records[k], meta[k] = list(row[4:9]), [row[5], row[9]]
        for evidence_id, practice, code, origin in self._rows(
                "SELECT l.evidence_id, l.practice_id, p.code, l.origin FROM evidence_link l JOIN project p ON "
                "p.id = l.project_id WHERE l.appraisal_id = ? ORDER BY l.evidence_id, l.practice_id, p.code"):
            records[key_of("link", *items[evidence_id], practice, code)] = origin
        forks = self.forks()
        identities = self.finding_identities(forks)
        for row in self._rows("SELECT id, kind, area_id, practice_id, text, site, evidence_id, status, created_by, "
                              "created_at FROM finding WHERE appraisal_id = ? ORDER BY id"):
            k = key_of("finding", identities[row[0]])
            evidence = items.get(row[6]) if row[6] is not None else None
            records[k], meta[k] = [*row[1:6], evidence, *row[7:10]], [row[8], row[9]]
        for kind, target, value, rationale, by, at, basis in self._rows(
                "SELECT kind, target, value, rationale, decided_by, decided_at, basis FROM decision "
                "WHERE appraisal_id = ? ORDER BY id"):  # the latest per (kind, target) stands
            k = key_of("decision", kind, target)
            records[k], meta[k] = [value, rationale, by, at, basis], [by, at]
        for name, role, affiliation, licence, login in self._rows(
                "SELECT name, role, affiliation, licence, login FROM team_member WHERE appraisal_id = ? "
                "ORDER BY position, id"):
            records[key_of("member", name)] = [role, affiliation, licence, login]
        return {"records": records, "meta": meta, "finding_ids": {str(k): v for k, v in identities.items()},
                "change_id": last[0][0] if last else 0, "last": list(last[0][1:]) if last else ["", ""]}

    def merge_conflicts(self, pending_only: bool = True) -> list[dict[str, Any]]:
        sql = ("SELECT c.id, c.record, c.key, c.target, c.sides, c.status, c.value, c.rationale, c.decided_by, "
               "c.decided_at, c.created_at, c.fork_uid, coalesce(f.label, '') FROM merge_conflict c LEFT JOIN fork f "
               "ON f.appraisal_id = c.appraisal_id AND f.uid = c.fork_uid AND f.kind = 'merged' "
               "WHERE c.appraisal_id = ?")
        params: tuple[Any, ...] = ()
        if pending_only:
            sql, params = sql + " AND c.status = ?", ("pending",)
        names = ("id", "record", "key", "target", "sides", "status", "value", "rationale", "decided_by",
                 "decided_at", "created_at", "fork_uid", "fork_label")
        rows = [dict(zip(names, r)) for r in self._rows(sql + " ORDER BY c.id", params)]
        for r in rows:
            r["sides"] = json.loads(r["sides"])
        return rows

    # -- a copy ---------------------------------------------------------------------------
    def copy_to(self, dest: Path) -> None:
        """Write the whole database to ``dest`` (SQLite's backup API: a consistent copy while others write)."""
        try:
            source = connect_read_only(self.path)
            try:
                target = sqlite3.connect(dest)
                try:
                    source.backup(target)
                finally:
                    target.close()
            finally:
                source.close()
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot copy the appraisal file ({reason(exc)})") from None

    def record_fork(self, uid: str, label: str, areas: Sequence[str], state: dict[str, Any], who: str) -> None:
        """In a new copy: its one ``base`` row (the records as forked), and the log entry saying so."""
        at = connection.now()
        snapshot = json.dumps({"records": state["records"], "finding_ids": state["finding_ids"]},
                              ensure_ascii=False, separators=(",", ":"))
        with self._write("the copy") as conn:
            conn.execute("DELETE FROM fork WHERE appraisal_id = ? AND kind = ?", (self.appraisal_id, "base"))
            conn.execute('INSERT INTO fork (appraisal_id, uid, kind, label, areas, change_id, snapshot, at, "by") '
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         (self.appraisal_id, uid, "base", label, ",".join(areas), state["change_id"], snapshot, at,
                          who))
            self._log(conn, at, who, "forked", label, None, ",".join(areas) or "all areas")

    # -- a merge --------------------------------------------------------------------------
    def apply_merge(self, changes: Sequence[dict[str, Any]], conflicts: Sequence[dict[str, Any]],
                    copies: Sequence[dict[str, Any]], who: str, since: int | None = None) -> int | None:
        """Write a merge in one transaction: ``changes`` ({kind, key, value, label, author}: the value each record
        takes; a finding's ``local`` id here or None), ``conflicts`` (rows for ``merge_conflict``) and the
        ``copies`` merged ({uid, label, areas, change_id, records}: their ``merged`` rows). Every change is logged;
        the last entry holds the undo of the records changed. Returns it (None when no record changed).
        ``since``: the last change-log entry the merge was planned on; another entry since refuses the merge."""
        at = connection.now()
        aid = self.appraisal_id
        with self._write("the merge") as conn:
            last = conn.execute("SELECT id, who FROM change_log WHERE appraisal_id = ? ORDER BY id DESC LIMIT 1",
                                (aid,)).fetchone()
            if since is not None and (last[0] if last else 0) != since:
                raise UsageError(f"{getattr(self.path, 'name', self.path)} changed while the merge was prepared "
                                 f"(by {last[1] or 'someone else'}): nothing was merged; run the merge again")
            applier = RecordWriter(conn, aid, who, at)
            if len(changes) > 64:
                applier.preload_cells()
            for change in sorted(changes, key=lambda c: WRITE_ORDER.index(c["kind"])):
                applier.apply(change)
            uids = [c["uid"] for c in copies]
            marks = ", ".join("?" * len(uids))
            forks_before = own_rows(conn, aid, "fork", f"kind = ? AND uid IN ({marks})", ["merged", *uids])
            added = [conn.execute(
                "INSERT INTO merge_conflict (appraisal_id, record, key, target, sides, status, rationale, decided_by, "
                "decided_at, created_at, fork_uid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (aid, c["record"], c["key"], c["target"], json.dumps(c["sides"], ensure_ascii=False), "pending", "",
                 "", "", at, c["fork_uid"])).lastrowid for c in conflicts]
            for copy in copies:
                old = conn.execute("SELECT snapshot FROM fork WHERE appraisal_id = ? AND uid = ? AND kind = ?",
                                   (aid, copy["uid"], "merged")).fetchone()
                finding_map = {**(_loads(old[0], {}).get("finding_map", {}) if old else {}), **applier.new_findings}
                snapshot = json.dumps({"records": copy["records"], "finding_map": finding_map},
                                      ensure_ascii=False, separators=(",", ":"))
                conn.execute('INSERT INTO fork (appraisal_id, uid, kind, label, areas, change_id, snapshot, at, "by") '
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (appraisal_id, uid, kind) DO UPDATE SET "
                             "label = excluded.label, change_id = excluded.change_id, snapshot = excluded.snapshot, "
                             "at = excluded.at, \"by\" = excluded.\"by\"",
                             (aid, copy["uid"], "merged", copy["label"], ",".join(copy["areas"]), copy["change_id"],
                              snapshot, at, who))
            applier.own_rows = {"op": "merge", "before": {"forks": forks_before, "conflicts": []}, "after": {
                "forks": own_rows(conn, aid, "fork", f"kind = ? AND uid IN ({marks})", ["merged", *uids]),
                "conflicts": own_rows(conn, aid, "merge_conflict", f"id IN ({', '.join('?' * len(added))})", added)
                if added else []}}
            applier.log.append((aid, at, who, "merged", ", ".join(c["label"] for c in copies),
                                None, f"{len(changes)} changes, {len(conflicts)} conflicts"))
            entry = applier.write_log(self)
        if entry is not None:
            self.written.append(entry)
        return entry

    def decide_conflict(self, conflict_id: int, value: Any, rationale: str, who: str) -> None:
        """The team's consensus on a pending conflict: ``value`` applied to its record, the conflict decided."""
        at = connection.now()
        aid = self.appraisal_id
        with self._write("the decision on the conflict") as conn:
            found = conn.execute("SELECT record, key, target, status FROM merge_conflict WHERE appraisal_id = ? "
                                 "AND id = ?", (aid, conflict_id)).fetchone()
            if found is None:
                raise UsageError(f"there is no conflict #{conflict_id} (see appraise conflicts FILE --all)")
            record, key, target, status = found
            if status != "pending":
                raise UsageError(f"conflict #{conflict_id} ({target}) was decided already; nothing was changed")
            applier = RecordWriter(conn, aid, who, at)
            local = None
            if record == "finding":
                ident = json.loads(key)[1]
                local = next((int(k) for k, v in self.finding_identities().items() if v == ident), None)
            applier.apply({"kind": record, "key": key, "value": value, "local": local, "label": "consensus",
                           "author": who})
            shown = value if isinstance(value, str) or value is None else json.dumps(value, ensure_ascii=False)
            pending = own_rows(conn, aid, "merge_conflict", "id = ?", [conflict_id])
            conn.execute("UPDATE merge_conflict SET status = ?, value = ?, rationale = ?, decided_by = ?, "
                         "decided_at = ? WHERE id = ?", ("decided", shown, rationale, who, at, conflict_id))
            applier.own_rows = {"op": "merge", "before": {"forks": [], "conflicts": pending}, "after": {
                "forks": [], "conflicts": own_rows(conn, aid, "merge_conflict", "id = ?", [conflict_id])}}
            applier.log.append((aid, at, who, f"conflict #{conflict_id} decided", target, None,
                                f"{shown} — {rationale}"))
            entry = applier.write_log(self)
        if entry is not None:
            self.written.append(entry)


__all__ = ["MergeWrites", "key_of"]
