"""The decision dialog: the team records a choice the method leaves to it, with its rationale.

The values offered are exactly the ones the rating scheme allows for the target
(``Decisions.options``); the dialog never proposes one and refuses to
record a decision without a rationale. ``open_decision`` builds the dialog for
a target from the open appraisal, or says why there is nothing to decide.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Footer, Label, RadioButton, RadioSet, Static, TextArea

from appraise.errors import AppraiseError
from appraise.tui.messages import AppraisalChanged, Refused
from appraise.tui.screens.confirm import TypedTextDialog
from appraise.tui.screens.decision_request import (
    QUESTIONS,
    DecisionRequest,
    decision_request,
    decision_word,
    latest_decisions,
    option_label,
    when_text,
)

__all__ = ["DecisionDialog", "decision_word", "latest_decisions", "open_decision", "when_text"]

if TYPE_CHECKING:
    from appraise.tui.app import AppraiseApp


def open_decision(app: AppraiseApp, target: str) -> None:
    """Open the decision dialog for ``target``, or notify why there is nothing to decide."""
    try:
        request = decision_request(app, target)
    except AppraiseError as exc:
        app.notify(str(exc), title="Nothing to decide", severity="warning", timeout=8)
        return
    app.push_screen(DecisionDialog(request))


def _weakness_table(r: DecisionRequest) -> Table:
    """Each weakness: the practice, its OU value and title, then each noted cell (project, value, note)."""
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(ratio=1)
    for w in r.weaknesses:
        table.add_row(Text(w.practice, style="bold"), w.ou, Text(w.title))
        for project, value, note in w.notes:
            table.add_row(Text(f"  {project}"), value, Text(note, style="italic"))
        if not w.notes:
            table.add_row("", "", Text("no note on its cells", style="dim"))
    if r.strong:
        table.add_row(Text("Fully implemented", style="dim"), "", Text(", ".join(r.strong), style="dim"))
    return table


class DecisionContext(VerticalScroll):
    """What is decided and on what. Focusable (↑↓ scroll it) only while it does not fit."""

    def allow_focus(self) -> bool:
        return self.max_scroll_y > 0


class DecisionDialog(TypedTextDialog[bool]):
    """Record a team decision on one target: one of the allowed values and a rationale.

    Dismisses with True once the decision is saved (and ``AppraisalChanged`` posted to the app).
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "decide", "Decide", tooltip="Record the decision"),
    ]

    CSS_PATH = "decision.tcss"

    #: ``-tall`` where the whole dialog fits without scrolling its context (see the CSS).
    VERTICAL_BREAKPOINTS = [(0, "-short"), (38, "-tall")]
    #: ``-narrow``: the whole width (80 columns); ``-wide``: notes and rules on fewer lines.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-normal"), (160, "-wide")]

    def __init__(self, request: DecisionRequest) -> None:
        super().__init__(classes="dialog-screen")
        self.request = request

    def compose(self) -> ComposeResult:
        r = self.request
        with Vertical(id="decision"):
            with DecisionContext(id="decision-context"):
                yield Static(Text.assemble((r.label, "bold"), "  ", r.title), id="decision-target")
                if r.weaknesses:
                    yield Label(f"Weaknesses to judge ({len(r.weaknesses)}), with the team's notes",
                                classes="field-label")
                    yield Static(_weakness_table(r), id="decision-weaknesses")
                elif r.facts:
                    facts = Table.grid(padding=(0, 2))
                    facts.add_column(style="bold", no_wrap=True)
                    facts.add_column()
                    for label, value in r.facts:
                        facts.add_row(label, value)
                    yield Label(r.facts_title, classes="field-label")
                    yield Static(facts, id="decision-facts")
                yield Label("Rule", classes="field-label")
                yield Static(Text(r.rule, style="dim"), id="decision-rule")
                if r.current is not None:
                    c = r.current
                    yield Static(Text.assemble(("Recorded: ", "bold"), r.words(c.value), f" by {c.decided_by}, "
                                               f"{when_text(c.decided_at)} — ", (c.rationale, "italic")),
                                 id="decision-current")
            yield Label(QUESTIONS.get(r.kind, "The team's decision"), classes="field-label")
            with RadioSet(id="decision-choices"):
                for option in r.options:
                    # a single option (a justification) is the choice already: the rationale is what is asked
                    yield RadioButton(option_label(option, r.words(option)), name=option,
                                      value=len(r.options) == 1)
            yield Label("Rationale (required)", classes="field-label")
            yield TextArea(id="decision-why")
            yield Static(id="decision-problem", classes="error-text")
            with Horizontal(id="decision-buttons"):
                yield Static(Text("tab: the next field · shift+tab: back", style="dim"), classes="hint")
                yield Button("Cancel", id="decision-cancel")
                yield Button("Decide", id="decision-ok", variant="primary", disabled=True)
        yield Footer()  # this dialog's keys, not the view's underneath

    def on_mount(self) -> None:
        self.query_one("#decision", Vertical).border_title = "Team decision"
        if self.chosen is not None:  # nothing to choose: start in the rationale
            self.query_one("#decision-why", TextArea).focus()
        else:
            self.query_one(RadioSet).focus()
        self._check()

    @property
    def chosen(self) -> str | None:
        button = self.query_one(RadioSet).pressed_button
        return None if button is None else button.name

    @property
    def rationale(self) -> str:
        return self.query_one("#decision-why", TextArea).text.strip()

    def _problem(self) -> str:
        if self.chosen is None:
            return "Choose one of the answers above (arrow keys, then space)."
        if not self.rationale:
            return "Write the rationale: a decision is not recorded without one."
        return ""

    @on(RadioSet.Changed)
    @on(TextArea.Changed)
    def _check(self) -> None:
        problem = self._problem()
        self.query_one("#decision-ok", Button).disabled = bool(problem)
        self._show_problem(problem)

    def _show_problem(self, problem: str) -> None:
        shown = self.query_one("#decision-problem", Static)
        shown.update(problem)
        shown.display = bool(problem)  # no empty line once the decision can be recorded

    @on(Button.Pressed, "#decision-ok")
    def action_decide(self) -> None:
        problem = self._problem()
        if problem:
            self._show_problem(problem)
            self.app.bell()
            return
        app = cast("AppraiseApp", self.app)
        assert app.appraisal is not None and self.chosen is not None
        try:
            app.appraisal.decisions.decide(self.request.target, self.chosen, self.rationale, unit=self.request.unit)
        except AppraiseError as exc:
            app.post_message(Refused(exc))
            return
        app.post_message(AppraisalChanged())  # the dialog closes: the app, not it, takes the message
        app.notify(f"{self.request.label}: {self.request.words(self.chosen)}", title="Decision recorded")
        self.dismiss(True)

    CANCELLED = False

    @on(Button.Pressed, "#decision-cancel")
    def action_cancel(self) -> None:
        self.close_unless_typed(False)  # asks first if a rationale was typed
