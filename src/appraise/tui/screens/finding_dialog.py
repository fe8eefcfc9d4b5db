"""The finding dialog: write or change one strength, weakness or (in an audit) nonconformity."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.widgets import Button, Footer, Label, Select, Static, TextArea

from appraise.errors import AppraiseError
from appraise.tui.screens.confirm import TypedTextDialog

if TYPE_CHECKING:
    from appraise.services import Finding
    from appraise.tui.app import AppraiseApp


#: The site choice of an audit finding raised for the whole organization (every site).
ALL_SITES = "*"
KIND_LABEL = {"strength": "Strength", "weakness": "Weakness", "major": "Major NC", "minor": "Minor NC",
              "observation": "Observation", "ofi": "OFI"}
KIND_STYLE = {"strength": "bold green", "weakness": "bold red", "major": "bold red", "minor": "yellow",
              "observation": "cyan", "ofi": "green"}
NO_ATTRIBUTION = ("Write what the team observed, without attribution: never a person's name or anything "
                  "that points to one. Findings go into the appraisal report.")


def kind_counts(findings: list[Finding], kinds: tuple[str, ...], skip_zero: bool = False) -> str:
    """``2 strengths, 1 weakness`` / ``1 major, 2 minor``: the findings counted by kind."""
    plural = {"strength": "strengths", "weakness": "weaknesses", "observation": "observations", "ofi": "OFIs"}
    parts = []
    for kind in kinds:
        n = sum(1 for f in findings if f.kind == kind)
        if n or not skip_zero:
            parts.append(f"{n} {kind if n == 1 else plural.get(kind, kind)}")
    return ", ".join(parts)


def kind_text(kind: str) -> Text:
    return Text(KIND_LABEL.get(kind, kind), style=KIND_STYLE.get(kind, ""))


def one_line(text: str, width: int) -> str:
    """``text`` on one line, cut to ``width`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: max(width - 1, 0)].rstrip() + "…"


def short_practice(practice: str, area: str) -> str:
    """``REQM SP 1.4`` shown under REQM as ``SP 1.4``."""
    return practice[len(area) + 1:] if practice.startswith(area + " ") else practice


@dataclass(frozen=True)
class FindingDraft:
    """What the finding dialog edits; ``finding_id`` None for a new finding."""

    kind: str
    area: str
    practice: str | None = None
    text: str = ""
    finding_id: int | None = None
    #: An audit finding's site (None: the whole organization) and the evidence item it cites.
    site: str | None = None
    evidence_id: int | None = None


class FindingDialog(TypedTextDialog[int | None]):
    """Write or change one finding. ``save`` (the view's) writes it; a refusal keeps the dialog open."""

    CSS_PATH = "finding_dialog.tcss"

    #: ``-short`` (24 lines): the compact form above; ``-narrow`` (80 columns): the whole width.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (34, "-tall")]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-normal")]

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save", priority=True),
    ]

    def __init__(self, areas: list[tuple[str, str]], practices: dict[str, list[tuple[str, str]]],
                 draft: FindingDraft, save: Callable[[FindingDraft], int],
                 kinds: tuple[str, ...] = ("strength", "weakness"),
                 words: tuple[str, str] = ("Process area", "Practice"), kind_word: str = "Kind",
                 sites: tuple[str, ...] | None = None, evidence: list[tuple[int, str]] | None = None) -> None:
        """``sites`` (an audit): the sites a finding can be raised in; ``evidence``: the items it may cite."""
        super().__init__(classes="dialog-screen" + (" -audit" if sites is not None else ""))
        self._kinds = kinds
        self._words = words
        self._kind_word = kind_word
        self._sites = sites
        self._evidence = evidence or []
        self._areas = areas
        self._practices = practices
        self._draft = draft
        self._save = save
        self._options_area: str | None = None

    def compose(self) -> ComposeResult:
        draft = self._draft
        with VerticalScroll(classes="dialog", id="finding-dialog", can_focus=False) as dialog:
            dialog.border_title = "New finding" if draft.finding_id is None else f"Finding #{draft.finding_id}"
            yield Static(NO_ATTRIBUTION, id="finding-hint", classes="hint")
            with Grid(id="finding-form"):
                yield Label(self._kind_word)
                yield Select([(KIND_LABEL.get(k, k), k) for k in self._kinds],
                             value=draft.kind if draft.kind in self._kinds else self._kinds[-1], allow_blank=False,
                             id="finding-kind")
                yield Label(self._words[0])
                yield Select([(f"{a}  {title}", a) for a, title in self._areas], value=draft.area,
                             allow_blank=False, id="finding-area")
                yield Label(self._words[1])
                yield Select(self._practice_options(draft.area), value=draft.practice or Select.NULL,
                             prompt=f"None: the whole {self._words[0].lower()}", id="finding-practice")
                if self._sites is not None:  # kept as raised when a finding is changed
                    yield Label("Site")
                    yield Select([("All sites (the whole organization)", ALL_SITES)] + [(s, s) for s in self._sites],
                                 value=draft.site or ALL_SITES, allow_blank=False, id="finding-site",
                                 disabled=draft.finding_id is not None)
                    yield Label("Evidence")
                    yield Select([(one_line(f"#{i}  {title}", 70), i) for i, title in self._evidence],
                                 value=draft.evidence_id if draft.evidence_id is not None else Select.NULL,
                                 prompt="None cited", id="finding-evidence", disabled=draft.finding_id is not None)
                yield Label("Finding")
                yield TextArea(draft.text, soft_wrap=True, show_line_numbers=False, tab_behavior="focus",
                               id="finding-text")
            yield Static(id="finding-error", classes="error-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="finding-cancel")
                yield Button("Save (ctrl+s)", variant="primary", id="finding-save")
        yield Footer()

    def _practice_options(self, area: str) -> list[tuple[str, str]]:
        self._options_area = area
        return [(f"{short_practice(p, area)}  {title}", p) for p, title in self._practices.get(area, [])]

    def on_mount(self) -> None:
        if self._draft.finding_id is None:
            self.query_one("#finding-kind", Select).focus()
        else:
            text = self.query_one("#finding-text", TextArea)
            text.focus()
            text.move_cursor(text.document.end)

    @on(Select.Changed, "#finding-area")
    def _area_changed(self, event: Select.Changed) -> None:
        area = event.value
        if isinstance(area, str) and area != self._options_area:
            self.query_one("#finding-practice", Select).set_options(self._practice_options(area))

    def _current(self) -> FindingDraft:
        kind = self.query_one("#finding-kind", Select).selection
        area = self.query_one("#finding-area", Select).selection
        practice = self.query_one("#finding-practice", Select).selection
        draft = replace(self._draft, kind=str(kind or self._draft.kind), area=str(area or self._draft.area),
                        practice=str(practice) if practice else None,
                        text=self.query_one("#finding-text", TextArea).text)
        if self._sites is not None:
            site = self.query_one("#finding-site", Select).selection
            evidence = self.query_one("#finding-evidence", Select).selection
            draft = replace(draft, site=None if site in (None, ALL_SITES) else str(site),
                            evidence_id=evidence if isinstance(evidence, int) else None)
        return draft

    def action_save(self) -> None:
        draft = self._current()
        try:
            finding_id = self._save(draft)
        except AppraiseError as exc:
            self.query_one("#finding-error", Static).update(str(exc))
            cast("AppraiseApp", self.app).fail(exc, title="Finding not saved")
            if not draft.text.strip():
                self.query_one("#finding-text", TextArea).focus()
            return
        self.dismiss(finding_id)

    def action_cancel(self) -> None:
        self.close_unless_typed(None)  # asks first if the finding's text was changed

    @on(Button.Pressed, "#finding-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#finding-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
