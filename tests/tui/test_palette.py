"""The command palette (ctrl+p) jumps to any process area, practice, project or evidence item by typing."""

from __future__ import annotations

from appraise.tui.screens.evidence import EvidenceScreen
from appraise.tui.screens.matrix import MatrixScreen, MatrixTable
from appraise.tui.screens.practices import PracticesScreen

SIZE = (120, 40)


async def _jump(pilot, text: str, wait_until) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*text)
    # the palette searches in the background: wait for a hit on what was typed
    await wait_until(pilot, lambda: _first_hit(pilot) is not None and text.lower() in _first_hit(pilot).lower())
    await pilot.press("enter")
    await pilot.pause()
    await pilot.pause()


def _first_hit(pilot) -> str | None:
    from textual.command import CommandList

    lists = pilot.app.screen.query(CommandList)
    if not lists or not lists.first().option_count:
        return None
    return str(lists.first().get_option_at_index(0).prompt)


async def test_palette_jumps_to_a_practice(sample_app, wait_until):
    async with sample_app.run_test(size=SIZE) as pilot:
        await _jump(pilot, "REQM SP 1.4", wait_until)
        screen = pilot.app.screen
        assert isinstance(screen, PracticesScreen)
        await wait_until(pilot, lambda: screen.tree.cursor_node is not None
                         and screen.tree.cursor_node.data == "REQM SP 1.4")


async def test_palette_jumps_to_a_project_and_an_evidence_item(sample_app, wait_until):
    async with sample_app.run_test(size=SIZE) as pilot:
        await _jump(pilot, "Project GAMMA", wait_until)
        assert isinstance(pilot.app.screen, MatrixScreen)
        await wait_until(pilot, lambda: pilot.app.screen.query_one(MatrixTable).cell_target()[1] == "GAMMA")
        await _jump(pilot, "Evidence: BETA software requirements", wait_until)
        screen = pilot.app.screen
        assert isinstance(screen, EvidenceScreen)
        await wait_until(pilot, lambda: screen.current_item() is not None
                         and screen.current_item().title.startswith("BETA software requirements"))
