"""The start screen (``appraise`` alone): recent appraisals, a new one, the sample, or any file.

Recent appraisals are kept in the platform's data folder (``appraise.tui.recent``).
The screen is a mode of its own (``start``): opening an appraisal switches to that
appraisal's views; ctrl+o comes back here and escape returns to them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, DataTable, DirectoryTree, Footer, Header, Input, Static

from appraise.errors import AppraiseError, StoreError
from appraise.tui.messages import AppraisalOpened, LeaveStart, Refused
from appraise.tui.screens.confirm import TypedTextDialog

if TYPE_CHECKING:
    from appraise.services import Appraisal
    from appraise.tui.app import AppraiseApp

SAMPLE_STEM = "acme-demo"
SUFFIX = ".appraisal"


def sample_destination(folder: Path) -> Path:
    """``acme-demo.appraisal`` in ``folder``, or ``acme-demo-2.appraisal``... : never an existing file."""
    n = 1
    while True:
        candidate = folder / (f"{SAMPLE_STEM}{SUFFIX}" if n == 1 else f"{SAMPLE_STEM}-{n}{SUFFIX}")
        if not any(Path(f"{candidate}{extra}").exists() for extra in ("", "-wal", "-shm")):
            return candidate
        n += 1


def when(opened_at: str) -> str:
    """An ISO time in UTC as local ``YYYY-MM-DD HH:MM``."""
    try:
        return datetime.fromisoformat(opened_at).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return opened_at


def shown_path(path: Path) -> str:
    """The path with the home folder as ``~``."""
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        return str(path)


def open_appraisal_file(text: str | Path) -> Appraisal:
    """Open the file a user typed or picked (``~`` expanded, relative to the current folder)."""
    from appraise.services import Appraisal

    name = str(text).strip()
    if not name:
        raise StoreError("type the path of an appraisal file, or pick one below")
    path = Path(name).expanduser()
    if path.is_dir():
        raise StoreError(f"{path} is a folder: choose an appraisal file (*{SUFFIX}) in it")
    return Appraisal.open(path)


class AppraisalFileTree(DirectoryTree):
    """Folders and ``*.appraisal`` files only (hidden ones left out)."""

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [p for p in paths if not p.name.startswith(".") and (p.suffix == SUFFIX or _is_dir(p))]


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


class OpenFileDialog(TypedTextDialog["Appraisal | None"]):
    """Type a path or pick a file; dismissed with the opened appraisal. A refusal keeps the dialog open."""

    CSS_PATH = "start.tcss"

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, folder: Path | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.folder = folder or Path.cwd()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="open-dialog") as dialog:
            dialog.border_title = "Open an appraisal file"
            yield Static(f"Type a path (relative to {self.folder}) and press Enter, or pick a file below "
                         f"(Tab moves there; only folders and *{SUFFIX} files are shown).", classes="hint")
            yield Input(placeholder=f"acme-2026{SUFFIX}", id="open-path")
            yield AppraisalFileTree(self.folder, id="open-tree")
            yield Static(id="open-error", classes="error-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="open-cancel")
                yield Button("Open", variant="primary", id="open-ok")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#open-path", Input).focus()

    def _open(self, text: str | Path) -> None:
        name = str(text).strip()
        path = Path(name).expanduser() if name else None
        if path is not None and not path.is_absolute():
            path = self.folder / path
        try:
            appraisal = open_appraisal_file(path or "")
        except AppraiseError as exc:
            self.query_one("#open-error", Static).update(str(exc))
            cast("AppraiseApp", self.app).fail(exc, title="Cannot open")
            return
        self.dismiss(appraisal)

    @on(Input.Submitted, "#open-path")
    def _submitted(self, event: Input.Submitted) -> None:
        self._open(event.value)

    @on(DirectoryTree.FileSelected)
    def _picked(self, event: DirectoryTree.FileSelected) -> None:
        self.query_one("#open-path", Input).value = str(event.path)
        self._open(event.path)

    @on(Button.Pressed, "#open-ok")
    def _ok(self) -> None:
        self._open(self.query_one("#open-path", Input).value)

    @on(Button.Pressed, "#open-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()


class RecentTable(DataTable[Text]):
    """The recent appraisals; Enter opens the one under the cursor."""

    BINDINGS = [Binding("enter", "select_cursor", "Open")]


class StartScreen(Screen[None]):
    """What ``appraise`` shows with no file: recent appraisals and the ways to start one."""

    CSS_PATH = "start.tcss"

    AUTO_FOCUS = ""  # the recent list takes the focus itself, and only when it lists something
    BINDINGS = [
        Binding("n", "new_appraisal", "New appraisal"),
        Binding("s", "open_sample", "Open the sample", tooltip=f"Build a new copy of the sample in ./{SAMPLE_STEM}*{SUFFIX}"),
        Binding("o", "open_file", "Open a file"),
        Binding("escape", "back", "Back", tooltip="Back to the open appraisal"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._busy = False
        self._recent: list[Path] = []

    @property
    def appraise(self) -> AppraiseApp:
        return cast("AppraiseApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="start"):
            yield Static(Text.assemble(
                ("appraise", "bold"), " — run a process appraisal (CMMI/SCAMPI) or assessment (ISO/IEC 33020) from the keyboard.\n",
                ("Each appraisal is one file; every change is saved as it is made.", "dim")), id="start-intro")
            with Vertical(id="recent-box", classes="panel") as box:
                box.border_title = "Recent appraisals"
                yield RecentTable(cursor_type="row", id="recent")
                yield Static(id="no-recent", classes="hint")
            yield Static(Text.assemble(
                ("enter", "bold cyan"), " open the selected one   ", ("n", "bold cyan"), " new appraisal   ",
                ("s", "bold cyan"), f" open the sample (builds a new ./{SAMPLE_STEM}*{SUFFIX})   ",
                ("o", "bold cyan"), " open a file   ", ("ctrl+q", "bold cyan"), " quit"), id="start-actions")
            yield Static(id="start-status")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "appraise"
        self.sub_title = "start"
        self.show_recent()

    def show_recent(self) -> None:
        from appraise.tui import recent

        items = recent.load()
        self._recent = [r.path for r in items]
        table = self.query_one("#recent", RecentTable)
        table.clear(columns=True)
        table.add_columns("Organizational unit", "File", "Opened")
        for r in items:
            table.add_row(Text(r.unit or "—", style="bold"), Text(shown_path(r.path)),
                          Text(when(r.opened_at), style="dim"), key=str(r.path))
        table.display = table.can_focus = bool(items)  # an empty list takes no focus (nor the Enter key)
        self.query_one("#no-recent", Static).update(
            "" if items else "No recent appraisals yet. Press n for a new appraisal, s to open the sample, "
                             "o to open a file.")
        self.query_one("#no-recent", Static).display = not items
        if items:
            table.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("new_appraisal", "open_sample", "open_file") and self._busy:
            return None
        if action == "back":
            return self.appraise.appraisal is not None
        return True

    def action_back(self) -> None:
        self.post_message(LeaveStart())

    def on_screen_resume(self) -> None:
        self.show_recent()

    # -- opening -----------------------------------------------------------------------------
    def opened(self, appraisal: Appraisal | None) -> None:
        """Show ``appraisal``: the app switches from this mode to the appraisal's views."""
        if appraisal is None:
            return
        self.post_message(AppraisalOpened(appraisal))

    @on(DataTable.RowSelected, "#recent")
    def _recent_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is None:
            return
        try:
            appraisal = open_appraisal_file(event.row_key.value)
        except AppraiseError as exc:
            self.post_message(Refused(exc, title="Cannot open"))
            self.show_recent()
            return
        self.opened(appraisal)

    def action_open_file(self) -> None:
        self.app.push_screen(OpenFileDialog(), self.opened)

    def action_new_appraisal(self) -> None:
        from appraise.tui.screens.new_appraisal import NewAppraisalDialog

        self.app.push_screen(NewAppraisalDialog(), self.opened)

    # -- the sample ----------------------------------------------------------------------------
    def action_open_sample(self) -> None:
        dest = sample_destination(Path.cwd())
        self._busy = True
        self.refresh_bindings()
        self.query_one("#start-status", Static).update(
            Text(f"Building the sample appraisal in {dest} …", style="bold"))
        self.query_one("#start-status", Static).loading = True
        self._build_sample(dest)

    @work(thread=True, exclusive=True, group="start-sample")
    def _build_sample(self, dest: Path) -> None:
        from appraise.services import SAMPLE, build_sample

        try:
            appraisal = build_sample(SAMPLE, dest)
        except AppraiseError as exc:
            self.post_message(Refused(exc, title="Sample not built"))
            return
        except OSError as exc:
            self.post_message(Refused(StoreError(f"cannot create {dest}: {exc.strerror}"), title="Sample not built"))
            return
        self.post_message(AppraisalOpened(appraisal))  # the app shows it; this screen sees it on the way up

    def _idle(self) -> None:
        """No work running: the keys come back and the status line is empty."""
        self._busy = False
        self.refresh_bindings()
        status = self.query_one("#start-status", Static)
        status.loading = False
        status.update("")

    @on(Refused)
    def _sample_failed(self) -> None:
        if self._busy:  # the sample's worker ended: the keys come back (the app says why)
            self._idle()

    @on(AppraisalOpened)
    def _sample_built(self, message: AppraisalOpened) -> None:
        if self._busy:  # this screen stays (a mode): ctrl+o must not find it still busy
            self._idle()
            self.notify(f"The sample is in {message.appraisal.info.path}: every change is saved there.",
                        title="Sample built")
