"""Exports that are workbooks in another tool's layout, offered by a scheme's view (``SchemeView.exports``).

``appraise export FILE --format cas-roll-up -o roll-up.xlsx`` writes the OU value of every practice in the CAS
"Staged Roll-Up" layout (``appraise.io.cas_roll_up``), rendered from the rating tree's practice nodes (the OU
value the scheme derived; for a per-process practice the lowest over its processes, V7.4) and the model's
practice structure. Nothing here knows a scheme: the view says which of these formats it offers.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from appraise.io.cas_roll_up import RollUpArea, write_cas_roll_up

if TYPE_CHECKING:
    from appraise.services.session import Appraisal


def export_cas_roll_up(appraisal: Appraisal, dest: Path) -> Path:
    """The CAS Staged Roll-Up of the appraisal's practice areas (those the rating tree lists)."""
    tree = appraisal.rate()
    model = appraisal.model  # the practices as the model numbers them (no per-process cells)
    ou = {node.id: node.value for node in tree.root.of_kind("practice")}
    known = {a.id for a in model.areas}
    areas = []
    for node in tree.root.of_kind("area"):
        if node.id not in known:
            continue
        area = model.area(node.id)
        numbers = tuple(p.local_id or p.id.split(" ")[-1] for g in area.goals for p in g.practices)
        areas.append(RollUpArea(area.id, numbers))
    return write_cas_roll_up(dest, appraisal.info.target, areas, ou)


#: format -> its writer; a scheme's view names the ones it offers (``SchemeView.exports``).
EXPORTERS: dict[str, Callable[[Appraisal, Path], Path]] = {"cas-roll-up": export_cas_roll_up}

#: format -> the file extension it writes (the text formats: their own name).
SUFFIXES: dict[str, str] = {"cas-roll-up": "xlsx"}


def export_suffix(fmt: str) -> str:
    """The extension a file of ``fmt`` takes (``md``; ``xlsx`` for ``cas-roll-up``)."""
    return SUFFIXES.get(fmt, fmt)
