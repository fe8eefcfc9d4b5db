"""The export dialog (ctrl+e) under keys typed in one burst (tmux send-keys, a fast typist): the format written is
the one shown picked when ctrl+s/Enter is handled, Tab reaches the same fields whatever the format's messages are
doing, and a problem is shown in view with the cursor left where it was (at 80x24 too)."""

from __future__ import annotations

import json

import pytest
from test_keys_burst import burst
from textual.widgets import Checkbox, Input

from appraise.services import Appraisal
from appraise.tui.app import AppraiseApp
from appraise.tui.screens.confirm import ConfirmDialog
from appraise.tui.screens.export import ExportDialog

CODES = ("ALPHA", "BETA", "GAMMA")  # the sample's projects


async def _open(pilot) -> ExportDialog:
    await pilot.press("ctrl+e")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, ExportDialog)
    return dialog


async def _settle(pilot, wait_until, dialog: ExportDialog) -> None:
    """Until the dialog is gone or shows a problem (the write is in a worker)."""
    await wait_until(pilot, lambda: pilot.app.screen is not dialog or dialog.query_one("#export-problem").display)


def _deck_text(path) -> str:
    from pptx import Presentation

    deck = Presentation(str(path))
    return "\n".join(shape.text_frame.text for slide in deck.slides for shape in slide.shapes
                     if shape.has_text_frame) + "\n".join(
        cell.text for slide in deck.slides for shape in slide.shapes if shape.has_table
        for row in shape.table.rows for cell in row.cells)


@pytest.mark.parametrize(("downs", "name"), [(2, "acme-summary.json"), (3, "acme-findings.pptx")])
async def test_arrows_then_ctrl_s_in_one_burst_write_the_format_reached(sample_app, sample_path, wait_until,
                                                                        downs, name):
    async with sample_app.run_test(size=(80, 24)) as pilot:
        dialog = await _open(pilot)
        await burst(pilot, ["down"] * downs + ["ctrl+s"])
        await _settle(pilot, wait_until, dialog)
        assert pilot.app.screen is not dialog
    written = sorted(p.name for p in sample_path.parent.iterdir() if p.name.startswith("acme-"))
    assert written == [name]  # not the summary.md picked before the burst
    out = sample_path.with_name(name)
    if name.endswith(".json"):
        assert json.loads(out.read_text(encoding="utf-8"))["rating"]["maturity_level"] == 2
    else:
        assert "ALPHA" in _deck_text(out)  # a real deck, read back with python-pptx


async def test_arrows_then_enter_do_not_offer_to_replace_the_first_format(sample_app, sample_path, wait_until):
    old = sample_path.with_name("acme-summary.md")
    old.write_text("kept\n", encoding="utf-8")
    async with sample_app.run_test(size=(160, 45)) as pilot:
        dialog = await _open(pilot)
        await burst(pilot, ["down"] * 4 + ["enter"])  # md → csv → json → pptx → html
        assert not isinstance(pilot.app.screen, ConfirmDialog)
        await _settle(pilot, wait_until, dialog)
    html = sample_path.with_name("acme-report.html").read_text(encoding="utf-8")
    from html.parser import HTMLParser

    HTMLParser().feed(html)
    assert "<html" in html.lower() and old.read_text(encoding="utf-8") == "kept\n"


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
async def test_tab_tab_space_tab_in_one_burst_ticks_anonymize(sample_path, wait_until, size):
    """↓↓↓ to pptx, Tab to the file, Tab to "Anonymize projects", Space ticks it, Tab to the template, type it:
    the deck is anonymized, whatever order the format's messages arrive in."""
    from pptx import Presentation

    Presentation().save(str(sample_path.with_name("corp43.pptx")))
    for _ in range(3):  # it went wrong 2 times in 3
        for deck in sample_path.parent.glob("acme-findings*"):
            deck.unlink()
        app = AppraiseApp(appraisal=Appraisal.open(sample_path))
        try:
            async with app.run_test(size=size) as pilot:
                dialog = await _open(pilot)
                await burst(pilot, ["down"] * 3 + ["tab", "tab", "space", "tab", *"corp43.pptx"])
                assert dialog.query_one("#export-anonymize", Checkbox).value is True
                assert dialog.query_one("#export-template", Input).value == "corp43.pptx"
                assert dialog.query_one("#export-path", Input).value == str(sample_path.with_name("acme-findings.pptx"))
                await burst(pilot, ["enter"])
                await _settle(pilot, wait_until, dialog)
                assert pilot.app.screen is not dialog
        finally:
            if app.appraisal is not None:
                app.appraisal.close()
        text = _deck_text(sample_path.with_name("acme-findings.pptx"))
        assert "Project 1" in text and not any(code in text for code in CODES)


def _in_view(dialog: ExportDialog, selector: str) -> bool:
    return dialog.query_one("#export").region.contains_region(dialog.query_one(selector).region)


async def test_a_folder_is_refused_in_view_and_the_cursor_stays(sample_app, sample_path, tmp_path):
    async with sample_app.run_test(size=(80, 24)) as pilot:
        dialog = await _open(pilot)
        await burst(pilot, ["down"] * 3 + ["tab"])  # pptx: the template shows, the dialog is taller than 24 lines
        dialog.query_one("#export-path", Input).value = str(tmp_path)
        await burst(pilot, ["enter"])
        problem = str(dialog.query_one("#export-problem").render())
        assert f"{tmp_path} is a folder" in problem
        assert _in_view(dialog, "#export-problem")
        assert dialog.focused is dialog.query_one("#export-path")


async def test_a_bad_template_is_shown_in_view_and_typing_stays_in_the_template(sample_app, sample_path, tmp_path,
                                                                                 wait_until):
    sample_path.with_name("corp.pptx").write_text("not a deck\n", encoding="utf-8")
    out = tmp_path / "deck.pptx"
    async with sample_app.run_test(size=(80, 24)) as pilot:
        dialog = await _open(pilot)
        await burst(pilot, ["down"] * 3 + ["tab"])
        dialog.query_one("#export-path", Input).value = str(out)
        await burst(pilot, ["tab", "tab", *"corp.pptx", "enter"])
        await _settle(pilot, wait_until, dialog)
        await pilot.pause()
        assert pilot.app.screen is dialog and not out.exists()
        assert "corp.pptx" in str(dialog.query_one("#export-problem").render())
        assert _in_view(dialog, "#export-problem")
        template = dialog.query_one("#export-template", Input)
        assert dialog.focused is template and template.value == "corp.pptx"
        await burst(pilot, list("x"))
        assert template.value == "corp.pptxx"  # typed on, in the template
        assert dialog.query_one("#export-path", Input).value == str(out)
