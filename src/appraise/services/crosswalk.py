"""Across two models: how far one corresponds to the other, evidence reuse and the gap report.

The bundled mapping of a pair of models is ``frameworks/mappings/<from>__<to>.yaml``;
a user's own file (a certification body's, one toward Automotive SPICE) takes its
place with ``--map FILE``. A mapping only ever suggests: reuse stores suggestions
the appraiser accepts or rejects, and nothing here characterizes a practice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from appraise.errors import FrameworkError, UsageError
from appraise.framework import Framework
from appraise.framework.mapping import Mapping, load_mapping_file, mapping_ends
from appraise.schemes import requirement_order

if TYPE_CHECKING:
    from appraise.services import Appraisal


def bundled_mapping_path(source: str, target: str) -> Path:
    from appraise.resources import bundled_dir

    return bundled_dir("frameworks") / "mappings" / f"{source}__{target}.yaml"


def mapping_toward(target: Framework, map_path: str | Path | None = None) -> Mapping | None:
    """The mapping whose pairs end in ``target``: ``map_path``, else the bundled one toward it (None if none)."""
    from appraise.services import load_framework

    if map_path is not None:
        return load_mapping(load_framework(mapping_ends(map_path)[0]), target, map_path)
    from appraise.resources import bundled_dir

    for path in sorted((bundled_dir("frameworks") / "mappings").glob(f"*__{target.id}.yaml")):
        return load_mapping(load_framework(mapping_ends(path)[0]), target, path)
    return None


def load_mapping(source: Framework, target: Framework, path: str | Path | None = None) -> Mapping:
    """The mapping from ``source`` to ``target``: ``path``, else the bundled one; checked against both models."""
    if path is None:
        path = bundled_mapping_path(source.id, target.id)
        if not path.is_file():
            raise UsageError(f"appraise has no mapping from {source.id} to {target.id}: give one with --map FILE")
    return load_mapping_file(path, source, target)


def mapping_line(mapping: Mapping) -> str:
    """The one line every comparison and reuse shows about where the pairs come from."""
    kind = "a derived mapping" if mapping.derived else "a mapping"
    return f"Mapping {mapping.id} ({Path(mapping.origin).name}) is {kind}: {mapping.note}".rstrip(": ")


def validate_mapping(path: str | Path) -> tuple[Mapping, Framework, Framework]:
    """Check a mapping file against the two models it names (``frameworks validate``)."""
    from appraise.services import load_framework

    source_id, target_id = mapping_ends(path)
    try:
        source, target = load_framework(source_id), load_framework(target_id)
    except FrameworkError as exc:
        raise FrameworkError(f"{path}: {exc}") from None
    return load_mapping_file(path, source, target), source, target


# -- compare ------------------------------------------------------------------------------

def compare(source_id: str, target_id: str, level: int, map_path: str | Path | None = None) -> dict[str, Any]:
    """For each process area of the target model up to maturity level ``level``: how many of its specific
    practices have a strong counterpart, a partial one only, or none (each counted once, by its best
    strength), and from which clauses."""
    from appraise.services import load_framework

    source, target = load_framework(source_id), load_framework(target_id)
    levels = sorted({a.maturity_level for a in target.areas if a.maturity_level})
    if not levels:
        raise UsageError(f"{target.id} has no maturity levels to compare against")
    if level not in levels or level < 2:
        raise UsageError(f"--level is a maturity level of {target.id}: one of "
                         f"{', '.join(str(lv) for lv in levels if lv >= 2)}")
    mapping = load_mapping(source, target, map_path)
    best = mapping.best_by_target()
    areas = []
    for area in target.areas:
        if area.maturity_level is None or area.maturity_level > level:
            continue
        sps = [p for g in area.specific_goals for p in g.practices]
        strong = [p for p in sps if best.get(p.id, ("", []))[0] == "strong"]
        partial = [p for p in sps if best.get(p.id, ("", []))[0] == "partial"]
        clauses = sorted({c for p in sps for c in best.get(p.id, ("", []))[1]}, key=requirement_order)
        areas.append({"id": area.id, "title": area.title, "ml": area.maturity_level, "specific_practices": len(sps),
                      "strong": len(strong), "partial": len(partial), "none": len(sps) - len(strong) - len(partial),
                      "clauses": clauses,
                      "practices": {p.id: best[p.id][0] if p.id in best else "none" for p in sps}})
    by_level: dict[str, dict[str, int]] = {}
    for a in areas:
        entry = by_level.setdefault(f"ML{a['ml']}", {"specific_practices": 0, "with_counterpart": 0, "strong": 0})
        entry["specific_practices"] += a["specific_practices"]
        entry["with_counterpart"] += a["strong"] + a["partial"]
        entry["strong"] += a["strong"]
    line = f"{source.title.split(' Quality')[0]} corresponds to " + "; to ".join(
        f"{v['with_counterpart']} of {v['specific_practices']} specific practices of {k}"
        for k, v in by_level.items())
    return {
        "mapping": {"file": mapping.origin, "id": mapping.id, "derived": mapping.derived, "note": mapping.note},
        "from": source.id, "to": target.id, "level": level, "areas": areas,
        "summary": {"levels": by_level, "areas_without_counterpart": [a["id"] for a in areas
                                                                     if a["strong"] + a["partial"] == 0],
                    "line": line},
    }


# -- reuse --------------------------------------------------------------------------------

def audit_key(audit: Appraisal) -> str:
    """How suggestions name the audit they came from: its unit and creation time (a copied or renamed
    audit file is the same audit, so running reuse from it again adds nothing twice)."""
    return f"{audit.info.unit} (audit created {audit.info.created_at})"


@dataclass(frozen=True)
class SuggestionFilter:
    """Which suggestions to propose, list or accept in bulk: by area, strength, and specific practices only."""

    areas: tuple[str, ...] = ()
    strong_only: bool = False
    specific_only: bool = False

    def admits(self, framework: Framework, practice: str, strength: str) -> bool:
        model = framework.practice(practice)
        return ((not self.areas or model.area in self.areas) and (not self.strong_only or strength == "strong")
                and (not self.specific_only or not model.generic))


def suggestion_filter(appraisal: Appraisal, areas: Sequence[str] = (), strong_only: bool = False,
                      specific_only: bool = False) -> SuggestionFilter:
    """A filter with the areas as typed resolved (``cm`` is CM); an area outside the scope is refused."""
    resolved = []
    for text in areas:
        found = appraisal.framework.resolve_area(text)
        if found is None or found not in appraisal.info.areas:
            raise UsageError(f"{text!r} is not a process area of this appraisal "
                             f"({', '.join(appraisal.info.areas)})")
        resolved.append(found)
    return SuggestionFilter(tuple(resolved), strong_only, specific_only)


def reuse(appraisal: Appraisal, audit_path: str | Path, projects: Sequence[str] | None = None,
          map_path: str | Path | None = None, who: str | None = None,
          only: SuggestionFilter | None = None) -> tuple[list[Any], int, Mapping]:
    """Propose, for each evidence item linked to a clause in the audit, links to the practices mapped from
    that clause, per chosen project; store the new ones as suggestions. Returns (the audit's suggestions,
    how many are new, the mapping)."""
    from appraise.services import Appraisal

    codes = [appraisal.resolve_project(p) for p in projects] if projects else list(appraisal.info.projects)
    path = Path(audit_path)
    if not path.is_file():
        raise UsageError(f"{path}: no such audit file")
    with Appraisal.open(path) as audit:
        if not audit.view.reuse_source:
            raise UsageError(f"{path} is not an audit (its model {audit.framework.id} is rated, not audited)")
        mapping = load_mapping(audit.framework, appraisal.framework, map_path)
        key = audit_key(audit)
        items = {item.id: item for item in audit.evidence.items()}
        # one suggestion per evidence item, practice and project, from its strongest pair (an item on 7.5.2
        # and 7.5.3 is proposed once for CM SP 1.1); none in an area the team ruled not applicable
        existing = {(s.kind, s.title, s.location, s.practice, s.project) for s in appraisal.reader.suggestions(key)}
        excluded = {a.id for a in appraisal.rate().areas if a.status == "not_applicable"}
        best: dict[tuple[str, ...], dict[str, Any]] = {}
        for item_id, links in audit.evidence.links().items():
            item = items[item_id]
            for clause in sorted({c for c, _site in links}, key=requirement_order):
                for pair in mapping.targets(audit.framework, clause):
                    if pair.target not in appraisal.in_scope or \
                            appraisal.framework.practice(pair.target).area in excluded or \
                            (only is not None and not only.admits(appraisal.framework, pair.target, pair.strength)):
                        continue
                    for code in codes:
                        ident = (item.kind, item.title, item.location, pair.target, code)
                        if ident in existing or (ident in best and best[ident]["strength"] == "strong"):
                            continue
                        best[ident] = {"audit": key, "kind": item.kind, "title": item.title,
                                       "location": item.location, "description": item.description,
                                       "source": item.source, "collected_on": item.collected_on, "clause": clause,
                                       "practice_id": pair.target, "project": code, "strength": pair.strength,
                                       "basis": pair.basis, "mapping": mapping.id}
        rows = list(best.values())
    new = appraisal.store.add_suggestions(rows, who or appraisal.user) if rows else 0
    return appraisal.reader.suggestions(key), new, mapping


def decide_suggestions(appraisal: Appraisal, accept: str | None, reject: str | None,
                       who: str | None = None, only: SuggestionFilter | None = None) -> tuple[int, int]:
    """Accept (``all`` — within ``only`` — or ids) and reject (ids) open suggestions; an accepted one
    becomes a link with its origin."""

    suggestions = {s.id: s for s in appraisal.reader.suggestions()}
    open_ids = [s.id for s in suggestions.values() if s.status == "open" and
                (only is None or only.admits(appraisal.framework, s.practice, s.strength))]

    def ids(text: str | None, allow_all: bool) -> list[int]:
        if not text:
            return []
        if allow_all and text.strip().lower() == "all":
            return list(open_ids)
        out = []
        for part in (p.strip().lstrip("Ss#") for p in text.split(",") if p.strip()):
            if not part.isdigit() or int(part) not in suggestions:
                raise UsageError(f"there is no suggestion {part!r} (see appraise reuse FILE --from AUDIT --json)")
            if suggestions[int(part)].status != "open":
                raise UsageError(f"suggestion {part} is already {suggestions[int(part)].status}")
            out.append(int(part))
        return out

    accepted, rejected = list(dict.fromkeys(ids(accept, True))), list(dict.fromkeys(ids(reject, False)))
    both = set(accepted) & set(rejected)
    if both:
        raise UsageError(f"suggestion {', '.join(map(str, sorted(both)))} cannot be accepted and rejected at once")
    links, _decided = appraisal.store.decide_suggestions(accepted, rejected, who or appraisal.user)
    return links, len(accepted) + len(rejected)


def suggestion_dict(s: Any) -> dict[str, Any]:
    return {"id": s.id, "evidence": s.title, "kind": s.kind, "clause": s.clause, "practice": s.practice,
            "project": s.project, "strength": s.strength, "basis": s.basis, "status": s.status}


# -- gaps ---------------------------------------------------------------------------------

#: The kinds of evidence every practice needs in every project (artifacts and affirmations).
EVIDENCE_KINDS = ("artifact", "affirmation")


def missing_evidence(kinds: set[str] | frozenset[str]) -> list[str]:
    """The kinds of evidence a cell lacks, given the kinds linked to it."""
    return [k for k in EVIDENCE_KINDS if k not in kinds]


def counterparts(mapping: Mapping | None) -> dict[str, list[str]]:
    """``{practice: [requirements mapped to it, in order]}`` ({} without a mapping)."""
    if mapping is None:
        return {}
    return {practice: sorted(clauses, key=requirement_order)
            for practice, (_strength, clauses) in mapping.best_by_target().items()}


def gaps(appraisal: Appraisal, map_path: str | Path | None = None) -> tuple[list[dict[str, Any]], Mapping | None]:
    """Per practice in scope and project: the evidence kinds missing, and the requirements the mapping toward
    this model offers (the bundled ISO 9001 one for CMMI, or ``map_path``); ``coverage.coverage`` adds the
    evidence dated too late."""
    from appraise.services.coverage import coverage

    found = coverage(appraisal, map_path)
    return found.gaps, found.mapping


__all__ = ["EVIDENCE_KINDS", "SuggestionFilter", "audit_key", "bundled_mapping_path", "compare", "counterparts",
           "decide_suggestions", "gaps", "load_mapping", "mapping_line", "mapping_toward", "missing_evidence", "reuse",
           "suggestion_dict", "suggestion_filter", "validate_mapping"]
