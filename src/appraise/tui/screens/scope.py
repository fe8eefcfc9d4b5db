"""The scope dialog: correct the unit, the projects and the target after the appraisal was created.

The same use case as ``appraise scope FILE --unit ... --add-projects ... --rename-project OLD=NEW
--remove-project ... --target N`` (``Setup.correct_scope``): everything in the dialog is written in one
transaction, with an entry per change in the change log, or nothing is. A target that would leave recorded
characterizations out of scope asks first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Footer, Input, Label, Static

from appraise.errors import AppraiseError
from appraise.services import NeedsConfirmation
from appraise.tui.messages import AppraisalChanged, Refused
from appraise.tui.screens.confirm import ConfirmDialog, TypedTextDialog

if TYPE_CHECKING:
    from appraise.tui.app import AppraiseApp


def _codes(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


class ScopeDialog(TypedTextDialog[bool]):
    """Correct the scope; dismisses with True once the correction is saved (and ``AppraisalChanged`` posted to the app)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save", tooltip="Save the corrections"),
    ]

    CSS_PATH = "scope.tcss"

    def compose(self) -> ComposeResult:
        app = cast("AppraiseApp", self.app)
        appraisal = app.appraisal
        assert appraisal is not None
        info = appraisal.info
        words = appraisal.view.words.units
        with VerticalScroll(classes="dialog", id="scope-dialog", can_focus=False) as dialog:
            dialog.border_title = "Correct the scope"
            yield Label("Organizational unit", classes="field-label")
            yield Input(info.unit, id="scope-unit")
            yield Static(Text.assemble((f"{words.capitalize()}: ", "bold"), ", ".join(info.projects)),
                         id="scope-projects")
            yield Label(f"Add {words} (comma-separated)", classes="field-label")
            yield Input(placeholder="DELTA, EPSILON", id="scope-add")
            yield Label(f"Rename {words} (OLD=NEW, comma-separated): everything recorded on one stays with it",
                        classes="field-label")
            yield Input(placeholder="BETA=BRAVO", id="scope-rename")
            yield Label(f"Remove {words} (only while nothing is recorded on them)", classes="field-label")
            yield Input(placeholder="GAMMA", id="scope-remove")
            if appraisal.view.target_level:
                yield Label("Target level", classes="field-label")
                yield Input(str(info.target), id="scope-target", type="integer")
            yield Label("Why (optional, recorded in the change log)", classes="field-label")
            yield Input(id="scope-why")
            yield Static(id="scope-problem", classes="error-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="scope-cancel")
                yield Button("Save", id="scope-ok", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#scope-unit", Input).focus()

    def _value(self, widget_id: str) -> str:
        found = self.query(f"#{widget_id}")
        return found.first(Input).value if found else ""

    @on(Input.Submitted)
    @on(Button.Pressed, "#scope-ok")
    def action_save(self) -> None:
        self._save()

    @work(exclusive=True)
    async def _save(self) -> None:
        app = cast("AppraiseApp", self.app)
        appraisal = app.appraisal
        assert appraisal is not None
        target_text = self._value("scope-target").strip()
        try:
            target = int(target_text) if target_text else None
        except ValueError:
            self._problem(f"the target is a level number, not {target_text!r}")
            return
        unit = self.query_one("#scope-unit", Input).value
        confirm = False
        while True:
            try:
                done = appraisal.setup.correct_scope(
                    unit=unit if unit.strip() != appraisal.info.unit else None,
                    add=_codes(self._value("scope-add")), rename=_codes(self._value("scope-rename")),
                    remove=_codes(self._value("scope-remove")),
                    target=target if target != appraisal.info.target else None, confirm=confirm,
                    why=self._value("scope-why"))
                break
            except NeedsConfirmation as exc:  # ask once, then the same correction, confirmed
                question = Text(f"The new {exc.question}.")
                if not await app.push_screen_wait(ConfirmDialog("Leave characterizations out of scope?", question,
                                                                "Change the target", focus_confirm=False)):
                    return
                confirm = True
            except AppraiseError as exc:
                self._problem(str(exc))
                app.post_message(Refused(exc))
                return
        app.post_message(AppraisalChanged())  # the dialog closes: the app, not it, takes the message
        app.notify("\n".join(done.lines()), title="Scope corrected")
        self.dismiss(True)

    def _problem(self, text: str) -> None:
        self.query_one("#scope-problem", Static).update(text)
        self.app.bell()

    @on(Button.Pressed, "#scope-cancel")
    def action_cancel(self) -> None:
        self.close_unless_typed(False)  # typed text is never thrown away without asking
