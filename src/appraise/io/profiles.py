"""Import profiles: what the user chose for a file (``ImportSpec``), saved as YAML and read back.

The second import of the same template is one command (``--profile oe.yaml``). A profile is checked like a
model file: an unknown key, a wrong type or an unknown layout is refused with ``file:line: where: what is wrong``.
Keys are ``ImportSpec``'s field names; ``columns``, ``units``, ``aliases`` and ``row_types`` are mappings::

    layout: rows
    sheets: "PA-*"
    header_row: 8
    units: {p1alpha: ALPHA, Team Beta: BETA}
    aliases: {RM: REQM}
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import yaml

from appraise.errors import AppraiseError, FrameworkError, InputFileError
from appraise.framework.datafile import _Invalid, load_checked, read_data_file
from appraise.io.layouts import LAYOUTS, ImportSpec
from appraise.io.oe_rows import ROW_TYPES

#: The keys of a profile, in the order a saved one writes them.
PROFILE_KEYS = tuple(f.name for f in dataclasses.fields(ImportSpec))
_TEXT_KEYS = ("sheet", "sheets", "project")
_MAPPING_KEYS = ("columns", "units", "aliases", "row_types")


def _text(value: Any, where: list[str | int]) -> str:
    """A scalar as text (a header may be a number: ``2021: ALPHA``); a list or mapping is refused."""
    if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
        raise _Invalid(where, f"must be text, not {_type_name(value)}")
    text = str(value).strip()
    if not text:
        raise _Invalid(where, "must not be empty")
    return text


def _type_name(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    return {list: "a list", dict: "a mapping", int: "a number", float: "a number"}.get(type(value), "text")


def _mapping(value: Any, key: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _Invalid([key], f"must be a mapping (name: value), not {_type_name(value)}")
    out: dict[str, str] = {}
    for k, v in value.items():
        name = _text(k, [key])
        # a column left empty says "no column holds this field" (the mapping dialog's "none")
        out[name] = "" if key == "columns" and (v is None or v == "") else _text(v, [key, str(k)])
    return out


def _build(data: Any) -> ImportSpec:
    if data is None:
        raise _Invalid([], "the profile is empty (keys: " + ", ".join(PROFILE_KEYS) + ")")
    if not isinstance(data, dict):
        raise _Invalid([], f"a profile is a mapping of keys ({', '.join(PROFILE_KEYS)}), not {_type_name(data)}")
    for key in data:
        if key not in PROFILE_KEYS:
            raise _Invalid([str(key)], f"unknown key (a profile has: {', '.join(PROFILE_KEYS)})")
    spec = ImportSpec()
    for key in _TEXT_KEYS:
        if data.get(key) is not None:
            setattr(spec, key, _text(data[key], [key]))
    if spec.sheet and spec.sheets:
        raise _Invalid(["sheets"], "give sheet (one sheet) or sheets (a pattern), not both")
    row = data.get("header_row")
    if row is not None:
        if isinstance(row, bool) or not isinstance(row, int) or row < 1:
            raise _Invalid(["header_row"], f"must be a row number (1 or more), not {row!r}")
        spec.header_row = row
    if "layout" in data:
        layout = _text(data["layout"], ["layout"])
        if layout not in LAYOUTS:
            raise _Invalid(["layout"], f"unknown layout {layout!r} (layouts: {', '.join(LAYOUTS)})")
        spec.layout = layout
    for key in _MAPPING_KEYS:
        setattr(spec, key, _mapping(data.get(key), key))
    for role in spec.row_types:
        if role not in ROW_TYPES:
            raise _Invalid(["row_types", role], f"unknown row type {role!r} (row types: {', '.join(ROW_TYPES)})")
    return spec


def load_profile(path: str | Path) -> ImportSpec:
    """The import profile at ``path``; ``InputFileError("<file>:<line>: <where>: <what is wrong>")`` when it is
    not one."""
    try:
        return load_checked(read_data_file(path, "profile"), str(path), _build, "profile")
    except FrameworkError as exc:
        raise InputFileError(str(exc)) from None


def profile_text(spec: ImportSpec) -> str:
    """``spec`` as a profile's YAML (what the defaults already say is left out)."""
    data: dict[str, Any] = {}
    default = ImportSpec()
    for key in PROFILE_KEYS:
        value = getattr(spec, key)
        if key == "layout" or value != getattr(default, key):
            data[key] = dict(value) if isinstance(value, dict) else value
    head = "# appraise import profile: use it with --profile FILE (keys: " + ", ".join(PROFILE_KEYS) + ")\n"
    return head + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False)


#: What a profile file is called: a profile never takes the place of a workbook, an appraisal or anything else.
PROFILE_SUFFIXES = (".yaml", ".yml")


def save_profile(spec: ImportSpec, path: str | Path) -> None:
    """Write ``spec`` to ``path`` as a profile (a ``.yaml`` file, written whole or not at all)."""
    from appraise.io.export import write_atomically

    p = Path(path)
    if p.suffix.lower() not in PROFILE_SUFFIXES:
        raise InputFileError(f"{p}: a profile is a .yaml file: give a name ending in .yaml (nothing was written "
                             "to that file)")
    if p.is_dir():
        raise InputFileError(f"{p} is a folder: give the profile's file name, e.g. {p / 'import.yaml'}")
    try:
        write_atomically(p, profile_text(spec).encode("utf-8"), "the profile")
    except AppraiseError as exc:
        raise InputFileError(str(exc)) from None


__all__ = ["PROFILE_KEYS", "load_profile", "profile_text", "save_profile"]
