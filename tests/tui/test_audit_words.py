"""An audit's matrix and overview in the audit's words: ``g`` finds what is not audited; a clause declared not
applicable (A1.2) is n/a in the matrix, refuses value keys with the method's reason, and has its own mark in the
overview's clause profile."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static
from textual.widgets._footer import FooterKey
from views import open_matrix as _matrix
from views import plain as _text

from appraise.services import Appraisal, build_sample
from appraise.tui.app import AppraiseApp
from appraise.tui.screens.help import HelpScreen
from appraise.tui.screens.overview import OverviewScreen

SMALL = (80, 24)
WHY = "products are made to the customer's drawings"


@pytest.fixture
def audit_path(tmp_path: Path) -> Path:
    path = tmp_path / "qms.appraisal"
    build_sample("acme-iso9001", path, who="Lead auditor").close()
    return path


def _app(path: Path) -> AppraiseApp:
    return AppraiseApp(appraisal=Appraisal.open(path))


@pytest.fixture
def excluded_app(audit_path: Path):
    """The audit sample with 8.3 (design and development) declared not applicable."""
    with Appraisal.open(audit_path) as a:
        a.decisions.decide("8.3", "not_applicable", WHY)
    app = _app(audit_path)
    yield app
    if app.appraisal is not None:
        app.appraisal.close()


def _footer(screen) -> dict[str, str]:
    return {k.description: k.key for k in screen.query(FooterKey) if k.description}


async def test_the_matrix_footer_and_help_say_not_audited(excluded_app, sample_app):
    async with excluded_app.run_test(size=SMALL) as pilot:
        screen, table = await _matrix(pilot)
        keys = _footer(screen)
        assert keys.get("Not audited") == "g" and "Next gap" not in keys
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)
        helped = " ".join(_text(s.content) for s in pilot.app.screen.query(Static))
        assert "Not audited" in helped and "Next gap" not in helped
    async with sample_app.run_test(size=SMALL) as pilot:  # CMMI keeps its word
        screen, _table = await _matrix(pilot)
        assert _footer(screen).get("Next gap") == "g" and "Not audited" not in _footer(screen)


async def test_a_clause_declared_not_applicable_is_na_and_refuses_values(excluded_app, audit_path):
    app = excluded_app
    reason = app.appraisal.refusal()("8.3.2")
    assert reason and WHY in reason
    before = app.appraisal.cells.all().get("8.3.2", {})
    async with app.run_test(size=SMALL) as pilot:
        screen, table = await _matrix(pilot)
        row = table.practices.index("8.3.2")
        for column in range(len(table.projects) + 1):  # each site, and the result
            cell = table.cell(row, column)
            assert cell.plain == "n/a" and "dim" in str(cell.style)
        assert table.cell(table.practices.index("8.2.1"), 0).plain != "n/a"  # its neighbour is audited
        screen.select_cell("8.3.2", "HQ")
        await pilot.pause()
        await pilot.press("y")  # C
        await pilot.pause()
        assert table.cell_target() == ("8.3.2", "HQ")  # the cursor stays
        assert reason in [n.message for n in app._notifications]
        assert reason in screen.query_one("#matrix-cell").render().plain  # the cell line says why too
    with Appraisal.open(audit_path) as a:
        assert a.cells.all().get("8.3.2", {}) == before  # the refused key changed nothing


def _profile_row(screen: OverviewScreen, clause: str) -> str:
    lines = _text(screen.query_one("#profile", Static).content).splitlines()
    return next(line for line in lines if line.split()[:1] == [clause])


async def test_the_overview_marks_a_clause_declared_not_applicable(excluded_app, audit_path):
    async with excluded_app.run_test(size=(120, 50)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, OverviewScreen)
        profile = _text(screen.query_one("#profile", Static).content)
        assert "□ not applicable" in profile and "■ not audited" in profile  # the legend
        excluded = [c for c in excluded_app.rating().to_dict()["clauses"] if c["result"] == "not_applicable"]
        assert {c["id"] for c in excluded} >= {"8.3.1", "8.3.6"}
        assert _profile_row(screen, "8").count("□") == len(excluded)  # one hollow mark each, not a grey one
        assert "□" not in _profile_row(screen, "7")
    with Appraisal.open(audit_path) as a:  # made applicable again: no hollow mark left
        a.decisions.decide("8.3", "applicable", "design work started")
    app = _app(audit_path)
    try:
        async with app.run_test(size=(120, 50)) as pilot:
            await pilot.press("f2")
            await pilot.pause()
            assert "□" not in _profile_row(pilot.app.screen, "8")
    finally:
        app.appraisal.close()
