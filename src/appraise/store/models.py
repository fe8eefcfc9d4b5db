"""The appraisal tables: the one definition both stores create and migrate from (schema 10).

Every per-appraisal table carries ``appraisal_id``, so one database can hold many appraisals (a team's
PostgreSQL server); an appraisal file holds one. Ids come from the database (integer primary keys it
assigns); what must be unique is a unique key, checked by the database inside the write transaction.
Ids of the model (practices, goals, areas) are stored as the framework's canonical text (``REQM SP 1.1``).
Domain objects are converted at the store's edge (``appraise.store.records``); screens, services and
the SQLite statements never import these classes: only creating a file and migrating one do.
"""

from __future__ import annotations

from typing import Optional

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel


class AppraisalRow(SQLModel, table=True):
    __tablename__ = "appraisal"

    id: Optional[int] = Field(default=None, primary_key=True)
    unit: str
    framework_id: str
    #: The model file as used by this appraisal, so the file opens anywhere.
    framework_text: str
    representation: str
    target: int
    created_at: str
    created_by: str
    #: Its name in a database that holds many (``postgresql://host/db?appraisal=acme``); None in a file.
    name: Optional[str] = Field(default=None, unique=True)
    #: Its identity: given when it is created and kept by every copy (``appraise fork``, push, pull), so a merge
    #: can tell a copy of this appraisal from a copy of another one.
    uid: str = Field(default="", sa_column_kwargs={"server_default": ""})
    #: Raised by every write transaction (the server store's "something changed" for the watch; the write
    #: takes the appraisal row's lock with it).
    revision: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class ScopeAreaRow(SQLModel, table=True):
    __tablename__ = "scope_area"

    appraisal_id: int = Field(foreign_key="appraisal.id", primary_key=True)
    area_id: str = Field(primary_key=True)
    position: int


class ProjectRow(SQLModel, table=True):
    __tablename__ = "project"
    #: A project code once per appraisal.
    __table_args__ = (UniqueConstraint("appraisal_id", "code"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    appraisal_id: int = Field(foreign_key="appraisal.id", index=True)
    code: str
    name: str = ""
    subgroup: str = ""
    position: int = 0


class EvidenceRow(SQLModel, table=True):
    """An artifact or affirmation. An affirmation's ``source`` is a role or session, never a name."""

    __tablename__ = "evidence"
    #: The evidence item key: an item (kind, title, location) once per appraisal.
    __table_args__ = (UniqueConstraint("appraisal_id", "kind", "title", "location"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    appraisal_id: int = Field(foreign_key="appraisal.id")
    kind: str = Field(index=True)
    title: str
    location: str = ""
    description: str = ""
    collected_by: str = ""
    collected_on: Optional[str] = None
    source: str = ""
    imported_from: str = ""
    created_at: str = ""
    #: An affirmation's channel (interview, presentation, demonstration, email, chat, system data; V8.6); ""
    #: for an artifact and for items recorded before schema 7.
    channel: str = Field(default="", sa_column_kwargs={"server_default": ""})


class EvidenceLinkRow(SQLModel, table=True):
    __tablename__ = "evidence_link"

    #: A link once: (item, practice, project) is the key; the item and project belong to one appraisal.
    appraisal_id: int = Field(foreign_key="appraisal.id")

    evidence_id: int = Field(foreign_key="evidence.id", primary_key=True, ondelete="CASCADE")
    practice_id: str = Field(primary_key=True, index=True)
    project_id: int = Field(foreign_key="project.id", primary_key=True, ondelete="CASCADE")
    #: Where an accepted reuse suggestion came from (JSON: audit, clause, mapping, strength); "" otherwise.
    #: A server default: the bulk import writes links with the driver, naming only the key columns.
    origin: str = Field(default="", sa_column_kwargs={"server_default": ""})


class CharacterizationRow(SQLModel, table=True):
    __tablename__ = "characterization"

    #: One characterization per practice and project (a project belongs to one appraisal).
    appraisal_id: int = Field(foreign_key="appraisal.id")

    practice_id: str = Field(primary_key=True)
    project_id: int = Field(foreign_key="project.id", primary_key=True, ondelete="CASCADE")
    value: str
    note: str = ""
    updated_by: str = ""
    updated_at: str = ""


class AssessorRatingRow(SQLModel, table=True):
    """One assessor's rating of a cell where several rate it (schema 8); the cell's characterization is derived
    from them (agreed, or the team's consensus) and kept in ``characterization``. Never exported."""

    __tablename__ = "assessor_rating"

    #: One rating per practice, project and assessor (a project belongs to one appraisal).
    appraisal_id: int = Field(foreign_key="appraisal.id")

    practice_id: str = Field(primary_key=True)
    project_id: int = Field(foreign_key="project.id", primary_key=True, ondelete="CASCADE")
    assessor: str = Field(primary_key=True)
    value: str
    note: str = ""
    updated_by: str = ""
    updated_at: str = ""


class TeamMemberRow(SQLModel, table=True):
    """One member of the appraisal team's roster (schema 9), as the user records it (``appraise team``): the only
    names a deliverable shows, and only where its outline lists the team. ``position`` keeps the roster's order."""

    __tablename__ = "team_member"
    #: A name once per appraisal.
    __table_args__ = (UniqueConstraint("appraisal_id", "name"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    appraisal_id: int = Field(foreign_key="appraisal.id", index=True)
    name: str
    role: str
    affiliation: str = ""
    licence: str = ""
    position: int = 0
    #: The login or database user that is this member (permissions: who may change what); "" when not given.
    login: str = Field(default="", sa_column_kwargs={"server_default": ""})


class DecisionRow(SQLModel, table=True):
    """A team decision; the latest one per (kind, target) stands, earlier ones stay as history."""

    __tablename__ = "decision"

    id: Optional[int] = Field(default=None, primary_key=True)
    appraisal_id: int = Field(foreign_key="appraisal.id", index=True)
    kind: str
    target: str = Field(index=True)
    value: str
    rationale: str
    decided_by: str
    decided_at: str
    #: What the decision was made on: the practice's instance values as JSON
    #: (``{"ALPHA": "FI", ...}``); when they change, the decision no longer applies.
    basis: str = ""


class FindingRow(SQLModel, table=True):
    """A strength or weakness, per process area, optionally about one practice."""

    __tablename__ = "finding"

    id: Optional[int] = Field(default=None, primary_key=True)
    appraisal_id: int = Field(foreign_key="appraisal.id", index=True)
    kind: str
    area_id: str = Field(index=True)
    practice_id: Optional[str] = None
    text: str
    created_by: str = ""
    created_at: str = ""
    #: Audits: the site the finding is about ("" for the whole organization), the evidence it cites,
    #: and a nonconformity's status (open, plan_accepted, verified_closed).
    site: str = Field(default="", sa_column_kwargs={"server_default": ""})
    evidence_id: Optional[int] = None
    status: str = Field(default="", sa_column_kwargs={"server_default": ""})


class SettingRow(SQLModel, table=True):
    """An appraisal setting: ``refined`` ("1"), ``maturity_model`` (the YAML text), ``maturity_model_origin``."""

    __tablename__ = "setting"

    appraisal_id: int = Field(foreign_key="appraisal.id", primary_key=True)
    key: str = Field(primary_key=True)
    value: str


class SuggestionRow(SQLModel, table=True):
    """A proposed evidence link carried over from an audit through a model mapping; never a link itself."""

    __tablename__ = "suggestion"
    #: One suggestion per audit evidence item, clause, practice and project: reuse never adds one twice.
    __table_args__ = (UniqueConstraint("appraisal_id", "audit", "kind", "title", "location", "clause", "practice_id",
                                       "project_id"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    appraisal_id: int = Field(foreign_key="appraisal.id", index=True)
    #: The audit it came from (unit, file, created) and the evidence item there, copied.
    audit: str = Field(index=True)
    kind: str
    title: str
    location: str = ""
    description: str = ""
    source: str = ""
    collected_on: Optional[str] = None
    clause: str
    practice_id: str
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE")
    strength: str
    basis: str = ""
    mapping: str = ""
    status: str = "open"
    created_at: str = ""
    decided_by: str = ""
    decided_at: str = ""


class ChangeLogRow(SQLModel, table=True):
    """Every rating-relevant change: what, old, new, who, when; and what it takes to reverse it."""

    __tablename__ = "change_log"

    id: Optional[int] = Field(default=None, primary_key=True)
    appraisal_id: int = Field(foreign_key="appraisal.id", index=True)
    at: str
    who: str
    what: str
    target: str
    old: Optional[str] = None
    new: Optional[str] = None
    #: What reverses the change exactly, as JSON (``appraise.store.undo``); "" when it cannot be undone.
    #: When one call wrote several entries (a bulk import), the last one carries it for all of them.
    undo: str = Field(default="", sa_column_kwargs={"server_default": ""})
    #: The entry this one reversed (an undo, or a redo: the undo of an undo); None for an ordinary change.
    undoes: Optional[int] = None


class ForkRow(SQLModel, table=True):
    """A mini-team copy's point of departure (schema 10).

    In a copy (``appraise fork``): one row ``kind='base'``: the records as they were when the copy was made
    (``snapshot``, JSON), who it is for, its areas, the change-log position. In the file merged into: one row
    ``kind='merged'`` per copy merged (``uid`` the copy's fork uid): the copy's records as last merged and its
    change-log position then, so merging the same copy again brings nothing, and a later merge of it brings only
    what changed in it since."""

    __tablename__ = "fork"
    __table_args__ = (UniqueConstraint("appraisal_id", "uid", "kind"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    appraisal_id: int = Field(foreign_key="appraisal.id", index=True)
    #: This fork's own identity (random), shared by the copy's ``base`` row and the lead's ``merged`` row.
    uid: str
    kind: str
    #: Whom the copy is for ("Mini-team A").
    label: str
    #: The areas the copy is limited to (comma-separated ids; "" for all).
    areas: str = ""
    #: The copy's last change-log id at that point (forked, or merged).
    change_id: int = 0
    snapshot: str = ""
    at: str = ""
    by: str = ""


class MergeConflictRow(SQLModel, table=True):
    """A record changed differently in two places, found by a merge (schema 10): never decided by the tool; it
    stays ``pending`` until the team records its consensus (``appraise decide --conflict``, the conflicts view)."""

    __tablename__ = "merge_conflict"

    id: Optional[int] = Field(default=None, primary_key=True)
    appraisal_id: int = Field(foreign_key="appraisal.id", index=True)
    #: What kind of record (characterization, note, evidence link, finding, decision, ...) and its key, as JSON.
    record: str
    key: str
    #: A readable name of the record ("REQM SP 1.1 / ALPHA").
    target: str
    #: Each side: ``[{"side": "lead"|label, "value": ..., "who": ..., "at": ...}, ...]`` as JSON.
    sides: str
    status: str = "pending"
    value: Optional[str] = None
    rationale: str = ""
    decided_by: str = ""
    decided_at: str = ""
    created_at: str = ""
    #: The fork uid of the copy whose merge found it.
    fork_uid: str = ""
