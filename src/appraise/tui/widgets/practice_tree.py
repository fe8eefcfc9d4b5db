"""The tree of process areas → goals → practices, and the marks its labels carry."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Tree

from appraise.tui.style import RATING_STYLE, value_text

if TYPE_CHECKING:
    from appraise.services import RatingNode

#: One glyph per goal / area rating, so the tree reads without colour too.
RATING_MARK = {"satisfied": "✓", "unsatisfied": "✗", "pending": "?", "not_rated": "·", "not_applicable": "–"}
#: Titles in the tree are cut to this many characters; the detail shows them whole.
SHORT_TITLE = 26


def short_title(title: str) -> str:
    return title if len(title) <= SHORT_TITLE else title[:SHORT_TITLE - 1].rstrip() + "…"


def local_id(node_id: str, area: str) -> str:
    """``REQM SP 1.1`` under REQM reads ``SP 1.1``."""
    return node_id[len(area) + 1:] if node_id.startswith(area + " ") else node_id


def rating_mark(rating: str | None) -> Text:
    """A goal's or area's mark; an ISO/IEC 33020 attribute shows its value, a process its level."""
    if rating is None:
        return Text(RATING_MARK["not_rated"], style=RATING_STYLE["not_rated"])
    if rating in RATING_MARK:
        return Text(RATING_MARK[rating], style=RATING_STYLE.get(rating, ""))
    return value_text(rating) if len(rating) <= 2 else Text(rating.replace("CL ", ""), style="bold")


def practice_mark(practice: RatingNode) -> Text:
    """Three cells: the OU value (``*`` when the team decided it), ``?`` while the team must choose, ``··`` unrated.

    An ISO/IEC 33020 indicator has no aggregate: ``✓`` rated in every instance, ``…`` in some.
    """
    if not practice.aggregated:
        rated = sum(1 for v in practice.cells.values() if v)
        text = Text("✓", style="green") if rated and rated == len(practice.cells) else \
            Text("…", style="yellow") if rated else value_text(None)
    elif practice.value is not None:
        text = value_text(practice.value)
        text.append("*" if practice.decided else "", style="dim")
    elif practice.options:
        text = Text("?", style="bold yellow")
    else:
        text = value_text(None)
    text.pad_right(3 - len(text))
    return text


class PracticeTree(Tree[str]):
    """Areas → goals → practices; each node's data is its id. Left/right collapse and expand.

    On a practice (a leaf), tab or → asks for its evidence (``ToEvidence``): one key to the table.
    """

    HELP_TITLE = "Tree of practices"

    BINDINGS = [
        Binding("right", "expand_or_down", "Expand, or go into it (on a practice: its evidence)", show=False),
        Binding("left", "collapse_or_up", "Collapse, or go to its parent", show=False),
        Binding("tab", "to_evidence", "Its evidence", key_display="tab/→",
                tooltip="Go to the evidence linked to this practice (u unlinks there)"),
    ]

    class ToEvidence(Message):
        """The user wants the evidence of the practice under the cursor."""

    def _on_practice(self) -> bool:
        node = self.cursor_node
        return node is not None and node.data is not None and not node.allow_expand

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "to_evidence":  # elsewhere tab moves the focus as usual
            return self._on_practice()
        return True

    @on(Tree.NodeHighlighted)
    def _moved(self) -> None:
        self.refresh_bindings()

    def action_to_evidence(self) -> None:
        if self._on_practice():
            self.post_message(self.ToEvidence())

    def action_expand_or_down(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if not node.children:
            self.action_to_evidence()
            return
        if node.is_expanded:
            self.move_cursor(node.children[0])
        else:
            node.expand()

    def action_collapse_or_up(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.is_expanded:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent)
