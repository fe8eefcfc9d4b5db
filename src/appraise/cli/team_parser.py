"""The parser of ``appraise team``: the team roster with its roles and logins, and the appraisal's details a
deliverable prints."""

from __future__ import annotations

import argparse
from typing import Any

from appraise.cli.locations import location


def add_team_parser(sub: Any) -> argparse.ArgumentParser:
    """``team FILE [--add NAME --role ROLE [--login L] [--affiliation ORG] [--licence TEXT] | --member NAME
    [--role ROLE] [--login L] | --remove NAME] [--set K=V ...] [--decisions-by lead|team]``."""
    p = sub.add_parser("team", help="the appraisal team's roster with its roles and logins (who may change what) and "
                                    "the appraisal's details (dates, sponsor ...) the deliverables print; alone: "
                                    "list them")
    p.add_argument("file", type=location)
    change = p.add_mutually_exclusive_group()
    change.add_argument("--add", metavar="NAME", help="add a member to the roster (with --role)")
    change.add_argument("--member", metavar="NAME", help="change a member already on the roster (with --role "
                                                         "and/or --login)")
    change.add_argument("--remove", metavar="NAME", help="remove a member from the roster")
    p.add_argument("--role", help="the member's role, e.g. \"lead appraiser\", \"team member\", \"observer\", "
                                  "\"OU coordinator\", \"lead assessor\", \"lead auditor\"")
    p.add_argument("--login", metavar="LOGIN", help="the login or database user that is this member (--login \"\" "
                                                    "drops it); roles are enforced once a member has one")
    p.add_argument("--affiliation", default="", metavar="ORG", help="the member's organization")
    p.add_argument("--licence", default="", metavar="TEXT", help="a licence or credential (a lead appraiser ID, a "
                                                                 "VDA licence level)")
    p.add_argument("--set", dest="details", action="append", default=[], metavar="KEY=VALUE",
                   help="record a detail (repeatable; an empty value removes it), e.g. dates=\"2026-11-30 to "
                        "2026-12-04\", end=2026-12-04, sponsor=\"Jo Smith, CEO\"; see the list for the keys")
    p.add_argument("--decisions-by", choices=("lead", "team"), default=None,
                   help="who records the rating decisions while roles are enforced: only the lead, or the team "
                        "(the default)")
    p.add_argument("--json", action="store_true", help="print the roster and the details as JSON")
    return p


__all__ = ["add_team_parser"]
