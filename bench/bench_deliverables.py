"""The deliverables of a full appraisal: the deck, the report and the workbook, against the JSON summary.

Builds (seeded) the CMMI-DEV v1.3 staged ML5 appraisal of ``bench_rating.py`` (431 practices x ``--projects``
projects, 12,930 cells at 30), adds a strength and a weakness per process area and an evidence index
(``--evidence`` items, each linked to a few cells), then times, alternating with the baseline in the same run:

* in the process: the deliverable written whole (``write_deliverable``: rate, summary, the scheme's document,
  the renderer, the atomic write) for pptx, xlsx, html (and md);
* baseline: the JSON summary written the same way (``Appraisal.export("json")``: rate, summary, dump);
* end to end, as processes (what the user waits for, start-up included): ``appraise export FILE --format X``
  against ``appraise export FILE --format json``.

Targets (issue 14): xlsx and pptx under 2 s, html under 1 s, end to end. pdf (html printed by Chromium) is
reported when Chromium is installed, with no target. Exit status 1 when a target is missed.

    .venv/bin/python bench/bench_deliverables.py [--projects 30] [--runs 3]
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

if str(Path(__file__).resolve().parent) not in sys.path:  # run as a script or loaded by path
    sys.path.insert(0, str(Path(__file__).resolve().parent))

import _benchutil as bu  # noqa: E402

#: format -> seconds, end to end (process start included).
TARGETS_S = {"pptx": 2.0, "xlsx": 2.0, "html": 1.0}


def _bench_rating() -> Any:
    spec = importlib.util.spec_from_file_location("bench_rating", Path(__file__).resolve().parent / "bench_rating.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build(path: Path, n_projects: int, n_evidence: int, seed: int) -> dict[str, int]:
    """The ML5 appraisal, with findings on every area and an evidence index linked to its cells."""
    import random

    from appraise.services import Appraisal
    from appraise.store.records import NewEvidence

    built: dict[str, int] = _bench_rating().build(path, n_projects, seed)
    rng = random.Random(seed)
    a = Appraisal.open(path)
    try:
        findings = 0
        for area in a.scope.areas:
            practices = [p.id for g in a.framework.area(area).goals for p in g.practices]
            a.findings.add(practices[0], "strength", f"{area}: the practice is applied with care in every project",
                           who="bench")
            a.findings.add(rng.choice(practices), "weakness",
                           f"{area}: records are incomplete in some projects", who="bench")
            findings += 2
        cells = [(p, u) for p in a.practices for u in a.info.projects]
        items = [NewEvidence("artifact", f"Work product {i}", f"docs/wp-{i}.pdf", "", "", None, "")
                 for i in range(n_evidence)]
        links = [(i, *cell) for i in range(n_evidence) for cell in rng.sample(cells, 3)]
        a.store.import_evidence(items, links, "bench", "bench")
        return {**built, "findings": findings, "evidence": n_evidence}
    finally:
        a.close()


def _args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--projects", type=int, default=30)
    parser.add_argument("--evidence", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each; medians (default 3)")
    parser.add_argument("--formats", default=None,
                        help="comma-separated (default pptx,xlsx,html,md, and pdf where Chromium is installed)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--json", action="store_true")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    from appraise.services import Appraisal, write_deliverable

    args = _args(argv)
    formats = [f for f in (args.formats or "pptx,xlsx,html,md").split(",") if f]
    if args.formats is None and shutil.which("chromium"):
        formats.append("pdf")
    work = Path(tempfile.mkdtemp(prefix="appraise-bench-", dir=args.dir))
    try:
        path = work / "bench.appraisal"
        built = build(path, args.projects, args.evidence, args.seed)
        inproc: dict[str, list[float]] = {f: [] for f in formats}
        e2e: dict[str, list[float]] = {f: [] for f in formats}
        base_in: list[float] = []
        base_e2e: list[float] = []
        sizes: dict[str, int] = {}
        appraise = [sys.executable, "-m", "appraise", "export", str(path)]
        with Appraisal.open(path) as a:
            for _ in range(args.runs):
                base_in.append(bu.timed(lambda: a.export("json", work / "base.json"))[0])
                for fmt in formats:
                    out = work / f"out.{fmt}"
                    if fmt == "md":
                        inproc[fmt].append(bu.timed(lambda: a.export("md", out))[0])  # noqa: B023
                    else:
                        inproc[fmt].append(bu.timed(lambda: write_deliverable(a, fmt, out))[0])  # noqa: B023
                    sizes[fmt] = out.stat().st_size
        for _ in range(args.runs):
            base_e2e.append(bu.timed(lambda: subprocess.run([*appraise, "--format", "json", "-o",
                                                             str(work / "base.json")], check=True,
                                                            capture_output=True))[0])
            for fmt in formats:
                e2e[fmt].append(bu.timed(lambda: subprocess.run(  # noqa: B023
                    [*appraise, "--format", fmt, "-o", str(work / f"e2e.{fmt}")], check=True,  # noqa: B023
                    capture_output=True))[0])
    finally:
        shutil.rmtree(work, ignore_errors=True)

    base_s, base_e2e_s = bu.median(base_in), bu.median(base_e2e)
    per_format = {f: {"in_process_s": bu.median(inproc[f]), "e2e_s": bu.median(e2e[f]),
                      "ratio": bu.median(inproc[f]) / base_s, "e2e_ratio": bu.median(e2e[f]) / base_e2e_s,
                      "bytes": sizes.get(f, 0), "target_s": TARGETS_S.get(f)} for f in formats}
    passed = all(v["e2e_s"] <= v["target_s"] for v in per_format.values() if v["target_s"] is not None)
    result: dict[str, Any] = {"benchmark": "deliverables", **built, "runs": args.runs, "baseline_s": base_s,
                              "baseline_e2e_s": base_e2e_s, "formats": per_format, "passed": passed}
    lines = [f"deliverables of a staged ML5 appraisal: {built['practices']} practices x {built['projects']} projects "
             f"= {built['cells']:,} cells, {built['findings']} findings, {built['evidence']} evidence items; "
             f"{args.runs} runs, medians",
             f"  baseline: JSON summary             in process {base_s:6.2f} s   end to end {base_e2e_s:6.2f} s"]
    for fmt, v in per_format.items():
        target = f"(target <= {v['target_s']:.0f} s end to end) {'OK' if v['e2e_s'] <= v['target_s'] else 'OVER'}" \
            if v["target_s"] is not None else "(no target)"
        lines.append(f"  {fmt:<5} {v['bytes'] / 1024:8.0f} KB   in process {v['in_process_s']:6.2f} s "
                     f"({v['ratio']:5.2f}x)   end to end {v['e2e_s']:6.2f} s ({v['e2e_ratio']:5.2f}x)  {target}")
    bu.emit(result, args.json, lines)
    return result


if __name__ == "__main__":
    sys.exit(0 if main()["passed"] else 1)
