"""The scope dialog (s on the overview): correct projects, unit and target; read back from the file and the view."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.widgets import Input
from views import shown_text as _text

from appraise.services import Appraisal
from appraise.tui.app import AppraiseApp
from appraise.tui.screens.confirm import ConfirmDialog
from appraise.tui.screens.overview import OverviewScreen
from appraise.tui.screens.scope import ScopeDialog

SIZE = (120, 44)
DATA = Path(__file__).parents[1] / "data"


async def _dialog(pilot) -> ScopeDialog:
    assert isinstance(pilot.app.screen, OverviewScreen)
    await pilot.press("s")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, ScopeDialog)
    return dialog


async def _fill(pilot, dialog: ScopeDialog, **fields: str) -> None:
    for name, text in fields.items():
        field = dialog.query_one(f"#scope-{name}", Input)
        field.focus()
        field.value = ""
        await pilot.press(*text)


async def test_projects_and_unit_are_corrected_and_the_overview_shows_them(sample_app, sample_path):
    async with sample_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        dialog = await _dialog(pilot)
        assert dialog.query_one("#scope-unit", Input).value == "Acme Payments"
        assert "ALPHA, BETA, GAMMA" in _text(dialog, "#scope-projects")
        await _fill(pilot, dialog, unit="Acme Payments EU", rename="BETA=BRAVO", add="DELTA", why="typo")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, OverviewScreen)
        shown = _text(pilot.app.screen, "#scope")
        assert "ALPHA, BRAVO, GAMMA, DELTA" in shown and "Acme Payments EU" in shown
    with Appraisal.open(sample_path) as a:
        assert a.info.projects == ("ALPHA", "BRAVO", "GAMMA", "DELTA")
        assert "BRAVO" in a.cells.all()["REQM SP 1.1"]  # BETA's characterizations went with the rename
        assert [(c.what, c.old, c.new) for c in a.history.log()[-3:]] == [
            ("unit", "Acme Payments", "Acme Payments EU — typo"), ("project renamed", "BETA", "BRAVO — typo"),
            ("project added", None, "DELTA — typo")]


async def test_a_refused_correction_is_notified_and_changes_nothing(sample_app, sample_path):
    async with sample_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        dialog = await _dialog(pilot)
        await _fill(pilot, dialog, rename="ALPHA=A1", remove="BETA")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is dialog  # still open, the problem shown
        assert "BETA cannot be removed" in _text(dialog, "#scope-problem")
        await pilot.press("escape")  # what was typed is not thrown away without asking
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert "ALPHA, BETA, GAMMA" in _text(pilot.app.screen, "#scope")
    with Appraisal.open(sample_path) as a:
        assert a.info.projects == ("ALPHA", "BETA", "GAMMA")


async def test_a_lower_target_asks_before_leaving_characterizations_out(sample_app, sample_path):
    async with sample_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        dialog = await _dialog(pilot)
        await _fill(pilot, dialog, target="3")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "target ML 3" in _text(pilot.app.screen, "#scope") and "OPF" in _text(pilot.app.screen, "#scope")
        pilot.app.appraisal.cells.characterize("OPF SP 1.1", "ALPHA", "FI")
        pilot.app.changed()

        dialog = await _dialog(pilot)
        await _fill(pilot, dialog, target="2")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)
        assert "OPF (1)" in _text(pilot.app.screen, "Static")
        await pilot.press("n")  # kept: nothing changed, the dialog still open
        await pilot.pause()
        assert pilot.app.screen is dialog
        assert pilot.app.appraisal.info.target == 3
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(pilot.app.screen, OverviewScreen)
        assert "target ML 2" in _text(pilot.app.screen, "#scope")
    with Appraisal.open(sample_path) as a:
        assert a.info.target == 2 and "OPF" not in a.info.areas
        assert a.cells.all()["OPF SP 1.1"] == {"ALPHA": "FI"}  # kept in the file


async def test_an_audit_has_no_target_field(tmp_path):
    path = tmp_path / "qms.appraisal"
    shutil.copyfile(DATA / "schema-4-audit.appraisal", path)
    app = AppraiseApp(appraisal=Appraisal.open(path))
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            dialog = await _dialog(pilot)
            assert not dialog.query("#scope-target")
            assert "Sites: HQ, PLANT-2" in _text(dialog, "#scope-projects")
            await _fill(pilot, dialog, rename="PLANT-2=PLANT-B")
            await pilot.press("enter")
            await pilot.pause()
            assert "Sites" in _text(pilot.app.screen, "#scope") and "HQ, PLANT-B" in _text(pilot.app.screen, "#scope")
    finally:
        if app.appraisal is not None:
            app.appraisal.close()
    with Appraisal.open(path) as a:
        assert {f.site for f in a.findings.all()} == {"PLANT-B", ""}


async def test_an_old_read_only_file_opens_and_says_it_cannot_be_changed(tmp_path):
    from textual.notifications import Notify

    path = tmp_path / "old.appraisal"
    shutil.copyfile(DATA / "schema-1.appraisal", path)
    path.chmod(0o444)
    before = path.read_bytes()
    app = AppraiseApp(appraisal=Appraisal.open(path))
    messages: list = []
    try:
        async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
            await pilot.pause(0.8)  # the warm-up opens the file for writing after the first paint
            await pilot.pause()
            assert "Acme Payments" in _text(pilot.app.screen, "#scope")
            said = [m.notification.message for m in messages if isinstance(m, Notify)]
            assert any("read-only and was written by an older appraise" in s for s in said), said
    finally:
        if app.appraisal is not None:
            app.appraisal.close()
        path.chmod(0o644)
    assert path.read_bytes() == before


async def test_a_burst_with_tabs_fills_each_field_it_was_typed_in(sample_app):
    """"B2<Tab>A=ALPHA" typed in one burst (a paste, a fast typist): the text after Tab goes to the next field."""
    from test_keys_burst import burst

    async with sample_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        dialog = await _dialog(pilot)
        dialog.query_one("#scope-add", Input).focus()
        await pilot.pause()
        await burst(pilot, ["B", "2", "tab", "A", "=", "A", "L", "P", "H", "A", "tab", "G"])
        assert dialog.query_one("#scope-add", Input).value == "B2"
        assert dialog.query_one("#scope-rename", Input).value == "A=ALPHA"
        assert dialog.query_one("#scope-remove", Input).value == "G"
