"""Organizational maturity models as data (docs/maturity-model-schema.md).

A maturity model states, per maturity level, which processes must reach which
capability level. ISO/IEC TR 15504-7's own process sets could not be confirmed
(shared/domain/iso-15504-12207.md), so appraise ships none: a team attaches the
file its method prescribes, and the rating engine evaluates whatever it declares.
Files are checked like model files: ``<file>:<line>: <where>: <what is wrong>``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from appraise.errors import FrameworkError
from appraise.framework.loader import (
    _int,
    _Invalid,
    _line_of,
    _mapping,
    _string,
    _string_list,
    load_checked,
    load_yaml,
    read_data_file,
)
from appraise.framework.model import Framework

KIND = "maturity-model"


@dataclass(frozen=True)
class Requirement:
    """Every process of ``processes`` at capability level ``capability_level`` or above."""

    capability_level: int
    processes: tuple[str, ...]


@dataclass(frozen=True)
class MaturityLevel:
    level: int
    title: str
    requires: tuple[Requirement, ...]


@dataclass(frozen=True)
class MaturityModel:
    id: str
    title: str
    framework: str
    source: str
    levels: tuple[MaturityLevel, ...]
    origin: str = ""

    @property
    def base_level(self) -> int:
        """The level of a unit that meets no level's requirements: one below the lowest listed."""
        return self.levels[0].level - 1


def is_maturity_model_text(text: str) -> bool:
    """Whether YAML ``text`` declares itself a maturity model (``kind: maturity-model``)."""
    try:
        data = load_yaml(text, "<text>", "maturity model")
    except (yaml.YAMLError, FrameworkError):
        return False
    return isinstance(data, dict) and data.get("kind") == KIND


def load_maturity_file(path: str | Path, framework: Framework | None = None) -> MaturityModel:
    return load_maturity_text(read_data_file(path, "maturity model"), str(path), framework)


def load_maturity_text(text: str, origin: str = "<text>", framework: Framework | None = None) -> MaturityModel:
    """Load and check a maturity model; with ``framework``, also that it names that model's processes."""
    return load_checked(text, origin, lambda data: _build(data, origin, framework), "maturity model")


def line_of(path: str | Path, key: str) -> str:
    """``<file>:<line>: <key>: `` for a top-level key of a maturity model file, to point at it in a message."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return f"{path}: {key}: "
    line = _line_of(text, [key])
    return f"{path}:{line}: {key}: " if line else f"{path}: {key}: "


def _build(data: Any, origin: str, framework: Framework | None) -> MaturityModel:
    top = _mapping(data, [], required=("schema", "kind", "id", "title", "framework", "source", "levels"))
    if top["schema"] != 1:
        raise _Invalid(["schema"], "must be 1, the schema this version of appraise reads")
    if top["kind"] != KIND:
        raise _Invalid(["kind"], f"must be {KIND!r}")
    fw_id = _string(top["framework"], ["framework"])
    if framework is not None and fw_id != framework.id:
        raise _Invalid(["framework"], f"the file is written for {fw_id}, this appraisal uses {framework.id}")
    known = {a.id for a in framework.areas} if framework is not None else None
    raw_levels = top["levels"]
    if not isinstance(raw_levels, list) or not raw_levels:
        raise _Invalid(["levels"], "must be a non-empty list of maturity levels")
    levels: list[MaturityLevel] = []
    for i, rl in enumerate(raw_levels):
        w: list[str | int] = ["levels", i]
        m = _mapping(rl, w, required=("level", "title", "requires"))
        level = _int(m["level"], w + ["level"])
        if not levels and level < 1:
            raise _Invalid(w + ["level"], "levels start at 1 or above (a unit that meets none is one below the "
                                          "lowest)")
        if levels and level != levels[-1].level + 1:
            raise _Invalid(w + ["level"], f"levels go up one at a time: {levels[-1].level} is followed by {level}")
        if not isinstance(m["requires"], list):
            raise _Invalid(w + ["requires"], "must be a list of {capability_level, processes}")
        requires = []
        for j, rr in enumerate(m["requires"]):
            wr = w + ["requires", j]
            r = _mapping(rr, wr, required=("capability_level", "processes"))
            cl = _int(r["capability_level"], wr + ["capability_level"])
            if framework is not None and framework.capability_levels and cl not in framework.capability_levels:
                raise _Invalid(wr + ["capability_level"], f"{cl} is not a capability level of {framework.id}")
            processes = tuple(_string_list(r["processes"], wr + ["processes"]))
            if not processes:
                raise _Invalid(wr + ["processes"], "name at least one process")
            for k, pid in enumerate(processes):
                if known is not None and pid not in known:
                    raise _Invalid(wr + ["processes", k], f"{pid!r} is not a process of {fw_id}")
            requires.append(Requirement(cl, processes))
        levels.append(MaturityLevel(level, _string(m["title"], w + ["title"]), tuple(requires)))
    return MaturityModel(_string(top["id"], ["id"]), _string(top["title"], ["title"]), fw_id,
                         _string(top["source"], ["source"]), tuple(levels), origin)


__all__ = ["KIND", "line_of", "MaturityLevel", "MaturityModel", "Requirement", "is_maturity_model_text",
           "load_maturity_file", "load_maturity_text"]
