"""Rating: the decisions table below the roll-up: its rows (pending, then stale, then those that stand) and its
columns fitted to the width, so it never scrolls sideways.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.widgets import DataTable

from appraise.services import DecisionRecord, PendingDecision
from appraise.tui.screens.decision import decision_word, when_text

#: The decisions table's columns (key, header); the rationale takes the width the others leave.
DECISION_COLUMNS = (("status", "Status"), ("target", "Target"), ("value", "Decision"), ("by", "By"),
                    ("when", "When"), ("why", "Rationale"))
#: The rationale column is never narrower than this: rather, the columns below make way (the Selected panel
#: says who decided and when).
MIN_WHY_WIDTH = 20
#: The columns left out, in this order, while the rationale would get fewer than MIN_WHY_WIDTH (80 columns).
OPTIONAL_COLUMNS = ("when", "by")

#: One row of the table: its target (the row key) and its cells, one per column of DECISION_COLUMNS.
DecisionRow = tuple[str, list[Text]]


def decision_rows(pending: Mapping[str, PendingDecision], stale: Mapping[str, PendingDecision],
                  latest: Mapping[str, DecisionRecord], scale: dict[str, str]) -> list[DecisionRow]:
    """The rows: the decisions the team owes, then the stale ones, then those that stand (worded as the
    decision dialog words their values)."""

    def word(value: object) -> str:  # as the decision dialog words it
        return decision_word(str(value), scale)

    rows: list[DecisionRow] = []
    for target, d in pending.items():
        rows.append((target, [Text("pending", style="bold yellow"), Text(target, style="bold"),
                              Text(" or ".join(word(o) for o in d.options) + "?", style="yellow"), Text(""),
                              Text(""), Text(d.ask or "the team must choose", style="dim")]))
    for target, d in stale.items():
        if target in pending:
            continue
        record = latest.get(target)
        rows.append((target, [Text("stale", style="bold red"), Text(target, style="bold"),
                              Text(word(d.value)), Text(record.decided_by if record else ""),
                              Text(when_text(record.decided_at) if record else ""),
                              Text(d.why, style="red")]))
    for target, record in latest.items():
        if target in pending or target in stale:
            continue
        rows.append((target, [Text("decided", style="green"), Text(target, style="bold"), Text(word(record.value)),
                              Text(record.decided_by), Text(when_text(record.decided_at)),
                              Text(_first_line(record.rationale))]))
    return rows


def show_decision_rows(table: DataTable[Text], rows: list[DecisionRow], available: int) -> None:
    """Put ``rows`` in ``table``, its columns fitted to ``available`` cells of width."""
    # the rationale gets what the other columns leave of the width, and ends in … if longer (the Selected
    # panel shows it whole); where that is too little, who and when make way: no sideways scrolling
    padding = 2 * table.cell_padding
    widths = {key: max([len(header)] + [cells[i].cell_len for _t, cells in rows])
              for i, (key, header) in enumerate(DECISION_COLUMNS[:-1])}
    shown = [key for key, _header in DECISION_COLUMNS[:-1]]
    for optional in OPTIONAL_COLUMNS:
        if available - sum(widths[k] + padding for k in shown) - padding >= MIN_WHY_WIDTH:
            break
        shown.remove(optional)
    why_width = max(MIN_WHY_WIDTH, available - sum(widths[k] + padding for k in shown) - padding)
    widths["why"] = why_width
    shown.append("why")
    table.clear(columns=True)
    for key, header in DECISION_COLUMNS:
        if key in shown:
            table.add_column(header, key=key, width=widths[key])
    for target, cells in rows:
        cells[-1].overflow, cells[-1].no_wrap = "ellipsis", True
        table.add_row(*(cell for (key, _h), cell in zip(DECISION_COLUMNS, cells, strict=True) if key in shown),
                      key=target)


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""
