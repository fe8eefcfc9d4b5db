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
            who: str | None = None) -> TeamMemberRecord:
        """Add a member at the end of the roster; a name already on it is refused (remove it first)."""
        name, role = _clean(name), _clean(role)
        if not name:
            raise UsageError("a team member needs a name (--add \"Name\")")
        if not role:
            raise UsageError(f"{name} needs a role on the team (--role, e.g. {', '.join(TEAM_ROLES[:3])})")
        return self.appraisal.store.add_team_member(name, role, _clean(affiliation), _clean(licence),
                                                    who or self.appraisal.user)

    def remove(self, name: str, who: str | None = None) -> TeamMemberRecord:
        """Remove a member; a name not on the roster is refused with the roster's names."""
        return self.appraisal.store.remove_team_member(_clean(name), who or self.appraisal.user)

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
