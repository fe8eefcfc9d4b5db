"""Writing a merge's records (``appraise.store.sqlite.merge``): the value each record takes, inside the merge's
transaction, with its change-log rows and what undoes them all (one undo step)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from appraise.errors import UsageError
from appraise.store.sqlite import undo as reversal
from appraise.store.sqlite.writes import put_value

if TYPE_CHECKING:
    from appraise.store.sqlite.writes import SqliteWrites

#: An evidence item's record: what it says besides its key.
EVIDENCE_FIELDS = ("description", "collected_by", "collected_on", "source", "channel")

#: The order a merge writes records in: items before their links and the findings citing them.
WRITE_ORDER = ("evidence", "characterization", "note", "rating", "decision", "finding", "link", "member")


class RecordWriter:
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
        #: Items whose fields changed: (id, the row and its links before, the row after).
        self.updated: list[tuple[int, dict[str, Any], list[list[Any]], dict[str, Any]]] = []
        self.new_findings: dict[str, int] = {}
        self._current: dict[tuple[str, str], list[Any]] | None = None
        #: The undo op of the merge's own rows (its ``fork`` and ``merge_conflict`` rows), set by the caller.
        self.own_rows: dict[str, Any] | None = None

    def write_log(self, store: SqliteWrites) -> int | None:
        """Write the change-log rows; the last one holds what undoes every record changed (one undo step)."""
        self.flush_cells()
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
        # an item reworded: taken out and put back as it was, after its links are undone (and redone before it)
        ops += [{"op": "items", "before": {"items": [list(was.values())], "links": links},
                 "after": {"items": [list(now.values())], "links": self._links_of(found)}}
                for found, was, links, now in self.updated]
        own = [self.own_rows] if self.own_rows else []
        return own + [op for op in [*ops, *self.ops["team"]] if op.get("cells") or op.get("ratings") or
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
        kind, value = change["kind"], change["value"]
        key = change.get("parts") or json.loads(change["key"])[1:]
        getattr(self, f"_{kind}")(change, key, value)

    def preload_cells(self) -> None:
        """Read every cell at once (a merge of many): the cells it writes are then written in one batch."""
        codes = {pid: code for code, pid in self.projects.items()}
        self._current = {(p, codes[pid]): [v, n] for p, pid, v, n in self.conn.execute(
            "SELECT practice_id, project_id, value, note FROM characterization WHERE appraisal_id = ?", (self.aid,))}

    def _cell(self, practice: str, code: str) -> list[Any]:
        if (practice, code) not in self.cells:
            if self._current is not None:
                old = self._current.get((practice, code), [None, None])
            else:
                found = self.conn.execute("SELECT value, note FROM characterization WHERE practice_id = ? AND "
                                          "project_id = ?", (practice, self._project(code))).fetchone()
                old = list(found) if found else [None, None]
            self._project(code)
            self.cells[(practice, code)] = [*old, *old]
        return self.cells[(practice, code)]

    def flush_cells(self) -> None:
        """Write the cells that changed: one statement batch for the values, one for the cells cleared."""
        changed = [(k, v) for k, v in self.cells.items() if v[:2] != v[2:]]
        self.conn.executemany(
            "INSERT INTO characterization (appraisal_id, practice_id, project_id, value, note, updated_by, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (practice_id, project_id) DO UPDATE SET value = excluded.value, "
            "note = excluded.note, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
            [(self.aid, p, self.projects[c], v[2], v[3], self.who, self.at) for (p, c), v in changed
             if v[2] is not None])
        self.conn.executemany("DELETE FROM characterization WHERE practice_id = ? AND project_id = ?",
                              [(p, self.projects[c]) for (p, c), v in changed if v[2] is None])

    def _characterization(self, change: dict[str, Any], key: list[str], value: str | None) -> None:
        cell = self._cell(*key)
        self._line(change, " / ".join(key), cell[2], value)
        cell[2], cell[3] = value, (None if value is None else cell[3] or "")

    def _note(self, change: dict[str, Any], key: list[str], value: str | None) -> None:
        cell = self._cell(*key)
        if cell[2] is None:
            return  # a note on a cell not characterized here: nothing to hold it
        self._line(change, f"{' / '.join(key)} (note)", cell[3], value or "")
        cell[3] = value or ""

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
            links = self._links_of(found)
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
                f"INSERT INTO evidence (appraisal_id, kind, title, location, {', '.join(EVIDENCE_FIELDS)}, imported_from, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (self.aid, *key, *value, "", self.at)).lastrowid
            row = reversal.row_dict(self.conn, self.aid, "evidence", reversal.EVIDENCE_COLUMNS, int(new or 0))
            assert row is not None
            self.added.append(list(row.values()))
            self._line(change, target, None, key[2] or key[0])
        else:  # undone as the item taken out and put back as it was, its links with it (an ``items`` op)
            before = reversal.row_dict(self.conn, self.aid, "evidence", reversal.EVIDENCE_COLUMNS, found)
            links = self._links_of(found)
            self.conn.execute(f"UPDATE evidence SET {', '.join(f'{c} = ?' for c in EVIDENCE_FIELDS)} WHERE id = ?",
                              (*value, found))
            after = reversal.row_dict(self.conn, self.aid, "evidence", reversal.EVIDENCE_COLUMNS, found)
            assert before is not None and after is not None
            if before != after:
                self.updated.append((found, before, links, after))
            self._line(change, target, before["description"], value[0])

    def _links_of(self, evidence: int) -> list[list[Any]]:
        return [[e, p, code, o] for e, p, code, o in self.conn.execute(
            "SELECT l.evidence_id, l.practice_id, p.code, l.origin FROM evidence_link l JOIN project p ON "
            "p.id = l.project_id WHERE l.evidence_id = ? ORDER BY l.practice_id, p.code", (evidence,))]

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
        found = self.conn.execute(f"SELECT {', '.join(reversal.TEAM_COLUMNS)} FROM team_member "
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
            after = dict(zip(reversal.TEAM_COLUMNS, (name, *value[:3], position, value[3])))
        self.ops["team"].append({"op": "team", "before": before, "after": after})
        self._line(change, "team", None if before is None else name, None if after is None else name)


__all__ = ["EVIDENCE_FIELDS", "WRITE_ORDER", "RecordWriter"]
