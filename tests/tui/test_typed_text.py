"""Typed text is never thrown away silently: escape in a dialog the user typed into asks first.

Each dialog (cell note, finding, decision, new appraisal, open, export, link, evidence import, audit path):
escape while unchanged closes at once; after typing, escape asks "Discard the text you
typed?"; keep (n) returns to the dialog with the text still there; discard (y) closes it and nothing is saved.
Driven at 80x24, the smallest terminal the app is made for.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.screen import Screen
from textual.widgets import Input, Static, TextArea

from appraise.services import Appraisal, build_sample
from appraise.tui.app import AppraiseApp
from appraise.tui.screens.confirm import DISCARD_QUESTION, ConfirmDialog
from appraise.tui.screens.crosswalk import AuditPathDialog
from appraise.tui.screens.decision import DecisionDialog, open_decision
from appraise.tui.screens.evidence_import import ImportDialog, PathInput
from appraise.tui.screens.export import ExportDialog
from appraise.tui.screens.findings import FindingDialog
from appraise.tui.screens.matrix import NoteDialog
from appraise.tui.screens.new_appraisal import NewAppraisalDialog
from appraise.tui.screens.practices import LinkedEvidenceTable, LinkEvidenceDialog
from appraise.tui.screens.start import OpenFileDialog

SIZE = (80, 24)


def _field_text(field: Input | TextArea) -> str:
    return field.text if isinstance(field, TextArea) else field.value


async def _escape_keeps_then_discards(pilot, field: Input | TextArea, typed: str) -> Screen:
    """Type ``typed`` into ``field``, escape, keep, escape again, discard; returns the screen shown after."""
    dialog = pilot.app.screen
    field.focus()
    await pilot.pause()
    await pilot.press(*typed)
    await pilot.pause()
    assert typed in _field_text(field)
    await pilot.press("escape")
    await pilot.pause()
    question = pilot.app.screen
    assert isinstance(question, ConfirmDialog)
    assert DISCARD_QUESTION in str(question.query_one(Static).render())
    await pilot.press("n")  # keep typing
    await pilot.pause()
    assert pilot.app.screen is dialog
    assert typed in _field_text(field)
    await pilot.press("escape")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ConfirmDialog)
    await pilot.press("y")  # discard
    await pilot.pause()
    assert pilot.app.screen is not dialog and not isinstance(pilot.app.screen, ConfirmDialog)
    return pilot.app.screen


async def _escape_closes_at_once(pilot, dialog_type: type) -> None:
    assert isinstance(pilot.app.screen, dialog_type)
    await pilot.press("escape")
    await pilot.pause()
    assert not isinstance(pilot.app.screen, (dialog_type, ConfirmDialog))


async def test_cell_note_asks_before_escape_discards_it(sample_app, sample_path):
    async with sample_app.run_test(size=SIZE) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        await _escape_closes_at_once(pilot, NoteDialog)
        await pilot.press("c")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, NoteDialog)
        await _escape_keeps_then_discards(pilot, dialog.query_one(TextArea), "trace matrix stale")
    with Appraisal.open(sample_path) as a:
        assert a.cells.notes_for("REQM SP 1.1") == {}


async def test_finding_asks_before_escape_discards_it(sample_app, sample_path):
    async with sample_app.run_test(size=SIZE) as pilot:
        await pilot.press("f7")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await _escape_closes_at_once(pilot, FindingDialog)
        await pilot.press("n")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, FindingDialog)
        await _escape_keeps_then_discards(pilot, dialog.query_one("#finding-text", TextArea), "Trace gaps")
    with Appraisal.open(sample_path) as a:
        assert a.findings.all() == []


async def test_decision_rationale_asks_before_escape_discards_it(sample_app, sample_path):
    with Appraisal.open(sample_path) as a:
        decided_before = a.decisions.all()
    async with sample_app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        open_decision(pilot.app, "REQM SG 1")
        await pilot.pause()
        await _escape_closes_at_once(pilot, DecisionDialog)
        open_decision(pilot.app, "REQM SG 1")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, DecisionDialog)
        await _escape_keeps_then_discards(pilot, dialog.query_one("#decision-why", TextArea), "impact is small")
    with Appraisal.open(sample_path) as a:
        assert a.decisions.all() == decided_before


async def test_new_appraisal_asks_before_escape_discards_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = AppraiseApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await _escape_closes_at_once(pilot, NewAppraisalDialog)
        await pilot.press("n")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NewAppraisalDialog)
        await _escape_keeps_then_discards(pilot, dialog.query_one("#new-unit", Input), "Acme")
    assert list(tmp_path.glob("*.appraisal")) == []


async def test_open_file_asks_before_escape_discards_the_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = AppraiseApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        await _escape_closes_at_once(pilot, OpenFileDialog)
        await pilot.press("o")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, OpenFileDialog)
        await _escape_keeps_then_discards(pilot, dialog.query_one("#open-path", Input), "acme")
        assert app.appraisal is None


async def test_export_asks_only_when_the_path_was_typed(sample_app, sample_path):
    async with sample_app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+e")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, ExportDialog)
        path = dialog.query_one("#export-path", Input)
        opened_with = path.value
        await pilot.press("down")  # another format changes the file's extension: that is not typing
        await pilot.pause()
        assert path.value != opened_with
        await _escape_closes_at_once(pilot, ExportDialog)
        await pilot.press("ctrl+e")
        await pilot.pause()
        dialog = pilot.app.screen
        path = dialog.query_one("#export-path", Input)
        path.cursor_position = 0
        await _escape_keeps_then_discards(pilot, path, "out/")
    assert not (sample_path.parent / "out").exists()


async def test_link_filter_asks_before_escape_discards_it(sample_app, sample_path):
    async with sample_app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        screen = pilot.app.screen
        screen.select_target("REQM SP 1.1")
        await pilot.pause()
        screen.query_one(LinkedEvidenceTable).focus()
        await pilot.press("l")
        await pilot.pause()
        await _escape_closes_at_once(pilot, LinkEvidenceDialog)
        await pilot.press("l")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, LinkEvidenceDialog)
        with Appraisal.open(sample_path) as a:
            links_before = a.evidence.cells()
        await _escape_keeps_then_discards(pilot, dialog.query_one("#link-filter", Input), "interview")
    with Appraisal.open(sample_path) as a:
        assert a.evidence.cells() == links_before


@pytest.fixture
def audit_path(tmp_path: Path) -> Path:
    path = tmp_path / "acme-qms.appraisal"
    build_sample("acme-iso9001", path, who="Lead auditor").close()
    return path


async def test_audit_path_asks_before_escape_discards_it(sample_app, sample_path, audit_path):
    async with sample_app.run_test(size=SIZE) as pilot:
        await pilot.press("f9")
        await pilot.pause()
        reuse = pilot.app.screen
        await pilot.press("i")
        await pilot.pause()
        await _escape_closes_at_once(pilot, AuditPathDialog)
        await pilot.press("i")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, AuditPathDialog)
        assert await _escape_keeps_then_discards(pilot, dialog.query_one(Input), str(audit_path)) is reuse
    with Appraisal.open(sample_path) as a:
        assert a.reader.suggestions() == []


async def test_evidence_import_asks_before_escape_discards_the_path(sample_app, sample_path):
    with Appraisal.open(sample_path) as a:
        items_before = len(a.evidence.items())
    async with sample_app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        await _escape_closes_at_once(pilot, ImportDialog)
        await pilot.press("i")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, ImportDialog)
        await _escape_keeps_then_discards(pilot, dialog.query_one(PathInput), "index.csv")
    with Appraisal.open(sample_path) as a:
        assert len(a.evidence.items()) == items_before
