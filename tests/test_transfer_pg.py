"""push, pull, list against a real PostgreSQL (``tests/pg.py``: a new database per test).

An appraisal with every kind of change is pushed into a database that already holds another appraisal (so every id
moves), listed, undone and redone there as in the original file, and pulled back: the same rating and change log.
Every refusal a user can cause (a name taken, an unknown name, an unreachable server, a wrong password, an existing
output file) is one line, and changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from cli_helpers import _in_tmp, assert_one_line_error, ok, run  # noqa: F401 (_in_tmp: an autouse fixture)
from pg import pg_dsn, pg_server  # noqa: F401
from transfer_helpers import content, log_rows, make_original, make_shared

from appraise.errors import UsageError
from appraise.locations import locate
from appraise.services import Appraisal
from appraise.services.undo import stacks


def _at(dsn: str, name: str) -> str:
    return f"{dsn}?appraisal={name}"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def pushed(capsys, pg_dsn, tmp_path) -> tuple[str, Path]:  # noqa: F811
    """The database with ``other`` (another appraisal) and ``acme`` (the original, pushed after it)."""
    original, other = make_original(tmp_path), make_shared(tmp_path)
    digest = _digest(original)
    assert ok(capsys, "push", other, _at(pg_dsn, "other")).startswith(f"Copied {other} to ")
    out = ok(capsys, "push", original, _at(pg_dsn, "acme"))
    assert out.startswith(f"Copied {original} to ") and out.endswith("(the file is unchanged).\n")
    assert _digest(original) == digest
    return pg_dsn, original


def test_push_list_pull_round_trip(capsys, pushed, tmp_path):
    dsn, original = pushed
    with Appraisal.open(original) as a:
        entries = a.history.log()
    listed = {r["name"]: r for r in json.loads(ok(capsys, "list", dsn, "--json"))}
    assert sorted(listed) == ["acme", "other"]
    assert (listed["acme"]["unit"], listed["acme"]["framework_id"], listed["acme"]["changes"],
            listed["acme"]["last_change_at"]) == ("Acme Payments", "cmmi-dev-1.3", len(entries), entries[-1].at)
    table = ok(capsys, "list", dsn).splitlines()
    assert table[0].split() == ["name", "unit", "model", "changes", "last", "change"]
    assert [line.split()[0] for line in table[1:]] == ["acme", "other"]

    ok(capsys, "pull", _at(dsn, "acme"), "-o", tmp_path / "back.appraisal")
    for command in (["rate", "{}", "--json"], ["log", "{}"], ["team", "{}"]):
        assert ok(capsys, *(str(tmp_path / "back.appraisal") if c == "{}" else c for c in command)) == \
               ok(capsys, *(str(original) if c == "{}" else c for c in command))
    with Appraisal.open(tmp_path / "back.appraisal") as back, Appraisal.open(original) as orig:
        assert (content(back), log_rows(back)) == (content(orig), log_rows(orig))


def _step(store, step: str) -> list[tuple] | str:
    """Undo or redo the last change of "lead" in ``store`` as ``appraise undo`` does; what it did, or the refusal."""
    done, undone = stacks(store.undo_history("lead"))
    stack = done if step == "undo" else undone
    if not stack:
        return f"nothing to {step}"
    try:
        return [(r.what, r.target, r.undone, r.restored) for r in store.reverse_changes([(stack[-1], step)], "lead")]
    except UsageError as exc:
        return str(exc)


def test_undo_and_redo_on_the_server_as_in_the_original(pushed):
    dsn, original = pushed
    from appraise.store.postgres import PostgresStore

    server = PostgresStore.open(locate(_at(dsn, "acme")))
    with Appraisal(server) as mine, Appraisal.open(original) as orig:
        assert content(mine) == content(orig)
        for step in ("undo", "redo"):
            for _ in range(40):
                outcome = [_step(server, step), _step(orig.store, step)]
                assert outcome[0] == outcome[1]
                assert content(mine) == content(orig), outcome
                if isinstance(outcome[0], str):
                    break
            assert outcome[0] == f"nothing to {step}"


def test_refusals_are_one_line_and_change_nothing(capsys, pushed, tmp_path, monkeypatch):
    dsn, original = pushed
    before = ok(capsys, "list", dsn, "--json")
    assert_one_line_error(*run(capsys, "push", original, _at(dsn, "acme")), "acme")  # the name is taken
    assert_one_line_error(*run(capsys, "pull", _at(dsn, "nobody"), "-o", "x.appraisal"), "nobody", "acme")
    assert not Path("x.appraisal").exists()
    ok(capsys, "pull", _at(dsn, "acme"), "-o", "x.appraisal")
    digest = _digest(Path("x.appraisal"))
    assert_one_line_error(*run(capsys, "pull", _at(dsn, "acme"), "-o", "x.appraisal"), "already exists")
    assert _digest(Path("x.appraisal")) == digest
    monkeypatch.setenv("APPRAISE_DB", dsn)
    ok(capsys, "pull", "@acme", "-o", "x.appraisal", "--force")
    assert _digest(Path("x.appraisal")) != "" and ok(capsys, "rate", "x.appraisal", "--json") == \
        ok(capsys, "rate", original, "--json")
    parts = dsn.split("@", 1)
    wrong = parts[0].rsplit(":", 1)[0] + ":not-the-password@" + parts[1]
    rc, out, err = run(capsys, "push", original, _at(wrong, "new"))
    assert_one_line_error(rc, out, err)
    assert "not-the-password" not in err
    assert_one_line_error(*run(capsys, "list", "postgresql://appraise@127.0.0.1:1/appraise"))  # nobody listens
    assert ok(capsys, "list", dsn, "--json") == before
