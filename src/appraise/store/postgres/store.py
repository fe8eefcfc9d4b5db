"""``PostgresStore``: one appraisal in a team's PostgreSQL database, ``AppraisalStore`` for the server.

Not a rewrite: the SQLite store's statement classes (reads, writes, evidence, undo, team, assessors, dump) run
here unchanged over ``PgConnection``, a psycopg connection that looks like the ``sqlite3`` one. What differs is
the hooks this class overrides:

- a write is one ``READ COMMITTED`` transaction whose first statement raises the appraisal's ``revision``: that
  takes the appraisal row's lock, so one appraisal's writes run one after another as SQLite's write lock makes
  them, and gives ``data_version`` (the revision) a number that changes with every commit. A lock held longer
  than ``LOCK_TIMEOUT_MS`` is the same "busy" refusal as SQLite's;
- the characterization read builds its per-practice objects with ``json_object_agg``;
- an evidence import's ids come back with ``RETURNING`` per chunk (another appraisal's items may be numbered
  among them);
- the driver's errors are psycopg's, each a one-line ``StoreError``.

A database holds many appraisals, each by its name (``appraisal.name``): ``create``, ``open``, ``listing``,
``create_from`` (``appraise push``) take a ``ServerLocation`` (``postgresql://...?appraisal=NAME``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from appraise.errors import StoreError
from appraise.locations import ServerLocation
from appraise.store.postgres.adapter import PgConnection
from appraise.store.postgres.schema import check_version, ensure_schema, schema_version
from appraise.store.records import AppraisalListing
from appraise.store.sqlite.store import SqliteStore, insert_appraisal

if TYPE_CHECKING:
    from appraise.store.transfer import AppraisalDump

#: How long a write waits for another one on the same appraisal before it is refused as busy.
LOCK_TIMEOUT_MS = 5000


def busy_text() -> str:
    return (f"the appraisal is busy: another appraise kept it locked for more than {LOCK_TIMEOUT_MS / 1000:g} s; "
            "nothing was changed, try again in a moment")


def driver_reason(exc: BaseException) -> str:
    """The server's own words in one line; a lock held too long (or a deadlock) in the user's words."""
    import psycopg
    from psycopg import errors

    if isinstance(exc, (errors.LockNotAvailable, errors.SerializationFailure, errors.DeadlockDetected,
                        errors.QueryCanceled)):
        return busy_text()
    state = getattr(exc, "sqlstate", None) or ""
    if isinstance(exc, psycopg.OperationalError) and (not state or state[:2] in ("08", "57")):
        return "the connection to the server was lost (a restart?); nothing was changed, try again"
    diag = getattr(exc, "diag", None)
    primary = getattr(diag, "message_primary", None) or (str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    detail = getattr(diag, "message_detail", None)
    return " ".join(f"{primary}{f': {detail}' if detail else ''}".split())


def _name(where: ServerLocation) -> str:
    if not where.appraisal:
        raise StoreError(f"{where.shown}: name the appraisal in the database: add ?appraisal=NAME "
                         "(or write @NAME with $APPRAISE_DB set to the database)")
    return where.appraisal


def _refuse_taken(conn: PgConnection, where: ServerLocation, name: str) -> None:
    if conn.execute("SELECT 1 FROM appraisal WHERE name = ?", (name,)).fetchone() is not None:
        raise StoreError(f"{where.shown}: the database already holds an appraisal named {name} "
                         "(open it, or choose another name); nothing was changed")


def _names(conn: PgConnection) -> list[str]:
    return [n for (n,) in conn.execute("SELECT name FROM appraisal WHERE name IS NOT NULL ORDER BY name")]


class PostgresStore(SqliteStore):
    """One appraisal in a PostgreSQL database (``where.appraisal`` names it): ``AppraisalStore`` for the server.

    ``path`` is ``where`` (it prints as the location without its password; ``.name`` is the appraisal's). Reads go through one autocommit connection
    (each statement sees what is committed); the first write opens a second one for the writes.
    """

    def __init__(self, where: ServerLocation, appraisal_id: int, reader: PgConnection | None = None) -> None:
        import psycopg

        self.where = where
        self._driver_errors = (psycopg.Error,)
        # the location is the path: it prints without the password and has the appraisal's .name, as a file's Path
        super().__init__(where, connection=reader or PgConnection(where.dsn, where.shown),  # type: ignore[arg-type]
                         appraisal_id=appraisal_id)

    # -- life cycle ------------------------------------------------------------------------
    @classmethod
    def create(cls, where: ServerLocation, *, unit: str, framework_id: str, framework_text: str,  # type: ignore[override]
               representation: str, target: int, areas: Sequence[str], projects: Sequence[str], who: str,
               settings: dict[str, str] | None = None) -> PostgresStore:
        """A new appraisal named ``where.appraisal`` in the database (its tables created when it has none)."""
        name = _name(where)

        def write(conn: PgConnection) -> int:
            # no author given: the server records the database user who created it
            author = who or str(conn.execute("SELECT current_user").fetchone()[0])
            return insert_appraisal(conn, unit=unit, framework_id=framework_id, framework_text=framework_text,
                                    representation=representation, target=target, areas=areas, projects=projects,
                                    who=author, settings=settings, logged_as=name, name=name)

        return cls(where, cls._new_appraisal(where, name, write))

    @classmethod
    def create_from(cls, where: ServerLocation, dump: AppraisalDump) -> PostgresStore:  # type: ignore[override]
        """``appraise push``: a new appraisal named ``where.appraisal`` holding the appraisal ``dump`` (every row;
        every id new, the references following: the database holds other appraisals)."""
        from appraise.store.transfer import AppraisalDump, insert_dump

        name = _name(where)
        tables = dict(dump.tables)
        tables["appraisal"] = [{**dump.appraisal, "name": name}]
        return cls(where, cls._new_appraisal(
            where, name, lambda conn: insert_dump(conn, AppraisalDump(tables), keep_ids=False)))

    @classmethod
    def _new_appraisal(cls, where: ServerLocation, name: str, write: Any) -> int:
        """Run ``write(conn)`` (which adds the appraisal, returning its id) in one transaction, the name checked
        inside it; a name taken (also by someone else at the same moment) is refused in one line."""
        import psycopg
        from psycopg import errors

        with PgConnection(where.dsn, where.shown) as conn:
            try:
                ensure_schema(conn)
                conn.execute("BEGIN")
                try:
                    _refuse_taken(conn, where, name)
                    aid = int(write(conn))
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
                conn.execute("COMMIT")
            except errors.UniqueViolation as exc:
                if "name" in str(getattr(exc.diag, "constraint_name", "") or exc):
                    raise StoreError(f"{where.shown}: the database already holds an appraisal named {name} "
                                     "(open it, or choose another name); nothing was changed") from None
                raise StoreError(f"{where.shown}: cannot create the appraisal ({driver_reason(exc)})") from None
            except psycopg.Error as exc:
                raise StoreError(f"{where.shown}: cannot create the appraisal ({driver_reason(exc)})") from None
        return aid

    @classmethod
    def open(cls, where: ServerLocation, appraisal_id: int | None = None) -> PostgresStore:  # type: ignore[override]
        """The appraisal ``where.appraisal`` names (or ``appraisal_id``: a second instance on one appraisal)."""
        import psycopg

        reader = PgConnection(where.dsn, where.shown)
        try:
            version = schema_version(reader)
            check_version(version, where.shown)
            if appraisal_id is None:
                name = _name(where)
                found = None if version is None else reader.execute(
                    "SELECT id FROM appraisal WHERE name = ?", (name,)).fetchone()
                if found is None:
                    names = _names(reader) if version is not None else []
                    raise StoreError(f"{where.shown}: there is no appraisal {name} in this database ("
                                     f"{'it holds ' + ', '.join(names) if names else 'it holds none yet'}; "
                                     "`appraise new` creates one)")
                appraisal_id = int(found[0])
            return cls(where, appraisal_id, reader)
        except psycopg.Error as exc:
            reader.close()
            raise StoreError(f"{where.shown}: cannot open the appraisal ({driver_reason(exc)})") from None
        except BaseException:
            reader.close()
            raise

    @classmethod
    def listing(cls, where: ServerLocation) -> list[AppraisalListing]:
        """The appraisals the database holds, by name (``appraise list``)."""
        import psycopg

        with PgConnection(where.dsn, where.shown) as conn:
            try:
                version = schema_version(conn)
                check_version(version, where.shown)
                if version is None:
                    return []
                return [AppraisalListing(*row[:5], int(row[5]), row[6] or "") for row in conn.execute(
                    "SELECT a.name, a.unit, a.framework_id, a.created_at, a.created_by, "
                    "(SELECT count(*) FROM change_log c WHERE c.appraisal_id = a.id), "
                    "(SELECT max(c.at) FROM change_log c WHERE c.appraisal_id = a.id) "
                    "FROM appraisal a WHERE a.name IS NOT NULL ORDER BY a.name")]
            except psycopg.Error as exc:
                raise StoreError(f"{where.shown}: cannot list the appraisals ({driver_reason(exc)})") from None

    def database_user(self) -> str:
        """The database user this store's connection works as: who made each change, recorded on the server."""
        try:
            with self._lock:
                return str(self._conn.execute("SELECT current_user").fetchone()[0])
        except self._driver_errors as exc:
            raise self._read_error(exc) from None

    # -- the hooks: what differs from SQLite -----------------------------------------------
    _CONTAINS = "strpos({0}, ?) > 0"

    def _open_reader(self, connection: Any) -> Any:
        return connection

    def _open_writer(self) -> PgConnection:
        """The write connection: a write waits ``LOCK_TIMEOUT_MS`` at most for another one's lock."""
        return PgConnection(self.where.dsn, self.where.shown, [f"SET lock_timeout = {int(LOCK_TIMEOUT_MS)}"])

    @contextmanager
    def _transaction(self, conn: PgConnection) -> Iterator[PgConnection]:
        try:
            # one round trip: the transaction begins and takes the appraisal's lock
            cur = conn.script("BEGIN ISOLATION LEVEL READ COMMITTED; "
                              f"UPDATE appraisal SET revision = revision + 1 WHERE id = {int(self.appraisal_id)}")
            if not (cur.nextset() and cur.rowcount):
                raise StoreError(f"{self.path}: the appraisal is no longer in the database (removed meanwhile); "
                                 "nothing was changed")
            yield conn
        except BaseException:
            self._rollback(conn)
            raise
        conn.execute("COMMIT")

    @staticmethod
    def _rollback(conn: PgConnection) -> None:
        import psycopg

        try:
            if not conn.raw.closed and conn.in_transaction:
                conn.execute("ROLLBACK")
        except psycopg.Error:
            pass  # the connection is gone: the server rolled the transaction back

    def _reason(self, exc: BaseException) -> str:
        return driver_reason(exc)

    def _read_error(self, exc: BaseException) -> StoreError:
        return StoreError(f"{self.path}: cannot read the appraisal ({driver_reason(exc)})")

    def _read_data_version(self) -> int:
        found = self._conn.execute("SELECT revision FROM appraisal WHERE id = ?", (self.appraisal_id,)).fetchone()
        if found is None:
            raise StoreError(f"{self.path}: the appraisal is no longer in the database (removed meanwhile)")
        return int(found[0])

    def _cells_by_practice(self) -> Iterable[tuple[str, dict[str, str]]]:
        return self._rows("SELECT practice_id, json_object_agg(project_id, value) FROM characterization "
                          "WHERE appraisal_id = ? GROUP BY practice_id")

    def _insert_items(self, conn: Any, rows: list[tuple[Any, ...]]) -> Sequence[int]:
        """One multi-row INSERT per chunk; the ids by item key (what RETURNING says, whatever its order)."""
        marks = "(" + ", ".join("?" * len(rows[0])) + ")"
        returned = conn.execute(
            "INSERT INTO evidence (appraisal_id, kind, title, location, description, collected_by, collected_on, "
            f"source, imported_from, created_at, channel) VALUES {', '.join([marks] * len(rows))} "
            "RETURNING id, kind, title, location", [v for row in rows for v in row]).fetchall()
        at = {(row[1], row[2], row[3]): i for i, row in enumerate(rows)}
        ids = [0] * len(rows)
        for evidence_id, kind, title, location in returned:
            ids[at[(kind, title, location)]] = evidence_id
        return ids

    @contextmanager
    def _snapshot(self) -> Iterator[None]:
        """The reads inside see one snapshot (``appraise pull`` reads the appraisal out whole)."""
        with self._lock:
            if self._conn.in_transaction:
                yield
                return
            self._conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            try:
                yield
            finally:
                self._rollback(self._conn)


__all__ = ["LOCK_TIMEOUT_MS", "PostgresStore", "busy_text", "driver_reason"]
