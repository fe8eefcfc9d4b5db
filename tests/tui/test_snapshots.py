"""The look of the overview, matrix and rating views, pinned with pytest-textual-snapshot.

Update after an intended change of look: ``pytest tests/tui/test_snapshots.py --snapshot-update``,
then look at the new SVGs under tests/tui/__snapshots__/ before committing them.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from appraise.services import Appraisal, build_sample
from appraise.tui.app import AppraiseApp

SIZE = (120, 40)
#: The smallest terminal the app is made for, and a wide one: every view usable at the first, using the second.
SIZES = pytest.mark.parametrize("size", [(80, 24), (200, 50)], ids=["80x24", "200x50"])


@pytest.fixture
def frozen_sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample with fixed timestamps, in the current folder, read in UTC: the same pixels every run."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    monkeypatch.setattr("appraise.store.store.now", lambda: "2026-11-20T09:00:00+00:00")
    path = Path("acme.appraisal")
    build_sample("acme-ml2", path, who="Lead appraiser").close()
    yield path
    monkeypatch.undo()
    time.tzset()


def _app(path: Path) -> AppraiseApp:
    return AppraiseApp(appraisal=Appraisal.open(path))


def test_overview_look(snap_compare, frozen_sample):
    assert snap_compare(_app(frozen_sample), terminal_size=SIZE)


@SIZES
def test_overview_look_at(snap_compare, frozen_sample, size):
    assert snap_compare(_app(frozen_sample), terminal_size=size)


def test_matrix_look(snap_compare, frozen_sample):
    async def pending_decision(pilot) -> None:
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("p")  # REQM SP 1.1 / ALPHA: PI, so the OU column asks LI/PI?
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(_app(frozen_sample), terminal_size=SIZE, run_before=pending_decision)


def test_rating_look(snap_compare, frozen_sample):
    async def rating(pilot) -> None:
        await pilot.press("f6")
        await pilot.pause()

    assert snap_compare(_app(frozen_sample), terminal_size=SIZE, run_before=rating)


@SIZES
def test_rating_look_at(snap_compare, frozen_sample, size):
    """With a decision pending (REQM SP 1.1 PI in ALPHA): the head grows, the roll-up keeps its lines."""
    with Appraisal.open(frozen_sample) as a:
        a.characterize("REQM SP 1.1", "ALPHA", "PI")

    async def rating(pilot) -> None:
        await pilot.press("f6")
        await pilot.pause()

    assert snap_compare(_app(frozen_sample), terminal_size=size, run_before=rating)


@SIZES
def test_goal_significance_dialog_look(snap_compare, frozen_sample, size):
    """REQM SG 1 has LI practices: the team judges whether the weaknesses (listed, with notes) are significant."""
    async def decide(pilot) -> None:
        await pilot.press("f6")
        await pilot.pause()
        pilot.app.screen.select_target("REQM SG 1")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()

    assert snap_compare(_app(frozen_sample), terminal_size=size, run_before=decide)
