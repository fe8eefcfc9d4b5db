"""The deliverables of an appraisal: the findings deck, the report, the workbook (``appraise export --format
pptx|html|pdf|xlsx``).

The scheme lays its deliverable out (``Scheme.document``) from a ``DeliverableInput`` built here, which holds no
evidence source, collector, decider or assessor: the only names a deliverable can show are the team roster's
(``appraise team``), on the sections its outline lists the team on. ``--anonymize-projects`` replaces the units'
codes with "Project 1..n" (the scheme's word for a unit: "Site 1" in an audit) everywhere.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from typing import TYPE_CHECKING

from appraise.errors import UsageError
from appraise.schemes.document import DeliverableInput, Document, EvidenceRef, TeamMember, anonymize

if TYPE_CHECKING:
    from appraise.services.session import Appraisal


def team_of(appraisal: Appraisal) -> tuple[TeamMember, ...]:
    """The roster the user recorded (``appraise team``), in its order; () until one is."""
    return tuple(TeamMember(m.name, m.role, m.affiliation, m.licence) for m in appraisal.team.members())


def details_of(appraisal: Appraisal) -> dict[str, str]:
    """The details recorded with ``appraise team --set KEY=VALUE`` (settings ``detail.<key>``)."""
    return appraisal.team.details()


def evidence_of(appraisal: Appraisal) -> tuple[EvidenceRef, ...]:
    """The evidence index without sources or collectors, each item with the cells it is linked to."""
    links = appraisal.reader.evidence_links_by_item()
    return tuple(EvidenceRef(item.id, item.kind, item.title, item.location, tuple(links.get(item.id, ())))
                 for item in appraisal.reader.evidence_items())


_STATUS_CHANGE = re.compile(r"^finding #(\d+) status$")


def finding_dates(appraisal: Appraisal) -> dict[int, dict[str, str]]:
    """When each finding last reached each status (the change log's date, never who), e.g. an audit's plan
    accepted and verified closed."""
    out: dict[int, dict[str, str]] = {}
    for change in appraisal.reader.change_log():
        found = _STATUS_CHANGE.match(change.what)
        if found and change.new:
            out.setdefault(int(found.group(1)), {})[change.new] = change.at[:10]
    return out


def deliverable_input(appraisal: Appraisal) -> DeliverableInput:
    tree = appraisal.rate()  # once: the summary renders the same rating
    return DeliverableInput(
        framework=appraisal.framework, tree=tree, summary=appraisal.summary(tree),
        team=team_of(appraisal), evidence=evidence_of(appraisal), details=details_of(appraisal),
        settings=dict(appraisal.info.settings), generated=_dt.date.today().isoformat(),
        words=appraisal.view.words, finding_dates=finding_dates(appraisal))


def document(appraisal: Appraisal, anonymize_projects: bool = False) -> Document:
    """The appraisal's deliverable as the scheme lays it out; ``anonymize_projects``: units as Project 1..n."""
    doc = appraisal.scheme.document(deliverable_input(appraisal))
    if not anonymize_projects:
        return doc
    return anonymize(doc, appraisal.info.projects, appraisal.view.words.unit.capitalize())


def refuse_own_file(appraisal: Appraisal, dest: str | Path) -> None:
    """An export never replaces the appraisal file itself (``-o acme.appraisal`` by a slip of the hand)."""
    p, own = Path(dest), appraisal.info.path
    if appraisal.on_server:  # no file of its own to overwrite
        return
    try:
        same = p.resolve() == own.resolve() or (p.exists() and p.samefile(own))
    except OSError:
        same = False
    if same:
        raise UsageError(f"{dest} is the appraisal file itself: give the export another name")


def write_deliverable(appraisal: Appraisal, fmt: str, dest: str | Path, template: str | Path | None = None,
                      anonymize_projects: bool = False) -> tuple[Path, tuple[str, ...]]:
    """Write the deliverable as ``fmt``; returns the file and what the outline asks for that is not recorded."""
    from appraise.io.deliver import write

    refuse_own_file(appraisal, dest)
    if template is not None:
        refuse_own_file(appraisal, template)

    doc = document(appraisal, anonymize_projects)
    written = write(doc, fmt, dest, template)
    warnings = doc.warnings
    if fmt == "pptx" and template is None:  # the slides taken from the user's template (FF2) have no text of ours
        warnings += tuple(f"{s.title.lower()} — export with --template YOUR-FINDINGS-TEMPLATE.pptx to take its "
                          f"slides" for s in doc.for_("deck") if s.from_template)
    return written, warnings
