"""Roles in the terminal UI: an observer's keypress in the matrix is refused with a notification naming their role
and nothing is written; a team member's goes through; the header says who the roles make you."""

from __future__ import annotations

from pathlib import Path

from views import open_matrix

from appraise.services import Appraisal
from appraise.tui.app import AppraiseApp
from appraise.tui.screens.matrix import MatrixTable

SIZE = (120, 40)


def _cell(table: MatrixTable, practice: str, project: str) -> str:
    columns = [*table.projects, "OU"]
    return table.cell(table.practices.index(practice), columns.index(project)).plain


def _roster(path: Path) -> None:
    with Appraisal.open(path) as a:
        a.team.update("Ruth Calder", login="ruth", who="Lead appraiser")
        a.team.add("Olga Kim", "observer", who="ruth", login="olga")


async def _press_pi(path: Path, user: str, wait_until) -> tuple[AppraiseApp, str, list[str]]:
    """Open the app as ``user``, press P on REQM SP 1.1 / ALPHA: (the app, the cell shown, the notifications)."""
    appraisal = Appraisal.open(path)
    appraisal.user = user
    app = AppraiseApp(appraisal=appraisal)
    try:
        async with app.run_test(size=SIZE) as pilot:
            _screen, table = await open_matrix(pilot)
            assert _cell(table, "REQM SP 1.1", "ALPHA") == "FI AF"
            subtitle = app.sub_title
            await pilot.press("p")
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            if user == "olga":
                await wait_until(pilot, lambda: any(n.severity == "error" for n in app._notifications))
            return app, subtitle + "\n" + _cell(table, "REQM SP 1.1", "ALPHA"), [
                n.message for n in app._notifications if n.severity == "error"]
    finally:
        appraisal.close()


async def test_an_observers_keypress_is_refused_with_a_notification_and_writes_nothing(sample_path, wait_until):
    _roster(sample_path)
    with Appraisal.open(sample_path) as a:
        log = a.reader.change_log()
    _app, shown, errors = await _press_pi(sample_path, "olga", wait_until)
    subtitle, cell = shown.split("\n")
    assert subtitle.endswith("— Olga Kim, observer, read only")
    assert errors == ["Olga Kim is an observer on this appraisal's team: observers cannot change anything (the lead, "
                      "Ruth Calder, can change the roles)"]
    assert cell == "FI AF"  # the screen shows what the file holds
    with Appraisal.open(sample_path) as a:
        assert a.reader.change_log() == log
        assert a.reader.characterizations()["REQM SP 1.1"]["ALPHA"] == "FI"


async def test_a_team_members_keypress_is_written(sample_path, wait_until):
    _roster(sample_path)
    _app, shown, errors = await _press_pi(sample_path, "Lena Vogt", wait_until)
    subtitle, cell = shown.split("\n")
    assert subtitle.endswith("— Lena Vogt, team member") and errors == []
    assert cell == "PI AF"
    with Appraisal.open(sample_path) as a:
        assert a.reader.characterizations()["REQM SP 1.1"]["ALPHA"] == "PI"
        assert a.reader.change_log()[-1].who == "Lena Vogt"
