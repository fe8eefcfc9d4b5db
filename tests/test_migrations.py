"""Files written by each older schema open, migrate in one transaction and rate as they did.

tests/data/schema-N*.appraisal were made with the code of the commits named in tests/data/README.md;
beside each is the ``rate --json`` that code printed. A migration that fails or is killed leaves the
file byte-identical; a read-only old file is read (from a migrated copy in memory) and never changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from cli_helpers import _in_tmp, assert_one_line_error, ok, rate_json, run  # noqa: F401 (_in_tmp: an autouse fixture)

from appraise.errors import StoreError
from appraise.services import Appraisal
from appraise.store import records
from appraise.store.sqlite import SqliteStore, connection
from appraise.store.sqlite import migrations as store_module

DATA = Path(__file__).parent / "data"
OLD_FILES = sorted(p.name for p in DATA.glob("schema-*.appraisal"))

#: Results the rules have changed on purpose since a file was written (old value, new value), with the commit.
RULE_CHANGES = {
    # d05592d: a process area the team ruled not applicable is not applicable down to its goals
    ("schema-1.appraisal", "/process_areas/SAM/SAM GG 2.rating"): ("not_rated", "not_applicable"),
    ("schema-1.appraisal", "/process_areas/SAM/SAM SG 1.rating"): ("not_rated", "not_applicable"),
    ("schema-1.appraisal", "/process_areas/SAM/SAM SG 2.rating"): ("not_rated", "not_applicable"),
    # 9d3867c: never a capability level over a gap (SWE.2's PA 2.x of ECU-A are not rated)
    ("schema-3-spice.appraisal", "/processes/SWE.2.instance_levels"): ({"ECU-A": 1, "ECU-B": None},
                                                                       {"ECU-A": None, "ECU-B": None}),
    # 9c25213 / 475a1f3 (audit review fixes): a nonconformity shows as NC in its site; an OFI tracks no status
    ("schema-4-audit.appraisal", "/clauses/8.5.1.sites"): ({"HQ": "C", "PLANT-2": "C"}, {"HQ": "C", "PLANT-2": "NC"}),
    ("schema-4-audit.appraisal", "/clauses/8.5.sites"): ({"HQ": None, "PLANT-2": None}, {"HQ": None, "PLANT-2": "NC"}),
    ("schema-4-audit.appraisal", "/clauses/7.5.3/2.status"): ("open", None),
    ("schema-4-audit.appraisal", "/clauses/7.5/2.status"): ("open", None),
}

RESULT_KEYS = {"rating", "result", "capability_level", "maturity_level", "recommendation", "justified", "status",
               "instances", "instance_levels", "sites"}


def results(node, path: str = "", out: dict | None = None) -> dict:
    """Every rating result in a ``rate --json`` tree, keyed by the ids on its way: what must not change."""
    out = {} if out is None else out
    if isinstance(node, dict):
        here = f"{path}/{node['id']}" if "id" in node else path
        for key, value in node.items():
            if key in RESULT_KEYS and (not isinstance(value, (dict, list)) or isinstance(value, dict)
                                       and all(not isinstance(v, (dict, list)) for v in value.values())):
                out[f"{here}.{key}"] = value
            elif isinstance(value, (dict, list)):
                results(value, here if "id" in node else f"{path}/{key}", out)
    elif isinstance(node, list):
        for item in node:
            results(item, path, out)
    return out


def user_version(path: Path) -> int:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def old_copy(tmp_path: Path, name: str) -> Path:
    dest = tmp_path / name
    shutil.copyfile(DATA / name, dest)
    return dest


def test_every_old_schema_has_a_file():
    versions = {user_version(DATA / name) for name in OLD_FILES}
    # schema 4 is kept too: it becomes old when the schema grows
    assert set(range(1, records.SCHEMA_VERSION)) | {4} <= versions <= set(range(1, records.SCHEMA_VERSION + 1))
    assert all((DATA / name.replace(".appraisal", ".rate.json")).is_file() for name in OLD_FILES)


@pytest.mark.parametrize("name", OLD_FILES)
def test_an_old_file_migrates_on_open_and_rates_as_before(capsys, tmp_path, name):
    path = old_copy(tmp_path, name)
    before = json.loads((DATA / name.replace(".appraisal", ".rate.json")).read_text(encoding="utf-8"))
    assert user_version(path) <= records.SCHEMA_VERSION

    now = rate_json(capsys, path)

    assert user_version(path) == records.SCHEMA_VERSION
    old_results, new_results = results(before), results(now)
    assert len(old_results) > 3 and old_results.keys() == new_results.keys()
    changed = {key: (old_results[key], new_results[key]) for key in old_results
               if old_results[key] != new_results[key]}
    assert changed == {key: values for (file, key), values in RULE_CHANGES.items() if file == name}
    # what was recorded is all there, and the file takes new writes
    log = ok(capsys, "log", path)
    assert "appraisal created" in log
    with Appraisal.open(path) as appraisal:
        project = appraisal.info.projects[0]
        practice = next(p for p in appraisal.practices if p not in appraisal.cells.all())
        appraisal.cells.characterize(practice, project, appraisal.values[0], who="tester")
        assert appraisal.cells.all()[practice] == {project: appraisal.values[0]}
        assert appraisal.decisions.all() or appraisal.findings.all(), "what the team recorded with the old code is kept"


def test_an_old_audit_keeps_its_findings_sites_and_statuses(capsys, tmp_path):
    path = old_copy(tmp_path, "schema-4-audit.appraisal")
    with Appraisal.open(path) as appraisal:
        found = {(f.kind, f.practice, f.site, f.status) for f in appraisal.findings.all()}
    assert found == {("minor", "8.5.1", "PLANT-2", "open"), ("ofi", "7.5.3", "", "")}


def _fail_in_last_step(monkeypatch) -> None:
    """The last migration step does its work, then fails: everything before it must be undone too."""
    last = records.SCHEMA_VERSION - 1
    step = store_module.MIGRATIONS[last]

    def failing(conn):
        step(conn)
        raise sqlite3.OperationalError("disk I/O error (injected)")

    monkeypatch.setitem(store_module.MIGRATIONS, last, failing)


@pytest.mark.parametrize("name", ["schema-1.appraisal", "schema-3-spice.appraisal"])
def test_a_failed_migration_leaves_the_file_as_it_was(capsys, tmp_path, monkeypatch, name):
    path = old_copy(tmp_path, name)
    original = digest(path)
    _fail_in_last_step(monkeypatch)
    assert_one_line_error(*run(capsys, "rate", path), "cannot upgrade", "injected", "unchanged")
    assert digest(path) == original
    assert user_version(path) == user_version(DATA / name)
    monkeypatch.undo()
    # no "duplicate column name" on the next open: the whole migration runs again
    assert rate_json(capsys, path)["framework"]
    assert user_version(path) == records.SCHEMA_VERSION


KILLED_MIGRATION = textwrap.dedent("""
    import sys, time
    from appraise.store import records
    from appraise.store.sqlite import migrations as store
    last = records.SCHEMA_VERSION - 1
    step = store.MIGRATIONS[last]
    def slow(conn):
        step(conn)
        # more than the page cache holds: in rollback-journal mode SQLite writes into the file before COMMIT
        conn.execute("CREATE TABLE ballast (x)")
        for _ in range(1500):
            conn.execute("INSERT INTO ballast VALUES (randomblob(4000))")
        print("in the last step", flush=True)
        time.sleep(60)
    store.MIGRATIONS[last] = slow
    store.migrate_file(__import__("pathlib").Path(sys.argv[1]))
""")


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_a_migration_killed_in_its_last_step_leaves_the_file_as_it_was(capsys, tmp_path, journal):
    path = old_copy(tmp_path, "schema-2.appraisal")
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA journal_mode = {journal}")
    conn.close()
    original = digest(path)
    env = {**os.environ, "PYTHONPATH": str(Path(store_module.__file__).parents[3])}
    for _attempt in range(2):
        proc = subprocess.Popen([sys.executable, "-c", KILLED_MIGRATION, str(path)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=env, text=True)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "in the last step", proc.stderr.read() if proc.stderr else ""
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        # what every open does first: the interrupted transaction is rolled back, the file is as it was
        assert connection.probe(path) == 2
        assert digest(path) == original
    assert rate_json(capsys, path)["framework"] == "cmmi-dev-1.3"
    assert user_version(path) == records.SCHEMA_VERSION


MIGRATION = ("import pathlib, sys; from appraise.store.sqlite import migrations; print('ready', flush=True); "
             "migrations.migrate_file(pathlib.Path(sys.argv[1]))")


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_a_migration_killed_at_any_moment_leaves_the_old_file_or_the_migrated_one(capsys, tmp_path, journal):
    """kill -9 at random moments of a real migration: never a half-migrated file, always one that opens."""
    import random

    rng = random.Random(4)
    env = {**os.environ, "PYTHONPATH": str(Path(store_module.__file__).parents[3])}
    outcomes = set()
    for attempt in range(6):
        path = tmp_path / f"{attempt}.appraisal"
        shutil.copyfile(DATA / "schema-1.appraisal", path)
        conn = sqlite3.connect(path)
        conn.execute(f"PRAGMA journal_mode = {journal}")
        conn.close()
        original = digest(path)
        proc = subprocess.Popen([sys.executable, "-c", MIGRATION, str(path)], env=env, stdout=subprocess.PIPE,
                                text=True)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0, 0.06))  # the migration itself takes some 20-60 ms
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        conn = sqlite3.connect(path)  # as any later open does: a hot journal is rolled back
        left = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.close()
        assert left in (1, records.SCHEMA_VERSION)
        if left == 1:
            assert digest(path) == original
        outcomes.add(left)
        rating = rate_json(capsys, path)  # and it opens: migrated now if it was not
        assert rating["framework"] == "cmmi-dev-1.3"
        assert user_version(path) == records.SCHEMA_VERSION
    assert outcomes <= {1, records.SCHEMA_VERSION}


def test_two_opens_of_one_old_file_migrate_it_once(tmp_path):
    path = old_copy(tmp_path, "schema-1.appraisal")
    assert store_module.migrate_file(path) == 1
    assert store_module.migrate_file(path) == records.SCHEMA_VERSION  # nothing left to do: no step runs twice


@pytest.mark.parametrize("journal", ["delete", "wal"])  # the old code left its files in WAL mode
@pytest.mark.parametrize("how", ["file", "folder"])
def test_a_read_only_old_file_is_read_without_migrating(capsys, tmp_path, how, journal):
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "schema-1.appraisal"
    shutil.copyfile(DATA / "schema-1.appraisal", path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA journal_mode = {journal}")
    conn.close()
    original = digest(path)
    (path if how == "file" else folder).chmod(0o444 if how == "file" else 0o555)
    try:
        before = results(json.loads((DATA / "schema-1.rate.json").read_text(encoding="utf-8")))
        now = results(rate_json(capsys, path))
        assert {k for k in before if before[k] != now[k]} == {k for f, k in RULE_CHANGES if f == path.name}
        assert "decision: not_applicable [SAM]" in ok(capsys, "log", path)
        out = tmp_path / "summary.md"
        ok(capsys, "export", path, "-o", out)
        assert "Acme Payments" in out.read_text(encoding="utf-8")
        assert_one_line_error(*run(capsys, "characterize", path, "REQM SP 1.1", "ALPHA", "LI"),
                              "read-only", "older appraise")
        assert_one_line_error(*run(capsys, "decide", path, "REQM SP 1.3", "LI", "--why", "x"),
                              "read-only", "older appraise")
        with pytest.raises(StoreError, match="read-only"):
            SqliteStore.open(path)
        assert digest(path) == original and user_version(path) == 1
        if journal == "delete":  # nothing written beside it either
            assert sorted(p.name for p in folder.iterdir()) == ["schema-1.appraisal"]
    finally:
        path.chmod(0o644) if how == "file" else folder.chmod(0o755)


@pytest.mark.parametrize("name", OLD_FILES)
def test_a_migrated_file_has_the_schema_a_new_file_has(tmp_path, name):
    """The last step rebuilds every table from the SQLModel tables: an old file ends with exactly the
    tables, columns, keys and indexes of a new one, each row belonging to its one appraisal."""
    path = old_copy(tmp_path, name)
    store_module.migrate_file(path)
    fresh = tmp_path / "fresh.appraisal"
    conn = sqlite3.connect(fresh)
    store_module.create_schema(conn)
    conn.close()

    def schema(p: Path) -> set[tuple[str, str, str | None]]:
        c = sqlite3.connect(p)
        try:
            return set(c.execute("SELECT type, name, sql FROM sqlite_master"))
        finally:
            c.close()

    assert schema(path) == schema(fresh)
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT id FROM appraisal").fetchall() == [(1,)]
        for table in ("project", "evidence", "evidence_link", "characterization", "decision", "finding", "setting",
                      "scope_area", "suggestion", "change_log", "assessor_rating"):
            assert conn.execute(f"SELECT DISTINCT appraisal_id FROM {table}").fetchall() in ([], [(1,)]), table
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()
