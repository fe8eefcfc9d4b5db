"""Findings: the strengths and weaknesses of each process area, each about one practice or the whole area.

One row per process area in scope (with its rating, so a weakness is read next
to it), its findings below it. ``n`` writes a new finding for the area under the
cursor, ``e`` or Enter changes the selected one, ``delete`` removes it after a
confirmation. Findings go into the appraisal report: they are written without
attribution, never with a person's name.

In an audit the rows are clauses with their result, a finding has a grade, a
site (or the whole organization) and optionally the evidence item it cites;
``p`` records a nonconformity's accepted plan (A7, majors too), ``v`` its
verified closure (A6), ``b`` sets either back with the reason asked for (A7).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.widgets import DataTable, Static
from textual.widgets.data_table import RowDoesNotExist

from appraise.errors import AppraiseError
from appraise.tui.messages import AppraisalChanged, Refused
from appraise.tui.screens.base import AppraisalScreen
from appraise.tui.screens.confirm import ConfirmDialog
from appraise.tui.screens.finding_dialog import (
    KIND_LABEL,
    KIND_STYLE,
    FindingDialog,
    FindingDraft,
    kind_counts,
    kind_text,
    one_line,
    short_practice,
)
from appraise.tui.screens.finding_status import SetBackDialog
from appraise.tui.style import ou_text, rating_text

if TYPE_CHECKING:
    from appraise.services import Finding, RatingNode

AREA_ROW = "area:"
FINDING_ROW = "finding:"

__all__ = ["FINDING_ROW", "KIND_LABEL", "FindingDialog", "FindingsScreen"]


class FindingsScreen(AppraisalScreen):
    """Strengths and weaknesses grouped by process area, next to the area's rating."""

    VIEW_TITLE = "Findings"
    SHOWS_RATING = True
    CSS_PATH = "findings.tcss"
    BINDINGS = [
        Binding("n", "new_finding", "New finding", tooltip="A finding on the area (clause) under the cursor"),
        Binding("e", "edit_finding", "Edit"),
        Binding("delete", "delete_finding", "Delete", key_display="del"),
        Binding("p", "finding_status('plan_accepted')", "Plan accepted",
                tooltip="Audit: the nonconformity's plan of corrections is accepted (A7); a major still waits "
                        "for verification"),
        Binding("v", "finding_status('verified_closed')", "Verified closed",
                tooltip="Audit: the nonconformity's corrections are verified effective (A6)"),
        Binding("b", "set_back", "Set back",
                tooltip="Audit: a plan accepted or a closure recorded by mistake goes back to open, with the "
                        "reason (A7)"),
    ]

    #: The widest the columns before the finding's text grow (Area, Rating, Kind, Practice): each is as wide as
    #: what it shows, so the finding's text keeps the rest of the width (at 80 columns too).
    FIXED = (8, 20, 12, 16)
    #: The finding's text never gets fewer columns than this.
    MIN_TEXT = 20

    def __init__(self) -> None:
        super().__init__()
        self._findings: dict[int, Finding] = {}
        self._areas: dict[str, RatingNode] = {}
        self._ou: dict[str, RatingNode] = {}
        self._select_key: str | None = None
        self._last_kind = "weakness"

    def body(self) -> ComposeResult:
        yield Static(id="findings-summary", classes="status-line")
        yield DataTable(cursor_type="row", zebra_stripes=False, id="findings")
        yield Static(id="finding-detail", classes="panel")

    @property
    def table(self) -> DataTable[Any]:
        return self.query_one("#findings", DataTable)

    # -- data ------------------------------------------------------------------------------
    def refresh_data(self) -> None:
        rating = self.rating_tree()
        self._areas = {a.id: a for a in rating.areas}
        self._ou = rating.rows()
        self._findings = {f.id: f for f in self.appraisal.findings.all()}
        self._rebuild()

    def _area_order(self) -> list[str]:
        areas = list(self.appraisal.info.areas)
        # a finding of an area no longer in scope is still shown (at the end), never hidden
        areas += sorted({f.area for f in self._findings.values()} - set(areas))
        return areas

    def _text_width(self, fixed: tuple[int, ...]) -> int:
        """The width left to the finding's text once the columns before it have theirs (at least ``MIN_TEXT``)."""
        width = self.table.size.width or self.app.size.width
        return max(self.MIN_TEXT, width - sum(fixed) - 2 * (len(fixed) + 1) - 2)  # cell padding, scrollbar

    def _rebuild(self) -> None:
        table = self.table
        keep = self._select_key or self._cursor_key()
        self._select_key = None
        row_before = table.cursor_row
        table.clear(columns=True)
        words = self.appraisal.view.words
        framework = self.appraisal.framework
        by_area: dict[str, list[Finding]] = {}
        for f in sorted(self._findings.values(), key=lambda f: (f.kind, f.id)):
            by_area.setdefault(f.area, []).append(f)
        areas = self._area_order()
        ratings = {area_id: self._area_rating(area_id) for area_id in areas}
        practices = {f.id: Text("—", style="dim") if f.practice is None else Text.assemble(
            short_practice(f.practice, f.area), " ", ou_text(self._ou.get(f.practice)))
            for f in self._findings.values()}
        # each column as wide as what it shows (up to FIXED): the finding's text keeps the rest of the width
        shown = (
            [Text(a) for a in areas],
            list(ratings.values()),
            [Text(KIND_LABEL.get(k, k)) for k in self.appraisal.view.finding_kinds],
            list(practices.values()),
        )
        labels = (words.area_column, words.rating_column, words.kind_column, words.practice_column)
        fixed = tuple(min(most, max([len(label)] + [t.cell_len for t in cells]))
                      for label, cells, most in zip(labels, shown, self.FIXED, strict=True))
        for label, key, width in zip(labels, ("area", "rating", "kind", "practice"), fixed, strict=True):
            table.add_column(label, width=width, key=key)
        text_width = self._text_width(fixed)
        table.add_column("Finding", width=text_width, key="text")
        for area_id in areas:
            findings = by_area.get(area_id, [])
            table.add_row(Text(area_id, style="bold"), ratings[area_id], "", "",
                          self._area_summary(framework.area(area_id).title, findings, text_width),
                          key=AREA_ROW + area_id)
            for f in findings:
                table.add_row("", "", kind_text(f.kind), practices[f.id], self._finding_line(f, text_width),
                              key=FINDING_ROW + str(f.id))
        self._restore_cursor(keep, row_before)
        self.query_one("#findings-summary", Static).update(Text.assemble(
            (kind_counts(list(self._findings.values()), self.appraisal.view.finding_kinds) or "no findings", "bold"),
            f" in {len(self.appraisal.info.areas)} {words.areas}.  ",
            ("Written without attribution: never a person's name.", "dim")))
        self._show_detail()

    @staticmethod
    def _finding_line(finding: Finding, width: int) -> Text | str:
        """The finding's row text in ``width`` columns; an audit finding's site and status first (at most half)."""
        if not (finding.site or finding.status):
            return one_line(finding.text, width)
        extra = " · ".join(x for x in (finding.site, finding.status.replace("_", " ")) if x)
        where = one_line(f"[{extra}]", max(width // 2, 8))
        return Text.assemble((where + " ", "bold yellow" if finding.status == "open" else "dim"),
                             one_line(finding.text, max(width - len(where) - 1, 1)))

    def _area_rating(self, area_id: str) -> Text:
        area = self._areas.get(area_id)
        if area is None:
            return Text("not in scope", style="dim")
        text = rating_text(area.value)
        if self.appraisal.info.representation == "continuous" and self.appraisal.view.area_capability_levels:
            level = area.extra.get("capability_level")
            text.append(f" CL{level if level is not None else '—'}", style="dim")
        return text

    def _area_summary(self, title: str, findings: list[Finding], width: int) -> Text:
        """The area's title and its findings counted, in ``width`` columns (the counts first to go short)."""
        counts = kind_counts(findings, self.appraisal.view.finding_kinds, skip_zero=True) or "no findings yet"
        room = width - len(counts) - 2
        if room < 8:  # a narrow column: the title, then what is left of the counts
            title = one_line(title, max(width // 2, 8))
            return Text.assemble((title, "bold"), "  ", (one_line(counts, max(width - len(title) - 2, 1)), "dim"))
        return Text.assemble((one_line(title, room), "bold"), "  ", (counts, "dim"))

    # -- the cursor -------------------------------------------------------------------------
    def _cursor_key(self) -> str | None:
        table = self.table
        if not table.row_count:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return row_key.value

    def _restore_cursor(self, key: str | None, row_before: int) -> None:
        table = self.table
        if not table.row_count:
            return
        try:
            row = table.get_row_index(key) if key is not None else row_before
        except RowDoesNotExist:  # the row is gone (deleted): stay where the cursor was
            row = row_before
        table.move_cursor(row=min(max(row, 0), table.row_count - 1), animate=False)

    def selected_finding(self) -> Finding | None:
        key = self._cursor_key()
        if key is None or not key.startswith(FINDING_ROW):
            return None
        return self._findings.get(int(key[len(FINDING_ROW):]))

    def selected_area(self) -> str | None:
        key = self._cursor_key()
        if key is None:
            return None
        if key.startswith(AREA_ROW):
            return key[len(AREA_ROW):]
        finding = self.selected_finding()
        return finding.area if finding is not None else None

    def select_finding(self, finding_id: int) -> None:
        self._restore_cursor(FINDING_ROW + str(finding_id), self.table.cursor_row)

    def _show_detail(self) -> None:
        panel = self.query_one("#finding-detail", Static)
        finding = self.selected_finding()
        area_id = self.selected_area()
        if area_id is None:
            panel.update("")
            return
        framework = self.appraisal.framework
        words = self.appraisal.view.words
        area = self._areas.get(area_id)
        rating = rating_text(area.value) if area is not None else Text("not in scope", style="dim")
        if finding is None:
            blocked = f"\nBlocked by: {', '.join(area.blocked_by)}" if area is not None and area.blocked_by else ""
            panel.update(Text.assemble((f"{area_id} ", "bold"), framework.area(area_id).title, " — ", rating,
                                       (blocked, "yellow"),
                                       (f"\nn writes a finding ({', '.join(self.appraisal.view.finding_kinds)}) of this "
                                        f"{words.area_title.lower()}.", "dim")))
            return
        about = Text.assemble((f"{area_id} ", "bold"), "(", rating, ")")
        if finding.practice is not None:
            result = self._ou.get(finding.practice)
            about = Text.assemble((f"{finding.practice} ", "bold"), framework.practice(finding.practice).title,
                                  f" — {words.value} ", ou_text(result) if result is not None else
                                  Text("··", style="dim"), f", {words.area_title.lower()} ", rating)
        where = [x for x in (f"in {finding.site}" if finding.site else "",
                             finding.status.replace("_", " "),
                             f"evidence #{finding.evidence_id}" if finding.evidence_id is not None else "") if x]
        panel.update(Text.assemble(kind_text(finding.kind), f" #{finding.id}  ", about,
                                   (f"\n{' · '.join(where)}", "bold yellow") if where else "", "\n", finding.text))

    @on(DataTable.RowHighlighted, "#findings")
    def _highlighted(self) -> None:
        self._show_detail()
        self.refresh_bindings()

    @on(DataTable.RowSelected, "#findings")
    def _row_selected(self) -> None:
        if self.selected_finding() is not None:
            self.action_edit_finding()
        else:
            self.action_new_finding()

    def on_resize(self) -> None:
        if self._findings or self.table.row_count:
            self.call_after_refresh(self._rebuild)  # the text column takes the width left over

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("finding_status", "set_back"):  # audits track a nonconformity's plan and closure
            return self.appraise.appraisal is not None and self.appraisal.view.nonconformities
        if action in ("edit_finding", "delete_finding"):
            try:
                on_finding = self.selected_finding() is not None
            except NoMatches:  # not composed yet
                return True
            return True if on_finding else None  # dimmed while the cursor is on an area
        return True

    # -- changing findings --------------------------------------------------------------------
    def _dialog(self, draft: FindingDraft) -> FindingDialog:
        framework = self.appraisal.framework
        areas = [(a, framework.area(a).title) for a in self.appraisal.info.areas]
        practices: dict[str, list[tuple[str, str]]] = {}
        for p in self.appraisal.practices:
            model = framework.practice(p)
            practices.setdefault(model.area, []).append((p, model.title))
        words = self.appraisal.view.words
        sites = evidence = None
        if self.appraisal.view.nonconformities:  # raised in a site (or everywhere), may cite evidence
            sites = tuple(self.appraisal.info.projects)
            evidence = [(e.id, e.title) for e in self.appraisal.evidence.items()]
        return FindingDialog(areas, practices, draft, self._save, self.appraisal.view.finding_kinds,
                             (words.area_title, words.practice_column), words.kind_column, sites, evidence)

    def _save(self, draft: FindingDraft) -> int:
        """Write the dialog's finding (raises ``AppraiseError`` for the dialog to show)."""
        finding_id = self.appraisal.findings.save(draft.kind, draft.area, draft.text, practice=draft.practice,
                                                 finding_id=draft.finding_id, site=draft.site,
                                                 evidence_id=draft.evidence_id)
        self._last_kind = draft.kind
        self._select_key = FINDING_ROW + str(finding_id)
        self.post_message(AppraisalChanged())
        return finding_id

    def action_new_finding(self) -> None:
        area = self.selected_area()
        areas = self.appraisal.info.areas
        if area not in areas:
            area = areas[0] if areas else None
        if area is None:
            self.app.bell()
            return
        self.app.push_screen(self._dialog(FindingDraft(self._last_kind, area)))

    def action_edit_finding(self) -> None:
        finding = self.selected_finding()
        if finding is None:
            self.app.bell()
            return
        if finding.area not in self.appraisal.info.areas:
            self.notify(f"{finding.area} is no longer in this appraisal's scope: this finding can only be "
                        "deleted.", title="Not editable", severity="warning")
            return
        self.app.push_screen(self._dialog(FindingDraft(finding.kind, finding.area, finding.practice,
                                                       finding.text, finding.id, finding.site or None,
                                                       finding.evidence_id)))

    def action_finding_status(self, status: str) -> None:
        finding = self.selected_finding()
        if finding is None:
            self.app.bell()
            return
        try:
            self.appraisal.findings.update_status(finding.id, status)
        except AppraiseError as exc:
            self.post_message(Refused(exc))
            return
        self._select_key = FINDING_ROW + str(finding.id)
        self.post_message(AppraisalChanged())

    def action_set_back(self) -> None:
        """A plan accepted or a closure recorded by mistake: back to open, with the reason asked for (A7)."""
        finding = self.selected_finding()
        if finding is None:
            self.app.bell()
            return
        try:
            how = self.appraisal.findings.set_back_option(finding.id)
        except AppraiseError as exc:
            self.post_message(Refused(exc, title="Nothing to set back"))
            return
        about = Text.assemble(kind_text(finding.kind), f" #{finding.id} on {finding.practice or finding.area}",
                              f" in {finding.site}" if finding.site else "", " — ",
                              (finding.status.replace("_", " "), "bold"), "\n", (one_line(finding.text, 200), "italic"))

        def save(why: str) -> None:
            self.appraisal.findings.set_back(finding.id, how, why)

        def done(saved: bool | None) -> None:
            if saved:
                self._select_key = FINDING_ROW + str(finding.id)
                self.notify(f"Finding #{finding.id} is open again; the reason is in the change log.",
                            title="Set back")
                self.post_message(AppraisalChanged())

        self.app.push_screen(SetBackDialog(finding.id, how, about, save), done)

    def action_delete_finding(self) -> None:
        finding = self.selected_finding()
        if finding is None:
            self.app.bell()
            return
        about = finding.practice or finding.area
        question = Text.assemble("Delete this ", (finding.kind, KIND_STYLE.get(finding.kind, "")), f" of {about}?\n\n",
                                 (one_line(finding.text, 300), "italic"))

        def answered(delete: bool | None) -> None:
            if not delete:
                return
            try:
                self.appraisal.findings.delete(finding.id)
            except AppraiseError as exc:
                self.post_message(Refused(exc, title="Finding not deleted"))
                return
            self.notify(f"{KIND_LABEL.get(finding.kind, finding.kind)} of {about} deleted.", title="Deleted")
            self.post_message(AppraisalChanged())

        self.app.push_screen(ConfirmDialog("Delete finding", question, "Delete", keep="Keep it"), answered)
