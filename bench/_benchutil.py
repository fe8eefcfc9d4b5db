"""Shared pieces of the benchmarks: the scope they use, timing, reporting.

Not a test helper: the benchmarks measure *ratios* against a baseline run in
the same process (absolute times on our machines move about ±10 % between
runs, ratios about ±3 %), see /work/shared/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import pstats
import sqlite3
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FRAMEWORK = "cmmi-dev-1.3"
REPRESENTATION = "staged"
TARGET_LEVEL = 5
UNIT = "Bench"


def project_codes(n: int) -> list[str]:
    """``P01`` .. ``Pnn``."""
    width = max(2, len(str(n)))
    return [f"P{i:0{width}d}" for i in range(1, n + 1)]


def ml5_practices() -> list[str]:
    """The practice ids of a CMMI-DEV v1.3 staged ML5 scope, in model order (431)."""
    from appraise.framework import load_bundled
    from appraise.schemes.scampi.rules import make_scope, practices_in_scope

    framework = load_bundled(FRAMEWORK)
    scope = make_scope(framework, REPRESENTATION, TARGET_LEVEL, [], ["P01"])
    return practices_in_scope(framework, scope)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds ``fn()`` takes (perf_counter), after collecting garbage left by the previous run."""
    gc.collect()
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def median(values: list[float]) -> float:
    return statistics.median(values)


def profile(fn: Callable[[], Any], top: int = 25) -> str:
    """Run ``fn`` once under cProfile; the ``top`` functions by cumulative time, as text."""
    prof = cProfile.Profile()
    gc.collect()
    prof.enable()
    fn()
    prof.disable()
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def emit(result: dict[str, Any], as_json: bool, lines: list[str]) -> None:
    """Print the human report, or the result dict as JSON."""
    if as_json:
        print(json.dumps(result, indent=2))
    else:
        print("\n".join(lines))


#: The baseline of the rating benchmarks: the one read rate() cannot do without, in raw sqlite3.
RATE_BASELINE_SQL = "SELECT practice_id, project_id, value FROM characterization"


def rating_args(doc: str, argv: list[str] | None, units: str) -> argparse.Namespace:
    """The rating benchmarks' options; ``units`` names what --projects counts (projects, instances)."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--projects", type=int, default=30, help=f"{units} P01.. (default 30)")
    parser.add_argument("--runs", type=int, default=30, help="timed runs of each; medians (default 30)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed runs first (default 3)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dir", type=Path, default=None, help="work directory (default: a new temp dir)")
    parser.add_argument("--profile", action="store_true", help="also profile one rate() (cProfile)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    if args.projects < 1 or args.runs < 1 or args.warmup < 0:
        parser.error("--projects and --runs must be at least 1, --warmup at least 0")
    return args


@dataclass
class RateTiming:
    """``Appraisal.rate()`` against the baseline SELECT, alternating, with rate()'s steps timed apart."""

    rate_s: list[float]
    base_s: list[float]
    parts: dict[str, list[float]]
    result: Any
    baseline_rows: int
    profile_text: str | None

    def report(self) -> dict[str, Any]:
        """The medians in ms and the ratio, as the result dicts carry them."""
        rate_ms, base_ms = median(self.rate_s) * 1000, median(self.base_s) * 1000
        return {"rate_ms": rate_ms, "baseline_ms": base_ms, "ratio": rate_ms / base_ms,
                "rate_runs_ms": [t * 1000 for t in self.rate_s], "baseline_runs_ms": [t * 1000 for t in self.base_s],
                "breakdown_ms": {k: median(v) * 1000 for k, v in self.parts.items()},
                "baseline_rows": self.baseline_rows}


def time_rate(path: Path, args: argparse.Namespace, step_names: tuple[str, str, str]) -> RateTiming:
    """Time ``rate()`` on the appraisal at ``path`` against the baseline, ``args.runs`` times each after
    ``args.warmup``, and rate()'s three steps (read cells, read decisions, the scheme's rate) one by one."""
    from appraise.services import Appraisal

    a = Appraisal.open(path)
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA journal_mode = WAL")
    try:
        for _ in range(args.warmup):
            a.rate()
            raw.execute(RATE_BASELINE_SQL).fetchall()

        def steps() -> tuple[float, float, float]:
            t_chars, chars = timed(a.reader.characterizations)
            t_dec, decisions = timed(a.decisions.for_rules)
            t_roll, _ = timed(lambda: a.scheme.rate(a.framework, a.scope, chars, decisions))
            return t_chars, t_dec, t_roll

        timing = RateTiming([], [], {name: [] for name in step_names}, None, 0, None)
        for i in range(args.runs):
            for which in (("rate", "base") if i % 2 == 0 else ("base", "rate")):
                if which == "rate":
                    t, timing.result = timed(a.rate)
                    timing.rate_s.append(t)
                else:
                    t, fetched = timed(lambda: raw.execute(RATE_BASELINE_SQL).fetchall())
                    timing.baseline_rows = len(fetched)
                    timing.base_s.append(t)
            for name, t in zip(step_names, steps()):
                timing.parts[name].append(t)
        timing.profile_text = profile(a.rate) if args.profile else None
        return timing
    finally:
        raw.close()
        a.close()
