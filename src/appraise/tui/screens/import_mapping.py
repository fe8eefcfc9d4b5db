"""The import's mapping step: which sheet, which header row, which layout, and which column holds each field.

The dialog shows the first rows of the chosen sheet (the header row highlighted; Enter on a row, or the
header-row field, moves it), proposes a column for each field from the header's names and lets the user
correct it field by field. It dismisses with the ``ImportSpec`` the import is then checked with, or None.
Reading the file runs in a worker: a large workbook never freezes the keyboard.
The proposal and the spec's columns come from ``import_columns``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Footer, Input, Label, Select, Static
from textual.worker import get_current_worker

from appraise.errors import AppraiseError
from appraise.io.layouts import ImportSpec, column_of, typed_rows
from appraise.io.sheets import WORKBOOK_SUFFIXES, SheetInfo, column_letter, list_sheets, open_sheets, preview_rows
from appraise.io.table import Field, shorten
from appraise.tui.screens.import_columns import NONE, changed, column_options, propose, spec_columns

__all__ = ["ImportMappingDialog", "NONE"]

#: The rows of a sheet shown (more when the header is further down).
PREVIEW_LIMIT = 30
LAYOUT_OPTIONS = [("long", "long"), ("wide", "wide"), ("rows", "rows")]
#: What each layout reads, for the hint.
LAYOUT_HINTS = {"long": "a row per link or rating", "wide": "a row per practice, a column per project",
                "rows": "the first column types each row (the OE database); each type's columns are fixed, "
                        "a field changed here overrides its column"}


@dataclass
class Loaded(Message):
    """The worker read the file: its sheets, the sheet shown, its header row and first rows (or what went wrong)."""

    sheets: list[SheetInfo] = field(default_factory=list)
    sheet: str = ""
    rows: list[list[str]] = field(default_factory=list)
    error: str = ""
    header_row: int = 1


@dataclass
class Saved(Message):
    """The worker wrote the profile (or could not)."""

    path: str
    error: str = ""


@dataclass
class ProfileRead(Message):
    """The worker read a profile (or says why not)."""

    spec: ImportSpec | None
    error: str = ""


class ImportMappingDialog(ModalScreen["ImportSpec | None"]):
    """Choose the sheet, header row, layout and each field's column of ``path``; dismisses with the spec."""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+s", "accept", "Check", tooltip="Check the file with these columns"),
    ]
    CSS_PATH = "import_mapping.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]

    def __init__(self, path: Path, fields: Mapping[str, Field], projects: Sequence[str] = (),
                 spec: ImportSpec | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.path = path
        self.fields = dict(fields)
        self.projects = list(projects)
        self.start = spec or ImportSpec()
        self.is_workbook = path.suffix.lower() in WORKBOOK_SUFFIXES
        self.sheet = ""
        self.rows: list[list[str]] = []
        self.header_row = 1
        self.headers: list[str] = []
        self.reading = True
        self._restored = False
        #: The profile row reads a profile (Load profile…) rather than writing one (Save profile…).
        self.profile_loads = False

    # -- layout -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Vertical(id="mapping-dialog") as dialog:
            dialog.border_title = f"Columns of {self.path.name}"
            with Horizontal(id="mapping-choices"):
                yield Label("Sheet", classes="mapping-label")
                yield Select([("…", "")], allow_blank=False, compact=True, id="mapping-sheet",
                             disabled=not self.is_workbook)
                yield Label("Header row", classes="mapping-label")
                yield Input(str(self.start.header_row or ""), type="integer", compact=True, id="mapping-header")
                yield Label("Layout", classes="mapping-label")
                yield Select(LAYOUT_OPTIONS, allow_blank=False, compact=True, value=self.start.layout,
                             id="mapping-layout")
            preview: DataTable[Any] = DataTable(id="mapping-preview", cursor_type="row", zebra_stripes=True)
            yield preview
            with VerticalScroll(id="mapping-fields-box"):
                with Grid(id="mapping-fields"):
                    for name, f in self.fields.items():
                        yield Label(f.label + (" *" if f.required else ""), classes="mapping-label")
                        yield Select([("— none —", NONE)], allow_blank=False, compact=True, value=NONE,
                                     id=f"map-{name}", classes="mapping-field")
                    if "project" in self.fields and self.projects:
                        yield Label("every row's project", classes="mapping-label")
                        yield Select([("— from the file —", ""), *((p, p) for p in self.projects)],
                                     allow_blank=False, compact=True, value=self.start.project or "",
                                     id="mapping-project")
            yield Static(id="mapping-problem", classes="error-text")
            with Horizontal(id="mapping-profile-row") as row:
                row.display = False
                yield Label("Save these choices as", classes="mapping-label", id="mapping-profile-label")
                yield Input(str(self.path.with_suffix(".yaml")), compact=True, id="mapping-profile",
                            placeholder="profile file, e.g. oe-database.yaml")
            with Horizontal(id="mapping-buttons"):
                yield Static(classes="hint", id="mapping-hint")
                yield Button("Check", id="mapping-ok", variant="primary", disabled=True)
                yield Button("Save profile…", id="mapping-save", disabled=True)
                yield Button("Load profile…", id="mapping-load", disabled=True)
                yield Button("Back", id="mapping-back")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#mapping-dialog").loading = True
        self._load(self.start.sheet)

    # -- reading the file (in a worker) ----------------------------------------------------------
    @work(thread=True, exclusive=True, group="import-mapping")
    def _load(self, sheet: str | None) -> None:
        worker = get_current_worker()
        try:
            sheets = list_sheets(self.path) if self.is_workbook else [SheetInfo("")]
            name, header_row = self._choose(sheets, sheet)
            rows = preview_rows(self.path, name, max(PREVIEW_LIMIT, header_row + 5))
        except AppraiseError as exc:
            message = Loaded(error=str(exc))
        except (OSError, ValueError) as exc:
            message = Loaded(error=f"{self.path}: cannot be read ({exc})")
        else:
            message = Loaded(sheets, name, rows, header_row=header_row)
        if not worker.is_cancelled:
            self.post_message(message)

    def _choose(self, sheets: list[SheetInfo], sheet: str | None) -> tuple[str, int]:
        """The sheet (``sheet``, else the one the CLI reads) and its header row, as the CLI chooses them
        (``open_sheets``: the first visible sheet whose header fits; the row naming the most fields). An empty
        sheet, or a workbook with no visible one, is shown all the same: the user chooses another."""
        if not self.is_workbook:
            return "", 1
        try:
            chosen = open_sheets(self.path, ImportSpec(sheet=sheet), self.fields)[0]
        except AppraiseError:
            visible = [s.name for s in sheets if not s.hidden] or [s.name for s in sheets]
            if sheet is None and not visible:
                raise
            return (sheet if sheet is not None else visible[0]), 1  # a damaged sheet fails again in the preview
        return chosen.name, chosen.header_row

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.reading = False
        self.query_one("#mapping-dialog").loading = False
        if message.error:
            self._problem(message.error)
            self.query_one("#mapping-back", Button).focus()
            return
        self.sheet, self.rows = message.sheet, message.rows
        sheet_select: Select[str] = self.query_one("#mapping-sheet", Select)
        with self.prevent(Select.Changed):
            sheet_select.set_options([(f"{s.name} (hidden)" if s.hidden else (s.name or self.path.name), s.name)
                                      for s in message.sheets])
            sheet_select.value = message.sheet
        first = not self._restored
        row = self.start.header_row if first and self.start.header_row else message.header_row
        self._show_header(row, restore=first)
        self._restored = True
        if not self.rows:
            self._problem(f"{message.sheet or self.path.name}: no rows to read; choose another sheet.")
        self.query_one("#mapping-ok", Button).disabled = False
        self.query_one("#mapping-save", Button).disabled = False
        self.query_one("#mapping-load", Button).disabled = False
        if first:
            self.query_one("#mapping-ok", Button).focus()
        elif self.focused is None:  # the loading indicator took the focus from the sheet's Select: give it back
            self.query_one("#mapping-sheet", Select).focus()
        self._update_hint()

    @on(Select.Changed, "#mapping-sheet")
    def _sheet_changed(self, event: Select.Changed) -> None:
        if self.reading or event.value == self.sheet or not isinstance(event.value, str):
            return
        self.reading = True
        self.query_one("#mapping-dialog").loading = True
        self._load(event.value)

    # -- the header row and the preview ------------------------------------------------------------
    def _show_header(self, row: int, restore: bool = False) -> None:
        """Make ``row`` the header: highlight it in the preview and offer its columns to every field."""
        self.header_row = max(1, min(row, max(len(self.rows), 1)))
        self.headers = list(self.rows[self.header_row - 1]) if self.rows else []
        header_input = self.query_one("#mapping-header", Input)
        if header_input.value != str(self.header_row):
            with self.prevent(Input.Changed):
                header_input.value = str(self.header_row)
        self._fill_preview()
        layout = self.query_one("#mapping-layout", Select)
        if layout.value == "long" and typed_rows(self.headers):
            layout.value = "rows"  # an OE database: its first column types each row
        chosen = propose(self.headers, self.fields)
        if restore and self.start.columns:  # the columns the dialog opened with (or a profile's), over the proposal
            given = {name: NONE if not ref else column_of(self.headers, ref) for name, ref in self.start.columns.items()}
            chosen = {**chosen, **given}
        options = column_options(self.headers)
        for name in self.fields:
            select: Select[int] = self.query_one(f"#map-{name}", Select)
            with self.prevent(Select.Changed):
                select.set_options(options)
                value = chosen.get(name, NONE)
                value = NONE if value is None else value
                select.value = value if value < len(self.headers) else NONE
        self._problem("")

    def _fill_preview(self) -> None:
        table: DataTable[Any] = self.query_one("#mapping-preview", DataTable)
        width = max((len(r) for r in self.rows), default=0)
        table.clear(columns=True)
        for i in range(width):
            table.add_column(column_letter(i), key=str(i))
        for number, cells in enumerate(self.rows, start=1):
            style = "bold reverse" if number == self.header_row else ("dim" if number < self.header_row else "")
            padded = [*cells, *[""] * (width - len(cells))]
            table.add_row(*(Text(shorten(c, 24), style=style) for c in padded),
                          label=Text(str(number), style=style), key=str(number))
        if self.rows:  # the header near the top, the rows it names below it
            table.move_cursor(row=self.header_row - 1, animate=False, scroll=False)
            self.call_after_refresh(table.scroll_to, y=max(0, self.header_row - 2), animate=False)

    @on(DataTable.RowSelected, "#mapping-preview")
    def _row_picked(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self._show_header(event.cursor_row + 1)
        self._update_hint()

    @on(Input.Changed, "#mapping-header")
    def _header_typed(self, event: Input.Changed) -> None:
        try:
            row = int(event.value)
        except ValueError:
            return
        if 1 <= row <= len(self.rows) and row != self.header_row:
            self._show_header(row)

    @on(Input.Submitted, "#mapping-header")
    def _header_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_accept()

    # -- the result ----------------------------------------------------------------------------------
    def chosen(self) -> dict[str, int]:
        """field -> the column each field's Select holds (NONE for none)."""
        out = {}
        for name in self.fields:
            value = self.query_one(f"#map-{name}", Select).value
            out[name] = value if isinstance(value, int) else NONE
        return out

    def project(self) -> str | None:
        selects = self.query("#mapping-project")
        value = selects.first(Select).value if selects else ""
        return value if isinstance(value, str) and value else None

    def spec(self) -> ImportSpec:
        """What the user chose, on top of what the dialog opened with (units, aliases, row types). The ``rows``
        layout gets only the columns the user changed from the proposal: its row types fix the others."""
        value = self.query_one("#mapping-layout", Select).value
        layout = value if isinstance(value, str) else "long"
        chosen = self.chosen()
        if layout == "rows":
            chosen = changed(chosen, propose(self.headers, self.fields))
        return replace(self.start, sheet=self.sheet or None, sheets=None, header_row=self.header_row, layout=layout,
                       columns=spec_columns(self.headers, chosen, self.fields), project=self.project())

    def missing(self) -> list[str]:
        """The required fields no column holds (the long layout; the others place their fields themselves)."""
        spec = self.spec()
        if spec.layout != "long":
            return []
        chosen = self.chosen()
        return [name for name, f in self.fields.items() if f.required and chosen[name] == NONE
                and not (name == "project" and spec.project)]

    def action_accept(self) -> None:
        if self.reading:
            return
        if not self.rows:
            self._problem(f"{self.sheet or self.path.name}: no rows to read; choose another sheet.")
            return
        missing = self.missing()
        if missing:
            self._problem(f"Choose the column of {', '.join(self.fields[m].label for m in missing)} "
                          f"(it is needed), or another header row.")
            self.query_one(f"#map-{missing[0]}", Select).focus()
            return
        self.dismiss(self.spec())

    @on(Button.Pressed, "#mapping-ok")
    def _ok(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_accept()

    @on(Button.Pressed, "#mapping-back")
    def action_back(self) -> None:
        row = self.query_one("#mapping-profile-row")
        if row.display:  # the profile's path first; the dialog on the next escape
            row.display = False
            self.query_one("#mapping-save", Button).focus()
            return
        self.workers.cancel_group(self, "import-mapping")
        self.dismiss(None)

    # -- a profile: the same choices for the next file of this template (--profile) ------------------
    @on(Button.Pressed, "#mapping-save, #mapping-load")
    def _profile_pressed(self, event: Button.Pressed) -> None:
        """Ask for the profile's file: to save these choices, or to read a profile's (its units and aliases too)."""
        event.stop()
        self.profile_loads = event.button.id == "mapping-load"
        label = "Read the choices from" if self.profile_loads else "Save these choices as"
        self.query_one("#mapping-profile-label", Label).update(label)
        self.query_one("#mapping-profile-row").display = True
        profile = self.query_one("#mapping-profile", Input)
        profile.focus()
        profile.select_all()

    @on(Input.Submitted, "#mapping-profile")
    def _profile_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip() and not self.reading:
            path = Path(event.value.strip()).expanduser()
            if self.profile_loads:
                self._read_profile(path)
            else:
                self._save_profile(self.spec(), path)

    @work(thread=True, exclusive=True, group="import-profile")
    def _read_profile(self, path: Path) -> None:
        from appraise.io.profiles import load_profile

        try:
            self.post_message(ProfileRead(load_profile(path)))
        except AppraiseError as exc:
            self.post_message(ProfileRead(None, str(exc)))

    @on(ProfileRead)
    def _profile_read(self, message: ProfileRead) -> None:
        """A profile's choices replace the dialog's: the sheet and header row are read again with them."""
        if message.spec is None:
            self._problem(message.error)
            return
        self._problem("")
        self.query_one("#mapping-profile-row").display = False
        self.start, self._restored, self.reading = message.spec, False, True
        with self.prevent(Select.Changed):
            self.query_one("#mapping-layout", Select).value = message.spec.layout
            for project in self.query("#mapping-project").results(Select):  # a profile's project, if one is offered
                if message.spec.project in (*self.projects, None):
                    project.value = message.spec.project or ""
        self.query_one("#mapping-dialog").loading = True
        self._load(message.spec.sheet)

    @work(thread=True, exclusive=True, group="import-profile")
    def _save_profile(self, spec: ImportSpec, path: Path) -> None:
        from appraise.io.profiles import save_profile  # type: ignore[import-not-found, unused-ignore]

        try:
            save_profile(spec, path)
        except AppraiseError as exc:
            self.post_message(Saved(str(path), str(exc)))
        else:
            self.post_message(Saved(str(path)))

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        if message.error:
            self._problem(message.error)
            return
        self._problem("")
        self.query_one("#mapping-profile-row").display = False
        self.notify(f"Saved the profile {message.path}: appraise … import --profile {message.path} "
                    "reads the next file of this template the same way.", title="Profile saved")
        self.query_one("#mapping-ok", Button).focus()

    # -- what the user sees besides -------------------------------------------------------------------
    def _problem(self, text: str) -> None:
        problem = self.query_one("#mapping-problem", Static)
        problem.update(text)
        problem.display = bool(text)

    def hint_text(self) -> Text:
        focused = self.focused
        if self.reading:
            return Text("Reading the file…", style="bold")
        if focused is not None and focused.id == "mapping-profile":
            return Text.assemble(("Enter", "bold"), " reads the profile (its units and aliases too) · " if self.profile_loads
                                 else " writes the profile · ", ("Esc", "bold"), " goes back")
        if focused is not None and focused.id == "mapping-preview":
            return Text.assemble(("Enter", "bold"), " makes this row the header")
        layout = self.query_one("#mapping-layout", Select).value
        if focused is not None and focused.id == "mapping-layout" and isinstance(layout, str):
            return Text.assemble((layout, "bold"), f": {LAYOUT_HINTS[layout]} · ", ("Enter", "bold"), " changes it")
        if isinstance(focused, Select):
            return Text.assemble(("Enter", "bold"), " opens the choices · ", ("ctrl+s", "bold"), " checks")
        return Text.assemble(("Enter", "bold"), " checks the file with these columns; nothing is written")

    def _update_hint(self) -> None:
        if self.is_mounted:
            self.query_one("#mapping-hint", Static).update(self.hint_text())

    def on_descendant_focus(self) -> None:
        self._update_hint()
