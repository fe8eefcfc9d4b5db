"""The "new appraisal" dialog: file, model, representation, target, organizational unit, projects, areas.

Everything is checked by ``Appraisal.create`` (the same use case as ``appraise
new``); a refusal shows in the dialog and as a notification, and the dialog stays
open. Creating opens the file for writing (which loads SQLModel), so it runs in a
worker while the form shows a loading indicator.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Checkbox, Footer, Input, Label, Select, SelectionList, Static

from appraise.errors import AppraiseError, UsageError
from appraise.services import bundled_framework_ids, view_for
from appraise.tui.messages import Refused
from appraise.tui.screens.confirm import TypedTextDialog

if TYPE_CHECKING:
    from appraise.services import Appraisal, Framework

SUFFIX = ".appraisal"
REPRESENTATION_LABEL = {"staged": "Staged (maturity level)", "continuous": "Continuous (capability levels)"}


def split_list(text: str) -> list[str]:
    """``"ALPHA, BETA,,GAMMA "`` -> ``["ALPHA", "BETA", "GAMMA"]``."""
    return [part.strip() for part in text.split(",") if part.strip()]


def appraisal_file(text: str, folder: Path) -> Path:
    """The file a name stands for: ``~`` expanded, relative to ``folder``, ``.appraisal`` added when missing."""
    name = text.strip()
    if not name:
        raise UsageError("the appraisal needs a file name (e.g. acme-2026.appraisal)")
    path = Path(name).expanduser()
    if not path.is_absolute():
        path = folder / path
    if path.suffix != SUFFIX:
        path = path.with_name(path.name + SUFFIX)
    return path


@dataclass(frozen=True)
class NewAppraisalRequest:
    path: Path
    framework: str
    representation: str
    target: int | None
    unit: str
    projects: list[str]
    areas: list[str]
    refined: bool = False


class NewAppraisalDialog(TypedTextDialog["Appraisal | None"]):
    """Ask for what ``appraise new`` asks; dismissed with the created (open) appraisal, or None."""

    CSS_PATH = "new_appraisal.tcss"

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "create", "Create", priority=True),
    ]

    def __init__(self, folder: Path | None = None) -> None:
        super().__init__(classes="dialog-screen -staged")
        self.folder = folder or Path.cwd()
        self._framework: Framework | None = None
        self._busy = False

    def compose(self) -> ComposeResult:
        ids = sorted(bundled_framework_ids(), key=lambda i: not i.startswith("cmmi"))  # CMMI first: the usual
        with VerticalScroll(classes="dialog", id="new-dialog", can_focus=False) as dialog:
            dialog.border_title = "New appraisal"
            with Vertical(id="new-form"):
                with Horizontal(classes="form-row"):
                    yield Label("File")
                    yield Input(placeholder=f"acme-2026{SUFFIX}", id="new-file")
                yield Static(f"Created in {self.folder} unless you give a full path; {SUFFIX} is added "
                             "when missing. An existing file is never replaced.", classes="field-hint")
                with Horizontal(classes="form-row"):
                    yield Label("Model")
                    yield Select([(i, i) for i in ids], value=ids[0] if ids else Select.NULL,
                                 allow_blank=not ids, id="new-framework")
                with Horizontal(classes="form-row"):
                    yield Label("Representation")
                    yield Select([(REPRESENTATION_LABEL[r], r) for r in REPRESENTATION_LABEL], value="staged",
                                 allow_blank=False, id="new-representation")
                with Horizontal(classes="form-row -no-audit"):
                    yield Label("Target maturity level", id="new-target-label")
                    yield Input("2", type="integer", id="new-target")
                with Horizontal(classes="form-row"):
                    yield Label("Organizational unit")
                    yield Input(placeholder="Acme Payments", id="new-unit")
                with Horizontal(classes="form-row"):
                    yield Label("Projects", id="new-projects-label")
                    yield Input(placeholder="ALPHA, BETA, GAMMA", id="new-projects")
                yield Static("The projects (basic units) sampled: their codes, separated by commas.",
                             classes="field-hint")
                with Horizontal(classes="form-row -continuous-only"):
                    yield Label("Process areas", id="new-areas-label")
                    yield SelectionList[str](id="new-areas")
                yield Static("Space ticks an area; with none ticked, every process area of the model is in scope.",
                             classes="field-hint -continuous-only", id="new-areas-hint")
                with Horizontal(classes="form-row -process-only"):
                    yield Label("Refined scale")
                    yield Checkbox("allow P-, P+, L-, L+ (ISO/IEC 33020)", id="new-refined")
                yield Static("Staged: every process area of the target maturity level and below is in scope.",
                             classes="field-hint -staged-only")
            yield Static(id="new-error", classes="error-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="new-cancel")
                yield Button("Create (ctrl+s)", variant="primary", id="new-create")
        yield Footer()

    def on_mount(self) -> None:
        self._load_framework()
        self.query_one("#new-file", Input).focus()

    # -- the model's areas and representations -----------------------------------------------
    @on(Select.Changed, "#new-framework")
    def _load_framework(self) -> None:
        from appraise.services import load_framework

        framework_id = self.query_one("#new-framework", Select).selection
        if not framework_id:
            return
        try:
            framework = load_framework(str(framework_id))
        except AppraiseError as exc:
            self._show_error(exc)
            return
        self._framework = framework
        areas = self.query_one("#new-areas", SelectionList)
        areas.clear_options()
        # a process model's named scope (Automotive SPICE 3.1: the VDA scope) comes ticked; untick to change it
        scope = next((s for s in framework.scopes.values() if s.processes is not None), None)
        ticked = set(scope.processes) if scope is not None and scope.processes else set()
        areas.add_options([(f"{a.id}  {a.title}" + (f"  (ML{a.maturity_level})" if a.maturity_level else ""), a.id,
                            a.id in ticked) for a in framework.areas])
        areas.highlighted = 0 if framework.areas else None  # so the first space ticks the first area
        view = view_for(framework)
        process = view.refined_values  # a process model: every ticked process assessed, refined values
        self.set_class(process, "-process")
        self.query_one("#new-areas-label", Label).update(view.words.areas_title)
        if process:
            hint = "Space ticks a process; tick at least one (every process in scope is assessed in every " \
                   "instance, AS1.4)."
            if scope is not None:
                hint += f" The {scope.title} ({scope.rule}) is ticked."
            hint += " Projects are the process instances."
        else:
            hint = "Space ticks an area; with none ticked, every process area of the model is in scope."
        self.query_one("#new-areas-hint", Static).update(hint)
        representation = self.query_one("#new-representation", Select)
        current = representation.selection
        representation.set_options([(REPRESENTATION_LABEL.get(r, r), r) for r in framework.representations])
        if current in framework.representations:
            representation.value = current

    @on(Select.Changed, "#new-representation")
    def _representation_changed(self, event: Select.Changed) -> None:
        continuous = event.value == "continuous"
        view = view_for(self._framework) if self._framework is not None else None
        audit = view is not None and not view.target_level  # audited clause by clause: every clause, no target
        self.set_class(continuous, "-continuous")
        self.set_class(not continuous and not audit, "-staged")
        self.set_class(audit, "-audit")
        self.query_one("#new-target-label", Label).update(
            "Target capability level" if continuous else "Target maturity level")
        self.query_one("#new-projects-label", Label).update(view.words.units_title if view is not None else "Projects")

    # -- creating ------------------------------------------------------------------------------
    def request(self) -> NewAppraisalRequest:
        """What the form asks for (raises ``UsageError`` for what cannot even be read)."""
        path = appraisal_file(self.query_one("#new-file", Input).value, self.folder)
        framework = self.query_one("#new-framework", Select).selection
        if not framework:
            raise UsageError("choose the model to appraise against")
        representation = str(self.query_one("#new-representation", Select).selection or "staged")
        target_text = self.query_one("#new-target", Input).value.strip()
        try:
            target = None if self._framework is not None and not view_for(self._framework).target_level \
                else int(target_text)
        except ValueError:
            raise UsageError("the target level is a number (e.g. 2 for maturity level 2, or capability level 2)") \
                from None
        areas = list(self.query_one("#new-areas", SelectionList).selected) if representation == "continuous" else []
        return NewAppraisalRequest(path, str(framework), representation, target,
                                   self.query_one("#new-unit", Input).value,
                                   split_list(self.query_one("#new-projects", Input).value), areas,
                                   self.has_class("-process") and self.query_one("#new-refined", Checkbox).value)

    def action_create(self) -> None:
        if self._busy:
            return
        try:
            request = self.request()
        except AppraiseError as exc:
            self._show_error(exc)
            return
        self._busy = True
        self.query_one("#new-error", Static).update("")
        self.query_one("#new-form").loading = True
        self._create(request)

    @work(thread=True, exclusive=True, group="new-appraisal")
    def _create(self, request: NewAppraisalRequest) -> None:
        from appraise.services import Appraisal

        try:
            appraisal = Appraisal.create(request.path, framework=request.framework,
                                         representation=request.representation, target=request.target,
                                         unit=request.unit, projects=request.projects, areas=request.areas,
                                         refined=request.refined)
        except AppraiseError as exc:
            self._show_error(exc)
            return
        except OSError as exc:
            self._show_error(UsageError(f"cannot create {request.path}: {exc.strerror}"))
            return
        self.post_message(self.Created(appraisal))

    @dataclass
    class Created(Message):
        """The worker created the appraisal: the dialog closes with it (the start screen opens it)."""

        appraisal: Appraisal

    @on(Created)
    def _created(self, message: Created) -> None:
        self._busy = False
        self.dismiss(message.appraisal)

    def _show_error(self, error: AppraiseError) -> None:
        """Refuse (from the form or the worker): the dialog stays open and says why, the app notifies."""
        self.post_message(Refused(error, title="Not created"))

    @on(Refused)
    def _refused(self, message: Refused) -> None:
        self._busy = False
        self.query_one("#new-form").loading = False
        self.query_one("#new-error", Static).update(str(message.error))

    def action_cancel(self) -> None:
        if not self._busy:  # a file being created is opened by the caller, never left behind half-open
            self.close_unless_typed(None)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_create()

    @on(Button.Pressed, "#new-create")
    def _create_pressed(self) -> None:
        self.action_create()

    @on(Button.Pressed, "#new-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
