"""Across models: the ISO 9001 → CMMI comparison grid, and the review of evidence-reuse suggestions.

The comparison needs no appraisal (``appraise compare``); the review works on
the open CMMI appraisal's stored suggestions (``appraise reuse``): single keys
accept or reject the suggestion under the cursor, ``i`` proposes new ones from
an audit file. A mapping only suggests: accepting makes an evidence link that
remembers its audit, clause and strength; nothing characterizes a practice.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from appraise.errors import AppraiseError
from appraise.tui.messages import AppraisalChanged, Refused
from appraise.tui.screens.confirm import TypedTextDialog

if TYPE_CHECKING:
    from appraise.tui.app import AppraiseApp

#: Coverage of a process area: the share of its specific practices with a counterpart.
COVERAGE_STYLE = (("bold green", 0.75), ("green", 0.5), ("yellow", 0.25), ("red", 0.0))


def coverage_style(area: dict[str, Any]) -> str:
    share = (area["strong"] + area["partial"]) / area["specific_practices"] if area["specific_practices"] else 0
    if share == 0:
        return "bold red"
    return next(style for style, floor in COVERAGE_STYLE if share >= floor)


class CompareScreen(Screen[None]):
    """How far ISO 9001:2015 corresponds to CMMI-DEV v1.3, per process area, as a coloured grid."""

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back"),
        Binding("2", "level(2)", "ML2", key_display="2"),
        Binding("3", "level(3)", "ML3", key_display="3"),
        Binding("4", "level(4)", "ML4", show=False),
        Binding("5", "level(5)", "ML5", show=False),
    ]
    CSS_PATH = "crosswalk.tcss"

    def __init__(self, source: str = "iso-9001-2015", target: str = "cmmi-dev-1.3", level: int = 3) -> None:
        super().__init__()
        self.source, self.target, self.level = source, target, level
        self.result: dict[str, Any] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="compare-body"):
            yield Static(id="compare-mapping", classes="panel")
            yield Static(id="compare-grid", classes="panel")
            yield Static(id="compare-table", classes="panel")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "appraise — Compare models"
        self._show()

    def action_level(self, level: int) -> None:
        self.level = level
        self._show()

    def _show(self) -> None:
        from appraise.services.crosswalk import compare

        try:
            self.result = result = compare(self.source, self.target, self.level)
        except AppraiseError as exc:
            self.app.notify(str(exc), title="Cannot compare", severity="error")
            return
        m = result["mapping"]
        head = Text.assemble(("Derived mapping" if m["derived"] else "Mapping", "bold yellow" if m["derived"] else
                              "bold"), f" {m['id']}: ", (m["note"], "italic"))
        head.append(f"\n{result['summary']['line']}.", style="bold")
        none = result["summary"]["areas_without_counterpart"]
        if none:
            head.append(f"\nNo counterpart at all: {', '.join(none)} — new work for the organization.", style="red")
        self.query_one("#compare-mapping", Static).update(head)

        grid = Text()
        for ml in sorted({a["ml"] for a in result["areas"]}):
            grid.append(f"ML{ml}  ", style="bold")
            for a in (a for a in result["areas"] if a["ml"] == ml):
                grid.append(f" {a['id']:^6}", style=f"{coverage_style(a)} reverse")
                grid.append(" ")
            grid.append("\n")
        grid.append("share of specific practices with a counterpart: ", style="dim")
        for style, label in (("bold green", "≥ 75 %"), ("green", "≥ 50 %"), ("yellow", "≥ 25 %"),
                             ("red", "< 25 %"), ("bold red", "none")):
            grid.append(f" {label} ", style=f"{style} reverse")
            grid.append(" ")
        self.query_one("#compare-grid", Static).update(grid)

        table = Table(expand=True, box=None, padding=(0, 1), title=f"Process areas up to ML{self.level}",
                      title_justify="left")
        for column, justify in (("Area", "left"), ("ML", "right"), ("SPs", "right"), ("strong", "right"),
                                ("partial", "right"), ("none", "right"), ("clauses", "left")):
            table.add_column(column, justify=justify)  # type: ignore[arg-type]
        for a in result["areas"]:
            table.add_row(Text(a["id"], style=coverage_style(a)), str(a["ml"]), str(a["specific_practices"]),
                          str(a["strong"]), str(a["partial"]), str(a["none"]), ", ".join(a["clauses"]) or "—")
        self.query_one("#compare-table", Static).update(table)


class AuditPathDialog(TypedTextDialog[str | None]):
    """Ask for the audit file to propose suggestions from."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="audit-path") as box:
            box.border_title = "Reuse evidence from an ISO 9001 audit"
            yield Static("The audit's file (e.g. acme-qms.appraisal). Its evidence on each clause is proposed for "
                         "the CMMI practices the mapping pairs with that clause, in every project.")
            yield Input(placeholder="acme-qms.appraisal", id="audit-path-input")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self.app.notify("Type the audit's file name (the grey text is only an example).", title="Which audit?",
                            severity="warning")
            return
        self.dismiss(event.value.strip())


class ReuseScreen(Screen[None]):
    """Review reuse suggestions with single keys: a accepts, r rejects, i proposes from an audit."""

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back"),
        Binding("a", "decide('accept')", "Accept", tooltip="Accept: it becomes an evidence link with its origin"),
        Binding("r", "decide('reject')", "Reject"),
        Binding("i", "propose", "From an audit", tooltip="Propose suggestions from an audit file"),
        Binding("o", "toggle_open", "Open only"),
        Binding("s", "toggle_strong", "Strong only"),
        Binding("g", "toggle_generic", "No GPs", tooltip="Leave out generic practices (the mapping's ALL GP pairs)"),
    ]
    CSS_PATH = "crosswalk.tcss"

    def __init__(self) -> None:
        super().__init__()
        self.open_only = True
        self.strong_only = False
        self.specific_only = False

    @property
    def appraise(self) -> AppraiseApp:
        return cast("AppraiseApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="reuse-head")
        yield DataTable[Text](id="reuse-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.title = "appraise — Reuse evidence"
        table = self.query_one(DataTable)
        for key, label in (("id", "#"), ("status", "Status"), ("practice", "Practice"), ("project", "Project"),
                           ("strength", "Strength"), ("clause", "Clause"), ("evidence", "Evidence")):
            table.add_column(label, key=key)
        self.refresh_rows()
        table.focus()

    def refresh_rows(self) -> None:
        appraisal = self.appraise.appraisal
        assert appraisal is not None
        from appraise.services.crosswalk import SuggestionFilter

        only = SuggestionFilter((), self.strong_only, self.specific_only)
        suggestions = appraisal.reader.suggestions()
        shown = [s for s in suggestions if (s.status == "open" or not self.open_only)
                 and only.admits(appraisal.framework, s.practice, s.strength)]
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear()
        style = {"open": "bold yellow", "accepted": "green", "rejected": "dim"}
        for s in shown:
            table.add_row(Text(str(s.id)), Text(s.status, style=style.get(s.status, "")), Text(s.practice, style="bold"),
                          Text(s.project), Text(s.strength, style="green" if s.strength == "strong" else "yellow"),
                          Text(s.clause), Text(f"{'A' if s.kind == 'artifact' else 'F'} {s.title}"), key=str(s.id))
        if shown:
            table.move_cursor(row=min(cursor, len(shown) - 1))
        open_count = sum(1 for s in suggestions if s.status == "open")
        shown_as = [w for w, on in (("open", self.open_only), ("strong", self.strong_only),
                                    ("specific practices", self.specific_only)) if on]
        head = Text.assemble((f"{open_count} open", "bold"), f" of {len(suggestions)} suggestions; showing "
                             f"{len(shown)}" + (f" ({', '.join(shown_as)} only)" if shown_as else ""), ".  ")
        head.append("A mapping only suggests: accepting links the audit's evidence item to the practice in the "
                    "project; nothing is characterized. The bundled ISO 9001 → CMMI mapping is derived "
                    "(no published one exists).", style="dim")
        if not suggestions:
            head.append("\nNo suggestions yet: press i and give the audit's file.", style="yellow")
        self.query_one("#reuse-head", Static).update(head)

    def _current(self) -> int | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return int(key.value) if key.value is not None else None

    def action_decide(self, what: str) -> None:
        from appraise.services.crosswalk import decide_suggestions

        sid = self._current()
        appraisal = self.appraise.appraisal
        if sid is None or appraisal is None:
            self.app.bell()
            return
        try:
            decide_suggestions(appraisal, str(sid) if what == "accept" else None,
                               str(sid) if what == "reject" else None)
        except AppraiseError as exc:
            self.post_message(Refused(exc))
            return
        self.post_message(AppraisalChanged())
        self.refresh_rows()

    def action_toggle_open(self) -> None:
        self.open_only = not self.open_only
        self.refresh_rows()

    def action_toggle_strong(self) -> None:
        self.strong_only = not self.strong_only
        self.refresh_rows()

    def action_toggle_generic(self) -> None:
        self.specific_only = not self.specific_only
        self.refresh_rows()

    def action_propose(self) -> None:
        def chosen(path: str | None) -> None:
            if path:
                self._propose(path)

        self.app.push_screen(AuditPathDialog(), chosen)

    @work(thread=True, exclusive=True, group="reuse")
    def _propose(self, path: str) -> None:
        from appraise.services.crosswalk import reuse

        appraisal = self.appraise.appraisal
        assert appraisal is not None
        try:
            _all, new, _mapping = reuse(appraisal, Path(path).expanduser())
        except AppraiseError as exc:
            self.post_message(Refused(exc))
            return
        self.post_message(self.Proposed(new))

    @dataclass
    class Proposed(Message):
        """The reuse worker added ``new`` suggestions."""

        new: int

    @on(Proposed)
    def _proposed(self, message: Proposed) -> None:
        self.app.notify(f"{message.new} new suggestions.", title="Reuse")
        self.post_message(AppraisalChanged())
        self.refresh_rows()
