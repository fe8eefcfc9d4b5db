"""The appraisal file: one SQLite file, pragmas, schema version, migrations, change log."""

from __future__ import annotations

import json
import sqlite3

import pytest

from appraise.errors import StoreError
from appraise.io.export import render_json, summary
from appraise.services import Appraisal
from appraise.store import records as store_module
from appraise.store.records import APPLICATION_ID
from appraise.store.sqlite import SqliteStore
from appraise.store.sqlite import migrations as store_writer
from appraise.store.sqlite.connection import connect_for_writing


def _create(path, **kw):
    args = dict(framework="cmmi-dev-1.3", representation="staged", target=2, unit="Acme Payments",
                projects=["ALPHA", "BETA"], who="lead")
    args.update(kw)
    return Appraisal.create(path, **args)


def test_one_file_holds_the_appraisal_and_reopens(tmp_path):
    path = tmp_path / "acme.appraisal"
    with _create(path) as a:
        a.cells.characterize("REQM SP 1.1", "ALPHA", "LI", note="trace matrix stale", who="atm1")
    with Appraisal.open(path) as again:
        assert again.info.unit == "Acme Payments"
        assert again.info.projects == ("ALPHA", "BETA")
        assert again.info.areas == ("REQM", "PP", "PMC", "SAM", "MA", "PPQA", "CM")
        assert again.store.characterizations() == {"REQM SP 1.1": {"ALPHA": "LI"}}
        assert again.store.characterization_notes() == {("REQM SP 1.1", "ALPHA"): "trace matrix stale"}
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert raw.execute("PRAGMA user_version").fetchone()[0] == store_module.SCHEMA_VERSION
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    raw.close()


def test_connections_use_foreign_keys_and_a_busy_timeout(tmp_path):
    _create(tmp_path / "a.appraisal").close()
    conn = connect_for_writing(tmp_path / "a.appraisal")
    try:
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("INSERT INTO characterization (appraisal_id, practice_id, project_id, value, note, "
                         "updated_by, updated_at) VALUES (1, 'REQM SP 1.1', 999, 'FI', '', '', '')")
    finally:
        conn.close()


def test_refuses_files_that_are_not_appraisals(tmp_path):
    text = tmp_path / "notes.appraisal"
    text.write_text("not a database", encoding="utf-8")
    with pytest.raises(StoreError, match="is not an appraisal file"):
        SqliteStore.open(text)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(StoreError, match="is not an appraisal file"):
        SqliteStore.open(other)
    with pytest.raises(StoreError, match="no such appraisal file"):
        SqliteStore.open(tmp_path / "missing.appraisal")


def test_create_never_overwrites(tmp_path):
    path = tmp_path / "a.appraisal"
    _create(path).close()
    with pytest.raises(StoreError, match="already exists"):
        _create(path)


def test_newer_schema_is_refused_and_older_is_migrated(tmp_path, monkeypatch):
    path = tmp_path / "a.appraisal"
    _create(path).close()
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {store_module.SCHEMA_VERSION + 1}")
    raw.commit()
    raw.close()
    with pytest.raises(StoreError, match="newer appraise"):
        SqliteStore.open(path)

    # an old file (schema N) opened by a version whose schema is N + 1 runs migration N
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {store_module.SCHEMA_VERSION}")
    raw.commit()
    raw.close()
    new_version = store_module.SCHEMA_VERSION + 1
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", new_version)
    monkeypatch.setitem(store_writer.MIGRATIONS, new_version - 1,
                        lambda conn: conn.execute("ALTER TABLE project ADD COLUMN lifecycle TEXT"))
    with Appraisal.open(path) as a:  # the old data stay readable
        assert a.info.projects == ("ALPHA", "BETA")
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == new_version
    assert "lifecycle" in [r[1] for r in raw.execute("PRAGMA table_info(project)")]
    raw.close()


def test_change_log_records_what_old_new_who_when(tmp_path):
    with _create(tmp_path / "a.appraisal") as a:
        a.cells.characterize("REQM SP 1.1", "ALPHA", "FI", who="atm1")
        a.cells.characterize("REQM SP 1.1", "ALPHA", "FI", who="atm1")  # no change, no entry
        a.cells.characterize("REQM SP 1.1", "ALPHA", "PI", who="atm2")
        a.cells.characterize("REQM SP 1.1", "ALPHA", None, who="atm2")
        a.decisions.decide("SAM", "not_applicable", "no suppliers", who="lead")
        log = a.store.change_log()
    entries = [(c.what, c.target, c.old, c.new, c.who) for c in log[1:]]
    assert entries == [
        ("characterization", "REQM SP 1.1 / ALPHA", None, "FI", "atm1"),
        ("characterization", "REQM SP 1.1 / ALPHA", "FI", "PI", "atm2"),
        ("characterization cleared", "REQM SP 1.1 / ALPHA", "PI", None, "atm2"),
        ("decision: not_applicable", "SAM", None, "not_applicable — no suppliers", "lead"),
    ]
    assert all(c.at.startswith("20") for c in log)


def test_exports_never_name_people(tmp_path):
    index = tmp_path / "index.csv"
    index.write_text("Practice,Project,Title,Kind,Collected by,Source\n"
                     "REQM SP 1.1,ALPHA,PM interview session 2,affirmation,Jane Roe,Project manager\n",
                     encoding="utf-8")
    with _create(tmp_path / "a.appraisal", who="John Doe") as a:
        a.evidence.import_plan(a.evidence.plan_import(index), who="John Doe")
        a.cells.characterize("REQM SP 1.1", "ALPHA", "LI", who="John Doe")
        a.decisions.decide("SAM", "not_applicable", "no suppliers", who="John Doe")
        data = summary(a.info, a.framework, a.rate().to_dict(), a.decisions.all(), a.progress())
        markdown = a.export_text("md")  # the report, with the evidence index in it
    assert "PM interview session 2" in markdown
    for text in (markdown, render_json(data), json.dumps(data)):
        assert "John Doe" not in text and "Jane Roe" not in text
        assert "no suppliers" in text


def test_the_file_alone_holds_every_saved_change(tmp_path):
    """Copying just the .appraisal file mid-session (no -wal beside it) copies the whole appraisal."""
    import shutil

    path = tmp_path / "a.appraisal"
    with _create(path) as a:
        a.cells.characterize("REQM SP 1.1", "ALPHA", "LI", note="stale trace matrix")
        copy = tmp_path / "copy.appraisal"
        shutil.copyfile(path, copy)  # while the appraisal is still open
    with Appraisal.open(copy) as c:
        assert c.cells.all() == {"REQM SP 1.1": {"ALPHA": "LI"}}
