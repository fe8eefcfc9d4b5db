"""A process model as frozen dataclasses, built from a framework file.

Ids are the model's own, canonical and area-prefixed: practice ``REQM SP 1.1``,
generic practice ``REQM GP 2.1``, goal ``REQM SG 1`` / ``REQM GG 2``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace

from appraise.framework.ids import id_key


@dataclass(frozen=True)
class ScaleValue:
    id: str
    title: str
    keys: tuple[str, ...] = ()
    #: A refined value (ISO/IEC 33020 P-, P+, L-, L+), allowed only where the appraisal says so.
    refined: bool = False


@dataclass(frozen=True)
class Scale:
    """The characterization scale a framework declares (SCAMPI: FI LI PI NI NY)."""

    name: str
    values: tuple[ScaleValue, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(v.id for v in self.values)

    def parse(self, text: str) -> str | None:
        """The value id for ``text`` (its id or title, in any case), else None.

        Single keys (``f``, ``1``) are the terminal UI's shortcuts, not values: a
        CSV holding a numeric scale must not be read as FI..NY silently.
        """
        wanted = " ".join(text.split()).upper().replace("\u2212", "-").replace("\u2013", "-")
        for value in self.values:
            if wanted in (value.id.upper(), value.title.upper()) or wanted.replace(" ", "") == value.id.upper():
                return value.id
        return None

    def allowed(self, refined: bool) -> tuple[ScaleValue, ...]:
        """The values an appraisal may use: the refined ones only when it allows them."""
        return tuple(v for v in self.values if refined or not v.refined)

    def by_key(self, key: str, among: Collection[str] | None = None) -> str | None:
        """The value a single key sets in the terminal UI, else None; ``among``: only these values (the
        appraisal's allowed ones, when a model lets two sets share a key, CMMI V3.0 ``l`` = LM or Low)."""
        for value in self.values:
            if key in value.keys and (among is None or value.id in among):
                return value.id
        return None


@dataclass(frozen=True)
class Practice:
    id: str
    title: str
    area: str
    goal: str
    generic: bool = False
    #: The id as the model file writes it inside its area (``SP 1.1``; ``id`` is ``REQM SP 1.1``).
    local_id: str = ""
    #: The goal's own cell, with the goal's id: a process attribute's rating (``SWE.1 PA 2.1``) or an
    #: audited clause that has sub-clauses (``8.5``).
    attribute: bool = False
    #: An audit clause's parent clause (``8.5`` for ``8.5.1``); None at the top of a goal.
    parent: str | None = None
    #: A cell the scheme adds per process (CMMI V3.0 II and GOV: ``GOV 2.1 @ Support``): the process it is
    #: about, and the practice of the model it is a row of (``GOV 2.1``). "" for a practice of the model.
    process: str = ""
    base: str = ""


@dataclass(frozen=True)
class Goal:
    id: str
    title: str
    area: str
    practices: tuple[Practice, ...]
    #: None for a specific goal; for a generic goal the capability level it belongs to.
    generic_level: int | None = None
    #: For a generic goal, the representations that use it.
    representations: tuple[str, ...] = ()
    #: The id as the model file writes it (``SG 1``, ``GG 2``).
    local_id: str = ""
    #: A practice group's level (CMMI V2.0/V3.0 ``RDM L2``: 2); None for a goal.
    level: int | None = None

    @property
    def generic(self) -> bool:
        return self.generic_level is not None


@dataclass(frozen=True)
class ProcessArea:
    id: str
    title: str
    maturity_level: int | None
    category: str | None
    goals: tuple[Goal, ...]
    may_be_not_applicable: bool = False
    #: A subprocess names its process (ISO/IEC 15504-5 ``AGR.1A`` of ``AGR.1``).
    parent: str | None = None
    #: How sure the source is of this entry (``confirmed``, ``unconfirmed``), when the file says.
    status: str = ""
    #: Characterized per process, not per area (CMMI V3.0 II and GOV, V7).
    per_process: bool = False

    @property
    def specific_goals(self) -> tuple[Goal, ...]:
        return tuple(g for g in self.goals if not g.generic)

    @property
    def generic_goals(self) -> tuple[Goal, ...]:
        return tuple(g for g in self.goals if g.generic)


@dataclass(frozen=True)
class EquivalentStage:
    """Maturity level n = every area of ML <= up_to_maturity_level at capability_level."""

    maturity_level: int
    up_to_maturity_level: int
    capability_level: int


@dataclass(frozen=True)
class Attribute:
    """A process attribute of a measurement framework (ISO/IEC 33020 PA 2.1) and its capability level."""

    id: str
    title: str
    level: int


@dataclass(frozen=True)
class NamedScope:
    """A scope the model names (Automotive SPICE's VDA scope); ``processes`` None when it cannot be used."""

    name: str
    title: str
    rule: str
    processes: tuple[str, ...] | None
    note: str = ""


#: The words a model file may set under ``words:`` (its own name for a project, an area ...); the scheme's
#: view (``appraise.schemes.view.Words``) has one field for each and supplies what the model leaves out.
WORD_KEYS = (
    "unit", "units", "units_title", "area", "areas", "areas_title", "area_title", "area_column",
    "goals_title", "practice", "practices_heading", "practice_column", "matrix_practice", "matrix_rows",
    "aggregate", "aggregate_line", "value", "rating_column", "kind_column", "not_set", "characterized",
    "characterization", "pending", "pending_title",
)


@dataclass(frozen=True)
class Framework:
    id: str
    title: str
    version: str
    source: str
    scheme: str
    representations: tuple[str, ...]
    maturity_levels: tuple[int, ...]
    capability_levels: tuple[int, ...]
    scale: Scale
    areas: tuple[ProcessArea, ...]
    equivalent_staging: tuple[EquivalentStage, ...] = ()
    #: Where the model was read from (a path or "<text>").
    origin: str = ""
    #: The process attributes (ISO/IEC 33020 shape); each process carries them as goals.
    attributes: tuple[Attribute, ...] = ()
    #: Scopes the model names (``vda``).
    scopes: Mapping[str, NamedScope] = field(default_factory=dict)
    #: The consistency rules of the method that apply to this model (``AS8``).
    consistency_rules: tuple[str, ...] = ()
    #: Why no organizational maturity model can be attached, when the model says so.
    no_maturity_levels: str = ""
    #: Words people write before an id (``clause``, ``ISO 9001``): ``clause 8.5.1`` is ``8.5.1``.
    id_prefixes: tuple[str, ...] = ()
    #: The model's own words (``words:`` in its file, keys from ``WORD_KEYS``) over its scheme's.
    words: Mapping[str, str] = field(default_factory=dict)
    #: How the file lays the model out: ``process_areas`` (CMMI), ``processes`` (ISO/IEC 33020), ``clauses``
    #: or ``practice_groups`` (CMMI V2.0/V3.0: practice areas, practice groups by level, practices).
    shape: str = "process_areas"
    #: The appraisal method's version the model is rated by (CMMI Appraisal Method ``2.0`` / ``3.0``).
    method_version: str = ""
    #: The domains of the model in order (``Core``, ``Development`` ...); an area's ``category`` names one.
    domains: tuple[str, ...] = ()
    #: Per maturity level, the areas it requires when the model names them (CMMI V2.0's predefined ML2
    #: subset); empty: every area of the appraisal's view from ML2 up (the V3.0 reading, V5.3).
    level_areas: Mapping[int, tuple[str, ...]] = field(default_factory=dict)
    #: Cells the scheme adds for one appraisal (``specialize``: a per-process row of II and GOV), found by
    #: id like practices but part of no goal.
    cells: tuple[Practice, ...] = ()
    _areas: dict[str, ProcessArea] = field(default_factory=dict, repr=False, compare=False)
    _goals: dict[str, Goal] = field(default_factory=dict, repr=False, compare=False)
    _practices: dict[str, Practice] = field(default_factory=dict, repr=False, compare=False)
    _keys: dict[tuple[str, ...], str] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for area in self.areas:
            self._areas[area.id] = area
            self._keys[id_key(area.id)] = area.id
            for goal in area.goals:
                self._goals[goal.id] = goal
                self._keys[id_key(goal.id)] = goal.id
                for practice in goal.practices:
                    self._practices[practice.id] = practice
                    self._keys[id_key(practice.id)] = practice.id
        for cell in self.cells:
            self._practices[cell.id] = cell
            self._keys[id_key(cell.id)] = cell.id

    def with_cells(self, cells: tuple[Practice, ...]) -> Framework:
        """This model with ``cells`` added (the scheme's per-appraisal rows); the model itself is unchanged."""
        return replace(self, cells=cells, _areas={}, _goals={}, _practices={}, _keys={})

    # -- lookups by canonical id ------------------------------------------------
    def area(self, area_id: str) -> ProcessArea:
        return self._areas[area_id]

    def goal(self, goal_id: str) -> Goal:
        return self._goals[goal_id]

    def practice(self, practice_id: str) -> Practice:
        return self._practices[practice_id]

    def kind_of(self, canonical_id: str) -> str | None:
        """What a canonical id names: ``"practice"`` (a scheme's added cell too), ``"goal"``, ``"area"``, or None."""
        if canonical_id in self._practices:
            return "practice"
        if canonical_id in self._goals:
            return "goal"
        return "area" if canonical_id in self._areas else None

    @property
    def practices(self) -> tuple[Practice, ...]:
        """The model's practices (not the scheme's added cells)."""
        return tuple(p for p in self._practices.values() if not p.base)

    def cell_of(self, practice: str, process: str) -> str | None:
        """The id of the per-process cell of ``practice`` for ``process`` (any case), or None."""
        wanted = " ".join(process.split()).casefold()
        return next((c.id for c in self.cells if c.base == practice and c.process.casefold() == wanted), None)

    # -- lookups by what a person typed -----------------------------------------
    def canonical(self, text: str) -> str | None:
        """The canonical id of an area, goal or practice typed in any usual spelling."""
        key = id_key(text)
        found = self._keys.get(key)
        if found is None:
            for prefix in sorted((id_key(p) for p in self.id_prefixes), key=len, reverse=True):
                if prefix and key[:len(prefix)] == prefix:
                    return self._keys.get(key[len(prefix):])
        return found

    def resolve_practice(self, text: str) -> str | None:
        found = self.canonical(text)
        return found if found in self._practices else None

    def resolve_goal(self, text: str) -> str | None:
        found = self.canonical(text)
        return found if found in self._goals else None

    def resolve_area(self, text: str) -> str | None:
        found = self.canonical(text)
        return found if found in self._areas else None

    def counts(self) -> dict[str, int]:
        """How many areas, goals and practices of each kind the model holds."""
        if self.shape == "clauses":
            cells = [p for a in self.areas for g in a.goals for p in g.practices]
            return {"clauses": len(self.areas), "sub_clauses": len(cells),
                    "requirements_to_audit": sum(1 for p in cells if not p.attribute)}
        if self.shape == "processes":
            return {
                "processes": len(self.areas),
                "base_practices": sum(1 for a in self.areas for g in a.goals for p in g.practices
                                      if not p.generic and not p.attribute),
                "process_attributes": len(self.attributes),
                "generic_practices": len({p.local_id for a in self.areas for g in a.goals for p in g.practices
                                          if p.generic}),
            }
        if self.shape == "practice_groups":
            return {"practice_areas": len(self.areas), "practice_groups": sum(len(a.goals) for a in self.areas),
                    "practices": sum(len(g.practices) for a in self.areas for g in a.goals)}
        specific_goals = [g for a in self.areas for g in a.specific_goals]
        generic = {g.local_id: g for a in self.areas for g in a.generic_goals}
        return {
            "process_areas": len(self.areas),
            "specific_goals": len(specific_goals),
            "specific_practices": sum(len(g.practices) for g in specific_goals),
            "generic_goals": len(generic),
            "generic_practices": sum(len(g.practices) for g in generic.values()),
        }
