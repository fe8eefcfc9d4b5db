"""Evidence import: ``plan_evidence`` + ``import_evidence`` against a raw sqlite3 load.

Generates (seeded, so every run reads the same bytes) an evidence index CSV of
``--rows`` rows for a CMMI-DEV v1.3 staged ML5 appraisal with 30 projects:
about rows / 5 distinct artifacts and affirmations, each linked to ~5
practice/project cells, sorted by practice and project like an exported PIID,
with ~1 % rows repeated verbatim. Then, for ``--rounds`` rounds, alternating
which goes first, it times

* appraise: ``plan = a.evidence.plan_import(csv)`` + ``a.evidence.import_plan(plan)`` on a
  freshly created appraisal (creating it is not timed): read, sniff, validate
  every cell, de-duplicate items and links, write them in one transaction;
* baseline: stdlib ``sqlite3`` on a fresh file (WAL, synchronous=NORMAL like
  the store): ``csv.reader`` over the same file, ``executemany`` of every row
  into one 8-column table, one transaction, commit;

and reports the medians and their ratio. Then the same two END TO END, each as its own
process (process start included: what a CLI user waits):

* appraise: ``python -m appraise evidence import FILE evidence.csv`` on a freshly created
  appraisal (creating it is not timed);
* baseline: the raw sqlite3 script above, run with ``python -c``.

Targets: both ratios <= 3.0. Last, memory: ``appraise evidence import`` of a
``--memory-rows`` index (1,000,000 by default; 0 skips it) as its own process, its peak
resident memory read in that process (VmHWM): target <= 300 MB.
Exit status 1 when over a target.

    .venv/bin/python bench/bench_import.py [--rows 100000] [--rounds 5] [--memory-rows 1000000]
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

if str(Path(__file__).resolve().parent) not in sys.path:  # run as a script or loaded by path
    sys.path.insert(0, str(Path(__file__).resolve().parent))

import _benchutil as bu  # noqa: E402
from bench_cli import appraise_args, process_env, run_process  # noqa: E402

TARGET_RATIO = 3.0
TARGET_PEAK_MB = 300.0

#: The raw baseline as its own process: argv[1] the CSV, argv[2] the database.
BASELINE_SCRIPT = """
import csv, sqlite3, sys
conn = sqlite3.connect(sys.argv[2], isolation_level=None)
conn.execute("PRAGMA journal_mode = WAL")
conn.execute("PRAGMA synchronous = NORMAL")
conn.execute("CREATE TABLE evidence_row (practice TEXT, project TEXT, title TEXT, kind TEXT, "
             "location TEXT, description TEXT, collected_by TEXT, date TEXT)")
with open(sys.argv[1], encoding="utf-8", newline="") as f:
    reader = csv.reader(f)
    next(reader)
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO evidence_row VALUES (?, ?, ?, ?, ?, ?, ?, ?)", reader)
    conn.execute("COMMIT")
conn.close()
"""

#: ``appraise`` as its own process, printing its peak resident memory (kB) to stderr at exit: the process's own
#: high-water mark (VmHWM, reset by exec) where Linux gives it, since getrusage's ru_maxrss is kept across exec
#: and so counts the bench's own memory at the fork (a 1M-row bench parent: ~650 MB for a 175 MB import).
PEAK_SCRIPT = (
    "import atexit, resource, runpy, sys\n"
    "def peak():\n"
    "    try:\n"
    "        with open('/proc/self/status') as f:\n"
    "            return next(int(l.split()[1]) for l in f if l.startswith('VmHWM:'))\n"
    "    except (OSError, StopIteration):\n"
    "        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "atexit.register(lambda: sys.stderr.write(f'peak_rss_kb {peak()}\\n'))\n"
    "sys.argv = ['appraise', *sys.argv[1:]]\n"
    "runpy.run_module('appraise', run_name='__main__')\n"
)
HEADER = ["Practice", "Project", "Title", "Kind", "Location", "Description", "Collected by", "Date"]

_ARTIFACTS = ("Requirements Specification", "Project Plan", "Risk Register", "Status Report", "Test Report",
              "Peer Review Record", "Configuration Audit", "Meeting Minutes", "Design Document",
              "Estimation Worksheet", "Process Improvement Proposal", "Measurement Report", "Training Record",
              "Supplier Agreement", "Decision Analysis Record", "Causal Analysis Report", "Change Request",
              "Baseline Report", "Quality Audit Report", "Lessons Learned")
_ROLES = ("project manager", "requirements engineer", "developer", "tester", "quality assurance",
          "configuration manager", "process group", "senior management", "supplier manager", "architect")
_TEAM = ("A. Berger", "M. Rossi", "K. Tanaka", "S. Okafor", "L. Novak", "J. Silva", "E. Lindqvist", "R. Haddad")
_VERBS = ("shows", "records", "documents", "confirms", "describes", "demonstrates")


def generate_csv(path: Path, rows: int, projects: list[str], practices: list[str], seed: int = 1) -> dict[str, int]:
    """Write a seeded evidence index of exactly ``rows`` data rows to ``path``.

    Returns the counts an importer must arrive at: distinct items (by kind,
    title, location) and distinct (item, practice, project) links.
    """
    rng = random.Random(seed)
    start_day = date(2025, 1, 6)
    out: list[tuple[int, int, list[str]]] = []  # (practice index, project index, row)
    links: set[tuple[int, int, int]] = set()
    item = 0
    while len(out) < rows:
        item += 1
        affirmation = rng.random() < 0.3
        home = rng.randrange(len(projects))
        cells_projects = [home]
        if rng.random() < 0.05 and len(projects) > 1:  # shared by two projects
            cells_projects.append((home + 1 + rng.randrange(len(projects) - 1)) % len(projects))
        # An item supports a handful of neighbouring practices (same area, SPs and GPs).
        first = rng.randrange(len(practices))
        window = range(first, min(len(practices), first + 12))
        near = sorted(rng.sample(window, min(len(window), rng.choice((3, 4, 4, 5, 5, 6)))))
        code = projects[home]
        if affirmation:
            role = rng.choice(_ROLES)
            title = f"Interview {code}-{item:06d}: {role}"
            location = f"notes/{code}/interview-{item:06d}.md" if rng.random() < 0.5 else ""
            kind = rng.choice(("Affirmation", "affirmation", "Oral affirmation", "interview"))
            text = f"The {role} {rng.choice(_VERBS)} how the practice is performed, with examples from {code}"
        else:
            doc = rng.choice(_ARTIFACTS)
            title = f"{code} {doc} DOC-{item:06d} v{rng.randint(1, 4)}.{rng.randint(0, 9)}"
            location = f"https://repo.example.org/{code}/{doc.lower().replace(' ', '-')}/DOC-{item:06d}.docx"
            kind = rng.choice(("Artifact", "artifact", "Direct artifact", "work product"))
            text = f"{doc} {rng.choice(_VERBS)} the work, reviewed by {rng.choice(_ROLES)}; baselined"
        who = rng.choice(_TEAM)
        when = (start_day + timedelta(days=rng.randrange(300))).isoformat()
        for pi in near:
            for pj in cells_projects:
                row = [practices[pi], projects[pj], title, kind, location, text, who, when]
                out.append((pi, pj, row))
                links.add((item, pi, pj))
                if rng.random() < 0.01:  # pasted twice
                    out.append((pi, pj, row))
    del out[rows:]
    # Recount what survived the cut.
    kept_items: set[tuple[str, str, str]] = set()
    kept_links: set[tuple[str, str, str, str]] = set()
    for _pi, _pj, row in out:
        kind = "affirmation" if row[3].lower() in ("affirmation", "oral affirmation", "interview") else "artifact"
        kept_items.add((kind, row[2], row[4]))
        kept_links.add((row[2], row[4], row[0], row[1]))
    out.sort(key=lambda r: (r[0], r[1]))  # a PIID export: by practice, then project
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        w.writerows(r for _pi, _pj, r in out)
    return {"rows": len(out), "items": len(kept_items), "links": len(kept_links)}


def run_appraise(csv_path: Path, db_path: Path, projects: list[str]) -> tuple[float, tuple[int, int]]:
    """Create a fresh appraisal (not timed), then time plan + import."""
    from appraise.services import Appraisal

    a = Appraisal.create(db_path, framework=bu.FRAMEWORK, representation=bu.REPRESENTATION,
                         target=bu.TARGET_LEVEL, unit=bu.UNIT, projects=projects, who="bench")
    try:
        def work() -> tuple[int, int]:
            plan = a.evidence.plan_import(csv_path)
            return a.evidence.import_plan(plan, "bench")
        return bu.timed(work)
    finally:
        a.close()


def run_baseline(csv_path: Path, db_path: Path) -> tuple[float, int]:
    """Raw sqlite3: csv.reader + executemany into one table, one transaction (WAL, NORMAL)."""
    def work() -> int:
        conn = sqlite3.connect(db_path, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("CREATE TABLE evidence_row (practice TEXT, project TEXT, title TEXT, kind TEXT, "
                         "location TEXT, description TEXT, collected_by TEXT, date TEXT)")
            with csv_path.open(encoding="utf-8", newline="") as f:
                reader = csv.reader(f)
                next(reader)
                conn.execute("BEGIN")
                cur = conn.executemany("INSERT INTO evidence_row VALUES (?, ?, ?, ?, ?, ?, ?, ?)", reader)
                n = cur.rowcount
                conn.execute("COMMIT")
            return n
        finally:
            conn.close()
    return bu.timed(work)


def create_appraisal(db_path: Path, projects: list[str]) -> None:
    from appraise.services import Appraisal

    Appraisal.create(db_path, framework=bu.FRAMEWORK, representation=bu.REPRESENTATION, target=bu.TARGET_LEVEL,
                     unit=bu.UNIT, projects=projects, who="bench").close()


def run_cli(csv_path: Path, db_path: Path, projects: list[str], env: dict[str, str]) -> float:
    """``appraise evidence import`` as its own process on a fresh appraisal (creating it is not timed)."""
    create_appraisal(db_path, projects)
    return run_process(appraise_args("evidence", "import", db_path, csv_path), env, "appraise evidence import")


def run_baseline_process(csv_path: Path, db_path: Path, env: dict[str, str]) -> float:
    return run_process([sys.executable, "-c", BASELINE_SCRIPT, str(csv_path), str(db_path)], env,
                       "the raw sqlite3 script")


def peak_memory_mb(csv_path: Path, db_path: Path, projects: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(peak resident MB, seconds) of ``appraise evidence import`` of ``csv_path`` as its own process."""
    import subprocess

    create_appraisal(db_path, projects)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", PEAK_SCRIPT, "evidence", "import", str(db_path), str(csv_path)],
                          env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    peak = [line.split()[1] for line in proc.stderr.splitlines() if line.startswith("peak_rss_kb ")]
    if proc.returncode != 0 or not peak:
        raise RuntimeError(f"appraise evidence import failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
    return int(peak[0]) / 1024, elapsed


def _remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000, help="data rows in the CSV (default 100000)")
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds; medians are reported (default 5)")
    parser.add_argument("--projects", type=int, default=30, help="projects P01.. (default 30)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dir", type=Path, default=None, help="work directory (default: a new temp dir)")
    parser.add_argument("--memory-rows", type=int, default=1_000_000,
                        help="rows of the peak-memory import run as a process (default 1000000; 0 skips it)")
    parser.add_argument("--profile", action="store_true", help="also profile one appraise import (cProfile)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    if args.rows < 1 or args.rounds < 1 or args.projects < 1:
        parser.error("--rows, --rounds and --projects must be at least 1")

    work_dir = Path(tempfile.mkdtemp(prefix="appraise-bench-", dir=args.dir))
    try:
        projects = bu.project_codes(args.projects)
        csv_path = work_dir / "evidence.csv"
        expected = generate_csv(csv_path, args.rows, projects, bu.ml5_practices(), args.seed)
        # Warm-up (imports, framework parse, page cache), not counted.
        run_appraise(csv_path, work_dir / "warm.appraisal", projects)
        run_baseline(csv_path, work_dir / "warm.sqlite")

        appraise_s: list[float] = []
        baseline_s: list[float] = []
        written: tuple[int, int] = (0, 0)
        baseline_rows = 0
        for i in range(args.rounds):
            db, raw = work_dir / f"r{i}.appraisal", work_dir / f"r{i}.sqlite"
            order = ("appraise", "baseline") if i % 2 == 0 else ("baseline", "appraise")
            for which in order:
                if which == "appraise":
                    t, written = run_appraise(csv_path, db, projects)
                    appraise_s.append(t)
                else:
                    t, baseline_rows = run_baseline(csv_path, raw)
                    baseline_s.append(t)
            _remove_db(db)
            _remove_db(raw)

        # end to end: each as its own process, process start included
        env = process_env(work_dir)
        run_cli(csv_path, work_dir / "warm-cli.appraisal", projects, env)  # warm-up: the bytecode cache
        run_baseline_process(csv_path, work_dir / "warm-cli.sqlite", env)
        cli_s: list[float] = []
        script_s: list[float] = []
        for i in range(args.rounds):
            db, raw = work_dir / f"e{i}.appraisal", work_dir / f"e{i}.sqlite"
            order = ("appraise", "baseline") if i % 2 == 0 else ("baseline", "appraise")
            for which in order:
                if which == "appraise":
                    cli_s.append(run_cli(csv_path, db, projects, env))
                else:
                    script_s.append(run_baseline_process(csv_path, raw, env))
            _remove_db(db)
            _remove_db(raw)

        peak_mb = memory_s = None
        if args.memory_rows > 0:
            big = work_dir / "evidence-big.csv"
            memory_expected = generate_csv(big, args.memory_rows, projects, bu.ml5_practices(), args.seed)
            peak_mb, memory_s = peak_memory_mb(big, work_dir / "big.appraisal", projects, env)
            big.unlink()

        profile_text = None
        if args.profile:
            from appraise.services import Appraisal
            db = work_dir / "profile.appraisal"
            a = Appraisal.create(db, framework=bu.FRAMEWORK, representation=bu.REPRESENTATION,
                                 target=bu.TARGET_LEVEL, unit=bu.UNIT, projects=projects, who="bench")
            try:
                profile_text = bu.profile(lambda: a.evidence.import_plan(a.evidence.plan_import(csv_path), "bench"))
            finally:
                a.close()
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)

    appraise_med, baseline_med = bu.median(appraise_s), bu.median(baseline_s)
    ratio = appraise_med / baseline_med
    cli_med, script_med = bu.median(cli_s), bu.median(script_s)
    e2e_ratio = cli_med / script_med
    paired = bu.median([a / b for a, b in zip(appraise_s, baseline_s)])
    result: dict[str, Any] = {
        "benchmark": "import",
        "rows": expected["rows"],
        "rounds": args.rounds,
        "items": written[0],
        "links": written[1],
        "expected_items": expected["items"],
        "expected_links": expected["links"],
        "baseline_rows": baseline_rows,
        "appraise_s": appraise_med,
        "baseline_s": baseline_med,
        "appraise_runs_s": appraise_s,
        "baseline_runs_s": baseline_s,
        "ratio": ratio,
        "paired_ratio": paired,
        "target_ratio": TARGET_RATIO,
        "e2e_appraise_s": cli_med,
        "e2e_baseline_s": script_med,
        "e2e_appraise_runs_s": cli_s,
        "e2e_baseline_runs_s": script_s,
        "e2e_ratio": e2e_ratio,
        "memory_rows": memory_expected["rows"] if peak_mb is not None else 0,
        "peak_mb": peak_mb,
        "memory_s": memory_s,
        "target_peak_mb": TARGET_PEAK_MB,
        "passed": ratio <= TARGET_RATIO and e2e_ratio <= TARGET_RATIO
        and (peak_mb is None or peak_mb <= TARGET_PEAK_MB),
    }
    if written != (expected["items"], expected["links"]):
        raise AssertionError(f"appraise wrote {written[0]} items / {written[1]} links, "
                             f"expected {expected['items']} / {expected['links']}")
    lines = [
        f"evidence import, {result['rows']:,} rows -> {written[0]:,} items, {written[1]:,} links; "
        f"{args.rounds} rounds, medians",
        f"  appraise (plan_evidence + import_evidence)  {appraise_med * 1000:9.1f} ms   "
        f"runs: {', '.join(f'{t * 1000:.0f}' for t in appraise_s)}",
        f"  baseline (csv.reader + executemany)         {baseline_med * 1000:9.1f} ms   "
        f"runs: {', '.join(f'{t * 1000:.0f}' for t in baseline_s)}",
        f"  ratio appraise/baseline  {ratio:.2f}x  (median of paired ratios {paired:.2f}x; "
        f"target <= {TARGET_RATIO:.1f}x)  {'OK' if ratio <= TARGET_RATIO else 'OVER TARGET'}",
        "end to end, each as its own process (process start included):",
        f"  appraise evidence import FILE evidence.csv  {cli_med * 1000:9.1f} ms   "
        f"runs: {', '.join(f'{t * 1000:.0f}' for t in cli_s)}",
        f"  python -c <raw sqlite3 script>              {script_med * 1000:9.1f} ms   "
        f"runs: {', '.join(f'{t * 1000:.0f}' for t in script_s)}",
        f"  ratio end to end  {e2e_ratio:.2f}x  (target <= {TARGET_RATIO:.1f}x)  "
        f"{'OK' if e2e_ratio <= TARGET_RATIO else 'OVER TARGET'}",
    ]
    if peak_mb is not None:
        lines.append(f"memory: appraise evidence import of {result['memory_rows']:,} rows as a process: peak "
                     f"{peak_mb:.0f} MB in {memory_s:.1f} s (target <= {TARGET_PEAK_MB:.0f} MB)  "
                     f"{'OK' if peak_mb <= TARGET_PEAK_MB else 'OVER TARGET'}")
    if profile_text:
        lines += ["", "cProfile of one appraise import (cumulative):", profile_text]
    bu.emit(result, args.json, lines)
    return result


if __name__ == "__main__":
    sys.exit(0 if main()["passed"] else 1)
