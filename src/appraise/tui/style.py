"""How values and ratings look on screen, shared by every view (no rules here, only colours)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

if TYPE_CHECKING:
    from appraise.services import RatingNode

#: Characterization values by how good they are; any other scale value is shown plain.
#: A cell whose assessors disagree and that has no value yet: pending the team's consensus.
PENDING_MARK = "≠"

VALUE_STYLE = {
    "FI": "bold green", "LI": "green", "PI": "yellow", "NI": "bold red", "NY": "blue",
    "F": "bold green", "L": "green", "P": "yellow", "N": "bold red",
    "L+": "green", "L-": "green", "P+": "yellow", "P-": "yellow",
    "C": "bold green", "NC": "bold red",
    "FM": "bold green", "LM": "green", "PM": "yellow", "DM": "bold red",
    "M": "yellow", "H": "bold red",  # an Evaluation's Low / Medium / High weakness (Low, "L", is the good end)
    PENDING_MARK: "bold magenta",  # a cell whose assessors disagree, pending the team's consensus
}

RATING_STYLE = {
    "satisfied": "bold green",
    "unsatisfied": "bold red",
    "pending": "bold yellow",
    "not_rated": "dim",
    "not_applicable": "blue",
    "conformity": "bold green",
    "nonconformity": "bold red",
    "not_audited": "dim",
    "out_of_scope": "dim",
}

RATING_LABEL = {
    "satisfied": "Satisfied",
    "unsatisfied": "Unsatisfied",
    "pending": "Pending decision",
    "not_rated": "Not rated",
    "not_applicable": "Not applicable",
    "conformity": "Conformity",
    "nonconformity": "Nonconformity",
    "not_audited": "Not audited",
    "out_of_scope": "Out of scope",
}


def value_text(value: str | None, placeholder: str = "··") -> Text:
    if value is None:
        return Text(placeholder, style="dim")
    return Text(value, style=VALUE_STYLE.get(value, ""))


def rating_text(rating: str | None) -> Text:
    """A goal's or area's rating; an ISO/IEC 33020 attribute's value (None: not rated) or a process's level."""
    if rating is None:
        rating = "not_rated"
    if rating in VALUE_STYLE:
        return value_text(rating)
    return Text(RATING_LABEL.get(rating, rating), style=RATING_STYLE.get(rating, "bold"))


#: The colour of each kind of evidence, wherever evidence is shown.
KIND_STYLE = {"artifact": "cyan", "affirmation": "magenta"}


def kind_text(kind: str) -> Text:
    return Text(kind, style=KIND_STYLE.get(kind, ""))


def evidence_marks(kinds: set[str] | frozenset[str]) -> Text:
    """Two marks: ``A`` an artifact is linked, ``F`` an affirmation; ``·`` where none is."""
    return Text.assemble(("A", KIND_STYLE["artifact"]) if "artifact" in kinds else ("·", "dim"),
                         ("F", KIND_STYLE["affirmation"]) if "affirmation" in kinds else ("·", "dim"))


def ou_text(practice: RatingNode | None) -> Text:
    """A practice's OU characterization: the value (``*`` when the team decided it),
    ``LI/PI?`` while the team must choose, ``··`` while not rated, blank for no practice."""
    if practice is None or not practice.aggregated:  # an indicator: no aggregate
        return Text("")
    if practice.value is not None:
        text = value_text(practice.value)
        if practice.decided:
            text.append("*", style="dim")
        return text
    if practice.options:
        return Text("/".join(practice.options) + "?", style="bold yellow")
    return Text("··", style="dim")
