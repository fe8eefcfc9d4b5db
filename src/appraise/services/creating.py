"""Creating an appraisal: the user's choices (model, representation, target, unit, units, areas or a named scope,
the scheme's own options) checked, then the store made — an ``.appraisal`` file or an appraisal in a team's
PostgreSQL database. Every refusal is a ``UsageError`` saying what would be accepted."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from appraise.errors import UsageError
from appraise.framework import load_framework_file
from appraise.locations import ServerLocation
from appraise.schemes import checked_scheme, view_for
from appraise.services.files import default_user
from appraise.services.frameworks import REFINED, framework_path, maturity_settings
from appraise.services.scope import check_project_codes
from appraise.store import AppraisalStore
from appraise.store.sqlite import SqliteStore


def new_store(path: Path | ServerLocation, name: str, *, framework: str, representation: str | None,
              target: int | None, unit: str, projects: list[str], areas: list[str] | None, who: str | None,
              scope_name: str | None, refined: bool, maturity_model: str | Path | None,
              options: Mapping[str, Any] | None = None) -> AppraisalStore:
    """The new appraisal's store (``name``: the file name the change log records)."""
    fw_path = framework_path(framework)
    model = load_framework_file(fw_path)
    scheme = checked_scheme(model)
    view = view_for(model)
    representation = representation or model.representations[0]
    if target is None:
        if view.target_level:
            raise UsageError(f"{model.id} needs a target level (--target)")
        target = 0
    elif not view.target_level:
        raise UsageError(f"an audit against {model.id} has no target level: leave out --target")
    if representation not in model.representations:
        raise UsageError(f"{model.id} has no {representation!r} representation "
                         f"(it has: {', '.join(model.representations)})")
    if not unit.strip():
        raise UsageError("the organizational unit needs a name")
    codes = [c.strip() for c in projects if c.strip()]
    check_project_codes(codes)
    word, words = view.words.area, view.words.areas
    if scope_name:
        if areas:
            raise UsageError(f"give either a named scope or the {words}, not both")
        named = model.scopes.get(scope_name.strip().lower())
        if named is None:
            known = ", ".join(s.name for s in model.scopes.values()) or "none"
            raise UsageError(f"{model.id} names no scope {scope_name!r} (scopes: {known}); "
                             f"choose the {words} instead")
        if named.processes is None:
            raise UsageError(f"{model.id}: --scope {named.name} cannot be used: {named.note}")
        areas = list(named.processes)
    options = dict(options or {})
    processes = [p.strip() for p in options.pop("processes", None) or () if p.strip()]
    if processes and (view.words.area == "process" or all(model.resolve_area(p) for p in processes)):
        areas = [*(areas or []), *processes]  # the model's areas are its processes (ISO/IEC 33020)
    elif processes:
        options["processes"] = processes  # the scheme's own: what II and GOV are characterized over (V7)
    if options.get("phase2_start"):
        from appraise.io.evidence import parse_date

        day = parse_date(str(options["phase2_start"]))
        if day is None:
            raise UsageError(f"--phase2-start {options['phase2_start']!r} is no date (write YYYY-MM-DD)")
        options["phase2_start"] = day
    resolved_areas = []
    for a in areas or []:
        found = model.resolve_area(a)
        if found is None:
            raise UsageError(f"unknown {word} {a!r} in {model.id} ({words}: {', '.join(x.id for x in model.areas)})")
        resolved_areas.append(found)
    scope = scheme.make_scope(model, representation, target, resolved_areas, codes, options)
    settings: dict[str, str] = dict(scope.settings)
    if refined:
        if not any(v.refined for v in model.scale.values):
            raise UsageError(f"{model.id}'s scale has no refined values")
        settings[REFINED] = "1"
    if maturity_model is not None:
        settings.update(maturity_settings(model, maturity_model))
    made = dict(unit=unit.strip(), framework_id=model.id, framework_text=fw_path.read_text(encoding="utf-8"),
                representation=scope.representation, target=scope.target, areas=scope.areas,
                projects=scope.projects, settings=settings)
    store: AppraisalStore
    if isinstance(path, ServerLocation):
        from appraise.store.postgres import PostgresStore

        # no --by: the server records the database user who created it
        store = PostgresStore.create(path, who=who or "", **made)  # type: ignore[arg-type]
    else:
        store = SqliteStore.create(path, who=who or default_user(), name=name, **made)  # type: ignore[arg-type]
    return store


__all__ = ["new_store"]
