"""The SQLite store's writes of several assessors' ratings of one cell (schema 8, table ``assessor_rating``).

One call is one transaction: the assessors' ratings that changed and the consolidated characterizations the
services derived from them (``appraise.services.assessors``), each change in the change log, the last entry
holding what undoes them all. A rating's change-log target is ``PRACTICE / UNIT / assessor``: the log is no
export (exports never name an assessor), and the characterization entries it implies name none.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from appraise.store.sqlite import connection
from appraise.store.sqlite import undo as reversal
from appraise.store.sqlite.writes import SqliteWrites, put_value

#: An assessor's rating is one per practice, unit and assessor.
KEY = ("practice_id", "project_id", "assessor")


class AssessorWrites(SqliteWrites):
    """Assessors' ratings, written with the cells they consolidate to."""

    def set_assessor_ratings(self, rows: Iterable[tuple[str, str, str, str | None, str | None]], who: str,
                             what: str = "assessor rating",
                             cells: Iterable[tuple[str, str, str | None, str | None]] = (),
                             cells_what: str = "characterization (assessors)") -> int:
        """Record (practice, project code, assessor, value or None to remove, note or None to keep) and the
        consolidated ``cells`` (as ``set_characterizations`` takes them) in one transaction; the ratings changed.

        A rating that is already so changes nothing and logs nothing. One call is one undo step.
        """
        at = connection.now()
        aid = self.appraisal_id
        with self._write("the assessors' ratings") as conn:
            projects = self._project_ids(conn)
            current: dict[tuple[str, int, str], tuple[str, str] | None] = {
                (pr, pid, a): (v, n) for pr, pid, a, v, n in conn.execute(
                    "SELECT practice_id, project_id, assessor, value, note FROM assessor_rating "
                    "WHERE appraisal_id = ?", (aid,)).fetchall()}
            log: list[tuple[Any, ...]] = []
            ratings: list[list[str | None]] = []  # [practice, project, assessor, old v, old n, new v, new n]
            for practice, code, assessor, value, note in rows:
                pid = projects[code]
                key = (practice, pid, assessor)
                old = current.get(key)
                target = f"{practice} / {code} / {assessor}"
                if value is None:
                    if old is None:
                        continue
                    put_value(conn, "assessor_rating", dict(zip(KEY, key)), aid, None)
                    log.append((aid, at, who, f"{what} removed", target, reversal.cell_text(*old), None))
                    ratings.append([practice, code, assessor, *old, None, None])
                else:
                    if note is None:
                        note = old[1] if old is not None else ""
                    if old == (value, note):
                        continue
                    put_value(conn, "assessor_rating", dict(zip(KEY, key)), aid, (value, note, who, at))
                    log.append((aid, at, who, what, target, None if old is None else reversal.cell_text(*old),
                                reversal.cell_text(value, note)))
                    ratings.append([practice, code, assessor, *(old or (None, None)), value, note])
                current[key] = None if value is None else (value, note)
            _n, cell_log, changed_cells = self._put_cells(conn, list(cells), who, cells_what, at)
            entry = self._log_all(conn, log + cell_log, [{"op": "assessor_rating", "ratings": ratings},
                                                         {"op": "characterization", "cells": changed_cells}])
        if entry is not None:
            self.written.append(entry)
        return len(ratings)


__all__ = ["AssessorWrites"]
