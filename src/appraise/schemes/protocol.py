"""What a rating scheme is to the rest of appraise: one typed protocol.

A scheme lives in one package (``schemes/<scheme>/``): ``rules`` (the method as
pure functions), ``tree`` (its results as the neutral ``RatingTree``) and
``view`` (its words, scale and keys as plain data, when present). Its
``__init__`` exposes an object that satisfies ``Scheme``; the registry in
``appraise.schemes`` finds it by the framework's ``scheme:`` id.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, Protocol, runtime_checkable

from appraise.framework.model import Framework
from appraise.schemes.common import Decision, Scope
from appraise.schemes.report import Heading, Recorded
from appraise.schemes.tree import RatingTree

#: The characterizations the rules read: ``{practice: {unit: value}}``.
Characterizations = Mapping[str, Mapping[str, str]]


class Report(Protocol):
    """A scheme's rating rendered from its JSON document: lines for a terminal, a Markdown report, a CSV sheet."""

    def level_line(self, rating: dict[str, Any]) -> str: ...

    def level_rule(self, rating: dict[str, Any]) -> str: ...

    def text(self, rating: dict[str, Any], heading: Heading, framework: Framework, decisions: Sequence[Recorded],
             decide: str) -> list[str]: ...

    def markdown(self, data: dict[str, Any]) -> str: ...

    def csv(self, data: dict[str, Any]) -> str: ...


@runtime_checkable
class Scheme(Protocol):
    """A rating method: what it needs from a model and a scope, the decisions it leaves, and its rating."""

    #: The framework's ``scheme:`` value that selects it.
    id: str
    #: Whether an appraisal names a target level (an audit has none).
    needs_target: bool
    #: Whether the rating rests on the findings (rate() gets them; other schemes skip the read).
    rates_findings: bool
    #: What a finding's kind may be in this scheme, or () for the appraisal's default kinds.
    finding_kinds: tuple[str, ...]
    #: The kinds of finding whose plan and closure are tracked (an audit's nonconformities); () when none are.
    nonconformities: tuple[str, ...]
    #: How a tracked finding is set back to open -> the statuses it is set back from; {} when none is tracked.
    set_back_from: Mapping[str, tuple[str, ...]]
    #: The decision (kind, target) that weights the instances in aggregation; None when they are not weighted.
    weights_decision: tuple[str, str] | None
    #: Its rating as text, Markdown and CSV (``schemes/<scheme>/report.py``).
    report: Report

    @property
    def view(self) -> Any:
        """The scheme's words, scale, keys and export sections (``schemes/<scheme>/view.py``), or None."""
        ...

    def check_framework(self, framework: Framework) -> None: ...

    def make_scope(self, framework: Framework, representation: str, target: int, areas: Sequence[str],
                   projects: Sequence[str]) -> Scope: ...

    def practices_in_scope(self, framework: Framework, scope: Scope) -> list[str]: ...

    def allowed_values(self, framework: Framework, scope: Scope) -> tuple[str, ...]: ...

    def resolve_target(self, framework: Framework, scope: Scope, characterizations: Characterizations,
                       decisions: Iterable[Decision], text: str) -> str | None: ...

    def decision_options(self, framework: Framework, scope: Scope, target: str,
                         characterizations: Characterizations,
                         decisions: Iterable[Decision] = ()) -> tuple[str, tuple[str, ...], str]: ...

    def decision_basis(self, framework: Framework, scope: Scope, target: str, characterizations: Characterizations,
                       decisions: Iterable[Decision] = ()) -> dict[str, str] | None: ...

    def refusal(self, framework: Framework, scope: Scope,
                decisions: Iterable[Decision]) -> Callable[[str], str | None]: ...

    def exclusions(self, framework: Framework, scope: Scope, decisions: Iterable[Decision]) -> dict[str, str]:
        """The requirements declared not applicable -> their justification; {} in a scheme without exclusions."""
        ...

    def rate(self, framework: Framework, scope: Scope, characterizations: Characterizations,
             decisions: Iterable[Decision] = (), findings: Sequence[Any] = ()) -> RatingTree: ...


def nothing_refused(practice: str) -> str | None:
    """The refusal of a scheme that never refuses a cell."""
    return None


def load_view(package: str) -> Any:
    """The ``VIEW`` of ``<package>.view`` (written with the scheme's words), or None while it has none."""
    try:
        module = importlib.import_module(f"{package}.view")
    except ModuleNotFoundError as exc:
        if exc.name != f"{package}.view":
            raise
        return None
    return getattr(module, "VIEW", None)


@dataclass(frozen=True)
class RulesScheme:
    """A ``Scheme`` made of a rules module (pure functions) and the function that turns its result into the tree.

    The rules modules keep their plain-function interface (their table tests call them directly); this is
    the one place that adapts them to the protocol.
    """

    id: str
    rules: ModuleType = field(repr=False)
    #: ``(framework, scope, the rules' result) -> RatingTree``: the scheme's ``tree.py``.
    build_tree: Callable[[Framework, Scope, Any], RatingTree] = field(repr=False)
    #: Its rating as text, Markdown and CSV: the scheme's ``report`` module.
    report: Report = field(repr=False)
    #: The scheme's package, where its ``view`` module lives.
    package: str = ""
    needs_target: bool = True
    rates_findings: bool = False
    finding_kinds: tuple[str, ...] = ()
    nonconformities: tuple[str, ...] = ()
    set_back_from: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    weights_decision: tuple[str, str] | None = None

    @property
    def view(self) -> Any:
        return load_view(self.package)

    def check_framework(self, framework: Framework) -> None:
        self.rules.check_framework(framework)

    def make_scope(self, framework: Framework, representation: str, target: int, areas: Sequence[str],
                   projects: Sequence[str]) -> Scope:
        scope: Scope = self.rules.make_scope(framework, representation, target, areas, projects)
        return scope

    def practices_in_scope(self, framework: Framework, scope: Scope) -> list[str]:
        return list(self.rules.practices_in_scope(framework, scope))

    def allowed_values(self, framework: Framework, scope: Scope) -> tuple[str, ...]:
        return tuple(self.rules.allowed_values(framework, scope))

    def resolve_target(self, framework: Framework, scope: Scope, characterizations: Characterizations,
                       decisions: Iterable[Decision], text: str) -> str | None:
        found: str | None = self.rules.resolve_target(framework, scope, characterizations, decisions, text)
        return found

    def decision_options(self, framework: Framework, scope: Scope, target: str,
                         characterizations: Characterizations,
                         decisions: Iterable[Decision] = ()) -> tuple[str, tuple[str, ...], str]:
        kind, options, rule = self.rules.decision_options(framework, scope, target, characterizations, decisions)
        return kind, tuple(options), rule

    def decision_basis(self, framework: Framework, scope: Scope, target: str, characterizations: Characterizations,
                       decisions: Iterable[Decision] = ()) -> dict[str, str] | None:
        basis: dict[str, str] | None = self.rules.decision_basis(framework, scope, target, characterizations,
                                                                 decisions)
        return basis

    def refusal(self, framework: Framework, scope: Scope,
                decisions: Iterable[Decision]) -> Callable[[str], str | None]:
        refuse = getattr(self.rules, "refusal", None)  # a scheme without one refuses nothing
        return nothing_refused if refuse is None else refuse(framework, scope, decisions)

    def exclusions(self, framework: Framework, scope: Scope, decisions: Iterable[Decision]) -> dict[str, str]:
        excluded = getattr(self.rules, "excluded_clauses", None)  # a scheme without exclusions excludes nothing
        return {} if excluded is None else dict(excluded(framework, scope, decisions))

    def rate(self, framework: Framework, scope: Scope, characterizations: Characterizations,
             decisions: Iterable[Decision] = (), findings: Sequence[Any] = ()) -> RatingTree:
        result = self.rules.rate(framework, scope, characterizations, decisions, findings=findings)
        return self.build_tree(framework, scope, result)
