"""Rating roll-up of a CMMI V3.0-sized appraisal by the cmmi-appraisal scheme, against the SCAMPI roll-up.

Builds (seeded) a made-up model with the shape of CMMI V3.0 (domain page 1.4: 31 practice areas, 276
practices, the same practice counts per level, made-up acronyms Z01..Z31; Z05 and Z06 are characterized per
process, in the place of GOV and II), a maturity Benchmark at target 5 with every domain, ``--projects``
units (default 30: 27 projects and 3 support functions) and two processes; every cell characterized (mostly
FM/LM; some practices with PM/DM units, which need a team choice; a few NY), and team decisions recorded:
OU choices for part of the practices that need one, practice-group judgments where asked.

Then, after a warm-up, it times ``--runs`` calls (default 30) of the scheme's ``rate()`` (the roll-up to the
neutral tree, through the ``Scheme`` protocol, in memory), alternating with the SCAMPI scheme's ``rate()`` of
a CMMI-DEV v1.3 staged ML5 appraisal with the same number of projects (431 practices, in memory), and
reports both medians and their ratio.

End to end (what a user waits for, as bench_rating.py measures SCAMPI): the same appraisal as a real file in
a temp folder (``_v3file.py``: the model YAML as ``frameworks build`` writes it, ``Appraisal.create`` with the
same scope, the same cells in one ``store.set_characterizations``, the same decisions through
``Decisions.decide``), then ``--runs`` calls of ``Appraisal.rate()`` (reads the cells and decisions from the
file each time) alternating with the raw ``SELECT practice_id, project_id, value FROM characterization``
baseline, with rate()'s steps timed apart. The file's rating must match the in-memory one.

Target (issue 12): ``rate()`` median <= 25 ms, end to end and in memory. Exit status 1 when over it.

    .venv/bin/python bench/bench_rating_v3.py [--projects 30] [--runs 30]
"""

from __future__ import annotations

import json
import random
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

if str(Path(__file__).resolve().parent) not in sys.path:  # run as a script or loaded by path
    sys.path.insert(0, str(Path(__file__).resolve().parent))

import _benchutil as bu  # noqa: E402
import _v3file as v3file  # noqa: E402

TARGET_MS = 25.0
#: Practices per practice-group level of each area (domain page 1.4), the core's 17 first; True: per process.
SHAPE: tuple[tuple[str, tuple[int, ...], bool], ...] = (
    *(("Core", c, pp) for c, pp in (
        ((1, 2, 5, 2, 1), False), ((1, 6), False), ((2, 5, 1), False), ((1, 3, 2), False), ((1, 4, 2, 1), True),
        ((1, 2, 3, 1), True), ((2, 4, 4), False), ((2, 6, 6, 5, 3), False), ((1, 2, 6), False),
        ((1, 3, 6), False), ((3, 2, 6, 1), False), ((2, 8, 4, 1), False), ((1, 4, 1), False), ((1, 4, 1), False),
        ((1, 5, 7), False), ((1, 2, 5), False), ((2, 3, 2), False))),
    ("Dom A", (2, 2, 2), False), ("Dom A", (2, 3, 2), False), ("Dom B", (1, 6, 3), False),
    ("Dom B", (1, 3, 6), False), ("Dom C", (1, 3, 3), False), ("Dom D", (2, 3, 3), False),
    ("Dom E", (2, 4, 3), False), ("Dom E", (2, 4, 3, 1), False), ("Dom F", (1, 3, 3), False),
    ("Dom F", (1, 3, 2), False), ("Dom F", (1, 6, 1), False), ("Dom F", (1, 3, 1), False),
    ("Dom G", (4, 5, 2, 1), False), ("Dom H", (2, 2, 2), False),
)
PROCESSES = ("Delivery", "Support")


def model() -> Any:
    """The made-up model of CMMI V3.0's shape (no statements)."""
    from appraise.framework.model import Framework, Goal, Practice, ProcessArea, Scale, ScaleValue

    areas = []
    for i, (domain, counts, per_process) in enumerate(SHAPE, 1):
        area = f"Z{i:02d}"
        goals = tuple(Goal(f"{area} L{lv}", "", area, tuple(
            Practice(f"{area} {lv}.{n}", "", area, f"{area} L{lv}", local_id=f"{lv}.{n}") for n in range(1, k + 1)),
            local_id=f"L{lv}", level=lv) for lv, k in enumerate(counts, 1))
        areas.append(ProcessArea(area, area, None, domain, goals, per_process=per_process))
    scale = Scale("bench", tuple(ScaleValue(v, v) for v in ("FM", "LM", "PM", "DM", "NY", "NC", "L", "M", "H")))
    domains = tuple(dict.fromkeys(d for d, _c, _p in SHAPE))
    return Framework("bench-v3", "FICTIONAL bench model (not CMMI)", "3.0", "bench", "cmmi-appraisal",
                     ("maturity", "capability"), (1, 2, 3, 4, 5), (0, 1, 2, 3, 4, 5), scale, tuple(areas),
                     shape="practice_groups", method_version="3.0", domains=domains)


def _values(rng: random.Random, n: int) -> list[str]:
    """The n unit values of one practice: mostly FM/LM, some weaker or not yet seen."""
    kind = rng.random()
    values = [rng.choice(("FM", "FM", "FM", "LM")) for _ in range(n)]
    if kind < 0.12:  # a weakness in a few units: the team chooses LM or PM (V2.4)
        for j in rng.sample(range(n), min(n, rng.randint(1, 3))):
            values[j] = rng.choice(("PM", "PM", "DM"))
    elif kind < 0.16:  # weak everywhere
        values = [rng.choice(("PM", "PM", "DM")) for _ in range(n)]
    elif kind < 0.20:  # not yet seen in some units
        for j in rng.sample(range(n), min(n, rng.randint(1, 4))):
            values[j] = "NY"
    return values


def scope_options(n_units: int) -> tuple[list[str], dict[str, Any]]:
    """The projects and the scheme's options of the appraisal: the last 3 units support functions, every domain
    beside the core (always in), the two processes II and GOV are characterized over."""
    units = bu.project_codes(n_units)
    support = units[-3:] if n_units > 3 else []
    return units[:len(units) - len(support)], {"domains": list(dict.fromkeys(d for d, _c, _p in SHAPE[17:])),
                                               "support_functions": support, "processes": list(PROCESSES)}


def build_v3(n_units: int, seed: int) -> tuple[Any, Any, dict[str, dict[str, str]], list[Any], dict[str, int]]:
    """The V3.0 appraisal in memory: model, scope, characterizations, decisions."""
    from appraise.schemes import SCHEMES, Decision

    scheme = SCHEMES["cmmi-appraisal"]
    rng = random.Random(seed)
    framework = model()
    projects, options = scope_options(n_units)
    scope = scheme.make_scope(framework, "maturity", 5, [], projects, options)
    framework = scheme.specialize(framework, scope)
    practices = scheme.practices_in_scope(framework, scope)
    chars = {p: dict(zip(scope.projects, _values(rng, len(scope.projects)))) for p in practices}
    for p in practices:  # II and GOV are never NY (V7.2)
        if " @ " in p:
            chars[p] = {u: ("FM" if v == "NY" else v) for u, v in chars[p].items()}
    decisions: list[Any] = []
    for target in [d.target for d in scheme.rate(framework, scope, chars, []).pending]:
        kind, options, _rule = scheme.decision_options(framework, scope, target, chars, decisions)
        if rng.random() < 0.6:
            basis = scheme.decision_basis(framework, scope, target, chars, decisions)
            decisions.append(Decision(kind, target, rng.choice(options), "bench", basis))
    for target in [d.target for d in scheme.rate(framework, scope, chars, decisions).pending
                   if d.kind == "practice_group"][:8]:
        basis = scheme.decision_basis(framework, scope, target, chars, decisions)
        decisions.append(Decision("practice_group", target, "satisfied", "bench", basis))
    figures = {"areas": len(scope.areas), "practices": len(framework.practices), "cells_rows": len(practices),
               "units": len(scope.projects), "cells": sum(len(v) for v in chars.values()),
               "decisions": len(decisions)}
    return framework, scope, chars, decisions, figures


def build_scampi(n_projects: int, seed: int) -> tuple[Any, Any, dict[str, dict[str, str]]]:
    """The SCAMPI comparison in memory: CMMI-DEV v1.3 staged ML5, every cell characterized."""
    from appraise.framework import load_bundled
    from appraise.schemes import SCHEMES

    rng = random.Random(seed)
    scheme = SCHEMES["scampi-1.3"]
    framework = load_bundled(bu.FRAMEWORK)
    projects = bu.project_codes(n_projects)
    scope = scheme.make_scope(framework, bu.REPRESENTATION, bu.TARGET_LEVEL, [], projects)
    to_v13 = {"FM": "FI", "LM": "LI", "PM": "PI", "DM": "NI", "NY": "NY"}
    chars = {p: {c: to_v13[v] for c, v in zip(projects, _values(rng, n_projects))}
             for p in scheme.practices_in_scope(framework, scope)}
    return framework, scope, chars


def main(argv: list[str] | None = None) -> dict[str, Any]:
    from appraise.schemes import SCHEMES

    args = bu.rating_args(__doc__, argv, "units")
    v3 = SCHEMES["cmmi-appraisal"]
    scampi = SCHEMES["scampi-1.3"]
    framework, scope, chars, decisions, built = build_v3(args.projects, args.seed)
    s_framework, s_scope, s_chars = build_scampi(args.projects, args.seed)

    def rate_v3() -> Any:
        return v3.rate(framework, scope, chars, decisions)

    def rate_scampi() -> Any:
        return scampi.rate(s_framework, s_scope, s_chars, [])

    for _ in range(args.warmup):
        rate_v3()
        rate_scampi()
    v3_s: list[float] = []
    scampi_s: list[float] = []
    tree = None
    for i in range(args.runs):
        for which in (("v3", "scampi") if i % 2 == 0 else ("scampi", "v3")):
            if which == "v3":
                t, tree = bu.timed(rate_v3)
                v3_s.append(t)
            else:
                t, _ = bu.timed(rate_scampi)
                scampi_s.append(t)
    t_doc, document = bu.timed(tree.to_dict)  # type: ignore[union-attr]
    rate_ms, scampi_ms = bu.median(v3_s) * 1000, bu.median(scampi_s) * 1000

    # end to end: the same appraisal as a file (model YAML + appraisal), Appraisal.rate() against the raw read
    work_dir = Path(tempfile.mkdtemp(prefix="appraise-bench-", dir=args.dir))
    try:
        model_path = v3file.write_model(work_dir / "bench-v3.yaml", SHAPE, framework.domains)
        path = work_dir / "rating-v3.appraisal"
        projects, options = scope_options(args.projects)
        written = v3file.build_file(path, model_path, projects, options, chars, decisions)
        timing = bu.time_rate(path, args, ("read_characterizations", "read_decisions", "rollup"))
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)
    e2e = timing.report()
    e2e_ms, base_ms, breakdown = e2e["rate_ms"], e2e["baseline_ms"], e2e["breakdown_ms"]
    e2e_doc = timing.result.to_dict()
    if (e2e_doc["maturity_level"], len(e2e_doc["pending_decisions"])) != (
            document["maturity_level"], len(document["pending_decisions"])):
        raise RuntimeError("the file's rating differs from the in-memory one")
    result: dict[str, Any] = {
        "benchmark": "rating_v3", **built, **written, "runs": args.runs, "rate_ms": rate_ms,
        "scampi_rate_ms": scampi_ms, "ratio": rate_ms / scampi_ms, "rate_runs_ms": [t * 1000 for t in v3_s],
        "scampi_runs_ms": [t * 1000 for t in scampi_s], "to_dict_ms": t_doc * 1000,
        "json_bytes": len(json.dumps(document)), "maturity_level": document["maturity_level"],
        "pending_decisions": len(document["pending_decisions"]),
        "e2e_rate_ms": e2e_ms, "baseline_ms": base_ms, "e2e_ratio": e2e["ratio"],
        "e2e_rate_runs_ms": e2e["rate_runs_ms"], "baseline_runs_ms": e2e["baseline_runs_ms"],
        "breakdown_ms": breakdown, "baseline_rows": e2e["baseline_rows"], "target_ms": TARGET_MS,
        "passed": rate_ms <= TARGET_MS and e2e_ms <= TARGET_MS,
    }
    lines = [
        f"rating roll-up, CMMI V3.0 shape, maturity target 5: {built['areas']} practice areas, "
        f"{built['practices']} practices ({built['cells_rows']} rows with II/GOV per process) x {built['units']} "
        f"units = {built['cells']:,} cells, {built['decisions']} decisions; {args.runs} runs, medians",
        f"  rate() end to end (file)                {e2e_ms:7.2f} ms   (target <= {TARGET_MS:.0f} ms)  "
        f"{'OK' if e2e_ms <= TARGET_MS else 'OVER TARGET'}",
        f"  baseline: raw SELECT ... fetchall       {base_ms:7.2f} ms   ({e2e['baseline_rows']:,} rows)",
        f"  ratio rate()/baseline                   {e2e['ratio']:7.2f}x",
        "  where rate() goes (timed separately):   " + ", ".join(f"{k} {v:.2f} ms" for k, v in breakdown.items()),
        f"  cmmi-appraisal rate() in memory         {rate_ms:7.2f} ms   (target <= {TARGET_MS:.0f} ms)  "
        f"{'OK' if rate_ms <= TARGET_MS else 'OVER TARGET'}",
        f"  scampi-1.3 rate(), ML5, 431 practices   {scampi_ms:7.2f} ms   (in memory)",
        f"  ratio cmmi-appraisal/scampi             {result['ratio']:7.2f}x",
        f"  to_dict() of the tree (once)            {result['to_dict_ms']:7.2f} ms   ({result['json_bytes']:,} bytes)",
        f"  result: maturity level {document['maturity_level']}, {result['pending_decisions']} pending decisions "
        "(the same from the file)",
    ]
    if timing.profile_text:
        lines += ["", "cProfile of one rate() end to end (cumulative):", timing.profile_text]
    bu.emit(result, args.json, lines)
    return result


if __name__ == "__main__":
    sys.exit(0 if main()["passed"] else 1)
