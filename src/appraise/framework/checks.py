"""The schema's version and its small checkers: a mapping's keys, a text, an id, a whole number, a list.

Each refuses a value with ``_Invalid(<where in the file>, <what is wrong>)``; ``load_checked`` turns that into
``<file>:<line>: <where>: <what>``.
"""

from __future__ import annotations

import re
from typing import Any

from appraise.framework.datafile import Path_, _Invalid
from appraise.framework.ids import id_key

SCHEMA_VERSION = 1
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 .\-_]*$")


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
