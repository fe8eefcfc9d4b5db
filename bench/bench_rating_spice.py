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

import random
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

if str(Path(__file__).resolve().parent) not in sys.path:  # run as a script or loaded by path
    sys.path.insert(0, str(Path(__file__).resolve().parent))

import _benchutil as bu  # noqa: E402

TARGET_MS = 25.0
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
        a.decisions.set_weights({code: str(rng.randint(1, 4)) for code in projects}, "team size per ECU project", "bench")
        decisions = 1
        pending = a.rate().pending
        for d in pending[: len(pending) // 2]:
            a.decisions.decide(d.target, "justified", "the project filled a gap of the standard process", "bench")
            decisions += 1
        return {"cells_per_instance": len(a.practices), "processes": len(a.scope.areas), "projects": len(projects),
                "cells": cells, "decisions": decisions}
    finally:
        a.close()


def main(argv: list[str] | None = None) -> dict[str, Any]:
    args = bu.rating_args(__doc__, argv, "process instances")
    work_dir = Path(tempfile.mkdtemp(prefix="appraise-bench-", dir=args.dir))
    try:
        path = work_dir / "spice.appraisal"
        built = build(path, args.projects, args.seed)
        timing = bu.time_rate(path, args, ('read_ratings', 'read_decisions', 'rate'))
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)

    figures = timing.report()
    rate_ms, base_ms, breakdown = figures["rate_ms"], figures["baseline_ms"], figures["breakdown_ms"]
    result_obj, baseline_rows, profile_text = timing.result, timing.baseline_rows, timing.profile_text
    assert result_obj is not None
    document = result_obj.to_dict()
    levels = [p["capability_level"] for p in document["processes"]]
    result: dict[str, Any] = {
        "benchmark": "rating-iso33020",
        **built,
        "runs": args.runs,
        **figures,
        "capability_levels": levels,
        "open_deviations": len(result_obj.pending),
        "aggregation": document["aggregation"],
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
        f"{document['aggregation']} aggregation",
    ]
    if profile_text:
        lines += ["", "cProfile of one rate() (cumulative):", profile_text]
    bu.emit(result, args.json, lines)
    return result


if __name__ == "__main__":
    sys.exit(0 if main()["passed"] else 1)
