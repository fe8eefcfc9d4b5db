"""Import an evidence index (CSV or workbook): pick the file, choose its columns, check it, see what it adds,
then import. A workbook always goes through the mapping step (``ImportMappingDialog``); a CSV with ctrl+l.

Checking (``plan_evidence``) and importing (``import_evidence``) run in workers
behind a loading indicator, so a large index never freezes the keyboard. A file
with problems shows every one of them with its line number and nothing is
written; a good file shows a preview and the counts, and Enter imports it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, DataTable, DirectoryTree, Footer, Input, Static
from textual.worker import get_current_worker

from appraise.errors import AppraiseError, InputFileError
from appraise.io.evidence import EVIDENCE_FIELDS
from appraise.io.layouts import ImportSpec
from appraise.io.sheets import WORKBOOK_SUFFIXES
from appraise.io.table import Field
from appraise.tui.screens.confirm import TypedTextDialog
from appraise.tui.screens.import_columns import plan_notes
from appraise.tui.screens.import_mapping import ImportMappingDialog
from appraise.tui.style import kind_text
from appraise.tui.widgets.path_input import PathInput, PathSuggester
from appraise.tui.widgets.table_file_tree import TableFileTree

__all__ = ["ImportDialog", "PathInput", "plural"]

if TYPE_CHECKING:
    from appraise.services import Appraisal, EvidencePlan

#: New items shown in the preview.
PREVIEW_ROWS = 8
#: Links shown per previewed item.
PREVIEW_LINKS = 3


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


@dataclass(frozen=True)
class PreviewRow:
    kind: str
    title: str
    links: list[tuple[str, str]]
    more_links: int


def preview_rows(plan: EvidencePlan, limit: int = PREVIEW_ROWS) -> list[PreviewRow]:
    """The first new items of ``plan`` with (some of) their (practice, project) links."""
    links: dict[int, list[tuple[str, str]]] = {i: [] for i in range(min(limit, len(plan.items)))}
    counts: dict[int, int] = dict.fromkeys(links, 0)
    for ref, practice, project in plan.links:
        if ref in links:
            counts[ref] += 1
            if len(links[ref]) < PREVIEW_LINKS:
                links[ref].append((practice, project))
    return [PreviewRow(plan.items[i].kind, plan.items[i].title, links[i], counts[i] - len(links[i]))
            for i in links]


def plan_summary(plan: EvidencePlan) -> str:
    """``Import N new items (A artifacts, F affirmations), R already present, M new links from K rows``."""
    kinds = plan.by_kind
    return (f"Import {plural(len(plan.items), 'new item')} ({plural(kinds['artifact'], 'artifact')}, "
            f"{plural(kinds['affirmation'], 'affirmation')}), {plan.reused:,} already present, "
            f"{plural(plan.new_links, 'new link')} from {plural(plan.rows, 'row')}")


class ImportDialog(TypedTextDialog["tuple[int, int] | None"]):
    """Pick an evidence index, check it, preview it, import it.

    Dismisses with (items added, links added) after an import, None when cancelled.
    The buttons stay at the bottom of the dialog; the problems or the preview take
    what room is left and scroll (tab to them, then ↑↓).
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "import", "Import", tooltip="Import the checked file"),
        Binding("ctrl+o", "browse", "Browse", tooltip="Pick the file in a folder tree"),
        Binding("ctrl+l", "columns", "Columns", tooltip="Choose the sheet, the header row and each field's column"),
    ]

    CSS_PATH = "evidence_import.tcss"

    #: ``-tall`` where the problem list and the preview fit at their own height (see the CSS).
    VERTICAL_BREAKPOINTS = [(0, "-short"), (34, "-tall")]

    #: What the dialog imports (a subclass imports another kind of table the same way).
    DIALOG_TITLE = "Import evidence index (CSV or workbook)"
    INTRO = ("One row per item, practice and project: columns Practice, Project, Title, Kind, "
             "and optionally Location, Description, Date, ... (a workbook: you choose the sheet and columns next)")
    PLACEHOLDER = "evidence-index.csv, .xlsx or .xlsm"
    #: The fields the mapping step offers a column for.
    FIELDS: dict[str, Field] = EVIDENCE_FIELDS

    def __init__(self, appraisal: Appraisal, path: str = "") -> None:
        super().__init__(classes="dialog-screen")
        self.appraisal = appraisal
        self._start_path = path
        self.plan: EvidencePlan | None = None
        self._planned_text = ""
        #: The last path checked (the evidence view offers it again next time).
        self.checked_path = ""
        self.busy = False
        self.importing = False
        #: The columns chosen in the mapping step, and the path text they were chosen for.
        self.spec: ImportSpec | None = None
        self._spec_for = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="import-dialog") as dialog:
            dialog.border_title = self.DIALOG_TITLE
            yield Static(self.INTRO, id="import-intro")
            with Horizontal(id="import-path-row"):
                yield PathInput(self._start_path, placeholder=self.PLACEHOLDER,
                                suggester=PathSuggester(), id="import-path")
                yield Button("Browse…", id="import-browse")
            with Vertical(id="import-result"):
                yield Static(id="import-summary")
                preview: DataTable[Any] = DataTable(id="import-preview", cursor_type="none", zebra_stripes=True)
                preview.display = False
                yield preview
                with VerticalScroll(id="import-problems-box") as problems:
                    problems.display = False
                    yield Static(id="import-problems", classes="error-text")
            with Horizontal(id="import-buttons"):
                yield Static(classes="hint", id="import-hint")
                yield Button("Import", id="import-go", variant="primary", disabled=True)
                yield Button("Cancel", id="import-cancel")
        yield Footer()  # this dialog's keys, not the view's underneath

    def on_mount(self) -> None:
        path_input = self.query_one(PathInput)
        path_input.focus()
        # the last path is offered selected: typing replaces it, → or End keeps it to edit
        path_input.select_all()
        self._show_idle()

    # -- the hint: what Enter does where the focus is -------------------------------------------
    def hint_text(self) -> Text:
        focused = self.focused
        key = ("Enter", "bold")
        if self.busy:
            return Text("Importing…" if self.importing else "Checking the file…", style="bold")
        if isinstance(focused, DirectoryTree):
            return Text.assemble(key, " picks the file and checks it · ", ("ctrl+o", "bold"), " hides the tree")
        if focused is not None and focused.id == "import-go" and self.plan is not None:
            return Text.assemble(key, " imports ", plan_summary(self.plan).removeprefix("Import "),
                                 " (it is written at once)")
        if focused is not None and focused.id == "import-problems-box":
            return Text.assemble(("↑↓ PgUp PgDn", "bold"), " scroll the problems · ", ("shift+tab", "bold"),
                                 " back to the path")
        if focused is not None and focused.id == "import-preview":
            return Text.assemble(("↑↓", "bold"), " scroll the preview · ", ("ctrl+s", "bold"), " imports")
        if self.plan is not None and self._can_import():
            return Text.assemble(key, " in the path checks it again · ", ("ctrl+s", "bold"),
                                 " or the Import button imports")
        if self.query_one("#import-problems-box").display:
            return Text.assemble(key, " checks the file again · ", ("ctrl+l", "bold"), " chooses the columns · ",
                                 ("Tab", "bold"), " then ", ("↑↓", "bold"), " scrolls the problems")
        if self.spec is None and self.query_one(PathInput).value.strip().lower().endswith(WORKBOOK_SUFFIXES):
            return Text.assemble(key, " chooses the sheet and its columns · ", ("Tab", "bold"), " completes the path")
        return Text.assemble(key, " checks the file (nothing is written) · ", ("Tab", "bold"), " completes the path")

    def _update_hint(self) -> None:
        if self.is_mounted:
            self.query_one("#import-hint", Static).update(self.hint_text())

    def on_descendant_focus(self) -> None:
        self._update_hint()

    def on_descendant_blur(self) -> None:
        self.call_after_refresh(self._update_hint)

    def _show_results(self, problems: bool = False, preview: bool = False) -> None:
        """Show the problem list or the preview (or neither); the dialog grows only when there is one."""
        self.query_one("#import-problems-box").display = problems
        self.query_one("#import-preview", DataTable).display = preview
        self.query_one("#import-dialog").set_class(problems or preview, "-results")

    # -- the file -------------------------------------------------------------------------
    def _tree_root(self) -> Path:
        text = self.query_one(PathInput).value.strip()
        typed = Path(text).expanduser() if text else Path.cwd()
        for candidate in (typed, typed.parent):
            if candidate.is_dir():
                return candidate
        return Path.cwd()

    def action_browse(self) -> None:
        """Show (or hide) a folder tree of the typed folder (or the working one) to pick the file from."""
        trees = self.query(TableFileTree)
        if not trees:
            tree = TableFileTree(self._tree_root(), id="import-tree")
            self.query_one("#import-dialog").mount(tree, after="#import-path-row")
            tree.focus()
            return
        tree = trees.first()
        tree.display = not tree.display
        if tree.display:
            root = self._tree_root()
            if Path(tree.path).resolve() != root.resolve():
                tree.path = root
            tree.focus()
        else:
            self.query_one(PathInput).focus()

    @on(Button.Pressed, "#import-browse")
    def _browse_pressed(self) -> None:
        self.action_browse()

    @on(DirectoryTree.FileSelected)
    def _file_picked(self, event: DirectoryTree.FileSelected) -> None:
        event.stop()
        path_input = self.query_one(PathInput)
        path_input.value = str(event.path)
        path_input.cursor_position = len(path_input.value)
        self.query_one(TableFileTree).display = False
        path_input.focus()
        self.check(str(event.path))

    @on(Input.Changed, "#import-path")
    def _path_changed(self, event: Input.Changed) -> None:
        if self.plan is not None and event.value != self._planned_text:
            self.plan = None
            self._show_idle()
        if self.spec is not None and event.value != self._spec_for:
            self.spec = None
        self._update_hint()

    @on(Input.Submitted, "#import-path")
    def _path_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.check(event.value)

    # -- checking ---------------------------------------------------------------------------
    def check(self, text: str) -> None:
        """Read and check the file in a worker; show the problems or the preview."""
        if self.busy:
            return
        if not text.strip():
            self._show_error("Type the path of the file first.", [])
            return
        path = Path(text.strip()).expanduser()
        if self.spec is None and path.suffix.lower() in WORKBOOK_SUFFIXES:
            self.action_columns()  # a workbook's sheet and columns are the user's to choose first
            return
        self.plan = None
        self._planned_text = self.checked_path = text
        self._set_busy(True)
        self._plan(path, self.spec)

    def action_columns(self) -> None:
        """Open the mapping step for the typed file; its choices are checked at once."""
        text = self.query_one(PathInput).value
        if self.busy or not text.strip():
            return
        path = Path(text.strip()).expanduser()
        if not path.is_file():
            self._show_error(f"{path}: no such file", [])
            return

        def chosen(spec: ImportSpec | None) -> None:
            if spec is None:
                self.query_one(PathInput).focus()
                return
            self.spec, self._spec_for = spec, text
            self.check(text)

        projects = list(self.appraisal.info.projects)
        self.app.push_screen(ImportMappingDialog(path, self.FIELDS, projects, self.spec), chosen)

    @work(thread=True, exclusive=True, group="evidence-plan")
    def _plan(self, path: Path, spec: ImportSpec | None) -> None:
        worker = get_current_worker()
        try:
            plan, preview = self.read_plan(path, spec)
        except InputFileError as exc:
            if not worker.is_cancelled:
                self.post_message(self.Checked(error=str(exc), problems=exc.problems))
            return
        except AppraiseError as exc:
            if not worker.is_cancelled:
                self.post_message(self.Checked(error=str(exc)))
            return
        if not worker.is_cancelled:
            self.post_message(self.Checked(plan=plan, preview=preview))

    @dataclass
    class Checked(Message):
        """The check's worker read the file: its plan and preview, or what is wrong with it."""

        plan: Any = None
        preview: Any = None
        error: str = ""
        problems: list[str] = field(default_factory=list)

    @on(Checked)
    def _checked(self, message: Checked) -> None:
        if message.error:
            self._show_error(message.error, message.problems)
        else:
            self._show_plan(message.plan, message.preview)

    @dataclass
    class Imported(Message):
        """The import's worker wrote the file's rows (``result``: what the dialog closes with), or was refused."""

        result: Any = None
        error: AppraiseError | None = None

    @on(Imported)
    def _imported(self, message: Imported) -> None:
        if message.error is not None:
            self._import_failed(message.error)
        else:
            self.dismiss(message.result)

    def read_plan(self, path: Path, spec: ImportSpec | None = None) -> tuple[Any, Any]:
        """Read and check the file (in the worker): the plan and what ``_show_plan`` previews of it."""
        plan = self.appraisal.evidence.plan_import(path, spec)
        return plan, preview_rows(plan)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.query_one("#import-result").loading = busy
        self.query_one("#import-go", Button).disabled = busy or not self._can_import()
        self.query_one(PathInput).disabled = busy
        self.query_one("#import-browse", Button).disabled = busy
        self._update_hint()
        self.refresh_bindings()

    def _can_import(self) -> bool:
        return self.plan is not None and (bool(self.plan.items) or self.plan.new_links > 0)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "import":  # shown, greyed out, until a checked file has something new
            return None if self.busy or not self._can_import() else True
        return True

    def _show_idle(self) -> None:
        self.query_one("#import-summary", Static).update(
            Text("Nothing checked yet.", style="dim"))
        self.query_one("#import-problems", Static).update("")
        self._show_results()
        self.query_one("#import-go", Button).disabled = True
        self._update_hint()
        self.refresh_bindings()

    def _show_error(self, message: str, problems: list[str]) -> None:
        self.plan = None
        self._set_busy(False)
        summary = Text.assemble(("Cannot import: ", "bold red"), message)
        if "nothing was" not in message.casefold():
            summary.append("\nNothing was written.", style="dim")
        if "missing column" in message or "--map" in message:
            summary.append("\nctrl+l chooses the columns.", style="bold")
        self.query_one("#import-summary", Static).update(summary)
        self.query_one("#import-problems", Static).update(Text("\n".join(problems)))
        self._show_results(problems=bool(problems))
        self.query_one("#import-problems-box", VerticalScroll).scroll_home(animate=False)
        path_input = self.query_one(PathInput)
        path_input.focus()
        self._update_hint()

    def _show_plan(self, plan: EvidencePlan, preview: list[PreviewRow]) -> None:
        self.plan = plan
        self._set_busy(False)
        summary = Text(plan_summary(plan), style="bold")
        if not self._can_import():
            summary = Text.assemble(("Nothing new to import: ", "bold yellow"),
                                    f"every item and link of the {plural(plan.rows, 'row')} is already present.")
        notes = plan_notes(plan, self.spec)
        if self.spec is None and (plan.delimiter != "," or plan.encoding != "utf-8"):
            notes.append(f"Read as {plan.delimiter!r}-separated {plan.encoding} text")
        if notes:
            summary.append("\n" + "; ".join(notes), style="dim")
        self.query_one("#import-summary", Static).update(summary)
        self.query_one("#import-problems", Static).update("")
        table: DataTable[Any] = self.query_one("#import-preview", DataTable)
        table.clear(columns=True)
        table.add_columns("Kind", "Title", "Links")
        for row in preview:
            links = ", ".join(f"{practice} {project}" for practice, project in row.links)
            if row.more_links:
                links += f" +{row.more_links}"
            table.add_row(kind_text(row.kind), row.title, links)
        if len(plan.items) > len(preview):
            table.add_row("", Text(f"… and {len(plan.items) - len(preview):,} more", style="dim"), "")
        self._show_results(preview=bool(preview))
        go = self.query_one("#import-go", Button)
        if self._can_import():
            go.focus()
        self._update_hint()
        self.refresh_bindings()

    # -- importing --------------------------------------------------------------------------
    @on(Button.Pressed, "#import-go")
    def _go_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_import()  # a subclass's import, when it has its own

    def action_import(self) -> None:
        if self.busy or not self._can_import():
            return
        assert self.plan is not None
        self.importing = True
        self._set_busy(True)
        self.query_one("#import-summary", Static).update(Text("Importing…", style="bold"))
        self._import(self.plan)

    @work(thread=True, exclusive=True, group="evidence-import")
    def _import(self, plan: EvidencePlan) -> None:
        try:
            added = self.appraisal.evidence.import_plan(plan)
        except AppraiseError as exc:
            self.post_message(self.Imported(error=exc))
            return
        self.post_message(self.Imported(added))

    def _import_failed(self, error: AppraiseError) -> None:
        self.importing = False
        self._set_busy(False)
        self.app.notify(str(error), title="Not imported", severity="error", timeout=8)
        self._show_error(str(error), getattr(error, "problems", []))  # e.g. the cells recorded differently meanwhile

    @on(Button.Pressed, "#import-cancel")
    def action_cancel(self) -> None:
        if self.importing:  # an import is being written: let it finish
            self.notify("The import is being written; it cannot be stopped half way.", severity="warning")
            return
        # asks first if a path was typed; the check of the file stops only once the dialog closes
        self.close_unless_typed(None, on_close=lambda: self.workers.cancel_group(self, "evidence-plan"))
