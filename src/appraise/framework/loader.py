"""Read a framework file (YAML), check it against the schema, build the model.

The schema is documented in docs/framework-schema.md. A file that breaks it is
refused with ``FrameworkError("<file>:<line>: <where>: <what is wrong>")``.
Loading uses libyaml when present (a CMMI-sized file in ~12 ms); only when a
file is refused is it parsed again with node positions to find the line.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import yaml

from appraise.errors import FrameworkError
from appraise.framework.ids import id_key
from appraise.framework.model import (
    WORD_KEYS,
    Attribute,
    EquivalentStage,
    Framework,
    Goal,
    NamedScope,
    Practice,
    ProcessArea,
    Scale,
    ScaleValue,
)

SCHEMA_VERSION = 1
REPRESENTATIONS = ("staged", "continuous", "audit")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 .\-_]*$")
#: Scale values may end in + or - (ISO/IEC 33020's refined P-, L+).
_VALUE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 .\-_]*[+-]?$")

try:  # pragma: no branch - depends on how PyYAML was built
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

Path_ = list[str | int]
T = TypeVar("T")

#: The largest data file read (the bundled CMMI-DEV model is ~20 kB; a user's model is far below this).
MAX_DATA_FILE_MB = 20


class _Invalid(Exception):
    def __init__(self, path: Path_, message: str) -> None:
        self.path = path
        super().__init__(message)


def read_data_file(path: str | Path, what: str) -> str:
    """The text of a data file (``what``: "framework", "mapping" ...), or a FrameworkError saying why not.

    Only a regular file up to ``MAX_DATA_FILE_MB`` is read: a FIFO would block, a device never end.
    """
    p = Path(path)
    try:
        st = os.stat(p)
        if stat.S_ISDIR(st.st_mode):
            raise FrameworkError(f"{p} is a folder, not a {what} file")
        if not stat.S_ISREG(st.st_mode):
            raise FrameworkError(f"{p}: not a regular file (a pipe, socket or device), not a {what} file")
        if st.st_size > MAX_DATA_FILE_MB * 1024 * 1024:
            raise FrameworkError(f"{p}: the file is larger than {MAX_DATA_FILE_MB} MB, the most appraise reads "
                                 f"as a {what} file")
        return p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FrameworkError(f"{p}: no such {what} file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FrameworkError(f"{p}: cannot read the {what} file ({exc})") from None


def load_yaml(text: str, origin: str, what: str = "model") -> Any:
    """The data of YAML ``text``, refusing anchors and aliases up front.

    An alias lets 85 kB expand a goal a thousand times (15 s, 900 MB before the schema refused it); no model,
    mapping or maturity model needs one. Only a text holding ``&`` or ``*`` is scanned (libyaml events,
    ~1.5 ms for CMMI-DEV), so the plain file keeps the fast path. Raises FrameworkError or yaml.YAMLError.
    """
    if "&" in text or "*" in text:
        for event in yaml.parse(text, Loader=_Loader):
            if event.__class__ is yaml.AliasEvent or getattr(event, "anchor", None) is not None:
                raise FrameworkError(f"{origin}:{event.start_mark.line + 1}: YAML aliases (&x / *x) are not "
                                     f"allowed in a {what} file")
    return yaml.load(text, Loader=_Loader)


def load_checked(text: str, origin: str, build: Callable[[Any], T], what: str = "model") -> T:
    """Parse YAML ``text`` and ``build`` the result; a problem is ``<origin>:<line>: <where>: <what>``.

    Every data file (models, maturity models, mappings) is refused the same way.
    """
    try:
        data = load_yaml(text, origin, what)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise FrameworkError(f"{origin}{line}: not valid YAML: {problem}") from None
    try:
        return build(data)
    except _Invalid as exc:
        line = _line_of(text, exc.path)
        prefix = f"{origin}:{line}" if line else origin
        raise FrameworkError(f"{prefix}: {_describe(exc.path)}{exc}") from None


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


def _build_clauses(data: dict[str, Any], origin: str) -> Framework:
    """A standard audited clause by clause (ISO 9001): top clauses hold sub-clauses, to any depth.

    Each top clause is an area; each of its sub-clauses a goal whose cells are the sub-clause itself
    and every clause below it (``8.5``: ``8.5``, ``8.5.1`` ... ``8.5.6``). A clause's ids are its number.
    """
    top = _mapping(data, [], required=("schema", "id", "title", "scheme", "scale", "clauses"),
                   optional=("version", "source", "representations", "ids", "id_prefixes", "words"))
    if top["schema"] != SCHEMA_VERSION:
        raise _Invalid(["schema"], f"must be {SCHEMA_VERSION}, the schema this version of appraise reads")
    representations = tuple(_string_list(top.get("representations", ["audit"]), ["representations"]))
    _id_formats(top.get("ids", {}), ["ids"])
    scale = _scale(top["scale"], ["scale"])
    raw_top = top["clauses"]
    if not isinstance(raw_top, list) or not raw_top:
        raise _Invalid(["clauses"], "must be a non-empty list of clauses")
    seen: dict[tuple[str, ...], str] = {}

    def ident(raw: Any, where: Path_, parent: str | None) -> str:
        cid = _ident(raw, where)
        if parent is not None and not cid.startswith(parent + "."):
            raise _Invalid(where, f"{cid!r} is not numbered under its parent clause {parent!r}")
        key = id_key(cid)
        if key in seen:
            raise _Invalid(where, f"clause {cid!r} appears twice")
        seen[key] = cid
        return cid

    def below(raw: Any, where: Path_, parent: str, area: str, goal: str) -> list[Practice]:
        out: list[Practice] = []
        if raw is None:
            return out
        if not isinstance(raw, list) or not raw:
            raise _Invalid(where, "must be a non-empty list of clauses")
        for i, rc in enumerate(raw):
            w = where + [i]
            c = _mapping(rc, w, required=("id", "title"), optional=("clauses", "status"))
            cid = ident(c["id"], w + ["id"], parent)
            children = below(c.get("clauses"), w + ["clauses"], cid, area, goal)
            out.append(Practice(cid, _string(c["title"], w + ["title"]), area, goal, local_id=cid,
                                attribute=bool(children), parent=parent))
            out += children
        return out

    areas = []
    for i, ra in enumerate(raw_top):
        w = ["clauses", i]
        a = _mapping(ra, w, required=("id", "title", "clauses"), optional=("status",))
        aid = ident(a["id"], w + ["id"], None)
        subs = a["clauses"]
        if not isinstance(subs, list) or not subs:
            raise _Invalid(w + ["clauses"], "must be a non-empty list of clauses")
        goals = []
        for j, rg in enumerate(subs):
            wg = w + ["clauses", j]
            g = _mapping(rg, wg, required=("id", "title"), optional=("clauses", "status"))
            gid = ident(g["id"], wg + ["id"], aid)
            title = _string(g["title"], wg + ["title"])
            children = below(g.get("clauses"), wg + ["clauses"], gid, aid, gid)
            own = Practice(gid, title, aid, gid, local_id=gid, attribute=bool(children))
            goals.append(Goal(gid, title, aid, (own, *children), local_id=gid))
        areas.append(ProcessArea(aid, _string(a["title"], w + ["title"]), None, None, tuple(goals)))
    return Framework(
        id=_string(top["id"], ["id"]), title=_string(top["title"], ["title"]), version=str(top.get("version", "")),
        source=str(top.get("source", "")), scheme=_string(top["scheme"], ["scheme"]),
        representations=representations, maturity_levels=(), capability_levels=(), scale=scale,
        areas=tuple(areas), origin=origin,
        id_prefixes=tuple(_string_list(top.get("id_prefixes", []), ["id_prefixes"])),
        words=_words(top.get("words", {}), ["words"]), shape="clauses",
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


def _scale(raw: Any, where: Path_) -> Scale:
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
            if len(k) != 1 or k in keys:
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


# -- small checkers ---------------------------------------------------------------

def _mapping(raw: Any, where: Path_, required: tuple[str, ...] = (), optional: tuple[str, ...] = ()) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise _Invalid(where, f"must be a mapping with {', '.join(required)}")
    for key in required:
        if key not in raw:
            raise _Invalid(where, f"missing {key!r}")
    allowed = set(required) | set(optional)
    for key in raw:
        if key not in allowed and not str(key).startswith("x-"):
            raise _Invalid(where + [str(key)], f"unknown key {key!r} (allowed: {', '.join(sorted(allowed))})")
    return raw


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


def _string(raw: Any, where: Path_) -> str:
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        raw = str(raw)
    if not isinstance(raw, str) or not raw.strip():
        raise _Invalid(where, "must be a non-empty text")
    return raw.strip()


def _ident(raw: Any, where: Path_) -> str:
    text = _string(raw, where)
    if not _ID.match(text) or not id_key(text):
        raise _Invalid(where, f"{text!r} is not a usable id (letters, digits, spaces, '.', '-', '_')")
    return text


def _int(raw: Any, where: Path_) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise _Invalid(where, f"must be a whole number, not {raw!r}")
    return raw


def _string_list(raw: Any, where: Path_) -> list[str]:
    if not isinstance(raw, list):
        raise _Invalid(where, "must be a list")
    return [_string(v, where + [i]) for i, v in enumerate(raw)]


def _int_list(raw: Any, where: Path_) -> list[int]:
    if not isinstance(raw, list):
        raise _Invalid(where, "must be a list of whole numbers")
    return [_int(v, where + [i]) for i, v in enumerate(raw)]


# -- locating a problem in the file ---------------------------------------------------

def _describe(path: Path_) -> str:
    if not path:
        return ""
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return f"{out}: "


def _line_of(text: str, path: Path_) -> int | None:
    """The 1-based line of the node at ``path``, or of its nearest existing parent."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:  # pragma: no cover - the fast load already parsed it
        return None
    line = node.start_mark.line + 1 if node is not None else None
    for part in path:
        child = None
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            for k, v in node.value:
                if k.value == part:
                    child = v
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            child = node.value[part]
        if child is None:
            break
        node = child
        line = node.start_mark.line + 1
    return line
