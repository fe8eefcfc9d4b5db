"""Coverage of the objective evidence: which unit x practice cells lack an artifact or an affirmation, and
which evidence is dated on or after the date the scheme warns from (CMMI V3.0: the Phase 2 start, V8.5).

A cell the scheme takes no value on (a unit outside the area's sample, a process the unit does not use, an
area ruled not applicable) is no gap. A late date is a warning for the team, never a decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from appraise.services.crosswalk import counterparts, mapping_toward, missing_evidence

if TYPE_CHECKING:
    from appraise.framework.mapping import Mapping
    from appraise.services import Appraisal


@dataclass(frozen=True)
class LateEvidence:
    """An evidence item dated on or after the scheme's cutoff, with the cells it is linked to."""

    evidence: int
    kind: str
    title: str
    collected_on: str
    #: How an affirmation was given ("" for an artifact, or when not recorded).
    channel: str
    #: The session or role it came from (never a person).
    source: str
    cells: tuple[tuple[str, str], ...]

    def to_dict(self) -> dict[str, Any]:
        return {"evidence": self.evidence, "kind": self.kind, "title": self.title,
                "collected_on": self.collected_on, "channel": self.channel or None, "source": self.source or None,
                "cells": [{"practice": p, "unit": u} for p, u in self.cells]}


@dataclass(frozen=True)
class Coverage:
    #: Per cell lacking evidence: practice, area, project (unit), missing kinds, requirements mapped to it.
    gaps: list[dict[str, Any]]
    #: The mapping toward this model the counterparts come from, or None.
    mapping: Mapping | None
    #: The date evidence is warned from (ISO), or None when the scheme dates no evidence.
    cutoff: str | None
    late: list[LateEvidence]


def coverage(appraisal: Appraisal, map_path: str | Path | None = None) -> Coverage:
    """The cells (practice in scope x unit the scheme takes a value in) lacking an artifact or an affirmation,
    and the evidence linked in scope that is dated on or after the scheme's cutoff."""
    from appraise.errors import UsageError

    a = appraisal
    if not a.view.evidence_gaps:
        raise UsageError("gaps lists the practices of an appraisal that lack evidence (e.g. CMMI); an audit's "
                         "clauses are audited with conform and finding")
    mapping = mapping_toward(a.framework, map_path)
    reverse = counterparts(mapping)
    rating = a.rate()
    excluded = {x.id for x in rating.areas if x.status == "not_applicable"}
    cells = a.evidence.cells()
    why = a.refusal()
    gaps = []
    for practice in a.practices:
        model = a.framework.practice(practice)
        if model.area in excluded:
            continue
        for code in a.info.projects:
            if why(practice, code):
                continue  # no value is taken there (out of the sample, a process it does not use)
            missing = missing_evidence(cells.get((practice, code), set()))
            if missing:
                gaps.append({"practice": practice, "area": model.area, "project": code, "missing": missing,
                             "iso_counterpart": reverse.get(model.base or practice, [])})
    cutoff = a.scheme.evidence_cutoff(a.framework, a.scope)
    late: list[LateEvidence] = []
    if cutoff:
        links = a.reader.evidence_links_by_item()
        for item in a.reader.evidence_items():
            # V8.5: artifacts must exist before the appraisal began; affirmations are given in it (interviews,
            # demonstrations), so only an artifact dated (collected_on) on or after the Phase 2 start is late
            if item.kind != "artifact" or not item.collected_on or item.collected_on < cutoff:
                continue
            linked = tuple(sorted((p, u) for p, u in links.get(item.id, ()) if p in a.in_scope))
            if linked:
                late.append(LateEvidence(item.id, item.kind, item.title, item.collected_on, item.channel,
                                         item.source, linked))
    return Coverage(gaps, mapping, cutoff, late)
