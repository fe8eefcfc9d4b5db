"""What the findings outlines of the CMMI family share: the roster by role, the appraisal's recorded details with a
warning for each one the outline needs and the team did not record, the team and support-personnel sections,
and the findings sections in the order the method presents them.

Names: only the roster's, and only in sections marked ``team`` (N1). Nothing here names a scheme.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from appraise.schemes.document import DeliverableInput, Facts, Section, Signatures, Table, TeamMember, Where
from appraise.schemes.sections import finding_line, findings_of, findings_sections

#: The roster roles the outlines look for (case ignored).
LEAD_APPRAISER, TEAM_MEMBER, COORDINATOR = "lead appraiser", "team member", "ou coordinator"
SPONSOR, OBSERVER, INTERPRETER = "sponsor", "observer", "interpreter"
#: Who is on the appraisal team (the team slide) and who supports it (the support-personnel slide).
TEAM_ROLES = (LEAD_APPRAISER, TEAM_MEMBER, COORDINATOR)
SUPPORT_ROLES = (OBSERVER, INTERPRETER)


def members(data: DeliverableInput, *roles: str) -> tuple[TeamMember, ...]:
    """The roster's members with one of ``roles`` (case ignored), in ``roles`` order then roster order."""
    wanted = [r.casefold() for r in roles]
    found = [m for m in data.team if m.role.strip().casefold() in wanted]
    return tuple(sorted(found, key=lambda m: wanted.index(m.role.strip().casefold())))


def who(member: TeamMember) -> str:
    """A member as a line: "Name, affiliation"."""
    return ", ".join(x for x in (member.name, member.affiliation) if x)


@dataclass
class Missing:
    """What the outline asks for and the appraisal does not hold: one warning each, saying how to record it."""

    warnings: list[str] = field(default_factory=list)

    def add(self, line: str) -> None:
        if line not in self.warnings:
            self.warnings.append(line)

    def detail(self, data: DeliverableInput, key: str, what: str) -> str:
        """The recorded detail ``key``, or "" (shown "not recorded") and a warning naming the command."""
        value = str(data.details.get(key) or "").strip()
        if not value:
            self.add(f"{what} — appraise team FILE --set {key}=VALUE")
        return value

    def member(self, data: DeliverableInput, role: str, what: str) -> tuple[TeamMember, ...]:
        """The roster's members in ``role``; none: a warning naming the command that adds one."""
        found = members(data, role)
        if not found:
            self.add(f"{what} — appraise team FILE --add NAME --role \"{role}\"")
        return found


def roster_table(people: Sequence[TeamMember], empty: str, key: str) -> Table:
    return Table(("Role", "Name", "Affiliation"), tuple((m.role, m.name, m.affiliation) for m in people), key=key,
                 empty=empty)


def team_sections(data: DeliverableInput) -> list[Section]:
    """The appraisal team (lead appraiser, team members, OU coordinator, each with affiliation) and the support
    personnel (observers, interpreters): the team slides, the only content sections with names."""
    team = members(data, *TEAM_ROLES)
    support = members(data, *SUPPORT_ROLES)
    return [Section("team", "Appraisal team",
                    (roster_table(team, "No team recorded (appraise team FILE --add NAME --role ROLE).", "team"),),
                    team=True, sheet="Team"),
            Section("support", "Support personnel",
                    (roster_table(support, "None", "support"),), team=True, sheet="Team")]


def findings_by_name(data: DeliverableInput) -> list[Section]:
    """One findings section per area in scope, alphabetical by the area's name (Strengths, Weaknesses; "None"
    where empty; each weakness ending with its practice, FF3)."""
    titles = {a.id: a.title or a.id for a in data.tree.areas}
    sections = findings_sections(data)
    return sorted(sections, key=lambda s: titles.get(s.id.split(":", 1)[1], s.title).casefold())


def unsupported_weaknesses(data: DeliverableInput, weak_values: Iterable[str], in_scope: set[str]) -> list[str]:
    """The practices of the areas in ``in_scope`` whose OU value is one of ``weak_values`` and that no weakness
    cites (by its practice, or its id in the statement) — each needs one (FF4)."""
    weak = set(weak_values)
    weaknesses = [f for f in findings_of(data) if f.get("kind") == "weakness"]
    cited = {str(f.get("practice")) for f in weaknesses if f.get("practice")}
    # a statement cites a practice by its whole id, in a weakness of the practice's own area ("X 2.1" is not
    # cited by "X 2.10", nor by another area's weakness)
    texts: dict[str, str] = {}
    for f in weaknesses:
        area = str(f.get("area") or "")
        texts[area] = texts.get(area, "") + " " + finding_line(f)
    out = []
    for area in data.tree.areas:
        if area.id not in in_scope:
            continue
        for group in area.groups:
            for row in group.rows:
                named = re.search(rf"(?<![\w.]){re.escape(row.id)}(?![\w.]*\d)", texts.get(area.id, ""))
                if row.value in weak and row.id not in cited and not named:
                    out.append(f"{row.id} ({row.value})")
    return out


def weaknesses_without_practice(data: DeliverableInput) -> list[str]:
    """Weaknesses that name no practice (FF3 asks each to end with its practice id): their areas."""
    return sorted({str(f.get("area") or "") for f in findings_of(data)
                   if f.get("kind") == "weakness" and not f.get("practice")})


def years_after(iso_date: str, years: int) -> str:
    """``iso_date`` plus ``years`` (29 February -> 28 February), ISO; "" when the date is not an ISO date."""
    try:
        day = _dt.date.fromisoformat(iso_date.strip())
    except ValueError:
        return ""
    try:
        return day.replace(year=day.year + years).isoformat()
    except ValueError:
        return day.replace(year=day.year + years, day=28).isoformat()


def facts(rows: Iterable[tuple[str, str]], title: str = "") -> Facts:
    return Facts(tuple(rows), title)


__all__ = [
    "COORDINATOR", "INTERPRETER", "LEAD_APPRAISER", "Missing", "OBSERVER", "SPONSOR", "SUPPORT_ROLES",
    "TEAM_MEMBER", "TEAM_ROLES", "facts", "findings_by_name", "members", "roster_table", "team_sections",
    "unsupported_weaknesses", "weaknesses_without_practice", "who", "years_after",
]


def distribution_section(data: DeliverableInput, where: tuple[Where, ...] = ("report", "workbook"),
                         sheet: str = "") -> Section | None:
    """The report's distribution list (the agreement's, VDA 8.2.2), usually people's names: a section of its own
    that may show names (``team``), only when recorded."""
    recipients = data.details.get("distribution", "")
    if not recipients:
        return None
    return Section("distribution", "Distribution", (Facts((("Distribution", recipients),)),), where=where,
                   sheet=sheet, team=True)


class Details:
    """The appraisal's recorded details read as ``detail(key, needed=True)``: a missing one the document needs is
    "" (shown "not recorded") and one warning naming the key and the command that sets it."""

    def __init__(self, details: Mapping[str, str]) -> None:
        self.details = details
        self.warnings: list[str] = []

    def __call__(self, key: str, needed: bool = True) -> str:
        value = str(self.details.get(key) or "").strip()
        line = f"{key.replace('_', ' ')} — appraise team FILE --set {key}=VALUE"
        if not value and needed and line not in self.warnings:
            self.warnings.append(line)
        return value


def team_affirmation(data: DeliverableInput, missing: Missing, statement: str) -> Section:
    """The team's affirmation (FF6): one row per lead appraiser and team member, signature and date empty."""
    people = members(data, LEAD_APPRAISER, TEAM_MEMBER)
    if not people:
        missing.member(data, TEAM_MEMBER, "the appraisal team members")
    return Section("signatures", "Team affirmation",
                   (Signatures(statement, tuple((m.role, m.name) for m in people),
                               ("Team role", "Name", "Signature", "Date")),),
                   team=True, where=("deck", "report"))
