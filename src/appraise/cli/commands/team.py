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


def _listing(appraisal: Appraisal) -> list[str]:
    members = appraisal.team.members()
    out = [f"Team ({len(members)}):" if members else
           "Team: nobody recorded yet (appraise team FILE --add \"Name\" --role \"lead appraiser\")"]
    width = max((len(m.role) for m in members), default=0)
    for m in members:
        extra = ", ".join(x for x in (m.affiliation, f"licence {m.licence}" if m.licence else "") if x)
        out.append(f"  {m.role:<{width}}  {m.name}" + (f"  ({extra})" if extra else ""))
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


def cmd_team(args: argparse.Namespace) -> int:
    """List the roster and the details; ``--add``/``--remove`` a member, ``--set`` details (checked before any
    write: a refused command changes nothing)."""
    if args.add is None and (args.role is not None or args.affiliation or args.licence):
        raise UsageError("--role, --affiliation and --licence go with --add NAME")
    if args.add is not None and args.role is None:
        raise UsageError(f"--add {args.add!r} needs the member's --role (e.g. \"lead appraiser\", \"team member\")")
    details = _pairs(args.details)
    with Appraisal.open(args.file) as appraisal:
        if details:
            appraisal.team.check_details(details)
        done: list[str] = []
        if args.add is not None:
            m = appraisal.team.add(args.add, args.role, args.affiliation, args.licence, who(args))
            done.append(f"Added {m.name} to the team as {m.role}.")
            if m.role.casefold() not in {r.casefold() for r in TEAM_ROLES}:
                done.append(f"  note: the deliverables look for these roles: {', '.join(TEAM_ROLES)}; "
                            f"as {m.role!r}, {m.name} may be left off their team pages")
        if args.remove is not None:
            m = appraisal.team.remove(args.remove, who(args))
            done.append(f"Removed {m.name} ({m.role}) from the team.")
        if details:
            changed = appraisal.team.set_details(details, who(args))
            done += [f"Detail {k}: {v}" if v else f"Detail {k} removed" for k, v in changed.items()]
            dates = appraisal.team.details().get("dates")
            if dates and {"start", "end"} & set(changed) and "dates" not in changed:  # the printed dates win
                done.append(f"  note: the deliverables print dates as recorded, {dates!r} (--set dates=... to "
                            f"change it, --set dates= to print start and end)")
            if not changed:
                done.append("Details unchanged.")
        if args.json:
            emit_json({"team": [vars(m) for m in appraisal.team.members()], "details": appraisal.team.details()})
            return 0
        for line in done or _listing(appraisal):
            print(line)
    return 0
