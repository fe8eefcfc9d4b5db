"""Load a framework file (YAML): check it against the schema and build the model.

The schema is documented in docs/framework-schema.md. A file that breaks it is
refused with ``FrameworkError("<file>:<line>: <where>: <what is wrong>")``.
Reading the file and its YAML is in ``datafile``, the small checkers in ``checks``, the
sections of a model in ``sections``, a standard audited clause by clause in ``clauses``, a model by practice
groups (CMMI V2.0/V3.0) in ``groups``;
their names used by the maturity models and the mappings are importable from here too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from appraise.framework.checks import (
    SCHEMA_VERSION,
    _int,
    _int_list,
    _mapping,
    _string,
    _string_list,
)
from appraise.framework.clauses import _build_clauses
from appraise.framework.datafile import (
    MAX_DATA_FILE_MB,
    Path_,
    _Invalid,
    _line_of,
    _Loader,
    load_checked,
    load_yaml,
    read_data_file,
)
from appraise.framework.groups import _build_groups
from appraise.framework.ids import id_key
from appraise.framework.model import Attribute, EquivalentStage, Framework, ProcessArea
from appraise.framework.sections import (
    _area,
    _generic_goals,
    _id_formats,
    _process,
    _process_attributes,
    _scale,
    _scopes,
    _words,
)

__all__ = [
    "MAX_DATA_FILE_MB",
    "REPRESENTATIONS",
    "SCHEMA_VERSION",
    "_Invalid",
    "_Loader",
    "_int",
    "_line_of",
    "_mapping",
    "_string",
    "_string_list",
    "load_checked",
    "load_framework_file",
    "load_framework_text",
    "load_yaml",
    "read_data_file",
]

REPRESENTATIONS = ("staged", "continuous", "audit")


def load_framework_file(path: str | Path) -> Framework:
    """Load and validate the framework file at ``path``."""
    return load_framework_text(read_data_file(path, "framework"), origin=str(path))


def load_framework_text(text: str, origin: str = "<text>") -> Framework:
    """Load and validate a framework from YAML ``text``; ``origin`` names it in errors."""
    return load_checked(text, origin, lambda data: _build(data, origin))


# -- schema ---------------------------------------------------------------------

def _build(data: Any, origin: str) -> Framework:
    processes_shape = isinstance(data, dict) and "processes" in data
    if isinstance(data, dict) and "clauses" in data:
        return _build_clauses(data, origin)
    if isinstance(data, dict) and "practice_areas" in data:
        return _build_groups(data, origin)
    top = _mapping(data, [], required=("schema", "id", "title", "scheme", "scale",
                                       "processes" if processes_shape else "process_areas"),
                   optional=("version", "source", "representations", "maturity_levels",
                             "capability_levels", "equivalent_staging", "ids", "scopes", "consistency_rules",
                             "organizational_maturity", "id_prefixes", "words")
                   + (("process_attributes",) if processes_shape else ("generic_goals",)))
    if top["schema"] != SCHEMA_VERSION:
        raise _Invalid(["schema"], f"must be {SCHEMA_VERSION}, the schema this version of appraise reads")
    fid = _string(top["id"], ["id"])
    representations = tuple(_string_list(top.get("representations", ["staged"]), ["representations"]))
    for i, rep in enumerate(representations):
        if rep not in REPRESENTATIONS:
            raise _Invalid(["representations", i], f"unknown representation {rep!r} (known: {', '.join(REPRESENTATIONS)})")
    maturity_levels = tuple(_int_list(top.get("maturity_levels", []), ["maturity_levels"]))
    capability_levels = tuple(_int_list(top.get("capability_levels", []), ["capability_levels"]))

    scale = _scale(top["scale"], ["scale"])
    ids = _id_formats(top.get("ids", {}), ["ids"])
    areas_key = "processes" if processes_shape else "process_areas"
    if processes_shape:
        generic = _process_attributes(top.get("process_attributes"), ["process_attributes"], representations,
                                      capability_levels)
    else:
        generic = _generic_goals(top.get("generic_goals", []), ["generic_goals"], representations)
    areas = []
    seen: dict[tuple[str, ...], str] = {}
    raw_areas = top[areas_key]
    if not isinstance(raw_areas, list) or not raw_areas:
        raise _Invalid([areas_key], f"must be a non-empty list of {areas_key.replace('_', ' ')}")
    for i, raw in enumerate(raw_areas):
        if processes_shape:
            area = _process(raw, [areas_key, i], generic, ids)
        else:
            area = _area(raw, [areas_key, i], generic, maturity_levels, ids)
        for ident, where in _ids_of(area, [areas_key, i], "process_attributes" if processes_shape
                                    else "generic_goals"):
            key = id_key(ident)
            if key in seen:
                raise _Invalid(where, f"id {ident!r} is the same as {seen[key]!r} once normalized")
            seen[key] = ident
        areas.append(area)
    stages = []
    for i, raw in enumerate(top.get("equivalent_staging", []) or []):
        where = ["equivalent_staging", i]
        m = _mapping(raw, where, required=("maturity_level", "up_to_maturity_level", "capability_level"))
        stages.append(EquivalentStage(
            _int(m["maturity_level"], where + ["maturity_level"]),
            _int(m["up_to_maturity_level"], where + ["up_to_maturity_level"]),
            _int(m["capability_level"], where + ["capability_level"]),
        ))
    area_ids = {a.id for a in areas}
    for a_index, area in enumerate(areas):
        if area.parent is not None and area.parent not in area_ids:
            raise _Invalid([areas_key, a_index, "subprocess_of"], f"{area.parent!r} is not a process of this file")
    scopes = _scopes(top.get("scopes", {}), ["scopes"], area_ids)
    rules = tuple(_string_list(top.get("consistency_rules", []), ["consistency_rules"]))
    no_maturity = top.get("organizational_maturity")
    no_maturity = "" if no_maturity is None else _string(no_maturity, ["organizational_maturity"])
    return Framework(
        id=fid,
        title=_string(top["title"], ["title"]),
        version=str(top.get("version", "")),
        source=str(top.get("source", "")),
        scheme=_string(top["scheme"], ["scheme"]),
        representations=representations,
        maturity_levels=maturity_levels,
        capability_levels=capability_levels,
        scale=scale,
        areas=tuple(areas),
        equivalent_staging=tuple(stages),
        origin=origin,
        attributes=tuple(Attribute(g["id"], g["title"], g["level"]) for g in generic) if processes_shape else (),
        scopes=scopes,
        consistency_rules=rules,
        no_maturity_levels=no_maturity,
        id_prefixes=tuple(_string_list(top.get("id_prefixes", []), ["id_prefixes"])),
        words=_words(top.get("words", {}), ["words"]),
        shape="processes" if processes_shape else "process_areas",
    )


def _ids_of(area: ProcessArea, where: Path_, generic_key: str = "generic_goals") -> list[tuple[str, Path_]]:
    """Every id an area brings, with where it is written in the file.

    A process attribute's rating cell shares its goal's id, so it is not listed twice.
    """
    out: list[tuple[str, Path_]] = [(area.id, where + ["id"])]
    for gi, goal in enumerate(area.specific_goals):
        out.append((goal.id, where + ["goals", gi, "id"]))
        out.extend((p.id, where + ["goals", gi, "practices", pi, "id"]) for pi, p in enumerate(goal.practices))
    bps = 0
    for gi, goal in enumerate(area.generic_goals):
        out.append((goal.id, [generic_key, gi, "id"]))
        gps = 0
        for p in goal.practices:
            if p.attribute:
                continue
            if p.generic:
                out.append((p.id, [generic_key, gi, "practices", gps, "id"]))
                gps += 1
            else:
                out.append((p.id, where + ["base_practices", bps, "id"]))
                bps += 1
    return out
