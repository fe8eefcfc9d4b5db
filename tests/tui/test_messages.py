"""Screens tell the App what happened with messages (tui/messages.py); the App answers through what they watch.

Each test drives the app with keys, records every message it handles (``message_hook``) and reads back
what the screen shows.
"""

from __future__ import annotations

from pathlib import Path

from textual.message import Message
from textual.widgets import DataTable, Input

from appraise.services import Appraisal
from appraise.tui import recent
from appraise.tui.app import AppraiseApp
from appraise.tui.messages import (
    AppraisalChanged,
    AppraisalOpened,
    LeaveStart,
    RatingComputed,
    Refused,
    SelectTarget,
    ShowTarget,
    ViewDataRead,
)
from appraise.tui.screens.evidence import EvidenceScreen
from appraise.tui.screens.matrix import MatrixScreen, MatrixTable
from appraise.tui.screens.overview import OverviewScreen
from appraise.tui.screens.practices import LinkedEvidenceTable, LinkEvidenceDialog, PracticesScreen
from appraise.tui.screens.start import StartScreen

SIZE = (120, 40)


def _of(messages: list[Message], kind: type[Message]) -> list:
    """The messages of ``kind``, each once (the hook sees a message on the screen, then on the App it bubbles to)."""
    return list({id(m): m for m in messages if isinstance(m, kind)}.values())


def _toasts(app: AppraiseApp) -> str:
    """What the notifications on the screen say (Textual's toasts, found by their type name)."""
    return "\n".join(str(t.render()) for t in app.screen.query("Toast"))


async def test_the_palette_shows_a_practice_by_message_and_the_view_selects_it(sample_app, wait_until):
    messages: list[Message] = []
    async with sample_app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"REQM SP 1.4")
        await wait_until(pilot, lambda: "REQM SP 1.4" in str(pilot.app.screen.query("CommandList").first()
                                                               .get_option_at_index(0).prompt)
                         if pilot.app.screen.query("CommandList") and
                         pilot.app.screen.query("CommandList").first().option_count else False)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, PracticesScreen)
                         and pilot.app.screen.tree.cursor_node is not None
                         and pilot.app.screen.tree.cursor_node.data == "REQM SP 1.4")
        assert [(m.view, m.target) for m in _of(messages, ShowTarget)] == [("practices", "REQM SP 1.4")]
        assert [m.target for m in _of(messages, SelectTarget)] == ["REQM SP 1.4"]
        assert pilot.app.screen._shown == "REQM SP 1.4"


async def test_enter_on_a_matrix_cell_shows_its_practice_in_the_practices_view(sample_app, wait_until):
    messages: list[Message] = []
    async with sample_app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await pilot.press("f4")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, MatrixScreen)
                         and pilot.app.screen.query_one(MatrixTable).cell_target() is not None)
        practice = pilot.app.screen.query_one(MatrixTable).cell_target()[0]
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, PracticesScreen)
                         and pilot.app.screen._shown == practice)
        assert ("practices", practice) in [(m.view, m.target) for m in _of(messages, ShowTarget)]
        assert pilot.app.screen.tree.cursor_node.data == practice


async def test_a_link_posts_appraisal_changed_and_the_new_rating_arrives_from_a_worker(
        sample_app, sample_path, wait_until):
    messages: list[Message] = []
    title = "PM interview, session 2"
    async with sample_app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        app = pilot.app
        await pilot.press("f3")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PracticesScreen)
        screen.select_target("REQM SP 1.1")
        await pilot.pause()
        version = app.data_version
        await pilot.press("l")
        await wait_until(pilot, lambda: isinstance(app.screen, LinkEvidenceDialog))
        await pilot.press(*"ion 2", "enter")  # to every project (asked from the tree)
        await wait_until(pilot, lambda: app.data_version > version and app.rating_ready()
                         and any(m.version == app.data_version for m in _of(messages, RatingComputed)))
        changed = _of(messages, AppraisalChanged)
        assert len(changed) == 1 and changed[0].source is None  # the view refreshes itself too
        assert changed[0] in [m for m in messages if m is changed[0]][1:]  # handled by the screen, then the App
        # the view shows the data of the new version once the worker's rating arrived
        table = screen.query_one(LinkedEvidenceTable)
        await wait_until(pilot, lambda: {t.project for t in table.targets if t.item and t.item.title == title}
                         == {"ALPHA", "BETA", "GAMMA"})
        assert screen._shown_version == app.data_version
    with Appraisal.open(sample_path) as a:
        assert all(title in [i.title for i in items] for items in a.evidence.for_practice("REQM SP 1.1").values())


async def test_a_practices_view_keeps_working_while_its_rating_is_computed(sample_app, wait_until):
    """A change from elsewhere: the view asks a worker for the rating and shows it when the message comes."""
    messages: list[Message] = []
    async with sample_app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        app = pilot.app
        await pilot.press("f3")
        await pilot.pause()
        screen = app.screen
        app.post_message(AppraisalChanged())
        await wait_until(pilot, lambda: any(m.version == app.data_version for m in _of(messages, RatingComputed)))
        await pilot.pause()
        assert screen._shown_version == app.data_version and app.rating_ready()
        await pilot.press("down")  # the tree still answers
        await pilot.pause()
        assert screen.tree.cursor_node is not None


async def test_the_evidence_view_reads_its_items_in_a_worker_and_shows_them_when_they_arrive(
        sample_app, wait_until):
    messages: list[Message] = []
    async with sample_app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        app = pilot.app
        await pilot.press("f5")
        screen = app.screen
        assert isinstance(screen, EvidenceScreen)
        await wait_until(pilot, lambda: not screen.data_pending and len(screen.rows) == 113)
        assert [m.version for m in _of(messages, ViewDataRead)] == [app.data_version]
        item = next(e for e in screen.rows if e.links == 0) if any(e.links == 0 for e in screen.rows) \
            else screen.rows[0]
        before = item.links
        app.appraisal.evidence.link(item.id, "REQM SP 1.1", "GAMMA")
        app.post_message(AppraisalChanged())  # as a screen tells the app
        await wait_until(pilot, lambda: any(m.version == app.data_version for m in _of(messages, ViewDataRead)))
        await wait_until(pilot, lambda: next(e for e in screen.rows if e.id == item.id).links == before + 1)
        assert not screen.data_pending


async def test_a_recent_file_that_cannot_be_opened_is_refused_by_message_with_a_notification(tmp_path, wait_until):
    broken = tmp_path / "broken.appraisal"
    broken.write_text("not an appraisal file\n" * 100)
    recent.remember(broken, "Broken Unit")
    messages: list[Message] = []
    app = AppraiseApp()
    async with app.run_test(size=SIZE, message_hook=messages.append, notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert app.screen.query_one("#recent", DataTable).row_count == 1
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        refused = _of(messages, Refused)
        assert [m.title for m in refused] == ["Cannot open"] and "broken.appraisal" in str(refused[0].error)
        assert isinstance(app.screen, StartScreen) and app.appraisal is None  # nothing changed
        await wait_until(pilot, lambda: "broken.appraisal" in _toasts(app))


async def test_opening_from_the_start_screen_and_escape_back_are_messages(sample_app, tmp_path: Path, wait_until):
    other = tmp_path / "other.appraisal"
    Appraisal.create(other, framework="cmmi-dev-1.3", representation="staged", target=2, unit="Other Unit",
                     projects=["X"]).close()
    messages: list[Message] = []
    async with sample_app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        app = pilot.app
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.current_mode == "matrix")
        assert len(_of(messages, LeaveStart)) == 1
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))
        await pilot.press("o")
        await pilot.pause()
        app.screen.query_one(Input).value = str(other)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, OverviewScreen) and app.appraisal is not None
                         and app.appraisal.info.unit == "Other Unit")
        opened = _of(messages, AppraisalOpened)
        assert len(opened) == 1 and opened[0].appraisal.info.path == other


async def test_the_sample_is_built_in_a_worker_that_ends_in_appraisal_opened(tmp_path, monkeypatch, wait_until):
    monkeypatch.chdir(tmp_path)
    messages: list[Message] = []
    app = AppraiseApp()
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await pilot.pause()
        start = app.screen
        assert isinstance(start, StartScreen)
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, OverviewScreen), timeout=15)
        opened = _of(messages, AppraisalOpened)
        assert len(opened) == 1 and opened[0].appraisal is app.appraisal
        assert app.appraisal.info.path == tmp_path / "acme-demo.appraisal"
        assert start.check_action("open_sample", ()) is True  # the start screen is not left busy (ctrl+o)


async def test_the_help_lists_a_key_its_view_turns_off_just_now_and_the_app_s_undo(sample_app):
    """Read through Screen.active_bindings and the classes' BINDINGS: on an area, l (Link evidence) works only on a
    practice, yet the help names it; ctrl+z is checked for the view, not for the help dialog over it."""
    from appraise.tui.screens.help import HelpScreen

    async with sample_app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        assert pilot.app.screen.tree.cursor_node.data == "REQM"  # an area: nothing to link here
        await pilot.press("f1")
        await pilot.pause()
        help_screen = pilot.app.screen
        assert isinstance(help_screen, HelpScreen)
        rows = {(str(t.title), k, d) for t in help_screen._sections()
                for k, d in zip(t.columns[0].cells, t.columns[1].cells)}
        assert ("Practices", "l", "Link evidence") in rows and ("Tree of practices", "tab/→", "Its evidence") in rows
        assert ("Everywhere", "ctrl+z", "Undo") in rows and ("Everywhere", "ctrl+y", "Redo") in rows
