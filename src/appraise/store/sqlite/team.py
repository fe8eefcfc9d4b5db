"""The SQLite store's writes of the appraisal team's roster (schema 9, table ``team_member``).

One call is one transaction with one change-log entry (what ``team``, target the role, the name as the new or
old value: the change log is internal and never exported). A roster change is not rating-relevant and holds no
undo: ``appraise team --remove`` takes an addition back.
"""

from __future__ import annotations

from appraise.errors import UsageError
from appraise.store.records import TeamMemberRecord
from appraise.store.sqlite import connection
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
            self._log(conn, connection.now(), who, "team", role, None, name)
        return TeamMemberRecord(name, role, affiliation, licence)

    def remove_team_member(self, name: str, who: str) -> TeamMemberRecord:
        """Remove ``name`` from the roster; a name not on it is refused with the roster's names."""
        aid = self.appraisal_id
        with self._write("the team roster") as conn:
            found = conn.execute("SELECT name, role, affiliation, licence FROM team_member "
                                 "WHERE appraisal_id = ? AND name = ?", (aid, name)).fetchone()
            if found is None:
                names = [n for (n,) in conn.execute(
                    "SELECT name FROM team_member WHERE appraisal_id = ? ORDER BY position, id", (aid,))]
                raise UsageError(f"{name} is not on the team (the team: {', '.join(names) or 'nobody yet'})")
            conn.execute("DELETE FROM team_member WHERE appraisal_id = ? AND name = ?", (aid, name))
            self._log(conn, connection.now(), who, "team", found[1], name, None)
        return TeamMemberRecord(*found)


__all__ = ["TeamWrites"]
