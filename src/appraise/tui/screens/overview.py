"""Overview: the appraisal at a glance — scope, progress, the rating in one line, the area profile."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from appraise.services import level_line
from appraise.tui.screens.base import AppraisalScreen
from appraise.tui.style import rating_text


def _percent(part: int, whole: int) -> str:
    return f"{part} of {whole} ({100 * part // whole if whole else 0} %)"


def _bar(part: int, whole: int, width: int = 20) -> Text:
    filled = round(width * part / whole) if whole else 0
    return Text.assemble(("█" * filled, "green"), ("░" * (width - filled), "dim"))


class OverviewScreen(AppraisalScreen):
    """Organizational unit, model, scope, progress, the rating and the per-area profile."""

    VIEW_TITLE = "Overview"

    def body(self) -> ComposeResult:
        with VerticalScroll(id="overview"):
            yield Static(id="scope", classes="panel")
            yield Static(id="progress", classes="panel")
            yield Static(id="level", classes="panel")
            yield Static(id="profile", classes="panel")

    def refresh_data(self) -> None:
        appraisal = self.appraisal
        info = appraisal.info
        framework = appraisal.framework
        rating = self.rating()
        data = rating.to_dict()
        continuous = info.representation == "continuous"

        scope = Table.grid(padding=(0, 2))
        scope.add_column(style="bold")
        scope.add_column()
        scope.add_row("Organizational unit", info.unit)
        scope.add_row("Model", f"{framework.title} {framework.version} ({framework.id})")
        scope.add_row("Representation", f"{info.representation}, target {'CL' if continuous else 'ML'} {info.target}")
        scope.add_row("Projects", ", ".join(info.projects))
        scope.add_row("Process areas", ", ".join(info.areas))
        scope.add_row("File", str(info.path))
        self.query_one("#scope", Static).update(scope)

        progress = appraisal.progress(data)
        cells = progress["cells"]
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold")
        table.add_column()
        table.add_column()
        table.add_row("Characterized", _bar(progress["characterized"], cells), _percent(progress["characterized"], cells))
        table.add_row("With an artifact", _bar(progress["cells_with_artifact"], cells),
                      _percent(progress["cells_with_artifact"], cells))
        table.add_row("With an affirmation", _bar(progress["cells_with_affirmation"], cells),
                      _percent(progress["cells_with_affirmation"], cells))
        counts = Table.grid(padding=(0, 2))
        counts.add_column(style="bold", min_width=len("With an affirmation"))  # lines up with the bars
        counts.add_column()
        counts.add_row("Evidence items", f"{progress['artifacts']} artifacts, {progress['affirmations']} "
                       f"affirmations, {progress['links']} links")
        pending = len(data["pending_decisions"])
        counts.add_row("Pending decisions", Text(str(pending), style="bold yellow" if pending else "green"))
        self.query_one("#progress", Static).update(Group(table, counts))

        level = Text.assemble((level_line(data), "bold"), "\n", (data["level_rule"] or "", "dim"))
        if data["level_blocked_by"]:
            level.append(f"\nBlocked by: {', '.join(data['level_blocked_by'])}", style="yellow")
        self.query_one("#level", Static).update(level)

        profile = Table(title="Process areas", title_justify="left", expand=True, box=None, padding=(0, 1))
        profile.add_column("Area", style="bold", no_wrap=True)
        profile.add_column("Title", ratio=1)
        profile.add_column("ML", justify="right")
        profile.add_column("Rating", no_wrap=True)
        if continuous:
            profile.add_column("CL", justify="right")
        profile.add_column("Goals", no_wrap=True)
        for area in data["process_areas"]:
            goals = Text()
            for goal in area["goals"]:
                goals.append("■", style=_GOAL_STYLE.get(goal["rating"], ""))
            row = [area["id"], area["title"], str(area["maturity_level"] or ""), rating_text(area["rating"])]
            if continuous:
                row.append("—" if area["capability_level"] is None else str(area["capability_level"]))
            profile.add_row(*row, goals)
        self.query_one("#profile", Static).update(profile)


_GOAL_STYLE = {"satisfied": "green", "unsatisfied": "red", "pending": "yellow", "not_rated": "dim",
               "not_applicable": "dim"}
