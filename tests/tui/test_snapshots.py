"""The look of the overview, matrix and rating views, pinned with pytest-textual-snapshot.

Update after an intended change of look: ``pytest tests/tui/test_snapshots.py --snapshot-update``,
then look at the new SVGs under tests/tui/__snapshots__/ before committing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from appraise.services import Appraisal, build_sample
from appraise.tui.app import AppraiseApp

SIZE = (120, 40)
#: The smallest terminal the app is made for, and a wide one: every view usable at the first, using the second.
SIZES = pytest.mark.parametrize("size", [(80, 24), (200, 50)], ids=["80x24", "200x50"])


@pytest.fixture
def frozen_sample(frozen_time: None) -> Path:
    """The sample with fixed timestamps, in the current folder, read in UTC."""
    path = Path("acme.appraisal")
    build_sample("acme-ml2", path, who="Lead appraiser").close()
    return path


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


async def _matrix_on_reqm_sp_1_3_beta(pilot) -> None:
    await pilot.press("f4")
    await pilot.pause()
    await pilot.press("down", "down", "right")  # a cell with both kinds of evidence
    await pilot.pause(0.3)  # the evidence panel follows once the keys pause


def test_matrix_look_80x24(snap_compare, frozen_sample):
    """The grid stays usable on a small terminal: ids only, no evidence panel."""
    assert snap_compare(_app(frozen_sample), terminal_size=(80, 24), run_before=_matrix_on_reqm_sp_1_3_beta)


def test_matrix_look_200x50(snap_compare, frozen_sample):
    """A wide terminal: titles beside the ids, the cell's evidence beside the grid."""
    assert snap_compare(_app(frozen_sample), terminal_size=(200, 50), run_before=_matrix_on_reqm_sp_1_3_beta)


def test_matrix_look_long_codes_80x24(snap_compare, frozen_time):
    """Codes too wide for the terminal: short codes, and a legend naming each project."""
    path = Path("codes.appraisal")
    Appraisal.create(path, framework="cmmi-dev-1.3", representation="staged", target=2, unit="Codes",
                     projects=["PRJ-101", "PRJ-102", "LONG-PROJECT-NAME", "PRJ-103", "OTHER-LONG-NAME", "PRJ-104",
                               "B2"], who="Lead appraiser").close()

    async def matrix(pilot) -> None:
        await pilot.press("f4")
        await pilot.pause()

    assert snap_compare(_app(path), terminal_size=(80, 24), run_before=matrix)


def test_audit_matrix_look(snap_compare, frozen_time):
    """An ISO 9001 audit: clauses, sites and results."""
    path = Path("qms.appraisal")
    build_sample("acme-iso9001", path, who="Lead auditor").close()

    async def matrix(pilot) -> None:
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("g")  # the first clause not yet audited
        await pilot.pause()

    assert snap_compare(_app(path), terminal_size=SIZE, run_before=matrix)


def test_rating_look(snap_compare, frozen_sample):
    async def rating(pilot) -> None:
        await pilot.press("f6")
        await pilot.pause()

    assert snap_compare(_app(frozen_sample), terminal_size=SIZE, run_before=rating)


@SIZES
def test_rating_look_at(snap_compare, frozen_sample, size):
    """With a decision pending (REQM SP 1.1 PI in ALPHA): the head grows, the roll-up keeps its lines."""
    with Appraisal.open(frozen_sample) as a:
        a.cells.characterize("REQM SP 1.1", "ALPHA", "PI")

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
