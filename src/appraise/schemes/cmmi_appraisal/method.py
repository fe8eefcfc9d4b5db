"""CMMI Appraisal Method (CMMI V2.0/V3.0): the method's tables as pure functions.

The rule table every result cites (ids from shared/domain/cmmi-appraisal-v3.md, in our own words), the
switches for every rule the page marks "own" or [X], keyed by method version, and the first rules: the
workbook's default characterization of a unit (V1.4), the weakness check (V1.2), the consolidation of the
units' values to the organizational unit (V2, Evaluation V2.13) and the per-process roll-up of II and GOV
(V7.4). The ratings built on them (practice groups V3, practice areas V4, maturity level V5, capability
profile V6) are in ``levels``; every name stays importable from here.

The page reads only the V3.0 tables; CMMI V2.0 uses them too, under its own key (page 1.4), so a
correction for one version touches one entry.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

# Every rule a result may cite: id -> one sentence in our own words.
RULES: dict[str, str] = {
    "V1.2": "a unit value of LM, PM or DM needs a weakness statement backed by the evidence or its absence",
    "V1.4": "the workbook's default unit value, derived from the artifact and affirmation flags and whether "
            "a weakness is written, taken row by row",
    "V2.1": "when every unit holds the same value, the organizational unit takes it",
    "V2.2": "units that are only FM or NY, with some FM, give FM",
    "V2.3": "units that are only FM, LM or NY, with some LM, give LM",
    "V2.4": "a mix of FM/LM units with PM/DM units leaves the team to choose LM or PM",
    "V2.5": "units that are only PM, DM or NY, with some PM, leave the team to choose PM or DM",
    "V2.6": "units that are only DM or NY, with some DM, give DM",
    "V2.7": "when every unit is NY the organizational unit is NY",
    "V2.8": "any unit that is NC makes the organizational unit NC",
    "V2.9": "in the V2.4 mix, PM and DM units making up half of the sampled units or more force PM",
    "V2.10": "the full team sets the organizational-unit value by consensus, answering the four impact "
             "questions, and the practice waits until the choice and its reason are recorded",
    "V2.11": "the same consolidation applies to every practice, II and GOV included",
    "V2.12": "PM units together with NY units are not all the same, so they fall to the PM-or-DM choice",
    "V2.13": "in an Evaluation, units that all agree give that value; otherwise the team chooses, High or Low "
             "only when some unit holds it, NY only when some unit is NY, Medium always",
    "V3.1": "a practice group whose practices are all FM at the organizational unit is satisfied",
    "V3.2": "a group of FM and LM practices is satisfied when its lower groups are satisfied and the team "
            "judges the weaknesses not significant",
    "V3.3": "a group with a PM, DM or NY practice, or with LM weaknesses judged significant, is unsatisfied",
    "V3.4": "a group with a practice that is not characterized (NC) is not rated",
    "V3.5": "whether an all-FM group also needs its lower groups satisfied is left open by the method",
    "V3.6": "Evaluation appraisals rate no practice group, practice area or level",
    "V4.1": "a practice area is not rated, rated 0 to 5, or out of scope when the appraisal leaves it out",
    "V4.2": "a practice area is rated the highest level n whose groups 1 to n are all satisfied, never above "
            "its target or its top group",
    "V4.3": "when the first unsatisfied-or-unrated group within the target is not rated, so is the area",
    "V5.2": "maturity level n needs every area the view requires up to n, II and GOV included, rated at least "
            "the lower of n and the area's top group",
    "V5.3": "the areas each maturity level requires come from the view, never from this code",
    "V5.4": "a required area that is not rated or out of scope blocks the level; below ML2 the result is "
            "ML2 not achieved",
    "V5.5": "a Sustainment appraisal cannot rate above the Benchmark it extends",
    "V6.2": "an area's capability level is the highest c up to its target where its rating reaches the lower "
            "of c and its top group and II and GOV reach c",
    "V6.3": "the capability profile's level is the lowest capability level among its areas",
    "V7.3": "the workbook takes the lowest value over the processes, DM below PM below LM below FM, ignoring "
            "NC and NY",
    "V7.4": "II and GOV are consolidated per process and take the lowest per-process value, any NC making "
            "the practice NC",
}

# Every rule the page marks "own" or [X], as a named switch (True = the reading the page recommends).
_V3_SWITCHES: dict[str, bool] = {
    # V2.9: NY units stay in the denominator of the 50 % cap (the answer key's PLAN 2.7 fits only then).
    "cap_counts_ny": True,
    # V2.12: PM, PM, NY is not "all the same", so it is the team's PM-or-DM choice (off: PM, NY left out).
    "pm_pm_ny_falls_to_c5": True,
    # V2.10: offer the four consensus questions on the C5 choice as well as on C4.
    "questions_on_c5": True,
    # V2.13 with V2.8: an NC unit makes an Evaluation's organizational-unit value NC too.
    "evaluation_nc_makes_nc": True,
    # V3.4: an NC practice makes its group not rated (off: unsatisfied).
    "nc_group_not_rated": True,
    # V3.5: an all-FM group needs its lower groups satisfied too (the literal reading: it does not).
    "lower_groups_govern_all_fm": False,
    # V4.3: a not-rated group where the area's level stops makes the area not rated (off: the level stops).
    "area_not_rated_on_not_rated_group": True,
    # V5.2: an area counts for ML n when rated at least min(n, its top group) (off: at least n).
    "ml_needs_min_of_target_and_top": True,
    # V6.2: II and GOV need only min(c, their top group) for CL c (off: at least c, so no area reaches CL 5).
    "cl_per_process_capped_at_top": False,
    # V7.4: any per-process NC makes an II/GOV practice NC (off: NC ignored, as the workbook's formula does).
    "process_nc_makes_nc": True,
    # V5.4: an area of the view set out of scope blocks the maturity level like a required area not rated
    # (off: the level is rated over the areas left in scope, as if the view were without it).
    "out_of_scope_area_blocks_ml": True,
    # V9.4 [X]: a unit x area the sample marks NY (not yet) is outside the evidence scope (on: inside).
    "rgs_ny_in_scope": False,
    # V9.4 [X]: an ADD (added) unit x area is inside the evidence scope (off: outside).
    "rgs_add_in_scope": True,
}

SWITCHES: dict[str, dict[str, bool]] = {
    "3.0": dict(_V3_SWITCHES),
    # CMMI V2.0: its own MDD tables were not read, so the V3.0 readings apply under its own key (page 1.4).
    "2.0": dict(_V3_SWITCHES),
}


def switches(version: str) -> Mapping[str, bool]:
    """The switches of one method version ("3.0", "2.0"), read-only."""
    try:
        return MappingProxyType(SWITCHES[version])
    except KeyError:
        known = ", ".join(sorted(SWITCHES))
        raise ValueError(f"CMMI appraisal method version {version!r} is not known (known: {known})") from None


def cite(rule_id: str, detail: str = "") -> str:
    """A rule citation for a result: ``"V2.4: <sentence>"`` plus what this case adds."""
    text = f"{rule_id}: {RULES[rule_id]}"
    return f"{text} ({detail})" if detail else text


# -- values ---------------------------------------------------------------------------------------

FM, LM, PM, DM, NY, NC = "FM", "LM", "PM", "DM", "NY", "NC"
LOW, MEDIUM, HIGH = "L", "M", "H"
VALUES = (FM, LM, PM, DM, NY, NC)
EVALUATION_VALUES = (LOW, MEDIUM, HIGH, NY, NC)
#: Best first, as the per-process roll-up orders them (V7.3): DM < PM < LM < FM; Evaluation H < M < L.
_RANK = {FM: 4, LM: 3, PM: 2, DM: 1, LOW: 3, MEDIUM: 2, HIGH: 1}
WEAKNESS_VALUES = frozenset({LM, PM, DM})
#: The workbook's mark of an area not assigned to a unit (V1.4 row 2).
OOS = "OoS"

#: The four questions of a consolidation choice (V2.10), in our own words.
CONSENSUS_QUESTIONS = (
    "Is the team confident that future projects and support functions will keep showing the practice?",
    "Would this value give the organization false confidence?",
    "Would it undercut other improvement efforts?",
    "Does it agree with the practice-group ratings already decided?",
)


@dataclass(frozen=True)
class Consolidation:
    """The table's answer for one practice: a value, or (value None) the values the team may choose."""

    value: str | None
    options: tuple[str, ...]
    rule: str
    flags: tuple[str, ...] = ()


# -- V2: units -> organizational unit ---------------------------------------------------------------

@dataclass(frozen=True)
class _Row:
    rule: str
    applies: Callable[[frozenset[str]], bool]
    value: str | None
    options: tuple[str, ...] = ()
    detail: str = ""


_GOOD, _BAD = frozenset({FM, LM}), frozenset({PM, DM})

#: The V2 table, in the page's order (V2.8 and V2.7 first, so the rows never overlap); a row tests the set
#: of values the units hold.
_V2_TABLE: tuple[_Row, ...] = (
    _Row("V2.8", lambda s: NC in s, NC, detail="a unit is NC"),
    _Row("V2.7", lambda s: s == {NY}, NY, detail="every unit is NY"),
    _Row("V2.1", lambda s: len(s) == 1, None, detail="every unit holds it"),
    _Row("V2.2", lambda s: FM in s and s <= {FM, NY}, FM, detail="FM and NY"),
    _Row("V2.3", lambda s: LM in s and s <= {FM, LM, NY}, LM, detail="FM, LM and NY"),
    _Row("V2.4", lambda s: bool(s & _GOOD) and bool(s & _BAD), None, (LM, PM), "FM/LM with PM/DM"),
    _Row("V2.5", lambda s: PM in s and s <= {PM, DM, NY}, None, (PM, DM), "PM, DM and NY"),
    _Row("V2.6", lambda s: DM in s and s <= {DM, NY}, DM, detail="DM and NY"),
)

CONSOLIDATION_TABLES: dict[str, tuple[_Row, ...]] = {"3.0": _V2_TABLE, "2.0": _V2_TABLE}


def consolidate(values: Sequence[str], version: str = "3.0", evaluation: bool = False) -> Consolidation:
    """Consolidate the values of the sampled units of one practice to the organizational unit (V2).

    ``values`` are the unit values of every in-sample unit (units out of the sample are left out by the
    caller), all of them settled; an Evaluation's values are L M H NY NC (V2.13).
    """
    if not values:
        raise ValueError("consolidate() needs the value of at least one unit")
    on = switches(version)
    if evaluation:
        return _consolidate_evaluation(values, on)
    present = frozenset(values)
    unknown = present - set(VALUES)
    if unknown:
        raise ValueError(f"not a unit value: {', '.join(sorted(unknown))} (expected one of {' '.join(VALUES)})")
    if present == {PM, NY}:
        return _pm_with_ny(on)
    row = next(r for r in CONSOLIDATION_TABLES[version] if r.applies(present))
    if row.rule == "V2.1":
        (only,) = present
        return Consolidation(only, (), cite("V2.1", f"every unit is {only}"))
    if row.rule == "V2.4":
        return _mixed(values, on)
    if row.options:
        return Consolidation(None, row.options, cite(row.rule, row.detail), _questions(row.rule, on))
    return Consolidation(row.value, (), cite(row.rule, row.detail))


def _mixed(values: Sequence[str], on: Mapping[str, bool]) -> Consolidation:
    """V2.4 with the V2.9 cap: PM + DM at half the units or more force PM; otherwise LM or PM."""
    weak = sum(1 for v in values if v in _BAD)
    units = len(values) if on["cap_counts_ny"] else sum(1 for v in values if v != NY)
    counted = "NY counted" if on["cap_counts_ny"] else "NY left out"
    share = f"PM+DM {weak}/{units}, {counted}"
    if 2 * weak >= units:
        return Consolidation(PM, (), f"V2.4 + {cite('V2.9', share + ': PM forced')}")
    return Consolidation(None, (LM, PM), f"{cite('V2.4', share)}; V2.10: full-team consensus",
                         _questions("V2.4", on))


def _pm_with_ny(on: Mapping[str, bool]) -> Consolidation:
    """PM and NY units only (V2.12): literally not "all the same", so the PM-or-DM choice (flagged)."""
    if on["pm_pm_ny_falls_to_c5"]:
        flag = cite("V2.12", "literal reading; the switch pm_pm_ny_falls_to_c5 turns it off")
        return Consolidation(None, (PM, DM), f"V2.12 + {cite('V2.5', 'PM and NY')}",
                             (flag, *_questions("V2.5", on)))
    flag = cite("V2.12", "NY left out by the switch pm_pm_ny_falls_to_c5")
    return Consolidation(PM, (), f"V2.12 + {cite('V2.1', 'every unit but NY is PM')}", (flag,))


def _questions(rule_id: str, on: Mapping[str, bool]) -> tuple[str, ...]:
    """The V2.10 flag that a choice needs the four consensus questions answered."""
    if rule_id == "V2.4" or (rule_id == "V2.5" and on["questions_on_c5"]):
        return (cite("V2.10", "answer the four consensus questions"),)
    return ()


def _consolidate_evaluation(values: Sequence[str], on: Mapping[str, bool]) -> Consolidation:
    """V2.13: agreement gives the value; otherwise the team chooses among the values the units allow."""
    present = frozenset(values)
    unknown = present - set(EVALUATION_VALUES)
    if unknown:
        raise ValueError(f"not an Evaluation value: {', '.join(sorted(unknown))} "
                         f"(expected one of {' '.join(EVALUATION_VALUES)})")
    if NC in present and on["evaluation_nc_makes_nc"]:
        return Consolidation(NC, (), f"V2.13 + {cite('V2.8', 'a unit is NC')}")
    if len(present) == 1:
        (only,) = present
        return Consolidation(only, (), cite("V2.13", f"every unit is {only}"))
    options = tuple(v for v in (LOW, MEDIUM, HIGH, NY) if v == MEDIUM or v in present)
    return Consolidation(None, options, cite("V2.13", "the units differ"), (cite("V2.10", "full-team choice"),))


# -- V7.4: II and GOV, the lowest over the processes ----------------------------------------------------

def lowest_over_processes(per_process: Mapping[str, str | None], version: str = "3.0") -> Consolidation:
    """The OU value of an II/GOV practice from its per-process OU values (V7.4; None = not settled yet).

    The lowest per-process value (DM < PM < LM < FM; Evaluation H < M < L); any NC makes it NC unless the
    switch ``process_nc_makes_nc`` is off, in which case NC and NY are ignored as the workbook does (V7.3).
    A result that differs from the workbook's formula is flagged.
    """
    if not per_process:
        raise ValueError("lowest_over_processes() needs at least one process")
    on = switches(version)
    nc = sorted(p for p, v in per_process.items() if v == NC)
    if nc and on["process_nc_makes_nc"]:
        ranked = [v for v in per_process.values() if v in _RANK]
        flags = (cite("V7.3", f"the workbook would show {_lowest(ranked)}"),) if ranked else ()
        return Consolidation(NC, (), cite("V7.4", f"NC in {', '.join(nc)}"), flags)
    open_ = sorted(p for p, v in per_process.items() if v is None)
    if open_:
        return Consolidation(None, (), cite("V7.4", f"waiting for {', '.join(open_)}"))
    ranked = [v for v in per_process.values() if v in _RANK]
    if not ranked:
        only = NC if nc else NY
        return Consolidation(only, (), cite("V7.3", f"every process is {only}"))
    low = _lowest(ranked)
    where = sorted(p for p, v in per_process.items() if v == low)
    if nc:
        return Consolidation(low, (), f"V7.4 + {cite('V7.3', f'lowest {low} in {where[0]}; NC ignored')}")
    return Consolidation(low, (), cite("V7.4", f"lowest {low} in {', '.join(where)}"))


def _lowest(values: Sequence[str]) -> str:
    return min(values, key=lambda v: _RANK[v])


# -- V1.4: the workbook's default unit value ----------------------------------------------------

@dataclass(frozen=True)
class _Flags:
    artifact: str | None
    affirmation: str | None
    weakness: bool
    in_scope: bool
    per_process: bool


#: The V1.4 table in its order: (row, when, Benchmark/Sustainment value, Evaluation value).
PROPOSAL_TABLE: tuple[tuple[int, str, Callable[[_Flags], bool], str, str], ...] = (
    (1, "artifact and affirmation NY", lambda f: not f.per_process and f.artifact == NY and f.affirmation == NY,
     NY, NY),
    (2, "area not assigned to the unit", lambda f: not f.in_scope, OOS, OOS),
    (3, "both flags 1, no weakness", lambda f: f.artifact == f.affirmation == "1" and not f.weakness, FM, LOW),
    (4, "both flags 1, a weakness", lambda f: f.artifact == f.affirmation == "1", LM, MEDIUM),
    (5, "one flag 1, a weakness", lambda f: "1" in (f.artifact, f.affirmation) and f.weakness, PM, HIGH),
    (6, "anything else", lambda f: True, DM, HIGH),
)


def _flag(value: Any) -> str | None:
    text = "" if value is None else str(value).strip().upper()
    return text or None


def propose(artifact: str | None, affirmation: str | None, weakness: bool, in_scope: bool,
            evaluation: bool = False, per_process: bool = False) -> tuple[str, str]:
    """The workbook's default value of a unit x practice (V1.4): ``(value, rule)``.

    ``artifact`` / ``affirmation`` are the flags "1", "0", "NY" or None (blank); ``weakness`` = the cell
    has a weakness written. II and GOV (``per_process``) skip row 1. The result is a default the team may
    overrule, never a judgment.
    """
    facts = _Flags(_flag(artifact), _flag(affirmation), bool(weakness), in_scope, per_process)
    for row, when, applies, benchmark, evaluation_value in PROPOSAL_TABLE:
        if applies(facts):
            return (evaluation_value if evaluation else benchmark), cite("V1.4", f"row {row}: {when}")
    raise AssertionError("the V1.4 table ends with a catch-all row")


def weakness_flag(value: str | None, note: str) -> str | None:
    """V1.2: an LM, PM or DM unit value with no weakness written is flagged; None when all is well."""
    if value in WEAKNESS_VALUES and not (note or "").strip():
        return cite("V1.2", f"{value} has no weakness statement")
    return None


# -- V3-V6 live in ``levels``; they stay importable from here ---------------------------------------

_LEVEL_NAMES = ("GroupRating", "AreaRating", "LevelResult", "rate_group", "rate_area", "maturity_level",
                "capability_profile", "SATISFIED", "UNSATISFIED", "NOT_RATED", "PENDING", "OUT_OF_SCOPE",
                "GROUP_OPTIONS")


def __getattr__(name: str) -> Any:
    # ``levels`` imports this module, so it is loaded on first use rather than at import time.
    if name in _LEVEL_NAMES:
        from appraise.schemes.cmmi_appraisal import levels

        return getattr(levels, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
