"""Overview: the appraisal at a glance — scope, progress, the rating in one line, its profile as bars (when the
scheme's view draws one), the area profile."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, VerticalScroll
from textual.widgets import Static

from appraise.services import RatingTree, ScopeFacts, aggregation_line
from appraise.tui.screens.base import AppraisalScreen
from appraise.tui.style import rating_text, value_text
from appraise.tui.widgets.brick_chart import BrickChart
from appraise.tui.widgets.profile_chart import ProfileChart


def _percent(part: int, whole: int) -> str:
    return f"{part} of {whole} ({100 * part // whole if whole else 0} %)"


def _bar(part: int, whole: int, width: int = 20) -> Text:
    filled = round(width * part / whole) if whole else 0
    return Text.assemble(("█" * filled, "green"), ("░" * (width - filled), "dim"))


class OverviewScreen(AppraisalScreen):
    """Organizational unit, model, scope, progress, the rating and the per-area profile."""

    VIEW_TITLE = "Overview"
    BINDINGS = [Binding("s", "correct_scope", "Scope", tooltip="Correct the unit, projects and target")]
    #: ``-wide``: scope and progress side by side (app.tcss), the profile gets the lines saved.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (160, "-wide")]

    def action_correct_scope(self) -> None:
        from appraise.tui.screens.scope import ScopeDialog

        self.app.push_screen(ScopeDialog())

    def body(self) -> ComposeResult:
        with VerticalScroll(id="overview"):
            with Container(id="overview-top"):
                yield Static(id="scope", classes="panel")
                yield Static(id="progress", classes="panel")
            yield Static(id="level", classes="panel")
            yield ProfileChart(id="profile-chart", classes="panel")  # shown when the scheme's view gives a chart
            yield Static(id="profile", classes="panel")
            bricks = BrickChart(id="bricks", classes="panel")
            bricks.display = False  # a scheme whose view draws bricks (``profile``) shows it
            yield bricks

    def refresh_data(self) -> None:
        appraisal = self.appraisal
        info = appraisal.info
        framework = appraisal.framework
        rating = self.rating_tree()
        data = rating.to_dict()  # for the services' counts (progress, aggregation) only: the screen reads the nodes
        continuous = info.representation == "continuous"

        scope = Table.grid(padding=(0, 2))
        scope.add_column(style="bold")
        scope.add_column()
        view = appraisal.view
        scope.add_row("Organizational unit", info.unit)
        scope.add_row("Model", f"{framework.title} {framework.version} ({framework.id})")
        for label, value in view.scope(ScopeFacts(
                info.representation, info.target, info.projects, info.areas, len(appraisal.practices),
                appraisal.values, aggregation_line(data).removeprefix("Aggregation: ") if view.weights else "",
                settings=info.settings)):
            scope.add_row(label, value)
        scope.add_row("Database" if appraisal.on_server else "File", str(info.path))
        self.query_one("#scope", Static).update(scope)

        progress = appraisal.progress(data)
        cells = progress["cells"]
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold")
        table.add_column()
        table.add_column()
        table.add_row(view.words.characterized,
                      _bar(progress["characterized"], cells),
                      _percent(progress["characterized"], cells))
        table.add_row("With an artifact", _bar(progress["cells_with_artifact"], cells),
                      _percent(progress["cells_with_artifact"], cells))
        table.add_row("With an affirmation", _bar(progress["cells_with_affirmation"], cells),
                      _percent(progress["cells_with_affirmation"], cells))
        counts = Table.grid(padding=(0, 2))
        counts.add_column(style="bold", min_width=len("With an affirmation"))  # lines up with the bars
        counts.add_column()
        counts.add_row("Evidence items", f"{progress['artifacts']} artifacts, {progress['affirmations']} "
                       f"affirmations, {progress['links']} links")
        conflicts = len(appraisal.merging.conflicts())
        if conflicts:  # mini-team copies merged with changes the team has still to settle
            counts.add_row("Merge conflicts", Text(f"{conflicts} pending the team's consensus (F10)", style="bold"))
        pending = len(rating.pending)
        if view.findings_counted:
            findings = appraisal.findings.all()
            counts.add_row("Findings", ", ".join(f"{sum(1 for f in findings if f.kind == g)} {g}"
                                                 for g in view.finding_kinds))
        else:
            counts.add_row(view.words.pending_title,
                           Text(str(pending), style="bold yellow" if pending else "green"))
        disagreeing = len(appraisal.assessors.pending())
        if disagreeing:  # cells several assessors rate differently: their consolidated rating waits for the team
            counts.add_row("Assessors disagree", Text(f"{disagreeing} cell{'s' if disagreeing != 1 else ''} pending "
                                                      "a consolidated rating (matrix: ≠, D)", style="bold magenta"))
        self.query_one("#progress", Static).update(Group(table, counts))
        # computed with the rating (AppraiseApp.rating: a view's rating worker), not here
        self.query_one("#profile-chart", ProfileChart).show(self.appraise.profile_chart())
        self.query_one("#bricks", BrickChart).display = view.profile == "bricks"
        self.query_one("#profile", Static).display = view.profile != "bricks"
        if view.profile == "bricks":
            self._show_bricks(rating)
            return
        if view.profile == "capability":
            self._show_capability_profile(rating)
            return
        if view.profile == "clauses":
            self._show_audit_profile(rating)
            return

        self._level_block(rating)
        profile = Table(title=view.words.areas_title, title_justify="left", expand=True, box=None, padding=(0, 1))
        profile.add_column(view.words.area_column, style="bold", no_wrap=True)
        profile.add_column("Title", ratio=1)
        profile.add_column("ML", justify="right")
        profile.add_column("Rating", no_wrap=True)
        if continuous:
            profile.add_column("CL", justify="right")
        profile.add_column("Goals", no_wrap=True)
        for area in rating.areas:
            goals = Text()
            for goal in area.groups:
                goals.append("■", style=_GOAL_STYLE.get(goal.value or "", ""))
            row = [area.id, area.title, str(area.extra.get("maturity_level") or ""), rating_text(area.value)]
            if continuous:
                capability = area.extra.get("capability_level")
                row.append("—" if capability is None else str(capability))
            profile.add_row(*row, goals)
        self.query_one("#profile", Static).update(profile)

    def _level_block(self, rating: RatingTree) -> None:
        """The level line: the rating in one line, its rule, what blocks it."""
        top = rating.level
        level = Text.assemble((rating.headline[0], "bold"), "\n", (top.rule if top is not None else "", "dim"))
        if top is not None and top.blocked_by:
            level.append(f"\nBlocked by: {', '.join(top.blocked_by)}", style="yellow")
        self.query_one("#level", Static).update(level)

    def _show_bricks(self, rating: RatingTree) -> None:
        """Practice areas by domain x levels 1..5: a brick per practice group, the area's rating at the end."""
        self._level_block(rating)
        words = self.appraisal.view.words
        self.query_one("#bricks", BrickChart).show(rating, self.appraisal.framework.domains,
                                                    (words.area.capitalize(), words.rating_column))

    def _show_capability_profile(self, rating: RatingTree) -> None:
        """ISO/IEC 33020: the level line with the maturity, and processes × levels with each attribute's rating."""
        level = Text(rating.headline[0], style="bold")
        facts = rating.root.extra
        if "maturity_rule" in facts:
            level.append(f"\nOrganizational maturity: {facts['maturity_rule']}", style="dim")
            if facts.get("maturity_blocked_by"):
                level.append(f"\nBlocked by: {', '.join(facts['maturity_blocked_by'])}", style="yellow")
        elif facts.get("maturity_note"):
            level.append(f"\n{facts['maturity_note']}", style="dim")
        self.query_one("#level", Static).update(level)

        target = int(facts.get("target") or 0)
        projects = rating.units
        profile = Table(title="Capability profile (aggregated attribute ratings per level; CL per instance)",
                        title_justify="left", expand=True, box=None, padding=(0, 1))
        profile.add_column(self.appraisal.view.words.area_column, style="bold", no_wrap=True)
        profile.add_column("Title", ratio=1)
        profile.add_column("CL", justify="right", no_wrap=True)
        for level_no in range(1, target + 1):
            profile.add_column(f"CL{level_no}", no_wrap=True)
        for code in projects:
            profile.add_column(code, justify="right", no_wrap=True)
        for p in rating.areas:
            cells = []
            for level_no in range(1, target + 1):
                attrs = [a for a in p.groups if a.extra.get("level") == level_no]
                cell = Text()
                for a in attrs:
                    cell.append_text(value_text(a.value, "··"))
                    cell.append(" ")
                cells.append(cell)
            cl = p.extra.get("capability_level")
            row = [p.id, p.title, Text("—" if cl is None else str(cl),
                                       style="bold green" if cl == target else "bold" if cl is not None else "dim"),
                   *cells, *(Text("—" if v is None else v.removeprefix("CL "), style="dim" if v is None else "")
                             for v in p.cells.values())]
            profile.add_row(*row)
        self.query_one("#profile", Static).update(profile)

    def _show_audit_profile(self, rating: RatingTree) -> None:
        """ISO 9001: the recommendation with its rule, and each top clause's clause results."""
        top = rating.level
        assert top is not None  # an audit's tree always holds its recommendation
        style = {"recommended": "bold green", "recommended_subject_to_plans": "bold green",
                 "not_recommended": "bold red"}.get(top.value or "", "bold yellow")
        level = Text.assemble((rating.headline[0], style), "\n", (top.rule, "dim"))
        if top.blocked_by:
            level.append(f"\nBlocked by: {', '.join(top.blocked_by[:20])}"
                         + (" …" if len(top.blocked_by) > 20 else ""), style="yellow")
        for note in top.extra.get("attention") or ():
            level.append(f"\n{note}", style="yellow")
        self.query_one("#level", Static).update(level)
        legend = [part for result, (mark, colour) in _CLAUSE_MARK.items()
                  for part in ((mark, colour), f" {result.replace('_', ' ')}, ")]
        legend[-1] = legend[-1].removesuffix(", ")
        profile = Table(title=Text.assemble("Clauses (", *legend, ")"), title_justify="left",
                        expand=True, box=None, padding=(0, 1))
        profile.add_column(self.appraisal.view.words.area_column, style="bold", no_wrap=True)
        profile.add_column("Title", ratio=1)
        profile.add_column("Results", no_wrap=True)
        results = {c.id: str(c.extra.get("result")) for c in rating.nodes("clause")}
        framework = self.appraisal.framework
        for area_id in self.appraisal.info.areas:
            marks = Text()
            for goal in framework.area(area_id).goals:
                for p in goal.practices:
                    marks.append(*_CLAUSE_MARK.get(results[p.id], _CLAUSE_MARK["not_audited"]))
            profile.add_row(area_id, framework.area(area_id).title, marks)
        self.query_one("#profile", Static).update(profile)


_GOAL_STYLE = {"satisfied": "green", "unsatisfied": "red", "pending": "yellow", "not_rated": "dim",
               "not_applicable": "dim"}
#: A clause's result in the audit profile: its mark and colour (the legend reads this too). A clause declared
#: not applicable (A1.2) is no gap: its own hollow mark, in the colour of "Not applicable" elsewhere.
_CLAUSE_MARK = {"conformity": ("■", "green"), "nonconformity": ("■", "red"), "not_audited": ("■", "dim"),
                "not_applicable": ("□", "blue")}
