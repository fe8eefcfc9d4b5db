"""Mappings between two models as data (``frameworks/mappings/<from>__<to>.yaml``).

A mapping pairs a requirement of one model (an ISO 9001 clause) with practices of
another (CMMI), each pair with its strength and basis. ``ALL GP 2.7`` names that
generic practice in every process area and is expanded on loading. Every id on
both sides must exist in its model: a file that names an unknown one is refused
with ``<file>:<line>: <where>: <what>``, like a model file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from appraise.errors import FrameworkError
from appraise.framework.loader import (
    _Invalid,
    _mapping,
    _string,
    _string_list,
    load_checked,
    load_yaml,
    read_data_file,
)
from appraise.framework.model import Framework

KIND = "mapping"
STRENGTHS = ("strong", "partial")
#: ``ALL GP 2.7``: that generic practice in every process area (MS03's "All").
ALL_AREAS = "ALL"


@dataclass(frozen=True)
class Pair:
    source: str
    target: str
    strength: str
    basis: str = ""
    via: str = ""
    sources: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Mapping:
    id: str
    source: str
    target: str
    derived: bool
    title: str
    note: str
    pairs: tuple[Pair, ...]
    origin: str = ""
    references: dict[str, str] = field(default_factory=dict)

    def targets(self, source_fw: Framework, requirement: str) -> list[Pair]:
        """The pairs of ``requirement``: its own and, for a clause with sub-clauses, the union of theirs;
        a clause without a row of its own takes its parent's (the mapping page's convention, §2)."""
        below = {p.id for a in source_fw.areas for g in a.goals for p in g.practices if p.id.startswith(requirement + ".")}
        found = [p for p in self.pairs if p.source == requirement or p.source in below]
        parent = requirement.rpartition(".")[0]
        while not found and parent and source_fw.canonical(parent) is not None:
            found = [p for p in self.pairs if p.source == parent]
            parent = parent.rpartition(".")[0]
        return found

    def best_by_target(self) -> dict[str, tuple[str, list[str]]]:
        """``{practice: (best strength, [clauses])}``: each practice once, by its best strength."""
        out: dict[str, tuple[str, list[str]]] = {}
        for p in self.pairs:
            strength, clauses = out.get(p.target, ("partial", []))
            if p.strength == "strong":
                strength = "strong"
            if p.source not in clauses:
                clauses = [*clauses, p.source]
            out[p.target] = (strength, clauses)
        return out


def is_mapping_text(text: str) -> bool:
    try:
        data = load_yaml(text, "<text>", "mapping")
    except (yaml.YAMLError, FrameworkError):
        return False
    return isinstance(data, dict) and data.get("kind") == KIND


def mapping_ends(path: str | Path) -> tuple[str, str]:
    """The model ids a mapping file names (``from``, ``to``), before it is checked against them."""
    p = Path(path)
    try:
        data = load_yaml(read_data_file(p, "mapping"), str(p), "mapping")
    except yaml.YAMLError as exc:
        raise FrameworkError(f"{p}: cannot read the mapping file ({str(exc).splitlines()[0]})") from None
    if not isinstance(data, dict) or data.get("kind") != KIND:
        raise FrameworkError(f"{p}: not a mapping file (it needs kind: {KIND})")
    for key in ("from", "to"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise FrameworkError(f"{p}: missing {key!r}: the id of the model it maps {key}")
    return data["from"].strip(), data["to"].strip()


def load_mapping_file(path: str | Path, source: Framework, target: Framework) -> Mapping:
    origin = str(path)
    return load_checked(read_data_file(path, "mapping"), origin, lambda data: _build(data, origin, source, target),
                        "mapping")


def _build(data: Any, origin: str, source: Framework, target: Framework) -> Mapping:
    top = _mapping(data, [], required=("schema", "kind", "id", "from", "to", "title", "pairs"),
                   optional=("derived", "note", "sources"))
    if top["schema"] != 1:
        raise _Invalid(["schema"], "must be 1, the schema this version of appraise reads")
    if top["kind"] != KIND:
        raise _Invalid(["kind"], f"must be {KIND!r}")
    for key, fw in (("from", source), ("to", target)):
        if _string(top[key], [key]) != fw.id:
            raise _Invalid([key], f"the file maps {top[key]!r}, not {fw.id}")
    derived = top.get("derived", False)
    if not isinstance(derived, bool):
        raise _Invalid(["derived"], "must be true or false")
    references = top.get("sources", {}) or {}
    if not isinstance(references, dict):
        raise _Invalid(["sources"], "must be a mapping of source keys to descriptions")
    raw = top["pairs"]
    if not isinstance(raw, list) or not raw:
        raise _Invalid(["pairs"], "must be a non-empty list of pairs")
    pairs: list[Pair] = []
    seen: set[tuple[str, str]] = set()
    for i, rp in enumerate(raw):
        w: list[str | int] = ["pairs", i]
        m = _mapping(rp, w, required=("from", "to", "strength"), optional=("basis", "via", "sources", "note"))
        src = source.resolve_practice(_string(m["from"], w + ["from"]))
        if src is None:
            raise _Invalid(w + ["from"], f"{m['from']!r} is not a requirement of {source.id}")
        for key in ("basis", "via", "note"):
            if key in m and not isinstance(m[key], (str, int, float)):
                raise _Invalid(w + [key], "must be a text")
        strength = _string(m["strength"], w + ["strength"])
        if strength not in STRENGTHS:
            raise _Invalid(w + ["strength"], f"must be {' or '.join(STRENGTHS)}, not {strength!r}")
        refs = tuple(_string_list(m.get("sources", []), w + ["sources"]))
        for j, ref in enumerate(refs):
            if references and ref not in references:
                raise _Invalid(w + ["sources", j], f"{ref!r} is not one of the file's sources")
        to_text = _string(m["to"], w + ["to"])
        head, _sep, rest = to_text.partition(" ")
        if head.upper() == ALL_AREAS:
            targets = [t for a in target.areas if (t := target.resolve_practice(f"{a.id} {rest}")) is not None]
            if not targets:
                raise _Invalid(w + ["to"], f"{rest!r} is no generic practice of {target.id}")
        else:
            found = target.resolve_practice(to_text)
            if found is None:
                raise _Invalid(w + ["to"], f"{to_text!r} is not a practice of {target.id}")
            targets = [found]
        for t in targets:
            if (src, t) in seen:
                raise _Invalid(w, f"{src} -> {t} is listed twice")
            seen.add((src, t))
            pairs.append(Pair(src, t, strength, str(m.get("basis", "")), str(m.get("via", "")), refs,
                              str(m.get("note", ""))))
    return Mapping(_string(top["id"], ["id"]), source.id, target.id, derived, _string(top["title"], ["title"]),
                   str(top.get("note", "")), tuple(pairs), origin, {str(k): str(v) for k, v in references.items()})


__all__ = ["KIND", "Mapping", "Pair", "is_mapping_text", "load_mapping_file", "mapping_ends"]
