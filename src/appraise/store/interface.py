"""The one way to the store: ``AppraisalStore``, a small typed interface of use-case-shaped operations.

The services depend on this and on nothing else of the store (like Harlequin's ``HarlequinAdapter`` /
``HarlequinConnection``: one interface, one class per backend). A store instance is bound to one
appraisal (``appraisal_id``) in one database. Each operation is one call = one transaction on one
connection: a keypress in the matrix is one ``set_characterizations``; an evidence import of a million
rows is one ``import_evidence``. What a write checks (a duplicate, a project still there, an undo's
"changed since") is read inside its own write transaction, under the write lock; ids come from the
database; uniqueness is the database's unique keys (``appraise.store.models``, the one definition of
the tables). A refused write changes nothing and raises an ``AppraiseError`` (``StoreError``,
``UsageError``) whose text is the whole message for the user.

Implementations:

- ``appraise.store.sqlite.SqliteStore``: the ``.appraisal`` file (SQLite through the standard library's
  ``sqlite3``; ``BEGIN IMMEDIATE`` takes the write lock when a write begins).
- ``appraise.store.postgres.PostgresStore``: an appraisal in a team's PostgreSQL database, which holds many,
  each by its name. A second class behind this interface, not a rewrite: the SQLite store's statement classes
  run unchanged over a psycopg connection adapter (``?`` parameters, ``lastrowid`` from ``RETURNING id``); what
  differs is a few hooks it overrides. Its tables come from the same SQLModel metadata (created when absent, under
  an advisory lock; the schema version in ``appraise_schema``). Every operation here is one ``READ COMMITTED``
  transaction whose first statement raises the appraisal's ``revision``: that takes the appraisal row's lock
  (one appraisal's writes run one after another, as SQLite's write lock makes them) and is what ``data_version``
  answers. An import's item ids come back with one ``RETURNING`` per chunk; the characterization read uses
  ``json_object_agg``; a lock held too long is the same busy ``StoreError``. ``tests/store_contract`` runs
  against both through its ``store_factory`` fixture.

Portable SQL (every statement class): ``?`` parameters; ``ON CONFLICT`` instead of ``INSERT OR ...``; explicit
``ORDER BY``; strict types; no SQLite function outside a hook.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from appraise.store.records import (
    AppraisalInfo,
    ChangeRecord,
    DecisionRecord,
    EvidenceItem,
    Finding,
    NewEvidence,
    Reversal,
    ScopeChange,
    Suggestion,
    TeamMemberRecord,
)


@runtime_checkable
class AppraisalReads(Protocol):
    """What a screen or command reads of one appraisal (each call one statement batch, no write lock)."""

    #: Where the appraisal lives: the file; a server store names its database and appraisal as text
    #: (``postgresql://user@host/db?appraisal=acme``, never the password).
    path: Path
    #: The appraisal this store is bound to (an ``.appraisal`` file holds one).
    appraisal_id: int

    def close(self) -> None: ...

    # -- watching for changes made elsewhere
    def data_version(self, wait: bool = True) -> int | None:
        """A number that changes when another connection commits; None when busy and ``wait`` is False."""

    def last_change_id(self) -> int: ...
    def changes_since(self, change_id: int) -> list[tuple[int, ChangeRecord]]: ...

    # -- the appraisal and its scope
    def info(self) -> AppraisalInfo: ...
    def settings(self) -> dict[str, str]: ...
    def team(self) -> list[TeamMemberRecord]:
        """The team roster (``appraise team``) in its order."""
    def project_ids(self) -> dict[str, int]: ...
    def recorded_on_project(self, code: str) -> dict[str, int]: ...

    # -- characterizations, decisions, the change log
    def characterizations(self) -> dict[str, dict[str, str]]: ...
    def characterization(self, practice: str, project: str) -> str | None: ...
    def characterization_notes(self) -> dict[tuple[str, str], str]: ...
    def decisions(self) -> list[DecisionRecord]: ...
    def assessor_ratings(self) -> dict[tuple[str, str], dict[str, str]]:
        """``{(practice, project code): {assessor: value}}`` where several assessors rate a cell."""
    def assessor_notes(self) -> dict[tuple[str, str], dict[str, str]]: ...
    def change_log(self) -> list[ChangeRecord]: ...
    def undo_history(self, who: str | None = None) -> list[tuple[int, int | None]]: ...

    # -- evidence, findings, reuse suggestions
    def evidence_keys(self) -> dict[tuple[str, str, str], int]: ...
    def evidence_links(self, evidence_ids: Iterable[int]) -> set[tuple[int, str, str]]: ...
    def evidence_counts(self) -> dict[str, int]: ...
    def evidence_cells(self, practices: Sequence[str] | None = None) -> dict[tuple[str, str], set[str]]: ...
    def evidence_items(self) -> list[EvidenceItem]: ...
    def evidence_item(self, evidence_id: int) -> EvidenceItem | None: ...
    def evidence_of_practice(self, practice: str) -> list[tuple[str, EvidenceItem]]: ...
    def evidence_links_by_item(self) -> dict[int, list[tuple[str, str]]]: ...
    def evidence_links_of(self, evidence_id: int) -> list[tuple[str, str]]: ...
    def findings(self) -> list[Finding]: ...
    def suggestions(self, audit: str | None = None) -> list[Suggestion]: ...
    def link_origins(self) -> dict[tuple[int, str, str], str]: ...


@runtime_checkable
class AppraisalStore(AppraisalReads, Protocol):
    """The reads plus the writes: each write one transaction; every rating-relevant one logged with its undo."""

    #: The undoable change-log entries written through this instance (a session's own changes), oldest first.
    written: list[int]
    #: Every change-log entry this instance committed, oldest first (taken inside each write transaction).
    logged: list[int]

    def set_characterizations(self, rows: Iterable[tuple[str, str, str | None, str | None]], who: str,
                              what: str = "characterization") -> int:
        """(practice, project code, value or None to clear, note or None to keep) -> cells changed."""

    def set_assessor_ratings(self, rows: Iterable[tuple[str, str, str, str | None, str | None]], who: str,
                             what: str = "assessor rating",
                             cells: Iterable[tuple[str, str, str | None, str | None]] = (),
                             cells_what: str = "characterization (assessors)") -> int:
        """(practice, project, assessor, value or None to remove, note or None to keep) with the consolidated
        ``cells`` they imply (as ``set_characterizations`` takes them), in one transaction -> ratings changed."""

    def add_decision(self, kind: str, target: str, value: str, rationale: str, who: str,
                     old: str | None, basis: str = "",
                     cells: Iterable[tuple[str, str, str | None, str | None]] = ()) -> DecisionRecord:
        """A team decision; ``cells``: characterizations it sets in the same transaction (a consensus)."""

    def set_settings(self, values: dict[str, str | None], who: str, what: str, target: str,
                     old: str | None, new: str | None) -> None: ...

    def change_scope(self, change: ScopeChange, who: str) -> None: ...

    def add_team_member(self, name: str, role: str, affiliation: str, licence: str, who: str,
                        login: str = "") -> TeamMemberRecord:
        """Add a member at the end of the roster (logged); a name already on it is a UsageError. ``login``: the
        login or database user that is this member (permissions)."""

    def update_team_member(self, name: str, who: str, role: str | None = None,
                           login: str | None = None) -> TeamMemberRecord:
        """Change a member's role and/or login (None: keep) in their place (logged, undoable); a name not on the
        roster is a UsageError naming the roster."""

    def remove_team_member(self, name: str, who: str) -> TeamMemberRecord:
        """Remove a member from the roster (logged); a name not on it is a UsageError naming the roster."""

    def link_evidence(self, evidence_id: int, practice: str, project: str, who: str, link: bool = True) -> bool:
        """Link (or unlink) one item to one cell; False when it already was (was not)."""

    def import_evidence(self, items: Iterable[NewEvidence], links: Iterable[tuple[int, str, str]],
                        imported_from: str, who: str, remove: Sequence[int] = ()) -> tuple[int, int]:
        """New items and their links (index into ``items``, or ``-id`` of an item there) -> (items, links);
        ``remove``: items removed in the same transaction (an import with ``--sync``)."""

    def remove_evidence(self, ids: Sequence[int], who: str) -> int:
        """Remove items with their links, logged with its undo; an unknown or cited id refuses them all."""

    def save_finding(self, finding_id: int | None, kind: str, area: str, practice: str | None, text: str,
                     who: str, site: str = "", evidence_id: int | None = None, status: str = "") -> int: ...

    def add_findings(self, rows: Sequence[tuple[str, str, str | None, str, str]], source: str, who: str) -> int:
        """(kind, area, practice or None, text, status) rows in one transaction with one undo -> how many."""

    def set_finding_status(self, finding_id: int, status: str, who: str, why: str = "") -> None: ...

    def delete_finding(self, finding_id: int, who: str) -> None: ...

    def add_suggestions(self, rows: Sequence[dict[str, Any]], who: str) -> int: ...

    def decide_suggestions(self, accept: Sequence[int], reject: Sequence[int], who: str) -> tuple[int, int]: ...

    def reverse_changes(self, steps: Sequence[tuple[int, str]], who: str) -> list[Reversal]:
        """Undo / redo change-log entries in one transaction; a conflict refuses them all."""

    # -- mini-team copies and their merge (``appraise.store.sqlite.merge``: the state a merge compares)
    def forks(self) -> list[dict[str, Any]]: ...
    def finding_identities(self, forks: Sequence[dict[str, Any]] | None = None) -> dict[int, str]: ...
    def merge_state(self) -> dict[str, Any]: ...
    def merge_conflicts(self, pending_only: bool = True) -> list[dict[str, Any]]: ...

    def record_fork(self, uid: str, label: str, areas: Sequence[str], state: dict[str, Any], who: str) -> None:
        """In a new copy: its ``base`` row (the records as forked)."""

    def apply_merge(self, changes: Sequence[dict[str, Any]], conflicts: Sequence[dict[str, Any]],
                    copies: Sequence[dict[str, Any]], who: str, since: int | None = None) -> int | None:
        """A whole merge in one transaction, logged, one undo step."""

    def decide_conflict(self, conflict_id: int, value: Any, rationale: str, who: str) -> None:
        """The team's consensus on a pending conflict, applied to its record."""


__all__ = ["AppraisalReads", "AppraisalStore"]
