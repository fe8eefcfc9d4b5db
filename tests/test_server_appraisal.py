"""An appraisal on a team's PostgreSQL server works as a file does, from the command line: ``new``, ``characterize``,
``rate``, ``log`` on ``postgresql://...?appraisal=NAME`` and ``@NAME`` (``$APPRAISE_DB``); the database user is
who made a change unless ``--by`` says; every error a user can cause is one line and exit 1. Against a real server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from urllib.parse import urlsplit, urlunsplit

import pytest

from appraise.services import Appraisal

NEW = ["--framework", "cmmi-dev-1.3", "--target", "2", "--unit", "Acme Payments", "--projects", "ALPHA,BETA"]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("APPRAISE_USER", "APPRAISE_DB")}
    return subprocess.run([sys.executable, "-m", "appraise", *args], capture_output=True, text=True, timeout=120,
                          env={**environ, **(env or {})})


def test_new_characterize_rate_and_log_on_the_server_as_on_a_file(pg_dsn: str, tmp_path) -> None:
    acme = f"{pg_dsn}?appraisal=acme"
    made = run("new", acme, *NEW)
    assert made.returncode == 0, made.stderr
    assert ":appraise@" not in made.stdout + made.stderr  # the password is never shown
    assert run("characterize", acme, "REQM SP 1.1", "ALPHA", "FI").returncode == 0
    by = run("characterize", acme, "REQM SP 1.1", "BETA", "LI", "--by", "Dana Lee")
    assert by.returncode == 0, by.stderr
    rated = run("rate", acme, "--json")
    assert rated.returncode == 0, rated.stderr
    # the same appraisal in a file rates the same
    local = tmp_path / "acme.appraisal"
    assert run("new", str(local), *NEW).returncode == 0
    assert run("characterize", str(local), "REQM SP 1.1", "ALPHA", "FI").returncode == 0
    assert run("characterize", str(local), "REQM SP 1.1", "BETA", "LI").returncode == 0
    assert json.loads(rated.stdout)["process_areas"] == json.loads(run("rate", str(local), "--json").stdout)[
        "process_areas"]
    with Appraisal.open(acme) as a:
        log = [(c.what, c.target, c.new, c.who) for c in a.reader.change_log()]
        assert a.user == "appraise" and a.on_server
    # who: the database user, or --by
    assert ("appraisal created", "acme", "cmmi-dev-1.3 staged target 2", "appraise") == log[0][:4]
    assert ("characterization", "REQM SP 1.1 / ALPHA", "FI", "appraise") in log
    assert ("characterization", "REQM SP 1.1 / BETA", "LI", "Dana Lee") in log
    # a team sharing one database user names itself with $APPRAISE_USER
    assert run("characterize", acme, "REQM SP 1.2", "ALPHA", "PI", env={"APPRAISE_USER": "ann"}).returncode == 0
    with Appraisal.open(acme) as a:
        assert a.reader.change_log()[-1].who == "ann"
    shown = run("log", acme)
    assert shown.returncode == 0 and "REQM SP 1.1 / BETA" in shown.stdout


def test_at_name_takes_the_database_from_appraise_db(pg_dsn: str) -> None:
    env = {"APPRAISE_DB": pg_dsn}
    assert run("new", "@orion", *NEW, env=env).returncode == 0
    assert run("characterize", "@orion", "PP SP 1.1", "ALPHA", "PI", env=env).returncode == 0
    with Appraisal.open(f"{pg_dsn}?appraisal=orion") as a:
        assert a.reader.characterization("PP SP 1.1", "ALPHA") == "PI"
    refused = run("rate", "@orion")
    assert refused.returncode != 0 and "APPRAISE_DB" in refused.stderr and "Traceback" not in refused.stderr


def _with(dsn: str, **parts: str) -> str:
    u = urlsplit(dsn)
    netloc = f"{parts.get('user', u.username)}:{parts.get('password', u.password)}@{u.hostname}:" \
             f"{parts.get('port', u.port)}"
    return urlunsplit(u._replace(netloc=netloc))


@pytest.mark.parametrize("case", ["unreachable", "password", "no appraisal", "no name", "taken", "no database"])
def test_every_error_a_user_can_cause_is_one_line(pg_dsn: str, case: str) -> None:
    assert run("new", f"{pg_dsn}?appraisal=acme", *NEW).returncode == 0
    location, command = {
        "unreachable": (f"{_with(pg_dsn, port='1')}?appraisal=acme", "rate"),
        "password": (f"{_with(pg_dsn, password='wrong')}?appraisal=acme", "rate"),
        "no appraisal": (f"{pg_dsn}?appraisal=nosuch", "rate"),
        "no name": (pg_dsn, "rate"),
        "taken": (f"{pg_dsn}?appraisal=acme", "new"),
        "no database": (f"{pg_dsn}_missing?appraisal=acme", "rate"),
    }[case]
    done = run(command, location, *(NEW if command == "new" else ()))
    assert done.returncode == 1, (done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("appraise: "), done.stderr
    assert "wrong" not in done.stderr and ":appraise@" not in done.stderr  # no password in the message
    expected = {"unreachable": "cannot", "password": "password", "no appraisal": "no appraisal nosuch",
                "no name": "?appraisal=", "taken": "already holds an appraisal named acme",
                "no database": "there is no database"}[case]
    assert expected in lines[0], lines[0]
