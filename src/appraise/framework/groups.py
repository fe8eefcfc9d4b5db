"""A model laid out by practice groups (CMMI V2.0/V3.0): domains, practice areas, practice groups by level.

``practice_areas:`` lists each area with its domain and its practice groups; a group is a level (``RDM L2``,
level 2) and its practices are numbered ``<level>.<n>`` inside the area (``RDM 2.1``). The level digit of a
practice must be its group's level (domain page 1.2: "the PG of a practice = the digit before the dot").
An area characterized per process (CMMI V3.0 II and GOV) says ``per_process: true``; the scheme adds the
per-process cells for one appraisal. Documented in docs/framework-schema.md ("Practice groups").
"""

from __future__ import annotations

import re
from typing import Any

from appraise.framework.checks import SCHEMA_VERSION, _ident, _int, _int_list, _mapping, _string, _string_list
from appraise.framework.datafile import Path_, _Invalid
from appraise.framework.ids import id_key
from appraise.framework.model import Framework, Goal, Practice, ProcessArea
from appraise.framework.sections import _scale, _words

#: The representations a practice-group model is appraised in (CMMI Appraisal Method: ML or CL).
GROUP_REPRESENTATIONS = ("maturity", "capability")
_PRACTICE_NUMBER = re.compile(r"^(\d+)\.(\d+)$")
_AREA_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]*$")
_METHOD_VERSION = re.compile(r"^\d+(\.\d+)*$")


def group_id(area: str, level: int) -> str:
    """The id of an area's practice group of ``level``: ``RDM L2``."""
    return f"{area} L{level}"


def practice_id(area: str, number: str) -> str:
    """The id of an area's practice ``number``: ``RDM 2.1``."""
    return f"{area} {number}"


def _build_groups(data: dict[str, Any], origin: str) -> Framework:
    top = _mapping(data, [], required=("schema", "id", "title", "scheme", "method_version", "scale", "domains",
                                       "practice_areas"),
                   optional=("version", "source", "representations", "maturity_levels", "capability_levels",
                             "maturity_level_areas", "id_prefixes", "words"))
    if top["schema"] != SCHEMA_VERSION:
        raise _Invalid(["schema"], f"must be {SCHEMA_VERSION}, the schema this version of appraise reads")
    method_version = _string(top["method_version"], ["method_version"])
    if not _METHOD_VERSION.match(method_version):
        raise _Invalid(["method_version"], f"{method_version!r} is not a method version (e.g. \"3.0\"; quote it)")
    representations = tuple(_string_list(top.get("representations", list(GROUP_REPRESENTATIONS)),
                                         ["representations"]))
    for i, rep in enumerate(representations):
        if rep not in GROUP_REPRESENTATIONS:
            raise _Invalid(["representations", i], f"unknown representation {rep!r} for a practice-group model "
                                                   f"(known: {', '.join(GROUP_REPRESENTATIONS)})")
    maturity_levels = tuple(_int_list(top.get("maturity_levels", [1, 2, 3, 4, 5]), ["maturity_levels"]))
    capability_levels = tuple(_int_list(top.get("capability_levels", [0, 1, 2, 3, 4, 5]), ["capability_levels"]))
    scale = _scale(top["scale"], ["scale"], shared_keys=True)
    domains = _domains(top["domains"])
    raw_areas = top["practice_areas"]
    if not isinstance(raw_areas, list) or not raw_areas:
        raise _Invalid(["practice_areas"], "must be a non-empty list of practice areas")
    top_level = max(capability_levels or (5,))
    seen: dict[tuple[str, ...], str] = {}
    areas = [_area(raw, ["practice_areas", i], domains, top_level, seen) for i, raw in enumerate(raw_areas)]
    level_areas = _level_areas(top.get("maturity_level_areas", {}), maturity_levels, {a.id for a in areas})
    return Framework(
        id=_string(top["id"], ["id"]), title=_string(top["title"], ["title"]), version=str(top.get("version", "")),
        source=str(top.get("source", "")), scheme=_string(top["scheme"], ["scheme"]),
        representations=representations, maturity_levels=maturity_levels, capability_levels=capability_levels,
        scale=scale, areas=tuple(areas), origin=origin,
        id_prefixes=tuple(_string_list(top.get("id_prefixes", []), ["id_prefixes"])),
        words=_words(top.get("words", {}), ["words"]), shape="practice_groups", method_version=method_version,
        domains=domains, level_areas=level_areas,
    )


def _domains(raw: Any) -> tuple[str, ...]:
    names = _string_list(raw, ["domains"])
    if not names:
        raise _Invalid(["domains"], "must name at least one domain (e.g. [Core])")
    seen: set[str] = set()
    for i, name in enumerate(names):
        if name.casefold() in seen:
            raise _Invalid(["domains", i], f"domain {name!r} appears twice")
        seen.add(name.casefold())
    return tuple(names)


def _area(raw: Any, where: Path_, domains: tuple[str, ...], top_level: int,
          seen: dict[tuple[str, ...], str]) -> ProcessArea:
    a = _mapping(raw, where, required=("id", "domain", "practice_groups"), optional=("title", "per_process"))
    aid = _ident(a["id"], where + ["id"])
    if not _AREA_ID.match(aid):
        raise _Invalid(where + ["id"], f"{aid!r} is not a practice area id (an acronym such as RDM: letters, "
                                       "digits, '-' or '_', no spaces)")
    _claim(aid, where + ["id"], seen, "practice area")
    domain = _string(a["domain"], where + ["domain"])
    named = {d.casefold(): d for d in domains}
    if domain.casefold() not in named:
        raise _Invalid(where + ["domain"], f"unknown domain {domain!r} (the file's domains: {', '.join(domains)})")
    per_process = a.get("per_process", False)
    if not isinstance(per_process, bool):
        raise _Invalid(where + ["per_process"], "must be true or false")
    raw_groups = a["practice_groups"]
    if not isinstance(raw_groups, list) or not raw_groups:
        what = "a per-process area (per_process: true) still needs" if per_process else "needs"
        raise _Invalid(where + ["practice_groups"], f"{aid} {what} a non-empty list of practice groups")
    goals: list[Goal] = []
    for gi, rg in enumerate(raw_groups):
        goals.append(_group(rg, where + ["practice_groups", gi], aid, top_level, goals, seen))
    title = _string(a["title"], where + ["title"]) if a.get("title") not in (None, "") else aid
    return ProcessArea(aid, title, None, named[domain.casefold()], tuple(goals), per_process=per_process)


def _group(raw: Any, where: Path_, aid: str, top_level: int, earlier: list[Goal],
           seen: dict[tuple[str, ...], str]) -> Goal:
    g = _mapping(raw, where, required=("level", "practices"), optional=("title",))
    level = _int(g["level"], where + ["level"])
    if not 1 <= level <= top_level:
        raise _Invalid(where + ["level"], f"a practice group's level is 1 to {top_level}, not {level}")
    if earlier and level <= (earlier[-1].level or 0):
        raise _Invalid(where + ["level"], f"{aid}: practice group level {level} comes after level "
                                          f"{earlier[-1].level}; list each level once, lowest first")
    gid = group_id(aid, level)
    _claim(gid, where + ["level"], seen, "practice group")
    raw_practices = g["practices"]
    if not isinstance(raw_practices, list) or not raw_practices:
        raise _Invalid(where + ["practices"], f"{gid} needs a non-empty list of practices")
    practices = []
    for pi, rp in enumerate(raw_practices):
        w = where + ["practices", pi]
        p = _mapping(rp, w, required=("id",), optional=("title",))
        number = _string(p["id"], w + ["id"])
        m = _PRACTICE_NUMBER.match(number)
        if not m:
            raise _Invalid(w + ["id"], f"{number!r} is not a practice number <level>.<n> (e.g. \"2.1\"; quote it)")
        if int(m.group(1)) != level:
            raise _Invalid(w + ["id"], f"practice {aid} {number} is in the level {level} group, but its level "
                                       f"digit says {m.group(1)}")
        pid = practice_id(aid, number)
        _claim(pid, w + ["id"], seen, "practice")
        title = p.get("title")
        title = "" if title is None else (title.strip() if isinstance(title, str) else _string(title, w + ["title"]))
        practices.append(Practice(pid, title, aid, gid, local_id=number))
    title = _string(g["title"], where + ["title"]) if g.get("title") not in (None, "") else f"Level {level}"
    return Goal(gid, title, aid, tuple(practices), local_id=f"L{level}", level=level)


def _claim(ident: str, where: Path_, seen: dict[tuple[str, ...], str], what: str) -> None:
    key = id_key(ident)
    if key in seen:
        raise _Invalid(where, f"{what} {ident!r} appears twice (or is the same as {seen[key]!r} once normalized)")
    seen[key] = ident


def _level_areas(raw: Any, maturity_levels: tuple[int, ...], area_ids: set[str]) -> dict[int, tuple[str, ...]]:
    """``maturity_level_areas: {2: [RDM, PLAN]}``: the areas a maturity level requires (CMMI V2.0 subsets)."""
    where: Path_ = ["maturity_level_areas"]
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise _Invalid(where, "must be a mapping of maturity level -> practice areas (e.g. {2: [RDM, PLAN]})")
    out: dict[int, tuple[str, ...]] = {}
    for key, areas in raw.items():
        w = where + [str(key)]
        level = _int(key, w)
        if maturity_levels and level not in maturity_levels:
            raise _Invalid(w, f"{level} is not one of maturity_levels {list(maturity_levels)}")
        names = _string_list(areas, w)
        for i, name in enumerate(names):
            if name not in area_ids:
                raise _Invalid(w + [i], f"{name!r} is not a practice area of this file")
        out[level] = tuple(names)
    return out
