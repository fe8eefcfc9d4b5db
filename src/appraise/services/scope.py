"""Correcting an appraisal's scope after it was created: the unit, the projects and the target.

One call checks everything a user asked for against the appraisal as it is, then writes it all in one
transaction (``AppraisalStore.change_scope``) with an entry per change in the change log. A rename keeps
everything recorded on the project (it is one UPDATE of its code, and the decisions and audit findings that
name it by code are rewritten with it); a project with anything recorded on it is not removed; a target
that would leave recorded characterizations out of scope is refused unless the user confirms it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from appraise.errors import UsageError
from appraise.io.evidence import ALL_PROJECTS
from appraise.schemes import Scope
from appraise.services.assessors import CONSENSUS
from appraise.services.frameworks import MATURITY_MODEL, MATURITY_MODEL_ORIGIN, maturity_settings
from appraise.store import DecisionRecord, ScopeChange

if TYPE_CHECKING:
    from appraise.services.session import Appraisal

#: Decisions whose basis is keyed by project code (a practice's instance values; the instance weights).
_BASIS_BY_PROJECT = ("ou_characterization", "aggregation_weights")
_WEIGHTS = "aggregation_weights"


class NeedsConfirmation(UsageError):
    """A target change that would leave recorded characterizations out of scope: done only when confirmed.

    ``question``: what is to be confirmed, without the CLI's "--yes" (a dialog asks it in its own words)."""

    def __init__(self, question: str, how: str) -> None:
        self.question = question
        super().__init__(f"{question} — {how}")


@dataclass(frozen=True)
class ScopeCorrection:
    """What a scope correction changed: one (what, target, old, new) per change-log entry, and notes on
    what it means for the rating."""

    changes: tuple[tuple[str, str, str | None, str | None], ...]
    notes: tuple[str, ...] = ()

    def lines(self) -> list[str]:
        return [f"{what}: {old or '—'} -> {new or '—'}" for what, _target, old, new in self.changes] + [
            f"Note: {note}" for note in self.notes]


def check_project_codes(codes: Sequence[str], word: str = "project") -> None:
    """The rules on project codes ``Appraisal.create`` applies: none reserved, none twice (in any case)."""
    odd = [c for c in codes if "," in c or "=" in c]
    if odd:
        raise UsageError(f"{odd[0]!r} cannot be a {word} code: ',' separates codes and '=' gives weights")
    reserved = [c for c in codes if c.lower() in ALL_PROJECTS]
    if reserved:
        raise UsageError(f"{reserved[0]!r} cannot be a {word} code: in an evidence index it means every {word}")
    dupes = sorted({c for c in codes if [x.upper() for x in codes].count(c.upper()) > 1})
    if dupes:
        raise UsageError(f"{word} {', '.join(dupes)} is listed twice")


def _pair(text: str) -> tuple[str, str]:
    old, sep, new = text.partition("=")
    if not sep or not old.strip() or not new.strip():
        raise UsageError(f"write a rename as OLD=NEW, e.g. BETA=BRAVO (not {text!r})")
    return old.strip(), new.strip()


def _renamed_key(key: str, old: str, new: str, cells: bool) -> str:
    """A basis key with the project renamed: the code itself, or a cell ``PRACTICE CODE`` (``cells``)."""
    if key == old and not cells:
        return new
    if cells and key.endswith(f" {old}"):
        return key[: -len(old)] + new
    return key


def _renamed_decision(d: DecisionRecord, old: str, new: str) -> tuple[int, str, str, str] | None:
    """The decision rewritten for a renamed project, or None when it does not name the project.

    A consistency hit names it in its target (``AS8:SWE.1:ECU-A``) and its basis cells (``SWE.1 PA 3.1 ECU-A``),
    a cell's consensus in its target (``SYS.3.BP2 / ECU-A``); a practice's OU characterization and the instance weights key their basis by project code.
    """
    parts = d.target.split(":")
    is_hit = len(parts) > 1
    target = ":".join(new if is_hit and part == old else part for part in parts)
    if d.kind == CONSENSUS and d.target.endswith(f" / {old}"):  # a cell's consensus names its unit
        target = d.target[: -len(old)] + new
    value = d.value
    if d.kind == _WEIGHTS:
        value = ",".join(f"{new}={w}" if c == old else f"{c}={w}" for c, _s, w in
                         (p.partition("=") for p in d.value.split(",")))
    basis = d.basis
    if d.basis and (is_hit or d.kind in _BASIS_BY_PROJECT):
        try:
            data = json.loads(d.basis)
        except ValueError:
            data = None
        if isinstance(data, dict):
            basis = json.dumps({_renamed_key(k, old, new, is_hit): v for k, v in data.items()},
                               sort_keys=d.kind != _WEIGHTS)
    if (target, value, basis) == (d.target, d.value, d.basis):
        return None
    return d.id, target, value, basis


def _left_out(appraisal: Appraisal, practices: set[str]) -> str:
    """Recorded characterizations of ``practices`` (which would leave the scope), per area: '' when none."""
    per_area: dict[str, int] = {}
    for practice, cells in appraisal.cells.all().items():
        if practice in practices:
            area = appraisal.framework.practice(practice).area
            per_area[area] = per_area.get(area, 0) + len(cells)
    if not per_area:
        return ""
    order = [a.id for a in appraisal.framework.areas]
    return ", ".join(f"{area} ({n})" for area, n in sorted(per_area.items(), key=lambda kv: order.index(kv[0])))


def correct_scope(appraisal: Appraisal, *, unit: str | None = None, add: Sequence[str] = (),
                  rename: Sequence[str] = (), remove: Sequence[str] = (), target: int | None = None,
                  confirm: bool = False, why: str = "", who: str) -> ScopeCorrection:
    """Check and write scope corrections in one transaction; nothing is written when one is refused."""
    word = appraisal.view.words.unit
    log: list[tuple[str, str, str | None, str | None]] = []
    note = f" — {why.strip()}" if why.strip() else ""
    name = appraisal.reader.path.name
    info = appraisal.info

    new_unit = None
    if unit is not None:
        if not unit.strip():
            raise UsageError("the organizational unit needs a name")
        if unit.strip() != info.unit:
            new_unit = unit.strip()
            log.append(("unit", name, info.unit, new_unit + note))

    codes = list(info.projects)
    renames: list[tuple[str, str]] = []
    for text in rename:
        old_text, new = _pair(text)
        old = appraisal.resolve_project(old_text)
        if old in {n for _o, n in renames} or old in {o for o, _n in renames}:
            raise UsageError(f"{old} is renamed twice in one change")
        if new == old:
            continue
        taken = next((c for c in info.projects if c.upper() == new.upper() and c != old), None)
        if taken is not None:
            raise UsageError(f"{word} {taken} exists already: choose another code for {old}")
        codes[codes.index(old)] = new
        renames.append((old, new))
        log.append((f"{word} renamed", old, old, new + note))
    weights = [d for d in appraisal.decisions.all() if d.kind == _WEIGHTS]
    weighted = json.loads(weights[-1].basis) if weights and weights[-1].basis else {}
    removes: list[str] = []
    for text in remove:
        code = appraisal.resolve_project(text)
        if code in {o for o, _n in renames}:
            raise UsageError(f"{code} is renamed and removed in one change: do one or the other")
        if code in removes:
            continue
        recorded = {what: n for what, n in appraisal.reader.recorded_on_project(code).items() if n}
        if recorded:
            there = ", ".join(f"{n} {what if n > 1 else what.removesuffix('s')}" for what, n in recorded.items())
            raise UsageError(f"{code} cannot be removed: {there} recorded on it (rename it, or clear those first)")
        if code in weighted:
            raise UsageError(f"{code} cannot be removed: the instance weights give it a weight "
                             "(set the weights again without it, or return to the mean, first)")
        codes.remove(code)
        removes.append(code)
        log.append((f"{word} removed", code, code, "(removed)" + note))
    adds = [c.strip() for c in add if c.strip()]
    present = [c for c in adds if c.upper() in {x.upper() for x in codes}]
    if present:
        raise UsageError(f"{word} {present[0]} exists already (projects: {', '.join(codes)})")
    codes += adds
    log += [(f"{word} added", code, None, code + note) for code in adds]
    check_project_codes(codes, word)
    if not codes:
        raise UsageError(f"an appraisal needs at least one {word}: add another before removing {removes[-1]}")

    new_target = areas = None
    if target is not None:
        if not appraisal.view.target_level:
            raise UsageError(f"an audit against {appraisal.framework.id} has no target level: leave out --target")
        if target != info.target:
            scheme = appraisal.scheme
            staged_areas: list[str] = [] if info.representation == "staged" else list(info.areas)
            scope = scheme.make_scope(appraisal.framework, info.representation, target, staged_areas, codes)
            left = _left_out(appraisal, set(appraisal.practices) - set(scheme.practices_in_scope(
                appraisal.framework, scope)))
            if left and not confirm:
                raise NeedsConfirmation(f"target {target} leaves recorded characterizations out of scope: {left}; "
                                        "they stay in the file (back in scope with the target)", "confirm with --yes")
            new_target = target
            log.append(("target", name, str(info.target), str(target) + note))
            if scope.areas != info.areas:
                areas = scope.areas
                word_areas = appraisal.view.words.areas
                log.append((word_areas, name, ", ".join(info.areas), ", ".join(scope.areas)))

    current = {d.id: d for d in appraisal.decisions.all()}
    rewritten: set[int] = set()
    for old, new in renames:  # in order: a decision may name several renamed projects
        for d in list(current.values()):
            found = _renamed_decision(d, old, new)
            if found is not None:
                current[d.id] = DecisionRecord(d.id, d.kind, found[1], found[2], d.rationale, d.decided_by,
                                               d.decided_at, found[3])
                rewritten.add(d.id)
    decisions = [(i, current[i].target, current[i].value, current[i].basis) for i in sorted(rewritten)]
    if not log:
        raise UsageError("nothing to change: the scope is already so")
    appraisal.store.change_scope(ScopeChange(new_unit, new_target, areas, tuple(renames), tuple(removes),
                                             tuple(adds), tuple(decisions), tuple(log)), who)
    appraisal.reload_scope()
    notes: tuple[str, ...] = ()
    if weighted and adds:
        notes = (f"the instance weights give {', '.join(adds)} no weight: the plain mean applies until they are "
                 "set again (appraise scope --weights)",)
    return ScopeCorrection(tuple(log), notes)


def _log_line(line: str, name: str, note: str) -> tuple[str, str, str | None, str | None]:
    """A scheme's line for one change (``CM target: 3 -> 2``) as a change-log entry (what, target, old, new)."""
    what, sep, rest = line.partition(": ")
    old, arrow, new = rest.partition(" -> ")
    if sep and arrow:
        return what, name, old or None, new + note
    return "scope", name, None, line + note


def _recorded_left_out(appraisal: Appraisal, scope: Scope) -> str:
    """Recorded characterizations the revised ``scope`` would leave out (a practice out of scope, a unit out of
    an area's sample), per area: '' when none."""
    a = appraisal
    framework = a.scheme.specialize(a.model, scope)
    kept = set(a.scheme.practices_in_scope(framework, scope))
    why = a.scheme.refusal(framework, scope, a.decisions.for_rules())
    per_area: dict[str, int] = {}
    for practice, cells in a.cells.all().items():
        for unit in cells:
            if practice not in kept or why(practice, unit):
                try:
                    area = a.framework.practice(practice).area
                except KeyError:  # a cell of a process no longer named
                    area = practice.split(" ")[0]
                per_area[area] = per_area.get(area, 0) + 1
    order = [x.id for x in a.framework.areas]
    return ", ".join(f"{area} ({n})" for area, n in sorted(
        per_area.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)))


def revise_scope(appraisal: Appraisal, change: Mapping[str, Any], why: str, who: str,
                 add_units: Sequence[tuple[str, str, str]] = (), confirm: bool = False) -> ScopeCorrection:
    """A change of the scheme's own scope (``Scheme.revise_scope``: CMMI V3.0 targets per area, areas out of or
    back in scope, units assigned to areas, processes, the sample), with the units it needs added first
    (``add_units``: code, kind, subgroup): checked, then written in one transaction with an entry per change.

    A change that leaves recorded characterizations out of scope (or a unit out of an area's sample), or one
    the scheme asks to confirm, is done only when ``confirm``; they stay in the file.
    """
    a = appraisal
    word = a.view.words.unit
    note = f" — {why.strip()}" if why.strip() else ""
    name = a.reader.path.name
    adds = [(code.strip(), kind, subgroup.strip()) for code, kind, subgroup in add_units if code.strip()]
    present = [c for c, _k, _s in adds if c.upper() in {x.upper() for x in a.info.projects}]
    if present:
        raise UsageError(f"{word} {present[0]} exists already ({a.view.words.units}: {', '.join(a.info.projects)})")
    codes = [*a.info.projects, *(c for c, _k, _s in adds)]
    check_project_codes(codes, word)
    scope = replace(a.scope, projects=tuple(codes))
    revision = a.scheme.revise_scope(a.framework, scope, change)
    settings = {k: v for k, v in revision.settings.items() if a.info.settings.get(k) != v}
    log = [(f"{word} added", code, None, code + (f" ({kind})" if kind else "") + note) for code, kind, _s in adds]
    log += [_log_line(line, name, note) for line in revision.lines]
    if not settings and not adds:
        raise UsageError("nothing to change: the scope is already so")
    revised = replace(scope, settings={**{k: v for k, v in a.scope.settings.items() if k not in settings},
                                       **{k: v for k, v in settings.items() if v is not None}})
    if not confirm:
        if revision.question:
            raise NeedsConfirmation(revision.question, "confirm with --yes")
        left = _recorded_left_out(a, revised)
        if left:
            raise NeedsConfirmation(f"this change leaves recorded characterizations out of scope: {left}; they "
                                    "stay in the file (back in scope when the change is reversed)",
                                    "confirm with --yes")
    a.store.change_scope(ScopeChange(adds=tuple(c for c, _k, _s in adds), log=tuple(log),
                                     subgroups={c: s for c, _k, s in adds if s}, settings=settings), who)
    a.reload_scope()
    return ScopeCorrection(tuple(log))


class Setup:
    """Setting up an open appraisal after it was created: its scope corrected, a maturity model attached
    (``appraisal.setup``)."""

    def __init__(self, appraisal: Appraisal) -> None:
        self.appraisal = appraisal

    def correct_scope(self, *, unit: str | None = None, add: Sequence[str] = (), rename: Sequence[str] = (),
                      remove: Sequence[str] = (), target: int | None = None, confirm: bool = False,
                      why: str = "", who: str | None = None) -> ScopeCorrection:
        """Correct the unit, the projects (add, rename OLD=NEW, remove while nothing is recorded on them) and
        the target, in one transaction; ``confirm`` lets a target leave recorded characterizations out of scope."""
        return correct_scope(self.appraisal, unit=unit, add=add, rename=rename, remove=remove, target=target,
                             confirm=confirm, why=why, who=who or self.appraisal.user)

    def revise_scope(self, change: Mapping[str, Any], why: str = "", who: str | None = None,
                     add_units: Sequence[tuple[str, str, str]] = (), confirm: bool = False) -> ScopeCorrection:
        """Change the scheme's own scope (``Scheme.revise_scope``; CMMI V3.0: ``area_targets``, ``out_of_scope``,
        ``in_scope``, ``assign``, ``processes``, ``sample``), adding ``add_units`` (code, kind, subgroup) first,
        in one transaction; ``confirm`` lets it leave recorded characterizations out of scope."""
        return revise_scope(self.appraisal, change, why, who or self.appraisal.user, add_units, confirm)

    def attach_maturity_model(self, path: str | Path | None, who: str | None = None) -> None:
        """Attach (None: detach) an organizational maturity model file, checked against this model."""
        a = self.appraisal
        settings: dict[str, str | None] = {MATURITY_MODEL: None, MATURITY_MODEL_ORIGIN: None}
        if path is not None:
            settings.update(maturity_settings(a.framework, path))
        old = a.info.settings.get(MATURITY_MODEL_ORIGIN)
        a.store.set_settings(settings, who or self.appraisal.user, "maturity model", a.framework.id, old,
                             settings[MATURITY_MODEL_ORIGIN])
        a.reload_scope()

    def maturity_model_gaps(self) -> list[str]:
        """Processes the attached maturity model names that this assessment does not assess (they block)."""
        a = self.appraisal
        model = a.scope.maturity_model
        if model is None:
            return []
        scoped = set(a.scope.areas)
        return sorted({pid for level in model.levels for req in level.requires for pid in req.processes
                       if pid not in scoped}, key=lambda p: [x.id for x in a.framework.areas].index(p))
