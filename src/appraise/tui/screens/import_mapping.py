"""The import's mapping step: which sheet, which header row, which layout, and which column holds each field.

The dialog shows the first rows of the chosen sheet (the header row highlighted; Enter on a row, or the
header-row field, moves it), proposes a column for each field from the header's names and lets the user
correct it field by field. It dismisses with the ``ImportSpec`` the import is then checked with, or None.
Reading the file runs in a worker: a large workbook never freezes the keyboard.

The proposal is ``appraise.io.headers.propose_mapping`` when this build has it; until then a local best
effort with ``map_columns``' rules (a header's name in any case, or one of the field's synonyms; the first
column wins, and nothing is refused here: the check refuses).
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
from appraise.io.layouts import ImportSpec
from appraise.io.sheets import WORKBOOK_SUFFIXES, SheetInfo, column_letter, list_sheets, preview_rows
from appraise.io.table import Field, header_key, shorten
from appraise.tui.screens.import_fallback import resolve_columns

__all__ = ["ImportMappingDialog", "NONE", "column_options", "find_header_row", "propose", "spec_columns", "spec_note"]

#: The rows of a sheet shown (and searched for the header).
PREVIEW_LIMIT = 30
#: A field's Select value for "no column".
NONE = -1
LAYOUT_OPTIONS = [("long", "long"), ("wide", "wide"), ("rows", "rows")]
#: What each layout reads, for the hint.
LAYOUT_HINTS = {"long": "a row per link or rating", "wide": "a row per practice, a column per project",
                "rows": "the first column types each row (the OE database)"}


def _synonyms(fields: Mapping[str, Field]) -> dict[str, str]:
    """header key -> field name, the field's names first (``EXTRA_SYNONYMS`` too when io.headers has them)."""
    try:
        from appraise.io.headers import EXTRA_SYNONYMS  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        EXTRA_SYNONYMS = {}  # noqa: N806 (the module's name for them)
    keys: dict[str, str] = {}
    for name, f in fields.items():
        for s in (f.name, *f.synonyms, *EXTRA_SYNONYMS.get(name, ())):
            keys.setdefault(header_key(s), name)
    return keys


def propose(headers: Sequence[str], fields: Mapping[str, Field]) -> dict[str, int]:
    """field -> column index proposed from the header's names."""
    try:
        from appraise.io.headers import propose_mapping  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        keys = _synonyms(fields)
        proposal: dict[str, int] = {}
        for i, h in enumerate(headers):
            name = keys.get(header_key(h)) if h else None
            if name is not None and name not in proposal:
                proposal[name] = i
        return proposal
    return {f: i for f, i in propose_mapping(headers, fields).items() if f in fields and i is not None}


def find_header_row(rows: Sequence[Sequence[str]], fields: Mapping[str, Field]) -> int:
    """The row (1-based) whose cells name the most fields, at least 2; 1 when none does."""
    keys = _synonyms(fields)
    best, best_count = 1, 1
    for number, cells in enumerate(rows, start=1):
        count = len({keys[header_key(c)] for c in cells if c and header_key(c) in keys})
        if count > best_count:
            best, best_count = number, count
    return best


def column_options(headers: Sequence[str]) -> list[tuple[str, int]]:
    """A field's choices: ``A: Practice ID`` … (empty headers by letter), then ``— none —``."""
    options = [(f"{column_letter(i)}: {shorten(h, 40)}" if h else column_letter(i), i) for i, h in enumerate(headers)]
    return [*options, ("— none —", NONE)]


def spec_columns(headers: Sequence[str], chosen: Mapping[str, int]) -> dict[str, str]:
    """The spec's ``columns``: each field's header when it names one column only, else the column's letter."""
    keys = [header_key(h) for h in headers]
    out = {}
    for name, i in chosen.items():
        if i == NONE:
            continue
        h = headers[i] if i < len(headers) else ""
        out[name] = h if h and keys.count(header_key(h)) == 1 else column_letter(i)
    return out


def spec_note(spec: ImportSpec) -> str:
    """What the mapping step chose, as the check's summary says it."""
    where = f"sheet {spec.sheet}, " if spec.sheet else ""
    return f"Read {where}header on row {spec.header_row or 1}, {spec.layout} layout (ctrl+l changes the columns)"


@dataclass
class Loaded(Message):
    """The worker read the file: its sheets, the sheet shown and its first rows (or what went wrong)."""

    sheets: list[SheetInfo] = field(default_factory=list)
    sheet: str = ""
    rows: list[list[str]] = field(default_factory=list)
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
            with Horizontal(id="mapping-buttons"):
                yield Static(classes="hint", id="mapping-hint")
                yield Button("Check", id="mapping-ok", variant="primary", disabled=True)
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
            if sheet is None:
                sheet = self._first_fitting(sheets)
            rows = preview_rows(self.path, sheet, PREVIEW_LIMIT)
        except AppraiseError as exc:
            message = Loaded(error=str(exc))
        except (OSError, ValueError) as exc:
            message = Loaded(error=f"{self.path}: cannot be read ({exc})")
        else:
            message = Loaded(sheets, sheet, rows)
        if not worker.is_cancelled:
            self.post_message(message)

    def _first_fitting(self, sheets: list[SheetInfo]) -> str:
        """The first visible sheet whose header names two fields (hidden ones are never guessed)."""
        visible = [s.name for s in sheets if not s.hidden] or [sheets[0].name]
        for name in visible[:20]:
            rows = preview_rows(self.path, name, PREVIEW_LIMIT)
            if find_header_row(rows, self.fields) > 1 or len(propose(rows[0] if rows else [], self.fields)) >= 2:
                return name
        return visible[0]

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
        row = self.start.header_row if first and self.start.header_row else find_header_row(self.rows, self.fields)
        self._show_header(row, restore=first)
        self._restored = True
        self.query_one("#mapping-ok", Button).disabled = False
        if first:
            self.query_one("#mapping-ok", Button).focus()
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
        chosen = (resolve_columns(self.headers, self.start.columns) if restore and self.start.columns
                  else propose(self.headers, self.fields))
        options = column_options(self.headers)
        for name in self.fields:
            select: Select[int] = self.query_one(f"#map-{name}", Select)
            with self.prevent(Select.Changed):
                select.set_options(options)
                value = chosen.get(name, NONE)
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
        """What the user chose, on top of what the dialog opened with (units, aliases, row types)."""
        layout = self.query_one("#mapping-layout", Select).value
        return replace(self.start, sheet=self.sheet or None, sheets=None, header_row=self.header_row,
                       layout=layout if isinstance(layout, str) else "long",
                       columns=spec_columns(self.headers, self.chosen()), project=self.project())

    def missing(self) -> list[str]:
        """The required fields no column holds (the long layout; the others place their fields themselves)."""
        spec = self.spec()
        if spec.layout != "long":
            return []
        chosen = self.chosen()
        return [name for name, f in self.fields.items() if f.required and chosen[name] == NONE
                and not (name == "project" and spec.project)]

    def action_accept(self) -> None:
        if self.reading or not self.rows:
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
        self.workers.cancel_group(self, "import-mapping")
        self.dismiss(None)

    # -- what the user sees besides -------------------------------------------------------------------
    def _problem(self, text: str) -> None:
        problem = self.query_one("#mapping-problem", Static)
        problem.update(text)
        problem.display = bool(text)

    def hint_text(self) -> Text:
        focused = self.focused
        if self.reading:
            return Text("Reading the file…", style="bold")
        if focused is not None and focused.id == "mapping-preview":
            return Text.assemble(("Enter", "bold"), " makes this row the header")
        layout = self.query_one("#mapping-layout", Select).value
        if focused is not None and focused.id == "mapping-layout" and isinstance(layout, str):
            return Text.assemble((layout, "bold"), f": {LAYOUT_HINTS[layout]} · ", ("Enter", "bold"), " changes it")
        if isinstance(focused, Select):
            return Text.assemble(("Enter", "bold"), " opens the choices · ", ("ctrl+s", "bold"), " checks")
        return Text.assemble(("Enter", "bold"), " checks the file with these columns (nothing is written)")

    def _update_hint(self) -> None:
        if self.is_mounted:
            self.query_one("#mapping-hint", Static).update(self.hint_text())

    def on_descendant_focus(self) -> None:
        self._update_hint()
