"""The findings view (F7) on an ISO 9001 audit: clauses, sites and results; a finding's site and evidence;
a plan accepted on a major (A7); a status set back with its reason (A7, last sentence)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Select, Static, TextArea
from views import open_findings as _findings

from appraise.services import Appraisal, build_sample
from appraise.tui.app import AppraiseApp
from appraise.tui.screens.finding_status import SetBackDialog
from appraise.tui.screens.findings import FindingDialog, FindingsScreen

SIZE = (130, 44)


@pytest.fixture
def audit_path(tmp_path: Path) -> Path:
    """The bundled audit sample (HQ, OPS-CENTER): a major at OPS-CENTER verified closed, two minors with plans."""
    path = tmp_path / "qms.appraisal"
    build_sample("acme-iso9001", path, who="Lead auditor").close()
    return path


@pytest.fixture
def audit_app(audit_path: Path):
    app = AppraiseApp(appraisal=Appraisal.open(audit_path))
    yield app
    if app.appraisal is not None:
        app.appraisal.close()


def _finding(path: Path, finding_id: int):
    with Appraisal.open(path) as a:
        return next(f for f in a.findings.all() if f.id == finding_id)


def _major(path: Path) -> int:
    with Appraisal.open(path) as a:
        return next(f.id for f in a.findings.all() if f.kind == "major")


def _detail(screen: FindingsScreen) -> str:
    return str(screen.query_one("#finding-detail", Static).render())


async def test_the_view_speaks_of_clauses_sites_and_results(audit_app, audit_path):
    async with audit_app.run_test(size=SIZE) as pilot:
        screen, table = await _findings(pilot)
        assert [c.label.plain for c in table.columns.values()][:4] == ["Clause", "Result", "Grade", "Sub-clause"]
        assert "of this clause" in _detail(screen)
        screen.select_finding(_major(audit_path))
        await pilot.pause()
        detail = _detail(screen)
        assert "9.2 Internal audit — result NC" in detail and "clause " in detail
        assert "in OPS-CENTER · verified closed" in detail
        assert "OU" not in detail and "area" not in detail


async def test_a_new_finding_takes_its_site_and_evidence(audit_app, audit_path):
    async with audit_app.run_test(size=SIZE) as pilot:
        screen, table = await _findings(pilot)
        await pilot.press("n")  # the cursor is on clause 4
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, FindingDialog)
        site = dialog.query_one("#finding-site", Select)
        assert site.value == "*"  # the whole organization unless a site is chosen
        assert {v for _label, v in site._options} >= {"*", "HQ", "OPS-CENTER"}
        assert dialog.query_one("#finding-evidence", Select).is_blank()
        await pilot.press("enter", *"minor", "enter")  # the grade
        await pilot.press("tab", "tab", "enter", *"4.3", "enter")  # the sub-clause
        await pilot.press("tab", "enter", *"OPS", "enter")  # the site
        await pilot.press("tab", "enter", "down", "enter")  # the evidence: the first item
        await pilot.pause()
        assert dialog.query_one("#finding-practice", Select).value == "4.3"
        assert site.value == "OPS-CENTER"
        assert dialog.query_one("#finding-evidence", Select).value == 1
        await pilot.press("tab", *"QMS scope statement not available at the service desk", "ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, FindingsScreen)
        new = screen.selected_finding()
        assert new is not None and table.get_cell(f"finding:{new.id}", "kind").plain == "Minor NC"
        assert "[OPS-CENTER · open]" in table.get_cell(f"finding:{new.id}", "text").plain
    saved = _finding(audit_path, new.id)
    assert (saved.kind, saved.practice, saved.site, saved.evidence_id, saved.status) == (
        "minor", "4.3", "OPS-CENTER", 1, "open")
    with Appraisal.open(audit_path) as a:
        rating = a.rate().to_dict()
    c = next(c for c in rating["clauses"] if c["id"] == "4.3")
    assert c["sites"] == {"HQ": "C", "OPS-CENTER": "NC"}  # a single-site minor is not shown at every site


async def test_a_finding_changed_keeps_its_site_and_evidence(audit_app, audit_path):
    async with audit_app.run_test(size=SIZE) as pilot:
        screen, table = await _findings(pilot)
        minor = next(f for f in audit_app.appraisal.findings.all() if f.practice == "7.5.3")
        screen.select_finding(minor.id)
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, FindingDialog)
        site = dialog.query_one("#finding-site", Select)
        assert (site.value, site.disabled) == ("OPS-CENTER", True)  # shown as raised, not changed here
        await pilot.press(*" (night shift)", "ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, FindingsScreen)
    saved = _finding(audit_path, minor.id)
    assert saved.text.endswith("(night shift)")
    assert (saved.site, saved.evidence_id, saved.status) == ("OPS-CENTER", minor.evidence_id, "plan_accepted")


async def test_a_new_finding_is_refused_on_a_clause_declared_not_applicable(audit_app, audit_path):
    audit_app.appraisal.decisions.decide("8.3", "not_applicable", "products are made to the customer's drawings")
    async with audit_app.run_test(size=SIZE) as pilot:
        await _findings(pilot)
        await pilot.press("n", "enter", *"ofi", "enter")
        await pilot.press("tab", "enter", *"8 ", "enter", "tab", "enter", *"8.3.2", "enter")
        dialog = pilot.app.screen
        assert isinstance(dialog, FindingDialog)
        await pilot.press("tab", "tab", "tab", *"Design reviews", "ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is dialog  # still open, the refusal shown
        assert "declared not applicable" in str(dialog.query_one("#finding-error", Static).render())
        assert isinstance(dialog.query_one("#finding-text", TextArea), TextArea)
    with Appraisal.open(audit_path) as a:
        assert not any(f.practice and f.practice.startswith("8.3") for f in a.findings.all())


async def test_a_closure_set_back_asks_the_reason_and_a_major_takes_a_plan(audit_app, audit_path):
    major = _major(audit_path)
    async with audit_app.run_test(size=SIZE) as pilot:
        screen, table = await _findings(pilot)
        screen.select_finding(major)
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, SetBackDialog)
        assert "Reopen" in dialog.query_one("#set-back").border_title
        await pilot.press("ctrl+s")  # no reason: refused, the dialog stays
        await pilot.pause()
        assert pilot.app.screen is dialog
        assert "Say why the status is set back" in str(dialog.query_one("#set-back-error", Static).render())
        assert _finding(audit_path, major).status == "verified_closed"
        await pilot.press(*"verification was of the wrong site", "enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, FindingsScreen)
        assert _finding(audit_path, major).status == "open"
        assert "[OPS-CENTER · open]" in table.get_cell(f"finding:{major}", "text").plain

        await pilot.press("p")  # A7: the plan of a major is accepted too
        await pilot.pause()
        assert _finding(audit_path, major).status == "plan_accepted"
        assert screen.selected_finding().id == major
        assert pilot.app.appraisal.rate().level.value == "not_recommended"  # A8.1 until verified

        await pilot.press("b")  # from a plan accepted: the plan is withdrawn
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, SetBackDialog)
        assert "Withdraw the accepted plan" in dialog.query_one("#set-back").border_title
        await pilot.press("escape")  # cancelled: nothing changes
        await pilot.pause()
        assert _finding(audit_path, major).status == "plan_accepted"
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(pilot.app.screen.query_one("#set-back-why", Input), Input)
        await pilot.press(*"plan of another finding", "ctrl+s")
        await pilot.pause()
        assert _finding(audit_path, major).status == "open"

        await pilot.press("b")  # open: nothing to set back, said in a notification
        await pilot.pause()
        assert isinstance(pilot.app.screen, FindingsScreen)
        assert any("nothing" in n.message or "no plan accepted" in n.message for n in pilot.app._notifications)
    with Appraisal.open(audit_path) as a:
        log = [(c.what, c.old, c.new) for c in a.history.log() if c.what == f"finding #{major} status"]
    assert log[-3:] == [
        (f"finding #{major} status", "verified_closed", "open — reopened: verification was of the wrong site"),
        (f"finding #{major} status", "open", "plan_accepted"),
        (f"finding #{major} status", "plan_accepted", "open — plan withdrawn: plan of another finding"),
    ]
