"""The appraise app: opens an appraisal and routes between its views.

The app is thin: it owns the open ``Appraisal`` (services), the data version
every view watches, the cached rating, and the top-level keys. Each view is a
screen in its own module with its own bindings.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive

from appraise.errors import AppraiseError
from appraise.services import Appraisal, Chart, RatingTree, ServerLocation
from appraise.tui.commands import AppraisalCommands
from appraise.tui.crash import CrashLine
from appraise.tui.messages import (
    AppraisalChanged,
    AppraisalOpened,
    LeaveStart,
    Refused,
    SelectTarget,
    ShowTarget,
)

#: The views of an open appraisal: mode name -> (module, class, title, key).
VIEWS: dict[str, tuple[str, str, str, str]] = {
    "overview": ("appraise.tui.screens.overview", "OverviewScreen", "Overview", "f2"),
    "practices": ("appraise.tui.screens.practices", "PracticesScreen", "Practices", "f3"),
    "matrix": ("appraise.tui.screens.matrix", "MatrixScreen", "Matrix", "f4"),
    "evidence": ("appraise.tui.screens.evidence", "EvidenceScreen", "Evidence", "f5"),
    "rating": ("appraise.tui.screens.rating", "RatingScreen", "Rating", "f6"),
    "findings": ("appraise.tui.screens.findings", "FindingsScreen", "Findings", "f7"),
}

#: How often the open file is checked for changes written elsewhere (another process, another window):
#: one ``PRAGMA data_version``, microseconds when nothing changed.
WATCH_SECONDS = 0.5
#: How many of the changes written elsewhere the app remembers for its views to flag.
ELSEWHERE_KEPT = 500

LIGHT_THEME = "textual-light"
DARK_THEME = "textual-dark"


def _start_screen() -> Any:
    from appraise.tui.screens.start import StartScreen

    return StartScreen()


def _view_factory(name: str) -> Any:
    module_name, class_name, _title, _key = VIEWS[name]

    def make() -> Any:
        import importlib

        return getattr(importlib.import_module(module_name), class_name)()

    return make


class AppraiseApp(CrashLine):
    """Run an appraisal from the keyboard."""

    TITLE = "appraise"
    CSS_PATH = str(Path(__file__).with_name("app.tcss"))  # absolute: subclasses may live elsewhere
    COMMANDS = App.COMMANDS | {AppraisalCommands}
    BINDINGS = [
        *(Binding(key, f"show('{name}')", title, tooltip=f"Show the {title.lower()} view")
          for name, (_m, _c, title, key) in VIEWS.items()),
        Binding("ctrl+e", "export", "Export",
                tooltip="Write the rating summary or a deliverable (deck, report, workbook)"),
        # not while typing: a text area undoes its own typing with these keys, an input field does nothing
        Binding("ctrl+z", "undo", "Undo", show=False, tooltip="Undo your last change in this session"),
        Binding("ctrl+y", "redo", "Redo", show=False, tooltip="Redo what the last undo reversed"),
        Binding("f8", "compare", "Compare", show=False, tooltip="How far ISO 9001 corresponds to CMMI"),
        Binding("f9", "reuse", "Reuse", show=False, tooltip="Review evidence suggested from an ISO 9001 audit"),
        Binding("ctrl+o", "start", "Open", show=False, tooltip="Open another appraisal, or start a new one"),
        Binding("f10", "conflicts", "Conflicts", show=False,
                tooltip="Merge conflicts: what mini-team copies changed differently, for the team to decide"),
        Binding("f1,question_mark", "help", "Help", key_display="?"),
        Binding("ctrl+t", "toggle_theme", "Theme", show=False),
        Binding("ctrl+q", "quit", "Quit", priority=True, show=False),  # in the help; the footer is for the view
    ]

    #: Bumped on every change to the appraisal; views watch it and refresh.
    data_version: reactive[int] = reactive(0, init=False, repaint=False)  # a counter: the views repaint what changed

    def __init__(self, path: Path | ServerLocation | None = None, appraisal: Appraisal | None = None) -> None:
        super().__init__()
        self._path = path
        self.appraisal: Appraisal | None = appraisal
        #: (appraisal, data version, rating, its profile chart) of the last rating computed
        self._rating: tuple[Appraisal, int, RatingTree, Chart | None] | None = None
        self._rating_lock = threading.Lock()
        self.change_source: object | None = None
        #: The view to go back to when the start screen (ctrl+o) is left with escape.
        self._return_mode = "overview"
        #: Changes written elsewhere, each with the data version that brought it (views flag what they show).
        self.changed_elsewhere: list[tuple[int, Any]] = []

    # -- opening -------------------------------------------------------------------------
    def on_mount(self) -> None:
        # the start screen is a mode of its own: opening an appraisal from it replaces the views
        self.add_mode("start", _start_screen)
        self.set_interval(WATCH_SECONDS, self._watch_file)
        if self.appraisal is not None:
            self._show_appraisal()
        elif self._path is not None:
            self.open_appraisal(self._path)
        else:
            self.switch_mode("start")

    def open_appraisal(self, path: Path | ServerLocation) -> bool:
        """Open ``path`` and show its overview; False (and a notification) when it cannot be opened."""
        try:
            appraisal = Appraisal.open(path)
        except AppraiseError as exc:
            self.notify(str(exc), title="Cannot open", severity="error", timeout=10)
            if self.appraisal is None and self.current_mode != "start":
                self.switch_mode("start")
            return False
        self.set_appraisal(appraisal)
        return True

    def set_appraisal(self, appraisal: Appraisal) -> None:
        if self.appraisal is not None and self.appraisal is not appraisal:
            self.appraisal.close()
        self.appraisal = appraisal
        self.change_source = None
        self.data_version += 1  # a new appraisal: nothing computed for the old one applies
        self._show_appraisal()

    def _show_appraisal(self) -> None:
        assert self.appraisal is not None
        from appraise.tui import recent

        if not self.appraisal.on_server:  # a server location is typed again (its password is never kept here)
            recent.remember(self.appraisal.info.path, self.appraisal.info.unit)
        you = self.appraisal.team.standing()  # who the team's roles make you (None: not enforced)
        self.sub_title = f"{self.appraisal.info.unit} — {self.appraisal.info.path.name}" + (f" — {you}" if you else "")
        if self.current_mode in VIEWS:  # another appraisal was open: leave its views first
            self.switch_mode("start")
        for name in VIEWS:
            if name in self._modes:
                self.remove_mode(name)
            self.add_mode(name, _view_factory(name))
        self.switch_mode("overview")
        # after the first paint, not before: importing the ORM holds the GIL for ~0.3 s
        self.set_timer(0.5, self._warm_up)

    @work(thread=True, exclusive=True, group="warm-up", exit_on_error=False)
    def _warm_up(self) -> None:
        """After the first paint: open the file for writing (imports SQLModel) so the first edit is instant."""
        appraisal = self.appraisal
        if appraisal is None:
            return
        try:
            appraisal.store  # noqa: B018 - opening it is the point
        except AppraiseError as exc:  # e.g. a read-only file: say so now, not at the first edit
            self.post_message(Refused(exc, "Read only"))

    # -- shared state ----------------------------------------------------------------------
    def rating(self) -> RatingTree:
        """The current rating, computed once per data version; workers may call it too."""
        return self._rated()[2]

    def profile_chart(self) -> Chart | None:
        """The rating profile chart of the current rating (computed with it, by whoever rates: a view's worker)."""
        return self._rated()[3]

    def _rated(self) -> tuple[Appraisal, int, RatingTree, Chart | None]:
        appraisal, version = self.appraisal, self.data_version
        assert appraisal is not None
        with self._rating_lock:
            cached = self._rating
            if cached is not None and cached[0] is appraisal and cached[1] == version:
                return cached
        rating = appraisal.rate()
        rated = (appraisal, version, rating, appraisal.profile_chart(rating))
        with self._rating_lock:
            # keep the newest: a slow worker must not put back a rating of older data
            if self._rating is None or self._rating[0] is not appraisal or self._rating[1] <= version:
                self._rating = rated
        return rated

    def rating_ready(self) -> bool:
        """Whether the rating of the data as it is now is computed (``rating()`` returns at once)."""
        with self._rating_lock:
            cached = self._rating
        return cached is not None and cached[0] is self.appraisal and cached[1] == self.data_version

    def changed(self, source: object | None = None) -> None:
        """Call after every change to the appraisal: views refresh, the rating is recomputed.

        ``source``: the view that made the change and has already shown it.
        """
        self.change_source = source
        self.data_version += 1

    def _watch_file(self) -> None:
        """Another process (a team member's appraise, a script running the CLI) wrote to the open file:
        refresh what is shown, and say what changed."""
        appraisal = self.appraisal
        if appraisal is None:
            return
        if appraisal.replaced_on_disk():
            self._file_replaced(appraisal)
            return
        try:
            changes = appraisal.changes_elsewhere()
        except AppraiseError:
            return  # the file is busy or gone for a moment: the next look tells
        if changes is None:
            return
        version = self.data_version + 1
        self.changed_elsewhere = [*self.changed_elsewhere, *((version, c) for c in changes)][-ELSEWHERE_KEPT:]
        self.changed(source=None)
        if changes:
            shown = "\n".join(f"{c.target}: {c.old or '—'} → {c.new or '—'} ({c.who})" for c in changes[-3:])
            more = f"\n… and {len(changes) - 3} more (appraise log)" if len(changes) > 3 else ""
            self.notify(f"{shown}{more}", title=f"Changed elsewhere: {len(changes)} change{'s' if len(changes) != 1 else ''}",
                        severity="warning", timeout=8, markup=False)

    def _file_replaced(self, appraisal: Appraisal) -> None:
        """The open file was replaced on disk (a restore, a sync tool, ``demo --force``): show the new one;
        removed: say so once (writes to it are refused by the services)."""
        path = appraisal.info.path
        if path.is_file():
            def reopen() -> None:
                if self.open_appraisal(path):
                    self.notify(f"{path.name} was replaced on disk: it is shown as it is now.",
                                title="File replaced", severity="warning", timeout=10, markup=False)

            if self.appraisal is appraisal and getattr(self, "_reopening", None) is not appraisal:
                self._reopening = appraisal
                self.action_start()  # leave the old file's views first, as opening another file does
                self.call_after_refresh(reopen)
            return
        if getattr(self, "_removed_told", None) is not appraisal:
            self._removed_told = appraisal
            self.notify(f"{path} was moved or removed: nothing more can be saved to it. Open it where it is now "
                        "(ctrl+o).", title="File gone", severity="error", timeout=15, markup=False)

    def fail(self, error: AppraiseError, title: str = "Not done") -> None:
        """Show a refused request as a notification (never a traceback)."""
        self.notify(str(error), title=title, severity="error", timeout=8)

    # -- what the screens tell the app (tui/messages.py) ---------------------------------------
    @on(AppraisalChanged)
    def _appraisal_changed(self, message: AppraisalChanged) -> None:
        self.changed(source=message.source)

    @on(AppraisalOpened)
    def _appraisal_opened(self, message: AppraisalOpened) -> None:
        self.set_appraisal(message.appraisal)

    @on(LeaveStart)
    def _leave_start(self) -> None:
        self.leave_start()

    @on(Refused)
    def _refused(self, message: Refused) -> None:
        self.fail(message.error, message.title)

    @on(ShowTarget)
    def _show_target(self, message: ShowTarget) -> None:
        """Switch to the view, then tell the screen shown what to select (once it has laid out)."""
        if self.appraisal is None or message.view not in VIEWS:
            return
        self.switch_mode(message.view)
        target = message.target
        self.call_after_refresh(lambda: self.screen.post_message(SelectTarget(target)))

    # -- actions -------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("show", "export", "reuse") and self.appraisal is None:
            return False
        if action in ("undo", "redo"):
            from textual.screen import ModalScreen
            from textual.widgets import Input, TextArea

            # a dialog or a text field has the keyboard: its own text, not the appraisal, is being edited
            return self.appraisal is not None and not isinstance(self.screen, ModalScreen) and \
                not isinstance(self.focused, Input | TextArea)
        return True

    def action_compare(self) -> None:
        from appraise.tui.screens.crosswalk import CompareScreen

        if not isinstance(self.screen, CompareScreen):
            self.push_screen(CompareScreen())

    def action_reuse(self) -> None:
        from appraise.tui.screens.crosswalk import ReuseScreen

        if self.appraisal is None or isinstance(self.screen, ReuseScreen):
            return
        if not self.appraisal.view.reuse_target:
            self.notify("Evidence from an ISO 9001 audit is reused in a CMMI appraisal: open one first.",
                        title="Reuse", severity="warning")
            return
        self.push_screen(ReuseScreen())

    def action_undo(self) -> None:
        self._reverse("undo")

    def action_redo(self) -> None:
        self._reverse("redo")

    def _reverse(self, step: str) -> None:
        """Undo or redo this session's last change; the views refresh as after any change."""
        from appraise.services.undo import describe

        if self.appraisal is None:
            return
        try:
            done = self.appraisal.history.undo(session=True) if step == "undo" else self.appraisal.history.redo(session=True)
        except AppraiseError as exc:
            self.notify(str(exc), title=f"Nothing {step}ne" if str(exc).startswith("nothing") else "Not done",
                        severity="warning", timeout=8)
            return
        for r in done:
            self.notify(f"{step.capitalize()}ne: {describe(r)}", title=r.what)
        self.changed()

    def action_show(self, name: str) -> None:
        if self.appraisal is not None and name in VIEWS:
            self.switch_mode(name)

    def action_conflicts(self) -> None:
        from appraise.tui.screens.conflicts import ConflictsScreen

        if self.appraisal is not None and not isinstance(self.screen, ConflictsScreen):
            self.push_screen(ConflictsScreen())

    def action_export(self) -> None:
        from appraise.tui.screens.export import ExportDialog

        if self.appraisal is not None:
            self.push_screen(ExportDialog())

    def action_start(self) -> None:
        """The start screen (recent appraisals, new, the sample); escape goes back."""
        if self.current_mode in VIEWS:
            self._return_mode = self.current_mode
        if self.current_mode != "start":
            self.switch_mode("start")

    def leave_start(self) -> None:
        """Back from the start screen to the view it was opened from, when an appraisal is open."""
        if self.appraisal is not None and self._return_mode in VIEWS:
            self.switch_mode(self._return_mode)

    def action_help(self) -> None:
        from appraise.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT_THEME if self.current_theme.dark else DARK_THEME

    def on_unmount(self) -> None:
        if self.appraisal is not None:
            self.appraisal.close()
