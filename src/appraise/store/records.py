"""What the store hands out: plain frozen records, and the file's identity and schema version.

Standard library only, so screens and the read path never import the ORM.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

#: "APPR": marks a SQLite file as an appraisal (PRAGMA application_id).
APPLICATION_ID = 0x41505052
#: The schema this version writes (PRAGMA user_version); older files are migrated.
SCHEMA_VERSION = 10


@dataclass(frozen=True)
class AppraisalInfo:
    path: Path
    unit: str
    framework_id: str
    framework_text: str
    representation: str
    target: int
    areas: tuple[str, ...]
    projects: tuple[str, ...]
    created_at: str
    created_by: str
    #: Appraisal settings (``refined``, ``maturity_model``); empty for most appraisals.
    settings: Mapping[str, str] = field(default_factory=dict)
    #: The appraisal's identity, kept by its copies (fork, push, pull): a merge refuses another appraisal's copy.
    uid: str = ""
    #: Its name in a database of many (``?appraisal=acme``); None in a file.
    name: str | None = None


@dataclass(frozen=True)
class AppraisalListing:
    """One appraisal of a database that holds many (``appraise list``)."""

    name: str
    unit: str
    framework_id: str
    created_at: str
    created_by: str
    #: How many change-log entries it has, and when the last one was written ("" when none).
    changes: int = 0
    last_change_at: str = ""


@dataclass(frozen=True)
class DecisionRecord:
    id: int
    kind: str
    target: str
    value: str
    rationale: str
    decided_by: str
    decided_at: str
    basis: str = ""


@dataclass(frozen=True)
class TeamMemberRecord:
    """One member of the appraisal team's roster, in the roster's order."""

    name: str
    role: str
    affiliation: str = ""
    licence: str = ""
    #: The login or database user that is this member ("" when not given).
    login: str = ""


@dataclass(frozen=True)
class ChangeRecord:
    at: str
    who: str
    what: str
    target: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class Reversal:
    """One change undone (or redone): what it was, where, what it had set and what stands again."""

    step: str  # "undo" or "redo"
    what: str
    target: str
    undone: str | None
    restored: str | None
    #: The change-log entry that recorded the reversal.
    entry: int


@dataclass(frozen=True)
class NewEvidence:
    """An evidence item to import; (kind, title, location) identifies it for de-duplication."""

    kind: str
    title: str
    location: str
    description: str
    collected_by: str
    collected_on: str | None
    source: str
    #: An affirmation's channel (``AFFIRMATION_CHANNELS``), "" for an artifact.
    channel: str = ""


#: How an affirmation was given (V8.6): oral (interview, presentation, demonstration) or written (email, chat,
#: data in a system). An affirmation records its channel and session, never a person (V11).
AFFIRMATION_CHANNELS = ("interview", "presentation", "demonstration", "email", "chat", "system data")


@dataclass(frozen=True)
class EvidenceItem:
    """An evidence item as stored; ``links`` counts its (practice, project) links."""

    id: int
    kind: str
    title: str
    location: str
    description: str
    collected_by: str
    collected_on: str | None
    source: str
    links: int = 0
    #: An affirmation's channel, "" when none was recorded.
    channel: str = ""
    #: The file name of the import that brought it ("" when added otherwise; ``reuse: ...`` from an audit).
    imported_from: str = ""


@dataclass(frozen=True)
class Finding:
    """A strength or weakness of a process area, optionally about one practice."""

    id: int
    kind: str
    area: str
    practice: str | None
    text: str
    site: str = ""
    evidence_id: int | None = None
    status: str = ""


@dataclass(frozen=True)
class Suggestion:
    """A reuse suggestion: an audit's evidence item proposed for a practice in a project."""

    id: int
    audit: str
    kind: str
    title: str
    location: str
    clause: str
    practice: str
    project: str
    strength: str
    basis: str
    mapping: str
    status: str


@dataclass(frozen=True)
class ScopeChange:
    """Corrections of an appraisal's scope, checked by the services, written in one transaction.

    Projects are renamed first, then removed, then added. ``decisions`` are the recorded decisions a
    rename rewrites (id, target, value, basis); ``log`` the change-log entries (what, target, old, new).
    """

    unit: str | None = None
    target: int | None = None
    areas: tuple[str, ...] | None = None
    renames: tuple[tuple[str, str], ...] = ()
    removes: tuple[str, ...] = ()
    adds: tuple[str, ...] = ()
    decisions: tuple[tuple[int, str, str, str], ...] = ()
    log: tuple[tuple[str, str, str | None, str | None], ...] = ()
    #: The subgroup of a project added here (code -> subgroup), e.g. from a sample's reading.
    subgroups: Mapping[str, str] = field(default_factory=dict)
    #: Appraisal settings written with the change (None removes a key): a scheme's own scope (CMMI V3.0 plan).
    settings: Mapping[str, str | None] = field(default_factory=dict)
