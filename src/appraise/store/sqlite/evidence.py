"""The SQLite store's evidence writes: links, a bulk import in chunks, removals, findings from a file, reuse
suggestions.

An import of a million rows is one transaction: the items are written ``CHUNK`` rows per ``executemany``
(memory stays flat), their ids given by the database (``_insert_items``), then the
links, each once (the link's key; ``ON CONFLICT DO NOTHING``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from appraise.errors import StoreError, UsageError
from appraise.store.records import NewEvidence
from appraise.store.sqlite import connection
from appraise.store.sqlite import undo as reversal
from appraise.store.sqlite.writes import SqliteWrites

#: How many evidence rows one ``executemany`` writes: memory stays flat however large the import.
CHUNK = 5000
#: How many ids one ``IN (...)`` names (SQLite bounds a statement's parameters).
CHUNK_IDS = 500


def _chunks(rows: Iterable[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class EvidenceWrites(SqliteWrites):
    """Evidence items, their links and reuse suggestions, each call one transaction."""

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
                entry = self._log(conn, connection.now(), who, "evidence linked" if link else "evidence unlinked",
                                  f"{practice} / {project}", None if link else f"#{evidence_id}",
                                  f"#{evidence_id}" if link else None, undo)
        if changed:
            self.written.append(entry)
        return bool(changed)

    def import_evidence(self, items: Iterable[NewEvidence], links: Iterable[tuple[int, str, str]],
                        imported_from: str, who: str, remove: Sequence[int] = ()) -> tuple[int, int]:
        """Write new evidence items and links in one transaction, in chunks (memory stays flat).

        ``remove``: ids of items to remove in the same transaction (``import --sync``: items of an earlier
        import of this file that it no longer holds), their links with them; one undo puts both back.

        ``links`` are (index into ``items`` or, when negative, ``-existing id``, practice id, project code);
        both may be iterators, ``items`` read to its end before the first link. Item ids come from the
        database a chunk at a time (``_insert_items``: SQLite numbers them consecutively under the write lock, a
        server says which with RETURNING). An item already in the appraisal (its key) refuses the import.
        Returns (items added, links added).
        """
        at = connection.now()
        aid = self.appraisal_id
        added_items = 0
        added_links = 0
        entry = None
        with self._write("the evidence") as conn:
            removed = _remove_items(conn, aid, remove, self.path) if remove else None
            projects = self._project_ids(conn)
            ids: list[Sequence[int]] = []  # the new items' ids, a chunk at a time (every chunk but the last full)
            for chunk in _chunks(items):
                ids.append(self._insert_items(conn, [(
                    aid, e.kind, e.title, e.location, e.description, e.collected_by, e.collected_on, e.source,
                    imported_from, at, e.channel) for e in chunk]))
                added_items += len(chunk)
            size = len(ids[0]) if ids else 1
            codes = {pid: code for code, pid in projects.items()}
            reused: set[tuple[int, str, int]] = set()  # links to items already there: an undo removes these
            link_insert = ("INSERT INTO evidence_link (appraisal_id, evidence_id, practice_id, project_id) "
                           "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")
            for chunk in _chunks(links):
                rows = []
                for ref, practice, code in chunk:
                    pid = projects[code]
                    if ref >= 0:
                        rows.append((aid, ids[ref // size][ref % size], practice, pid))
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
            if added_items or added_links or removed:
                spans = [(c.start, c[-1]) if isinstance(c, range) else (min(c), max(c)) for c in ids]
                lo, hi = (min(s[0] for s in spans), max(s[1] for s in spans)) if spans else (0, -1)
                ops = [{"op": "evidence", "before": None, "after": {
                    "ids": [lo, hi], "count": added_items, "item_link_count": added_links - len(reused_new),
                    "links": [[e, practice, code, ""] for e, practice, code in reused_new]}}]
                if not added_items and not added_links:
                    ops = []
                if removed:
                    ops.append(removed)
                gone = f", {len(remove)} removed" if removed else ""
                entry = self._log(conn, at, who, "evidence imported", imported_from, None,
                                  f"{added_items} items, {added_links} links{gone}", reversal.dumps(*ops))
        if entry is not None:
            self.written.append(entry)
        return added_items, added_links

    def _insert_items(self, conn: Any, rows: list[tuple[Any, ...]]) -> Sequence[int]:
        """Write one chunk of evidence rows; their ids in order. SQLite numbers them consecutively under the write
        lock (checked: say so rather than mislink); a server numbers them as it likes (RETURNING)."""
        insert = ("INSERT INTO evidence (appraisal_id, kind, title, location, description, collected_by, "
                  "collected_on, source, imported_from, created_at, channel) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        first = conn.execute(insert, rows[0]).lastrowid
        conn.executemany(insert, rows[1:])
        (last,) = conn.execute("SELECT last_insert_rowid()").fetchone()
        if last != first + len(rows) - 1:
            raise StoreError(f"{self.path}: cannot save the evidence (the database numbered the new items "
                             "out of order); nothing was changed")
        return range(first, last + 1)

    def remove_evidence(self, ids: Sequence[int], who: str) -> int:
        """Remove evidence items (their links go with them) in one transaction, logged with its undo; an unknown
        id, or an item a finding cites, refuses them all. Returns the number of items removed."""
        at = connection.now()
        entry = None
        items: list[Any] = []
        with self._write("the removal of evidence") as conn:
            op = _remove_items(conn, self.appraisal_id, ids, self.path)
            if op is not None:
                items = op["before"]["items"]
                target = ", ".join(f"#{item[0]}" for item in items[:10]) + (" ..." if len(items) > 10 else "")
                n, links = len(items), len(op["before"]["links"])
                entry = self._log(conn, at, who, "evidence removed", target,
                                  f"{n} item{'s' if n != 1 else ''}, {links} link{'s' if links != 1 else ''}",
                                  "removed", reversal.dumps(op))
        if entry is not None:
            self.written.append(entry)
        return len(items)

    def add_findings(self, rows: Sequence[tuple[str, str, str | None, str, str]], source: str, who: str) -> int:
        """New findings (kind, area, practice or None, text, status) in one transaction: one change-log entry
        (``findings imported``, from ``source``) whose undo removes them all. Returns how many were added."""
        at = connection.now()
        aid = self.appraisal_id
        entry = None
        with self._write("the findings") as conn:
            ops = []
            for kind, area, practice, text, status in rows:
                fid = conn.execute(
                    "INSERT INTO finding (appraisal_id, kind, area_id, practice_id, text, created_by, created_at, "
                    "site, evidence_id, status) VALUES (?, ?, ?, ?, ?, ?, ?, '', NULL, ?)",
                    (aid, kind, area, practice, text, who, at, status)).lastrowid
                assert fid is not None
                ops.append({"op": "finding", "before": None,
                            "after": reversal.row_dict(conn, aid, "finding", reversal.FINDING_COLUMNS, fid)})
            if ops:
                entry = self._log(conn, at, who, "findings imported", source, None,
                                  f"{len(ops)} finding{'s' if len(ops) != 1 else ''}", reversal.dumps(*ops))
        if entry is not None:
            self.written.append(entry)
        return len(rows)

    # -- reuse suggestions -----------------------------------------------------------------
    _SUGGESTION = ("audit", "kind", "title", "location", "description", "source", "collected_on", "clause",
                   "practice_id", "project_id", "strength", "basis", "mapping", "status", "decided_by", "decided_at")

    def add_suggestions(self, rows: Sequence[dict[str, Any]], who: str) -> int:
        """Store new reuse suggestions (dicts of the suggestion's fields, ``project`` as a code) in one
        transaction; the same suggestion twice is refused by its unique key, and nothing is written."""
        at = connection.now()
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
        at = connection.now()
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


def _remove_items(conn: Any, aid: int, ids: Sequence[int], path: object) -> dict[str, Any] | None:
    """Delete the items ``ids`` with their links inside the caller's transaction; the undo op that puts them
    back (``items``: the full rows and links). Refuses (changing nothing) an unknown id or a cited item.
    The ids go to SQLite ``CHUNK_IDS`` at a time (a statement takes a bounded number of parameters)."""
    wanted = sorted(set(ids))
    if not wanted:
        return None
    rows: list[list[Any]] = []
    links: list[list[Any]] = []
    for part in _chunks(wanted, CHUNK_IDS):
        marks = ", ".join("?" * len(part))
        rows += [list(r) for r in conn.execute(
            f"SELECT {', '.join(reversal.EVIDENCE_COLUMNS)} FROM evidence WHERE appraisal_id = ? AND id IN ({marks}) "
            "ORDER BY id", (aid, *part))]
        cited = conn.execute(f"SELECT id, evidence_id FROM finding WHERE appraisal_id = ? AND evidence_id IN "
                             f"({marks}) ORDER BY id", (aid, *part)).fetchone()
        if cited is not None:
            raise UsageError(f"finding #{cited[0]} cites evidence item #{cited[1]}: delete or change the finding "
                             "first; nothing was removed")
        links += [list(r) for r in conn.execute(
            f"SELECT l.evidence_id, l.practice_id, p.code, l.origin FROM evidence_link l JOIN project p "
            f"ON p.id = l.project_id WHERE l.evidence_id IN ({marks}) ORDER BY l.evidence_id, l.practice_id, p.code",
            part)]
    unknown = sorted(set(wanted) - {r[0] for r in rows})
    if unknown:
        shown = ", ".join(f"#{i}" for i in unknown[:10]) + (" ..." if len(unknown) > 10 else "")
        raise UsageError(f"{path}: there is no evidence item {shown}; nothing was removed")
    for part in _chunks(wanted, CHUNK_IDS):
        marks = ", ".join("?" * len(part))
        conn.execute(f"DELETE FROM evidence_link WHERE evidence_id IN ({marks})", part)
        conn.execute(f"DELETE FROM evidence WHERE appraisal_id = ? AND id IN ({marks})", (aid, *part))
    return {"op": "items", "before": {"items": rows, "links": links}, "after": None}


__all__ = ["CHUNK", "CHUNK_IDS", "EvidenceWrites"]
