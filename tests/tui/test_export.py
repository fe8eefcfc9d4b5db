"""The export dialog (ctrl+e): each format written from the dialog, overwrite asked, errors shown."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from textual.widgets import Footer, Input, RadioSet
from textual.widgets._footer import FooterKey

from appraise.services import Appraisal
from appraise.tui.app import AppraiseApp
from appraise.tui.screens.confirm import ConfirmDialog
from appraise.tui.screens.export import ExportDialog

SIZE = (120, 40)


async def _open_dialog(pilot) -> ExportDialog:
    await pilot.press("ctrl+e")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, ExportDialog)
    return dialog


async def _export(pilot, dialog: ExportDialog, fmt: str, path) -> None:
    await pilot.click(f"#export-format-{fmt}")
    await pilot.pause()
    dialog.query_one(Input).value = str(path)
    await pilot.click("#export-ok")
    await pilot.pause()


def _notifications(app) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications]


def _check(fmt: str, text: str) -> None:
    if fmt == "md":
        assert "Maturity level 2" in text and "SAM" in text
    elif fmt == "csv":
        rows = list(csv.DictReader(text.splitlines()))
        sp11 = next(r for r in rows if r["practice"] == "REQM SP 1.1")
        assert (sp11["ALPHA"], sp11["ou"], sp11["area_rating"]) == ("FI", "FI", "satisfied")
        assert len(rows) > 100
    else:
        data = json.loads(text)
        assert data["rating"]["maturity_level"] == 2
        assert data["appraisal"]["projects"] == ["ALPHA", "BETA", "GAMMA"]


async def test_each_format_is_written_from_the_dialog(sample_app, sample_path, tmp_path):
    async with sample_app.run_test(size=SIZE) as pilot:
        for fmt in ("md", "csv", "json"):
            out = tmp_path / f"report.{fmt}"
            dialog = await _open_dialog(pilot)
            path_field = dialog.query_one(Input)
            assert path_field.value == str(sample_path.with_name("acme-summary.md"))  # the default, beside the file
            await pilot.click(f"#export-format-{fmt}")
            await pilot.pause()
            assert path_field.value == str(sample_path.with_name(f"acme-summary.{fmt}"))  # follows the format
            path_field.value = str(out)
            await pilot.click("#export-ok")
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            assert not isinstance(pilot.app.screen, ExportDialog)
            assert any(str(out) in n for n in _notifications(pilot.app))
            _check(fmt, out.read_text(encoding="utf-8"))


async def test_keys_pick_the_format_and_the_folder_is_absolute(sample_path, tmp_path, monkeypatch):
    """Opened as ``appraise acme.appraisal``: ↑↓ choose the format at once, the hint names the real folder."""
    monkeypatch.chdir(tmp_path)
    app = AppraiseApp(appraisal=Appraisal.open(Path(sample_path.name)))  # a relative path, as typed
    try:
        async with app.run_test(size=SIZE) as pilot:
            dialog = await _open_dialog(pilot)
            await pilot.pause()
            # the footer lists the dialog's keys, not those of the view underneath
            assert dialog.query(Footer)
            keys = {k.description: k.key for k in dialog.query(FooterKey) if k.description}
            assert keys.get("Cancel") == "escape" and keys.get("Export") == "ctrl+s"
            assert not {"Overview", "Practices"} & set(keys)
            hint = str(dialog.query_one("#export-hint").render())
            assert f"taken from {tmp_path.resolve()}." in hint and "from ." not in hint
            # the focus starts on the format: ↓ picks the next one (no space needed), the file follows
            formats = dialog.query_one("#export-format", RadioSet)
            assert formats.has_focus and dialog.fmt == "md"
            await pilot.press("down")
            await pilot.pause()
            assert dialog.fmt == "csv" and dialog.query_one(Input).value == "acme-summary.csv"
            await pilot.press("down", "up")
            await pilot.pause()
            assert dialog.fmt == "csv"
            await pilot.press("tab")  # then the file
            assert dialog.query_one(Input).has_focus
            dialog.query_one(Input).value = "out/summary"  # relative: taken from the appraisal's folder
            (tmp_path / "out").mkdir()
            await pilot.press("shift+tab", "enter")  # Enter on the format exports too
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            assert not isinstance(pilot.app.screen, ExportDialog)
        _check("csv", (tmp_path / "out" / "summary.csv").read_text(encoding="utf-8"))
    finally:
        if app.appraisal is not None:
            app.appraisal.close()


async def test_asks_before_overwriting(sample_app, tmp_path):
    out = tmp_path / "summary.json"
    out.write_text("keep me", encoding="utf-8")
    async with sample_app.run_test(size=SIZE) as pilot:
        dialog = await _open_dialog(pilot)
        await _export(pilot, dialog, "json", out)
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("escape")  # keep it
        await pilot.pause()
        assert pilot.app.screen is dialog
        assert out.read_text(encoding="utf-8") == "keep me"
        await pilot.click("#export-ok")
        await pilot.pause()
        await pilot.click("#confirm-yes")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(pilot.app.screen, (ExportDialog, ConfirmDialog))
    assert json.loads(out.read_text(encoding="utf-8"))["rating"]["maturity_level"] == 2


async def test_an_unwritable_place_is_a_notification(sample_app, tmp_path, wait_until):
    out = tmp_path / "no-such-folder" / "summary.md"
    async with sample_app.run_test(size=SIZE) as pilot:
        dialog = await _open_dialog(pilot)
        await _export(pilot, dialog, "md", out)
        await pilot.app.workers.wait_for_complete()
        await wait_until(pilot, lambda: any(n.startswith("Export failed") for n in _notifications(pilot.app)))
        assert pilot.app.screen is dialog  # still open, to correct the path
        assert any(n.startswith("Export failed") and "not a folder" in n for n in _notifications(pilot.app))
        dialog.query_one(Input).value = ""
        await pilot.press("ctrl+s")  # the keyboard way to Export (a toast may sit over the button)
        await pilot.pause()
        assert "Give the file" in str(dialog.query_one("#export-problem").render())
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, ExportDialog)
    assert not out.parent.exists()
