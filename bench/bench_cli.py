"""One ``appraise characterize`` from a cold process, against ``python -c "import sqlite3"``.

Creates (not timed) a CMMI-DEV v1.3 staged ML2 appraisal with two projects, then, for ``--rounds``
rounds, alternating which goes first, runs as its own process and times from start to exit

* appraise: ``python -m appraise characterize FILE "REQM SP 1.1" P01 FI|LI`` (the value alternates, so
  every run writes bytes: open, read the scope and model, one write transaction, print);
* baseline: ``python -c "import sqlite3"`` (the interpreter and the driver, nothing else).

Both run with a bytecode cache (``PYTHONPYCACHEPREFIX`` in the work directory, warmed by one run first),
as an installed appraise does. Reports the medians, the appraise figure against its absolute target
(0.3 s) and as a ratio to the baseline. Exit status 1 when over the target.

    .venv/bin/python bench/bench_cli.py [--rounds 15]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if str(Path(__file__).resolve().parent) not in sys.path:  # run as a script or loaded by path
    sys.path.insert(0, str(Path(__file__).resolve().parent))

import _benchutil as bu  # noqa: E402

TARGET_S = 0.3
SRC = Path(__file__).resolve().parents[1] / "src"


def process_env(work_dir: Path) -> dict[str, str]:
    """The environment of a measured process: this checkout's code, a bytecode cache of its own."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = os.pathsep.join([str(SRC), *filter(None, [os.environ.get("PYTHONPATH")])])
    env["PYTHONPYCACHEPREFIX"] = str(work_dir / "pycache")
    env["APPRAISE_USER"] = "bench"
    return env


def run_process(args: list[str], env: dict[str, str], what: str) -> float:
    """Seconds from start to exit of ``args`` as its own process; a failure stops the benchmark."""
    start = time.perf_counter()
    proc = subprocess.run(args, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{what} failed ({proc.returncode}): {(proc.stderr or proc.stdout).strip()[-500:]}")
    return elapsed


def appraise_args(*args: object) -> list[str]:
    return [sys.executable, "-m", "appraise", *map(str, args)]


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=15, help="alternating rounds; medians are reported (15)")
    parser.add_argument("--dir", type=Path, default=None, help="work directory (default: a new temp dir)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")

    work_dir = Path(tempfile.mkdtemp(prefix="appraise-bench-", dir=args.dir))
    try:
        env = process_env(work_dir)
        path = work_dir / "cli.appraisal"
        run_process(appraise_args("new", path, "--framework", bu.FRAMEWORK, "--representation",
                                  bu.REPRESENTATION, "--target", "2", "--unit", bu.UNIT, "--projects", "P01,P02"),
                    env, "appraise new")
        baseline_args = [sys.executable, "-c", "import sqlite3"]
        values = ("FI", "LI")

        def characterize(i: int) -> float:
            return run_process(appraise_args("characterize", path, "REQM SP 1.1", "P01", values[i % 2]), env,
                               "appraise characterize")

        characterize(1)  # warm-up: the bytecode cache, the page cache
        run_process(baseline_args, env, "python -c 'import sqlite3'")
        appraise_s: list[float] = []
        baseline_s: list[float] = []
        for i in range(args.rounds):
            order = ("appraise", "baseline") if i % 2 == 0 else ("baseline", "appraise")
            for which in order:
                if which == "appraise":
                    appraise_s.append(characterize(i))
                else:
                    baseline_s.append(run_process(baseline_args, env, "python -c 'import sqlite3'"))
        import sqlite3

        conn = sqlite3.connect(path)
        try:  # every run wrote its value: the last one stands, one change-log entry each
            (value,) = conn.execute("SELECT value FROM characterization").fetchone()
            (entries,) = conn.execute("SELECT count(*) FROM change_log WHERE what = 'characterization'").fetchone()
        finally:
            conn.close()
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)

    appraise_med, baseline_med = bu.median(appraise_s), bu.median(baseline_s)
    result: dict[str, Any] = {
        "benchmark": "cli",
        "rounds": args.rounds,
        "characterize_s": appraise_med,
        "baseline_s": baseline_med,
        "characterize_runs_s": appraise_s,
        "baseline_runs_s": baseline_s,
        "ratio": appraise_med / baseline_med,
        "last_value": value,
        "writes": entries,
        "target_s": TARGET_S,
        "passed": appraise_med <= TARGET_S,
    }
    lines = [
        f"one `appraise characterize` from a cold process; {args.rounds} rounds, medians",
        f"  appraise characterize      {appraise_med * 1000:8.1f} ms   "
        f"runs: {', '.join(f'{t * 1000:.0f}' for t in appraise_s)}",
        f"  python -c 'import sqlite3' {baseline_med * 1000:8.1f} ms   "
        f"runs: {', '.join(f'{t * 1000:.0f}' for t in baseline_s)}",
        f"  characterize {appraise_med:.3f} s (target <= {TARGET_S:.1f} s)  "
        f"{'OK' if result['passed'] else 'OVER TARGET'};  {result['ratio']:.1f}x the baseline",
    ]
    bu.emit(result, args.json, lines)
    return result


if __name__ == "__main__":
    sys.exit(0 if main()["passed"] else 1)
