"""The team's PostgreSQL store: ``rate()`` against the same appraisal on SQLite, and many writers at once.

(a) **rate()**: builds the staged ML5 appraisal of ``bench_rating.py`` (431 practices x ``--projects`` projects,
every cell characterized, decisions recorded) in a file, pushes it to the server (``PostgresStore.create_from``),
and times ``Appraisal.rate()`` on each, alternating, ``--runs`` times after a warm-up. Target: the PostgreSQL
median within ``TARGET_RATIO`` (3x) of the SQLite one.

(c) **the terminal UI's start**: a new process opens the app on that appraisal until its overview shows the data,
on the file and on the server, alternating, ``--start-runs`` times. Target: within ``START_TARGET_RATIO`` (2x).

(b) **load**: ``--pg-writers`` writer processes (default 8) each make ``--changes`` (default 1,000)
``set_characterizations`` calls, one cell each, against one appraisal on the server, all at once; then
``--sqlite-writers`` (default 4) against one SQLite file. Nothing may be lost: every change is in the table and in
the change log, each writer's own count too; no writer may print a traceback. Reports the throughput (changes per
second). Bounded: a writer not done after ``--timeout`` seconds (default 120) fails the benchmark.

The server: ``--dsn`` (or ``$APPRAISE_TEST_PG``), else one started here with ``scripts/dev-postgres`` in a
temporary folder on a free port, and stopped at the end. Loopback only: a DSN naming another host is refused.
Each run works in a database of its own, dropped at the end.

    .venv/bin/python bench/bench_team_store.py [--projects 30] [--runs 20] [--changes 1000] [--dsn DSN]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

if str(Path(__file__).resolve().parent) not in sys.path:  # run as a script or loaded by path
    sys.path.insert(0, str(Path(__file__).resolve().parent))

import _benchutil as bu  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TARGET_RATIO = 3.0
#: The terminal UI's start on the server against its start on a file (issue 15).
START_TARGET_RATIO = 2.0
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
#: The environment variable a writer process takes its location from (a DSN holds a password: never argv).
WRITER_LOCATION = "APPRAISE_BENCH_LOCATION"


def _args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--projects", type=int, default=30, help="projects of the rated appraisal (default 30)")
    parser.add_argument("--runs", type=int, default=20, help="timed rate() runs of each store (default 20)")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--start-runs", type=int, default=5, help="timed starts of the terminal UI on each (default 5)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pg-writers", type=int, default=8)
    parser.add_argument("--sqlite-writers", type=int, default=4)
    parser.add_argument("--changes", type=int, default=1000, help="set_characterizations calls per writer")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds the load may take (default 120)")
    parser.add_argument("--dsn", default=os.environ.get("APPRAISE_TEST_PG"), help="a loopback PostgreSQL server")
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--writer", type=int, default=None, help=argparse.SUPPRESS)  # a writer process
    args = parser.parse_args(argv)
    if min(args.projects, args.runs, args.pg_writers, args.sqlite_writers, args.changes) < 1:
        parser.error("--projects, --runs, --pg-writers, --sqlite-writers and --changes must be at least 1")
    return args


# -- the server ---------------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server(dsn: str | None, work: Path) -> Iterator[str]:
    """A loopback server's DSN: ``dsn``, or one started with scripts/dev-postgres (stopped at the end)."""
    if dsn:
        host = urlsplit(dsn).hostname or "127.0.0.1"
        if host not in LOOPBACK and not host.startswith("/"):
            raise SystemExit(f"bench_team_store: {host} is not the loopback address; the benchmark runs on 127.0.0.1")
        yield dsn
        return
    folder = Path(tempfile.mkdtemp(prefix="appraise-bench-pg-"))
    os.chmod(folder, 0o777)  # as root the cluster belongs to the postgres user
    script = str(ROOT / "scripts" / "dev-postgres")
    try:
        started = subprocess.run([script, "start", str(folder / "cluster"), str(_free_port())],
                                 capture_output=True, text=True, timeout=120)
        if started.returncode != 0:
            raise SystemExit(f"bench_team_store: no PostgreSQL server ({started.stderr.strip()})")
        yield started.stdout.strip()
    finally:
        subprocess.run([script, "stop", str(folder / "cluster")], capture_output=True, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def database(dsn: str) -> Iterator[str]:
    """A new database on the server for this run, dropped at the end."""
    import psycopg

    name = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(dsn)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# -- (a) rate() ------------------------------------------------------------------------------------------
def bench_rate(db: str, work: Path, args: argparse.Namespace) -> dict[str, Any]:
    import bench_rating

    from appraise.locations import locate
    from appraise.services import Appraisal
    from appraise.store import transfer
    from appraise.store.postgres import PostgresStore
    from appraise.store.sqlite import SqliteStore

    path = work / "rating.appraisal"
    built = bench_rating.build(path, args.projects, args.seed)
    source = SqliteStore.open(path)
    PostgresStore.create_from(locate(f"{db}?appraisal=rating"), transfer.dump(source)).close()
    source.close()
    on_file, on_server = Appraisal.open(path), Appraisal(PostgresStore.open(locate(f"{db}?appraisal=rating")))
    try:
        same = on_file.rate().to_dict() == on_server.rate().to_dict()
        for _ in range(args.warmup):
            on_file.rate()
            on_server.rate()
        times: dict[str, list[float]] = {"sqlite": [], "postgres": []}
        for i in range(args.runs):
            for which in (("sqlite", "postgres") if i % 2 == 0 else ("postgres", "sqlite")):
                a = on_file if which == "sqlite" else on_server
                times[which].append(bu.timed(a.rate)[0])
    finally:
        on_file.close()
        on_server.close()
    sqlite_ms, pg_ms = bu.median(times["sqlite"]) * 1000, bu.median(times["postgres"]) * 1000
    return {**built, "rate_sqlite_ms": sqlite_ms, "rate_postgres_ms": pg_ms, "rate_ratio": pg_ms / sqlite_ms,
            "same_rating": same, "target_ratio": TARGET_RATIO}


# -- (c) the terminal UI's start ------------------------------------------------------------------------------
def bench_start(db: str, work: Path, args: argparse.Namespace) -> dict[str, Any]:
    """A new process opens the terminal UI on the rated appraisal until its overview shows the data, then exits: on
    the file and on the server (the appraisal (a) pushed), alternating; the medians' ratio."""
    import bench_tui

    script = work / "start.py"  # a file, not -c: Textual finds an app's CSS relative to its source
    script.write_text(bench_tui.APPRAISE, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(APPRAISE_DATA_DIR=str(work), PYTHONPYCACHEPREFIX=str(work / "pycache"))

    def start(where: str) -> float:
        began = time.perf_counter()
        subprocess.run([sys.executable, str(script)], check=True, env={**env, WRITER_LOCATION: where},
                       timeout=args.timeout)
        return time.perf_counter() - began

    places = {"sqlite": str(work / "rating.appraisal"), "postgres": f"{db}?appraisal=rating"}
    for where in places.values():
        start(where)  # warm the OS caches and the .pyc files
    times: dict[str, list[float]] = {"sqlite": [], "postgres": []}
    for i in range(args.start_runs):
        for which in (("sqlite", "postgres") if i % 2 == 0 else ("postgres", "sqlite")):
            times[which].append(start(places[which]))
    sqlite_s, pg_s = bu.median(times["sqlite"]), bu.median(times["postgres"])
    return {"start_sqlite_s": sqlite_s, "start_postgres_s": pg_s, "start_ratio": pg_s / sqlite_s,
            "start_target_ratio": START_TARGET_RATIO}


# -- (b) the load --------------------------------------------------------------------------------------------
def writer(index: int, changes: int) -> None:
    """One writer process: ``changes`` one-cell writes to its own project, as ``writer{index}``; one JSON line."""
    from appraise.errors import AppraiseError
    from appraise.locations import FileLocation, locate

    where = locate(os.environ[WRITER_LOCATION])
    if isinstance(where, FileLocation):
        from appraise.store.sqlite import SqliteStore

        store: Any = SqliteStore.open(where.path)
    else:
        from appraise.store.postgres import PostgresStore

        store = PostgresStore.open(where)
    done, refused = 0, []
    start = time.perf_counter()
    for i in range(changes):
        try:
            done += store.set_characterizations([(f"LOAD {i}", f"W{index}", "FI" if i % 2 else "LI", "")],
                                                f"writer{index}")
        except AppraiseError as exc:
            refused.append(str(exc))
    store.close()
    print(json.dumps({"writer": index, "done": done, "refused": refused[:3], "refusals": len(refused),
                      "seconds": time.perf_counter() - start}))


def load(location: str, store: Any, writers: int, args: argparse.Namespace) -> dict[str, Any]:
    """``writers`` processes at once against the appraisal at ``location`` (``store`` reads it back after)."""
    env = {**os.environ, WRITER_LOCATION: location,
           "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    before = len(store.change_log())
    start = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, __file__, "--writer", str(w), "--changes", str(args.changes)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for w in range(writers)]
    outputs, timed_out = [], False
    for p in procs:
        try:
            out, err = p.communicate(timeout=max(1.0, args.timeout - (time.perf_counter() - start)))
        except subprocess.TimeoutExpired:
            p.kill()
            out, err = p.communicate()
            timed_out = True
        outputs.append((p.returncode, out, err))
    seconds = time.perf_counter() - start
    reports = [json.loads(out.strip().splitlines()[-1]) for code, out, _err in outputs if code == 0 and out.strip()]
    tracebacks = sum("Traceback" in err for _code, _out, err in outputs)
    cells = sum(len(v) for v in store.characterizations().values())
    log = store.change_log()[before:]
    per_writer = {f"writer{w}": sum(1 for c in log if c.who == f"writer{w}") for w in range(writers)}
    expected = writers * args.changes
    lost = expected - min(cells, len(log))
    ok = (not timed_out and tracebacks == 0 and len(reports) == writers and cells == expected
          and len(log) == expected and all(n == args.changes for n in per_writer.values())
          and all(r["refusals"] == 0 for r in reports))
    return {"writers": writers, "changes_each": args.changes, "seconds": seconds, "per_second": expected / seconds,
            "cells": cells, "log_entries": len(log), "lost": lost, "tracebacks": tracebacks, "timed_out": timed_out,
            "refusals": sum(r["refusals"] for r in reports), "refused": [t for r in reports for t in r["refused"]][:3],
            "ok": ok}


def bench_load(db: str, work: Path, args: argparse.Namespace) -> dict[str, Any]:
    from appraise.locations import locate
    from appraise.store.postgres import PostgresStore
    from appraise.store.sqlite import SqliteStore

    common = dict(unit="Load", framework_id="load", framework_text="id: load\n", representation="staged",
                  target=2, areas=["LOAD"], who="bench")
    pg_projects = [f"W{w}" for w in range(args.pg_writers)]
    on_server = PostgresStore.create(locate(f"{db}?appraisal=load"), projects=pg_projects, **common)
    file = work / "load.appraisal"
    on_file = SqliteStore.create(file, projects=[f"W{w}" for w in range(args.sqlite_writers)], **common)
    try:
        return {"postgres": load(f"{db}?appraisal=load", on_server, args.pg_writers, args),
                "sqlite": load(str(file), on_file, args.sqlite_writers, args)}
    finally:
        on_server.close()
        on_file.close()


def main(argv: list[str] | None = None) -> dict[str, Any]:
    args = _args(argv)
    if args.writer is not None:
        writer(args.writer, args.changes)
        return {}
    work = Path(tempfile.mkdtemp(prefix="appraise-bench-", dir=args.dir))
    try:
        with server(args.dsn, work) as dsn, database(dsn) as db:
            rate = bench_rate(db, work, args)
            rate.update(bench_start(db, work, args))
            loads = bench_load(db, work, args)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    passed = rate["rate_ratio"] <= TARGET_RATIO and rate["start_ratio"] <= START_TARGET_RATIO and \
        rate["same_rating"] and all(v["ok"] for v in loads.values())
    result = {"benchmark": "team_store", **rate, "runs": args.runs, "load": loads, "passed": passed}
    lines = [f"team store, staged ML5: {rate['practices']} practices x {rate['projects']} projects = "
             f"{rate['cells']:,} cells; {args.runs} runs, medians",
             f"  rate() on SQLite                 {rate['rate_sqlite_ms']:8.2f} ms",
             f"  rate() on PostgreSQL             {rate['rate_postgres_ms']:8.2f} ms   "
             f"({'the same rating' if rate['same_rating'] else 'A DIFFERENT RATING'})",
             f"  ratio PostgreSQL/SQLite          {rate['rate_ratio']:8.2f}x   (target <= {TARGET_RATIO:g}x)",
             f"  terminal UI start, file          {rate['start_sqlite_s']:8.2f} s",
             f"  terminal UI start, server        {rate['start_postgres_s']:8.2f} s   ratio {rate['start_ratio']:.2f}x "
             f"(target <= {START_TARGET_RATIO:g}x)"]
    for name, r in loads.items():
        lines.append(f"  load {name:<10} {r['writers']} writers x {r['changes_each']:,} changes: "
                     f"{r['per_second']:8.0f} changes/s, {r['cells']:,} cells, {r['log_entries']:,} log entries, "
                     f"{r['lost']} lost, {r['tracebacks']} tracebacks, {r['refusals']} refused"
                     f"{', TIMED OUT' if r['timed_out'] else ''}  {'OK' if r['ok'] else 'FAILED'}")
    lines.append("  " + ("OK" if passed else "OVER TARGET OR FAILED"))
    bu.emit(result, args.json, lines)
    return result


if __name__ == "__main__":
    outcome = main()
    sys.exit(0 if not outcome or outcome["passed"] else 1)
