"""The start screen: recent appraisals, the sample, a new appraisal, and that it leaves the stack."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, Static

from appraise.services import Appraisal
from appraise.tui.app import AppraiseApp
from appraise.tui.screens.new_appraisal import NewAppraisalDialog
from appraise.tui.screens.overview import OverviewScreen
from appraise.tui.screens.start import StartScreen

SIZE = (120, 40)


def _no_start_screen_left(app: AppraiseApp) -> bool:
    """The appraisal's views are shown and the start screen is only its own mode, under none of them."""
    return app.current_mode == "overview" and not any(isinstance(s, StartScreen) for s in app.screen_stack)


async def _settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def test_recent_appraisals_are_listed_and_open(sample_path):
    app = AppraiseApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert "No recent appraisals yet" in str(app.screen.query_one("#no-recent", Static).render())
        assert not app.screen.query_one("#recent", DataTable).display

    async with AppraiseApp(path=sample_path).run_test(size=SIZE) as pilot:  # opening a file remembers it
        await pilot.pause()

    app = AppraiseApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#recent", DataTable)
        assert table.row_count == 1
        assert table.get_row_at(0)[0].plain == "Acme Payments"
        assert table.get_row_at(0)[1].plain.endswith("acme.appraisal")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        assert app.appraisal is not None and app.appraisal.info.path == sample_path
        assert _no_start_screen_left(app)


async def test_open_the_sample_builds_a_new_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "acme-demo.appraisal").write_text("someone's work")  # never overwritten
    app = AppraiseApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await _settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
        assert "Maturity level 2" in str(app.screen.query_one("#level", Static).render())
        assert _no_start_screen_left(app)
        assert app.appraisal is not None and app.appraisal.info.path == tmp_path / "acme-demo-2.appraisal"
    assert (tmp_path / "acme-demo.appraisal").read_text() == "someone's work"
    with Appraisal.open(tmp_path / "acme-demo-2.appraisal") as a:
        assert a.info.projects == ("ALPHA", "BETA", "GAMMA")


async def test_new_appraisal_is_created_and_shown(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = AppraiseApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NewAppraisalDialog)
        # file, model, representation, target (2 already), unit, projects
        await pilot.press(*"x", "tab", "tab", "tab", "tab", *"U", "tab", *"ALPHA,BETA")
        await pilot.press("enter")
        await _settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
        assert _no_start_screen_left(app)
        assert app.appraisal is not None and app.appraisal.info.path == tmp_path / "x.appraisal"
    with Appraisal.open(tmp_path / "x.appraisal") as a:
        assert (a.info.unit, a.info.representation, a.info.target, a.info.projects) == (
            "U", "staged", 2, ("ALPHA", "BETA"))
        assert a.info.areas == ("REQM", "PP", "PMC", "SAM", "MA", "PPQA", "CM")


async def test_a_bad_target_is_refused_and_nothing_is_created(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = AppraiseApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NewAppraisalDialog)
        dialog.query_one("#new-file", Input).value = "bad"
        dialog.query_one("#new-unit", Input).value = "U"
        dialog.query_one("#new-projects", Input).value = "ALPHA,BETA"
        dialog.query_one("#new-target", Input).focus()
        await pilot.press("backspace", "7", "ctrl+s")
        await _settle(pilot)
        assert app.screen is dialog  # still open, with the method's message
        assert "maturity level: one of 2, 3, 4, 5" in str(dialog.query_one("#new-error", Static).render())
        assert any("one of 2, 3, 4, 5" in n.message for n in app._notifications)
        await pilot.press("escape", "y")  # the typed form is thrown away only when the user says so
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
    assert list(Path(tmp_path).glob("*.appraisal")) == []


async def test_open_a_file_by_its_path(sample_path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = AppraiseApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        await pilot.press(*"nothing", "enter")  # refused: the dialog stays
        await pilot.pause()
        assert "no such appraisal file" in str(app.screen.query_one("#open-error", Static).render())
        app.screen.query_one("#open-path", Input).value = sample_path.name  # relative to the current folder
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        assert _no_start_screen_left(app)


async def test_ctrl_o_opens_another_appraisal_and_escape_goes_back(sample_app, sample_path, tmp_path):
    """ctrl+o shows the start screen over an open appraisal; escape returns, Enter on a recent file opens it."""
    other = tmp_path / "other.appraisal"
    Appraisal.create(other, framework="cmmi-dev-1.3", representation="staged", target=2, unit="Other Unit",
                     projects=["X"]).close()
    async with sample_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4")
        await _settle(pilot)
        await pilot.press("ctrl+o")
        await _settle(pilot)
        assert isinstance(pilot.app.screen, StartScreen)
        await pilot.press("escape")
        await _settle(pilot)
        assert pilot.app.current_mode == "matrix"
        pilot.app.open_appraisal(other)  # as Enter on a recent entry does, through the same path
        await _settle(pilot)
        assert pilot.app.appraisal.info.unit == "Other Unit"
        assert isinstance(pilot.app.screen, OverviewScreen)
        await pilot.press("ctrl+o")
        await _settle(pilot)
        await pilot.press("enter")  # the most recent entry: Other Unit again, opened over itself
        await _settle(pilot)
        assert isinstance(pilot.app.screen, OverviewScreen) and pilot.app.appraisal.info.unit == "Other Unit"
