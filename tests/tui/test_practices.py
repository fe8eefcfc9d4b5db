"""The practices view: the tree, a practice's detail, linking and unlinking evidence, findings."""

from __future__ import annotations

from rich.console import Console
from textual.widgets import Footer, Input, Static
from textual.widgets._footer import FooterKey

from appraise.services import Appraisal
from appraise.tui.screens.confirm import ConfirmDialog
from appraise.tui.screens.practices import (
    LinkedEvidenceTable,
    LinkEvidenceDialog,
    PracticesScreen,
    PracticeTree,
)

SIZE = (120, 40)


def _plain(widget: Static) -> str:
    """What a Static shows, as plain text (Text or a Group of renderables)."""
    console = Console(width=200, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(widget.content)
    return console.export_text()


async def _practices(pilot) -> PracticesScreen:
    await pilot.press("f3")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, PracticesScreen)
    return screen


def _rows(table: LinkedEvidenceTable) -> list[tuple[str, str, str]]:
    """(project, value, evidence) per row; project and value only on a project's first row."""
    return [tuple(cell.plain for cell in table.get_row_at(i)) for i in range(table.row_count)]  # type: ignore[misc]


def _links(table: LinkedEvidenceTable) -> set[tuple[str, str]]:
    return {(t.project, t.item.title) for t in table.targets if t.item is not None}


def _footer_keys(screen, shown: bool = False) -> dict[str, str]:
    """What the screen's own footer offers: description -> key (``shown``: the key as displayed)."""
    assert screen.query(Footer)
    return {k.description: k.key_display if shown else k.key
            for k in screen.query(FooterKey) if k.description and not k.disabled}


async def _goto(pilot, screen: PracticesScreen, target: str) -> None:
    screen.select_target(target)
    await pilot.pause()


async def test_walking_the_tree_to_a_practice_shows_it_per_project(sample_app):
    async with sample_app.run_test(size=SIZE) as pilot:
        screen = await _practices(pilot)
        tree = screen.query_one(PracticeTree)
        assert tree.has_focus and tree.cursor_node is not None and tree.cursor_node.data == "REQM"
        assert "Satisfied" in _plain(screen.query_one("#detail-summary", Static))
        # → expands REQM, → enters it (SG 1), → expands SG 1, → enters it (SP 1.1)
        await pilot.press("right", "right")
        await pilot.pause()
        assert tree.cursor_node.data == "REQM SG 1"
        summary = _plain(screen.query_one("#detail-summary", Static))
        assert "Rating: Satisfied" in summary and "R3.1" in summary and "REQM SP 1.5" in summary
        assert not screen.query_one(LinkedEvidenceTable).display  # a goal has no evidence table
        await pilot.press("right", "right")
        await pilot.pause()
        assert tree.cursor_node.data == "REQM SP 1.1"
        assert tree.cursor_node.label.plain.startswith("FI  SP 1.1 Understand Requirements")
        table = screen.query_one(LinkedEvidenceTable)
        assert table.display
        rows = _rows(table)
        assert [(p, v) for p, v, _e in rows if p] == [("ALPHA", "FI"), ("BETA", "FI"), ("GAMMA", "FI")]
        assert ("A ALPHA software requirements specification") in [e for _p, _v, e in rows]
        assert ("BETA", "Developer group interview, session 5") in _links(table)  # an affirmation: its title
        assert len(table.targets) == 9
        summary = _plain(screen.query_one("#detail-summary", Static))
        assert "Understand Requirements" in summary and "Organizational unit: FI" in summary and "R2.1" in summary
        # ↓ moves to the next practice and the detail follows; ← twice goes back up to the goal
        await pilot.press("down")
        await pilot.pause()
        assert screen._shown == "REQM SP 1.2"
        await pilot.press("left")
        await pilot.pause()
        assert tree.cursor_node.data == "REQM SG 1"
        await pilot.press("left")  # collapses SG 1
        await pilot.pause()
        assert not tree.cursor_node.is_expanded


async def test_select_target_shows_the_decided_ou_value_and_its_rule(sample_app):
    async with sample_app.run_test(size=SIZE) as pilot:
        screen = await _practices(pilot)
        await _goto(pilot, screen, "REQM SP 1.4")
        tree = screen.query_one(PracticeTree)
        assert tree.cursor_node is not None and tree.cursor_node.data == "REQM SP 1.4"
        assert tree.cursor_node.label.plain.startswith("LI* SP 1.4")
        summary = _plain(screen.query_one("#detail-summary", Static))
        assert "Organizational unit: LI  (team decision)" in summary
        assert "R2.3" in summary and "team decision: LI" in summary
        assert "BETA gap is confined" in summary.replace("\n", " ")  # the team's rationale
        notes = _plain(screen.query_one("#detail-notes", Static))
        assert "BETA: trace matrix not updated after CR-112" in notes
        # an area through the same door (the command palette's hit): its rating and rule, no evidence table
        await _goto(pilot, screen, "SAM")
        assert tree.cursor_node.data == "SAM"
        summary = _plain(screen.query_one("#detail-summary", Static))
        assert "Not applicable" in summary and "R4.2" in summary
        assert not screen.query_one(LinkedEvidenceTable).display
        # the matrix's enter opens the practice under its cursor here
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # REQM SP 1.3
        await pilot.pause()
        await pilot.pause()
        assert pilot.app.screen is screen and screen._shown == "REQM SP 1.3"
        assert tree.cursor_node.data == "REQM SP 1.3"


async def test_link_evidence_through_the_dialog(sample_app, sample_path):
    title, everywhere = "PM interview, session 2", "Senior management interview, session 10"
    async with sample_app.run_test(size=SIZE) as pilot:
        screen = await _practices(pilot)
        await _goto(pilot, screen, "REQM SP 1.1")
        table = screen.query_one(LinkedEvidenceTable)
        assert ("BETA", title) not in _links(table)
        table.focus()
        await pilot.press("down", "down", "down")  # the first row of BETA
        assert table.current().project == "BETA"
        await pilot.press("l")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, LinkEvidenceDialog)
        assert dialog._project == "BETA"  # the project under the cursor
        assert dialog.query_one(Input).has_focus
        await pilot.pause()
        keys = _footer_keys(dialog)  # the dialog's keys, not the view's (u Unlink, l Link evidence)
        assert keys.get("Link") == "enter" and keys.get("Cancel") == "escape"
        assert "Unlink" not in keys and "Link evidence" not in keys
        await pilot.press(*"ion 2")  # filters to "... session 2"
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert ("BETA", title) in _links(table)
        assert table.current().item.title == title  # the cursor lands on the new link
        # from the tree the dialog links to every project at once
        await _goto(pilot, screen, "REQM GP 2.1")
        await pilot.press("l")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, LinkEvidenceDialog) and dialog._project == "*"
        await pilot.press(*"ion 10", "enter")
        await pilot.pause()
        assert {p for p, t in _links(table) if t == everywhere} == {"ALPHA", "BETA", "GAMMA"}
        # esc cancels
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is screen
    with Appraisal.open(sample_path) as a:
        assert title in [i.title for i in a.evidence.for_practice("REQM SP 1.1")["BETA"]]
        assert title not in [i.title for i in a.evidence.for_practice("REQM SP 1.1")["ALPHA"]]
        for items in a.evidence.for_practice("REQM GP 2.1").values():
            assert everywhere in [i.title for i in items]
        log = [(c.what, c.target) for c in a.reader.change_log()[-4:]]
        assert log == [("evidence linked", "REQM SP 1.1 / BETA")] + [
            ("evidence linked", f"REQM GP 2.1 / {code}") for code in ("ALPHA", "BETA", "GAMMA")]


async def test_unlink_asks_first_then_removes_the_link(sample_app, sample_path):
    title = "ALPHA software requirements specification"
    async with sample_app.run_test(size=SIZE) as pilot:
        screen = await _practices(pilot)
        await _goto(pilot, screen, "REQM SG 1")  # a goal has no evidence: tab does not offer it
        await pilot.pause()
        assert "Its evidence" not in _footer_keys(screen)
        await _goto(pilot, screen, "REQM SP 1.1")
        await pilot.pause()
        assert _footer_keys(screen, shown=True).get("Its evidence") == "tab/→"  # the footer says how
        await pilot.press("tab")  # one key from the tree to the evidence (nothing invisible in between)
        await pilot.pause()
        table = screen.query_one(LinkedEvidenceTable)
        assert table.has_focus and table.current().item.title == title
        # the detail pane fits at 120x40: nothing to scroll, so it takes no part in tab
        assert screen.focus_chain == [screen.query_one(PracticeTree), table]
        keys = _footer_keys(screen)
        assert keys.get("Unlink") == "u" and keys.get("Tree") == "t" and "Its evidence" not in keys
        tree = screen.query_one(PracticeTree)
        for key in ("right", "enter"):  # → and enter on a practice go there too
            await pilot.press("t")  # back to the tree
            assert tree.has_focus and tree.cursor_node.data == "REQM SP 1.1"
            await pilot.press(key)
            assert table.has_focus and table.current().item.title == title
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("n")  # not confirmed: nothing changes
        await pilot.pause()
        assert pilot.app.screen is screen and ("ALPHA", title) in _links(table)
        await pilot.press("u")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert ("ALPHA", title) not in _links(table)
        assert ("BETA", "BETA software requirements specification") in _links(table)
        assert table.current().project == "ALPHA"  # still in the project it was in
    with Appraisal.open(sample_path) as a:
        assert title not in [i.title for i in a.evidence.for_practice("REQM SP 1.1")["ALPHA"]]
        assert title in [i.title for i in a.evidence.items()]  # the item itself stays
        last = a.reader.change_log()[-1]
        assert (last.what, last.target) == ("evidence unlinked", "REQM SP 1.1 / ALPHA")


async def test_a_practice_shows_its_findings_and_a_choice_left_to_the_team(sample_app):
    appraisal = sample_app.appraisal
    appraisal.cells.characterize("REQM SP 1.2", "ALPHA", "PI")  # FI FI PI: the team must choose LI or PI (R2.3)
    appraisal.findings.save("weakness", "REQM", "BETA trace matrix not updated after CR-112", practice="REQM SP 1.4")
    appraisal.findings.save("strength", "REQM", "Change requests carry an impact analysis", practice="REQM SP 1.3")
    appraisal.findings.save("strength", "REQM", "Requirements baselines are reviewed in every project")
    async with sample_app.run_test(size=SIZE) as pilot:
        screen = await _practices(pilot)
        await _goto(pilot, screen, "REQM SP 1.4")
        findings = _plain(screen.query_one("#detail-findings", Static))
        assert "Weakness (REQM SP 1.4): BETA trace matrix not updated after CR-112" in findings
        assert "Requirements baselines are reviewed in every project" in findings  # the whole area's
        assert "impact analysis" not in findings  # another practice's
        await _goto(pilot, screen, "REQM SP 1.1")
        findings = _plain(screen.query_one("#detail-findings", Static))
        assert "CR-112" not in findings and "baselines are reviewed" in findings
        await _goto(pilot, screen, "PP SP 1.1")
        assert "None recorded" in _plain(screen.query_one("#detail-findings", Static))
        await _goto(pilot, screen, "REQM SP 1.2")
        tree = screen.query_one(PracticeTree)
        assert tree.cursor_node.label.plain.startswith("?   SP 1.2")
        assert tree.cursor_node.parent.label.plain.startswith("? SG 1")  # the goal waits for the decision
        summary = _plain(screen.query_one("#detail-summary", Static))
        assert "the team must choose: LI or PI" in summary and "R2.3" in summary
