"""The appraisal team's roster and the appraisal's details (``appraise team``): what a deliverable names.

``appraisal.team`` holds these use cases. The roster is the only source of names in a deliverable (the team
slide, the signature page of the ADS or assessment log), never who made a change. The details are the
appraisal's own facts a deliverable prints (the dates, the sponsor, the certification body ...), kept as
settings ``detail.<key>``.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

from appraise.errors import UsageError
from appraise.services import permissions
from appraise.store import TeamMemberRecord

if TYPE_CHECKING:
    from appraise.services.session import Appraisal

#: A detail is kept as the setting ``detail.<key>``.
DETAIL_PREFIX = "detail."
#: The details a deliverable reads (briefs/contract.md), in the order ``appraise team`` lists them.
DETAIL_KEYS = ("organization", "location", "dates", "start", "end", "sponsor", "sponsor_relationship",
               "business_objectives", "appraisal_objectives", "critical_factors", "lead_appraiser_id",
               "audit_type", "certification_body", "client_address", "criteria", "distribution", "constraints",
               # an ISO 9001 audit report's statements (ISO/IEC 17021-1 §9.4.8)
               "audit_plan_deviations", "changes_since_last_audit", "combined_audit", "certificates_and_marks",
               "conformity_statement")
#: Details that are ISO dates (``end``: the last day of the on-site phase, which expiry dates count from).
DATE_KEYS = ("start", "end")
#: The roles the schemes look for (any text is taken; these are offered).
TEAM_ROLES = ("lead appraiser", "team member", "OU coordinator", "sponsor", "observer", "interpreter",
              "lead assessor", "co-assessor", "lead auditor", "auditor")


def _iso_date(text: str) -> str | None:
    """``text`` if it is a date written YYYY-MM-DD, else None (``20261204`` and ``2026-02-30`` are not)."""
    try:
        return text if len(text) == 10 and _dt.date.fromisoformat(text).isoformat() == text else None
    except ValueError:
        return None


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


class Team:
    """The team roster and the details of an open appraisal (``appraisal.team``)."""

    def __init__(self, appraisal: Appraisal) -> None:
        self.appraisal = appraisal

    # -- the roster --------------------------------------------------------------------------
    def members(self) -> list[TeamMemberRecord]:
        """The roster in the order it was recorded."""
        return self.appraisal.reader.team()

    def add(self, name: str, role: str, affiliation: str = "", licence: str = "",
            who: str | None = None, login: str = "") -> TeamMemberRecord:
        """Add a member at the end of the roster; a name already on it is refused (remove it first)."""
        name, role, login = _clean(name), _clean(role), _clean(login)
        if not name:
            raise UsageError("a team member needs a name (--add \"Name\")")
        if not role:
            raise UsageError(f"{name} needs a role on the team (--role, e.g. {', '.join(TEAM_ROLES[:3])})")
        members = self.members()
        self._check_login(members, name, login)
        self._check_lockout([*members, TeamMemberRecord(name, role, login=login)], f"adding {name}")
        return self.appraisal.store.add_team_member(name, role, _clean(affiliation), _clean(licence),
                                                    who or self.appraisal.user, login=login)

    def update(self, name: str, role: str | None = None, login: str | None = None,
               who: str | None = None) -> TeamMemberRecord:
        """Change a member's role and/or login (None: keep; login "": none) in their place on the roster."""
        name = _clean(name)
        role = None if role is None else _clean(role)
        login = None if login is None else _clean(login)
        if role == "":
            raise UsageError(f"{name} needs a role on the team (--role, e.g. {', '.join(TEAM_ROLES[:3])})")
        members = self.members()
        member = self._find(members, name)
        if login:
            self._check_login(members, member.name, login)
        changed = TeamMemberRecord(member.name, role if role is not None else member.role, member.affiliation,
                                   member.licence, login if login is not None else member.login)
        self._check_lockout([changed if m is member else m for m in members], f"changing {member.name}")
        return self.appraisal.store.update_team_member(member.name, who or self.appraisal.user, role=role,
                                                       login=login)

    def remove(self, name: str, who: str | None = None) -> TeamMemberRecord:
        """Remove a member; a name not on the roster is refused with the roster's names."""
        members = self.members()
        found = self._find(members, _clean(name))
        self._check_lockout([m for m in members if m is not found], f"removing {found.name}")
        return self.appraisal.store.remove_team_member(found.name, who or self.appraisal.user)

    # -- roles and permissions (services/permissions.py decides) ------------------------------
    def member_of(self, who: str | None = None) -> TeamMemberRecord | None:
        """The member ``who`` (default: the appraisal's user) is, by login, else by name."""
        return permissions.member_of(self.members(), who or self.appraisal.user)

    def role_of(self, who: str | None = None) -> str | None:
        """``who``'s role on the roster (by login, else by name), or None when they are not on it."""
        member = self.member_of(who)
        return member.role if member else None

    def standing(self, who: str | None = None) -> str | None:
        """Who ``who`` (default: the appraisal's user) is on the team and whether they may change anything, in a few
        words (the terminal UI's header); None while roles are not enforced."""
        return permissions.standing(self.members(), who or self.appraisal.user)

    def enforced(self) -> bool:
        """Roles are enforced: a member of the roster has a login."""
        return permissions.enforced(self.members())

    def decisions_by(self) -> str:
        """``lead`` when only the lead records rating decisions, else ``team``."""
        return "lead" if permissions.decisions_by_lead(self.appraisal) else "team"

    def set_decisions_by(self, value: str, who: str | None = None) -> bool:
        """Set who records the rating decisions (``lead`` or ``team``); False when it already was."""
        value = value.strip().lower()
        if value not in ("lead", "team"):
            raise UsageError(f"--decisions-by takes lead or team, not {value!r}")
        old = self.decisions_by()
        if old == value:
            return False
        self.appraisal.store.set_settings({permissions.DECISIONS_BY: "lead" if value == "lead" else None},
                                          who or self.appraisal.user, "permissions", "rating decisions by",
                                          old, value)
        self.appraisal.reload_scope()
        return True

    @staticmethod
    def _find(members: list[TeamMemberRecord], name: str) -> TeamMemberRecord:
        found = next((m for m in members if m.name == name), None) or next(
            (m for m in members if m.name.casefold() == name.casefold()), None)
        if found is None:
            raise UsageError(f"{name} is not on the team (the team: {', '.join(m.name for m in members) or 'nobody yet'})")
        return found

    @staticmethod
    def _check_login(members: list[TeamMemberRecord], name: str, login: str) -> None:
        """A login names one member: one already another member's (or another member's name) is refused."""
        other = permissions.member_of([m for m in members if m.name != name], login)
        if login and other is not None:
            raise UsageError(f"the login {login!r} is already {other.name}'s on the team (a login names one member)")

    @staticmethod
    def _check_lockout(after: list[TeamMemberRecord], doing: str) -> None:
        """Refuse a roster change that would enforce roles with no lead left who has a login (nobody could
        change the roster again)."""
        if not permissions.enforced(after) or any(m.login for m in permissions.leads(after)):
            return
        raise UsageError(f"{doing} would leave no lead with a login while members have logins, so nobody could "
                         f"change the roster again: first give a lead (another one, to step down yourself) a login "
                         f"(--member NAME --login LOGIN, or --add NAME --role \"lead appraiser\" --login LOGIN), "
                         f"or drop the other members' logins to stop enforcing roles")

    # -- the details -------------------------------------------------------------------------
    def details(self) -> dict[str, str]:
        """The recorded details, ``{key: value}``, in the order of ``DETAIL_KEYS`` (others after them)."""
        settings = self.appraisal.info.settings
        found = {k[len(DETAIL_PREFIX):]: v for k, v in settings.items() if k.startswith(DETAIL_PREFIX) and v}
        order = {k: i for i, k in enumerate(DETAIL_KEYS)}
        return dict(sorted(found.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))

    def check_details(self, values: Mapping[str, str]) -> dict[str, str | None]:
        """``{key: value}`` as the settings to write (an empty value removes the key); an unknown key or a
        date that is no ISO date is a UsageError."""
        out: dict[str, str | None] = {}
        for raw_key, raw_value in values.items():
            key = raw_key.strip().lower().replace("-", "_")
            if key not in DETAIL_KEYS:
                raise UsageError(f"unknown detail {raw_key!r} (details: {', '.join(DETAIL_KEYS)})")
            value = raw_value.strip()
            if value and key in DATE_KEYS and _iso_date(value) is None:
                raise UsageError(f"{key} {raw_value!r} is no date (write YYYY-MM-DD)")
            out[DETAIL_PREFIX + key] = value or None
        start, end = (out.get(DETAIL_PREFIX + k, self.details().get(k)) for k in DATE_KEYS)
        if start and end and end < start:
            raise UsageError(f"the end {end} is before the start {start}")
        return out

    def set_details(self, values: Mapping[str, str], who: str | None = None) -> dict[str, str | None]:
        """Record details (``{key: value}``; an empty value removes one) in one logged write; what changed."""
        a = self.appraisal
        settings = self.check_details(values)
        changed = {k: v for k, v in settings.items() if a.info.settings.get(k) != v}
        if not changed:
            return {}
        before = a.info.settings

        def text(pairs: Mapping[str, str | None]) -> str | None:
            shown = [f"{k[len(DETAIL_PREFIX):]}={v}" for k, v in pairs.items() if v]
            return "; ".join(shown) or None

        a.store.set_settings(changed, who or self.appraisal.user, "details",
                             ", ".join(k[len(DETAIL_PREFIX):] for k in changed),
                             text({k: before.get(k) for k in changed}), text(changed))
        a.reload_scope()
        return {k[len(DETAIL_PREFIX):]: v for k, v in changed.items()}



__all__ = ["DATE_KEYS", "DETAIL_KEYS", "DETAIL_PREFIX", "TEAM_ROLES", "Team"]
