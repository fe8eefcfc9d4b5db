"""What every scheme's report shares: labels, safe CSV cells, the aggregation line.

Plain text from plain data (the rating's JSON document and the summary around it); no I/O.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any, Protocol


class Recorded(Protocol):
    """A team decision as a report lists it."""

    kind: str
    target: str
    value: str
    rationale: str


class Heading(Protocol):
    """What a report says of the appraisal above the rating."""

    unit: str
    representation: str
    target: int
    projects: Sequence[str]


#: How a rating reads in a report for people (the data keep the ids).
RATING_LABELS = {"satisfied": "Satisfied", "unsatisfied": "Unsatisfied", "pending": "Pending decision",
                 "not_rated": "Not rated", "not_applicable": "Not applicable"}


def label(rating: str) -> str:
    return RATING_LABELS.get(rating, rating)


def standing_decision_lines(decisions: Sequence[Recorded], stale: Sequence[Mapping[str, Any]]) -> list[str]:
    """The team decisions that still stand (the last per kind and target, leaving out the ``stale`` ones), as
    the terminal's "Team decisions:" block, each rationale cut to one line; [] when none stands."""
    gone = {(d["kind"], d["target"]) for d in stale}
    standing = {(d.kind, d.target): d for d in decisions}
    lines = [f"  {d.target}: {d.value} — "
             + (d.rationale if len(d.rationale) <= 70 else d.rationale[:67].rstrip() + "...")
             for key, d in standing.items() if key not in gone]
    return ["", "Team decisions:", *lines] if lines else []


#: A spreadsheet runs a cell starting with one of these as a formula (OWASP, "CSV Injection"): ``=``, ``+``,
#: ``-``, ``@`` and, in some, a tab or a carriage return. The one rule every export (CSV, the evidence index, the
#: workbook) keeps.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_like(text: str) -> bool:
    """``text`` would start a formula in a spreadsheet (after any leading quotes a neutralized cell carries)."""
    return text.lstrip("'").startswith(FORMULA_STARTS)


def neutralize(text: str) -> str:
    """``text`` safe to open in a spreadsheet: ``'=SUM(A1)`` for ``=SUM(A1)``, one more quote before a text that
    already starts with quotes then such a character (so ``unneutralize`` gives it back); other text unchanged."""
    return "'" + text if formula_like(text) else text


def unneutralize(text: str) -> str:
    """The text ``neutralize`` was given: one leading ``'`` off ``'=...`` (``''=...`` -> ``'=...``)."""
    return text[1:] if text.startswith("'") and formula_like(text) else text


def csv_cell(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    value = neutralize(value)
    # a lone "\r" is no line end to csv.writer (lineterminator "\n"), so it would go unquoted and split the row
    return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value


class CsvWriter:
    """``csv.writer`` whose text cells never start a formula: such a cell gets a leading ``'`` (OWASP).

    A note "=HYPERLINK(...)" or "-1 for the review" opens in Excel as the text the team wrote.
    """

    def __init__(self, buf: io.StringIO) -> None:
        self._writer = csv.writer(buf, lineterminator="\n")

    def writerow(self, row: Sequence[Any]) -> None:
        self._writer.writerow([csv_cell(v) for v in row])


def aggregation_line(rating: dict[str, Any]) -> str:
    """How the instance ratings were combined (M3.3 / M3.4), with weights and rationale where used."""
    if rating["aggregation"] == "weighted":
        weights = ", ".join(f"{p}={w:g}" for p, w in rating["weights"].items())
        return f"Aggregation: weighted mean ({weights}), rounded half up — {rating['weights_rationale']} " \
               f"[{rating['aggregation_rule']}]"
    return f"Aggregation: {rating['aggregation_rule']}"


def ratings(values: Mapping[str, Any], projects: Sequence[str]) -> str:
    return " ".join(f"{p} {values.get(p) or '—'}" for p in projects)
