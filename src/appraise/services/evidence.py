"""Evidence: importing an evidence index, the items and their links to practices in projects.

``appraisal.evidence`` holds these use cases.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from appraise.errors import UsageError
from appraise.io.evidence import EvidencePlan, plan_evidence_import
from appraise.io.export_index import IndexExport, export_index
from appraise.io.layouts import ImportSpec
from appraise.io.resolve import PracticeResolver
from appraise.store import EvidenceItem

if TYPE_CHECKING:
    from appraise.services.session import Appraisal


def import_source(plan: EvidencePlan) -> str:
    """What an import records as the items' source (``imported_from``): the file's name and, for a workbook,
    the sheets it read (``oe.xlsx!ALP,BRV``); ``import --sync`` takes only the items of the same source."""
    return f"{plan.path.name}!{','.join(plan.sheets)}" if plan.sheets else plan.path.name


@dataclass
class SyncPlan:
    """What ``import --sync`` does to an earlier import of the same source."""

    source: str
    #: How many items of the appraisal came from an earlier import of ``source`` (0: there was none).
    earlier: int
    #: The items the file no longer holds, removed.
    remove: list[EvidenceItem] = field(default_factory=list)
    #: The items the file no longer holds, kept for being linked from elsewhere, with why.
    kept: list[tuple[EvidenceItem, str]] = field(default_factory=list)


class Evidence:
    """The evidence of an open appraisal (``appraisal.evidence``)."""

    def __init__(self, appraisal: Appraisal) -> None:
        self.appraisal = appraisal

    def plan_import(self, path: str | Path, spec: ImportSpec | None = None) -> EvidencePlan:
        """Read and check an evidence index (a CSV file or a workbook, laid out as ``spec`` says); nothing is
        written (a dry run is this alone)."""
        a = self.appraisal
        spec = spec or ImportSpec()
        resolver = PracticeResolver(a.framework, a.in_scope, spec.aliases, a.resolve_cell)
        plan = plan_evidence_import(path, resolver, a.info.projects, a.reader.evidence_keys(), spec)
        if plan.reused:
            present = a.reader.evidence_links(-ref for ref, _p, _c in plan.links if ref < 0)
            plan.new_links = sum(1 for ref, practice, code in plan.links
                                 if ref >= 0 or (-ref, practice, code) not in present)
        return plan

    def import_plan(self, plan: EvidencePlan, who: str | None = None, sync: bool = False) -> tuple[int, int]:
        """Record a checked evidence index in one transaction: (items, links) added. The items are recorded as
        imported from ``import_source(plan)``. ``sync``: the items of an earlier import of the same source that
        it no longer holds (``sync_plan``; not those kept for being linked from elsewhere) are removed in the
        same transaction."""
        gone = [item.id for item in self.sync_plan(plan).remove] if sync else []
        return self.appraisal.store.import_evidence(plan.items, plan.links, import_source(plan), who or self.appraisal.user,
                                                    remove=gone)

    def sync_plan(self, plan: EvidencePlan) -> SyncPlan:
        """What ``import --sync`` does: the items an earlier import of the same source (``import_source``: the
        file's name and, for a workbook, the sheets read) brought that the file no longer holds, split into
        those it removes and those it keeps for being linked from elsewhere (``elsewhere``)."""
        source = import_source(plan)
        held = {-ref for ref, _practice, _project in plan.links if ref < 0}
        earlier = [item for item in self.items() if item.imported_from == source]
        gone = [item for item in earlier if item.id not in held]
        why = self.elsewhere({item.id for item in gone}) if gone else {}
        return SyncPlan(source, len(earlier), [item for item in gone if item.id not in why],
                        [(item, why[item.id]) for item in gone if item.id in why])

    def sync_removals(self, plan: EvidencePlan) -> list[EvidenceItem]:
        """The items ``import --sync`` removes (``sync_plan(plan).remove``)."""
        return self.sync_plan(plan).remove

    def elsewhere(self, ids: set[int]) -> dict[int, str]:
        """``{id: why}`` for the items of ``ids`` that something besides their import holds: a finding cites
        it, a link of it came from a reuse suggestion (an audit's evidence), or a link it has was made by hand (the change log's
        "evidence linked"). What the store cannot tell: an item another file's import reused by its key."""
        reader = self.appraisal.reader
        why: dict[int, str] = {}
        for finding in reader.findings():
            if finding.evidence_id in ids:
                why.setdefault(finding.evidence_id, f"cited by finding #{finding.id}")
        for e, practice, project in sorted(reader.link_origins()):  # accepted reuse suggestions
            if e in ids and e not in why:
                why[e] = f"linked to {practice} / {project} by reuse"
        by_hand: set[tuple[int, str, str]] = set()
        for entry in reader.change_log():
            ref = (entry.new or "").removeprefix("#")
            if entry.what == "evidence linked" and ref.isdigit() and int(ref) in ids:
                practice, _sep, project = entry.target.rpartition(" / ")
                by_hand.add((int(ref), practice, project))
        if by_hand:
            for link in sorted(by_hand & reader.evidence_links(e for e, _p, _c in by_hand)):
                why.setdefault(link[0], f"linked to {link[1]} / {link[2]} by hand")
        return why

    def remove(self, ids: Sequence[int], who: str | None = None) -> list[EvidenceItem]:
        """Remove evidence items with their links, in one transaction kept in the change log with its undo.
        An unknown id (or an item a finding cites) refuses them all, changing nothing. Returns the items."""
        a = self.appraisal
        if not ids:
            raise UsageError("say which evidence items to remove (their ids: appraise evidence list FILE)")
        by_id = {item.id: item for item in self.items()}
        unknown = [i for i in dict.fromkeys(ids) if i not in by_id]
        if unknown:
            raise UsageError(f"there is no evidence item {', '.join(f'#{i}' for i in unknown)} (appraise evidence "
                             f"list {a.info.path}); nothing was removed")
        a.store.remove_evidence(list(dict.fromkeys(ids)), who or self.appraisal.user)
        return [by_id[i] for i in dict.fromkeys(ids)]

    def export(self, dest: str | Path, replace: bool = False) -> IndexExport:
        """Write the evidence index (the columns the import reads, one row per link) to a .csv or .xlsx file (one
        there already only with ``replace``)."""
        return export_index(self.items(), self.links(), dest, replace)

    def items(self) -> list[EvidenceItem]:
        return self.appraisal.reader.evidence_items()

    def for_practice(self, practice: str) -> dict[str, list[EvidenceItem]]:
        """The items linked to ``practice``, per project (every project present, maybe empty). A practice
        characterized per process (CMMI V3.0 II and GOV) brings the items of each of its processes' cells."""
        a = self.appraisal
        out: dict[str, list[EvidenceItem]] = {code: [] for code in a.info.projects}
        for pid in a.cells_of(practice):
            for code, item in a.reader.evidence_of_practice(pid):
                if all(other.id != item.id for other in out[code]):
                    out[code].append(item)
        return out

    def links(self) -> dict[int, list[tuple[str, str]]]:
        """Every item's (practice, project) links, in one read."""
        return self.appraisal.reader.evidence_links_by_item()

    def links_of(self, evidence_id: int) -> list[tuple[str, str]]:
        """(practice, project) links of one evidence item."""
        return self.appraisal.reader.evidence_links_of(evidence_id)

    def link_origins_of(self, evidence_id: int) -> dict[tuple[str, str], dict[str, str]]:
        """``{(practice, project): origin}`` for this item's links accepted from an audit (reuse)."""
        return {(practice, project): json.loads(origin) for (e, practice, project), origin
                in self.appraisal.reader.link_origins().items() if e == evidence_id}

    def cells(self, practices: Sequence[str] | None = None) -> dict[tuple[str, str], set[str]]:
        """``{(practice, project): {kinds of evidence linked}}``; of ``practices`` only when given (what a page of
        the matrix shows, read as it comes into view)."""
        return self.appraisal.reader.evidence_cells(practices)

    def link(self, evidence_id: int, practice: str, project: str, who: str | None = None,
             link: bool = True) -> bool:
        """Link (``link=False``: unlink) an evidence item to a practice in a project."""
        a = self.appraisal
        pid = a.resolve_practice(practice)
        code = a.resolve_project(project)
        if a.reader.evidence_item(evidence_id) is None:
            raise UsageError(f"there is no evidence item #{evidence_id}")
        return a.store.link_evidence(evidence_id, pid, code, who or self.appraisal.user, link)
