"""The neutral rating tree: what every scheme's ``rate()`` returns and every face renders.

A face (a screen, a CLI printer, an export) walks the nodes and shows them by
``kind``; it never asks which scheme produced them. A scheme builds the tree
from its own results (``schemes/<scheme>/tree.py``) and keeps its own JSON
document behind ``RatingTree.to_dict()``, so that ``appraise rate --json``
keeps every documented key.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

#: What a node is. The faces know these and nothing else.
NodeKind = Literal[
    "appraisal",  # the root: the appraisal as a whole
    "level",  # a maturity / capability / organizational level or the certification recommendation
    "area",  # a process area, a process, a top clause
    "goal",  # a goal, a second-level clause
    "attribute",  # a process attribute (ISO/IEC 33020)
    "practice",  # a practice, an indicator, a clause rated per site
    "clause",  # a clause with sub-clauses
    "finding",  # a finding the rating rests on
    "check",  # a consistency check that fired
]
KINDS: tuple[NodeKind, ...] = ("appraisal", "level", "area", "goal", "attribute", "practice", "clause", "finding",
                               "check")

#: How far the method got with a node.
Status = Literal[
    "rated",  # the node has its value
    "not_rated",  # data are missing (a cell not characterized, NY)
    "pending",  # the team owes a decision
    "blocked",  # a lower node keeps it from a value
    "not_applicable",  # ruled out by a team decision
    "warning",  # a check that fired and needs a look
    "justified",  # a check whose deviation the team justified
]
STATUSES: tuple[Status, ...] = ("rated", "not_rated", "pending", "blocked", "not_applicable", "warning",
                                "justified")

#: The value of a node's extra facts: plain, printable data only.
Extra = str | int | float | bool | None | tuple[str, ...] | Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class RatingNode:
    """One rated thing: its value, how it was reached (``rule``) and what holds it back (``blocked_by``).

    ``cells``: the per-unit values it rests on (project, instance, site -> value, None where none yet).
    ``options``: the values the team may choose where the method leaves a choice (empty otherwise).
    ``extra``: what a scheme adds that a face may show as a labelled line (a mean, a proposal, a rationale).
    """

    id: str
    kind: NodeKind
    title: str = ""
    value: str | None = None
    status: Status = "rated"
    rule: str = ""
    blocked_by: tuple[str, ...] = ()
    cells: Mapping[str, str | None] = field(default_factory=dict)
    options: tuple[str, ...] = ()
    children: tuple[RatingNode, ...] = ()
    extra: Mapping[str, Extra] = field(default_factory=dict)
    #: The node is worse than its best value and deserves a look (a face opens or flags it).
    attention: bool = False

    def walk(self) -> Iterator[RatingNode]:
        """This node and every node below it, depth first, in order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def of_kind(self, *kinds: NodeKind) -> Iterator[RatingNode]:
        return (n for n in self.walk() if n.kind in kinds)

    @property
    def decided(self) -> bool:
        """Whether the value stands on a team decision among ``options``."""
        return bool(self.extra.get("decided"))

    @property
    def aggregated(self) -> bool:
        """Whether the node has a value over the units (an indicator is rated per unit only)."""
        return bool(self.extra.get("aggregated", True))

    @property
    def rationale(self) -> str:
        """The team's rationale for a decided value ("" where none is recorded)."""
        return str(self.extra.get("rationale") or "")

    @property
    def groups(self) -> tuple[RatingNode, ...]:
        """The goals and attributes directly below (an area's or a process's parts)."""
        return tuple(c for c in self.children if c.kind in GROUP_KINDS)

    @property
    def rows(self) -> tuple[RatingNode, ...]:
        """What a goal or attribute rates per unit, one matrix row each: its practices, clauses or indicators,
        then an attribute itself (its own rating per instance is a row too)."""
        rows = tuple(c for c in self.children if c.kind in ROW_KINDS)
        return (*rows, self) if self.kind == "attribute" else rows


#: The kinds that group the rows (goals, process attributes) and the kinds rated per unit (a matrix row each).
GROUP_KINDS: tuple[NodeKind, ...] = ("goal", "attribute")
ROW_KINDS: tuple[NodeKind, ...] = ("practice", "clause")


@dataclass(frozen=True, slots=True)
class PendingDecision:
    """A decision the team owes (``options`` to choose from) or one that no longer stands (``why``)."""

    target: str
    kind: str
    options: tuple[str, ...] = ()
    value: str = ""
    why: str = ""
    #: The rule that asks for the decision, where the scheme names one.
    rule: str = ""
    #: What the team is asked to do, in the scheme's words.
    ask: str = ""

    @classmethod
    def of(cls, record: Mapping[str, Any], ask: str = "") -> PendingDecision:
        """From a scheme's ``pending_decisions`` / ``stale_decisions`` entry."""
        return cls(record["target"], record["kind"], tuple(record.get("options", ())), str(record.get("value", "")),
                   record.get("why", ""), record.get("rule", ""), ask)


#: What a tree calls things when the team's decisions are about practices' OU values (CMMI, an audit's clauses).
DECISION_WORDS: Mapping[str, Extra] = {"pending_word": "decision", "units_word": "practices",
                                       "aggregate_word": "OU", "decided_mark": "*"}


@dataclass(frozen=True, slots=True)
class RatingTree:
    """The rating of an appraisal: the root node, the headline, the decisions owed, and the JSON document.

    ``headline``: the lines a face shows above the tree (the level or recommendation and its rule).
    ``units``: the appraisal's units (projects, instances, sites) in order: the keys of every ``cells``.
    """

    scheme: str
    root: RatingNode
    units: tuple[str, ...] = ()
    pending: tuple[PendingDecision, ...] = ()
    stale: tuple[PendingDecision, ...] = ()
    #: The scheme's own JSON document (every key the README documents); built when asked for.
    document: Callable[[], dict[str, Any]] = field(default=dict, repr=False, compare=False)
    #: The headline from the document: the level line first, then its rule (built when asked for).
    headline_of: Callable[[dict[str, Any]], tuple[str, ...]] = field(default=lambda _d: (), repr=False,
                                                                     compare=False)
    #: What the scheme says of the whole (e.g. the word for a pending decision); plain data.
    extra: Mapping[str, Extra] = field(default_factory=dict)
    _index: dict[str, RatingNode] = field(default_factory=dict, init=False, repr=False, compare=False)
    _headline: list[tuple[str, ...]] = field(default_factory=list, init=False, repr=False, compare=False)

    @classmethod
    def of_result(cls, result: Any, root: RatingNode, units: Sequence[str],
                  headline_of: Callable[[dict[str, Any]], tuple[str, ...]], ask: str = "",
                  extra: Mapping[str, Extra] = DECISION_WORDS) -> RatingTree:
        """The tree of a scheme's result (its ``scheme``, ``pending_decisions``, ``stale_decisions`` and
        ``to_dict``); ``ask``: what a pending decision asks of the team."""
        return cls(result.scheme, root, tuple(units),
                   tuple(PendingDecision.of(d, ask) for d in result.pending_decisions),
                   tuple(PendingDecision.of(d) for d in result.stale_decisions),
                   document=result.to_dict, headline_of=headline_of, extra=extra)

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``appraise rate --json``: the scheme's documented keys (a new dict at each call)."""
        return self.document()

    @property
    def headline(self) -> tuple[str, ...]:
        """The level line (maturity level, profile, recommendation), then the rule behind it."""
        if not self._headline:
            self._headline.append(self.headline_of(self.to_dict()))
        return self._headline[0]

    def walk(self) -> Iterator[RatingNode]:
        return self.root.walk()

    def nodes(self, *kinds: NodeKind) -> list[RatingNode]:
        """Every node of these kinds, in tree order."""
        return list(self.root.of_kind(*kinds))

    @property
    def level(self) -> RatingNode | None:
        """The appraisal's level node (maturity level, equivalent level, recommendation), if it has one."""
        return next((c for c in self.root.children if c.kind == "level"), None)

    @property
    def areas(self) -> tuple[RatingNode, ...]:
        return tuple(c for c in self.root.children if c.kind == "area")

    def rows(self) -> dict[str, RatingNode]:
        """``{id: node}`` of every node rated per unit (the matrix's rows), in tree order."""
        return {row.id: row for area in self.areas for group in area.groups for row in group.rows}

    def find(self, node_id: str) -> RatingNode | None:
        """The first node with ``node_id`` in tree order (a goal before the same-id cell under it)."""
        if not self._index:  # built whole, then published in one step: workers share the tree
            index: dict[str, RatingNode] = {}
            for node in self.root.walk():
                index.setdefault(node.id, node)
            self._index.update(index)
        return self._index.get(node_id)

    def __getitem__(self, node_id: str) -> RatingNode:
        found = self.find(node_id)
        if found is None:
            raise KeyError(node_id)
        return found

    def parent_of(self, node_id: str) -> RatingNode | None:
        for node in self.root.walk():
            if any(c.id == node_id for c in node.children):
                return node
        return None
