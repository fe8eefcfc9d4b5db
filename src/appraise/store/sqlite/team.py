"""The SQLite store's writes of the appraisal team's roster (schema 9, table ``team_member``; ``login``: schema 10).

One call is one transaction with one change-log entry (what ``team``, target the role, the name as the new or
old value: the change log is internal and never exported), holding what undoes it (op ``team``: an undo puts a
removed member back in their place on the roster, a changed member's role and login back as they were).
"""

from __future__ import annotations

from typing import Any

from appraise.errors import UsageError
from appraise.store.records import TeamMemberRecord
from appraise.store.sqlite import connection
from appraise.store.sqlite import undo as reversal
from appraise.store.sqlite.writes import SqliteWrites

_SELECT = f"SELECT {', '.join(reversal.TEAM_COLUMNS)} FROM team_member WHERE appraisal_id = ? AND name = ?"


def _record(member: dict[str, Any]) -> TeamMemberRecord:
    return TeamMemberRecord(member["name"], member["role"], member["affiliation"], member["licence"], member["login"])


def _shown(member: dict[str, Any]) -> str:
    """A member as the change log says it: the name, and the login when there is one."""
    return member["name"] + (f" (login {member['login']})" if member["login"] else "")


class TeamWrites(SqliteWrites):
    """The roster: a member added at its end, changed (role, login) in place, or removed."""

    def add_team_member(self, name: str, role: str, affiliation: str, licence: str, who: str,
                        login: str = "") -> TeamMemberRecord:
        """Add ``name`` at the end of the roster; a name already there is refused (and nothing changes)."""
        aid = self.appraisal_id
        with self._write("the team roster") as conn:
            found = conn.execute("SELECT role FROM team_member WHERE appraisal_id = ? AND name = ?",
                                 (aid, name)).fetchone()
            if found is not None:
                raise UsageError(f"{name} is already on the team as {found[0]} (remove them first)")
            position = conn.execute("SELECT coalesce(max(position), -1) + 1 FROM team_member WHERE appraisal_id = ?",
                                    (aid,)).fetchone()[0]
            member = dict(zip(reversal.TEAM_COLUMNS, (name, role, affiliation, licence, position, login)))
            conn.execute(f"INSERT INTO team_member (appraisal_id, {', '.join(reversal.TEAM_COLUMNS)}) "
                         f"VALUES (?, {', '.join('?' for _ in reversal.TEAM_COLUMNS)})",
                         (aid, *member.values()))
            entry = self._log(conn, connection.now(), who, "team", role, None, _shown(member),
                              reversal.dumps({"op": "team", "before": None, "after": member}))
        self.written.append(entry)
        return _record(member)

    def update_team_member(self, name: str, who: str, role: str | None = None,
                           login: str | None = None) -> TeamMemberRecord:
        """Change a member's role and/or login (None: keep) in their place on the roster; a name not on it is
        refused with the roster's names."""
        aid = self.appraisal_id
        with self._write("the team roster") as conn:
            before = self._member(conn, name)
            after = {**before, **{k: v for k, v in (("role", role), ("login", login)) if v is not None}}
            if after == before:
                return _record(before)
            conn.execute("UPDATE team_member SET role = ?, login = ? WHERE appraisal_id = ? AND name = ?",
                         (after["role"], after["login"], aid, before["name"]))
            entry = self._log(conn, connection.now(), who, "team", after["role"],
                              f"{_shown(before)} as {before['role']}", f"{_shown(after)} as {after['role']}",
                              reversal.dumps({"op": "team", "before": before, "after": after}))
        self.written.append(entry)
        return _record(after)

    def remove_team_member(self, name: str, who: str) -> TeamMemberRecord:
        """Remove ``name`` from the roster; a name not on it is refused with the roster's names."""
        aid = self.appraisal_id
        with self._write("the team roster") as conn:
            before = self._member(conn, name)
            conn.execute("DELETE FROM team_member WHERE appraisal_id = ? AND name = ?", (aid, before["name"]))
            entry = self._log(conn, connection.now(), who, "team", before["role"], _shown(before), None,
                              reversal.dumps({"op": "team", "before": before, "after": None}))
        self.written.append(entry)
        return _record(before)

    def _member(self, conn: Any, name: str) -> dict[str, Any]:
        """The member ``name`` as a row (``TEAM_COLUMNS``); a name not on the roster is a UsageError."""
        aid = self.appraisal_id
        found = conn.execute(_SELECT, (aid, name)).fetchone()
        if found is None:
            names = [n for (n,) in conn.execute(
                "SELECT name FROM team_member WHERE appraisal_id = ? ORDER BY position, id", (aid,))]
            raise UsageError(f"{name} is not on the team (the team: {', '.join(names) or 'nobody yet'})")
        return dict(zip(reversal.TEAM_COLUMNS, found))


__all__ = ["TeamWrites"]
