"""What every import command shares: the user's choices from the command line (and a profile) as an
``ImportSpec``, and the lines that say what the reading found by itself."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import asdict, fields
from pathlib import Path

from appraise.errors import InputFileError, UsageError
from appraise.io.layouts import LAYOUTS, ImportSpec

#: The placeholder rows an import lists on the terminal (the plan holds them all).
PLACEHOLDERS_SHOWN = 5
#: What ``--layout`` said before layouts: one row per link or rating.
OLD_NAMES = {"csv": "long"}


def _pairs(text: str | None, option: str, example: str) -> dict[str, str]:
    """``"Team A=ALPHA, Team B=BETA"`` -> ``{"Team A": "ALPHA", ...}``."""
    out: dict[str, str] = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        name, sep, value = part.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise UsageError(f"write {option} as NAME=CODE, e.g. {example} (not {part.strip()!r})")
        out[name.strip()] = value.strip()
    return out


def spec_from_args(args: argparse.Namespace) -> ImportSpec:
    """The import's choices: ``--profile`` first, then every option given beside it (which wins)."""
    profile = getattr(args, "profile", None)
    spec = load_profile(profile) if profile else ImportSpec()
    if getattr(args, "sheet", None):
        spec.sheet, spec.sheets = args.sheet, None
    if getattr(args, "sheets", None):
        spec.sheets, spec.sheet = args.sheets, None
    header_row = getattr(args, "header_row", None)
    if header_row is not None:
        if header_row < 1:
            raise UsageError(f"--header-row {header_row}: a row number starts at 1")
        spec.header_row = header_row
    layout = OLD_NAMES.get(getattr(args, "layout", None) or "", getattr(args, "layout", None))
    if layout in LAYOUTS:
        spec.layout = layout
    for item in getattr(args, "map", None) or ():
        name, sep, column = item.partition("=")
        if not sep or not name.strip() or not column.strip():
            raise UsageError(f"write --map as FIELD=COLUMN, e.g. title=\"Evidence name\" or practice=B "
                             f"(not {item!r})")
        spec.columns[name.strip().lower().replace("-", "_").replace(" ", "_")] = column.strip()
    spec.units.update(_pairs(getattr(args, "units", None), "--units", "\"Team A=ALPHA\""))
    if getattr(args, "project", None):
        spec.project = args.project.strip()
    if getattr(args, "layout", None) != "mdd-tool":  # there --alias names the tool's projects
        spec.aliases.update(_pairs(getattr(args, "alias", None), "--alias", "RM=REQM"))
    return spec


def finish_spec(args: argparse.Namespace, spec: ImportSpec) -> list[str]:
    """After a plan is made: ``--save-profile`` writes the choices that worked; the lines saying so."""
    path = getattr(args, "save_profile", None)
    if not path:
        return []
    save_profile(spec, path)
    return [f"Saved these choices to {path}: reuse them with --profile {path}"]


def reading_lines(sheets: Sequence[str], notes: Sequence[str],
                  placeholders: Sequence[tuple[str, str]] = ()) -> list[str]:
    """What the reading found by itself: the sheets read, the header found below row 1 (the notes), placeholder
    rows (counted, the first few with their cells)."""
    out = []
    if sheets:
        out.append(f"Read {len(sheets)} sheet{'s' if len(sheets) != 1 else ''}: {', '.join(sheets)}")
    out += [f"Note: {note}" for note in notes]
    if placeholders:
        n = len(placeholders)
        out.append(f"{n} placeholder row{'s' if n != 1 else ''} (template text, not evidence) not imported:")
        out += [f"  {where}: {text!r}" if text else f"  {where}: empty" for where, text in
                placeholders[:PLACEHOLDERS_SHOWN]]
        if n > PLACEHOLDERS_SHOWN:
            out.append(f"  ... and {n - PLACEHOLDERS_SHOWN} more")
    return out


# -- profiles: until appraise.io.profiles (LAYOUTS) is merged ---------------------------------------------------

def load_profile(path: Path) -> ImportSpec:
    """An import profile (YAML: the ``ImportSpec`` field names as keys); refuses unknown keys and wrong types."""
    import yaml

    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InputFileError(f"{path}: cannot read the profile ({exc.strerror})") from None
    try:
        if any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(text)):
            raise InputFileError(f"{path}: YAML aliases (&x / *x) are not allowed in a profile")
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputFileError(f"{path}:{mark.line + 1 if mark else 1}: not YAML ({getattr(exc, 'problem', exc)})") \
            from None
    if not isinstance(data, dict):
        raise InputFileError(f"{path}:1: a profile is a mapping of the import's choices")
    known = {f.name: f for f in fields(ImportSpec)}
    spec = ImportSpec()
    for key, value in data.items():
        if key not in known:
            raise InputFileError(f"{path}: unknown key {key!r} (keys: {', '.join(known)})")
        want = dict if key in ("columns", "units", "aliases", "row_types") else int if key == "header_row" else str
        if value is not None and not isinstance(value, want) or isinstance(value, bool):
            raise InputFileError(f"{path}: {key}: {value!r} is not a {want.__name__}")
        if want is dict and value is not None:
            value = {str(k): str(v) for k, v in value.items()}
        setattr(spec, key, value if value is not None else getattr(ImportSpec(), key))
    if spec.layout not in LAYOUTS:
        raise InputFileError(f"{path}: layout {spec.layout!r} is not a layout ({', '.join(LAYOUTS)})")
    return spec


def save_profile(spec: ImportSpec, path: Path) -> None:
    """Write ``spec`` as a profile ``load_profile`` reads back (only what differs from the defaults)."""
    import yaml

    default = asdict(ImportSpec())
    data = {k: v for k, v in asdict(spec).items() if v != default[k]}
    try:
        Path(path).write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write the profile {path} ({exc.strerror})") from None


__all__ = ["finish_spec", "load_profile", "reading_lines", "save_profile", "spec_from_args"]
