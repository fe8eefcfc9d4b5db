"""Building a model from the Appraisal Tool: ``appraise frameworks build --from-mdd-tool`` at the tool's size.

Writes (once, untimed) a synthetic Appraisal Tool workbook in the official layout at full size: 57 sheets
(16 hidden), 31 practice areas with 276 practices under made-up acronyms (the counts of the domain page 1.4),
20-row practice blocks, the two per-process areas with 500-row blocks and the helper table below them
(tests/fixtures/mdd_tool.py). Then, for ``--rounds`` rounds, alternating which goes first, it times

* appraise: ``build_from_mdd_tool`` (read the summary, every area sheet and the roll-up read-only, write
  the model file and the kept copy, load the written text back with the loader);
* baseline: openpyxl alone opening the same workbook read-only and reading every cell of the area sheets,
  the least any reader of the file does;

and reports the medians and their ratio, then the same build END TO END as its own process
(``python -m appraise frameworks build``: process start included, what a user waits; after one untimed
run that compiles the bytecode, as an installed package has it).
Target: both the in-process median and the end-to-end run <= 3 s. Exit status 1 when over the target.

    .venv/bin/python bench/bench_build_model.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
for folder in (HERE, HERE.parent / "tests"):  # run as a script or loaded by path; the workbook writer
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import _benchutil as bu  # noqa: E402
from bench_cli import appraise_args, process_env, run_process  # noqa: E402

TARGET_S = 3.0


def baseline(path: Path, sheets: list[str]) -> int:
    """openpyxl alone: open read-only and read every cell of the area sheets; the number of cells read."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        return sum(len(row) for name in sheets for row in wb[name].iter_rows(values_only=True))
    finally:
        wb.close()


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds of each; medians (default 5)")
    parser.add_argument("--dir", type=Path, default=None, help="work directory (default: a new temp dir)")
    parser.add_argument("--profile", action="store_true", help="also profile one build (cProfile)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")

    from fixtures.mdd_tool import FULL_AREAS, write_mdd_tool

    from appraise.services import build_from_mdd_tool

    work_dir = Path(tempfile.mkdtemp(prefix="appraise-bench-", dir=args.dir))
    try:
        env = process_env(work_dir)
        env["APPRAISE_DATA_DIR"] = str(work_dir / "data")
        old_data = os.environ.get("APPRAISE_DATA_DIR")
        os.environ["APPRAISE_DATA_DIR"] = env["APPRAISE_DATA_DIR"]
        try:
            tool = write_mdd_tool(work_dir / "Appraisal Tool.xlsm", FULL_AREAS, domains_on=())
            sheets = [a.acronym for a in FULL_AREAS]
            out = work_dir / "bench-v3.yaml"

            def build() -> Any:
                return build_from_mdd_tool(tool, out, replace=True)

            build_s: list[float] = []
            base_s: list[float] = []
            built, cells = None, 0
            for i in range(args.rounds):
                for which in (("build", "base") if i % 2 == 0 else ("base", "build")):
                    if which == "build":
                        t, built = bu.timed(build)
                        build_s.append(t)
                    else:
                        t, cells = bu.timed(lambda: baseline(tool, sheets))
                        base_s.append(t)
            e2e = appraise_args("frameworks", "build", "--from-mdd-tool", tool, "-o", work_dir / "e2e-v3.yaml",
                                "--force")
            run_process(e2e, env, "appraise frameworks build")  # untimed: compiles the bytecode, as installed
            e2e_s = run_process(e2e, env, "appraise frameworks build")
            profile_text = bu.profile(build) if args.profile else None
        finally:
            if old_data is None:
                os.environ.pop("APPRAISE_DATA_DIR", None)
            else:
                os.environ["APPRAISE_DATA_DIR"] = old_data
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)

    assert built is not None
    counts = built.framework.counts()
    build_med, base_med = bu.median(build_s), bu.median(base_s)
    result: dict[str, Any] = {
        "benchmark": "build-model",
        **counts,
        "sheets": 57,
        "cells_read_by_baseline": cells,
        "rounds": args.rounds,
        "build_s": build_med,
        "baseline_s": base_med,
        "ratio": build_med / base_med,
        "build_runs_s": build_s,
        "baseline_runs_s": base_s,
        "e2e_s": e2e_s,
        "target_s": TARGET_S,
        "passed": build_med <= TARGET_S and e2e_s <= TARGET_S,
    }
    lines = [
        f"Model build from a full-size Appraisal Tool workbook: 57 sheets, {counts['practice_areas']} practice "
        f"areas, {counts['practice_groups']} practice groups, {counts['practices']} practices; {args.rounds} "
        "rounds, medians",
        f"  build (read, write, load back)          {build_med:7.3f} s   (target <= {TARGET_S:.0f} s)  "
        f"{'OK' if build_med <= TARGET_S else 'OVER TARGET'}",
        f"  baseline: openpyxl reads the area sheets {base_med:6.3f} s   ({cells:,} cells)",
        f"  ratio build/baseline                    {result['ratio']:7.2f}x",
        f"  end to end (appraise frameworks build)  {e2e_s:7.3f} s   (target <= {TARGET_S:.0f} s)  "
        f"{'OK' if e2e_s <= TARGET_S else 'OVER TARGET'}",
    ]
    if profile_text:
        lines += ["", "cProfile of one build (cumulative):", profile_text]
    bu.emit(result, args.json, lines)
    return result


if __name__ == "__main__":
    sys.exit(0 if main()["passed"] else 1)
