"""The export dialog (ctrl+e from any view): every format the appraisal exports — the rating summary (md, csv,
json), the deliverables (the findings deck, the report as html or pdf, the workbook) and the scheme's own.

The file is written in a worker (the rating is recomputed and rendered there), with a loading indicator; an
existing file is replaced only after asking. A relative path is taken from the appraisal file's folder. A
deliverable's "not recorded: …" lines (the details its outline asks for, e.g. the sponsor) come in the
notification; "Anonymize projects" is offered for the formats that take it, a template deck for pptx only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Footer, Input, Label, LoadingIndicator, RadioButton, RadioSet, Static

from appraise.errors import AppraiseError, UsageError
from appraise.services import DELIVERABLE_FORMATS, export_suffix, write_deliverable
from appraise.services import EXPORT_FORMATS as FORMATS
from appraise.tui.messages import Refused
from appraise.tui.screens.confirm import ConfirmDialog, TypedTextDialog

if TYPE_CHECKING:
    from collections.abc import Callable

    from appraise.tui.app import AppraiseApp

#: What each format holds (a format the core adds later is offered with its bare name).
FORMAT_TITLES = {
    "md": "Markdown: the summary to read or paste into the report",
    "csv": "CSV: one row per practice, for a spreadsheet",
    "json": "JSON: everything, for other tools",
    "pptx": "PowerPoint: the findings presentation",
    "html": "HTML: the report in one file, for a browser",
    "pdf": "PDF: the report to hand over (printed by Chromium)",
    "xlsx": "Excel: the appraisal workbook, a sheet per area",
    "cas-roll-up": "CAS Staged Roll-Up: the OU values as the workbook CAS takes in",
}


class FormatChoice(RadioSet):
    """The formats: ↑↓ pick one at once (no space needed), Enter exports.

    A pick by key is made whole before the next key is handled (a burst: ↓↓↓ then ctrl+s): the button is pressed,
    ``pressed_button`` set and ``picked`` called (the dialog's file and options follow), with no message between;
    the ``Changed`` that follows only tells what is already done.
    """

    BINDINGS = [
        Binding("enter", "screen.export", "Export", show=False),
    ]

    def __init__(self, *buttons: RadioButton, picked: Callable[[], None], id: str | None = None) -> None:
        super().__init__(*buttons, id=id)
        self._picked = picked

    def action_next_button(self) -> None:
        super().action_next_button()
        self._press_selected()

    def action_previous_button(self) -> None:
        super().action_previous_button()
        self._press_selected()

    def _press_selected(self) -> None:
        if self._selected is None:
            return
        button = cast(RadioButton, self._nodes[self._selected])
        if button is self._pressed_button and button.value:
            return
        with self.prevent(RadioButton.Changed):
            for other in self.query(RadioButton):
                if other is not button and other.value:
                    other.value = False
            button.value = True
        self._pressed_button = button
        self._picked()
        self.post_message(self.Changed(self, button))

    def _on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        """The cursor follows the button pressed now, not the one a late message names (its ``index`` is from
        when it was sent, keys ago in a burst)."""
        event.prevent_default()
        if self._pressed_button is not None:
            self._selected = self.pressed_index


#: What a format's file is called by default (after the appraisal's stem): the summary, else the format's name.
DEFAULT_NAMES = {"pptx": "findings", "html": "report", "pdf": "report", "xlsx": "workbook"}
#: The formats whose writer takes "Anonymize projects" (the deliverables and the markdown summary).
ANONYMIZING = frozenset((*DELIVERABLE_FORMATS, "md"))
#: The format whose writer takes a template (a deck whose masters and layouts it uses).
TEMPLATED = "pptx"
#: The keys a field binds (↑↓ the format, Space a checkbox, Enter exports) that take effect as they are typed.
NOW_KEYS = ("up", "down", "space", "enter")


def default_export_path(appraisal_path: Path, fmt: str) -> Path:
    """``<stem>-summary.md`` (csv, json), ``<stem>-findings.pptx``, ``<stem>-report.html`` (pdf),
    ``<stem>-workbook.xlsx`` next to the appraisal file (a scheme's workbook: ``<stem>-<fmt>.xlsx``)."""
    suffix = export_suffix(fmt)
    name = DEFAULT_NAMES.get(fmt) or ("summary" if suffix == fmt else fmt)
    return appraisal_path.with_name(f"{appraisal_path.stem}-{name}.{suffix}")


class ExportDialog(TypedTextDialog[Path | None]):
    """Choose a format and a file (and the options the format takes), then write it; dismisses with the path
    written."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "export", "Export", tooltip="Write the file", priority=True),
        *(Binding(key, f"key_now('{key}')", show=False, priority=True) for key in NOW_KEYS),
    ]

    CSS_PATH = "export.tcss"

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")
        self._busy = False
        self._problem_fields = ("", "")  # the path and the template when the problem was said
        self._return_focus: Widget | None = None  # where the cursor was when the write started
        self._followed = ""  # the format the file and the options were last put in step with

    @property
    def appraise(self) -> AppraiseApp:
        return cast("AppraiseApp", self.app)

    @property
    def appraisal_path(self) -> Path:
        appraisal = self.appraise.appraisal
        assert appraisal is not None, "the export dialog needs an open appraisal"
        if appraisal.on_server:  # exports of a server appraisal go beside where appraise was started
            return Path.cwd() / appraisal.info.path.name
        return appraisal.info.path

    @property
    def folder(self) -> Path:
        """The appraisal file's folder, absolute (``.`` says nothing): relative paths start there."""
        return self.appraisal_path.parent.resolve()

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="export", can_focus=False):
            yield Label("Format", classes="field-label", id="export-format-label")
            with FormatChoice(picked=self._follow_format, id="export-format"):
                for i, fmt in enumerate(self.formats):
                    title = FORMAT_TITLES.get(fmt, "")
                    yield RadioButton(Text.assemble((fmt, "bold"), f"  {title}" if title else ""),
                                      value=i == 0, name=fmt, id=f"export-format-{fmt}")
            yield Label("File", classes="field-label")
            yield Input(str(default_export_path(self.appraisal_path, FORMATS[0])), id="export-path")
            yield Static(Text.assemble("A relative path is taken from ", (str(self.folder), "bold"), ".",
                                       style="dim"), id="export-hint")
            unit = self.appraise.appraisal.view.words.unit if self.appraise.appraisal is not None else "project"
            yield Checkbox(f"Anonymize projects ({unit.capitalize()} 1..n instead of the codes)",
                           id="export-anonymize")
            yield Label("Template (PowerPoint only)", classes="field-label", id="export-template-label")
            yield Input(placeholder="a .pptx whose slide masters the deck takes; empty: none",
                        id="export-template")
            yield Static(id="export-problem", classes="error-text")
            yield LoadingIndicator(id="export-busy")
            with Horizontal(classes="dialog-buttons"):
                yield Static(Text("↑↓ format · tab to the file · enter exports", style="dim"), classes="hint")
                yield Button("Cancel", id="export-cancel")
                yield Button("Export", id="export-ok", variant="primary")
        yield Footer()  # this dialog's keys, not the view's underneath

    def on_mount(self) -> None:
        self.query_one("#export", VerticalScroll).border_title = "Export"
        self._problem("")
        self._followed = self.fmt
        self._show_options()
        self.query_one("#export-format", RadioSet).focus()  # ↑↓ pick the format, tab goes to the file

    async def action_key_now(self, key: str) -> None:
        """Run the focused field's binding for ``key`` now, in the order typed, as Tab is run (``TypedTextDialog``):
        otherwise it is looked up once the key has passed through the field, against the field a later Tab of the
        same burst reached (↓↓↓ Tab Tab Space then the template typed in one go picked no format and ticked
        nothing). A key the field does not bind goes on to it as usual (Space in a path types a space)."""
        focused = self.focused
        bindings = focused._bindings.key_to_bindings.get(key, ()) if focused is not None else ()
        for binding in bindings:
            if not binding.priority and await self.app.run_action(binding.action, focused):
                return
        raise SkipAction()

    # -- the form --------------------------------------------------------------------------
    @property
    def formats(self) -> tuple[str, ...]:
        """The core's formats and the workbooks the appraisal's scheme offers (``SchemeView.exports``)."""
        appraisal = self.appraise.appraisal
        return appraisal.export_formats if appraisal is not None else FORMATS

    @property
    def fmt(self) -> str:
        button = self.query_one("#export-format", RadioSet).pressed_button
        return button.name if button is not None and button.name else FORMATS[0]

    def target_path(self) -> Path:
        """The file to write, from the path field (``~`` expanded, relative to the appraisal's folder)."""
        text = self.query_one("#export-path", Input).value.strip()
        if not text:
            raise UsageError("Give the file to write.")
        path = Path(text).expanduser()
        if not path.is_absolute():
            path = self.folder / path
        if path.is_dir():
            raise UsageError(f"{path} is a folder: add a file name, e.g. "
                             f"{default_export_path(self.appraisal_path, self.fmt).name}")
        if not path.suffix:
            path = path.with_suffix(f".{export_suffix(self.fmt)}")
        return path

    def template_path(self) -> Path | None:
        """The template deck from its field (pptx only; empty: none), taken like the file's path."""
        text = self.query_one("#export-template", Input).value.strip()
        if self.fmt != TEMPLATED or not text:
            return None
        path = Path(text).expanduser()
        path = path if path.is_absolute() else self.folder / path
        if not path.is_file():
            raise UsageError(f"{path}: no such template (a .pptx file; leave the field empty for none)")
        return path

    @property
    def anonymize(self) -> bool:
        return self.fmt in ANONYMIZING and self.query_one("#export-anonymize", Checkbox).value

    def _defaults(self) -> set[str]:
        return {str(default_export_path(self.appraisal_path, f)) for f in self.formats}

    @on(RadioSet.Changed, "#export-format")
    def _format_changed(self) -> None:
        self._follow_format()  # a click, or a pick by key already followed (then nothing changes)

    def _follow_format(self) -> None:
        """Keep the file in step with the format: a default name becomes the new format's, a typed one takes its
        extension; show the options the format takes. Called as the format is picked, before the next key."""
        fmt = self.fmt
        if fmt == self._followed:
            return
        self._followed = fmt
        field = self.query_one("#export-path", Input)
        path = Path(field.value.strip())
        if field.value.strip() in self._defaults():
            field.value = str(default_export_path(self.appraisal_path, fmt))
        elif path.suffix.lower().lstrip(".") in {export_suffix(f) for f in self.formats}:
            field.value = str(path.with_suffix(f".{export_suffix(fmt)}"))
        self._show_options()
        self._problem("")

    def _show_options(self) -> None:
        fmt = self.fmt
        self.query_one("#export-anonymize", Checkbox).disabled = self._busy or fmt not in ANONYMIZING
        # always shown, taken for pptx only: a field appearing would be laid out (and so placed in the Tab order)
        # a frame later, after a Tab typed in the same burst had skipped it
        for widget in self.query("#export-template-label, #export-template"):
            widget.disabled = self._busy or fmt != TEMPLATED

    def _fields(self) -> tuple[str, str]:
        return (self.query_one("#export-path", Input).value, self.query_one("#export-template", Input).value)

    @on(Input.Changed, "#export-path, #export-template")
    def _path_changed(self) -> None:
        if self._fields() != self._problem_fields:  # an edit; not a late message of a change made before
            self._problem("")

    def _problem(self, text: str) -> None:
        """Say what is wrong under the fields, scrolled into view (at 80x24 it is below the fold); the focus
        stays where it is."""
        problem = self.query_one("#export-problem", Static)
        problem.update(text)
        problem.display = bool(text)  # no empty line while there is nothing to say
        self._problem_fields = self._fields()
        if text:
            self.call_after_refresh(problem.scroll_visible, animate=False)

    # -- exporting -------------------------------------------------------------------------
    @on(Input.Submitted, "#export-path, #export-template")
    @on(Button.Pressed, "#export-ok")
    def action_export(self) -> None:
        if self._busy:
            return
        try:
            path = self.target_path()
            template = self.template_path()
        except UsageError as exc:
            self._problem(str(exc))
            return
        fmt, anonymize = self.fmt, self.anonymize
        if path.exists():
            def confirmed(replace: bool | None) -> None:
                if replace:
                    self._start(fmt, path, template, anonymize)

            self.app.push_screen(ConfirmDialog(
                "File exists", Text.assemble((str(path), "bold"), " exists.\nReplace it with the new export?"),
                "Replace", keep="Keep it", focus_confirm=False), confirmed)
            return
        self._start(fmt, path, template, anonymize)

    def _start(self, fmt: str, path: Path, template: Path | None, anonymize: bool) -> None:
        self._return_focus = self.focused
        self._set_busy(True)
        self._write(fmt, path, template, anonymize)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.set_class(busy, "-busy")
        for widget in self.query("#export-format, #export-path, #export-template, #export-ok"):
            widget.disabled = busy
        self._show_options()
        if not busy:
            self._refocus()

    def _refocus(self) -> None:
        """The cursor goes back where it was when the write started (a bad template: on in the template, not
        the file), its text not selected (the next key typed would replace it)."""
        back = self._return_focus
        field = back if back is not None and back.is_attached and back.focusable else self.query_one("#export-path")
        if isinstance(field, Input):
            field.select_on_focus = False
            field.focus()  # focus is set by the app later, which then posts the field its Focus: after that
            self.app.call_later(field.call_later, setattr, field, "select_on_focus", True)
        else:
            field.focus()

    @work(thread=True, exclusive=True, group="export")
    def _write(self, fmt: str, path: Path, template: Path | None, anonymize: bool) -> None:
        appraisal = self.appraise.appraisal
        assert appraisal is not None
        warnings: tuple[str, ...] = ()
        try:
            if fmt in DELIVERABLE_FORMATS:  # what the outline asks for and is not recorded comes back too
                written, warnings = write_deliverable(appraisal, fmt, path, template, anonymize)
            else:
                written = appraisal.export(fmt, path, anonymize_projects=anonymize)
        except AppraiseError as exc:
            self.post_message(Refused(exc, title="Export failed"))
        except OSError as exc:  # e.g. no permission to create a file in that folder
            self.post_message(Refused(UsageError(f"{path}: cannot write the export ({exc.strerror or exc})"),
                                      title="Export failed"))
        else:
            self.post_message(self.Written(written, warnings))

    @dataclass
    class Written(Message):
        """The export worker wrote the file at ``path``; ``warnings``: what the deliverable says is not
        recorded."""

        path: Path
        warnings: tuple[str, ...] = ()

    @on(Written)
    def _done(self, message: Written) -> None:
        self._set_busy(False)
        lines = [str(message.path), *(f"not recorded: {w}" for w in message.warnings)]
        self.app.notify("\n".join(lines), title="Export written", severity="warning" if message.warnings
                        else "information", timeout=15 if message.warnings else 8)
        self.dismiss(message.path)

    @on(Refused)
    def _failed(self, message: Refused) -> None:
        """The export worker was refused: the dialog stays open and says why (the app notifies too)."""
        self._set_busy(False)
        self._problem(str(message.error))

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        if not self._busy:
            self.close_unless_typed(None)

    def typed_text(self) -> tuple[str, ...]:
        """The path and the template as typed: a format's default name, or the extension the format sets (when
        a format is picked), is not typing."""
        text = self.query_one("#export-path", Input).value.strip()
        path = Path(text)
        suffixes = {export_suffix(f) for f in self.formats}
        typed = ("" if text in self._defaults() else
                 str(path.with_suffix("")) if path.suffix.lower().lstrip(".") in suffixes else str(path))
        return typed, self.query_one("#export-template", Input).value.strip()
