"""What every import command shares: the user's choices from the command line (and a profile) as an
``ImportSpec``, and the lines that say what the reading found by itself."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from appraise.errors import UsageError
from appraise.io.layouts import LAYOUTS, ImportSpec
from appraise.io.profiles import load_profile, save_profile
from appraise.services import parse_alias

#: The placeholder rows an import lists on the terminal (the plan holds them all).
PLACEHOLDERS_SHOWN = 5
#: What ``--layout`` said before layouts: one row per link or rating.
OLD_NAMES = {"csv": "long"}


#: Files ``--errors`` never writes over: what an import reads and the appraisal itself.
DATA_SUFFIXES = (".appraisal", ".xlsx", ".xlsm", ".csv", ".yaml", ".yml")


def _check_outputs(args: argparse.Namespace) -> None:
    """``--save-profile`` and ``--errors`` never write over the file imported or the appraisal (nor, for
    ``--errors``, over any data file): refused before anything is read."""
    inputs = [Path(p).resolve() for p in (getattr(args, "file", None), getattr(args, "csv", None),
                                          getattr(args, "source", None)) if p]
    for option, path in (("--save-profile", getattr(args, "save_profile", None)),
                         ("--errors", getattr(args, "errors", None))):
        if path is None:
            continue
        if Path(path).resolve() in inputs:
            raise UsageError(f"{option} {path}: that is a file this command reads; give another file name")
        if option == "--errors" and Path(path).suffix.lower() in DATA_SUFFIXES and Path(path).exists():
            raise UsageError(f"--errors {path}: would write over a data file; give a new name, e.g. problems.txt")


def spec_from_args(args: argparse.Namespace) -> ImportSpec:
    """The import's choices: ``--profile`` first, then every option given beside it (which wins)."""
    _check_outputs(args)
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
    spec.units.update(parse_alias(getattr(args, "units", None), "--units", "\"Team A=ALPHA\""))
    if getattr(args, "project", None):
        spec.project = args.project.strip()
    if getattr(args, "layout", None) != "mdd-tool":  # there --alias names the tool's projects
        spec.aliases.update(parse_alias(getattr(args, "alias", None), "--alias", "RM=REQM"))
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


__all__ = ["finish_spec", "reading_lines", "spec_from_args"]
