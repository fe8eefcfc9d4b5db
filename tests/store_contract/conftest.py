"""The store contract's fixtures: ``store_factory`` makes stores of one implementation; every test of the
contract takes it, so a second implementation (the PostgreSQL store) runs the suite unchanged by adding
one parameter here (its factory and its ``hold_write_lock``): "sqlite" and "postgres" (a real server, ``tests/pg.py``).

``store_factory(projects=..., same_database_as=None) -> AppraisalStore``: a new appraisal, in a new database
or in the database of another store (two appraisals in one database). ``store_factory.again(store)``: a
second store instance on the same appraisal (another process, another window).
``store_factory.hold_write_lock(store)``: a context manager holding the database's write lock from elsewhere.
``store_factory.database(store)``: the database the store's appraisal is in.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pg import pg_dsn, pg_server  # noqa: F401

from appraise.store import AppraisalStore
from appraise.store.sqlite import SqliteStore
from appraise.store.sqlite import connection as sqlite_connection

AREAS = ("REQM", "PP")
PROJECTS = ("ALPHA", "BETA")


@dataclass
class StoreFactory:
    make: Callable[..., AppraisalStore]
    reopen: Callable[[AppraisalStore], AppraisalStore]
    hold_write_lock: Callable[[AppraisalStore], contextmanager]  # type: ignore[type-arg]
    #: The database a store's appraisal is in (a file; a server's database, whose ``path`` names the appraisal too).
    database: Callable[[AppraisalStore], object] = lambda store: store.path
    made: list[AppraisalStore] = field(default_factory=list)

    def __call__(self, projects: Sequence[str] = PROJECTS, unit: str = "Acme Payments",
                 same_database_as: AppraisalStore | None = None) -> AppraisalStore:
        store = self.make(projects, unit, same_database_as)
        self.made.append(store)
        return store

    def again(self, store: AppraisalStore) -> AppraisalStore:
        """A second instance on the same appraisal (another process or window)."""
        other = self.reopen(store)
        self.made.append(other)
        return other


def _sqlite_factory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> StoreFactory:
    # a held lock is reported after this long (the interface promises a busy StoreError, not a hang)
    monkeypatch.setattr(sqlite_connection, "BUSY_TIMEOUT_MS", 300)
    count = iter(range(1000))

    def make(projects: Sequence[str], unit: str, same_database_as: AppraisalStore | None) -> AppraisalStore:
        args = dict(unit=unit, framework_id="contract-model", framework_text="id: contract-model\n",
                    representation="staged", target=2, areas=AREAS, projects=list(projects), who="lead",
                    settings={"refined": "1"})
        if same_database_as is not None:
            return SqliteStore.add_appraisal(same_database_as.path, **args)  # type: ignore[arg-type]
        return SqliteStore.create(tmp_path / f"contract-{next(count)}.appraisal", **args)  # type: ignore[arg-type]

    def reopen(store: AppraisalStore) -> AppraisalStore:
        return SqliteStore.open(store.path, store.appraisal_id)

    @contextmanager
    def hold_write_lock(store: AppraisalStore) -> Iterator[None]:
        other = sqlite3.connect(store.path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            other.execute("ROLLBACK")
            other.close()

    return StoreFactory(make, reopen, hold_write_lock)


def _postgres_factory(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> StoreFactory:
    """Each test a new database on the test server (``pg_dsn``); ``again`` a second ``PostgresStore`` on the same
    appraisal; the write lock held from another connection (``SELECT ... FOR UPDATE`` on the appraisal row)."""
    import psycopg

    from appraise.locations import locate
    from appraise.store.postgres import store as pg_store

    dsn = request.getfixturevalue("pg_dsn")
    monkeypatch.setattr(pg_store, "LOCK_TIMEOUT_MS", 300)
    count = iter(range(1000))

    def make(projects: Sequence[str], unit: str, same_database_as: AppraisalStore | None) -> AppraisalStore:
        return pg_store.PostgresStore.create(
            locate(f"{dsn}?appraisal=contract-{next(count)}"), unit=unit, framework_id="contract-model",
            framework_text="id: contract-model\n", representation="staged", target=2, areas=AREAS,
            projects=list(projects), who="lead", settings={"refined": "1"})

    def reopen(store: AppraisalStore) -> AppraisalStore:
        return pg_store.PostgresStore.open(store.where, store.appraisal_id)  # type: ignore[attr-defined]

    @contextmanager
    def hold_write_lock(store: AppraisalStore) -> Iterator[None]:
        with psycopg.connect(dsn) as other:
            other.execute("SELECT id FROM appraisal WHERE id = %s FOR UPDATE", (store.appraisal_id,))
            yield
            other.rollback()

    return StoreFactory(make, reopen, hold_write_lock, lambda store: store.where.dsn)  # type: ignore[attr-defined]


@pytest.fixture(params=["sqlite", "postgres"])
def store_factory(request: pytest.FixtureRequest, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> Iterator[StoreFactory]:
    if request.param == "postgres":
        factory = _postgres_factory(request, monkeypatch)
    else:
        factory = _sqlite_factory(tmp_path, monkeypatch)
    yield factory
    for store in factory.made:
        store.close()
