"""The ratings grids and profiles a CMMI-family deliverable shows, as neutral tables and charts.

A brick chart (deliverables.md 1.3, BC1/BC2): one column per area in scope, grouped under the areas' domains,
a "Level n" row with each area's practice-group rating (S, U, NR), then one row per practice number with the
area's organizational-unit value, a black cell where the area has no such practice. A condensed grid: one row
per area, one column per level (S, U, NR, out of scope). A goal grid (one row per goal label, one column per
area). A level profile: one bar per area at the whole level it reached (CH1). Built from the neutral rating tree
and the model, for any scheme that rates areas by goals or practice groups; nothing here names a scheme.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from appraise.framework.model import Framework
from appraise.schemes.document import Cell, CellValue, Chart, Series, Table
from appraise.schemes.tree import RatingNode

#: The fill of a cell where an area has no such practice, goal or level (BC1).
BLACK = "#000000"
GREEN, YELLOW, RED, GREY = "#00B050", "#FFFF00", "#FF0000", "#BFBFBF"
#: A practice group's (goal's) rating as the brick chart marks it; any other value is not rated (NR).
MARKS: Mapping[str, str] = {"satisfied": "S", "unsatisfied": "U"}
NOT_RATED_MARK = "NR"
OUT_OF_SCOPE = "out of scope"
#: A goal's rating in words (the goal grid).
GOAL_WORDS: Mapping[str, str] = {"satisfied": "Satisfied", "unsatisfied": "Unsatisfied",
                                 "not_applicable": "Not applicable"}
NOT_RATED_WORD = "Not rated"


def palette(green: Sequence[str], yellow: Sequence[str], red: Sequence[str],
            grey: Sequence[str] = ()) -> dict[str, str]:
    """A value -> fill palette: the brick chart's colours (FM green, LM yellow, anything else red, BC1)."""
    out = {v: GREEN for v in green}
    out.update({v: YELLOW for v in yellow})
    out.update({v: RED for v in red})
    out.update({v: GREY for v in grey})
    return out


def legend(colours: Mapping[str, str], values: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """The (value, colour) pairs of ``values`` that have a colour, in that order."""
    return tuple((v, colours[v]) for v in values if v in colours)


def mark(group: RatingNode | None) -> str:
    """A practice group's rating as S, U or NR (pending, waiting for characterizations, not rated)."""
    return NOT_RATED_MARK if group is None else MARKS.get(group.value or "", NOT_RATED_MARK)


def number_of(framework: Framework, practice_id: str) -> str:
    """A practice's number within its area ("2.1"): the model's local id, else the id's last word."""
    try:
        local = framework.practice(practice_id).local_id
    except KeyError:
        local = ""
    return local or practice_id.rsplit(" ", 1)[-1]


def _number_key(number: str) -> tuple[int | str, ...]:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"[.\s]", number) if p)


def _level(framework: Framework, goal_id: str, node: RatingNode | None = None) -> int | None:
    try:
        goal = framework.goal(goal_id)
    except KeyError:
        goal = None
    level = goal.level if goal is not None and goal.level is not None else None
    if level is None and node is not None:
        found = node.extra.get("level")
        level = found if isinstance(found, int) else None
    return level


def model_levels(framework: Framework, area_id: str) -> dict[int, tuple[str, ...]]:
    """The area's levels in the model: level -> the numbers of its practices."""
    out: dict[int, tuple[str, ...]] = {}
    for goal in framework.area(area_id).goals:
        level = _level(framework, goal.id)
        if level is not None:
            out[level] = (*out.get(level, ()), *(number_of(framework, p.id) for p in goal.practices))
    return out


def rated_groups(framework: Framework, area: RatingNode) -> dict[int, RatingNode]:
    """The area's practice groups in the rating, by level."""
    out: dict[int, RatingNode] = {}
    for group in area.groups:
        level = _level(framework, group.id, group)
        if level is not None:
            out[level] = group
    return out


def column_groups(areas: Sequence[RatingNode], group_of: Callable[[RatingNode], str],
                  lead: int) -> tuple[tuple[str, int], ...]:
    """The header row over the area columns: each run of areas of one group (domain) as (label, span); the
    ``lead`` columns before them under an empty label. () when no area names a group."""
    labels = [group_of(a) for a in areas]
    if not any(labels):
        return ()
    runs: list[tuple[str, int]] = [("", lead)] if lead else []
    for name in labels:
        if runs and len(runs) > (1 if lead else 0) and runs[-1][0] == name:
            runs[-1] = (name, runs[-1][1] + 1)
        else:
            runs.append((name, 1))
    return tuple(runs)


def brick_chart(framework: Framework, areas: Sequence[RatingNode], *, rated: bool = True,
                group_of: Callable[[RatingNode], str] = lambda _a: "", title: str = "Ratings",
                colours: Mapping[str, str] | None = None, legend_values: Sequence[str] = (),
                not_in_view: str = "—") -> Table:
    """The OU brick chart (BC1, BC2): areas in columns (in the order given, grouped by ``group_of``), a
    "Level n" row per level the rating holds, with S/U/NR per area (empty when the appraisal gives no
    practice-group ratings: ``rated`` False), then the level's practice numbers with each area's value.
    A black cell where the area has no such level or practice in the model; ``not_in_view`` where the model has
    it but the appraisal did not rate it (a level above the area's target)."""
    rated_by_area = {a.id: rated_groups(framework, a) for a in areas}
    model_by_area = {a.id: model_levels(framework, a.id) for a in areas}
    levels = sorted({lvl for groups in rated_by_area.values() for lvl in groups})
    rows: list[tuple[CellValue, ...]] = []
    depth: list[int] = []
    black = Cell("", fill=BLACK)
    for lvl in levels:
        marks: list[CellValue] = []
        for a in areas:
            group = rated_by_area[a.id].get(lvl)
            if lvl not in model_by_area[a.id]:
                marks.append(black)
            elif group is None:
                marks.append(not_in_view)
            else:
                marks.append(mark(group) if rated else "")
        rows.append((Cell(f"Level {lvl}", bold=True), "", *marks))
        depth.append(0)
        numbers = sorted({n for a in areas for n in model_by_area[a.id].get(lvl, ())}, key=_number_key)
        values = {a.id: {number_of(framework, p.id): p.value or "" for p in rated_by_area[a.id][lvl].rows}
                  for a in areas if lvl in rated_by_area[a.id]}
        for number in numbers:
            cells: list[CellValue] = []
            for a in areas:
                if number not in model_by_area[a.id].get(lvl, ()):
                    cells.append(black)
                elif a.id not in values:
                    cells.append(not_in_view)
                else:
                    cells.append(values[a.id].get(number, ""))
            rows.append(("", number, *cells))
            depth.append(1)
    return Table(("Practice group", "Practice number", *(a.id for a in areas)), tuple(rows), title=title,
                 groups=column_groups(areas, group_of, 2), coloured=True, levels=tuple(depth), frozen=2,
                 key="brick-chart", legend=legend(colours or {}, legend_values),
                 empty="No practice area is in scope.")


def level_grid(framework: Framework, areas: Sequence[RatingNode], *, in_scope: Callable[[RatingNode], bool],
               title: str = "Practice group ratings", colours: Mapping[str, str] | None = None,
               legend_values: Sequence[str] = ()) -> Table:
    """The condensed grid (BC2): one row per area, one column per level, S/U/NR or "out of scope" (an area or a
    level outside the appraisal's scope); a black empty cell where the model has no such level."""
    models = {a.id: model_levels(framework, a.id) for a in areas}
    top = max((max(m) for m in models.values() if m), default=0)
    rows: list[tuple[CellValue, ...]] = []
    for a in areas:
        groups = rated_groups(framework, a)
        cells: list[CellValue] = []
        for lvl in range(1, top + 1):
            if lvl not in models[a.id]:
                cells.append(Cell("", fill=BLACK))
            elif not in_scope(a) or lvl not in groups:
                cells.append(OUT_OF_SCOPE)
            else:
                cells.append(mark(groups[lvl]))
        rows.append((f"{a.title} ({a.id})" if a.title else a.id, *cells))
    return Table(("Practice area", *(f"Level {n}" for n in range(1, top + 1))), tuple(rows), title=title,
                 coloured=True, key="level-grid", legend=legend(colours or {}, legend_values))


def goal_grid(framework: Framework, areas: Sequence[RatingNode], *, title: str = "Goal ratings",
              colours: Mapping[str, str] | None = None, legend_values: Sequence[str] = (),
              group_of: Callable[[RatingNode], str] = lambda _a: "") -> Table:
    """One column per area, one row per goal label of the model ("SG 1", "GG 2"): Satisfied, Unsatisfied, Not
    rated or Not applicable; a black cell where the area has no such goal."""
    def goal_label(goal_id: str) -> str:
        try:
            local = framework.goal(goal_id).local_id
        except KeyError:
            local = ""
        return local or goal_id.split(" ", 1)[-1]

    labels: list[str] = []
    values: dict[str, dict[str, str]] = {}
    for a in areas:
        for goal in a.groups:
            name = goal_label(goal.id)
            if name not in labels:
                labels.append(name)
            values.setdefault(a.id, {})[name] = GOAL_WORDS.get(goal.value or "", NOT_RATED_WORD)
    labels.sort(key=lambda s: (not s.upper().startswith("S"), _number_key(s)))
    rows = tuple((name, *(values.get(a.id, {}).get(name) or Cell("", fill=BLACK) for a in areas))
                 for name in labels)
    return Table(("Goal", *(a.id for a in areas)), rows, title=title, groups=column_groups(areas, group_of, 1),
                 coloured=True, key="goal-grid", legend=legend(colours or {}, legend_values))


def whole_level(value: object) -> float | None:
    """A level as a whole number (CH1: 0-5, never 2.7): an int, or the first number in a text ("CL 3")."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return float(value)
    found = re.search(r"\d+", str(value))
    return float(int(found.group())) if found else None


def level_chart(areas: Sequence[RatingNode], level_of: Callable[[RatingNode], object], *, title: str,
                axis_title: str = "Level", prefix: str = "") -> Chart | None:
    """One bar per area at the whole level it reached (CH1: an integer axis 0-5); None when no area has one."""
    levels = tuple(whole_level(level_of(a)) for a in areas)
    if not any(v is not None for v in levels):
        return None
    labels = {n: f"{prefix}{n}" for n in range(6)} if prefix else {}
    return Chart(title, tuple(a.id for a in areas), (Series(axis_title, levels),), y_max=5, integer=True,
                 axis_title=axis_title, labels=labels)


__all__ = [
    "BLACK", "GOAL_WORDS", "MARKS", "NOT_RATED_MARK", "OUT_OF_SCOPE", "brick_chart", "column_groups", "goal_grid",
    "legend", "level_chart", "level_grid", "mark", "model_levels", "number_of", "palette", "rated_groups",
    "whole_level",
]
