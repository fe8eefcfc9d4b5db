"""Rating roll-up: ``Appraisal.rate()`` end to end, with a raw sqlite3 read as the baseline.

Builds (seeded) a CMMI-DEV v1.3 staged ML5 appraisal: all 22 process areas,
431 practices in scope, ``--projects`` projects (default 30, 12,930 cells),
every cell characterized (mostly FI/LI; some practices with PI or NI cells,
which need a team decision; a few NY cells), and team decisions recorded:
OU characterizations for part of the practices that need one (some recorded
twice, the latest stands), goal-weakness judgements and SAM's applicability.

Then, after a warm-up, it times ``--runs`` calls (default 30) of

* ``a.rate()``: read the characterizations and decisions from the file and
  roll them up (practices, goals, areas, maturity level);
* baseline, alternating with it, on its own connection to the same file:
  ``SELECT practice_id, project_id, value FROM characterization`` + fetchall;

and reports both medians, their ratio, and where ``rate()`` spends its time
(store reads vs the roll-up). Target: ``rate()`` median <= 25 ms. Exit
status 1 when over the target.

    .venv/bin/python bench/bench_rating.py [--projects 30] [--runs 30]
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


def _profile_values(rng: random.Random, n: int) -> list[str]:
    """The n instantiation values of one practice: mostly FI/LI, some weaker or not yet seen."""
    kind = rng.random()
    values = [rng.choice(("FI", "FI", "FI", "LI")) for _ in range(n)]
    if kind < 0.12:  # a weakness in a few projects: the team chooses LI or PI (R2.3)
        for j in rng.sample(range(n), min(n, rng.randint(1, 3))):
            values[j] = rng.choice(("PI", "PI", "NI"))
    elif kind < 0.16:  # weak everywhere
        values = [rng.choice(("PI", "PI", "LI", "NI")) for _ in range(n)]
    elif kind < 0.20:  # not yet seen in some projects
        for j in rng.sample(range(n), min(n, rng.randint(1, 4))):
            values[j] = "NY"
    return values


def build(path: Path, n_projects: int, seed: int = 1) -> dict[str, int]:
    """Create the appraisal at ``path``: every cell characterized, some decisions recorded."""
    from appraise.schemes.scampi.rules import aggregate
    from appraise.services import Appraisal

    rng = random.Random(seed)
    projects = bu.project_codes(n_projects)
    a = Appraisal.create(path, framework=bu.FRAMEWORK, representation=bu.REPRESENTATION,
                         target=bu.TARGET_LEVEL, unit=bu.UNIT, projects=projects, who="bench")
    try:
        rows: list[tuple[str, str, str | None, str]] = []
        needs_decision: list[tuple[str, tuple[str, ...]]] = []
        for practice in a.practices:
            values = _profile_values(rng, len(projects))
            for code, value in zip(projects, values):
                note = f"see interview notes {code}" if rng.random() < 0.05 else ""
                rows.append((practice, code, value, note))
            agg = aggregate(values)
            if agg.options:
                needs_decision.append((practice, agg.options))
        cells = a.store.set_characterizations(rows, "bench")

        decisions = 0
        for practice, options in needs_decision:
            if rng.random() < 0.6:
                a.decisions.decide(practice, rng.choice(options), "weakness limited to one release", "bench")
                decisions += 1
                if rng.random() < 0.25:  # revisited: the latest decision stands
                    a.decisions.decide(practice, options[0], "revisited after the follow-up interview", "bench")
                    decisions += 1
        from appraise.errors import UsageError

        goals = [g.id for area_id in a.scope.areas for g in a.framework.area(area_id).goals if not g.generic]
        judged = 0
        for goal in rng.sample(goals, len(goals)):  # the method lets the team judge goals with LI practices only
            if judged == 8:
                break
            try:
                a.decisions.decide(goal, rng.choice(("not_significant", "not_significant", "unsatisfied")),
                         "team judgement on the aggregated weaknesses", "bench")
            except UsageError:
                continue
            judged += 1
            decisions += 1
        a.decisions.decide("SAM", "applicable", "suppliers are used by two projects", "bench")
        decisions += 1
        return {"practices": len(a.practices), "projects": len(projects), "cells": cells,
                "decisions": decisions}
    finally:
        a.close()


def main(argv: list[str] | None = None) -> dict[str, Any]:
    args = bu.rating_args(__doc__, argv, "projects")
    work_dir = Path(tempfile.mkdtemp(prefix="appraise-bench-", dir=args.dir))
    try:
        path = work_dir / "rating.appraisal"
        built = build(path, args.projects, args.seed)
        timing = bu.time_rate(path, args, ('read_characterizations', 'read_decisions', 'rollup'))
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)

    figures = timing.report()
    rate_ms, base_ms, breakdown = figures["rate_ms"], figures["baseline_ms"], figures["breakdown_ms"]
    result_obj, baseline_rows, profile_text = timing.result, timing.baseline_rows, timing.profile_text
    assert result_obj is not None
    document = result_obj.to_dict()
    result: dict[str, Any] = {
        "benchmark": "rating",
        **built,
        "runs": args.runs,
        **figures,
        "maturity_level": document["maturity_level"],
        "pending_decisions": len(result_obj.pending),
        "target_ms": TARGET_MS,
        "passed": rate_ms <= TARGET_MS,
    }
    lines = [
        f"rating roll-up, staged ML5: {built['practices']} practices x {built['projects']} projects = "
        f"{built['cells']:,} cells, {built['decisions']} decisions; {args.runs} runs, medians",
        f"  rate() end to end                       {rate_ms:7.2f} ms   (target <= {TARGET_MS:.0f} ms)  "
        f"{'OK' if result['passed'] else 'OVER TARGET'}",
        f"  baseline: raw SELECT ... fetchall       {base_ms:7.2f} ms   ({baseline_rows:,} rows)",
        f"  ratio rate()/baseline                   {result['ratio']:7.2f}x",
        "  where rate() goes (timed separately):   " + ", ".join(f"{k} {v:.2f} ms" for k, v in breakdown.items()),
        f"  result: maturity level {document['maturity_level']}, "
        f"{len(result_obj.pending)} pending decisions",
    ]
    if profile_text:
        lines += ["", "cProfile of one rate() (cumulative):", profile_text]
    bu.emit(result, args.json, lines)
    return result


if __name__ == "__main__":
    sys.exit(0 if main()["passed"] else 1)
