"""A killed `appraise new` or `appraise demo --force` leaves the name holding nothing or a whole appraisal.

Each trial starts the real command as its own process and kills it (SIGKILL) after a delay spread over the
whole run, so some trials die while the file is being built and some after it is moved into place.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from appraise.services import Appraisal

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL")

TRIALS = 20


def _run_killed(args: list[str], cwd: Path, delay: float) -> int | None:
    """Start ``appraise ARGS`` and SIGKILL it after ``delay`` s; its exit code if it ended first."""
    env = {**os.environ, "APPRAISE_USER": "tester"}
    proc = subprocess.Popen([sys.executable, "-m", "appraise", *args], cwd=cwd, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    return proc.returncode


def _whole(path: Path) -> dict:
    """The rating of a whole appraisal file (raises on a half-made one)."""
    with Appraisal.open(path) as appraisal:
        return {"practices": len(appraisal.practices), "cells": sum(len(v) for v in
                appraisal.cells.all().values()), "rating": appraisal.rate().to_dict()["maturity_level"]}


def _timing(args: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    assert _run_killed(args, cwd, 60) == 0
    return time.perf_counter() - start


def test_killed_new_leaves_nothing_or_a_whole_appraisal(tmp_path: Path) -> None:
    args = ["new", "x.appraisal", "--framework", "cmmi-dev-1.3", "--target", "2", "--unit", "U",
            "--projects", "A,B,C"]
    full = _timing(args, tmp_path)
    expected = _whole(tmp_path / "x.appraisal")
    outcomes = {"absent": 0, "whole": 0}
    for trial in range(TRIALS):
        for f in tmp_path.glob("x.appraisal*"):
            f.unlink()
        _run_killed(args, tmp_path, full * (trial + 1) / TRIALS * 1.5)
        target = tmp_path / "x.appraisal"
        if target.exists():
            assert _whole(target) == expected, f"trial {trial}"
            outcomes["whole"] += 1
        else:
            outcomes["absent"] += 1
        # the name is usable again: `new` is refused only by a whole file
        if not target.exists():
            assert _run_killed(args, tmp_path, 60) == 0
            assert _whole(target) == expected
    assert outcomes["absent"] and outcomes["whole"], outcomes  # the kills fell both before and after the move
    # what killed builds left beside the name is gone once a build of it runs again
    (tmp_path / "x.appraisal").unlink()
    assert _run_killed(args, tmp_path, 60) == 0
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_killed_demo_force_keeps_the_old_file_or_the_new_one(tmp_path: Path) -> None:
    dest = tmp_path / "acme-demo.appraisal"
    full = _timing(["demo", "--print"], tmp_path)
    sample = _whole(dest)
    with Appraisal.open(dest) as appraisal:  # the team's own work in the old file
        appraisal.cells.characterize("REQM SP 1.1", "ALPHA", None)
    changed = _whole(dest)
    assert changed != sample
    seen = set()
    for trial in range(TRIALS // 2):
        _run_killed(["demo", "--force", "--print"], tmp_path, full * (trial + 1) / (TRIALS // 2) * 1.5)
        state = _whole(dest)  # never absent, never half-made
        assert state in (changed, sample), f"trial {trial}"
        seen.add("new" if state == sample else "old")
        if state == sample:  # make it the team's again for the next trial
            with Appraisal.open(dest) as appraisal:
                appraisal.cells.characterize("REQM SP 1.1", "ALPHA", None)
    assert seen == {"new", "old"}, seen
