"""The SQLite store's writes of the appraisal team's roster (schema 9, table ``team_member``).

One call is one transaction with one change-log entry (what ``team``, target the role, the name as the new or
old value: the change log is internal and never exported), holding what undoes it (op ``team``: an undo puts a
removed member back in their place on the roster).
"""

from __future__ import annotations

from appraise.errors import UsageError
from appraise.store.records import TeamMemberRecord
from appraise.store.sqlite import connection
from appraise.store.sqlite import undo as reversal
from appraise.store.sqlite.writes import SqliteWrites


class TeamWrites(SqliteWrites):
    """The roster: a member added at its end, or removed."""

    def add_team_member(self, name: str, role: str, affiliation: str, licence: str, who: str) -> TeamMemberRecord:
        """Add ``name`` at the end of the roster; a name already there is refused (and nothing changes)."""
        aid = self.appraisal_id
        with self._write("the team roster") as conn:
            found = conn.execute("SELECT role FROM team_member WHERE appraisal_id = ? AND name = ?",
                                 (aid, name)).fetchone()
            if found is not None:
                raise UsageError(f"{name} is already on the team as {found[0]} (remove them first)")
            position = conn.execute("SELECT coalesce(max(position), -1) + 1 FROM team_member WHERE appraisal_id = ?",
                                    (aid,)).fetchone()[0]
            conn.execute("INSERT INTO team_member (appraisal_id, name, role, affiliation, licence, position) "
                         "VALUES (?, ?, ?, ?, ?, ?)", (aid, name, role, affiliation, licence, position))
            member = dict(zip(reversal.TEAM_COLUMNS, (name, role, affiliation, licence, position)))
            entry = self._log(conn, connection.now(), who, "team", role, None, name,
                              reversal.dumps({"op": "team", "before": None, "after": member}))
        self.written.append(entry)
        return TeamMemberRecord(name, role, affiliation, licence)

    def remove_team_member(self, name: str, who: str) -> TeamMemberRecord:
        """Remove ``name`` from the roster; a name not on it is refused with the roster's names."""
        aid = self.appraisal_id
        with self._write("the team roster") as conn:
            found = conn.execute("SELECT name, role, affiliation, licence, position FROM team_member "
                                 "WHERE appraisal_id = ? AND name = ?", (aid, name)).fetchone()
            if found is None:
                names = [n for (n,) in conn.execute(
                    "SELECT name FROM team_member WHERE appraisal_id = ? ORDER BY position, id", (aid,))]
                raise UsageError(f"{name} is not on the team (the team: {', '.join(names) or 'nobody yet'})")
            conn.execute("DELETE FROM team_member WHERE appraisal_id = ? AND name = ?", (aid, name))
            entry = self._log(conn, connection.now(), who, "team", found[1], name, None, reversal.dumps(
                {"op": "team", "before": dict(zip(reversal.TEAM_COLUMNS, found)), "after": None}))
        self.written.append(entry)
        return TeamMemberRecord(*found[:4])


__all__ = ["TeamWrites"]
