"""A real PostgreSQL for the tests of the shared store: ``pg_server`` (one per test process) and ``pg_dsn`` (a new,
empty database per test, dropped after it).

The server is ``$APPRAISE_TEST_PG`` when set (``.ci/run`` starts one with ``scripts/dev-postgres`` and exports
its DSN), else one this test process starts itself with ``scripts/dev-postgres`` in a temporary folder on a free
loopback port, where Debian's ``postgresql`` is installed; else the PostgreSQL tests are skipped, saying why.
Use: ``from pg import pg_dsn, pg_server  # noqa: F401`` in a test module (or its conftest).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "dev-postgres"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _installed() -> bool:
    return any(Path(p).joinpath("initdb").exists() for p in Path("/usr/lib/postgresql").glob("*/bin")) \
        if Path("/usr/lib/postgresql").is_dir() else False


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """The DSN of a PostgreSQL server whose role may create databases."""
    given = os.environ.get("APPRAISE_TEST_PG")
    if given:
        yield given
        return
    if not _installed() or shutil.which("bash") is None:
        pytest.skip("no PostgreSQL here (Debian: apt-get install postgresql; .ci/run installs and starts it)")
    # not under pytest's own temporary folder: that one is private to this user, and the cluster belongs to the
    # postgres user when the tests run as root
    folder = Path(tempfile.mkdtemp(prefix="appraise-pg-"))
    os.chmod(folder, 0o777)
    started = subprocess.run([str(SCRIPT), "start", str(folder / "cluster"), str(_free_port())],
                             capture_output=True, text=True, timeout=120)
    if started.returncode != 0:
        pytest.fail(f"scripts/dev-postgres could not start a server: {started.stderr.strip()}")
    try:
        yield started.stdout.strip()
    finally:
        subprocess.run([str(SCRIPT), "stop", str(folder / "cluster")], capture_output=True, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)


def with_database(dsn: str, database: str) -> str:
    parts = urlsplit(dsn)
    return urlunsplit(parts._replace(path=f"/{database}"))


@pytest.fixture
def pg_dsn(pg_server: str) -> Iterator[str]:
    """A new, empty database on ``pg_server`` for one test (dropped after it): its DSN, without ``?appraisal=``."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield with_database(pg_server, name)
    finally:
        with psycopg.connect(pg_server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


__all__ = ["SCRIPT", "pg_dsn", "pg_server", "with_database"]
