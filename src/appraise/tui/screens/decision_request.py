"""What a team decision involves: the question, the allowed values in the method's words, the facts and the
weaknesses it is decided on; the latest decision per target."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text

from appraise.tui.style import rating_text, value_text

if TYPE_CHECKING:
    from appraise.services import Appraisal, DecisionRecord, RatingNode
    from appraise.tui.app import AppraiseApp

#: The question each kind of decision puts to the team (shown above the choices).
QUESTIONS = {
    "ou_characterization": "Which characterization does the organizational unit take?",
    "goal_weakness": "Do the weaknesses have a significant negative impact on achieving the goal?",
    "not_applicable": "Does the process area apply to the organizational unit?",
    "consensus": "The assessors rate this cell differently: which value does the team agree on?",
    "consistency": "The ratings deviate from a rating rule: record why the deviation is justified (AS4), "
                   "or cancel and change a rating.",
}

#: A decision value in words, where the model's scale does not name it (the value itself is what is recorded).
VALUE_MEANING = {
    "unsatisfied": "Unsatisfied — they are significant",
    "satisfied": "Satisfied — the weaknesses are not significant",
    "not_significant": "Satisfied — the weaknesses are not significant",
    "not_applicable": "Not applicable — the area does not apply to the organizational unit",
    "applicable": "Applicable — rate the area",
    "justified": "Justified — the report carries the justification",
}


def option_words(option: str, scale: dict[str, str] | None = None) -> str:
    """A decision value as the team reads it: the scale's title or the meaning above, else the value."""
    return (scale or {}).get(option) or VALUE_MEANING.get(option) or option.replace("_", " ")


def decision_word(value: str, scale: dict[str, str] | None = None) -> str:
    """A recorded decision in a list: a value of the model's scale as recorded (``LI``), any other in the dialog's
    words up to the dash (``not_significant`` → ``Satisfied``, ``not_applicable`` → ``Not applicable``)."""
    if value in (scale or {}):
        return value
    return option_words(value).split(" — ")[0]


def option_label(option: str, words: str) -> Text:
    """A choice in the dialog: the words first, the recorded value as secondary text."""
    if words == option:
        return Text(option, style="bold")
    return Text.assemble((words, "bold"), ("  " + option, "dim"))


def when_text(stamp: str) -> str:
    """A recorded time (ISO 8601, UTC) as local ``YYYY-MM-DD HH:MM``."""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


def latest_decisions(decisions: list[DecisionRecord]) -> dict[str, DecisionRecord]:
    """The decision that stands for each target (the last one recorded; a target takes one kind of decision)."""
    from appraise.services import latest_decisions as standing_decisions

    return {target: d for (_kind, target), d in standing_decisions(decisions).items()}


@dataclass
class Weakness:
    """A practice below the top of the scale at the organizational unit, with the team's notes on its cells."""

    practice: str
    title: str
    ou: Text
    #: (project, the cell's value, the team's note) for each cell with a note
    notes: list[tuple[str, Text, str]] = field(default_factory=list)


@dataclass
class DecisionRequest:
    """Everything the dialog shows: what is decided, the values allowed, the rule and the data behind it."""

    target: str
    title: str
    kind: str
    options: tuple[str, ...]
    rule: str
    #: (label, value) rows: the instance values per project, the practices' OU values, the goals' ratings.
    facts: list[tuple[str, Text]] = field(default_factory=list)
    facts_title: str = ""
    current: DecisionRecord | None = None
    option_titles: dict[str, str] = field(default_factory=dict)
    #: a goal's weaknesses the team judges (SCAMPI R3): each practice below the top value, with its notes
    weaknesses: list[Weakness] = field(default_factory=list)
    #: the goal's practices at the top of the scale (named in one line under the weaknesses)
    strong: list[str] = field(default_factory=list)
    #: a cell's consensus: the unit of the cell (``target`` is its practice), None for any other decision
    unit: str | None = None

    @property
    def label(self) -> str:
        """What is decided, as the dialog names it: ``SYS.3.BP2 / ECU-A`` for a cell's consensus."""
        return self.target if self.unit is None else f"{self.target} / {self.unit}"

    def words(self, option: str) -> str:
        return self.option_titles.get(option) or option


def decision_request(app: AppraiseApp, target: str) -> DecisionRequest:
    """What deciding ``target`` involves; raises ``UsageError`` when the method leaves nothing to decide."""
    appraisal = app.appraisal
    assert appraisal is not None
    framework = appraisal.framework
    kind, options, rule = appraisal.decisions.options(target)
    rating = app.rating()
    facts: list[tuple[str, Text]] = []
    facts_title = ""
    title = ""
    weaknesses: list[Weakness] = []
    strong: list[str] = []
    for area in rating.areas:
        for check in area.children:  # a consistency check that fired (ISO/IEC 33020)
            if check.kind == "check" and check.id == target:
                title = check.title
                facts_title = "Ratings involved"
                facts = [(cell, value_text(value)) for cell, value in check.cells.items()]
        if area.id == target:
            title = framework.area(target).title
            facts_title = "Goals"
            facts = [(g.id, rating_text(g.value)) for g in area.groups]
        for goal in area.groups:
            if goal.id == target:
                title = framework.goal(target).title
                facts_title = "Practices at the organizational unit"
                facts = [(p.id, _ou_text(p)) for p in goal.rows]
                if kind == "goal_weakness":  # the weaknesses asked about, each with what the team noted
                    weaknesses, strong = _weaknesses(appraisal, goal)
            for practice in goal.rows:
                if practice.id == target:
                    title = framework.practice(target).title
                    words = appraisal.view.words
                    facts_title = f"{words.characterization.capitalize()}s per {words.unit}"
                    facts = [(code, value_text(value, "not characterized"))
                             for code, value in practice.cells.items()]
    scale = {v.id: v.title for v in framework.scale.values}
    return DecisionRequest(target, title, kind, tuple(options), rule, facts, facts_title,
                           latest_decisions(appraisal.decisions.all()).get(target),
                           {o: option_words(o, scale) for o in options}, weaknesses, strong)


def consensus_request(appraisal: Appraisal, practice: str, unit: str) -> DecisionRequest:
    """The team's consensus on one cell its assessors rate differently: each assessor's value, the scale's
    values; raises ``UsageError`` when they agree or nobody rated it."""
    kind, options, rule = appraisal.decisions.options(practice, unit=unit)
    values = appraisal.assessors.ratings().get((practice, unit), {})
    notes = appraisal.assessors.notes().get((practice, unit), {})
    facts = [(assessor, Text.assemble(value_text(value), (f"  {notes[assessor]}" if notes.get(assessor) else "",
                                                           "italic")))
             for assessor, value in values.items()]
    scale = {v.id: v.title for v in appraisal.framework.scale.values}
    return DecisionRequest(practice, appraisal.framework.practice(practice).title, kind, tuple(options), rule, facts,
                           "Ratings per assessor", appraisal.assessors.consensus().get((practice, unit)),
                           {o: option_words(o, scale) for o in options}, unit=unit)


def _weaknesses(appraisal: Appraisal, goal: RatingNode) -> tuple[list[Weakness], list[str]]:
    """The goal's practices below the scale's top value (the weaknesses), and those at it."""
    framework = appraisal.framework
    top = framework.scale.values[0].id if framework.scale.values else None
    notes = appraisal.cells.notes()
    weaknesses: list[Weakness] = []
    strong: list[str] = []
    for p in goal.rows:
        if p.value is not None and p.value == top:
            strong.append(p.id)
            continue
        cells = [(code, value_text(value, "··"), notes[(p.id, code)])
                 for code, value in p.cells.items() if (p.id, code) in notes]
        weaknesses.append(Weakness(p.id, framework.practice(p.id).title, _ou_text(p), cells))
    return weaknesses, strong


def _ou_text(practice: RatingNode) -> Text:
    if practice.value is not None:
        return value_text(practice.value)
    if practice.options:
        return Text("/".join(practice.options) + "? (pending)", style="bold yellow")
    return Text("not rated", style="dim")
