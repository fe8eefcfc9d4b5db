"""Moving one appraisal between databases whole: every row of it read out (``dump``) and written into another
database (``insert_dump``), a file or a team's PostgreSQL server (``appraise push`` / ``appraise pull``).

The dump is the appraisal's own rows of every table, as dicts (column -> value), in id / key order. Writing
it into a new file keeps every id (``keep_ids=True``); into a database that holds other appraisals every id is
new and every reference follows (``keep_ids=False``): the projects' ids in links, characterizations, assessor
ratings and suggestions; the evidence items' ids in links, findings and the undo data; the decisions' and
findings' ids in the undo data; ``change_log.undoes``; a copy's fork position (``fork.change_id`` of its
``base`` row) and the finding ids in the forks' snapshots. New ids are taken in the old ids' order (rows are
written in that order and read back by id), so what an undo compares by order ("decided again since", "changed
since") still holds. Ids the undo data names of rows removed since (an import undone, a decision withdrawn) get
new ids too: placeholder rows are written in their place and removed again, so a redo finds its ids free.

Portable SQL only (contract.md): ``?`` placeholders, no SQLite-only statements; run inside the caller's write
transaction (``conn``: the driver connection, or the PostgreSQL store's adapter of it).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from appraise.errors import StoreError

#: The appraisal's tables in the order they are written (a row's references are written before it), each with
#: the columns its dump is ordered by.
TABLES: tuple[tuple[str, str], ...] = (
    ("appraisal", "id"),
    ("scope_area", "position, area_id"),
    ("project", "id"),
    ("setting", "key"),
    ("team_member", "id"),
    ("evidence", "id"),
    ("evidence_link", "evidence_id, practice_id, project_id"),
    ("characterization", "practice_id, project_id"),
    ("assessor_rating", "practice_id, project_id, assessor"),
    ("decision", "id"),
    ("finding", "id"),
    ("suggestion", "id"),
    ("change_log", "id"),
    ("fork", "id"),
    ("merge_conflict", "id"),
)
#: Tables whose ids the undo data names, also of rows no longer there: their ids are taken over a whole range.
_RANGED = ("evidence", "decision", "finding")
#: A statement takes a bounded number of parameters.
_CHUNK = 500


@dataclass
class AppraisalDump:
    """Every row of one appraisal: table -> rows (column -> value), in id / key order."""

    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def appraisal(self) -> dict[str, Any]:
        return self.tables["appraisal"][0]


def columns() -> dict[str, list[str]]:
    """Each table's columns, from the one definition of the tables (``appraise.store.models``)."""
    from appraise.store.models import SQLModel

    return {name: [c.name for c in SQLModel.metadata.tables[name].columns] for name, _order in TABLES}


def dump(store: Any) -> AppraisalDump:
    """Every row of the appraisal ``store`` is bound to (its ``dump_rows``, read in one snapshot)."""
    reader = getattr(store, "dump_rows", None)
    if reader is None:
        raise StoreError(f"{store.path}: this store cannot copy its appraisal out")
    tables = reader(columns())
    if len(tables.get("appraisal", ())) != 1:
        raise StoreError(f"{store.path}: the appraisal record is missing")
    return AppraisalDump(tables)


def insert_dump(conn: Any, dump: AppraisalDump, *, keep_ids: bool) -> int:
    """Write ``dump`` into the database of ``conn`` (inside the caller's write transaction); return the new
    appraisal's id. ``keep_ids``: every id as it was (a new, empty file); else every id new, references following."""
    if keep_ids:
        for table, _order in TABLES:
            _insert_rows(conn, table, dump.tables.get(table, []))
        return int(dump.appraisal["id"])
    return _Remap(conn, dump).run()


def _insert_rows(conn: Any, table: str, rows: Sequence[dict[str, Any]], skip: Sequence[str] = ()) -> None:
    if not rows:
        return
    names = [k for k in rows[0] if k not in skip]
    sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    conn.executemany(sql, [tuple(row[k] for k in names) for row in rows])


class _Remap:
    """One dump written with new ids: old id -> new id per table, the references rewritten with them."""

    def __init__(self, conn: Any, dump: AppraisalDump) -> None:
        self.conn, self.dump = conn, dump
        self.ids: dict[str, dict[int, int]] = {}
        self.undo = [json.loads(r["undo"]) if r.get("undo") else None for r in dump.tables.get("change_log", [])]

    def rows(self, table: str) -> list[dict[str, Any]]:
        return self.dump.tables.get(table, [])

    def run(self) -> int:
        conn, aid = self.conn, None
        appraisal = {k: v for k, v in self.dump.appraisal.items() if k != "id"}
        names = list(appraisal)
        aid = conn.execute(f"INSERT INTO appraisal ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                           tuple(appraisal[k] for k in names)).lastrowid
        if aid is None:
            raise StoreError("the database gave the appraisal no id")
        self.aid = int(aid)
        own = {"appraisal_id": self.aid}
        for table in ("scope_area", "setting"):
            _insert_rows(conn, table, [{**r, **own} for r in self.rows(table)])
        self.ids["project"] = self._with_new_ids("project", [{**r, **own} for r in self.rows("project")])
        self._with_new_ids("team_member", [{**r, **own} for r in self.rows("team_member")])
        self._ranged("evidence", self._evidence_ids(), lambda r: r)
        ev, pr = self.ids["evidence"], self.ids["project"]
        _insert_rows(conn, "evidence_link", [{**r, **own, "evidence_id": ev[r["evidence_id"]],
                                              "project_id": pr[r["project_id"]]} for r in self.rows("evidence_link")])
        for table in ("characterization", "assessor_rating"):
            _insert_rows(conn, table, [{**r, **own, "project_id": pr[r["project_id"]]} for r in self.rows(table)])
        self._ranged("decision", self._undo_ids("decision"), lambda r: r)
        self._ranged("finding", self._undo_ids("finding"), lambda r: {**r, "evidence_id": self._evidence(
            r["evidence_id"])})
        self._with_new_ids("suggestion", [{**r, **own, "project_id": pr[r["project_id"]]}
                                          for r in self.rows("suggestion")])
        self._change_log()
        log = self.ids["change_log"]
        # the merges' own rows, also those only their undo data names (a merge undone), ids in order
        self._ranged("fork", self._merge_ids("forks"), self._fork_row)
        self._ranged("merge_conflict", self._merge_ids("conflicts"), lambda r: r)
        self._merge_undo()
        conn.executemany("UPDATE change_log SET undoes = ? WHERE id = ?",
                         [(log[r["undoes"]], log[r["id"]]) for r in self.rows("change_log")
                          if r["undoes"] is not None and r["undoes"] in log])
        return self.aid

    # -- ids -----------------------------------------------------------------------------------
    def _with_new_ids(self, table: str, rows: list[dict[str, Any]]) -> dict[int, int]:
        """Write ``rows`` (in id order) with new ids; old id -> new id, read back in id order."""
        _insert_rows(self.conn, table, rows, skip=("id",))
        new = [r[0] for r in self.conn.execute(f"SELECT id FROM {table} WHERE appraisal_id = ? ORDER BY id",
                                               (self.aid,)).fetchall()]
        if len(new) != len(rows):
            raise StoreError(f"the {table} rows written are not those read: nothing was changed")
        self.ids[table] = dict(zip((int(r["id"]) for r in rows), new))
        return self.ids[table]

    def _ranged(self, table: str, named: set[int], fix: Any) -> None:
        """Write ``table``'s rows with new ids taken over the whole range of the ids the rows and the undo data
        name, in order (placeholders for ids no row has, removed again), so ids keep their order and a range of
        them (an import's items) stays a range."""
        rows = {int(r["id"]): r for r in self.rows(table)}
        every = set(rows) | named
        if not every:
            self.ids[table] = {}
            return
        blank = self._blank(table)
        lo, hi = min(every), max(every)
        written = [{**fix(rows[i]), "appraisal_id": self.aid} if i in rows
                   else {**blank, "id": i, **self._placeholder(table, i)} for i in range(lo, hi + 1)]
        mapping = self._with_new_ids(table, written)
        ghosts = [mapping[i] for i in range(lo, hi + 1) if i not in rows]
        for at in range(0, len(ghosts), _CHUNK):
            part = ghosts[at:at + _CHUNK]
            self.conn.execute(f"DELETE FROM {table} WHERE appraisal_id = ? AND id IN ({', '.join('?' * len(part))})",
                              (self.aid, *part))

    def _blank(self, table: str) -> dict[str, Any]:
        from appraise.store.models import SQLModel

        cols = SQLModel.metadata.tables[table].columns
        return {c.name: None if c.nullable else (0 if c.type.python_type is int else "") for c in cols}

    def _placeholder(self, table: str, old: int) -> dict[str, Any]:
        marks = {"appraisal_id": self.aid}
        if table == "evidence":  # the item key is unique
            marks["title"] = f"(placeholder of item #{old} while copying)"
        elif table == "fork":  # so is a fork's (uid, kind)
            marks["uid"] = f"(placeholder of fork #{old} while copying)"
        return marks

    def _snapshot(self, text: str) -> str:
        """A fork's snapshot with the findings' ids here renumbered: the keys of a copy's ``finding_ids`` (finding
        id -> its identity) and the values of a merged copy's ``finding_map`` (identity -> finding id here)."""
        try:
            data = json.loads(text) if text else None
        except ValueError:
            return text
        if not isinstance(data, dict) or not ({"finding_ids", "finding_map"} & set(data)):
            return text
        found = self.ids["finding"]

        def new(old: Any) -> Any:
            return found.get(int(old), old) if str(old).isdigit() else old

        if isinstance(data.get("finding_ids"), dict):
            data["finding_ids"] = {str(new(k)): v for k, v in data["finding_ids"].items()}
        if isinstance(data.get("finding_map"), dict):
            data["finding_map"] = {k: new(v) for k, v in data["finding_map"].items()}
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    def _evidence(self, old: int | None) -> int | None:
        return None if old is None else self.ids["evidence"].get(int(old), old)

    def _position(self, change_id: int) -> int:
        """A change-log position (the last entry at that point) in new ids."""
        before = [new for old, new in self.ids["change_log"].items() if old <= change_id]
        return max(before, default=0)

    def _evidence_ids(self) -> set[int]:
        """The evidence ids findings and the undo data name (also of items no longer there)."""
        found = {int(r["evidence_id"]) for r in self.rows("finding") if r.get("evidence_id") is not None}
        for op in self._ops():
            kind = op.get("op")
            if kind == "link":
                found.update(int(link[0]) for link in op["links"])
            elif kind in ("evidence", "items"):
                for state in (op.get("before"), op.get("after")):
                    if isinstance(state, dict):
                        if "ids" in state:
                            found.update(range(int(state["ids"][0]), int(state["ids"][1]) + 1))
                        found.update(int(item[0]) for item in state.get("items", []))
                        found.update(int(link[0]) for key in ("links", "item_links") for link in state.get(key, []))
            elif kind == "finding":
                found.update(int(s["evidence_id"]) for s in (op.get("before"), op.get("after"))
                             if isinstance(s, dict) and s.get("evidence_id") is not None)
        return found

    def _undo_ids(self, kind: str) -> set[int]:
        return {int(s["id"]) for op in self._ops() if op.get("op") == kind
                for s in (op.get("before"), op.get("after")) if isinstance(s, dict) and s.get("id") is not None}

    def _fork_row(self, r: dict[str, Any]) -> dict[str, Any]:
        """A fork row as written here: its snapshot's finding ids, a copy's base position in this change log."""
        return {**r, "snapshot": self._snapshot(r["snapshot"]),
                "change_id": self._position(r["change_id"]) if r["kind"] == "base" else r["change_id"]}

    def _merge_ids(self, key: str) -> set[int]:
        """The ids of the fork (``forks``) or conflict (``conflicts``) rows the merges' undo data holds."""
        return {int(row["id"]) for op in self._ops() if op.get("op") == "merge"
                for side in ("before", "after") if isinstance(op.get(side), dict) for row in op[side].get(key, [])}

    def _merge_undo(self) -> None:
        """The merges' undo data names their fork and conflict rows whole, with their ids: once those rows have their
        ids here, each such entry's undo is written again with the rows as they are written here."""
        log = self.ids["change_log"]
        for r, data in zip(self.rows("change_log"), self.undo):
            merges = [op for op in (data or {}).get("ops", []) if op.get("op") == "merge"]
            if not merges:
                continue
            for op in merges:
                for side in ("before", "after"):
                    state = op.get(side)
                    if isinstance(state, dict):
                        state["forks"] = [{**self._fork_row(row), "id": self.ids["fork"][int(row["id"])]}
                                          for row in state.get("forks", [])]
                        state["conflicts"] = [{**row, "id": self.ids["merge_conflict"][int(row["id"])]}
                                              for row in state.get("conflicts", [])]
            self.conn.execute("UPDATE change_log SET undo = ? WHERE id = ?",
                              (json.dumps(data, ensure_ascii=False, separators=(",", ":")), log[int(r["id"])]))

    def _ops(self) -> Iterable[dict[str, Any]]:
        for data in self.undo:
            if data:
                yield from data.get("ops", [])

    # -- the change log ---------------------------------------------------------------------------
    def _change_log(self) -> None:
        rows = [{**r, "appraisal_id": self.aid, "undoes": None,
                 "undo": self._undo_text(data) if data else r["undo"]}
                for r, data in zip(self.rows("change_log"), self.undo)]
        self._with_new_ids("change_log", rows)

    def _undo_text(self, data: dict[str, Any]) -> str:
        for op in data.get("ops", []):
            self._remap_op(op)
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    def _remap_op(self, op: dict[str, Any]) -> None:
        ev, kind = self.ids["evidence"], op.get("op")

        def links(rows: list[list[Any]]) -> None:
            for link in rows:
                link[0] = ev[int(link[0])]

        if kind == "link":
            links(op["links"])
        for side in ("before", "after"):
            state = op.get(side)
            if not isinstance(state, dict):
                continue
            if kind in ("evidence", "items"):
                for key in ("links", "item_links"):
                    links(state.get(key, []))
                for item in state.get("items", []):
                    item[0] = ev[int(item[0])]
                if "ids" in state:  # the import's items: this appraisal's ids in the range, ``count`` of them
                    lo, hi = (int(i) for i in state["ids"])
                    if lo <= hi:
                        state.setdefault("count", hi - lo + 1)  # written before a server could number among them
                        state["ids"] = [ev[lo], ev[hi]]
            elif kind in ("decision", "finding"):
                state["id"] = self.ids[kind][int(state["id"])]
                if kind == "finding" and state.get("evidence_id") is not None:
                    state["evidence_id"] = self._evidence(state["evidence_id"])


__all__ = ["TABLES", "AppraisalDump", "columns", "dump", "insert_dump"]
