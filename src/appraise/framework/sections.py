"""The sections of a model file: its scale, id formats, generic goals or process attributes, process areas
or processes, named scopes and words (docs/framework-schema.md).
"""

from __future__ import annotations

import re
from typing import Any

from appraise.framework.checks import _ident, _int, _mapping, _string, _string_list
from appraise.framework.datafile import Path_, _Invalid
from appraise.framework.model import (
    WORD_KEYS,
    Goal,
    NamedScope,
    Practice,
    ProcessArea,
    Scale,
    ScaleValue,
)

#: Scale values may end in + or - (ISO/IEC 33020's refined P-, L+).
_VALUE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 .\-_]*[+-]?$")


def _scale(raw: Any, where: Path_, shared_keys: bool = False) -> Scale:
    """The scale; ``shared_keys``: a key may set two values of different sets (CMMI V3.0 ``l``: LM or Low, only
    one set allowed in an appraisal), else one value only."""
    m = _mapping(raw, where, required=("values",), optional=("name",))
    values = m["values"]
    if not isinstance(values, list) or not values:
        raise _Invalid(where + ["values"], "must be a non-empty list of scale values")
    out, ids, keys = [], set(), set()
    for i, rv in enumerate(values):
        w = where + ["values", i]
        v = _mapping(rv, w, required=("id", "title"), optional=("keys", "refined"))
        vid = _string(v["id"], w + ["id"])
        if not _VALUE_ID.match(vid):
            raise _Invalid(w + ["id"], f"{vid!r} is not a usable scale value (letters, digits, then + or -)")
        refined = v.get("refined", False)
        if not isinstance(refined, bool):
            raise _Invalid(w + ["refined"], "must be true or false")
        if vid.upper() in ids:
            raise _Invalid(w + ["id"], f"scale value {vid!r} appears twice")
        ids.add(vid.upper())
        vkeys = tuple(_string_list(v.get("keys", []), w + ["keys"]))
        for k in vkeys:
            if len(k) != 1 or (k in keys and not shared_keys):
                raise _Invalid(w + ["keys"], f"key {k!r} must be one character, used by one value only")
            keys.add(k)
        out.append(ScaleValue(vid, _string(v["title"], w + ["title"]), vkeys, refined))
    return Scale(str(m.get("name", "")), tuple(out))


def _generic_goals(raw: Any, where: Path_, representations: tuple[str, ...]) -> list[dict[str, Any]]:
    if not isinstance(raw, list):
        raise _Invalid(where, "must be a list of generic goals")
    out = []
    for i, rg in enumerate(raw):
        w = where + [i]
        g = _mapping(rg, w, required=("id", "title", "level", "practices"), optional=("representations",))
        reps = tuple(_string_list(g.get("representations", list(representations)), w + ["representations"]))
        for j, rep in enumerate(reps):
            if rep not in representations:
                raise _Invalid(w + ["representations", j], f"{rep!r} is not one of the file's representations")
        out.append({
            "id": _ident(g["id"], w + ["id"]),
            "title": _string(g["title"], w + ["title"]),
            "level": _int(g["level"], w + ["level"]),
            "representations": reps,
            "practices": _practice_list(g["practices"], w + ["practices"]),
        })
    return out


def _practice_list(raw: Any, where: Path_, title_required: bool = True,
                   allow_empty: bool = False) -> list[tuple[str, str]]:
    if not isinstance(raw, list) or (not raw and not allow_empty):
        raise _Invalid(where, "must be a non-empty list of practices")
    out = []
    for i, rp in enumerate(raw):
        w = where + [i]
        p = _mapping(rp, w, required=("id", "title") if title_required else ("id",),
                     optional=() if title_required else ("title",))
        title = _string(p["title"], w + ["title"]) if "title" in p else ""
        out.append((_ident(p["id"], w + ["id"]), title))
    return out


def _process_attributes(raw: Any, where: Path_, representations: tuple[str, ...],
                        capability_levels: tuple[int, ...]) -> list[dict[str, Any]]:
    """ISO/IEC 33020 process attributes: each becomes a goal of every process, rated itself."""
    if not isinstance(raw, list) or not raw:
        raise _Invalid(where, "must be a non-empty list of process attributes")
    out = []
    for i, ra in enumerate(raw):
        w = where + [i]
        a = _mapping(ra, w, required=("id", "title", "level"), optional=("practices",))
        level = _int(a["level"], w + ["level"])
        if level < 1 or (capability_levels and level not in capability_levels):
            raise _Invalid(w + ["level"], f"{level} is not one of capability_levels {list(capability_levels)} "
                                          "(above 0)")
        out.append({
            "id": _ident(a["id"], w + ["id"]),
            "title": _string(a["title"], w + ["title"]),
            "level": level,
            "representations": representations,
            "practices": _practice_list(a.get("practices", []), w + ["practices"], allow_empty=True),
        })
    levels = [a["level"] for a in out]
    if levels != sorted(levels):
        raise _Invalid(where, "list the process attributes in order of their level")
    return out


def _process(raw: Any, where: Path_, attributes: list[dict[str, Any]], ids: dict[str, str]) -> ProcessArea:
    """A process: its base practices count toward the lowest-level attribute (Automotive SPICE AS2.1)."""
    a = _mapping(raw, where, required=("id", "title"),
                 optional=("category", "base_practices", "subprocess_of", "status"))
    aid = _ident(a["id"], where + ["id"])
    bps = _practice_list(a.get("base_practices", []), where + ["base_practices"], title_required=False,
                         allow_empty=True)
    lowest = min(attr["level"] for attr in attributes)
    goals = []
    for attr in attributes:
        gid = ids["generic_goal"].format(area=aid, id=attr["id"])
        practices = [Practice(ids["practice"].format(area=aid, id=pid), title, aid, gid, local_id=pid)
                     for pid, title in (bps if attr["level"] == lowest and not goals else [])]
        practices += [Practice(ids["generic_practice"].format(area=aid, id=pid), title, aid, gid, generic=True,
                               local_id=pid) for pid, title in attr["practices"]]
        practices.append(Practice(gid, attr["title"], aid, gid, local_id=attr["id"], attribute=True))
        goals.append(Goal(gid, attr["title"], aid, tuple(practices), attr["level"], attr["representations"],
                          local_id=attr["id"]))
    parent = a.get("subprocess_of")
    category = a.get("category")
    return ProcessArea(aid, _string(a["title"], where + ["title"]), None,
                       None if category is None else str(category), tuple(goals),
                       parent=None if parent is None else _ident(parent, where + ["subprocess_of"]),
                       status="" if a.get("status") is None else _string(a["status"], where + ["status"]))


def _scopes(raw: Any, where: Path_, area_ids: set[str]) -> dict[str, NamedScope]:
    """``scopes: {vda: {title, rule, processes, note}}``; a scope without processes is refused with its note."""
    if not isinstance(raw, dict):
        raise _Invalid(where, "must be a mapping of scope names")
    out = {}
    for name, rs in raw.items():
        w = where + [str(name)]
        s = _mapping(rs, w, required=("title",), optional=("rule", "processes", "note"))
        processes = None
        if "processes" in s:
            processes = tuple(_string_list(s["processes"], w + ["processes"]))
            for i, pid in enumerate(processes):
                if pid not in area_ids:
                    raise _Invalid(w + ["processes", i], f"{pid!r} is not a process of this file")
        elif "note" not in s:
            raise _Invalid(w, "a scope without processes needs a note saying why")
        out[str(name).lower()] = NamedScope(str(name), _string(s["title"], w + ["title"]),
                                            str(s.get("rule", "")), processes, str(s.get("note", "")))
    return out


#: How a model's ids are formed from the area's and the file's own (``REQM`` + ``SP 1.1``).
ID_KINDS = ("goal", "practice", "generic_goal", "generic_practice")
DEFAULT_ID_FORMAT = "{area} {id}"


def _id_formats(raw: Any, where: Path_) -> dict[str, str]:
    """``ids: {practice: "{area}.{id}"}`` (Automotive SPICE's SWE.1.BP1) or ``"{id}"`` (a clause 8.5.1)."""
    formats = _mapping(raw, where, optional=ID_KINDS)
    out = {}
    for kind in ID_KINDS:
        fmt = _string(formats.get(kind, DEFAULT_ID_FORMAT), where + [kind])
        try:
            sample = fmt.format(area="AREA", id="ID")
        except (KeyError, IndexError, ValueError):
            raise _Invalid(where + [kind], f"{fmt!r} may use only {{area}} and {{id}}") from None
        if "ID" not in sample:
            raise _Invalid(where + [kind], f"{fmt!r} must contain {{id}}")
        out[kind] = fmt
    return out


def _area(raw: Any, where: Path_, generic: list[dict[str, Any]], maturity_levels: tuple[int, ...],
          ids: dict[str, str]) -> ProcessArea:
    a = _mapping(raw, where, required=("id", "title", "goals"),
                 optional=("maturity_level", "category", "may_be_not_applicable"))
    aid = _ident(a["id"], where + ["id"])
    ml = a.get("maturity_level")
    if ml is not None:
        ml = _int(ml, where + ["maturity_level"])
        if maturity_levels and ml not in maturity_levels:
            raise _Invalid(where + ["maturity_level"], f"{ml} is not one of maturity_levels {list(maturity_levels)}")
    na = a.get("may_be_not_applicable", False)
    if not isinstance(na, bool):
        raise _Invalid(where + ["may_be_not_applicable"], "must be true or false")
    raw_goals = a["goals"]
    if not isinstance(raw_goals, list) or not raw_goals:
        raise _Invalid(where + ["goals"], "must be a non-empty list of goals")
    goals = []
    for i, rg in enumerate(raw_goals):
        w = where + ["goals", i]
        g = _mapping(rg, w, required=("id", "title", "practices"))
        local = _ident(g["id"], w + ["id"])
        gid = ids["goal"].format(area=aid, id=local)
        practices = tuple(
            Practice(ids["practice"].format(area=aid, id=pid), title, aid, gid, local_id=pid)
            for pid, title in _practice_list(g["practices"], w + ["practices"])
        )
        goals.append(Goal(gid, _string(g["title"], w + ["title"]), aid, practices, local_id=local))
    for gg in generic:
        gid = ids["generic_goal"].format(area=aid, id=gg["id"])
        practices = tuple(Practice(ids["generic_practice"].format(area=aid, id=pid), title, aid, gid, generic=True,
                                   local_id=pid) for pid, title in gg["practices"])
        goals.append(Goal(gid, gg["title"], aid, practices, gg["level"], gg["representations"], local_id=gg["id"]))
    category = a.get("category")
    return ProcessArea(aid, _string(a["title"], where + ["title"]), ml,
                       None if category is None else str(category), tuple(goals), na)


def _words(raw: Any, where: Path_) -> dict[str, str]:
    """``words: {unit: team, units: teams}``: the model's own words over its scheme's (``WORD_KEYS``)."""
    if not isinstance(raw, dict):
        raise _Invalid(where, f"must be a mapping of words (e.g. unit: team), from: {', '.join(WORD_KEYS)}")
    words = {}
    for key, value in raw.items():
        if str(key).startswith("x-"):
            continue
        if key not in WORD_KEYS:
            raise _Invalid(where + [str(key)], f"unknown word {key!r} (a model may name: {', '.join(WORD_KEYS)})")
        words[str(key)] = _string(value, where + [str(key)])
    return words
