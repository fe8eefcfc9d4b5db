"""The open appraisal: the file, its model, scope and rating scheme, and its use cases.

An ``Appraisal`` is an open appraisal file: open or create it, rate it, export the rating. What a user does to
it is grouped by use case, one attribute each: ``cells`` (``characterization.py``), ``decisions``, ``assessors``
(several assessors' ratings of a cell), ``evidence``, ``findings``, ``setup`` (scope corrections and the maturity
model, ``scope.py``), ``team`` (the roster and the details) and ``history`` (the change log, undo, ``undo.py``).
Everything a user types (practice ids, projects, values) is resolved and checked here, and every refusal is a
``UsageError`` whose message says what would be accepted."""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, cast

from appraise.errors import AppraiseError, StoreError, UsageError
from appraise.framework import Framework, load_framework_text
from appraise.locations import ServerLocation, is_server, locate
from appraise.schemes import (
    CellAdvice,
    CellFacts,
    RatingTree,
    Refusal,
    Scheme,
    SchemeView,
    Scope,
    scheme_for,
    view_for,
)
from appraise.schemes.document import Chart
from appraise.services.assessors import Assessors
from appraise.services.characterization import Cells
from appraise.services.decisions import Decisions
from appraise.services.evidence import Evidence
from appraise.services.files import build_aside, default_user
from appraise.services.findings import Findings
from appraise.services.frameworks import (
    MATURITY_MODEL,
    MATURITY_MODEL_ORIGIN,
    REFINED,
)
from appraise.services.merging import Merging
from appraise.services.resolving import Resolving
from appraise.services.scope import Setup
from appraise.services.team import Team
from appraise.services.undo import History
from appraise.store import AppraisalInfo, AppraisalReads, AppraisalStore, ChangeRecord, is_read_only, probe, records
from appraise.store.sqlite import SqliteStore


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
            self._appraisal.permit(name, _who_of(attr, args, kwargs))  # a refusal changes nothing
            if self._appraisal.replaced_on_disk():  # the write would go to a file nobody will open again
                raise StoreError(f"{self._appraisal.reader.path} was replaced or removed on disk since it was "
                                 "opened (a restore, a sync tool, `appraise demo --force`): open it again; "
                                 "nothing was written")
            with self._appraisal._watch_lock:
                before = len(self._writer.logged)
                try:
                    return attr(*args, **kwargs)
                finally:
                    self._appraisal._own_write_done(self._writer.logged[before:])

        return write


def _who_of(method: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    """The ``who`` a store write is called with (every write of ``AppraisalStore`` takes one)."""
    import inspect

    try:
        return str(inspect.signature(method).bind(*args, **kwargs).arguments.get("who") or "")
    except TypeError:
        return ""


class Appraisal(Resolving):
    """An open appraisal: the file, its framework, scope and rating scheme. Reads go through ``reader``; the first
    write opens ``store`` (the write connection); both are the store interface, neither loads an ORM."""

    def __init__(self, reader: AppraisalReads, writer: AppraisalStore | None = None) -> None:
        self.reader = reader
        self._writer = writer
        self._writer_lock = threading.Lock()
        #: Who makes a change when a command or screen does not say (``--by``): ``$APPRAISE_USER``, else the login
        #: name; on a team's server, ``$APPRAISE_USER``, else the database user (what the server knows of who is
        #: connected: a team sharing one database user names itself with ``$APPRAISE_USER``).
        asked = getattr(reader, "database_user", None)
        #: The database user this appraisal's server connection works as (what the server knows of who connected;
        #: the roles take it over ``--by`` when it is a member's login); None for a file.
        self.database_user: str | None = None if asked is None else asked()
        #: The appraisal lives in a team's database (not a file): nothing on disk to watch for replacement.
        self.on_server: bool = self.database_user is not None
        self.user: str = default_user() if self.database_user is None else \
            (os.environ.get("APPRAISE_USER") or self.database_user)
        try:
            self.info: AppraisalInfo = reader.info()
            #: The model as its file holds it; ``framework`` is the model as this appraisal rates it (with the
            #: scheme's per-appraisal cells, e.g. CMMI V3.0's per-process rows of II and GOV).
            self.model: Framework = load_framework_text(
                self.info.framework_text, origin=f"{reader.path} (model {self.info.framework_id})")
            self.framework: Framework = self.model
            self.scheme: Scheme = scheme_for(self.model)
            #: The scheme's words and capabilities, with the model's own words (``words:``) over them.
            self.view: SchemeView = view_for(self.model)
        except AppraiseError:
            self.close()
            raise
        self.cells = Cells(self)
        self.assessors = Assessors(self)
        self.decisions = Decisions(self)
        self.evidence = Evidence(self)
        self.findings = Findings(self)
        self.setup = Setup(self)
        self.team = Team(self)
        self.history, self.merging = History(self), Merging(self)
        self.reload_scope()
        self._start_watching()

    def reload_scope(self) -> None:
        """The scope as the file holds it (read again after a setting changes)."""
        self.info = self.reader.info()
        settings = self.info.settings
        maturity = None
        if settings.get(MATURITY_MODEL):
            from appraise.framework.maturity import load_maturity_text

            maturity = load_maturity_text(settings[MATURITY_MODEL], f"{self.reader.path} (maturity model "
                                          f"{settings.get(MATURITY_MODEL_ORIGIN, '')})", self.framework)
        self.scope = Scope(self.info.representation, self.info.target, self.info.areas, self.info.projects,
                           refined=settings.get(REFINED) == "1", maturity_model=maturity, settings=dict(settings))
        self.framework = self.scheme.specialize(self.model, self.scope)
        self.practices: list[str] = self.scheme.practices_in_scope(self.framework, self.scope)
        self._in_scope = frozenset(self.practices)
        #: Every practice (cell) id in scope, for quick membership tests.
        self.in_scope = self._in_scope
        #: The values cells take in this appraisal (ISO/IEC 33020: the refined ones only when allowed).
        self.values: tuple[str, ...] = self.scheme.allowed_values(self.framework, self.scope)

    @property
    def store(self) -> AppraisalStore:
        """The file opened for writing (on first use; an older file is migrated then); its write methods are
        taken in as this instance's own (``changes_elsewhere`` leaves them out)."""
        with self._writer_lock:  # the UI's warm-up worker and a first keypress may ask at once
            if self._writer is None:
                # an older read-only file (read from a copy) is refused there, before anything is written
                self._writer = SqliteStore.open(self.reader.path, self.reader.appraisal_id)
            return cast("AppraisalStore", _OwnWrites(self._writer, self))

    def permit(self, write: str, who: str) -> None:
        """Refuse (a ``UsageError`` naming the role) a store write ``write`` (the ``AppraisalStore`` method's
        name) that ``who`` may not make on this appraisal's team; every write of ``store`` asks this first."""
        from appraise.services.permissions import permit

        permit(self, write, who)

    def writer_if_open(self) -> AppraisalStore | None:
        """The writer, only if a write (or an older file's migration) opened it already."""
        return self._writer

    # -- changes made elsewhere (another process, another open copy) ------------------------------
    def _file_identity(self) -> tuple[int, int]:
        st = os.stat(self.reader.path)
        return st.st_dev, st.st_ino

    def replaced_on_disk(self) -> bool:
        """The path no longer names the file this instance opened: it was replaced (a restore, a sync tool,
        ``demo --force``) or removed. Writes would go to the old, unlinked file: they are refused. (Never for an
        appraisal on a server.)"""
        if self.on_server:
            return False
        try:
            return self._file_identity() != self._identity
        except OSError:
            return True

    def _start_watching(self) -> None:
        try:
            self._identity: tuple[int, int] | None = None if self.on_server else self._file_identity()
        except OSError:
            self._identity = None
        self._watch_lock = threading.RLock()
        #: ids of change-log entries this instance wrote that the watch has not passed yet
        self._own_changes: set[int] = set()
        self._seen_version = self.reader.data_version()
        self._seen_change = self.reader.last_change_id()

    def _own_write_done(self, entries: Sequence[int]) -> None:
        """Right after a write of this instance: the change-log entries its transaction added (the store
        notes them under the write lock) are its own. Whatever another process wrote, even just before or
        while this write waited for the lock, is left for ``changes_elsewhere`` to report."""
        self._own_changes.update(entries)

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
            self.reload_scope()  # the unit, projects or target may have been corrected elsewhere
            return elsewhere
        finally:
            self._watch_lock.release()

    # -- opening and creating ------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path | ServerLocation) -> Appraisal:
        """Open an appraisal file; an older one is migrated first (in one transaction), or, when it is
        read-only, read from a migrated copy in memory: rating, exports and the log work, writes are refused.
        A server location (``postgresql://host/db?appraisal=acme``, ``@acme``) opens that appraisal there."""
        where = _server(path)
        if where is not None:
            from appraise.store.postgres import PostgresStore

            store = PostgresStore.open(where)
            try:
                return cls(store, store)
            except BaseException:
                store.close()
                raise
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
               maturity_model: str | Path | None = None, options: Mapping[str, Any] | None = None) -> Appraisal:
        """Create an appraisal file: the model, its scope (areas or processes, or a scope the model names),
        the projects (process instances) and, for ISO/IEC 33020, the refined scale and a maturity model;
        ``options`` are the scheme's own (``Scheme.make_scope``: CMMI V3.0's type, domains, support functions ...).

        The file is built aside and moved into place whole (``build_aside``): ``path`` holds either
        nothing or a whole appraisal, whenever the process is stopped.
        """
        where = _server(path)
        if where is not None:  # a team's database: the appraisal is one transaction there, nothing to build aside
            return cls._create(where, where.name, framework=framework, representation=representation, target=target,
                               unit=unit, projects=projects, areas=areas, who=who, scope_name=scope_name,
                               refined=refined, maturity_model=maturity_model, options=options)
        return build_aside(path, lambda aside: cls._create(
            aside, Path(path).name, framework=framework, representation=representation, target=target, unit=unit,
            projects=projects, areas=areas, who=who, scope_name=scope_name, refined=refined,
            maturity_model=maturity_model, options=options))

    @classmethod
    def _create(cls, path: Path | ServerLocation, name: str, **choices: Any) -> Appraisal:
        """Create the appraisal at ``path`` (a file's temporary name, or a server location) from the user's
        choices (``services/creating.py`` checks them) and open it."""
        from appraise.services.creating import new_store

        store = new_store(path, name, **choices)
        try:
            return cls(store, store)
        except BaseException:
            store.close()
            raise

    def close(self) -> None:
        if self._writer is not None and self._writer is not self.reader:
            self._writer.close()
        self.reader.close()

    def __enter__(self) -> Appraisal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def refusal(self) -> Refusal:
        """``why(practice, unit=None)``: why the method takes nothing on a practice (or one unit's cell of it) now,
        or None — an area ruled not applicable (SCAMPI R4.2), a requirement excluded (ISO 9001 A1.2), a unit outside
        a sample (CMMI V3.0). The one rule the CLI, imports and screens ask; the decisions are read once per call."""
        return self.scheme.refusal(self.framework, self.scope, self.decisions.for_rules())

    def refuse_ruled_out(self, practice: str, unit: str | None = None) -> None:
        """Refuse a value or a finding on a practice (in one unit) the method takes nothing on now."""
        why = self.refusal()(practice, unit)
        if why:
            raise UsageError(why)

    def advise(self, practice: str, unit: str) -> CellAdvice | None:
        """The scheme's advice on one cell (a value its evidence proposes, flags), or None when it has none."""
        value = self.reader.characterization(practice, unit)
        note = self.reader.characterization_notes().get((practice, unit), "")
        kinds = self.reader.evidence_cells([practice]).get((practice, unit), set())
        return self.scheme.advise(self.framework, self.scope, CellFacts(
            practice, unit, value, note, "artifact" in kinds, "affirmation" in kinds))

    # -- rating ------------------------------------------------------------------------------
    def rate(self) -> RatingTree:
        """The rating as the neutral tree every face renders (``to_dict()``: the documented JSON)."""
        return self.scheme.rate(self.framework, self.scope, self.reader.characterizations(),
                                self.decisions.for_rules(),
                                findings=self.reader.findings() if self.scheme.rates_findings else ())

    def profile_chart(self, tree: RatingTree | None = None) -> Chart | None:
        """The rating profile as the scheme's view draws it (a bar per area at its level; None: no levels to
        draw, e.g. a staged rating or an audit), from ``tree`` (the rating already computed) or a new rating."""
        return self.view.profile_chart(tree if tree is not None else self.rate())

    def summary(self, tree: RatingTree | None = None) -> dict[str, Any]:
        """The rating summary as data: what every export format renders (``tree``: the rating already computed)."""
        from appraise.io.export import summary

        rating = (tree if tree is not None else self.rate()).to_dict()
        decisions = self.assessors.without_lapsed(self.decisions.all())  # a lapsed consensus stands no more
        return summary(self.info, self.framework, rating, decisions, self.progress(rating),
                       self.reader.characterization_notes(), self.reader.findings())

    def export_text(self, fmt: str, anonymize_projects: bool = False) -> str:
        """The rating summary rendered as ``fmt``, e.g. for standard output: md, the report the scheme lays out
        (``services/deliverables.py``; ``anonymize_projects``: units as Project 1..n), or csv, json (the data)."""
        from appraise.io.export import format_for, render

        if format_for("", fmt) == "md":
            from appraise.io.deliver.markdown import render as markdown
            from appraise.services.deliverables import document

            return markdown(document(self, anonymize_projects))
        _data_as_recorded(fmt, anonymize_projects)
        return render(self.summary(), fmt)

    def export(self, fmt: str | None, dest: str | Path, template: str | Path | None = None,
               anonymize_projects: bool = False) -> Path:
        """Write the rating summary as ``fmt`` (md, csv, json; None: from the extension) to ``dest``, a
        deliverable (pptx, html, pdf, xlsx: ``services/deliverables.py``), or one of the workbooks the scheme's
        view offers (``SchemeView.exports``, e.g. ``cas-roll-up``)."""
        from appraise.io.deliver import FORMATS as DELIVERABLES
        from appraise.io.export import FORMATS, destination, format_for, write_export
        from appraise.services.deliverables import refuse_own_file

        refuse_own_file(self, dest)
        if fmt is None and Path(dest).suffix.lower().lstrip(".") in DELIVERABLES:
            fmt = Path(dest).suffix.lower().lstrip(".")
        if fmt in DELIVERABLES:
            from appraise.services.deliverables import write_deliverable

            return write_deliverable(self, fmt, dest, template, anonymize_projects)[0]
        if template is not None:
            raise UsageError("--template is a PowerPoint deck for --format pptx")
        if fmt is not None and fmt not in FORMATS:
            from appraise.services.workbook_exports import EXPORTERS

            if fmt not in self.view.exports or fmt not in EXPORTERS:
                raise UsageError(f"unknown export format {fmt!r} (formats: {', '.join(self.export_formats)})")
            _data_as_recorded(fmt, anonymize_projects)
            return EXPORTERS[fmt](self, Path(dest))
        fmt = format_for(dest, fmt)
        if fmt == "md":
            from appraise.io.deliver.markdown import write
            from appraise.services.deliverables import document

            return write(document(self, anonymize_projects), destination(dest, fmt))
        _data_as_recorded(fmt, anonymize_projects)
        return write_export(self.summary(), fmt, dest)

    @property
    def export_formats(self) -> tuple[str, ...]:
        """The formats ``export`` writes for this appraisal: md, csv, json and the scheme's own."""
        from appraise.io.deliver import FORMATS as DELIVERABLES
        from appraise.io.export import FORMATS

        return FORMATS + DELIVERABLES + self.view.exports

    def progress(self, rating: dict[str, Any] | None = None) -> dict[str, int]:
        """Practice x project cells characterized and with evidence, leaving out areas rated not applicable and
        the cells the scheme takes no value in (CMMI V3.0: a unit outside an area's sample)."""
        rating = rating if rating is not None else self.rate().to_dict()
        excluded = {a["id"] for a in rating.get("process_areas", ()) if a["rating"] == "not_applicable"}
        practices = [p for p in self.practices if self.framework.practice(p).area not in excluded]
        chars = self.reader.characterizations()
        per_unit = self.scheme.refusal(self.framework, self.scope, self.decisions.for_rules())
        taken = [(p, code) for p in practices for code in self.info.projects
                 if code in chars.get(p, {}) or not per_unit(p, code)]
        cells = len(taken)
        done = sum(1 for p, code in taken if code in chars.get(p, {}))
        counts = self.reader.evidence_counts()
        return {"cells": cells, "characterized": done, **counts}


def _server(path: str | Path | ServerLocation) -> ServerLocation | None:
    """The server location ``path`` names, or None for a file."""
    if isinstance(path, ServerLocation):
        return path
    if isinstance(path, str) and is_server(path):
        found = locate(path)
        return found if isinstance(found, ServerLocation) else None
    return None


def _data_as_recorded(fmt: str, anonymize_projects: bool) -> None:
    """csv, json and the scheme's workbooks are the data as recorded, the project codes their keys: refused
    rather than handed over with the codes in them when the projects are to be anonymized."""
    if anonymize_projects:
        raise UsageError(f"--anonymize-projects is for the report and the deliverables (md, html, pdf, pptx, "
                         f"xlsx); {fmt} is the data as recorded, with the project codes")
