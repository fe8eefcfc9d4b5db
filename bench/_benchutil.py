"""Shared pieces of the benchmarks: the scope they use, timing, reporting.

Not a test helper: the benchmarks measure *ratios* against a baseline run in
the same process (absolute times on our machines move about ±10 % between
runs, ratios about ±3 %), see /work/shared/PERFORMANCE.md.
"""

from __future__ import annotations

import cProfile
import gc
import io
import json
import pstats
import statistics
import time
from collections.abc import Callable
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
    from appraise.rating.scampi import make_scope, practices_in_scope

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
