"""``appraise team FILE``: the team roster (the only names a deliverable shows) and the appraisal's details."""

from __future__ import annotations

import argparse

from appraise.cli import emit_json
from appraise.cli.commands import who
from appraise.errors import UsageError
from appraise.services import DETAIL_KEYS, Appraisal
from appraise.services.deliverables import document
from appraise.services.team import TEAM_ROLES


def _pairs(texts: list[str]) -> dict[str, str]:
    """``--set KEY=VALUE`` (repeatable) as ``{key: value}``; a text without ``=`` is refused."""
    out: dict[str, str] = {}
    for text in texts:
        key, sep, value = text.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--set takes KEY=VALUE, not {text!r} (keys: {', '.join(DETAIL_KEYS)})")
        out[key.strip()] = value
    return out


def _roles(appraisal: Appraisal, you: str) -> list[str]:
    """Whether the roles are enforced, and what that means for ``you``."""
    team = appraisal.team
    if not team.enforced():
        return ["Roles: not enforced: no member has a login yet, so anyone can change this appraisal (roles are "
                "enforced from the first login: --member NAME --login LOGIN, the lead's first)"]
    member = team.member_of(you)
    found = (f"you ({you}) are {member.name}, {member.role}" if member else
             f"you ({you}) are not on the team and can change nothing (--by LOGIN)")
    return [f"Roles: enforced (a change is made as --by, $APPRAISE_USER or the login; {found})",
            f"Rating decisions by: {'the lead only' if team.decisions_by() == 'lead' else 'the team'}"]


def _listing(appraisal: Appraisal, you: str) -> list[str]:
    members = appraisal.team.members()
    out = [f"Team ({len(members)}):" if members else
           "Team: nobody recorded yet (appraise team FILE --add \"Name\" --role \"lead appraiser\")"]
    width = max((len(m.role) for m in members), default=0)
    for m in members:
        extra = ", ".join(x for x in (m.affiliation, f"licence {m.licence}" if m.licence else "",
                                      f"login {m.login}" if m.login else "") if x)
        out.append(f"  {m.role:<{width}}  {m.name}" + (f"  ({extra})" if extra else ""))
    if members:
        out += _roles(appraisal, you)
    details = appraisal.team.details()
    out.append("Details:" if details else "Details: none recorded")
    out += [f"  {key}: {value}" for key, value in details.items()]
    # what this appraisal's own outline asks for and does not have yet (not every key: an audit needs no sponsor's
    # business objectives, a CMMI appraisal no certification body)
    needs = document(appraisal).warnings
    if needs:
        out.append("The deliverables still need:")
        out += [f"  {line}" for line in needs]
    return out


def _check_options(args: argparse.Namespace) -> None:
    if args.add is None and args.member is None and (args.role is not None or args.login is not None):
        raise UsageError("--role and --login go with --add NAME or --member NAME")
    if args.add is None and (args.affiliation or args.licence):
        raise UsageError("--affiliation and --licence go with --add NAME")
    if args.add is not None and args.role is None:
        raise UsageError(f"--add {args.add!r} needs the member's --role (e.g. \"lead appraiser\", \"team member\")")
    if args.member is not None and args.role is None and args.login is None:
        raise UsageError(f"--member {args.member!r} changes the member's --role and/or --login: give one")


def _roster_change(appraisal: Appraisal, args: argparse.Namespace, by: str) -> list[str]:
    done: list[str] = []
    if args.add is not None:
        m = appraisal.team.add(args.add, args.role, args.affiliation, args.licence, by, login=args.login or "")
        done.append(f"Added {m.name} to the team as {m.role}" + (f", login {m.login}." if m.login else "."))
        if m.role.casefold() not in {r.casefold() for r in TEAM_ROLES}:
            done.append(f"  note: the deliverables look for these roles: {', '.join(TEAM_ROLES)}; "
                        f"as {m.role!r}, {m.name} may be left off their team pages and can change nothing "
                        f"while roles are enforced")
    if args.member is not None:
        m = appraisal.team.update(args.member, args.role, args.login, by)
        done.append(f"{m.name} is {m.role} on the team, " + (f"login {m.login}." if m.login else "with no login."))
    if args.remove is not None:
        m = appraisal.team.remove(args.remove, by)
        done.append(f"Removed {m.name} ({m.role}) from the team.")
    if done and appraisal.team.enforced() and appraisal.team.member_of(by) is None:
        done.append(f"  note: roles are enforced and you ({by}) are not on the team: make changes with --by LOGIN")
    return done


def cmd_team(args: argparse.Namespace) -> int:
    """List the roster and the details; ``--add``/``--member``/``--remove`` a member, ``--set`` details,
    ``--decisions-by`` (checked before any write: a refused command changes nothing)."""
    _check_options(args)
    details = _pairs(args.details)
    with Appraisal.open(args.file) as appraisal:
        by = who(args) or appraisal.user  # the person the roles are checked for (on a server: the database user)
        if details:
            appraisal.team.check_details(details)
        # every write this command makes is permitted before the first one is made
        writes = [w for w, wanted in (("add_team_member", args.add), ("update_team_member", args.member),
                                      ("remove_team_member", args.remove), ("set_settings", details or None),
                                      ("set_settings", args.decisions_by)) if wanted is not None]
        for write in writes:
            appraisal.permit(write, by)
        done = _roster_change(appraisal, args, by)
        if details:
            changed = appraisal.team.set_details(details, by)
            done += [f"Detail {k}: {v}" if v else f"Detail {k} removed" for k, v in changed.items()]
            dates = appraisal.team.details().get("dates")
            if dates and {"start", "end"} & set(changed) and "dates" not in changed:  # the printed dates win
                done.append(f"  note: the deliverables print dates as recorded, {dates!r} (--set dates=... to "
                            f"change it, --set dates= to print start and end)")
            if not changed:
                done.append("Details unchanged.")
        if args.decisions_by is not None:
            changed_by = appraisal.team.set_decisions_by(args.decisions_by, by)
            whom = "only the lead" if args.decisions_by == "lead" else "the team"
            done.append(f"Rating decisions are recorded by {whom}" + ("." if changed_by else " (unchanged)."))
        if args.json:
            emit_json({"team": [vars(m) for m in appraisal.team.members()], "details": appraisal.team.details(),
                       "roles_enforced": appraisal.team.enforced(), "decisions_by": appraisal.team.decisions_by()})
            return 0
        for line in done or _listing(appraisal, by):
            print(line)
    return 0
