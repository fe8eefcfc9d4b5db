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

from appraise.errors import UsageError
from appraise.framework.model import Framework
from appraise.schemes.common import Decision, Scope
from appraise.schemes.document import DeliverableInput, Document
from appraise.schemes.report import Heading, Recorded
from appraise.schemes.tree import RatingTree

#: The characterizations the rules read: ``{practice: {unit: value}}``.
Characterizations = Mapping[str, Mapping[str, str]]
#: ``why(practice, unit=None)``: why the method takes nothing on a practice (in one unit) now, or None.
Refusal = Callable[..., "str | None"]


@dataclass(frozen=True)
class CellFacts:
    """What is known of one cell when the scheme is asked for its advice: its value and note, and whether an
    artifact and an affirmation are linked to it."""

    practice: str
    unit: str
    value: str | None
    note: str
    artifact: bool
    affirmation: bool


@dataclass(frozen=True)
class CellAdvice:
    """A scheme's advice on one cell: the value its evidence proposes (a default the team may overrule, with
    the rule), and what is missing or odd (``"LM without a weakness statement (V1.2)"``)."""

    proposal: str | None = None
    rule: str = ""
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScopeRevision:
    """What a scheme's own scope change comes to: the settings to write (None removes a key), one line per
    change for the change log and the user, and whether it must be confirmed first (``question``)."""

    settings: Mapping[str, str | None]
    lines: tuple[str, ...]
    question: str = ""


class Report(Protocol):
    """A scheme's rating rendered from its JSON document: lines for a terminal, a CSV sheet (the Markdown report is
    its deliverable's ``Document``, ``Scheme.document``)."""

    def level_line(self, rating: dict[str, Any]) -> str: ...

    def level_rule(self, rating: dict[str, Any]) -> str: ...

    def text(self, rating: dict[str, Any], heading: Heading, framework: Framework, decisions: Sequence[Recorded],
             decide: str) -> list[str]: ...

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
                   projects: Sequence[str], options: Mapping[str, Any] | None = None) -> Scope:
        """The scope of a new appraisal; ``options`` are the scheme's own (CMMI V3.0: ``appraisal_type``,
        ``domains``, ``support_functions``, ``processes``, ``area_targets``); a scheme without them refuses them.
        The scope's ``settings`` are written with the new appraisal."""
        ...

    def specialize(self, framework: Framework, scope: Scope) -> Framework:
        """The model as this appraisal rates it (its per-process cells added); most schemes: ``framework``."""
        ...

    def revise_scope(self, framework: Framework, scope: Scope, change: Mapping[str, Any]) -> ScopeRevision:
        """A change of the scheme's own scope (``sample``, ``assign``, ``out_of_scope``, ``area_targets``)."""
        ...

    def advise(self, framework: Framework, scope: Scope, cell: CellFacts) -> CellAdvice | None:
        """The scheme's advice on one cell (a proposed value, flags), or None when it has none."""
        ...

    def refuse_value(self, framework: Framework, scope: Scope, practice: str, value: str) -> str | None:
        """Why ``value`` may not be recorded on ``practice`` although the scale allows it (CMMI V3.0: II and
        GOV are never NY, V7.2), or None."""
        ...

    def evidence_cutoff(self, framework: Framework, scope: Scope) -> str | None:
        """The ISO date on or after which evidence is warned about (CMMI V3.0: the Phase 2 start, V8.5), or
        None when the method sets none. A warning only: never a decision."""
        ...

    def practices_in_scope(self, framework: Framework, scope: Scope) -> list[str]: ...

    def allowed_values(self, framework: Framework, scope: Scope) -> tuple[str, ...]: ...

    def resolve_target(self, framework: Framework, scope: Scope, characterizations: Characterizations,
                       decisions: Iterable[Decision], text: str) -> str | None: ...

    def decision_options(self, framework: Framework, scope: Scope, target: str,
                         characterizations: Characterizations,
                         decisions: Iterable[Decision] = ()) -> tuple[str, tuple[str, ...], str]: ...

    def decision_basis(self, framework: Framework, scope: Scope, target: str, characterizations: Characterizations,
                       decisions: Iterable[Decision] = ()) -> dict[str, str] | None: ...

    def refusal(self, framework: Framework, scope: Scope, decisions: Iterable[Decision]) -> Refusal:
        """``why(practice, unit=None)``: why nothing may be recorded on a practice (in one unit) now, or None."""
        ...

    def exclusions(self, framework: Framework, scope: Scope, decisions: Iterable[Decision]) -> dict[str, str]:
        """The requirements declared not applicable -> their justification; {} in a scheme without exclusions."""
        ...

    def rate(self, framework: Framework, scope: Scope, characterizations: Characterizations,
             decisions: Iterable[Decision] = (), findings: Sequence[Any] = ()) -> RatingTree: ...

    def document(self, data: DeliverableInput) -> Document:
        """The deliverable (findings deck, report, workbook) in the method's outline, as neutral sections
        (``schemes/<scheme>/deliverable.py``; ``sections.default_document`` for a scheme without one)."""
        ...


def nothing_refused(practice: str, unit: str | None = None) -> str | None:
    """The refusal of a scheme that never refuses a cell."""
    return None


def _per_practice(refuse: Callable[[str], str | None]) -> Refusal:
    """A refusal that looks at the practice only (the unit does not matter to the scheme)."""

    def why(practice: str, unit: str | None = None) -> str | None:
        return refuse(practice)

    return why


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
                   projects: Sequence[str], options: Mapping[str, Any] | None = None) -> Scope:
        given = {k: v for k, v in (options or {}).items() if v not in (None, "", (), [], {})}
        if getattr(self.rules, "SCOPE_OPTIONS", None):
            unknown = sorted(set(given) - set(self.rules.SCOPE_OPTIONS))
            if not unknown:
                with_options: Scope = self.rules.make_scope(framework, representation, target, areas, projects,
                                                            given)
                return with_options
        else:
            unknown = sorted(given)
        if unknown:
            names = ", ".join("--" + k.replace("_", "-") for k in unknown)
            raise UsageError(f"{names}: not part of an appraisal by the {self.id} scheme")
        scope: Scope = self.rules.make_scope(framework, representation, target, areas, projects)
        return scope

    def specialize(self, framework: Framework, scope: Scope) -> Framework:
        special = getattr(self.rules, "specialize", None)  # most schemes rate the model as it is
        return framework if special is None else special(framework, scope)

    def revise_scope(self, framework: Framework, scope: Scope, change: Mapping[str, Any]) -> ScopeRevision:
        revise = getattr(self.rules, "revise_scope", None)
        if revise is None:
            names = ", ".join("--" + k.replace("_", "-") for k in change)
            raise UsageError(f"{names}: not part of an appraisal by the {self.id} scheme")
        revision: ScopeRevision = revise(framework, scope, change)
        return revision

    def advise(self, framework: Framework, scope: Scope, cell: CellFacts) -> CellAdvice | None:
        advise = getattr(self.rules, "advise", None)  # most schemes propose nothing
        return None if advise is None else advise(framework, scope, cell)  # type: ignore[no-any-return]

    def refuse_value(self, framework: Framework, scope: Scope, practice: str, value: str) -> str | None:
        refuse = getattr(self.rules, "refuse_value", None)  # most schemes allow every value of the scale
        return None if refuse is None else refuse(framework, scope, practice, value)  # type: ignore[no-any-return]

    def evidence_cutoff(self, framework: Framework, scope: Scope) -> str | None:
        cutoff = getattr(self.rules, "evidence_cutoff", None)  # most schemes date no evidence
        return None if cutoff is None else cutoff(framework, scope)  # type: ignore[no-any-return]

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

    def refusal(self, framework: Framework, scope: Scope, decisions: Iterable[Decision]) -> Refusal:
        refuse = getattr(self.rules, "refusal", None)  # a scheme without one refuses nothing
        if refuse is None:
            return nothing_refused
        why: Refusal = refuse(framework, scope, decisions)
        return why if getattr(self.rules, "REFUSES_PER_UNIT", False) else _per_practice(why)

    def exclusions(self, framework: Framework, scope: Scope, decisions: Iterable[Decision]) -> dict[str, str]:
        excluded = getattr(self.rules, "excluded_clauses", None)  # a scheme without exclusions excludes nothing
        return {} if excluded is None else dict(excluded(framework, scope, decisions))

    def rate(self, framework: Framework, scope: Scope, characterizations: Characterizations,
             decisions: Iterable[Decision] = (), findings: Sequence[Any] = ()) -> RatingTree:
        result = self.rules.rate(framework, scope, characterizations, decisions, findings=findings)
        return self.build_tree(framework, scope, result)

    def document(self, data: DeliverableInput) -> Document:
        try:  # a scheme lays out its own deliverable in ``deliverable.py``; loaded only when one is exported
            module = importlib.import_module(f"{self.package}.deliverable")
        except ModuleNotFoundError as exc:
            if exc.name != f"{self.package}.deliverable":
                raise
            from appraise.schemes.sections import default_document

            return default_document(data)
        document: Document = module.document(data)
        return document
