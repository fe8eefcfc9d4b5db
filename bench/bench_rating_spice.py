"""ISO/IEC 33020 rating: ``Appraisal.rate()`` on an Automotive SPICE 3.1 VDA-scope assessment.

Builds (seeded) an aspice-3.1 assessment of the VDA scope (16 processes, AS1.1)
at target capability level 3 with ``--projects`` process instances (default 30):
every base practice, generic practice and process attribute rated in every
instance (mostly F/L, some P/N; PA 3.2 above PA 3.1 in a few instances, so AS8
fires), instance weights recorded (M3.4) and part of the AS8 hits justified.

Then, after a warm-up, it times ``--runs`` calls (default 30) of

* ``a.rate()``: read the ratings and decisions from the file, aggregate every
  attribute, propose from the indicators, derive instance and process levels,
  check consistency;
* baseline, alternating with it, on its own connection to the same file:
  ``SELECT practice_id, project_id, value FROM characterization`` + fetchall;

and reports both medians, their ratio and where ``rate()`` spends its time.
Target (issue 5, the core's rating budget): ``rate()`` median <= 25 ms. Exit
status 1 when over the target.

    .venv/bin/python bench/bench_rating_spice.py [--projects 30] [--runs 30]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import Any

if str(Path(__file__).resolve().parent) not in sys.path:  # run as a script or loaded by path
    sys.path.insert(0, str(Path(__file__).resolve().parent))

import _benchutil as bu  # noqa: E402

TARGET_MS = 25.0
BASELINE_SQL = "SELECT practice_id, project_id, value FROM characterization"
FRAMEWORK = "aspice-3.1"


def build(path: Path, n_projects: int, seed: int = 1) -> dict[str, int]:
    """Create the assessment at ``path``: every cell rated, weights and some justifications recorded."""
    from appraise.services import Appraisal

    rng = random.Random(seed)
    projects = bu.project_codes(n_projects)
    a = Appraisal.create(path, framework=FRAMEWORK, target=3, unit="Body Electronics", projects=projects,
                         who="bench", scope_name="vda")
    try:
        rows: list[tuple[str, str, str | None, str]] = []
        for cell in a.practices:
            for code in projects:
                value = rng.choice(("F", "F", "F", "L", "L", "P")) if rng.random() > 0.03 else "N"
                if cell.endswith("PA 3.2") and rng.random() < 0.1:
                    value = "F"  # deployed beyond the definition in some instances: AS8
                elif cell.endswith("PA 3.1") and rng.random() < 0.1:
                    value = "P"
                rows.append((cell, code, value, ""))
        cells = a.store.set_characterizations(rows, "bench")
        a.set_weights({code: str(rng.randint(1, 4)) for code in projects}, "team size per ECU project", "bench")
        decisions = 1
        pending = a.rate().pending_decisions
        for d in pending[: len(pending) // 2]:
            a.decide(d["target"], "justified", "the project filled a gap of the standard process", "bench")
            decisions += 1
        return {"cells_per_instance": len(a.practices), "processes": len(a.scope.areas), "projects": len(projects),
                "cells": cells, "decisions": decisions}
    finally:
        a.close()


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--projects", type=int, default=30, help="process instances P01.. (default 30)")
    parser.add_argument("--runs", type=int, default=30, help="timed runs of each; medians (default 30)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed runs first (default 3)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dir", type=Path, default=None, help="work directory (default: a new temp dir)")
    parser.add_argument("--profile", action="store_true", help="also profile one rate() (cProfile)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    if args.projects < 1 or args.runs < 1 or args.warmup < 0:
        parser.error("--projects and --runs must be at least 1, --warmup at least 0")

    from appraise.services import Appraisal

    work_dir = Path(tempfile.mkdtemp(prefix="appraise-bench-", dir=args.dir))
    try:
        path = work_dir / "spice.appraisal"
        built = build(path, args.projects, args.seed)
        a = Appraisal.open(path)
        raw = sqlite3.connect(path)
        raw.execute("PRAGMA journal_mode = WAL")
        try:
            for _ in range(args.warmup):
                a.rate()
                raw.execute(BASELINE_SQL).fetchall()

            def steps() -> tuple[float, float, float]:
                """rate()'s steps timed one by one: read the ratings, read the decisions, the scheme's rate."""
                t_chars, chars = bu.timed(a.reader.characterizations)
                t_dec, decisions = bu.timed(a._rule_decisions)
                t_roll, _ = bu.timed(lambda: a.scheme.rate(a.framework, a.scope, chars, decisions))
                return t_chars, t_dec, t_roll

            rate_s: list[float] = []
            base_s: list[float] = []
            parts: dict[str, list[float]] = {"read_ratings": [], "read_decisions": [], "rate": []}
            result_obj = None
            baseline_rows = 0
            for i in range(args.runs):
                for which in (("rate", "base") if i % 2 == 0 else ("base", "rate")):
                    if which == "rate":
                        t, result_obj = bu.timed(a.rate)
                        rate_s.append(t)
                    else:
                        t, fetched = bu.timed(lambda: raw.execute(BASELINE_SQL).fetchall())
                        baseline_rows = len(fetched)
                        base_s.append(t)
                for name, t in zip(parts, steps()):
                    parts[name].append(t)
            profile_text = bu.profile(a.rate) if args.profile else None
        finally:
            raw.close()
            a.close()
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)

    rate_ms = bu.median(rate_s) * 1000
    base_ms = bu.median(base_s) * 1000
    breakdown = {k: bu.median(v) * 1000 for k, v in parts.items()}
    assert result_obj is not None
    levels = [p.capability_level for p in result_obj.processes]
    result: dict[str, Any] = {
        "benchmark": "rating-iso33020",
        **built,
        "runs": args.runs,
        "rate_ms": rate_ms,
        "baseline_ms": base_ms,
        "ratio": rate_ms / base_ms,
        "rate_runs_ms": [t * 1000 for t in rate_s],
        "baseline_runs_ms": [t * 1000 for t in base_s],
        "breakdown_ms": breakdown,
        "baseline_rows": baseline_rows,
        "capability_levels": levels,
        "open_deviations": len(result_obj.pending_decisions),
        "aggregation": result_obj.aggregation,
        "target_ms": TARGET_MS,
        "passed": rate_ms <= TARGET_MS,
    }
    lines = [
        f"ISO/IEC 33020 rating, {FRAMEWORK} VDA scope at CL 3: {built['processes']} processes, "
        f"{built['cells_per_instance']} cells x {built['projects']} instances = {built['cells']:,} ratings, "
        f"{built['decisions']} decisions; {args.runs} runs, medians",
        f"  rate() end to end                       {rate_ms:7.2f} ms   (target <= {TARGET_MS:.0f} ms)  "
        f"{'OK' if result['passed'] else 'OVER TARGET'}",
        f"  baseline: raw SELECT ... fetchall       {base_ms:7.2f} ms   ({baseline_rows:,} rows)",
        f"  ratio rate()/baseline                   {result['ratio']:7.2f}x",
        "  where rate() goes (timed separately):   " + ", ".join(f"{k} {v:.2f} ms" for k, v in breakdown.items()),
        f"  result: capability levels {levels}, {result['open_deviations']} open AS8 deviations, "
        f"{result_obj.aggregation} aggregation",
    ]
    if profile_text:
        lines += ["", "cProfile of one rate() (cumulative):", profile_text]
    bu.emit(result, args.json, lines)
    return result


if __name__ == "__main__":
    sys.exit(0 if main()["passed"] else 1)
