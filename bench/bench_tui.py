"""Terminal UI speed: start to the overview with data, and keypress to repaint in the matrix.

1. Start: a new Python process runs the app on an appraisal file until the
   overview shows its data, then exits; the baseline is a hello-world Textual
   app (start -> first frame -> exit) run alternately in the same benchmark.
   Both headless, whole process timed. Target: ratio <= 2.5x.
2. Keypress: the app on a staged ML5 appraisal with 30 projects (431 x 30
   cells, every one characterized), matrix view; a value key is pressed on
   successive cells and the time from the press until the app is idle again
   until the cell's line is painted anew (written to the file, repainted) is
   taken. Target: median <= 50 ms. Cursor moves (``down``) in the same table
   are timed alongside for comparison.
3. Scale: the same ML5 scope with evidence linked to most cells (an evidence
   index of 1,000 rows a project imported: at 200 projects 198k links, 77k of
   the 86,200 cells with evidence), at 30 and at ``--large`` (200) projects:
   the time from pressing F4 on the overview to the matrix's first paint with
   data, and per value key the time to the cell's line repainted and the CPU
   from the press until the app is idle again (the re-rating included), per
   cursor move the time to the new line painted. The ratios large/30 show
   whether the cost stays flat as the appraisal grows. Targets at the large
   size: open <= 1 s, value key median <= 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))


HELLO = """
from textual.app import App
from textual.widgets import Static

class Hello(App):
    def compose(self):
        yield Static("Hello, world")
    def on_mount(self):
        self.call_after_refresh(self.exit)

Hello().run(headless=True)
"""

APPRAISE = """
import os
import sys
from appraise.cli.locations import location
from appraise.tui.app import AppraiseApp
from appraise.tui.screens.overview import OverviewScreen

class Timed(AppraiseApp):
    def on_mount(self):  # Textual runs AppraiseApp.on_mount too (handlers of every class in the MRO)
        self._poll = self.set_interval(0.001, self._check)

    def _check(self):
        screen = self.screen
        if isinstance(screen, OverviewScreen) and screen._shown_version >= 0:
            self._poll.stop()
            self.call_after_refresh(self.exit)

# the appraisal: argv, or $APPRAISE_BENCH_LOCATION (a server's address holds a password: never on a command line)
Timed(location(os.environ.get("APPRAISE_BENCH_LOCATION") or sys.argv[1])).run(headless=True)
"""


def _run(script: Path, *args: str) -> float:
    # with a bytecode cache of its own, as an installed appraise has (pip compiles it): a shell that sets
    # PYTHONDONTWRITEBYTECODE would otherwise compile appraise's ~150 modules from source on every start
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(APPRAISE_DATA_DIR=str(script.parent), PYTHONPYCACHEPREFIX=str(script.parent / "pycache"))
    start = time.perf_counter()
    subprocess.run([sys.executable, str(script), *args], check=True, env=env)
    return time.perf_counter() - start


def bench_start(path: Path, rounds: int) -> dict[str, Any]:
    # scripts in files, not ``-c``: Textual finds an app's CSS relative to its source file
    hello_script, appraise_script = path.parent / "hello.py", path.parent / "appraise_start.py"
    hello_script.write_text(HELLO, encoding="utf-8")
    appraise_script.write_text(APPRAISE, encoding="utf-8")
    _run(hello_script)
    _run(appraise_script, str(path))  # warm the OS caches and .pyc files
    hello: list[float] = []
    appraise: list[float] = []
    for i in range(rounds):
        pair = [(hello, hello_script, ()), (appraise, appraise_script, (str(path),))]
        for times, script, args in (pair if i % 2 == 0 else pair[::-1]):
            times.append(_run(script, *args))
    h, a = statistics.median(hello), statistics.median(appraise)
    return {"hello_s": h, "appraise_s": a, "ratio": a / h, "hello_runs_s": hello, "appraise_runs_s": appraise,
            "target_ratio": 2.5, "passed": a / h <= 2.5}


def build_filled(path: Path, n_projects: int, seed: int = 1) -> dict[str, int]:
    """The ML5 appraisal of bench_rating (every cell characterized, decisions recorded) with an evidence
    index of 1,000 rows a project imported, as an appraisal team builds it."""
    import _benchutil as bu
    from bench_import import generate_csv
    from bench_rating import build

    from appraise.services import Appraisal

    built = build(path, n_projects, seed)
    csv_path = path.with_suffix(".csv")
    generate_csv(csv_path, 1000 * n_projects, bu.project_codes(n_projects), bu.ml5_practices(), seed)
    a = Appraisal.open(path)
    try:
        items, links = a.evidence.import_plan(a.evidence.plan_import(csv_path), "bench")
        cells_with_evidence = len(a.evidence.cells())
    finally:
        a.close()
        csv_path.unlink()
    return {**built, "evidence_items": items, "evidence_links": links, "cells_with_evidence": cells_with_evidence}


async def _matrix_session(path: Path, presses: int) -> dict[str, Any]:
    """One app on ``path``: from the overview, F4 until the matrix's first paint with data; then value keys
    on successive cells (time to the line repainted, CPU until idle) and cursor moves."""
    from appraise.services import Appraisal
    from appraise.tui.app import AppraiseApp
    from appraise.tui.screens.matrix import MatrixTable
    from appraise.tui.screens.overview import OverviewScreen

    painted: dict[int, float] = {}
    original = MatrixTable.render_line

    def render_line(self: MatrixTable, y: int) -> Any:
        strip = original(self, y)
        if y >= 1 and self.row_count:
            painted.setdefault(self.scroll_offset.y + y - 1, time.perf_counter())
        return strip

    async def until(pilot: Any, done: Any, timeout: float = 30.0) -> None:
        deadline = time.perf_counter() + timeout
        while not done() and time.perf_counter() < deadline:
            await pilot.pause(0.001)

    MatrixTable.render_line = render_line  # type: ignore[method-assign]
    app = AppraiseApp(appraisal=Appraisal.open(path))
    value_ms: list[float] = []
    cpu_ms: list[float] = []
    move_ms: list[float] = []
    try:
        async with app.run_test(size=(200, 50)) as pilot:
            await until(pilot, lambda: isinstance(app.screen, OverviewScreen) and app.screen._shown_version >= 0)
            await pilot.pause(0.6)  # the app opens the file for writing half a second after start
            await app.workers.wait_for_complete()
            assert app.appraisal is not None
            app.appraisal.store  # noqa: B018 - opened, as it is by then in real use
            painted.clear()
            start = time.perf_counter()
            await pilot.press("f4")
            await until(pilot, lambda: bool(painted))
            open_s = min(painted.values(), default=time.perf_counter()) - start
            await app.workers.wait_for_complete()
            await pilot.pause()
            table = app.screen.query_one(MatrixTable)
            table.move_cursor(0, 0)
            await pilot.pause()
            keys = "flpnfl"
            for i in range(presses):
                row = table.cursor[0]
                painted.clear()
                cpu, start = time.process_time(), time.perf_counter()
                await pilot.press(keys[i % len(keys)])
                await until(pilot, lambda row=row: row in painted, 5.0)
                value_ms.append((painted.get(row, time.perf_counter()) - start) * 1000)
                await app.workers.wait_for_complete()
                await pilot.pause()
                cpu_ms.append((time.process_time() - cpu) * 1000)
                painted.clear()
                start = time.perf_counter()
                await pilot.press("down")
                await until(pilot, lambda row=row: row + 1 in painted, 5.0)
                move_ms.append((painted.get(row + 1, time.perf_counter()) - start) * 1000)
                await pilot.pause()
            written = app.appraisal.reader.characterizations()
    finally:
        MatrixTable.render_line = original  # type: ignore[method-assign]
        if app.appraisal is not None:
            app.appraisal.close()
    return {"open_s": open_s, "value_ms": value_ms, "cpu_ms": cpu_ms, "move_ms": move_ms,
            "cells_after": sum(len(v) for v in written.values())}


def bench_scale(path: Path, rounds: int, presses: int) -> dict[str, Any]:
    """``rounds`` app sessions on ``path``: the open time of each, the keys of all."""
    sessions = [asyncio.run(_matrix_session(path, presses)) for _ in range(rounds)]
    values = [t for s in sessions for t in s["value_ms"]]
    return {"open_s": statistics.median(s["open_s"] for s in sessions), "open_runs_s": [s["open_s"] for s in sessions],
            "value_key_median_ms": statistics.median(values), "value_key_p90_ms": _p90(values),
            "value_key_cpu_median_ms": statistics.median(t for s in sessions for t in s["cpu_ms"]),
            "move_median_ms": statistics.median(t for s in sessions for t in s["move_ms"]),
            "cells_after": sessions[-1]["cells_after"]}


def _p90(values: list[float]) -> float:
    return sorted(values)[int(0.9 * (len(values) - 1))]


async def _keypresses(path: Path, presses: int) -> dict[str, Any]:
    """Press value keys on successive cells; time each press until the cell's line is painted anew."""
    from appraise.services import Appraisal
    from appraise.tui.app import AppraiseApp
    from appraise.tui.screens.matrix import MatrixTable

    painted: dict[int, float] = {}
    original = MatrixTable.render_line

    def render_line(self: MatrixTable, y: int) -> Any:
        strip = original(self, y)
        row = self.scroll_offset.y + y - 1
        painted.setdefault(row, time.perf_counter())  # the first paint of the row after the press
        return strip

    MatrixTable.render_line = render_line  # type: ignore[method-assign]
    app = AppraiseApp(appraisal=Appraisal.open(path))
    value_times: list[float] = []
    move_times: list[float] = []
    try:
        async with app.run_test(size=(200, 50)) as pilot:
            await pilot.press("f4")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.appraisal is not None
            app.appraisal.store  # noqa: B018 - the app opens it for writing half a second after start
            table = app.screen.query_one(MatrixTable)
            table.move_cursor(0, 0)
            await pilot.pause()
            keys = "flpnfl"
            for i in range(presses):
                row = table.cursor[0]
                painted.clear()
                start = time.perf_counter()
                await pilot.press(keys[i % len(keys)])
                await app.workers.wait_for_complete()
                await pilot.pause()
                value_times.append(painted.get(row, time.perf_counter()) - start)
                painted.clear()
                start = time.perf_counter()
                await pilot.press("down")
                await pilot.pause()
                move_times.append(painted.get(row + 1, time.perf_counter()) - start)
            written = app.appraisal.reader.characterizations()
    finally:
        MatrixTable.render_line = original  # type: ignore[method-assign]
        if app.appraisal is not None:
            app.appraisal.close()
    return {"value_key_ms": [t * 1000 for t in value_times], "move_ms": [t * 1000 for t in move_times],
            "cells_after": sum(len(v) for v in written.values())}


def bench_keys(path: Path, presses: int) -> dict[str, Any]:
    result = asyncio.run(_keypresses(path, presses))
    value = statistics.median(result["value_key_ms"])
    move = statistics.median(result["move_ms"])
    return {"value_key_median_ms": value, "value_key_p90_ms": _p90(result["value_key_ms"]), "move_median_ms": move, "presses": presses,
            "target_ms": 50.0, "passed": value <= 50.0, "cells_after": result["cells_after"]}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--projects", type=int, default=30, help="projects of the ML5 appraisal (default 30)")
    parser.add_argument("--rounds", type=int, default=7, help="start-up runs of each app (default 7)")
    parser.add_argument("--presses", type=int, default=40, help="value keys pressed in the matrix (default 40)")
    parser.add_argument("--large", type=int, default=200, help="projects of the large appraisal (default 200)")
    parser.add_argument("--open-rounds", type=int, default=3, help="matrix openings at each size (default 3)")
    parser.add_argument("--scale-presses", type=int, default=20, help="value keys a session at scale (default 20)")
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    from bench_rating import build

    work = Path(tempfile.mkdtemp(prefix="appraise-bench-tui-", dir=args.dir))
    try:
        path = work / "ml5.appraisal"
        built = build(path, args.projects)
        start = bench_start(path, args.rounds)
        keys = bench_keys(path, args.presses)
        small_path, large_path = work / "ml5-small.appraisal", work / "ml5-large.appraisal"
        small_built = build_filled(small_path, args.projects)
        large_built = build_filled(large_path, args.large)
        small = bench_scale(small_path, args.open_rounds, args.scale_presses)
        large = bench_scale(large_path, args.open_rounds, args.scale_presses)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    scale = {"large_projects": args.large, "large_cells": large_built["cells"],
             "large_evidence_links": large_built["evidence_links"],
             "large_cells_with_evidence": large_built["cells_with_evidence"],
             **{f"small_{k}": v for k, v in small.items()}, **{f"large_{k}": v for k, v in large.items()},
             "open_ratio": large["open_s"] / small["open_s"],
             "value_key_ratio": large["value_key_median_ms"] / small["value_key_median_ms"],
             "value_key_cpu_ratio": large["value_key_cpu_median_ms"] / small["value_key_cpu_median_ms"],
             "target_open_s": 1.0, "target_value_key_ms": 50.0,
             "small_cells_expected": small_built["cells"], "large_cells_expected": large_built["cells"]}
    scale["passed"] = large["open_s"] <= 1.0 and large["value_key_median_ms"] <= 50.0
    result = {"benchmark": "tui", **{f"start_{k}": v for k, v in start.items()},
              **{f"keys_{k}": v for k, v in keys.items()}, "cells": built["cells"],
              **{f"scale_{k}": v for k, v in scale.items()},
              "passed": start["passed"] and keys["passed"] and scale["passed"]}
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        print(f"start to overview with data ({built['practices']} practices x {args.projects} projects), "
              f"{args.rounds} runs each, medians")
        print(f"  hello-world Textual app      {start['hello_s'] * 1000:7.0f} ms")
        print(f"  appraise, overview shown     {start['appraise_s'] * 1000:7.0f} ms")
        print(f"  ratio {start['ratio']:.2f}x (target <= 2.5x)  {'OK' if start['passed'] else 'OVER TARGET'}")
        print(f"keypress to repaint, matrix {built['practices']} x {args.projects}, {args.presses} presses")
        print(f"  value key   median {keys['value_key_median_ms']:6.1f} ms  p90 {keys['value_key_p90_ms']:6.1f} ms"
              f"  (target <= 50 ms)  {'OK' if keys['passed'] else 'OVER TARGET'}")
        print(f"  cursor move median {keys['move_median_ms']:6.1f} ms")
        print(f"matrix at scale: ML5 with evidence, {args.projects} vs {args.large} projects "
              f"({large_built['cells']:,} cells, {large_built['evidence_links']:,} evidence links); "
              f"{args.open_rounds} openings and {args.open_rounds * args.scale_presses} value keys each, medians")
        print(f"  {'':28} {args.projects:>9} {args.large:>9}   ratio")
        for label, key, unit, factor in (("F4 to first paint with data", "open_s", "ms", 1000),
                                         ("value key to line repainted", "value_key_median_ms", "ms", 1),
                                         ("  p90", "value_key_p90_ms", "ms", 1),
                                         ("value key CPU, rating incl.", "value_key_cpu_median_ms", "ms", 1),
                                         ("cursor move to line painted", "move_median_ms", "ms", 1)):
            a, b = small[key] * factor, large[key] * factor
            print(f"  {label:28} {a:7.1f}{unit} {b:7.1f}{unit}   {b / a:5.2f}x")
        print(f"  targets at {args.large} projects: open <= 1 s, value key <= 50 ms  "
              f"{'OK' if scale['passed'] else 'OVER TARGET'}")
    return result


if __name__ == "__main__":
    sys.exit(0 if main()["passed"] else 1)
