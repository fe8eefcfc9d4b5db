"""The comparison screen, the reuse review screen and the matrix's evidence-gaps filter, driven with Pilot."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input
from views import shown_text as _text

from appraise.services import Appraisal, build_sample
from appraise.tui.app import AppraiseApp
from appraise.tui.screens.crosswalk import AuditPathDialog, CompareScreen, ReuseScreen
from appraise.tui.screens.matrix import MatrixScreen, MatrixTable

SIZE = (130, 42)


@pytest.fixture
def audit_path(tmp_path: Path) -> Path:
    """The bundled ISO 9001 audit of the sample organization."""
    path = tmp_path / "acme-qms.appraisal"
    build_sample("acme-iso9001", path, who="Lead auditor").close()
    return path


async def test_compare_screen_shows_the_grid_and_the_derived_mapping(sample_app):
    async with sample_app.run_test(size=SIZE) as pilot:
        await pilot.press("f8")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, CompareScreen)
        head = _text(screen, "#compare-mapping")
        assert "Derived mapping" in head and "No published ISO 9001:2015" in head
        assert "43 of 54 specific practices of ML2; to 48 of 86 specific practices of ML3" in head
        assert "No counterpart at all: DAR" in head
        grid = _text(screen, "#compare-grid")
        assert grid.splitlines()[0].split()[:8] == ["ML2", "REQM", "PP", "PMC", "SAM", "MA", "PPQA", "CM"]
        table = _text(screen, "#compare-table")
        cm = next(line for line in table.splitlines() if line.strip().startswith("CM "))
        assert cm.split()[:6] == ["CM", "2", "7", "6", "1", "0"]  # 7 SPs: 6 strong, 1 partial, none without
        await pilot.press("2")  # ML2 only
        await pilot.pause()
        assert "ML3" not in _text(screen, "#compare-mapping") and "RD " not in _text(screen, "#compare-table")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, CompareScreen)


async def test_reuse_review_proposes_accepts_and_rejects_with_single_keys(sample_app, sample_path, audit_path):
    async with sample_app.run_test(size=SIZE) as pilot:
        app = pilot.app
        await pilot.press("f9")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReuseScreen)
        assert "No suggestions yet" in _text(screen, "#reuse-head")
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, AuditPathDialog)
        app.screen.query_one(Input).value = str(audit_path)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = screen.query_one(DataTable)
        assert table.row_count > 0
        first, second = (int(row.key.value) for row in table.ordered_rows[:2])
        before = app.appraisal.reader.link_origins()
        assert before == {}
        await pilot.press("a")  # accept the first: an evidence link with its origin
        await pilot.pause()
        origins = app.appraisal.reader.link_origins()
        assert len(origins) == 1 and '"strength"' in next(iter(origins.values()))
        assert [int(r.key.value) for r in table.ordered_rows][0] == second  # open only: the accepted one left
        await pilot.press("r")  # reject the next: no link
        await pilot.pause()
        statuses = {s.id: s.status for s in app.appraisal.reader.suggestions()}
        assert statuses[first] == "accepted" and statuses[second] == "rejected"
        assert len(app.appraisal.reader.link_origins()) == 1
        await pilot.press("o")  # show decided ones too
        await pilot.pause()
        assert {int(r.key.value) for r in table.ordered_rows} >= {first, second}
    with Appraisal.open(sample_path) as a:
        assert len(a.reader.link_origins()) == 1  # saved as made


async def test_matrix_evidence_gaps_name_the_iso_counterparts(sample_app):
    async with sample_app.run_test(size=SIZE) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, MatrixScreen)
        table = screen.query_one(MatrixTable)
        everything = len(table.practices)
        await pilot.press("e")
        await pilot.pause()
        # only practices with a cell lacking an artifact or an affirmation (in the sample: all but a few)
        assert 0 < len(table.practices) <= everything
        assert all(any(screen._missing_evidence(p, c) for c in table.projects) for p in table.practices)
        assert not any(screen._missing_evidence(p, c) for p in set(screen.appraisal.practices) - set(table.practices)
                       for c in table.projects)
        assert "lacking an artifact or an affirmation" in _text(screen, "#matrix-filter")
        screen.select_cell("CM SP 1.1", "ALPHA")
        await pilot.pause()
        line = _text(screen, "#matrix-cell")
        assert "lacks affirmation" in line and "ISO 9001 counterpart: " in line and "7.5.3" in line


async def test_an_audit_opens_in_the_same_screens(audit_path):
    app = AppraiseApp(appraisal=Appraisal.open(audit_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Certification recommended, subject to the accepted plans" in _text(app.screen, "#level")
        for key in ("f3", "f4", "f5", "f6", "f7", "f2"):
            await pilot.press(key)
            await pilot.pause()
        await pilot.press("f4")
        await pilot.pause()
        table = app.screen.query_one(MatrixTable)
        assert table.practices[0] == "4.1" and table.projects == ("HQ", "OPS-CENTER")
    app.appraisal.close()


async def test_conformity_is_recorded_from_the_matrix_with_its_key(audit_path):
    app = AppraiseApp(appraisal=Appraisal.open(audit_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        table = app.screen.query_one(MatrixTable)
        app.appraisal.cells.characterize("4.1", "HQ", None)  # clear one cell, then record it with the key
        app.changed()
        await pilot.pause()
        app.screen.select_cell("4.1", "HQ")
        await pilot.press("y")
        await pilot.pause()
        assert table.cell_target() == ("4.1", "OPS-CENTER")  # on to the next cell
    with Appraisal.open(audit_path) as a:
        assert a.cells.all()["4.1"]["HQ"] == "C"


async def test_an_accepted_link_shows_where_it_came_from_in_the_evidence_view(sample_app, audit_path):
    from appraise.services.crosswalk import decide_suggestions, reuse

    async with sample_app.run_test(size=SIZE) as pilot:
        app = pilot.app
        listed, _new, _m = reuse(app.appraisal, audit_path, ["ALPHA"])
        chosen = next(s for s in listed if s.practice == "CM SP 1.1")
        decide_suggestions(app.appraisal, str(chosen.id), None)
        app.changed()
        await pilot.press("f5")
        await pilot.pause()
        (item_id,) = {e for (e, p, c) in app.appraisal.reader.link_origins() if p == "CM SP 1.1"}
        app.screen.select_evidence(item_id)
        await pilot.pause()
        detail = " ".join(_text(app.screen, "#evidence-item").split())
        assert f"CM SP 1.1 ALPHA ← clause {chosen.clause} ({chosen.strength})" in detail


async def test_reuse_review_narrows_to_strong_specific_practices(sample_app, audit_path):
    from appraise.services.crosswalk import reuse

    async with sample_app.run_test(size=SIZE) as pilot:
        app = pilot.app
        reuse(app.appraisal, audit_path, ["ALPHA"])
        await pilot.press("f9")
        await pilot.pause()
        screen = app.screen
        table = screen.query_one(DataTable)
        everything = table.row_count
        await pilot.press("s", "g")
        await pilot.pause()
        rows = [[str(c) for c in table.get_row(r.key)] for r in table.ordered_rows]
        assert 0 < len(rows) < everything
        assert all(r[4] == "strong" and " GP " not in r[2] for r in rows)
        assert "strong, specific practices only" in _text(screen, "#reuse-head")


async def test_findings_view_tracks_an_audit_nonconformity(audit_path):
    from appraise.tui.screens.findings import FINDING_ROW, FindingsScreen

    with Appraisal.open(audit_path) as a:
        found = a.findings.add_audit_finding("8.5.1", "minor", "work instructions out of date", site="HQ")
    app = AppraiseApp(appraisal=Appraisal.open(audit_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f7")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, FindingsScreen)
        table = screen.query_one(DataTable)
        keys = [r.key.value for r in table.ordered_rows]
        table.move_cursor(row=keys.index(FINDING_ROW + str(found.id)))
        await pilot.pause()
        assert "[HQ · open]" in str(table.get_row(FINDING_ROW + str(found.id))[4])
        await pilot.press("p")  # plan accepted (A7)
        await pilot.pause()
        assert "[HQ · plan accepted]" in str(table.get_row(FINDING_ROW + str(found.id))[4])
        await pilot.press("v")  # verified closed (A6)
        await pilot.pause()
    with Appraisal.open(audit_path) as a:
        assert next(f for f in a.findings.all() if f.id == found.id).status == "verified_closed"


async def test_an_audit_is_created_from_the_new_dialog_without_a_target(tmp_path, monkeypatch):
    from appraise.tui.screens.new_appraisal import NewAppraisalDialog
    from appraise.tui.screens.overview import OverviewScreen

    monkeypatch.chdir(tmp_path)
    app = AppraiseApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NewAppraisalDialog)
        dialog.query_one("#new-framework").value = "iso-9001-2015"
        await pilot.pause()
        assert not dialog.query_one("#new-target").parent.display  # an audit has no target level
        dialog.query_one("#new-file").value = "qms"
        dialog.query_one("#new-unit").value = "Acme GmbH"
        dialog.query_one("#new-projects").value = "HQ, PLANT-2"
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
    app.appraisal.close()
    with Appraisal.open(tmp_path / "qms.appraisal") as a:
        assert a.view.nonconformities and a.info.projects == ("HQ", "PLANT-2") and len(a.practices) == 68
