"""A standard audited clause by clause (ISO 9001): its clauses, to any depth, built into areas and goals."""

from __future__ import annotations

from typing import Any

from appraise.framework.checks import SCHEMA_VERSION, _ident, _mapping, _string, _string_list
from appraise.framework.datafile import Path_, _Invalid
from appraise.framework.ids import id_key
from appraise.framework.model import Framework, Goal, Practice, ProcessArea
from appraise.framework.sections import _id_formats, _scale, _words


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
