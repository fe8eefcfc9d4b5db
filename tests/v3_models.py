"""Small CMMI V2.0/V3.0-shaped models for tests, built in Python with made-up acronyms and text.

Nothing here is ISACA's: the areas (ALP, BRV, CHA core; STE and ADO characterized per process, standing in for
GOV and II; DOA in the made-up domain ``Dom1``) and the statements ("Fictional statement 1") are invented. Other
tests may import ``v3_model`` / ``area`` to build the model a case needs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from appraise.framework.model import Framework, Goal, Practice, ProcessArea, Scale, ScaleValue

SCALE = Scale("CMMI Appraisal Method characterization (test)", (
    ScaleValue("FM", "Fully Meets", ("f",)), ScaleValue("LM", "Largely Meets", ("l",)),
    ScaleValue("PM", "Partially Meets", ("p",)), ScaleValue("DM", "Does Not Meet", ("d",)),
    ScaleValue("NY", "Not Yet", ("y",)), ScaleValue("NC", "Not Characterized", ("c",)),
    ScaleValue("L", "Low", ("l",)), ScaleValue("M", "Medium", ("m",)), ScaleValue("H", "High", ("h",)),
))

#: area -> (domain, practices per level from level 1, characterized per process)
DEFAULT_AREAS: dict[str, tuple[str, tuple[int, ...], bool]] = {
    "ALP": ("Core", (1, 2, 2), False),
    "BRV": ("Core", (1, 2), False),  # no level-3 group, like a real area that stops at 2
    "CHA": ("Core", (2, 2, 1), False),
    "STE": ("Core", (1, 2, 1), True),  # per process (the role of GOV)
    "ADO": ("Core", (1, 1, 1), True),  # per process (the role of II)
    "DOA": ("Dom1", (1, 2, 2), False),
}


def area(area_id: str, counts: Sequence[int], domain: str = "Core", per_process: bool = False,
         statements: bool = True) -> ProcessArea:
    """A practice area with ``counts[i]`` practices in its level ``i + 1`` practice group."""
    goals = []
    n_statement = 0
    for level, count in enumerate(counts, 1):
        goal_id = f"{area_id} L{level}"
        practices = []
        for n in range(1, count + 1):
            n_statement += 1
            title = f"Fictional statement {n_statement}" if statements else ""
            practices.append(Practice(f"{area_id} {level}.{n}", title, area_id, goal_id, local_id=f"{level}.{n}"))
        goals.append(Goal(goal_id, f"Level {level}", area_id, tuple(practices), local_id=f"L{level}", level=level))
    return ProcessArea(area_id, f"Fictional area {area_id}", None, domain, tuple(goals), per_process=per_process)


def v3_model(areas: Mapping[str, tuple[str, tuple[int, ...], bool]] | None = None, *, version: str = "3.0",
             level_areas: Mapping[int, tuple[str, ...]] | None = None, model_id: str = "test-v3") -> Framework:
    """A model of the given areas (default ``DEFAULT_AREAS``), shaped as the model loader builds one."""
    spec = DEFAULT_AREAS if areas is None else areas
    built = tuple(area(a, counts, domain, per_process) for a, (domain, counts, per_process) in spec.items())
    domains = tuple(dict.fromkeys(domain for domain, _c, _p in spec.values()))
    return Framework(model_id, "FICTIONAL test model (not CMMI)", version, "tests/v3_models.py", "cmmi-appraisal",
                     ("maturity", "capability"), (1, 2, 3, 4, 5), (0, 1, 2, 3, 4, 5), SCALE, built,
                     shape="practice_groups", method_version=version, domains=domains,
                     level_areas=dict(level_areas or {}))
