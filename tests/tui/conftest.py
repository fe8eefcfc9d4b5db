"""Fixtures for driving the terminal UI with Textual's Pilot."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from appraise.services import Appraisal, build_sample
from appraise.tui.app import AppraiseApp


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the recent-appraisals list of each test in its own folder."""
    monkeypatch.setenv("APPRAISE_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def sample_path(tmp_path: Path) -> Path:
    """The bundled sample (ML2, ALPHA/BETA/GAMMA, rated ML2) built into a fresh file."""
    path = tmp_path / "acme.appraisal"
    with build_sample("acme-ml2", path, who="Lead appraiser") as a:
        # the findings views are driven from an empty list here: the sample's own findings are the deliverables'
        # (tests/test_deliverable_cmmi.py, tests/test_sample.py)
        for finding in a.findings.all():
            a.findings.delete(finding.id, who="Lead appraiser")
    return path


@pytest.fixture
def sample_app(sample_path: Path) -> Iterator[AppraiseApp]:
    """The app opened on the sample, as ``appraise acme.appraisal`` would open it."""
    app = AppraiseApp(appraisal=Appraisal.open(sample_path))
    yield app
    if app.appraisal is not None:
        app.appraisal.close()



@pytest.fixture
def wait_until():
    """``await wait_until(pilot, predicate)``: let the app run until ``predicate()`` holds.

    A worker's result reaches the screen on a later tick than ``wait_for_complete``.
    """
    import asyncio

    async def wait(pilot, predicate, timeout: float = 5.0) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate():
            if loop.time() > deadline:
                raise AssertionError("the app did not get there in time")
            await pilot.pause(0.02)

    return wait


@pytest.fixture
def frozen_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Fixed timestamps, the current folder a fresh one, read in UTC: the same pixels every run."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    monkeypatch.setattr("appraise.store.sqlite.connection.now", lambda: "2026-11-20T09:00:00+00:00")
    yield
    monkeypatch.undo()
    time.tzset()
