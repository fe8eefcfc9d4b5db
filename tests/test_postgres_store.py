"""The PostgreSQL store against a real server (``tests/pg.py``): what the store contract does not say.

Every error a user can cause is one line (unreachable server, password refused, no such database, no such
appraisal, a name taken, a newer schema, busy); two people editing one cell at the same moment are both
recorded, the later one standing; two first users create the tables once; an appraisal pushed from a file and
pulled back is the same appraisal. The store contract itself (tests/store_contract) runs on both backends.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import psycopg
import pytest
from pg import pg_dsn, pg_server, with_database  # noqa: F401

from appraise.errors import StoreError
from appraise.locations import locate
from appraise.store import AppraisalStore, transfer
from appraise.store.postgres import PostgresStore
from appraise.store.postgres import store as pg_store
from appraise.store.sqlite import SqliteStore

ROOT = Path(__file__).resolve().parents[1]
ARGS = dict(unit="Acme Payments", framework_id="m", framework_text="id: m\n", representation="staged", target=2,
            areas=["REQM", "PP"], projects=["ALPHA", "BETA"], who="lead")


def at(dsn: str, name: str = "acme"):
    return locate(f"{dsn}?appraisal={name}")


def test_a_new_appraisal_is_named_listed_and_opened_by_its_name(pg_dsn):  # noqa: F811
    store = PostgresStore.create(at(pg_dsn), **ARGS)
    other = PostgresStore.create(at(pg_dsn, "orion"), **{**ARGS, "unit": "Orion"})
    assert isinstance(store, AppraisalStore)
    assert str(store.path) == at(pg_dsn).shown and ":appraise@" not in str(store.path)  # never the password
    assert store.info().name == "acme" and len(store.info().uid) == 32
    assert store.database_user() == "appraise"
    store.set_characterizations([("PP SP 1.1", "ALPHA", "FI", "")], "atm1")
    listed = PostgresStore.listing(at(pg_dsn))
    assert [(a.name, a.unit, a.changes) for a in listed] == [("acme", "Acme Payments", 2), ("orion", "Orion", 1)]
    again = PostgresStore.open(at(pg_dsn))
    assert again.appraisal_id == store.appraisal_id and again.characterizations() == {"PP SP 1.1": {"ALPHA": "FI"}}
    for s in (store, other, again):
        s.close()


def _refusal(call) -> str:
    with pytest.raises(StoreError) as caught:
        call()
    text = str(caught.value)
    assert "\n" not in text and "Traceback" not in text
    return text


def test_every_connection_error_is_one_line_saying_what_to_do(pg_dsn, pg_server):  # noqa: F811
    closed = locate("postgresql://appraise:appraise@127.0.0.1:1/appraise?appraisal=acme")
    assert "cannot reach the PostgreSQL server (connection refused)" in _refusal(lambda: PostgresStore.open(closed))
    nohost = locate("postgresql://appraise:appraise@no-such-host.invalid/appraise?appraisal=acme")
    assert "cannot reach the PostgreSQL server" in _refusal(lambda: PostgresStore.open(nohost))
    wrong = at(pg_dsn.replace("appraise:appraise@", "appraise:not-the-password@"))
    text = _refusal(lambda: PostgresStore.open(wrong))
    assert "refused the password of appraise" in text and "not-the-password" not in text
    nodb = at(with_database(pg_server, "no_such_db"))
    assert "there is no database no_such_db on that server" in _refusal(lambda: PostgresStore.open(nodb))
    assert "name the appraisal" in _refusal(lambda: PostgresStore.open(locate(pg_dsn)))


def test_no_such_appraisal_names_those_there_and_a_name_is_taken_once(pg_dsn):  # noqa: F811
    assert "no appraisal acme in this database (it holds none yet" in _refusal(lambda: PostgresStore.open(at(pg_dsn)))
    PostgresStore.create(at(pg_dsn), **ARGS).close()
    PostgresStore.create(at(pg_dsn, "orion"), **ARGS).close()
    assert "no appraisal zeta in this database (it holds acme, orion" in _refusal(
        lambda: PostgresStore.open(at(pg_dsn, "zeta")))
    assert "already holds an appraisal named acme" in _refusal(lambda: PostgresStore.create(at(pg_dsn), **ARGS))
    assert [a.name for a in PostgresStore.listing(at(pg_dsn))] == ["acme", "orion"]


def test_two_first_users_at_once_create_the_tables_once_and_one_name_once(pg_dsn):  # noqa: F811
    start = threading.Barrier(4)
    results: dict[str, object] = {}

    def create(key: str, name: str) -> None:
        start.wait()
        try:
            PostgresStore.create(at(pg_dsn, name), **ARGS).close()
            results[key] = "created"
        except StoreError as exc:
            results[key] = str(exc)
        except BaseException as exc:  # anything else fails the test, saying what it was
            results[key] = f"unexpected: {exc!r}"

    threads = [threading.Thread(target=create, args=(k, n)) for k, n in
               (("a", "acme"), ("b", "orion"), ("c", "zeta"), ("d", "zeta"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert results["a"] == results["b"] == "created", results
    zeta = sorted(str(results[k]) for k in "cd")
    assert zeta[0] == "created" and "already holds an appraisal named zeta" in zeta[1], results
    assert [a.name for a in PostgresStore.listing(at(pg_dsn))] == ["acme", "orion", "zeta"]


def test_a_database_of_a_newer_schema_is_refused_in_one_line(pg_dsn):  # noqa: F811
    PostgresStore.create(at(pg_dsn), **ARGS).close()
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        conn.execute("UPDATE appraise_schema SET version = 99")
    for call in (lambda: PostgresStore.open(at(pg_dsn)), lambda: PostgresStore.create(at(pg_dsn, "b"), **ARGS),
                 lambda: PostgresStore.listing(at(pg_dsn))):
        assert "written by a newer appraise (schema 99" in _refusal(call)


def test_a_write_kept_waiting_is_refused_as_busy_in_the_sqlite_stores_words(pg_dsn, monkeypatch):  # noqa: F811
    monkeypatch.setattr(pg_store, "LOCK_TIMEOUT_MS", 200)
    store = PostgresStore.create(at(pg_dsn), **ARGS)
    with psycopg.connect(pg_dsn) as other:
        other.execute("SELECT id FROM appraisal WHERE id = %s FOR UPDATE", (store.appraisal_id,))
        text = _refusal(lambda: store.set_characterizations([("PP SP 1.1", "ALPHA", "FI", "")], "atm1"))
        other.rollback()
    assert text.endswith("cannot save the characterizations (the appraisal is busy: another appraise kept it "
                         "locked for more than 0.2 s; nothing was changed, try again in a moment)")
    assert store.change_log()[-1].what == "appraisal created"
    store.close()


def test_two_edits_of_one_cell_at_the_same_moment_are_both_recorded_and_the_later_stands(pg_dsn):  # noqa: F811
    first = PostgresStore.create(at(pg_dsn), **ARGS)
    second = PostgresStore.open(at(pg_dsn))
    done: dict[str, int] = {}
    start = threading.Barrier(2)

    def edit(store: PostgresStore, who: str, value: str) -> None:
        start.wait()
        done[who] = store.set_characterizations([("PP SP 1.1", "ALPHA", value, "")], who)

    # both writes are made while a third connection holds the appraisal: they queue, then commit in turn
    with psycopg.connect(pg_dsn) as holder:
        holder.execute("SELECT id FROM appraisal WHERE id = %s FOR UPDATE", (first.appraisal_id,))
        threads = [threading.Thread(target=edit, args=(first, "kim", "FI")),
                   threading.Thread(target=edit, args=(second, "lee", "PI"))]
        for t in threads:
            t.start()
        time.sleep(0.5)
        assert all(t.is_alive() for t in threads)  # both waiting for the lock
        holder.rollback()
    for t in threads:
        t.join(30)
    assert done == {"kim": 1, "lee": 1}
    entries = [c for c in first.change_log() if c.target == "PP SP 1.1 / ALPHA"]
    assert len(entries) == 2 and entries[0].old is None and entries[1].old == entries[0].new
    later = entries[1]
    assert first.characterizations() == second.characterizations() == {"PP SP 1.1": {"ALPHA": later.new}}
    assert {e.who for e in entries} == {"kim", "lee"}
    first.close()
    second.close()


def _demo(tmp_path: Path) -> Path:
    path = tmp_path / "acme.appraisal"
    subprocess.run([sys.executable, "-m", "appraise", "demo", "acme-ml2", "--to", str(path), "--force"],
                   check=True, capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, timeout=120)
    return path


def _rate_json(path: Path) -> dict:
    done = subprocess.run([sys.executable, "-m", "appraise", "rate", str(path), "--json"], check=True,
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
                          timeout=120)
    return json.loads(done.stdout)


def test_an_appraisal_pushed_to_the_server_and_pulled_back_is_the_same(pg_dsn, tmp_path):  # noqa: F811
    source = _demo(tmp_path)
    original = SqliteStore.open(source)
    PostgresStore.create(at(pg_dsn, "other"), **ARGS).close()  # the server's ids are not the file's
    pushed = PostgresStore.create_from(at(pg_dsn), transfer.dump(original))
    assert pushed.info().name == "acme" and pushed.info().uid == original.info().uid
    assert pushed.characterizations() == original.characterizations()
    assert pushed.change_log() == original.change_log()
    assert [replace(e, id=0) for e in pushed.evidence_items()] == [replace(e, id=0) for e in original.evidence_items()]
    # the copy works on the server: a change, and its undo
    pushed.set_characterizations([("REQM SP 1.1", original.info().projects[0], "NI", "pushed")], "lead")
    pushed.reverse_changes([(pushed.written[-1], "undo")], "lead")
    back = SqliteStore.create_from(tmp_path / "back.appraisal", transfer.dump(pushed))
    assert back.characterizations() == original.characterizations()
    assert back.change_log()[:len(original.change_log())] == original.change_log()
    assert _rate_json(tmp_path / "back.appraisal") == _rate_json(source)
    assert "already holds an appraisal named acme" in _refusal(
        lambda: PostgresStore.create_from(at(pg_dsn), transfer.dump(original)))
    for s in (original, pushed, back):
        s.close()


def test_the_postgresql_store_costs_nothing_until_a_server_is_used():
    done = subprocess.run([sys.executable, "-c", "import sys, appraise.store.postgres, appraise.store.sqlite; "
                           "print(sorted(m for m in ('psycopg', 'sqlalchemy', 'sqlmodel') if m in sys.modules))"],
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert done.stdout.strip() == "[]", done.stderr


def test_a_connection_the_server_dropped_fails_one_write_in_one_line_and_the_next_reconnects(pg_dsn):  # noqa: F811
    store = PostgresStore.create(at(pg_dsn), **ARGS)
    store.set_characterizations([("PP SP 1.1", "ALPHA", "FI", "")], "atm1")
    with psycopg.connect(pg_dsn, autocommit=True) as admin:  # a server restart, as each connection sees it
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'appraise'")
    text = _refusal(lambda: store.set_characterizations([("PP SP 1.2", "ALPHA", "LI", "")], "atm1"))
    assert "connection to the server was lost (a restart?); nothing was changed" in text
    assert "connection to the server was lost" in _refusal(store.characterizations)
    assert store.set_characterizations([("PP SP 1.2", "ALPHA", "LI", "")], "atm1") == 1
    assert store.characterizations() == {"PP SP 1.1": {"ALPHA": "FI"}, "PP SP 1.2": {"ALPHA": "LI"}}
    store.close()


def test_two_appraisals_importing_at_once_keep_their_own_items_through_undo_and_redo(pg_dsn):  # noqa: F811
    from appraise.store import NewEvidence
    from appraise.store.sqlite import evidence as evidence_writes

    acme = PostgresStore.create(at(pg_dsn), **ARGS)
    orion = PostgresStore.create(at(pg_dsn, "orion"), **ARGS)
    n = 2 * evidence_writes.CHUNK + 500  # several chunks, numbered by the server among the other import's
    start = threading.Barrier(2)

    def run(store: PostgresStore, who: str) -> None:
        items = (NewEvidence("artifact", f"{who} doc {i}", "", "", who, None, "") for i in range(n))
        links = ((i, "PP SP 1.1", "ALPHA" if i % 2 else "BETA") for i in range(n))
        start.wait()
        assert store.import_evidence(items, links, f"{who}.csv", who) == (n, n)

    threads = [threading.Thread(target=run, args=(s, w)) for s, w in ((acme, "acme"), (orion, "orion"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    for store, who in ((acme, "acme"), (orion, "orion")):
        titles = {e.id: e.title for e in store.evidence_items()}
        assert len(titles) == n and all(t.startswith(f"{who} doc ") for t in titles.values())
        # every link goes to the item of its index (an item's id is never taken for another's)
        for evidence_id, links in store.evidence_links_by_item().items():
            index = int(titles[evidence_id].rsplit(" ", 1)[1])
            assert links == [("PP SP 1.1", "ALPHA" if index % 2 else "BETA")]
    ids = sorted(e.id for e in acme.evidence_items())
    acme.reverse_changes([(acme.written[-1], "undo")], "lead")
    assert acme.evidence_items() == [] and len(orion.evidence_items()) == n
    acme.reverse_changes([(acme.written[-1], "redo")], "lead")
    assert sorted(e.id for e in acme.evidence_items()) == ids and acme.evidence_counts()["links"] == n
    assert len(orion.evidence_items()) == n and orion.evidence_counts()["links"] == n
    acme.close()
    orion.close()


def test_text_sorts_as_in_sqlite_whatever_the_servers_locale(pg_dsn):  # noqa: F811
    store = PostgresStore.create(at(pg_dsn), **ARGS)
    with psycopg.connect(pg_dsn) as conn:
        collations = {c for (c,) in conn.execute(
            "SELECT DISTINCT collation_name FROM information_schema.columns WHERE table_schema = 'public' "
            "AND data_type = 'character varying'")}
    assert collations == {"C"}
    for area in ("b", "B", "a", "_x"):
        store.save_finding(None, "weakness", area, None, f"in {area}", "lead")
    assert [f.area for f in store.findings()] == sorted(["b", "B", "a", "_x"])  # byte order: B _x a b
    store.close()
