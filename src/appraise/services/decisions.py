"""Team decisions: what the method leaves to the team (an OU characterization, an area not applicable, a
consistency hit accepted, an exclusion, the instance weights), each with its rationale.

``appraisal.decisions`` holds these use cases.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from appraise.errors import UsageError
from appraise.schemes import Decision
from appraise.services.assessors import CONSENSUS
from appraise.store import DecisionRecord

if TYPE_CHECKING:
    from appraise.services.session import Appraisal


class Decisions:
    """The team's decisions in an open appraisal (``appraisal.decisions``)."""

    def __init__(self, appraisal: Appraisal) -> None:
        self.appraisal = appraisal

    def all(self) -> list[DecisionRecord]:
        """Every decision recorded, oldest first."""
        return self.appraisal.reader.decisions()

    def for_rules(self) -> list[Decision]:
        """The recorded decisions as the rating rules take them (with what each was made on)."""
        return [Decision(d.kind, d.target, d.value, d.rationale, json.loads(d.basis) if d.basis else None)
                for d in self.appraisal.reader.decisions()]

    def target(self, text: str) -> str:
        """The practice, goal, area or consistency hit ``text`` names, as the method decides on it."""
        a = self.appraisal
        found = a.scheme.resolve_target(a.framework, a.scope, a.reader.characterizations(), self.for_rules(), text)
        if found is None:
            if a.framework.attributes:
                raise UsageError(f"{text!r} is not a consistency check that fired in this assessment "
                                 "(see `appraise rate` for the open ones)")
            words = a.view.words
            raise UsageError(f"{text!r} names nothing the team decides on in {a.framework.id}: a "
                             f"{words.practice}, one of its {words.goals_title.lower()} or a {words.area}")
        return found

    def options(self, target: str, unit: str | None = None) -> tuple[str, tuple[str, ...], str]:
        """The kind of decision ``target`` takes, the values the method offers, and the rule; with a ``unit``,
        the team's consensus on that cell of ``target`` (its assessors rate it differently).

        Raises ``UsageError`` when the method leaves nothing to decide there.
        """
        a = self.appraisal
        if unit is not None:
            _cell, _unit, values, rule, _ratings = a.assessors.options(target, unit)
            return CONSENSUS, values, rule
        canonical = self.target(target)
        return a.scheme.decision_options(a.framework, a.scope, canonical, a.reader.characterizations(),
                                         self.for_rules())

    def decide(self, target: str, value: str, why: str, who: str | None = None,
               unit: str | None = None) -> DecisionRecord:
        """Record a team decision on ``target``; the value must be one the method offers. With a ``unit``: the
        team's consensus on that cell, whose assessors rate it differently (``appraisal.assessors``)."""
        a = self.appraisal
        if unit is not None:
            return a.assessors.decide(target, unit, value, why, who)
        canonical = self.target(target)
        kind, options, _rule = self.options(canonical)
        chosen = next((o for o in options if o.upper() == value.strip().upper()), None)
        if chosen is None:
            raise UsageError(f"{value!r} is not an option for {canonical}: choose one of {', '.join(options)}")
        if not why.strip():
            raise UsageError("a decision needs its rationale (--why \"...\")")
        if a.view.exclusions:  # an exclusion (A1.2) stands only on a requirement without findings
            a.findings.check_exclusion(canonical, chosen)
        previous = [d for d in a.reader.decisions() if d.kind == kind and d.target == canonical]
        old = previous[-1].value if previous else None
        # what the decision is made on: it stands only while that holds
        made_on = a.scheme.decision_basis(a.framework, a.scope, canonical, a.reader.characterizations(),
                                          self.for_rules())
        basis = "" if made_on is None else json.dumps(made_on, sort_keys=True)
        return a.store.add_decision(kind, canonical, chosen, why.strip(), who or self.appraisal.user, old, basis)

    # -- ISO/IEC 33020 -------------------------------------------------------------------------------
    def set_weights(self, weights: dict[str, str] | None, why: str, who: str | None = None) -> DecisionRecord:
        """Weight the instances in aggregation (M3.4), with the rationale it needs; None: the plain mean."""
        from fractions import Fraction

        a = self.appraisal
        weighting = a.scheme.weights_decision  # the (kind, target) of the decision that weights the instances
        if not a.view.weights or weighting is None:
            raise UsageError(f"instance weights are for ISO/IEC 33020 assessments, not {a.framework.id}")
        if not why.strip():
            raise UsageError("weights need their rationale (--why \"...\"): M3.4 makes a weighting without "
                             "one invalid")
        basis: dict[str, str] = {}
        if weights is not None:
            for text, weight in weights.items():
                code = a.resolve_project(text)
                if code in basis:
                    raise UsageError(f"{code} is given two weights")
                try:
                    if len(weight.strip()) > 12:
                        raise ValueError
                    value = Fraction(weight.strip())
                    float(value)
                except (ValueError, ZeroDivisionError, OverflowError):
                    raise UsageError(f"the weight of {code} must be a number like 3 or 1.5, not {weight!r}") from None
                if value <= 0:  # M3.2: the aggregate is over all instances; a zero weight would drop one
                    raise UsageError(f"the weight of {code} must be above 0 (every instance counts, M3.2)")
                basis[code] = str(value)
            missing = [p for p in a.info.projects if p not in basis]
            if missing:
                raise UsageError(f"give every instance a weight: {', '.join(missing)} has none")
            if not any(Fraction(v) for v in basis.values()):
                raise UsageError("at least one weight must be above 0")
        weights_kind, weights_target = weighting
        previous = [d for d in a.reader.decisions() if d.kind == weights_kind]
        old = previous[-1].value if previous else None
        value = "mean" if weights is None else ",".join(f"{p}={float(Fraction(basis[p])):g}" for p in a.info.projects)
        return a.store.add_decision(weights_kind, weights_target, value, why.strip(), who or self.appraisal.user, old,
                                    json.dumps(basis) if basis else "")
