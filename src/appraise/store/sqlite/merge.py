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
from pathlib import Path
from typing import Any

from appraise.errors import StoreError, UsageError
from appraise.store.sqlite import connection
from appraise.store.sqlite import undo as reversal
from appraise.store.sqlite.connection import connect_read_only, reason
from appraise.store.sqlite.writes import SqliteWrites, put_value

_EVIDENCE = ("description", "collected_by", "collected_on", "source", "channel")


def key_of(*parts: Any) -> str:
    return json.dumps(list(parts), ensure_ascii=False, separators=(",", ":"))


def _loads(text: str, default: Any) -> Any:
    return json.loads(text) if text else default


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
        for row in self._rows(f"SELECT id, kind, title, location, {', '.join(_EVIDENCE)}, created_at FROM evidence "
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
        last = self._rows("SELECT id, who, at FROM change_log WHERE appraisal_id = ? ORDER BY id DESC LIMIT 1")
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
                    copies: Sequence[dict[str, Any]], who: str) -> int | None:
        """Write a merge in one transaction: ``changes`` ({kind, key, value, label, author}: the value each record
        takes; a finding's ``local`` id here or None), ``conflicts`` (rows for ``merge_conflict``) and the
        ``copies`` merged ({uid, label, areas, change_id, records}: their ``merged`` rows). Every change is logged;
        the last entry holds the undo of the records changed. Returns it (None when no record changed)."""
        at = connection.now()
        aid = self.appraisal_id
        with self._write("the merge") as conn:
            applier = _Applier(conn, aid, who, at)
            for change in sorted(changes, key=lambda c: _ORDER.index(c["kind"])):
                applier.apply(change)
            conn.executemany(
                "INSERT INTO merge_conflict (appraisal_id, record, key, target, sides, status, rationale, decided_by, "
                "decided_at, created_at, fork_uid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(aid, c["record"], c["key"], c["target"], json.dumps(c["sides"], ensure_ascii=False), "pending", "",
                  "", "", at, c["fork_uid"]) for c in conflicts])
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
            applier.log.append((aid, at, who, "merged", ", ".join(c["label"] for c in copies),
                                None, f"{len(changes)} changes, {len(conflicts)} conflicts"))
            entry = applier.write_log(self)
        if entry is not None and changes:
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
            applier = _Applier(conn, aid, who, at)
            local = None
            if record == "finding":
                ident = json.loads(key)[1]
                local = next((int(k) for k, v in self.finding_identities().items() if v == ident), None)
            applier.apply({"kind": record, "key": key, "value": value, "local": local, "label": "consensus",
                           "author": who})
            shown = value if isinstance(value, str) or value is None else json.dumps(value, ensure_ascii=False)
            conn.execute("UPDATE merge_conflict SET status = ?, value = ?, rationale = ?, decided_by = ?, "
                         "decided_at = ? WHERE id = ?", ("decided", shown, rationale, who, at, conflict_id))
            applier.log.append((aid, at, who, f"conflict #{conflict_id} decided", target, None,
                                f"{shown} — {rationale}"))
            entry = applier.write_log(self)
        if entry is not None:
            self.written.append(entry)


#: The order a merge writes records in: items before their links and the findings citing them.
_ORDER = ("evidence", "characterization", "note", "rating", "decision", "finding", "link", "member")


class _Applier:
    """Writes the value a record takes, inside the caller's transaction; collects log rows and undo ops."""

    def __init__(self, conn: sqlite3.Connection, aid: int, who: str, at: str) -> None:
        self.conn, self.aid, self.who, self.at = conn, aid, who, at
        self.projects = {code: pid for pid, code in conn.execute(
            "SELECT id, code FROM project WHERE appraisal_id = ?", (aid,))}
        self.log: list[tuple[Any, ...]] = []
        self.cells: dict[tuple[str, str], list[Any]] = {}
        self.ratings: list[list[Any]] = []
        self.ops: dict[str, list[dict[str, Any]]] = {k: [] for k in ("removed", "decision", "finding", "team")}
        self.links: dict[bool, list[list[Any]]] = {True: [], False: []}
        self.added: list[list[Any]] = []
        self.new_findings: dict[str, int] = {}

    def write_log(self, store: SqliteWrites) -> int | None:
        """Write the change-log rows; the last one holds what undoes every record changed (one undo step)."""
        if not self.log:
            return None
        self.conn.executemany("INSERT INTO change_log (appraisal_id, at, who, what, target, old, new) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?)", self.log[:-1])
        ops = self.undo_ops()
        return store._log(self.conn, *self.log[-1][1:], undo=reversal.dumps(*ops) if ops else "")

    def undo_ops(self) -> list[dict[str, Any]]:
        cells = [[p, c, *v] for (p, c), v in self.cells.items() if v[:2] != v[2:]]
        ops = [*self.ops["removed"], {"op": "characterization", "cells": cells},
               {"op": "assessor_rating", "ratings": self.ratings}, *self.ops["decision"], *self.ops["finding"]]
        ops += [{"op": "link", "links": links, "before": not add, "after": add}
                for add, links in self.links.items() if links]
        if self.added:
            ops.append({"op": "items", "before": None, "after": {"items": self.added, "links": []}})
        return [op for op in [*ops, *self.ops["team"]] if op.get("cells") or op.get("ratings") or
                op["op"] not in ("characterization", "assessor_rating")]

    def _project(self, code: str) -> int:
        if code not in self.projects:
            raise UsageError(f"project {code} is not in this appraisal (renamed or removed since the copy was made): "
                             "nothing was changed")
        return self.projects[code]

    def _evidence_id(self, key: Sequence[str]) -> int | None:
        found = self.conn.execute("SELECT id FROM evidence WHERE appraisal_id = ? AND kind = ? AND title = ? AND "
                                  "location = ?", (self.aid, *key)).fetchone()
        return None if found is None else int(found[0])

    def _line(self, change: dict[str, Any], target: str, old: Any, new: Any) -> None:
        def text(v: Any) -> str | None:
            return v if v is None or isinstance(v, str) else json.dumps(v, ensure_ascii=False)

        what = (f"consensus: {change['kind']}" if change["label"] == "consensus" else
                f"merged {change['kind']} (from {change['label']}, by {change['author']})")
        self.log.append((self.aid, self.at, self.who, what, target, text(old), text(new)))

    def apply(self, change: dict[str, Any]) -> None:
        kind, key, value = change["kind"], json.loads(change["key"])[1:], change["value"]
        getattr(self, f"_{kind}")(change, key, value)

    def _cell(self, practice: str, code: str) -> list[Any]:
        if (practice, code) not in self.cells:
            found = self.conn.execute("SELECT value, note FROM characterization WHERE practice_id = ? AND "
                                      "project_id = ?", (practice, self._project(code))).fetchone()
            old = list(found) if found else [None, None]
            self.cells[(practice, code)] = [*old, *old]
        return self.cells[(practice, code)]

    def _characterization(self, change: dict[str, Any], key: list[str], value: str | None) -> None:
        cell = self._cell(*key)
        self._line(change, " / ".join(key), cell[2], value)
        cell[2], cell[3] = value, (None if value is None else cell[3] or "")
        self._put(key, cell)

    def _note(self, change: dict[str, Any], key: list[str], value: str | None) -> None:
        cell = self._cell(*key)
        if cell[2] is None:
            return  # a note on a cell not characterized here: nothing to hold it
        self._line(change, f"{' / '.join(key)} (note)", cell[3], value or "")
        cell[3] = value or ""
        self._put(key, cell)

    def _put(self, key: list[str], cell: list[Any]) -> None:
        row = None if cell[2] is None else (cell[2], cell[3], self.who, self.at)
        put_value(self.conn, "characterization", {"practice_id": key[0], "project_id": self._project(key[1])},
                  self.aid, row)

    def _rating(self, change: dict[str, Any], key: list[str], value: list[str] | None) -> None:
        practice, code, assessor = key
        pid = self._project(code)
        found = self.conn.execute("SELECT value, note FROM assessor_rating WHERE practice_id = ? AND project_id = ? "
                                  "AND assessor = ?", (practice, pid, assessor)).fetchone()
        old = list(found) if found else [None, None]
        put_value(self.conn, "assessor_rating", {"practice_id": practice, "project_id": pid, "assessor": assessor},
                  self.aid, None if value is None else (value[0], value[1], self.who, self.at))
        self.ratings.append([practice, code, assessor, *old, *(value or [None, None])])
        self._line(change, " / ".join(key), reversal.cell_text(*old), None if value is None else
                   reversal.cell_text(*value))

    def _evidence(self, change: dict[str, Any], key: list[str], value: list[Any] | None) -> None:
        found = self._evidence_id(key)
        target = f"evidence {key[1]}"
        if value is None:
            if found is None:
                return
            row = reversal.row_dict(self.conn, self.aid, "evidence", reversal.EVIDENCE_COLUMNS, found)
            links = [[e, p, code, o] for e, p, code, o in self.conn.execute(
                "SELECT l.evidence_id, l.practice_id, p.code, l.origin FROM evidence_link l JOIN project p ON "
                "p.id = l.project_id WHERE l.evidence_id = ? ORDER BY l.practice_id, p.code", (found,))]
            cited = self.conn.execute("SELECT id FROM finding WHERE evidence_id = ?", (found,)).fetchone()
            if cited is not None:
                return  # a finding here still cites it: the item stays
            self.conn.execute("DELETE FROM evidence_link WHERE evidence_id = ?", (found,))
            self.conn.execute("DELETE FROM evidence WHERE id = ?", (found,))
            assert row is not None
            self.ops["removed"].append({"op": "items", "before": {"items": [list(row.values())], "links": links},
                                        "after": None})
            self._line(change, target, key[2] or key[0], None)
        elif found is None:
            new = self.conn.execute(
                f"INSERT INTO evidence (appraisal_id, kind, title, location, {', '.join(_EVIDENCE)}, imported_from, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (self.aid, *key, *value, "", self.at)).lastrowid
            row = reversal.row_dict(self.conn, self.aid, "evidence", reversal.EVIDENCE_COLUMNS, int(new or 0))
            assert row is not None
            self.added.append(list(row.values()))
            self._line(change, target, None, key[2] or key[0])
        else:
            self.conn.execute(f"UPDATE evidence SET {', '.join(f'{c} = ?' for c in _EVIDENCE)} WHERE id = ?",
                              (*value, found))
            self._line(change, target, None, value[0])

    def _link(self, change: dict[str, Any], key: list[str], value: str | None) -> None:
        evidence = self._evidence_id(key[:3])
        if evidence is None:
            return  # the item is not here (removed on one side): nothing to link
        practice, code = key[3], key[4]
        pid = self._project(code)
        present = self.conn.execute("SELECT origin FROM evidence_link WHERE evidence_id = ? AND practice_id = ? AND "
                                    "project_id = ?", (evidence, practice, pid)).fetchone()
        if (present is not None) == (value is not None):
            return
        if value is None:
            self.conn.execute("DELETE FROM evidence_link WHERE evidence_id = ? AND practice_id = ? AND project_id = ?",
                              (evidence, practice, pid))
            self.links[False].append([evidence, practice, code, present[0]])
        else:
            self.conn.execute("INSERT INTO evidence_link (appraisal_id, evidence_id, practice_id, project_id, origin) "
                              "VALUES (?, ?, ?, ?, ?)", (self.aid, evidence, practice, pid, value))
            self.links[True].append([evidence, practice, code, value])
        self._line(change, f"{practice} / {code}", None if value is not None else key[1],
                   key[1] if value is not None else None)

    def _finding(self, change: dict[str, Any], key: list[str], value: list[Any] | None) -> None:
        local = change.get("local")
        before = None if local is None else reversal.row_dict(self.conn, self.aid, "finding",
                                                              reversal.FINDING_COLUMNS, local)
        if value is None:
            if before is None:
                return
            self.conn.execute("DELETE FROM finding WHERE id = ?", (local,))
            after = None
        else:
            kind, area, practice, text, site, evidence_key, status, by, at = value
            evidence = None if evidence_key is None else self._evidence_id(evidence_key)
            if before is None:
                local = self.conn.execute(
                    "INSERT INTO finding (appraisal_id, kind, area_id, practice_id, text, created_by, created_at, "
                    "site, evidence_id, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (self.aid, kind, area, practice, text, by, at, site, evidence, status)).lastrowid
                self.new_findings[key[0]] = int(local or 0)
            else:
                self.conn.execute("UPDATE finding SET kind = ?, area_id = ?, practice_id = ?, text = ?, site = ?, "
                                  "evidence_id = ?, status = ? WHERE id = ?",
                                  (kind, area, practice, text, site, evidence, status, local))
            after = reversal.row_dict(self.conn, self.aid, "finding", reversal.FINDING_COLUMNS, int(local or 0))
        self.ops["finding"].append({"op": "finding", "before": before, "after": after})
        self._line(change, f"finding #{local}", None if before is None else f"{before['kind']}: {before['text']}",
                   None if after is None else f"{after['kind']}: {after['text']}")

    def _decision(self, change: dict[str, Any], key: list[str], value: list[str] | None) -> None:
        if value is None:
            return  # a decision is never withdrawn by a merge
        kind, target = key
        old = self.conn.execute("SELECT value FROM decision WHERE appraisal_id = ? AND kind = ? AND target = ? "
                                "ORDER BY id DESC LIMIT 1", (self.aid, kind, target)).fetchone()
        new = self.conn.execute("INSERT INTO decision (appraisal_id, kind, target, value, rationale, decided_by, "
                                "decided_at, basis) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                (self.aid, kind, target, *value)).lastrowid
        after = reversal.row_dict(self.conn, self.aid, "decision", reversal.DECISION_COLUMNS, int(new or 0))
        self.ops["decision"].append({"op": "decision", "before": None, "after": after})
        self._line(change, target, None if old is None else old[0], f"{value[0]} — {value[1]}")

    def _member(self, change: dict[str, Any], key: list[str], value: list[str] | None) -> None:
        (name,) = key
        found = self.conn.execute("SELECT name, role, affiliation, licence, position FROM team_member "
                                  "WHERE appraisal_id = ? AND name = ?", (self.aid, name)).fetchone()
        before = None if found is None else dict(zip(reversal.TEAM_COLUMNS, found))
        if found is not None:
            self.conn.execute("DELETE FROM team_member WHERE appraisal_id = ? AND name = ?", (self.aid, name))
        after = None
        if value is not None:
            position = before["position"] if before else self.conn.execute(
                "SELECT coalesce(max(position), -1) + 1 FROM team_member WHERE appraisal_id = ?",
                (self.aid,)).fetchone()[0]
            self.conn.execute("INSERT INTO team_member (appraisal_id, name, role, affiliation, licence, login, "
                              "position) VALUES (?, ?, ?, ?, ?, ?, ?)", (self.aid, name, *value, position))
            after = dict(zip(reversal.TEAM_COLUMNS, (name, *value[:3], position)))
        self.ops["team"].append({"op": "team", "before": before, "after": after})
        self._line(change, "team", None if before is None else name, None if after is None else name)


__all__ = ["MergeWrites", "key_of"]
