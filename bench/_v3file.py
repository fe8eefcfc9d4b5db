"""The V3.0-shaped appraisal of bench_rating_v3.py as a real file: the model YAML and the appraisal.

The model file is written by ``framework.builder.model_yaml`` (the practice-group layout appraise writes from a
user's Appraisal Tool workbook, docs/framework-schema.md "Practice groups") with the areas of
``bench_rating_v3.SHAPE``; the appraisal is made by ``Appraisal.create`` with the same scope as the in-memory
one, the same characterizations written in one ``store.set_characterizations`` call, and the same decisions
recorded one by one through ``Decisions.decide`` (each checked against the options the rating offers then).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

WHY = "team judgement on the characterized weaknesses"


def write_model(path: Path, shape: Sequence[tuple[str, tuple[int, ...], bool]], domains: Sequence[str]) -> Path:
    """Write the model file of ``shape`` (domain, practices per level, per process) at ``path``."""
    from appraise.framework.builder import ToolArea, ToolModel, model_yaml

    areas = tuple(ToolArea(f"Z{i:02d}", f"Z{i:02d}", domain,
                           tuple(f"{lv}.{n}" for lv, k in enumerate(counts, 1) for n in range(1, k + 1)),
                           per_process=per_process)
                  for i, (domain, counts, per_process) in enumerate(shape, 1))
    text = model_yaml(ToolModel(areas, tuple(domains), "3.0"), model_id="bench-v3",
                      title="FICTIONAL bench model (not CMMI)", source="appraise bench/bench_rating_v3.py")
    path.write_text(text, encoding="utf-8")
    return path


def build_file(path: Path, model_path: Path, projects: Sequence[str], options: Mapping[str, Any],
               chars: Mapping[str, Mapping[str, str]], decisions: Sequence[Any]) -> dict[str, int]:
    """Create the appraisal at ``path`` (maturity, target 5, ``projects`` and the scheme's ``options``: domains,
    support functions, processes), every cell of ``chars`` characterized and ``decisions`` recorded in order."""
    from appraise.services import Appraisal

    a = Appraisal.create(path, framework=str(model_path), representation="maturity", target=5, unit="Bench",
                         projects=list(projects), who="bench", options=dict(options))
    try:
        if sorted(a.scheme.practices_in_scope(a.framework, a.scope)) != sorted(chars):
            raise RuntimeError("the appraisal file's practices in scope differ from the in-memory ones")
        rows = [(p, u, v, None) for p, cells in chars.items() for u, v in cells.items()]
        cells = a.store.set_characterizations(rows, "bench")
        for d in decisions:  # each one the rating offers at that point, as in memory
            kind, options_now, _rule = a.decisions.options(d.target)
            if kind != d.kind or d.value not in options_now:
                raise RuntimeError(f"the file offers {kind} {options_now} on {d.target}, not {d.kind} {d.value}")
            a.decisions.decide(d.target, d.value, WHY, "bench")
        return {"file_cells": cells, "file_decisions": len(a.reader.decisions())}
    finally:
        a.close()
