"""Use cases shared by the command line and the terminal UI.

An ``Appraisal`` is an open appraisal file with its model and rating scheme:
create it, link evidence, characterize, record decisions, rate. Everything a
user types (practice ids, projects, values) is resolved and checked here, and
every refusal is a ``UsageError`` whose message says what would be accepted.
"""

from __future__ import annotations

import getpass
import json
import os
import secrets
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from glob import escape as glob_escape
from pathlib import Path
from typing import Any, cast

from appraise.errors import AppraiseError, FrameworkError, ImportConflict, StoreError, UsageError
from appraise.framework import Framework, Scale, load_framework_file, load_framework_text
from appraise.framework.bundled import bundled_framework_ids, bundled_framework_path
from appraise.io.characterizations import (
    CharacterizationPlan,
    plan_characterization_import,
)
from appraise.io.evidence import EvidencePlan, plan_evidence_import
from appraise.io.export import FORMATS as EXPORT_FORMATS
from appraise.io.export import format_for as export_format_for
from appraise.io.export import level_line, level_rule
from appraise.schemes import (
    Decision,
    PendingDecision,
    RatingNode,
    RatingTree,
    Scheme,
    Scope,
    checked_scheme,
    latest_decisions,
    scheme_for,
)
from appraise.schemes.audit.rules import clause_order
from appraise.schemes.report import aggregation_line
from appraise.schemes.view import CreatedFacts, SchemeView, ScopeFacts, view_for
from appraise.services.scope import NeedsConfirmation, ScopeCorrection, check_project_codes, correct_scope
from appraise.store import (
    AppraisalInfo,
    AppraisalReads,
    AppraisalStore,
    ChangeRecord,
    DecisionRecord,
    EvidenceItem,
    Finding,
    is_read_only,
    probe,
    records,
)
from appraise.store.records import Reversal
from appraise.store.sqlite import SqliteStore

#: The bundled sample appraisal (sample_projects/acme-ml2): what `appraise demo` opens.
SAMPLE = "acme-ml2"

#: What a finding can be (SCAMPI: strengths and weaknesses per process area).
FINDING_KINDS = ("strength", "weakness")

#: Appraisal settings (the store's ``setting`` table).
REFINED = "refined"
MATURITY_MODEL = "maturity_model"
MATURITY_MODEL_ORIGIN = "maturity_model_origin"


def default_user() -> str:
    """Who is making changes: ``$APPRAISE_USER``, else the login name."""
    try:
        return os.environ.get("APPRAISE_USER") or getpass.getuser()
    except (KeyError, OSError):  # pragma: no cover - no passwd entry
        return "unknown"


def framework_path(name_or_path: str) -> Path:
    """A bundled framework id (``cmmi-dev-1.3``) or the path of a framework file."""
    bundled = {i.lower(): i for i in bundled_framework_ids()}
    if name_or_path.strip().lower() in bundled:
        return bundled_framework_path(bundled[name_or_path.strip().lower()])
    p = Path(name_or_path)
    if p.suffix.lower() in (".yaml", ".yml") or p.exists():
        return p
    raise FrameworkError(f"no framework {name_or_path!r}: use a bundled one "
                         f"({', '.join(bundled_framework_ids())}) or the path of a framework file")


def model_file_kind(path: str | Path) -> str:
    """What a YAML file is: ``mapping``, ``maturity-model`` or a ``framework`` (model) file."""
    from appraise.framework.loader import read_data_file
    from appraise.framework.mapping import is_mapping_text
    from appraise.framework.maturity import is_maturity_model_text

    p = maturity_model_path(path)
    try:
        text = read_data_file(p, "model")  # a regular file only: a FIFO must not block here
    except FrameworkError:
        return "framework"  # the model loader says what is wrong with it
    if is_mapping_text(text):
        return "mapping"
    return "maturity-model" if is_maturity_model_text(text) else "framework"


#: The bundled example maturity model (it illustrates the format; it is not a standard's model).
MATURITY_EXAMPLE = "maturity-model-example"


def maturity_model_path(name_or_path: str | Path) -> Path:
    """A maturity model file, or the bundled example by its name (so it works from an installed package)."""
    p = Path(name_or_path)
    if p.exists() or str(name_or_path).removesuffix(".yaml") != MATURITY_EXAMPLE:
        return p
    from appraise.resources import bundled_dir

    return bundled_dir("sample_projects") / f"{MATURITY_EXAMPLE}.yaml"


def validate_maturity_model(path: str | Path) -> tuple[Any, Framework]:
    """Check a maturity model file and the model it names, as attaching it would: (maturity model, framework)."""
    from appraise.framework.maturity import line_of, load_maturity_file

    path = maturity_model_path(path)
    named = load_maturity_file(path).framework
    try:
        framework = load_framework(named)
    except FrameworkError as exc:
        raise FrameworkError(f"{line_of(path, 'framework')}{exc}") from None
    try:
        _maturity_settings(framework, path)
    except UsageError as exc:
        raise FrameworkError(f"{line_of(path, 'framework')}{exc}") from None
    return load_maturity_file(path, framework), framework


def _maturity_settings(model: Framework, path: str | Path) -> dict[str, str]:
    """Check a maturity model file against ``model`` and return the settings that attach it."""
    from appraise.framework.maturity import load_maturity_file

    if model.no_maturity_levels:
        raise UsageError(f"{model.id}: no maturity model can be attached: {model.no_maturity_levels}")
    if not model.attributes:
        raise UsageError(f"a maturity model file is for ISO/IEC 33020 process assessments, not {model.id}"
                         + (" (CMMI has its own maturity levels)" if model.maturity_levels else ""))
    p = maturity_model_path(path)
    load_maturity_file(p, model)  # refused with file:line: what, before anything is written
    return {MATURITY_MODEL: p.read_text(encoding="utf-8"), MATURITY_MODEL_ORIGIN: p.name}


def load_framework(name_or_path: str) -> Framework:
    """Load and check a framework, including that appraise has its rating scheme."""
    framework = load_framework_file(framework_path(name_or_path))
    checked_scheme(framework)
    return framework


@dataclass(frozen=True)
class CharacterizationChange:
    practice: str
    project: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class CellImport:
    """What importing one row would do to its cell: the value and note recorded, and the file's."""

    practice: str
    project: str
    old: str | None
    new: str
    old_note: str
    #: None: the file gives no note (the cell's note is kept)
    new_note: str | None

    @property
    def replaces_note(self) -> bool:
        return bool(self.old_note) and self.new_note is not None and self.new_note != self.old_note

    @property
    def conflict(self) -> bool:
        """The team recorded this cell differently: a value, or a note the file would replace."""
        return self.old is not None and (self.old != self.new or self.replaces_note)

    @property
    def note_change(self) -> str:
        """What the import does to the cell's note ("note added ('...')", replaced, kept), or ""."""
        if self.new_note is not None and self.new_note != self.old_note:
            return (f"note replaced ({self.old_note!r} -> {self.new_note!r})" if self.old_note
                    else f"note added ({self.new_note!r})")
        return f"note kept ({self.old_note!r})" if self.old_note and self.old != self.new else ""

    def describe(self) -> str:
        cell = f"{self.practice} / {self.project}: {self.old or '—'} -> {self.new}"
        return f"{cell}; {self.note_change}" if self.note_change else cell


#: What a characterization import does with cells the team recorded differently.
ON_CONFLICT = ("refuse", "replace", "keep")


class _OwnWrites:
    """The writer as ``Appraisal.store`` hands it out: each write method runs under the appraisal's watch
    lock and is taken in as its own change when done, so the watch never reports it as made elsewhere."""

    def __init__(self, writer: AppraisalStore, appraisal: Appraisal) -> None:
        self._writer = writer
        self._appraisal = appraisal

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._writer, name)
        if name.startswith("_") or not callable(attr) or hasattr(AppraisalReads, name):
            return attr  # reads and plain attributes pass through

        def write(*args: Any, **kwargs: Any) -> Any:
            if self._appraisal.replaced_on_disk():  # the write would go to a file nobody will open again
                raise StoreError(f"{self._appraisal.reader.path} was replaced or removed on disk since it was "
                                 "opened (a restore, a sync tool, `appraise demo --force`): open it again; "
                                 "nothing was written")
            with self._appraisal._watch_lock:
                before = self._appraisal.reader.last_change_id()
                try:
                    return attr(*args, **kwargs)
                finally:
                    self._appraisal._own_write_done(before)

        return write


class Appraisal:
    """An open appraisal: the file, its framework, scope and rating scheme.

    Reads go through ``reader``; the first write opens ``store`` (the store's write connection).
    Both are the store interface (``appraise.store.AppraisalStore``); neither loads an ORM.
    """

    def __init__(self, reader: AppraisalReads, writer: AppraisalStore | None = None) -> None:
        self.reader = reader
        self._writer = writer
        self._writer_lock = threading.Lock()
        try:
            self.info: AppraisalInfo = reader.info()
            self.framework: Framework = load_framework_text(
                self.info.framework_text, origin=f"{reader.path} (model {self.info.framework_id})")
            self.scheme: Scheme = scheme_for(self.framework)
            #: The scheme's words and capabilities, with the model's own words (``words:``) over them.
            self.view: SchemeView = view_for(self.framework)
        except AppraiseError:
            self.close()
            raise
        self._load_scope()
        self._start_watching()

    def _load_scope(self) -> None:
        """The scope as the file holds it (read again after a setting changes)."""
        self.info = self.reader.info()
        settings = self.info.settings
        maturity = None
        if settings.get(MATURITY_MODEL):
            from appraise.framework.maturity import load_maturity_text

            maturity = load_maturity_text(settings[MATURITY_MODEL], f"{self.reader.path} (maturity model "
                                          f"{settings.get(MATURITY_MODEL_ORIGIN, '')})", self.framework)
        self.scope = Scope(self.info.representation, self.info.target, self.info.areas, self.info.projects,
                           refined=settings.get(REFINED) == "1", maturity_model=maturity)
        self.practices: list[str] = self.scheme.practices_in_scope(self.framework, self.scope)
        self._in_scope = frozenset(self.practices)
        #: Every practice (cell) id in scope, for quick membership tests.
        self.in_scope = self._in_scope
        #: The values cells take in this appraisal (ISO/IEC 33020: the refined ones only when allowed).
        self.values: tuple[str, ...] = self.scheme.allowed_values(self.framework, self.scope)

    @property
    def store(self) -> AppraisalStore:
        """The file opened for writing (opened on first use; an older file is migrated then).

        Its write methods are taken in as this instance's own (``changes_elsewhere`` leaves them out).
        """
        with self._writer_lock:  # the UI's warm-up worker and a first keypress may ask at once
            if self._writer is None:
                # an older read-only file (read from a copy) is refused there, before anything is written
                self._writer = SqliteStore.open(self.reader.path, self.reader.appraisal_id)
            return cast("AppraisalStore", _OwnWrites(self._writer, self))

    # -- changes made elsewhere (another process, another open copy) ------------------------------
    def _file_identity(self) -> tuple[int, int]:
        st = os.stat(self.reader.path)
        return st.st_dev, st.st_ino

    def replaced_on_disk(self) -> bool:
        """The path no longer names the file this instance opened: it was replaced (a restore, a sync tool,
        ``demo --force``) or removed. Writes would go to the old, unlinked file: they are refused."""
        try:
            return self._file_identity() != self._identity
        except OSError:
            return True

    def _start_watching(self) -> None:
        try:
            self._identity: tuple[int, int] | None = self._file_identity()
        except OSError:
            self._identity = None
        self._watch_lock = threading.RLock()
        #: ids of change-log entries this instance wrote that the watch has not passed yet
        self._own_changes: set[int] = set()
        self._seen_version = self.reader.data_version()
        self._seen_change = self.reader.last_change_id()

    def _own_write_done(self, before: int) -> None:
        """Right after a write of this instance: the change-log entries it added are its own. (What another
        process wrote before is left for ``changes_elsewhere`` to report.)"""
        self._own_changes.update(range(before + 1, self.reader.last_change_id() + 1))

    def changes_elsewhere(self) -> list[ChangeRecord] | None:
        """The changes another process (or another open copy of the file) wrote since this instance last
        looked, oldest first; ``[]`` when the file changed without a logged change; None when nothing changed
        but this instance's own writes. Cheap (one PRAGMA) when nothing changed; never waits for this
        instance's own writes."""
        if not self._watch_lock.acquire(blocking=False):  # a write of ours is under way: look next time
            return None
        try:
            version = self.reader.data_version(wait=False)
            if version is None or version == self._seen_version:
                return None
            self._seen_version = version
            changes = self.reader.changes_since(self._seen_change)
            if changes:
                self._seen_change = changes[-1][0]
            elsewhere = [c for i, c in changes if i not in self._own_changes]
            self._own_changes.difference_update(i for i, _c in changes)
            if changes and not elsewhere:
                return None  # only our own writes
            self._load_scope()  # the unit, projects or target may have been corrected elsewhere
            return elsewhere
        finally:
            self._watch_lock.release()

    # -- opening and creating ------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path) -> Appraisal:
        """Open an appraisal file; an older one is migrated first (in one transaction), or, when it is
        read-only, read from a migrated copy in memory: rating, exports and the log work, writes are refused."""
        version = probe(path)
        if version < records.SCHEMA_VERSION:
            if is_read_only(path):
                return cls(SqliteStore.read_old(path, version))
            writer = SqliteStore.open(path)
            return cls(writer, writer)
        return cls(SqliteStore.open_for_reading(path))

    @classmethod
    def create(cls, path: str | Path, *, framework: str, representation: str | None = None, target: int | None,
               unit: str, projects: list[str], areas: list[str] | None = None, who: str | None = None,
               scope_name: str | None = None, refined: bool = False,
               maturity_model: str | Path | None = None) -> Appraisal:
        """Create an appraisal file: the model, its scope (areas or processes, or a scope the model names),
        the projects (process instances) and, for ISO/IEC 33020, the refined scale and a maturity model.

        The file is built aside and moved into place whole (``build_aside``): ``path`` holds either
        nothing or a whole appraisal, whenever the process is stopped.
        """
        return build_aside(path, lambda aside: cls._create(
            aside, Path(path).name, framework=framework, representation=representation, target=target, unit=unit,
            projects=projects, areas=areas, who=who, scope_name=scope_name, refined=refined,
            maturity_model=maturity_model))

    @classmethod
    def _create(cls, path: Path, name: str, *, framework: str, representation: str | None, target: int | None,
                unit: str, projects: list[str], areas: list[str] | None, who: str | None, scope_name: str | None,
                refined: bool, maturity_model: str | Path | None) -> Appraisal:
        fw_path = framework_path(framework)
        model = load_framework_file(fw_path)
        scheme = checked_scheme(model)
        view = view_for(model)
        representation = representation or model.representations[0]
        if target is None:
            if view.target_level:
                raise UsageError(f"{model.id} needs a target level (--target)")
            target = 0
        elif not view.target_level:
            raise UsageError(f"an audit against {model.id} has no target level: leave out --target")
        if representation not in model.representations:
            raise UsageError(f"{model.id} has no {representation!r} representation "
                             f"(it has: {', '.join(model.representations)})")
        if not unit.strip():
            raise UsageError("the organizational unit needs a name")
        codes = [c.strip() for c in projects if c.strip()]
        check_project_codes(codes)
        word, words = view.words.area, view.words.areas
        if scope_name:
            if areas:
                raise UsageError(f"give either a named scope or the {words}, not both")
            named = model.scopes.get(scope_name.strip().lower())
            if named is None:
                known = ", ".join(s.name for s in model.scopes.values()) or "none"
                raise UsageError(f"{model.id} names no scope {scope_name!r} (scopes: {known}); "
                                 f"choose the {words} instead")
            if named.processes is None:
                raise UsageError(f"{model.id}: --scope {named.name} cannot be used: {named.note}")
            areas = list(named.processes)
        resolved_areas = []
        for a in areas or []:
            found = model.resolve_area(a)
            if found is None:
                raise UsageError(f"unknown {word} {a!r} in {model.id} ({words}: {', '.join(x.id for x in model.areas)})")
            resolved_areas.append(found)
        scope = scheme.make_scope(model, representation, target, resolved_areas, codes)
        settings: dict[str, str] = {}
        if refined:
            if not any(v.refined for v in model.scale.values):
                raise UsageError(f"{model.id}'s scale has no refined values")
            settings[REFINED] = "1"
        if maturity_model is not None:
            settings.update(_maturity_settings(model, maturity_model))
        store = SqliteStore.create(
            path, unit=unit.strip(), framework_id=model.id, framework_text=fw_path.read_text(encoding="utf-8"),
            representation=scope.representation, target=scope.target, areas=scope.areas,
            projects=scope.projects, who=who or default_user(), settings=settings, name=name)
        return cls(store, store)

    def close(self) -> None:
        if self._writer is not None and self._writer is not self.reader:
            self._writer.close()
        self.reader.close()

    def __enter__(self) -> Appraisal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- resolving what a user typed --------------------------------------------------------
    def resolve_practice(self, text: str) -> str:
        found = self.framework.resolve_practice(text)
        if found is None:
            raise UsageError(f"unknown {self.view.words.practice} {text!r} in {self.framework.id} (write it like "
                             f"{self.practices[0] if self.practices else 'REQM SP 1.1'!r})")
        if found not in self._in_scope:
            raise UsageError(f"{found} is not in this appraisal's scope")
        return found

    def resolve_project(self, text: str) -> str:
        for code in self.info.projects:
            if code.upper() == text.strip().upper():
                return code
        raise UsageError(f"unknown project {text!r} (projects: {', '.join(self.info.projects)})")

    def resolve_value(self, text: str) -> str:
        value = self.framework.scale.parse(text)
        if value is None or value not in self.values:
            extra = " (refined values need an appraisal created with --refined)" if value is not None else ""
            raise UsageError(f"{text!r} is not a {self.view.words.characterization}: use one of {', '.join(self.values)}" + extra)
        return value

    def value_keys(self) -> dict[str, str]:
        """The single keys that set a value in the terminal UI, for the values this appraisal uses."""
        return {k: v.id for v in self.framework.scale.values if v.id in self.values for k in v.keys}

    # -- characterizations -------------------------------------------------------------------
    def characterize(self, practice: str, project: str, value: str | None, note: str | None = None,
                     who: str | None = None) -> CharacterizationChange:
        """Set (or with ``value=None`` clear) one practice's characterization in one project.

        ``note=None`` keeps the cell's note; ``""`` clears it.
        """
        pid = self.resolve_practice(practice)
        code = self.resolve_project(project)
        new = None if value is None else self.resolve_value(value)
        if new is not None or note:  # clearing stays possible: it removes what no longer applies
            self._refuse_ruled_out(pid)
        old = self.reader.characterization(pid, code)
        self.store.set_characterizations([(pid, code, new, note)], who or default_user())
        return CharacterizationChange(pid, code, old, new)

    def refusal(self) -> Callable[[str], str | None]:
        """``why(practice)``: why the method takes nothing on a practice (or clause) now, or None — an area
        ruled not applicable (SCAMPI R4.2), a requirement excluded (ISO 9001 A1.2). The one rule the CLI,
        the imports and the screens ask; the decisions are read once per call."""
        return self.scheme.refusal(self.framework, self.scope, self._rule_decisions())

    def _refuse_ruled_out(self, practice: str) -> None:
        why = self.refusal()(practice)
        if why:
            raise UsageError(why)

    def plan_characterizations(self, csv_path: str | Path) -> CharacterizationPlan:
        words = (self.view.words.practice, self.view.words.characterization)
        return plan_characterization_import(csv_path, self.framework.resolve_practice, self._in_scope,
                                            self.info.projects, self.framework.scale, self.values, words,
                                            refuse=self.refusal())

    def characterization_changes(self, plan: CharacterizationPlan) -> list[CellImport]:
        """What importing ``plan`` would change, cell by cell (rows that change nothing are left out)."""
        values = self.reader.characterizations()
        notes = self.reader.characterization_notes()
        out = []
        for practice, code, value, note in plan.rows:
            change = CellImport(practice, code, values.get(practice, {}).get(code), value,
                                notes.get((practice, code), ""), note)
            if change.old != change.new or (note is not None and note != change.old_note):
                out.append(change)
        return out

    def import_characterizations(self, plan: CharacterizationPlan, who: str | None = None,
                                 on_conflict: str = "refuse") -> list[CellImport]:
        """Record the plan's characterizations in one transaction; returns the cells changed.

        A cell the team recorded differently (``CellImport.conflict``) is never overwritten silently:
        ``on_conflict="refuse"`` raises ``ImportConflict`` listing them and writes nothing, ``"replace"``
        writes the file's values over them, ``"keep"`` leaves them as recorded and imports the rest.
        """
        if on_conflict not in ON_CONFLICT:
            raise ValueError(on_conflict)
        changes = self.characterization_changes(plan)
        conflicts = [c for c in changes if c.conflict]
        if conflicts and on_conflict == "refuse":
            raise ImportConflict(
                f"{plan.path.name}: {len(conflicts)} cell{'s are' if len(conflicts) != 1 else ' is'} recorded "
                "differently in the appraisal; nothing was recorded. Replace them with the file's values "
                "(--replace) or keep what is recorded (--keep-existing)",
                [c.describe() for c in conflicts])
        if on_conflict == "keep":
            changes = [c for c in changes if not c.conflict]
        self.store.set_characterizations([(c.practice, c.project, c.new, c.new_note) for c in changes],
                                         who or default_user(), what=f"characterization (import {plan.path.name})")
        return changes

    # -- evidence ----------------------------------------------------------------------------
    def plan_evidence(self, csv_path: str | Path) -> EvidencePlan:
        """Read and check an evidence index; nothing is written (a dry run is this alone)."""
        plan = plan_evidence_import(csv_path, self.framework.resolve_practice, self._in_scope,
                                    self.info.projects, self.reader.evidence_keys())
        if plan.reused:
            present = self.reader.evidence_links(-ref for ref, _p, _c in plan.links if ref < 0)
            plan.new_links = sum(1 for ref, practice, code in plan.links
                                 if ref >= 0 or (-ref, practice, code) not in present)
        return plan

    def import_evidence(self, plan: EvidencePlan, who: str | None = None) -> tuple[int, int]:
        return self.store.import_evidence(plan.items, plan.links, plan.path.name, who or default_user())

    # -- decisions ---------------------------------------------------------------------------
    def decision_target(self, text: str) -> str:
        found = self.scheme.resolve_target(self.framework, self.scope, self.reader.characterizations(),
                                           self._rule_decisions(), text)
        if found is None:
            if self.framework.attributes:
                raise UsageError(f"{text!r} is not a consistency check that fired in this assessment "
                                 "(see `appraise rate` for the open ones)")
            raise UsageError(f"{text!r} is not a practice, goal or process area of {self.framework.id}")
        return found

    def decision_options(self, target: str) -> tuple[str, tuple[str, ...], str]:
        """The kind of decision ``target`` takes, the values the method offers, and the rule.

        Raises ``UsageError`` when the method leaves nothing to decide there.
        """
        canonical = self.decision_target(target)
        return self.scheme.decision_options(self.framework, self.scope, canonical, self.reader.characterizations(),
                                            self._rule_decisions())

    def _rule_decisions(self) -> list[Decision]:
        """The recorded decisions as the rating rules take them (with what each was made on)."""
        return [Decision(d.kind, d.target, d.value, d.rationale, json.loads(d.basis) if d.basis else None)
                for d in self.reader.decisions()]

    def characterizations(self) -> dict[str, dict[str, str]]:
        """``{practice: {project: value}}`` of every characterized cell."""
        return self.reader.characterizations()

    def evidence_cells(self, practices: Sequence[str] | None = None) -> dict[tuple[str, str], set[str]]:
        """``{(practice, project): {kinds of evidence linked}}``; of ``practices`` only when given (what a page of
        the matrix shows, read as it comes into view)."""
        return self.reader.evidence_cells(practices)

    def decide(self, target: str, value: str, why: str, who: str | None = None) -> DecisionRecord:
        """Record a team decision on ``target``; the value must be one the method offers."""
        canonical = self.decision_target(target)
        kind, options, _rule = self.decision_options(canonical)
        chosen = next((o for o in options if o.upper() == value.strip().upper()), None)
        if chosen is None:
            raise UsageError(f"{value!r} is not an option for {canonical}: choose one of {', '.join(options)}")
        if not why.strip():
            raise UsageError("a decision needs its rationale (--why \"...\")")
        if self.view.exclusions:  # an exclusion (A1.2) stands only on a requirement without findings
            self._check_exclusion(canonical, chosen)
        previous = [d for d in self.reader.decisions() if d.kind == kind and d.target == canonical]
        old = previous[-1].value if previous else None
        # what the decision is made on: it stands only while that holds
        made_on = self.scheme.decision_basis(self.framework, self.scope, canonical, self.reader.characterizations(),
                                             self._rule_decisions())
        basis = "" if made_on is None else json.dumps(made_on, sort_keys=True)
        return self.store.add_decision(kind, canonical, chosen, why.strip(), who or default_user(), old, basis)

    def decisions(self) -> list[DecisionRecord]:
        return self.reader.decisions()

    # -- ISO/IEC 33020 scope settings -------------------------------------------------------
    def set_weights(self, weights: dict[str, str] | None, why: str, who: str | None = None) -> DecisionRecord:
        """Weight the instances in aggregation (M3.4), with the rationale it needs; None: the plain mean."""
        from fractions import Fraction

        from appraise.schemes.iso33020.rules import WEIGHTS, WEIGHTS_TARGET

        if not self.view.weights:
            raise UsageError(f"instance weights are for ISO/IEC 33020 assessments, not {self.framework.id}")
        if not why.strip():
            raise UsageError("weights need their rationale (--why \"...\"): M3.4 makes a weighting without "
                             "one invalid")
        basis: dict[str, str] = {}
        if weights is not None:
            for text, weight in weights.items():
                code = self.resolve_project(text)
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
            missing = [p for p in self.info.projects if p not in basis]
            if missing:
                raise UsageError(f"give every instance a weight: {', '.join(missing)} has none")
            if not any(Fraction(v) for v in basis.values()):
                raise UsageError("at least one weight must be above 0")
        previous = [d for d in self.reader.decisions() if d.kind == WEIGHTS]
        old = previous[-1].value if previous else None
        value = "mean" if weights is None else ",".join(f"{p}={float(Fraction(basis[p])):g}" for p in self.info.projects)
        return self.store.add_decision(WEIGHTS, WEIGHTS_TARGET, value, why.strip(), who or default_user(), old,
                                       json.dumps(basis) if basis else "")

    def attach_maturity_model(self, path: str | Path | None, who: str | None = None) -> None:
        """Attach (None: detach) an organizational maturity model file, checked against this model."""
        settings: dict[str, str | None] = {MATURITY_MODEL: None, MATURITY_MODEL_ORIGIN: None}
        if path is not None:
            settings.update(_maturity_settings(self.framework, path))
        old = self.info.settings.get(MATURITY_MODEL_ORIGIN)
        self.store.set_settings(settings, who or default_user(), "maturity model", self.framework.id, old,
                                settings[MATURITY_MODEL_ORIGIN])
        self._load_scope()

    # -- correcting the scope --------------------------------------------------------------------
    def correct_scope(self, *, unit: str | None = None, add: Sequence[str] = (), rename: Sequence[str] = (),
                      remove: Sequence[str] = (), target: int | None = None, confirm: bool = False,
                      why: str = "", who: str | None = None) -> ScopeCorrection:
        """Correct the unit, the projects (add, rename OLD=NEW, remove while nothing is recorded on them) and
        the target, in one transaction; ``confirm`` lets a target leave recorded characterizations out of scope."""
        return correct_scope(self, unit=unit, add=add, rename=rename, remove=remove, target=target,
                             confirm=confirm, why=why, who=who or default_user())

    # -- evidence and findings, as screens show them ---------------------------------------------
    def evidence_items(self) -> list[EvidenceItem]:
        return self.reader.evidence_items()

    def evidence_for(self, practice: str) -> dict[str, list[EvidenceItem]]:
        """The items linked to ``practice``, per project (every project present, maybe empty)."""
        pid = self.resolve_practice(practice)
        out: dict[str, list[EvidenceItem]] = {code: [] for code in self.info.projects}
        for code, item in self.reader.evidence_of_practice(pid):
            out[code].append(item)
        return out

    def evidence_links(self) -> dict[int, list[tuple[str, str]]]:
        """Every item's (practice, project) links, in one read."""
        return self.reader.evidence_links_by_item()

    def link_origins_of(self, evidence_id: int) -> dict[tuple[str, str], dict[str, str]]:
        """``{(practice, project): origin}`` for this item's links accepted from an audit (reuse)."""
        return {(practice, project): json.loads(origin) for (e, practice, project), origin
                in self.reader.link_origins().items() if e == evidence_id}

    def evidence_links_of(self, evidence_id: int) -> list[tuple[str, str]]:
        """(practice, project) links of one evidence item."""
        return self.reader.evidence_links_of(evidence_id)

    def notes(self) -> dict[tuple[str, str], str]:
        """The team's note on every (practice, project) cell that has one."""
        return self.reader.characterization_notes()

    def notes_for(self, practice: str) -> dict[str, str]:
        pid = self.resolve_practice(practice)
        return {code: note for (pr, code), note in self.reader.characterization_notes().items() if pr == pid}

    def link_evidence(self, evidence_id: int, practice: str, project: str, who: str | None = None,
                      link: bool = True) -> bool:
        """Link (``link=False``: unlink) an evidence item to a practice in a project."""
        pid = self.resolve_practice(practice)
        code = self.resolve_project(project)
        if self.reader.evidence_item(evidence_id) is None:
            raise UsageError(f"there is no evidence item #{evidence_id}")
        return self.store.link_evidence(evidence_id, pid, code, who or default_user(), link)

    def findings(self) -> list[Finding]:
        return self.reader.findings()

    def save_finding(self, kind: str, area: str, text: str, practice: str | None = None,
                     finding_id: int | None = None, who: str | None = None, site: str | None = None,
                     evidence_id: int | None = None) -> int:
        """Record a strength or weakness of a process area (optionally about one practice).

        In an audit a new finding is raised on a clause, in one ``site`` (None: the whole organization),
        optionally citing an evidence item; a finding changed keeps its site and evidence.
        """
        kinds = self.view.finding_kinds
        if kind not in kinds:
            raise UsageError(f"a finding is a {' or a '.join(kinds)}, not {kind!r}")
        area_id = self.framework.resolve_area(area)
        if area_id is None or area_id not in self.info.areas:
            raise UsageError(f"{area!r} is not a process area of this appraisal")
        pid = None
        if practice:
            pid = self.resolve_practice(practice)
            if self.framework.practice(pid).area != area_id:
                raise UsageError(f"{pid} is not a practice of {area_id}")
        if not text.strip():
            raise UsageError("a finding needs its text")
        audited = self.view.nonconformities  # raised on a clause, in a site, a nonconformity tracked
        if audited and pid is None:
            raise UsageError("an audit finding is raised on a clause: choose the sub-clause it is about")
        if audited and pid is not None:
            self._refuse_ruled_out(pid)
        if audited and finding_id is None:
            return self.add_audit_finding(pid or area_id, kind, text, site, evidence_id, who).id
        status = "open" if audited and finding_id is None and kind in ("major", "minor") else ""
        return self.store.save_finding(finding_id, kind, area_id, pid, text.strip(), who or default_user(),
                                       status=status)

    def delete_finding(self, finding_id: int, who: str | None = None) -> None:
        self.store.delete_finding(finding_id, who or default_user())

    def summary(self) -> dict[str, Any]:
        """The rating summary as data: what every export format renders."""
        from appraise.io.export import summary

        rating = self.rate().to_dict()
        return summary(self.info, self.framework, rating, self.decisions(), self.progress(rating),
                       self.reader.characterization_notes(), self.reader.findings())

    def export_text(self, fmt: str) -> str:
        """The rating summary rendered as ``fmt`` (md, csv, json), e.g. for standard output."""
        from appraise.io.export import render

        return render(self.summary(), fmt)

    def change_log(self) -> list[ChangeRecord]:
        """Every rating-relevant change, oldest first."""
        return self.reader.change_log()

    # -- undo and redo (appraise.services.undo) -----------------------------------------------------
    def undo(self, steps: int = 1, who: str | None = None, session: bool = False) -> list[Reversal]:
        """Undo the last ``steps`` changes of ``who`` (``session=True``: made through this object), in one go."""
        from appraise.services.undo import UNDO, reverse

        return reverse(self, UNDO, steps, who, session)

    def redo(self, steps: int = 1, who: str | None = None, session: bool = False) -> list[Reversal]:
        """Redo the last ``steps`` undos of ``who`` (or of this session) that no new change has replaced."""
        from appraise.services.undo import REDO, reverse

        return reverse(self, REDO, steps, who, session)

    @property
    def session_changes(self) -> list[int]:
        """The undoable change-log entries written through this open appraisal, oldest first."""
        return list(self._writer.written) if self._writer is not None else []

    def export(self, fmt: str | None, dest: str | Path) -> Path:
        """Write the rating summary as ``fmt`` (md, csv, json; None: from the extension) to ``dest``."""
        from appraise.io.export import format_for, write_export

        return write_export(self.summary(), format_for(dest, fmt), dest)

    # -- rating ------------------------------------------------------------------------------
    def rate(self) -> RatingTree:
        """The rating as the neutral tree every face renders (``to_dict()``: the documented JSON)."""
        return self.scheme.rate(self.framework, self.scope, self.reader.characterizations(), self._rule_decisions(),
                                findings=self.reader.findings() if self.scheme.rates_findings else ())

    # -- audits (ISO 9001) ----------------------------------------------------------------------
    def _require_audit(self) -> None:
        if not self.view.nonconformities:
            raise UsageError(f"{self.framework.id} is not audited clause by clause: this command is for audits "
                             "(e.g. --framework iso-9001-2015)")

    def resolve_clause(self, text: str) -> str:
        found = self.framework.canonical(text)
        if found is not None and found not in self._in_scope:
            top = found.split(".")[0]
            raise UsageError(f"{found} is outside this audit: it covers clauses {', '.join(self.info.areas)} "
                             f"(a partial audit, A1.1); clause {top} was left out when it was created")
        if found is None:
            raise UsageError(f"{text!r} is not a clause of this audit (write it like 8.5.1)")
        return found

    def conform(self, clause: str, site: str | None = None, who: str | None = None) -> list[tuple[str, str]]:
        """Record conformity on a clause (and every clause below it that applies) in one site, or in every site."""
        self._require_audit()
        area = self.framework.resolve_area(clause)
        cid = area if area is not None and area in self.info.areas else self.resolve_clause(clause)
        sites = [self.resolve_project(site)] if site else list(self.info.projects)
        refusal = self.refusal()  # the decisions read once
        if cid not in self.info.areas and (why := refusal(cid)):
            raise UsageError(why)
        cells = [p for p in self.practices if (p == cid or p.startswith(cid + ".")) and not refusal(p)]
        rows = [(c, s, "C", None) for c in cells for s in sites]
        self.store.set_characterizations(rows, who or default_user(), what="conformity")
        return [(c, s) for c, s, _v, _n in rows]

    def add_audit_finding(self, clause: str, grade: str, text: str, site: str | None = None,
                          evidence_id: int | None = None, who: str | None = None) -> Finding:
        """Record an audit finding (A2) on a clause; a nonconformity starts open (A6, A7)."""
        self._require_audit()
        from appraise.schemes.audit.rules import GRADES, NONCONFORMITIES

        cid = self.resolve_clause(clause)
        self._refuse_ruled_out(cid)
        wanted = grade.strip().lower()
        if wanted not in GRADES:
            raise UsageError(f"a finding's grade is one of {', '.join(GRADES)}, not {grade!r}")
        code = self.resolve_project(site) if site else ""
        if evidence_id is not None and self.reader.evidence_item(evidence_id) is None:
            raise UsageError(f"there is no evidence item #{evidence_id}")
        if not text.strip():
            raise UsageError("a finding needs its text (--text \"...\")")
        status = "open" if wanted in NONCONFORMITIES else ""
        fid = self.store.save_finding(None, wanted, self.framework.practice(cid).area, cid, text.strip(),
                                      who or default_user(), code, evidence_id, status)
        return next(f for f in self.reader.findings() if f.id == fid)

    def _audit_finding(self, finding_id: int) -> Finding:
        """A nonconformity of this audit, by id (refused for anything else)."""
        finding = next((f for f in self.reader.findings() if f.id == finding_id), None)
        if finding is None:
            raise UsageError(f"there is no finding {finding_id}")
        if finding.kind not in ("major", "minor"):
            raise UsageError(f"finding {finding_id} is {'an' if finding.kind[0] in 'aeio' else 'a'} {finding.kind}, "
                             "not a nonconformity: it has no plan or closure to track (A4)")
        return finding

    def update_finding_status(self, finding_id: int, status: str, who: str | None = None,
                              why: str = "") -> Finding:
        """A nonconformity's plan accepted (A7: minors and majors alike; a major still waits for verification,
        A8.1), or verified closed (A6). ``why``, if given, is kept in the change log."""
        self._require_audit()
        finding = self._audit_finding(finding_id)
        if finding.status == "verified_closed":
            raise UsageError(f"finding {finding_id} is verified closed already; if that was a mistake, reopen it "
                             "(--reopen --why \"...\"); a new nonconformity is a new finding")
        if status == finding.status:
            raise UsageError(f"finding {finding_id} has its plan accepted already (A7); --verified-closed "
                             "records the verification (A6)")
        self.store.set_finding_status(finding_id, status, who or default_user(), why.strip())
        return next(f for f in self.reader.findings() if f.id == finding_id)

    def set_back_finding(self, finding_id: int, how: str, why: str, who: str | None = None) -> Finding:
        """A status set by mistake, set back to open with the reason kept in the change log (A7, last sentence).

        ``how``: ``reopen`` (from plan accepted or verified closed) or ``plan_withdrawn`` (from plan accepted).
        """
        self._require_audit()
        from appraise.schemes.audit.rules import SET_BACK_FROM

        if how not in SET_BACK_FROM:
            raise UsageError(f"a finding is set back by {' or '.join(SET_BACK_FROM)}, not {how!r}")
        finding = self._audit_finding(finding_id)
        if not why.strip():
            raise UsageError("say why the status is set back (--why \"...\"): the reason is kept in the change log "
                             "(A7)")
        if finding.status not in SET_BACK_FROM[how]:
            now_ = finding.status.replace("_", " ") or "open"
            what = "reopened" if how == "reopen" else "set back by withdrawing its plan"
            raise UsageError(f"finding {finding_id} is {now_}: only a finding "
                             f"{' or '.join(x.replace('_', ' ') for x in SET_BACK_FROM[how])} can be {what}")
        reason = ("reopened: " if how == "reopen" else "plan withdrawn: ") + why.strip()
        self.store.set_finding_status(finding_id, "open", who or default_user(), reason)
        return next(f for f in self.reader.findings() if f.id == finding_id)

    def set_back_option(self, finding_id: int) -> str:
        """How this nonconformity's status would be set back: ``plan_withdrawn`` from an accepted plan,
        ``reopen`` from a verified closure; refused when there is nothing to set back."""
        self._require_audit()
        finding = self._audit_finding(finding_id)
        if finding.status == "plan_accepted":
            return "plan_withdrawn"
        if finding.status == "verified_closed":
            return "reopen"
        raise UsageError(f"finding {finding_id} is open: there is no plan accepted or closure to set back")

    def exclusions(self) -> dict[str, str]:
        """The requirements declared not applicable (ISO 9001 §4.3, A1.2) -> their justification."""
        from appraise.schemes.audit.rules import excluded_clauses

        return excluded_clauses(self.framework, self.scope, self._rule_decisions()) if self.view.exclusions else {}

    def _check_exclusion(self, clause: str, value: str) -> None:
        """Before an exclusion is recorded (A1.2): no finding on the clause, above or below it; only an
        excluded clause is made applicable again."""
        if value == "applicable":
            if clause not in self.exclusions():
                raise UsageError(f"{clause} is not declared not applicable: there is nothing to undo")
            return
        related = [f for f in self.reader.findings() if (f.practice or f.area) == clause or
                   (f.practice or "").startswith(clause + ".") or clause.startswith((f.practice or f.area) + ".")]
        if related:
            raise UsageError(f"{clause} has finding{'s' if len(related) > 1 else ''} "
                             f"{', '.join('#' + str(f.id) for f in related)}: a requirement with findings is "
                             "applicable; delete them first if they were raised by mistake (A1.2)")

    def maturity_model_gaps(self) -> list[str]:
        """Processes the attached maturity model names that this assessment does not assess (they block)."""
        model = self.scope.maturity_model
        if model is None:
            return []
        scoped = set(self.scope.areas)
        return sorted({pid for level in model.levels for req in level.requires for pid in req.processes
                       if pid not in scoped}, key=lambda p: [a.id for a in self.framework.areas].index(p))

    def progress(self, rating: dict[str, Any] | None = None) -> dict[str, int]:
        """Practice x project cells characterized and with evidence, leaving out areas rated not applicable."""
        rating = rating if rating is not None else self.rate().to_dict()
        excluded = {a["id"] for a in rating.get("process_areas", ()) if a["rating"] == "not_applicable"}
        practices = [p for p in self.practices if self.framework.practice(p).area not in excluded]
        chars = self.reader.characterizations()
        cells = len(practices) * len(self.info.projects)
        done = sum(1 for p in practices for code in self.info.projects if code in chars.get(p, {}))
        counts = self.reader.evidence_counts()
        return {"cells": cells, "characterized": done, **counts}


#: How old a left-over partial file must be before a new build removes it (it is a killed build's, not
#: one running now).
STALE_PARTIAL_SECONDS = 600


def build_aside(dest: str | Path, build: Callable[[Path], Appraisal], replace: bool = False) -> Appraisal:
    """Build an appraisal file beside ``dest`` and move it into place whole; return it opened at ``dest``.

    ``build(aside)`` creates and fills the file at a hidden temporary name in the same folder. Only a
    finished, closed file is moved: with ``replace`` it takes the place of ``dest`` in one rename, else it
    is linked to ``dest`` only if nothing is there (never overwriting a file that appeared meanwhile).
    Killed at any moment, ``dest`` holds the old file (or nothing) or the whole new one.
    """
    dest = Path(dest)
    if dest.is_dir():
        raise UsageError(f"{dest} is a folder: give the appraisal file to create in it, "
                         f"e.g. {dest / 'acme.appraisal'}")
    if not dest.parent.is_dir():
        raise StoreError(f"{dest.parent} is not a folder: cannot create {dest.name} there")
    if dest.exists() and not replace:
        raise StoreError(f"{dest} already exists: choose another file name or remove it first")
    _remove_stale_partials(dest)
    aside = dest.with_name(f".{dest.name}.{os.getpid()}-{secrets.token_hex(4)}.partial")
    try:
        build(aside).close()
        _sqlite_leftovers_removed(aside)
        if replace:
            _sqlite_leftovers_removed(dest)  # an old file's journal must not be replayed onto the new one
            os.replace(aside, dest)
        else:
            _sqlite_leftovers_removed(dest)
            try:
                os.link(aside, dest)  # fails if dest appeared meanwhile: never overwrite
            except FileExistsError:
                raise StoreError(f"{dest} already exists: choose another file name or remove it first") from None
            except OSError:  # a file system without hard links: rename, checked just before
                if dest.exists():
                    raise StoreError(f"{dest} already exists: choose another file name or remove it "
                                     "first") from None
                os.rename(aside, dest)
    except OSError as exc:
        raise StoreError(f"{dest}: cannot create the appraisal file ({exc.strerror or exc})") from None
    finally:
        aside.unlink(missing_ok=True)
        _sqlite_leftovers_removed(aside)
    return Appraisal.open(dest)


def _sqlite_leftovers_removed(path: Path) -> None:
    """Remove the journal files SQLite may leave beside ``path`` when a process was killed."""
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _remove_stale_partials(dest: Path) -> None:
    """Left-overs of builds of ``dest`` that were killed: their process is gone (or, on a shared folder
    where that cannot be told, they are older than STALE_PARTIAL_SECONDS)."""
    import time

    for p in dest.parent.glob(f".{glob_escape(dest.name)}.*.partial*"):
        pid = p.name[len(dest.name) + 2:].split("-")[0]
        try:
            if (pid.isdigit() and not _process_alive(int(pid))) or \
                    time.time() - p.stat().st_mtime > STALE_PARTIAL_SECONDS:
                p.unlink()
        except OSError:
            pass


def _process_alive(pid: int) -> bool:
    if os.name != "posix":  # os.kill(pid, 0) would end the process elsewhere: rely on the age there
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # alive, another user's
        return True
    return True


def sample_names() -> list[str]:
    """The bundled samples (folders of sample_projects with a sample.yaml)."""
    from appraise.resources import bundled_dir

    return sorted(p.parent.name for p in bundled_dir("sample_projects").glob("*/sample.yaml"))


def build_sample(name: str, dest: str | Path, who: str | None = None, replace: bool = False) -> Appraisal:
    """Create the appraisal file ``dest`` from the bundled sample ``name`` (``replace``: over an existing one).

    The sample is its sources (``sample.yaml``, the evidence index, the
    characterizations and the team's decisions; for an audit the conformity
    recorded and the findings), built through the same use cases a user runs,
    so it always matches this version's file format. It is built aside and
    moved into place whole (``build_aside``).
    """
    import yaml

    from appraise.resources import bundled_dir

    src = bundled_dir("sample_projects") / name
    spec_path = src / "sample.yaml"
    if not spec_path.is_file():
        raise UsageError(f"no sample {name!r} (samples: {', '.join(sample_names())})")
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    who = who or spec.get("lead", default_user())
    target = spec.get("target")

    def build(aside: Path) -> Appraisal:
        appraisal = Appraisal._create(
            aside, Path(dest).name, framework=spec["framework"], representation=spec.get("representation"),
            target=None if target is None else int(target), unit=spec["unit"], projects=list(spec["projects"]),
            areas=spec.get("process_areas"), who=who, scope_name=None, refined=False, maturity_model=None)
        try:
            if spec.get("evidence"):
                appraisal.import_evidence(appraisal.plan_evidence(src / spec["evidence"]), who)
            if spec.get("characterizations"):
                appraisal.import_characterizations(
                    appraisal.plan_characterizations(src / spec["characterizations"]), who)
            for d in spec.get("decisions", []):
                appraisal.decide(d["target"], d["value"], d["why"], who)
            for c in spec.get("conformity", []):
                clause, site = (c["clause"], c.get("site")) if isinstance(c, dict) else (str(c), None)
                appraisal.conform(str(clause), site, who)
            for f in spec.get("findings", []):
                found = appraisal.add_audit_finding(str(f["clause"]), f["grade"], f["text"], f.get("site"),
                                                    f.get("evidence"), who)
                if f.get("status") in ("plan_accepted", "verified_closed"):
                    appraisal.update_finding_status(found.id, f["status"], who)
        except BaseException:
            appraisal.close()
            raise
        return appraisal

    return build_aside(dest, build, replace=replace)


# Screens and commands import from here alone (DESIGN.md): the use cases, and
# the records and display helpers they show.
__all__ = [
    "EXPORT_FORMATS",
    "SAMPLE",
    "FINDING_KINDS",
    "CreatedFacts",
    "SchemeView",
    "ScopeFacts",
    "Appraisal",
    "AppraisalInfo",
    "ChangeRecord",
    "CellImport",
    "CharacterizationChange",
    "ON_CONFLICT",
    "DecisionRecord",
    "EvidenceItem",
    "EvidencePlan",
    "Finding",
    "NeedsConfirmation",
    "ScopeCorrection",
    "Framework",
    "Reversal",
    "Scale",
    "build_sample",
    "clause_order",
    "sample_names",
    "bundled_framework_ids",
    "default_user",
    "export_format_for",
    "framework_path",
    "aggregation_line",
    "latest_decisions",
    "PendingDecision",
    "RatingNode",
    "RatingTree",
    "level_rule",
    "level_line",
    "load_framework",
    "model_file_kind",
    "validate_maturity_model",
    "view_for",
]
