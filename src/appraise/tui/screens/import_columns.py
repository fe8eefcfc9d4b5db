"""What the import's mapping step proposes and builds, apart from the screen: each field's column proposed from
the header's names, the choices a field's Select lists, the ``ImportSpec``'s ``columns`` from what the user chose,
and what the check's summary says about it. The sheet and its header row are the CLI's choice
(``appraise.io.sheets.open_sheets``), not found here.

The proposal is ``appraise.io.headers.propose_mapping``; a field the user sets to "none" is written as an
empty column, which the import reads as "no column holds it" whatever the headers say.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from appraise.io.headers import fold, header_index, propose_mapping
from appraise.io.layouts import ImportSpec
from appraise.io.sheets import column_letter
from appraise.io.table import Field, shorten

__all__ = ["NONE", "changed", "column_options", "plan_notes", "propose", "spec_columns", "spec_note"]

#: A field's Select value for "no column".
NONE = -1


def propose(headers: Sequence[str], fields: Mapping[str, Field]) -> dict[str, int]:
    """field -> column index proposed from the header's names (``appraise.io.headers.propose_mapping``)."""
    return {f: i for f, i in propose_mapping(headers, fields).items() if f in fields}


def changed(chosen: Mapping[str, int], proposed: Mapping[str, int]) -> dict[str, int]:
    """The fields whose column the user changed from the proposal (the ``rows`` layout sends only these: its row
    types place their fields in fixed columns, and a ``--map`` would override them)."""
    return {name: i for name, i in chosen.items() if i != proposed.get(name, NONE)}


def column_options(headers: Sequence[str]) -> list[tuple[str, int]]:
    """A field's choices: ``A: Practice ID`` … (empty headers by letter), then ``— none —``."""
    options = [(f"{column_letter(i)}: {shorten(h, 40)}" if h else column_letter(i), i) for i, h in enumerate(headers)]
    return [*options, ("— none —", NONE)]


def spec_columns(headers: Sequence[str], chosen: Mapping[str, int], fields: Mapping[str, Field]) -> dict[str, str]:
    """The spec's ``columns``: each field's header when it names one column only, else the column's letter; ""
    for a field the user gave no column although a header names it (so the import does not take it)."""
    keys = [fold(h) for h in headers]
    named = {header_index(fields).get(k) for k in keys if k}
    out = {}
    for name, i in chosen.items():
        if i == NONE:
            if name in named:
                out[name] = ""  # no column, though a header names the field
            continue
        h = headers[i] if i < len(headers) else ""
        out[name] = h if h and keys.count(fold(h)) == 1 else column_letter(i)
    return out


def spec_note(spec: ImportSpec) -> str:
    """What the mapping step chose, as the check's summary says it."""
    where = f"sheet {spec.sheet}, " if spec.sheet else ""
    return f"Read {where}header on row {spec.header_row or 1}, {spec.layout} layout (ctrl+l changes the columns)"


def plan_notes(plan: Any, spec: ImportSpec | None) -> list[str]:
    """What the check's summary says besides the counts: the columns left out, what the mapping chose, what
    the reading found by itself, the placeholder rows left out (planners that have them)."""
    notes = [f"Ignored columns: {', '.join(plan.ignored_columns)}"] if getattr(plan, "ignored_columns", None) else []
    if spec is not None:
        notes.append(spec_note(spec))
    notes += [n for n in getattr(plan, "notes", ()) if spec is None or "header" not in n]
    placeholders = getattr(plan, "placeholders", ())
    if placeholders:
        where, text = placeholders[0]
        notes.append(f"{len(placeholders):,} placeholder row{'s' if len(placeholders) != 1 else ''} not evidence, "
                     f"not imported (first: {where}: {shorten(text, 30)!r})")
    return notes
