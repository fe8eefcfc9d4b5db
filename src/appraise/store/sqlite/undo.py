"""Reversing a recorded change: what each write keeps in the change log, and how it is put back.

Every rating-relevant write stores in its change-log entry (column ``undo``) a JSON
object ``{"ops": [op, ...]}``; each op says what the change did as a *before* and an
*after* state, so reversing it is the same move in both directions: check that the
file still holds *after* (else someone changed it since: refuse), put back *before*,
and record the swapped op, which makes the reversal reversible in turn (redo).

Ops, by ``op``:
- ``characterization``: ``cells`` = [[practice, project, old value, old note, new value, new note], ...]
  (a value None: not characterized);
- ``decision`` and ``finding``: ``before`` / ``after`` = the row as a dict, or None (not there);
- ``assessor_rating``: ``ratings`` = [[practice, project, assessor, old value, old note, new value, new note], ...]
  (a value None: that assessor has no rating of the cell);
- ``link``: ``links`` = [[evidence id, practice, project, origin], ...], ``before`` / ``after`` = linked or not;
- ``evidence``: an import; ``before`` / ``after`` = None or the items (an id range, their links, links it
  added to items already there; the full rows once an undo has read them, so a redo can write them back);
- ``items``: items removed (``evidence remove``, ``import --sync``); ``before`` / ``after`` = None or
  ``{"items": [full rows], "links": [[evidence id, practice, project, origin], ...]}``.
- ``team``: a roster member added or removed (``appraise team``); ``before`` / ``after`` = None or the member
  (name, role, affiliation, licence, position).
- ``merge``: a merge's own rows (``appraise merge``, ``decide --conflict``); ``before`` / ``after`` =
  ``{"forks": [merged fork rows], "conflicts": [merge_conflict rows]}``, each row whole with its id.

Functions here work on the driver's connection inside the caller's transaction and raise
``UsageError`` for a conflict, which rolls the whole transaction back.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from appraise.errors import UsageError
from appraise.store.records import Reversal

DECISION_COLUMNS = ("id", "kind", "target", "value", "rationale", "decided_by", "decided_at", "basis")
FINDING_COLUMNS = ("id", "kind", "area_id", "practice_id", "text", "created_by", "created_at", "site",
                   "evidence_id", "status")
EVIDENCE_COLUMNS = ("id", "kind", "title", "location", "description", "collected_by", "collected_on", "source",
                    "imported_from", "created_at", "channel")
#: (A log entry written before schema 10 has no ``login``: it reads as "".)
TEAM_COLUMNS = ("name", "role", "affiliation", "licence", "position", "login")
#: The whole rows a merge's undo keeps, column by column (op ``merge``): undo writes exactly these columns.
FORK_COLUMNS = ("id", "uid", "kind", "label", "areas", "change_id", "snapshot", "at", "by")
CONFLICT_COLUMNS = ("id", "record", "key", "target", "sides", "status", "value", "rationale", "decided_by",
                    "decided_at", "created_at", "fork_uid")
MERGE_COLUMNS = {"fork": FORK_COLUMNS, "merge_conflict": CONFLICT_COLUMNS}
#: What makes two findings the same for a conflict check (not who wrote it or when).
_FINDING_CONTENT = ("kind", "area_id", "practice_id", "text", "site", "evidence_id", "status")


def quoted(column: str) -> str:
    """A column's name for SQL (``fork.by`` is a keyword in SQL)."""
    return f'"{column}"'


def cell_text(value: str | None, note: str | None) -> str | None:
    """What the change log and a reversal's summary say for a cell's value and note."""
    return None if value is None else value + (f" ({note})" if note else "")


def dumps(*ops: dict[str, Any]) -> str:
    return json.dumps({"ops": list(ops)}, ensure_ascii=False, separators=(",", ":"))


def rename_project(undo: str, old: str, new: str) -> str:
    """The undo data ``undo`` with project ``old`` called ``new`` (a rename keeps every record undoable)."""
    data = json.loads(undo)

    def rename(rows: list[list[Any]], at: int) -> None:
        for row in rows:
            if row[at] == old:
                row[at] = new

    for op in data.get("ops", []):
        if op.get("op") == "characterization":
            rename(op["cells"], 1)
        elif op.get("op") == "assessor_rating":
            rename(op["ratings"], 1)
        elif op.get("op") == "link":
            rename(op["links"], 2)
        for side in ("before", "after"):
            state = op.get(side)
            if not isinstance(state, dict):
                continue
            if op.get("op") in ("evidence", "items"):
                rename(state.get("links", []), 2)
                rename(state.get("item_links", []), 2)
            elif op.get("op") == "finding" and state.get("site") == old:
                state["site"] = new
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def row_dict(raw: sqlite3.Connection, aid: int, table: str, columns: tuple[str, ...],
             row_id: int) -> dict[str, Any] | None:
    found = raw.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE appraisal_id = ? AND id = ?",
                        (aid, row_id)).fetchone()
    return None if found is None else dict(zip(columns, found))


def _changed_by(raw: sqlite3.Connection, aid: int, since: int, *, target: str | None = None,
                what: str | None = None) -> str:
    """Who made the latest change after entry ``since`` to ``target`` (or with ``what`` as a prefix)."""
    sql, params = "SELECT who FROM change_log WHERE appraisal_id = ? AND id > ?", [aid, since]
    if target is not None:
        sql, params = sql + " AND target = ?", [*params, target]
    if what is not None:
        sql, params = sql + " AND (what = ? OR what LIKE ?)", [*params, what, what + " %"]
    found = raw.execute(sql + " ORDER BY id DESC LIMIT 1", params).fetchone()
    return found[0] if found else "someone else"


def _conflict(thing: str, raw: sqlite3.Connection, aid: int, since: int, step: str, **where: str) -> UsageError:
    return UsageError(f"cannot {step}: {thing} was changed since by {_changed_by(raw, aid, since, **where)}; "
                      "nothing was changed")


class _Reverser:
    """Reverses one entry's ops; collects the change-log lines and the swapped ops to record."""

    def __init__(self, raw: sqlite3.Connection, aid: int, entry_id: int, step: str, what: str) -> None:
        self.raw, self.aid, self.entry_id, self.step, self.what = raw, aid, entry_id, step, what
        self.lines: list[tuple[str, str | None, str | None]] = []  # (target, old, new) besides the summary
        self.ops: list[dict[str, Any]] = []

    def characterization(self, op: dict[str, Any]) -> None:
        raw = self.raw
        projects = {code: pid for pid, code in raw.execute("SELECT id, code FROM project WHERE appraisal_id = ?", (self.aid,))}
        cells = op["cells"][::-1]  # newest first: a cell written twice in one call goes back step by step
        for practice, code, old_v, old_n, new_v, new_n in cells:
            target = f"{practice} / {code}"
            pid = projects.get(code)
            if pid is None:
                raise UsageError(f"cannot {self.step}: project {code} is no longer in the appraisal")
            current = raw.execute("SELECT value, note FROM characterization WHERE practice_id = ? AND project_id = ?",
                                  (practice, pid)).fetchone()
            if (None if current is None else tuple(current)) != (None if new_v is None else (new_v, new_n)):
                raise _conflict(target, raw, self.aid, self.entry_id, self.step, target=target)
            if old_v is None:
                raw.execute("DELETE FROM characterization WHERE practice_id = ? AND project_id = ?", (practice, pid))
            else:
                raw.execute(
                    "INSERT INTO characterization (appraisal_id, practice_id, project_id, value, note, updated_by, "
                    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (practice_id, project_id) DO UPDATE SET "
                    "value = excluded.value, note = excluded.note, updated_by = excluded.updated_by, "
                    "updated_at = excluded.updated_at", (self.aid, practice, pid, old_v, old_n, self.who, self.at))
            self.lines.append((target, cell_text(new_v, new_n), cell_text(old_v, old_n)))
        self.ops.append({"op": "characterization",
                         "cells": [[p, c, nv, nn, ov, on] for p, c, ov, on, nv, nn in cells]})

    def assessor_rating(self, op: dict[str, Any]) -> None:
        raw = self.raw
        projects = {code: pid for pid, code in raw.execute("SELECT id, code FROM project WHERE appraisal_id = ?",
                                                           (self.aid,))}
        ratings = op["ratings"][::-1]
        for practice, code, assessor, old_v, old_n, new_v, new_n in ratings:
            target = f"{practice} / {code} / {assessor}"
            pid = projects.get(code)
            if pid is None:
                raise UsageError(f"cannot {self.step}: project {code} is no longer in the appraisal")
            key = (practice, pid, assessor)
            current = raw.execute("SELECT value, note FROM assessor_rating WHERE practice_id = ? AND project_id = ? "
                                  "AND assessor = ?", key).fetchone()
            if (None if current is None else tuple(current)) != (None if new_v is None else (new_v, new_n)):
                raise _conflict(target, raw, self.aid, self.entry_id, self.step, target=target)
            if old_v is None:
                raw.execute("DELETE FROM assessor_rating WHERE practice_id = ? AND project_id = ? AND assessor = ?",
                            key)
            else:
                raw.execute(
                    "INSERT INTO assessor_rating (appraisal_id, practice_id, project_id, assessor, value, note, "
                    "updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (practice_id, project_id, "
                    "assessor) DO UPDATE SET value = excluded.value, note = excluded.note, "
                    "updated_by = excluded.updated_by, updated_at = excluded.updated_at",
                    (self.aid, *key, old_v, old_n, self.who, self.at))
            self.lines.append((target, cell_text(new_v, new_n), cell_text(old_v, old_n)))
        self.ops.append({"op": "assessor_rating",
                         "ratings": [[p, c, a, nv, nn, ov, on] for p, c, a, ov, on, nv, nn in ratings]})

    def decision(self, op: dict[str, Any]) -> None:
        raw, before, after = self.raw, op["before"], op["after"]
        if after is not None:  # withdraw the decision record
            if row_dict(raw, self.aid, "decision", DECISION_COLUMNS, after["id"]) != after:
                raise _conflict(f"the decision on {after['target']}", raw, self.aid, self.entry_id, self.step,
                                target=after["target"])
            later = raw.execute("SELECT decided_by FROM decision WHERE appraisal_id = ? AND kind = ? AND target = ? "
                                "AND id > ? ORDER BY id DESC LIMIT 1",
                                (self.aid, after["kind"], after["target"], after["id"])).fetchone()
            if later is not None:
                raise UsageError(f"cannot {self.step}: {after['target']} was decided again since by {later[0]}; "
                                 "nothing was changed")
            raw.execute("DELETE FROM decision WHERE id = ?", (after["id"],))
        if before is not None:  # restore it: the latest on its target again, as it was
            later = raw.execute("SELECT decided_by FROM decision WHERE appraisal_id = ? AND kind = ? AND target = ? "
                                "AND id > ? ORDER BY id DESC LIMIT 1",
                                (self.aid, before["kind"], before["target"], before["id"])).fetchone()
            if later is not None:
                raise UsageError(f"cannot {self.step}: {before['target']} was decided since by {later[0]}; "
                                 "nothing was changed")
            before = self._insert("decision", DECISION_COLUMNS, before)
        self.ops.append({"op": "decision", "before": after, "after": before})

    def finding(self, op: dict[str, Any]) -> None:
        raw, before, after = self.raw, op["before"], op["after"]
        if after is not None:
            current = row_dict(raw, self.aid, "finding", FINDING_COLUMNS, after["id"])
            if current is None or any(current[k] != after[k] for k in _FINDING_CONTENT):
                raise _conflict(f"finding #{after['id']}", raw, self.aid, self.entry_id, self.step,
                                what=f"finding #{after['id']}")
            if before is None:
                raw.execute("DELETE FROM finding WHERE id = ?", (after["id"],))
            else:
                raw.execute(f"UPDATE finding SET {', '.join(f'{k} = ?' for k in _FINDING_CONTENT)} WHERE id = ?",
                            (*(before[k] for k in _FINDING_CONTENT), after["id"]))
        elif before is not None:  # a deleted finding comes back
            before = self._insert("finding", FINDING_COLUMNS, before)
        self.ops.append({"op": "finding", "before": after, "after": before})

    def team(self, op: dict[str, Any]) -> None:
        raw, before, after = self.raw, op["before"], op["after"]
        name = (after or before)["name"]
        found = raw.execute(f"SELECT {', '.join(TEAM_COLUMNS)} FROM team_member "
                            "WHERE appraisal_id = ? AND name = ?", (self.aid, name)).fetchone()
        expected = None if after is None else {k: after.get(k, "") for k in TEAM_COLUMNS}
        if (dict(zip(TEAM_COLUMNS, found)) if found else None) != expected:
            raise _conflict(f"{name} on the team", raw, self.aid, self.entry_id, self.step, what="team")
        raw.execute("DELETE FROM team_member WHERE appraisal_id = ? AND name = ?", (self.aid, name))
        if before is not None:
            raw.execute(f"INSERT INTO team_member (appraisal_id, {', '.join(TEAM_COLUMNS)}) "
                        f"VALUES (?, {', '.join('?' for _ in TEAM_COLUMNS)})",
                        (self.aid, *(before.get(k, "") for k in TEAM_COLUMNS)))
        self.ops.append({"op": "team", "before": after, "after": before})

    def link(self, op: dict[str, Any]) -> None:
        raw = self.raw
        projects = {code: pid for pid, code in raw.execute("SELECT id, code FROM project WHERE appraisal_id = ?", (self.aid,))}
        for evidence_id, practice, code, origin in op["links"]:
            target = f"{practice} / {code}"
            present = code in projects and raw.execute(
                "SELECT 1 FROM evidence_link WHERE evidence_id = ? AND practice_id = ? AND project_id = ?",
                (evidence_id, practice, projects[code])).fetchone() is not None
            if present != op["after"]:
                raise _conflict(f"the link of evidence #{evidence_id} to {target}", raw, self.aid, self.entry_id, self.step,
                                target=target)
            if op["before"]:
                if raw.execute("SELECT 1 FROM evidence WHERE appraisal_id = ? AND id = ?", (self.aid, evidence_id)).fetchone() is None:
                    raise UsageError(f"cannot {self.step}: evidence item #{evidence_id} was removed since; "
                                     "nothing was changed")
                raw.execute("INSERT INTO evidence_link (appraisal_id, evidence_id, practice_id, project_id, origin) "
                            "VALUES (?, ?, ?, ?, ?)", (self.aid, evidence_id, practice, projects[code], origin))
            else:
                raw.execute("DELETE FROM evidence_link WHERE evidence_id = ? AND practice_id = ? AND project_id = ?",
                            (evidence_id, practice, projects[code]))
        self.ops.append({"op": "link", "links": op["links"], "before": op["after"], "after": op["before"]})

    def evidence(self, op: dict[str, Any]) -> None:
        raw, before, after = self.raw, op["before"], op["after"]
        projects = {code: pid for pid, code in raw.execute("SELECT id, code FROM project WHERE appraisal_id = ?", (self.aid,))}
        codes = {pid: code for code, pid in projects.items()}
        if after is not None:  # remove what the import added, keeping it all for a redo
            lo, hi = after["ids"]
            items = [list(r) for r in raw.execute(
                f"SELECT {', '.join(EVIDENCE_COLUMNS)} FROM evidence WHERE appraisal_id = ? AND id BETWEEN ? AND ? "
                "ORDER BY id", (self.aid, lo, hi))]
            # the import's items are this appraisal's ids in [lo, hi] (a server may have numbered another
            # appraisal's items among them: every read here names the appraisal)
            item_links = [[e, p, codes[pid], o] for e, p, pid, o in raw.execute(
                "SELECT evidence_id, practice_id, project_id, origin FROM evidence_link WHERE appraisal_id = ? "
                "AND evidence_id BETWEEN ? AND ? ORDER BY evidence_id, practice_id, project_id", (self.aid, lo, hi))]
            expected_links = after.get("item_links")
            same_links = (len(item_links) == after["item_link_count"] if expected_links is None
                          else sorted(map(tuple, item_links)) == sorted(map(tuple, expected_links)))
            if len(items) != after.get("count", hi - lo + 1) or not same_links:
                raise _conflict(f"the evidence this import added (items #{lo}-#{hi})", raw, self.aid, self.entry_id,
                                self.step, what="evidence")
            cited = raw.execute("SELECT id, evidence_id FROM finding WHERE appraisal_id = ? AND evidence_id "
                                "BETWEEN ? AND ? ORDER BY id", (self.aid, lo, hi)).fetchone()
            if cited is not None:
                raise UsageError(f"cannot {self.step}: finding #{cited[0]} cites evidence item #{cited[1]} of this "
                                 "import; nothing was changed")
            for evidence_id, practice, code, _origin in after["links"]:
                if code not in projects or raw.execute(
                        "DELETE FROM evidence_link WHERE evidence_id = ? AND practice_id = ? AND project_id = ?",
                        (evidence_id, practice, projects[code])).rowcount != 1:
                    raise _conflict(f"the link of evidence #{evidence_id} to {practice} / {code}", raw,
                                    self.aid, self.entry_id, self.step, target=f"{practice} / {code}")
            raw.execute("DELETE FROM evidence WHERE appraisal_id = ? AND id BETWEEN ? AND ?", (self.aid, lo, hi))  # their links go with them
            after = {"ids": [lo, hi], "count": len(items), "items": items, "item_links": item_links,
                     "item_link_count": len(item_links), "links": after["links"]}
        if before is not None:  # write the items back, with the same ids
            lo, hi = before["ids"]
            mine = {item[0] for item in before["items"]}
            taken = next((i for (i,) in raw.execute("SELECT id FROM evidence WHERE id BETWEEN ? AND ? ORDER BY id",
                                                    (lo, hi)) if i in mine), None)
            if taken is not None:
                raise UsageError(f"cannot {self.step}: evidence item #{taken} was added since; nothing was changed")
            raw.executemany(f"INSERT INTO evidence (appraisal_id, {', '.join(EVIDENCE_COLUMNS)}) VALUES "
                            f"({', '.join('?' * (len(EVIDENCE_COLUMNS) + 1))})",
                            # an item kept by an undo before schema 7 has no channel
                            ([self.aid, *item, *[""] * (len(EVIDENCE_COLUMNS) - len(item))]
                             for item in before["items"]))
            for evidence_id, practice, code, origin in [*before["item_links"], *before["links"]]:
                if code not in projects:
                    raise UsageError(f"cannot {self.step}: project {code} is no longer in the appraisal")
                if not raw.execute("INSERT INTO evidence_link (appraisal_id, evidence_id, practice_id, project_id, "
                                   "origin) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                                   (self.aid, evidence_id, practice, projects[code], origin)).rowcount:
                    raise _conflict(f"the link of evidence #{evidence_id} to {practice} / {code}", raw,
                                    self.aid, self.entry_id, self.step, target=f"{practice} / {code}")
        self.ops.append({"op": "evidence", "before": after, "after": before})

    def items(self, op: dict[str, Any]) -> None:
        """Items removed come back with their ids and links; items put back are removed again."""
        raw, before, after = self.raw, op["before"], op["after"]
        projects = {code: pid for pid, code in raw.execute("SELECT id, code FROM project WHERE appraisal_id = ?",
                                                           (self.aid,))}
        if after is not None:  # remove them again: only if they are as they were put back
            ids = [item[0] for item in after["items"]]
            for item in after["items"]:
                if row_dict(raw, self.aid, "evidence", EVIDENCE_COLUMNS, item[0]) != dict(zip(EVIDENCE_COLUMNS, item)):
                    raise _conflict(f"evidence item #{item[0]}", raw, self.aid, self.entry_id, self.step,
                                    what="evidence")
            for at in range(0, len(ids), 500):  # a statement takes a bounded number of parameters
                part = ids[at:at + 500]
                marks = ", ".join("?" * len(part))
                cited = raw.execute(f"SELECT id, evidence_id FROM finding WHERE evidence_id IN ({marks})",
                                    part).fetchone()
                if cited is not None:
                    raise UsageError(f"cannot {self.step}: finding #{cited[0]} cites evidence item #{cited[1]}; "
                                     "nothing was changed")
                raw.execute(f"DELETE FROM evidence_link WHERE evidence_id IN ({marks})", part)
                raw.execute(f"DELETE FROM evidence WHERE appraisal_id = ? AND id IN ({marks})", (self.aid, *part))
        if before is not None:  # write them back, with the same ids and links
            for item in before["items"]:
                taken = raw.execute("SELECT kind, title FROM evidence WHERE appraisal_id = ? AND (id = ? OR "
                                    "(kind = ? AND title = ? AND location = ?))",
                                    (self.aid, item[0], item[1], item[2], item[3])).fetchone()
                if taken is not None:
                    raise UsageError(f"cannot {self.step}: evidence item #{item[0]} ({item[2]}) or one like it was "
                                     "added since; nothing was changed")
            raw.executemany(f"INSERT INTO evidence (appraisal_id, {', '.join(EVIDENCE_COLUMNS)}) VALUES "
                            f"({', '.join('?' * (len(EVIDENCE_COLUMNS) + 1))})",
                            ([self.aid, *item] for item in before["items"]))
            for evidence_id, practice, code, origin in before["links"]:
                if code not in projects:
                    raise UsageError(f"cannot {self.step}: project {code} is no longer in the appraisal")
                raw.execute("INSERT INTO evidence_link (appraisal_id, evidence_id, practice_id, project_id, origin) "
                            "VALUES (?, ?, ?, ?, ?)", (self.aid, evidence_id, practice, projects[code], origin))
        self.ops.append({"op": "items", "before": after, "after": before})

    def merge(self, op: dict[str, Any]) -> None:
        """A merge's own rows (``fork`` merged rows, ``merge_conflict`` rows): ``after``'s are removed, only if still
        as written, and ``before``'s put back with their ids (a conflict decided goes back to pending)."""
        raw, before, after = self.raw, op["before"], op["after"]
        for table, rows in (("fork", [*before["forks"], *after["forks"]]),
                            ("merge_conflict", [*before["conflicts"], *after["conflicts"]])):
            if any(tuple(row) != MERGE_COLUMNS[table] for row in rows):  # its columns name SQL: only ours
                raise UsageError(f"cannot {self.step}: the change log's record of this merge is not one appraise "
                                 "wrote; nothing was changed")
        for table, rows in (("fork", after["forks"]), ("merge_conflict", after["conflicts"])):
            for row in rows:
                found = raw.execute(f"SELECT {', '.join(map(quoted, row))} FROM {table} WHERE appraisal_id = ? AND "
                                    "id = ?", (self.aid, row["id"])).fetchone()
                if found is None or dict(zip(row, found)) != row:
                    thing = f"conflict #{row['id']}" if table == "merge_conflict" else f"the merge of {row['label']}"
                    raise UsageError(f"cannot {self.step}: {thing} changed since (merged or decided again); "
                                     "nothing was changed")
                raw.execute(f"DELETE FROM {table} WHERE id = ?", (row["id"],))
        for table, rows in (("fork", before["forks"]), ("merge_conflict", before["conflicts"])):
            for row in rows:
                raw.execute(f"INSERT INTO {table} (appraisal_id, {', '.join(map(quoted, row))}) VALUES "
                            f"({', '.join('?' * (len(row) + 1))})", (self.aid, *row.values()))
        self.ops.append({"op": "merge", "before": after, "after": before})

    def _insert(self, table: str, columns: tuple[str, ...], row: dict[str, Any]) -> dict[str, Any]:
        """Write ``row`` back with its id when that is free, else with a new one; returns it as written."""
        taken = self.raw.execute(f"SELECT 1 FROM {table} WHERE id = ?", (row["id"],)).fetchone() is not None
        names = columns[1:] if taken else columns
        cur = self.raw.execute(f"INSERT INTO {table} (appraisal_id, {', '.join(names)}) "
                               f"VALUES ({', '.join('?' * (len(names) + 1))})", (self.aid, *(row[k] for k in names)))
        return {**row, "id": cur.lastrowid}

    def run(self, who: str, at: str, data: dict[str, Any]) -> None:
        self.who, self.at = who, at
        for op in data["ops"]:
            if op.get("op") not in _OPS:  # written by a newer appraise
                raise UsageError(f"this version of appraise cannot {self.step} a change of kind {op.get('op')!r}: "
                                 "upgrade appraise; nothing was changed")
            getattr(self, op["op"])(op)


_OPS = ("characterization", "assessor_rating", "decision", "finding", "link", "evidence", "items", "team", "merge")


def base_what(what: str) -> str:
    """What the change was, without the ``undo:`` / ``redo:`` of earlier reversals."""
    while what.startswith(("undo: ", "redo: ")):
        what = what[6:]
    return what


def reverse(raw: sqlite3.Connection, aid: int, entry_id: int, step: str, who: str, at: str) -> Reversal:
    """Reverse change-log entry ``entry_id`` (``step``: "undo" or "redo", as the log will say) and record it."""
    found = raw.execute("SELECT what, target, old, new, undo FROM change_log WHERE appraisal_id = ? AND id = ?",
                        (aid, entry_id)).fetchone()
    if found is None or not found[4]:
        raise UsageError(f"change #{entry_id} recorded nothing to reverse it with: it cannot be {step}ne")
    what, target, old, new, data = found
    if raw.execute("SELECT 1 FROM change_log WHERE undoes = ?", (entry_id,)).fetchone() is not None:
        raise UsageError(f"cannot {step}: this change ({base_what(what)} [{target}]) was reversed already, "
                         "maybe in another window; nothing was changed")
    reverser = _Reverser(raw, aid, entry_id, step, what)
    reverser.run(who, at, json.loads(data))
    label = f"{step}: {base_what(what)}"
    lines = reverser.lines or [(target, new, old)]
    rows = [(aid, at, who, label, t, o, n, "", None) for t, o, n in lines]
    rows[-1] = (*rows[-1][:7], dumps(*reverser.ops), entry_id)
    raw.executemany("INSERT INTO change_log (appraisal_id, at, who, what, target, old, new, undo, undoes) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows[:-1])
    entry = raw.execute("INSERT INTO change_log (appraisal_id, at, who, what, target, old, new, undo, undoes) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows[-1]).lastrowid
    assert entry is not None
    if len(lines) == 1:
        return Reversal(step, base_what(what), lines[0][0], lines[0][1], lines[0][2], entry)
    ratings = any(op["op"] == "assessor_rating" for op in reverser.ops)
    return Reversal(step, base_what(what), f"{len(lines)} {'ratings and cells' if ratings else 'cells'}",
                    None, None, entry)
