"""A psycopg 3 connection that looks like the ``sqlite3`` one the store's statement classes use.

``execute`` returns a cursor with ``fetchone`` / ``fetchall`` / iteration / ``rowcount`` / ``lastrowid``;
``executemany``, ``in_transaction`` and ``total_changes`` (the rows inserted, updated or deleted through it) work
as SQLite's do. The statements are written once, with ``?`` parameters: here each becomes ``%s`` (translated once
per statement text and kept). ``lastrowid`` of a single-row ``INSERT`` into a table with an ``id`` column comes
from ``RETURNING id``, added to the statement. Every failure to connect is one line for the user
(``connect_error``): the server unreachable, the password refused, no such database.

psycopg is imported inside the functions that need it: importing this module costs nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

from appraise.errors import StoreError

#: How long to wait for the server to answer a connection attempt, in seconds (unless the DSN says).
CONNECT_TIMEOUT_S = 10
_INSERT = re.compile(r"\s*INSERT\s+INTO\s+\"?(\w+)\"?", re.IGNORECASE)
_COUNTED = ("INSERT", "UPDATE", "DELETE")


@lru_cache(maxsize=2048)
def translate(sql: str) -> tuple[str, str | None, bool]:
    """(the statement for psycopg, the table of an INSERT that does not say RETURNING, whether its rows count as
    changes). ``?`` -> ``%s``; a literal ``%`` is escaped (the statements should have none)."""
    text = sql.replace("%", "%%").replace("?", "%s")
    found = _INSERT.match(sql)
    table = found.group(1) if found and "RETURNING" not in sql.upper() else None
    return text, table, sql.lstrip()[:6].upper() in _COUNTED


class PgCursor:
    """The result of one statement, as ``sqlite3.Cursor`` offers it."""

    __slots__ = ("_cur", "_returning", "_id")

    def __init__(self, cur: Any, returning: bool) -> None:
        self._cur, self._returning, self._id = cur, returning, None

    @property
    def lastrowid(self) -> int | None:
        if self._returning:
            row = self._cur.fetchone()
            self._id, self._returning = (row[0] if row else None), False
        return self._id

    @property
    def rowcount(self) -> int:
        return int(self._cur.rowcount)

    def fetchone(self) -> Any:
        return self._cur.fetchone()

    def fetchall(self) -> list[Any]:
        return self._cur.fetchall()

    def __iter__(self) -> Iterator[Any]:
        return iter(self._cur.fetchall())


class PgConnection:
    """One psycopg connection (autocommit: a transaction is an explicit ``BEGIN`` ... ``COMMIT``)."""

    def __init__(self, dsn: str, shown: str, setup: Sequence[str] = ()) -> None:
        """``setup``: session statements run on connecting (and on connecting again)."""
        self.dsn, self.shown, self._setup = dsn, shown, tuple(setup)
        self.raw = self._connect()
        self.total_changes = 0
        #: The tables with an ``id`` column (their single-row INSERTs return it), read once per connection.
        self._with_id: set[str] | None = None

    def _live(self) -> Any:
        """The connection, opened again when the server closed it (a restart) between two transactions."""
        if self.raw.closed or self.raw.broken:
            self.raw = self._connect()
        return self.raw

    def _connect(self) -> Any:
        raw = _connect(self.dsn, self.shown)
        for statement in self._setup:
            raw.execute(statement)
        return raw

    def _id_tables(self) -> set[str]:
        if self._with_id is None:
            self._with_id = {name for (name,) in self.raw.execute(
                "SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() "
                "AND column_name = 'id'").fetchall()}
        return self._with_id

    def execute(self, sql: str, params: Sequence[Any] = ()) -> PgCursor:
        text, table, counted = translate(sql)
        raw = self._live()  # a connection lost in a transaction failed its statement: nothing runs on in it
        returning = table is not None and table in self._id_tables()
        cur = raw.execute(text + " RETURNING id" if returning else text, tuple(params))
        if counted:
            self.total_changes += max(cur.rowcount, 0)
        return PgCursor(cur, returning)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> PgCursor:
        text, _table, _counted = translate(sql)
        rows = list(rows)
        cur = self._live().cursor()
        if rows:
            cur.executemany(text, rows)
            self.total_changes += max(cur.rowcount, 0)
        return PgCursor(cur, False)

    def forget_tables(self) -> None:
        """The tables were just created: read which have an ``id`` column again."""
        self._with_id = None

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return bool(self.raw.info.transaction_status != TransactionStatus.IDLE)

    def close(self) -> None:
        self.raw.close()

    def __enter__(self) -> PgConnection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _connect(dsn: str, shown: str) -> Any:
    import psycopg

    try:
        kwargs = {} if "connect_timeout" in dsn else {"connect_timeout": CONNECT_TIMEOUT_S}
        return psycopg.connect(dsn, autocommit=True, application_name="appraise", **kwargs)
    except psycopg.Error as exc:
        raise connect_error(exc, shown) from None


def connect_error(exc: BaseException, shown: str) -> StoreError:
    """A failed connection in one line: what went wrong and what to do."""
    text = " ".join(str(exc).split())
    low = text.lower()
    if "password authentication failed" in low or "no password supplied" in low:
        user = re.search(r'for user "([^"]+)"', text)
        return StoreError(f"{shown}: the server refused the password of {user.group(1) if user else 'this user'} "
                          "(give it with PGPASSWORD or in ~/.pgpass, never on a shared command line)")
    missing = re.search(r'database "([^"]+)" does not exist', text)
    if missing:
        return StoreError(f"{shown}: there is no database {missing.group(1)} on that server "
                          f"(create it first: createdb {missing.group(1)})")
    role = re.search(r'role "([^"]+)" does not exist', text)
    if role:
        return StoreError(f"{shown}: the server has no user {role.group(1)}")
    if any(w in low for w in ("refused", "resolve", "translate host", "timeout", "timed out", "no route",
                              "unreachable", "could not connect", "no such file")):
        why = next((w for w in ("connection refused", "timeout expired", "could not translate host name",
                                "failed to resolve host", "no route to host", "network is unreachable",
                                "no such file or directory") if w in low), "no answer")
        return StoreError(f"{shown}: cannot reach the PostgreSQL server ({why}): is it running, and are the "
                          "host and port right?")
    return StoreError(f"{shown}: cannot connect to the PostgreSQL server ({text[:200]})")


__all__ = ["CONNECT_TIMEOUT_S", "PgConnection", "PgCursor", "connect_error", "translate"]
