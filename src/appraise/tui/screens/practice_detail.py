"""The parts of the practices view's detail pane: the OU line, the findings, the pane that scrolls."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll

from appraise.services import Finding, RatingNode
from appraise.tui.style import value_text


def ou_line(practice: RatingNode) -> Text:
    """The OU characterization in words, for the detail pane."""
    if not practice.aggregated:  # an ISO/IEC 33020 indicator: rated per instance only
        return Text("An indicator: rated per instance; the assessor rates its process attribute.", style="dim")
    text = Text.assemble(("Organizational unit: ", "bold"))
    if practice.value is not None:
        text.append_text(value_text(practice.value))
        if practice.decided:
            text.append("  (team decision)", style="dim")
    elif practice.options:
        text.append(f"the team must choose: {' or '.join(practice.options)}", style="bold yellow")
    else:
        text.append("not rated yet", style="dim")
    return text


def finding_lines(findings: list[Finding], empty: str) -> Text:
    text = Text("Strengths and weaknesses\n", style="bold")
    if not findings:
        text.append(empty, style="dim")
        return text
    for i, finding in enumerate(findings):
        if i:
            text.append("\n")
        style = "green" if finding.kind == "strength" else "red"
        text.append(f"{finding.kind.capitalize()}", style=f"bold {style}")
        text.append(f" ({finding.practice or finding.area + ', whole area'}): ", style="dim")
        text.append(finding.text)
    return text


class DetailPane(VerticalScroll):
    """The selected node in full. Focusable (↑↓ PgUp PgDn scroll it) only while it does not fit,
    so tab never stops on it for nothing."""

    def allow_focus(self) -> bool:
        return self.max_scroll_y > 0
