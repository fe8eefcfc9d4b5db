"""Rating: how one node of the rating tree is worded: its line in the roll-up and its Selected panel.

Pure functions of a ``RatingNode`` (no widget, no appraisal): the rating screen puts what they return into
its tree and beside it, by the node's kind; none asks which scheme made the node.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.table import Table
from rich.text import Text

from appraise.services import RatingNode
from appraise.tui.style import ou_text, rating_text, value_text


def level_style(level: RatingNode | None) -> str:
    """Green when the level meets the target, red when below, yellow while undetermined; bold otherwise."""
    if level is None or "target_met" not in level.extra:  # no one colour says a profile or a recommendation
        return "bold"
    met = level.extra["target_met"]
    if met is None:
        return "bold yellow"
    return "bold green" if met else "bold red"


def node_label(node: RatingNode, decided: str, id_width: int, units: Sequence[str] = ()) -> Text:
    """The node's line in the roll-up; ``decided`` marks a team decision that stands, ``id_width`` aligns cells,
    ``units`` (the rating's) puts a practice's values under their units."""
    if node.kind == "area":
        note = node.extra.get("note")
        alert = node.extra.get("alert")
        return Text.assemble((node.id, "bold"), "  ", _value(node), (decided, "dim"), "  ", node.title,
                             (f"  {note}" if note else "", "dim"), (f"  {alert}" if alert else "", "bold yellow"))
    if node.kind == "goal":
        return Text.assemble((node.id, "bold"), "  ", rating_text(node.value), (decided, "dim"), "  ", node.title)
    if node.kind == "attribute":
        values = Text(" ").join(value_text(v) for v in node.cells.values())
        proposal = _mapping(node, "proposal")
        shown = Text.assemble(("  proposal ", "dim"), Text(" ").join(
            value_text(proposal.get(p)) for p in node.cells)) if proposal else Text("")
        return Text.assemble((node.id, "bold"), "  ", values, (" │ ", "dim"), value_text(node.value), shown, "  ",
                             (node.title, "dim"))
    if node.kind == "check":
        return Text.assemble((node.id, "bold"), "  ", _check_state(node), "  ",
                             (", ".join(f"{c} {v}" for c, v in node.cells.items()), "dim"))
    return Text.assemble(node.id.ljust(id_width), "  ", unit_values(node, units), (" │ ", "dim"), ou_text(node),
                         "  ", (node.title, "dim"))


def unit_values(node: RatingNode, units: Sequence[str] = ()) -> Text:
    """A row's values in the order of ``units``; a unit the row has no cell for (outside the area's sample)
    is a dim "—", so the values stay under their units' heading."""
    if not units or all(u in node.cells for u in units):
        return Text(" ").join(value_text(v) for v in node.cells.values())
    return Text(" ").join(value_text(node.cells[u]) if u in node.cells else Text("— ", style="dim") for u in units)


def node_detail(node: RatingNode) -> list[Any]:
    """The Selected panel's parts for ``node``, by its kind (a cell for any kind not named)."""
    return _DETAIL.get(node.kind, _cell_detail)(node)


def level_detail(line: str, rule: str, level: RatingNode | None) -> Text:
    """The Selected panel for the level (the tree's root): the headline, the rule and what blocks it."""
    text = Text.assemble((line, level_style(level)), "\n\n", ("Rule\n", "bold"), rule)
    append_blockers(text, level.blocked_by if level is not None else ())
    return text


def _mapping(node: RatingNode, key: str) -> dict[str, str]:
    value = node.extra.get(key)
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def _word(node: RatingNode, key: str, default: str) -> str:
    value = node.extra.get(key)
    return value if isinstance(value, str) else default


def _value(node: RatingNode) -> Text:
    """An area's value: its rating, or (not rated) what the scheme shows instead (``CL ?``)."""
    if node.value is None and "unrated" in node.extra:
        return Text(_word(node, "unrated", ""), style="dim")
    if node.value is None and node.status == "pending":  # waits for the team, which is not "not rated"
        return rating_text("pending")
    return rating_text(node.value)



def _check_state(node: RatingNode) -> Text:
    if node.status == "justified":
        return Text("justified", style="green")
    return Text("open", style="bold yellow") if node.status == "pending" else Text("warning", style="yellow")


def _rule(node: RatingNode) -> Text:
    rule = Text.assemble(("\nRule\n", "bold"), node.rule)
    append_blockers(rule, node.blocked_by)
    return rule


def _hint(node: RatingNode) -> list[Any]:
    hint = node.extra.get("hint")
    return [Text(f"\n{hint}", style="dim")] if isinstance(hint, str) else []


def _grid(columns: int = 2) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    for _ in range(columns - 1):
        grid.add_column()
    return grid


def _area_detail(node: RatingNode) -> list[Any]:
    """A process area, a process, a top clause: its value, rule, what holds it back, its per-unit values."""
    value = Text(_word(node, "value_long", ""), style="bold") if "value_long" in node.extra else rating_text(node.value)
    head = Text.assemble((node.id, "bold"), "  ", node.title, "\n", value)
    if "value_note" in node.extra:
        head.append(f"   {node.extra['value_note']}", style="dim")
    rule = _rule(node)
    also = node.extra.get("also_rule")
    if isinstance(also, str):  # continuous: what holds the capability level back
        rule.append("\n\n" + also)
        also_blocked = node.extra.get("also_blocked_by")
        append_blockers(rule, also_blocked if isinstance(also_blocked, tuple) else ())
    parts: list[Any] = [head, rule]
    if node.cells:
        empty = _word(node, "empty", "not rated")
        cells = _grid()
        for code, value_ in node.cells.items():
            cells.add_row(code, Text(empty if value_ is None else value_, style="dim" if value_ is None else ""))
        parts += [Text("\n" + _word(node, "cells_title", ""), style="bold"), cells]
    return parts + _hint(node)


def _goal_detail(node: RatingNode) -> list[Any]:
    return [Text.assemble((node.id, "bold"), "  ", node.title, "\n", rating_text(node.value)), _rule(node),
            *_hint(node)]


def _attribute_detail(node: RatingNode) -> list[Any]:
    """A process attribute: its ratings per instance with the proposals, the aggregate and its rule."""
    parts: list[Any] = [Text.assemble((node.id, "bold"), "  ", node.title, f"  (CL {node.extra.get('level')})")]
    proposal = _mapping(node, "proposal")
    empty = _word(node, "empty", "not rated")
    values = _grid(3)
    for code, value in node.cells.items():
        shown = proposal.get(code)
        values.add_row(code, value_text(value, empty),
                       Text.assemble(("proposal ", "dim"), value_text(shown, "—")) if shown else "")
    values.add_row(_word(node, "aggregate_word", "Aggregate"), value_text(node.value, empty), "")
    parts += [Text(""), values, Text.assemble(("\nRule\n", "bold"), node.rule)]
    for code, rule in _mapping(node, "proposal_rule").items():
        parts.append(Text(f"{code}: {rule}", style="dim"))
    append_blockers(parts[-1], node.blocked_by)
    return parts


def _check_detail(node: RatingNode) -> list[Any]:
    """A consistency check that fired: its state, rule and the ratings involved."""
    state = "justified" if node.status == "justified" else "open: needs a justification (d)" \
        if node.status == "pending" else "warning: review the ratings (no justification needed)"
    cells = _grid()
    for cell, value in node.cells.items():
        cells.add_row(cell, value_text(value))
    return [Text.assemble((node.id, "bold"), "\n", (state, "green" if node.status == "justified" else "bold yellow")),
            Text.assemble(("\nRule\n", "bold"), node.rule), Text(""), cells, *_hint(node)]


def _cell_detail(node: RatingNode) -> list[Any]:
    """A practice, indicator or clause: its value in every unit, its aggregate, its rule."""
    empty = _word(node, "empty", "not characterized")
    values = _grid()
    for code, value in node.cells.items():
        values.add_row(code, value_text(value, empty))
    if node.extra.get("aggregated") is not False:
        values.add_row(_word(node, "aggregate_word", "OU"), ou_text(node))
    rule = Text.assemble(("\nRule\n", "bold"), node.rule)
    if node.options and not node.decided:
        rule.append(f"\nPending: the team chooses {' or '.join(node.options)} (d: decide)", style="bold yellow")
    return [Text.assemble((node.id, "bold"), "  ", node.title), Text(""), values, rule]


_DETAIL = {"area": _area_detail, "goal": _goal_detail, "attribute": _attribute_detail, "check": _check_detail}


def append_blockers(text: Text, blocked_by: tuple[str, ...] | list[str]) -> None:
    if blocked_by:
        text.append("\nBlocked by\n", style="bold yellow")
        text.append(", ".join(blocked_by))
