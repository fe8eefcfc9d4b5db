"""Reading a data file (a model, a maturity model, a mapping): its text, its YAML, a refusal with file and line.

Every data file is refused the same way: ``FrameworkError("<file>:<line>: <where>: <what is wrong>")``.
Loading uses libyaml when present (a CMMI-sized file in ~12 ms); only when a file is refused is it parsed
again with node positions to find the line.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import yaml

from appraise.errors import FrameworkError

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
