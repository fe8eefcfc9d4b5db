"""Who on the appraisal team may change what (the roster's roles): the one place the permissions are decided.

The seam of issue 15: ``permit(appraisal, write, who)`` is asked before every store write (``Appraisal.store``);
it refuses with a ``UsageError`` whose text is the whole message for the user, before anything is written.

The rules (docs/team-roles.md):

- Nothing is enforced until a member of the roster has a login: a single appraiser's file works as it always did.
- From then on ``who`` (``--by``, ``$APPRAISE_USER``, the login name; on a server the database user) must be a
  member, matched by login, else by name (case-insensitive, spaces normalised).
- The lead (``LEAD_ROLES``) may make every write. The working roles (``WORKING_ROLES``) may make every write but
  the lead's own (``LEAD_WRITES``: the roster, the details and settings, the permission setting, the scope) and,
  when the team set it (``appraise team FILE --decisions-by lead``), the rating decisions (``DECISION_WRITES``).
- Every other role (observer, sponsor, OU coordinator, interpreter, a role the method does not know) changes
  nothing.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Sequence
from typing import TYPE_CHECKING

from appraise.errors import UsageError
from appraise.store import AppraisalStore, TeamMemberRecord

if TYPE_CHECKING:
    from appraise.services.session import Appraisal

#: The roles that lead the appraisal (SCAMPI's lead appraiser, ISO/IEC 33002's lead assessor, an audit's lead
#: auditor): they change the roster and the permission setting.
LEAD_ROLES = ("lead appraiser", "lead assessor", "lead auditor")
#: The roles that work on the appraisal's record: characterize, link evidence, write findings, and decide unless
#: the team leaves the decisions to the lead.
WORKING_ROLES = ("team member", "co-assessor", "auditor")
#: The store writes only the lead makes, with what the refusal says they change.
LEAD_WRITES = {
    "add_team_member": "the team roster",
    "update_team_member": "the team roster",
    "remove_team_member": "the team roster",
    "set_settings": "the appraisal's details and settings (and who records the rating decisions)",
    "change_scope": "the appraisal's scope",
    # the evening's consolidation brings in what the copies changed, their roster and decisions too
    "apply_merge": "the merge of the mini-teams' copies",
}
#: The store writes that record a rating decision: with ``--decisions-by lead`` only the lead makes them.
#: ``add_decision`` (decide, consensus, weights, rulings) and the merge's consensus on a conflict
#: (``decide_conflict``: the merge's store write that records the team's value of a conflicting record).
DECISION_WRITES = frozenset({"add_decision", "decide_conflict"})
#: The setting that says who records the rating decisions: ``lead``; absent: the team.
DECISIONS_BY = "permissions.decisions_by"


def _norm(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def enforced(members: Sequence[TeamMemberRecord]) -> bool:
    """Roles are enforced once any member of the roster has a login."""
    return any(m.login for m in members)


def member_of(members: Sequence[TeamMemberRecord], who: str | None) -> TeamMemberRecord | None:
    """The member ``who`` is: by login first, else by name (case-insensitive, spaces normalised)."""
    key = _norm(who)
    if not key:
        return None
    for m in members:
        if m.login and _norm(m.login) == key:
            return m
    return next((m for m in members if _norm(m.name) == key), None)


def kind_of(role: str) -> str:
    """``lead``, ``working`` or ``read-only``: what a role may do."""
    role = _norm(role)
    if role in LEAD_ROLES:
        return "lead"
    return "working" if role in WORKING_ROLES else "read-only"


def leads(members: Sequence[TeamMemberRecord]) -> list[TeamMemberRecord]:
    """The roster's leads, those with a login first (they are the ones who can act while roles are enforced)."""
    found = [m for m in members if kind_of(m.role) == "lead"]
    return sorted(found, key=lambda m: not m.login)


def _article(role: str) -> str:
    return "an" if role[:1].lower() in "aeiou" else "a"


def _lead_names(members: Sequence[TeamMemberRecord]) -> str:
    names = [m.name for m in leads(members) if m.login] or [m.name for m in leads(members)]
    return " or ".join(names) or "a lead appraiser with a login"


def refusal(members: Sequence[TeamMemberRecord], write: str, who: str, decisions_by_lead: bool) -> str | None:
    """Why ``who`` may not make the store write ``write`` on a team with this roster (None: they may)."""
    if not enforced(members):
        return None
    member = member_of(members, who)
    names = _lead_names(members)
    lead = f"the lead, {names}," if leads(members) else names
    if member is None:
        return (f"{who or 'someone unnamed'} is not on this appraisal's team: only its members can change it "
                f"({lead} can give you a login on the roster; say who you are with --by LOGIN or "
                f"$APPRAISE_USER)")
    kind = kind_of(member.role)
    if kind == "lead":
        return None
    role = member.role
    if kind == "read-only":
        if _norm(role) == "observer":
            cannot = "observers cannot change anything"
        else:
            cannot = f"only the lead and the working roles ({', '.join(WORKING_ROLES)}) change the appraisal"
        return f"{member.name} is {_article(role)} {role} on this appraisal's team: {cannot} ({lead} can change the roles)"
    if write in LEAD_WRITES:
        return (f"{member.name} is {_article(role)} {role} on this appraisal's team: only the lead can change "
                f"{LEAD_WRITES[write]} (ask {names})")
    if write in DECISION_WRITES and decisions_by_lead:
        return (f"{member.name} is {_article(role)} {role} on this appraisal's team: the team has set that only the "
                f"lead records rating decisions ({lead} can record this one, or set it back with --decisions-by team)")
    return None


def standing(members: Sequence[TeamMemberRecord], who: str) -> str | None:
    """What the team's roles let ``who`` do, in a few words for a header (None: roles are not enforced)."""
    if not enforced(members):
        return None
    member = member_of(members, who)
    if member is None:
        return f"{who}: not on the team, read only"
    kind = kind_of(member.role)
    return f"{member.name}, {member.role}" + (", read only" if kind == "read-only" else "")


def decisions_by_lead(appraisal: Appraisal) -> bool:
    """The team set that only the lead records rating decisions (``appraise team FILE --decisions-by lead``)."""
    return appraisal.reader.info().settings.get(DECISIONS_BY) == "lead"


@functools.lru_cache(maxsize=None)
def _changes_something(method: str) -> bool:
    """Every write of ``AppraisalStore`` takes a ``who``; a store method without one (a read the store offers
    beside ``AppraisalReads``, e.g. the merge's state) changes nothing and needs no role. An unknown name counts."""
    found = getattr(AppraisalStore, method, None)
    try:
        return found is None or "who" in inspect.signature(found).parameters
    except (TypeError, ValueError):
        return True


def authenticated(appraisal: Appraisal, members: Sequence[TeamMemberRecord], who: str) -> str:
    """Who the roles are checked for. On a team's server a database user who is a member's login is that member,
    whatever ``--by`` or ``$APPRAISE_USER`` say (the server knows who connected; a name can be typed by anyone);
    a database user the team shares (no member's login) leaves it to ``who``, as in a file."""
    database_user = appraisal.database_user
    if database_user is None:  # a file
        return who
    key = _norm(database_user)
    return database_user if any(m.login and _norm(m.login) == key for m in members) else who


def permit(appraisal: Appraisal, write: str, who: str) -> None:
    """Refuse ``write`` (an ``AppraisalStore`` write method's name) by ``who`` when their role forbids it."""
    if not _changes_something(write):
        return
    members = appraisal.reader.team()
    if not enforced(members):
        return
    who = authenticated(appraisal, members, who)
    why = refusal(members, write, who, write in DECISION_WRITES and decisions_by_lead(appraisal))
    if why:
        raise UsageError(why)


__all__ = ["DECISIONS_BY", "DECISION_WRITES", "LEAD_ROLES", "LEAD_WRITES", "WORKING_ROLES", "authenticated",
           "decisions_by_lead",
           "enforced", "kind_of", "leads", "member_of", "permit", "refusal", "standing"]
