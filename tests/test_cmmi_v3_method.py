"""The CMMI Appraisal Method's tables (shared/domain/cmmi-appraisal-v3.md), one row per worked example.

Every case asserts the outcome and the rule the result cites. Areas use real acronyms as bare ids only
(no statements), or made-up ones.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from appraise.schemes.cmmi_appraisal import method
from appraise.schemes.cmmi_appraisal.method import (
    SWITCHES,
    GroupRating,
    LevelResult,
    capability_profile,
    consolidate,
    lowest_over_processes,
    maturity_level,
    propose,
    rate_area,
    rate_group,
    switches,
    weakness_flag,
)


@pytest.fixture
def switched(monkeypatch):
    """Turn one switch of one version for a test; the table is restored afterwards."""

    def turn(name: str, value: bool, version: str = "3.0") -> None:
        assert name in SWITCHES[version]
        monkeypatch.setitem(SWITCHES[version], name, value)

    return turn


def rule_id(rule: str) -> str:
    """The id the citation starts with ("V2.4: ..." -> "V2.4"; "V2.4 + V2.9: ..." -> "V2.4")."""
    return rule.split(":")[0].split(" + ")[0]


def rule_ids(rule: str) -> set[str]:
    return {part.split(":")[0].strip() for part in rule.replace(";", " + ").split(" + ") if part.strip()[:1] == "V"}


# -- the tables ----------------------------------------------------------------------------------------

def test_every_version_has_every_switch_and_the_rule_table_is_complete():
    assert set(SWITCHES) == {"3.0", "2.0"}
    assert SWITCHES["2.0"] == SWITCHES["3.0"]
    for name in ("cap_counts_ny", "pm_pm_ny_falls_to_c5", "nc_group_not_rated", "lower_groups_govern_all_fm",
                 "area_not_rated_on_not_rated_group", "process_nc_makes_nc", "ml_needs_min_of_target_and_top",
                 "questions_on_c5"):
        assert name in SWITCHES["3.0"]
    assert SWITCHES["3.0"]["lower_groups_govern_all_fm"] is False
    wanted = {"V1.2", "V1.4", *(f"V2.{n}" for n in range(1, 14)), *(f"V3.{n}" for n in range(1, 7)),
              "V4.1", "V4.2", "V4.3", "V5.2", "V5.3", "V5.4", "V5.5", "V6.2", "V6.3", "V7.3", "V7.4"}
    assert wanted <= set(method.RULES)
    assert all(sentence and "\n" not in sentence for sentence in method.RULES.values())


def test_switches_are_read_only_and_an_unknown_version_is_refused():
    with pytest.raises(TypeError):
        switches("3.0")["cap_counts_ny"] = False  # type: ignore[index]
    with pytest.raises(ValueError, match="'1.3' is not known"):
        switches("1.3")


def test_cite_gives_the_id_the_sentence_and_the_case():
    assert method.cite("V2.4", "PM+DM 1/4") == f"V2.4: {method.RULES['V2.4']} (PM+DM 1/4)"


# -- V2: consolidation, E1-E20 ------------------------------------------------------------------------

CONSOLIDATION_EXAMPLES = [
    ("E1", "LM LM LM LM", "V2.1", "LM", ()),
    ("E2", "FM LM FM FM", "V2.3", "LM", ()),
    ("E3", "LM LM FM LM", "V2.3", "LM", ()),
    ("E4", "DM LM FM LM", "V2.4", None, ("LM", "PM")),
    ("E5", "LM PM FM FM", "V2.4", None, ("LM", "PM")),
    ("E6", "DM FM FM FM", "V2.4", None, ("LM", "PM")),
    ("E7", "LM LM FM NY", "V2.3", "LM", ()),
    ("E8", "NY NY NY NY", "V2.7", "NY", ()),
    ("E9", "FM PM LM", "V2.4", None, ("LM", "PM")),
    ("E10", "NY FM PM", "V2.4", None, ("LM", "PM")),
    ("E11", "LM DM", "V2.4", "PM", ()),
    ("E12", "FM FM PM DM", "V2.4", "PM", ()),
    ("E13", "FM FM FM PM DM", "V2.4", None, ("LM", "PM")),
    ("E14", "PM PM PM", "V2.1", "PM", ()),
    ("E15", "PM PM NY", "V2.12", None, ("PM", "DM")),
    ("E16", "PM DM DM", "V2.5", None, ("PM", "DM")),
    ("E17", "DM NY DM", "V2.6", "DM", ()),
    ("E18", "FM LM NC", "V2.8", "NC", ()),
    ("E19", "FM NY", "V2.2", "FM", ()),
]


@pytest.mark.parametrize(("example", "units", "rule", "value", "options"), CONSOLIDATION_EXAMPLES,
                         ids=[row[0] for row in CONSOLIDATION_EXAMPLES])
def test_consolidation_worked_examples(example, units, rule, value, options):
    result = consolidate(units.split())
    assert (result.value, result.options) == (value, options)
    assert rule_id(result.rule) == rule
    assert result.rule.startswith(f"{rule}: {method.RULES[rule]}") or result.rule.startswith(f"{rule} + ")


@pytest.mark.parametrize("units", ["LM DM", "FM FM PM DM"])
def test_the_cap_forces_pm_and_cites_v2_9(units):
    result = consolidate(units.split())
    assert {"V2.4", "V2.9"} <= rule_ids(result.rule)
    assert "PM forced" in result.rule and not result.flags


def test_a_c4_choice_shows_the_share_and_asks_the_consensus_questions():
    result = consolidate("NY FM PM".split())
    assert "PM+DM 1/3, NY counted" in result.rule
    assert [rule_id(f) for f in result.flags] == ["V2.10"]


def test_e20_evaluation_low_low_high_is_the_teams_choice_without_not_yet():
    result = consolidate(["L", "L", "H"], evaluation=True)
    assert (result.value, result.options) == (None, ("L", "M", "H"))
    assert rule_id(result.rule) == "V2.13"


@pytest.mark.parametrize(("units", "value", "options", "rule"), [
    ("L L L", "L", (), "V2.13"),
    ("M M", "M", (), "V2.13"),
    ("H H H", "H", (), "V2.13"),
    ("NY NY", "NY", (), "V2.13"),
    ("M H", None, ("M", "H"), "V2.13"),
    ("L NY", None, ("L", "M", "NY"), "V2.13"),
    ("L M H NY", None, ("L", "M", "H", "NY"), "V2.13"),
    ("L NC", "NC", (), "V2.13"),
])
def test_evaluation_consolidation_offers_only_what_the_units_allow(units, value, options, rule):
    result = consolidate(units.split(), evaluation=True)
    assert (result.value, result.options, rule_id(result.rule)) == (value, options, rule)


def test_the_values_of_the_other_scale_are_refused():
    with pytest.raises(ValueError, match="not a unit value: H"):
        consolidate(["FM", "H"])
    with pytest.raises(ValueError, match="not an Evaluation value: FM"):
        consolidate(["FM", "L"], evaluation=True)
    with pytest.raises(ValueError, match="at least one unit"):
        consolidate([])


def test_options_are_only_allowed_values():
    for units in ("DM LM", "PM DM", "PM NY", "FM PM LM"):
        assert set(consolidate(units.split()).options) <= set(method.VALUES) - {"NY", "NC"}


# -- V2 switches -------------------------------------------------------------------------------------------

def test_cap_counts_ny_off_forces_pm_in_e10(switched):
    switched("cap_counts_ny", False)
    result = consolidate("NY FM PM".split())
    assert (result.value, result.options) == ("PM", ())
    assert {"V2.4", "V2.9"} <= rule_ids(result.rule) and "NY left out" in result.rule


def test_cap_counts_ny_is_per_version(switched):
    switched("cap_counts_ny", False, version="2.0")
    assert consolidate("NY FM PM".split(), version="2.0").value == "PM"
    assert consolidate("NY FM PM".split(), version="3.0").value is None


def test_e15_is_flagged_and_the_switch_makes_it_pm(switched):
    literal = consolidate("PM PM NY".split())
    assert any(rule_id(f) == "V2.12" for f in literal.flags)
    assert any(rule_id(f) == "V2.10" for f in literal.flags)
    assert "V2.5" in rule_ids(literal.rule)
    switched("pm_pm_ny_falls_to_c5", False)
    off = consolidate("PM PM NY".split())
    assert (off.value, off.options) == ("PM", ())
    assert rule_id(off.rule) == "V2.12" and "V2.1" in rule_ids(off.rule)
    assert [rule_id(f) for f in off.flags] == ["V2.12"]


def test_questions_on_c5_off_drops_the_questions_from_a_c5_choice(switched):
    assert [rule_id(f) for f in consolidate("PM DM DM".split()).flags] == ["V2.10"]
    switched("questions_on_c5", False)
    assert consolidate("PM DM DM".split()).flags == ()
    assert [rule_id(f) for f in consolidate("FM PM LM".split()).flags] == ["V2.10"]


def test_evaluation_nc_switch(switched):
    switched("evaluation_nc_makes_nc", False)
    result = consolidate(["L", "NC"], evaluation=True)
    assert result.value is None and "NC" not in result.options


# -- V7.4: per-process roll-up --------------------------------------------------------------------------

def test_ii_and_gov_take_the_lowest_process_value():
    result = lowest_over_processes({"Support": "FM", "Delivery": "PM", "Hiring": "LM"})
    assert (result.value, rule_id(result.rule)) == ("PM", "V7.4")
    assert "Delivery" in result.rule


def test_an_unsettled_process_leaves_the_practice_unsettled():
    result = lowest_over_processes({"Support": "FM", "Delivery": None})
    assert (result.value, rule_id(result.rule)) == (None, "V7.4")
    assert "Delivery" in result.rule


def test_a_process_nc_makes_the_practice_nc_and_is_flagged_against_the_workbook():
    result = lowest_over_processes({"Support": "FM", "Delivery": "NC", "Hiring": None})
    assert (result.value, rule_id(result.rule)) == ("NC", "V7.4")
    assert [rule_id(f) for f in result.flags] == ["V7.3"] and "would show FM" in result.flags[0]


def test_process_nc_makes_nc_off_ignores_nc_as_the_workbook_does(switched):
    switched("process_nc_makes_nc", False)
    result = lowest_over_processes({"Support": "LM", "Delivery": "NC"})
    assert result.value == "LM" and "V7.3" in rule_ids(result.rule)
    assert lowest_over_processes({"Support": "NC"}).value == "NC"


def test_evaluation_values_roll_up_with_high_lowest():
    assert lowest_over_processes({"Support": "L", "Delivery": "H", "Hiring": "M"}).value == "H"


# -- V1.4: the workbook's default, the whole table ----------------------------------------------------

PROPOSALS = [
    # artifact, affirmation, weakness, in_scope, benchmark, evaluation, row
    ("NY", "NY", False, True, "NY", "NY", 1),
    ("NY", "NY", True, False, "NY", "NY", 1),
    ("1", "1", False, False, "OoS", "OoS", 2),
    (None, None, False, False, "OoS", "OoS", 2),
    ("1", "1", False, True, "FM", "L", 3),
    ("1", "1", True, True, "LM", "M", 4),
    ("1", "0", True, True, "PM", "H", 5),
    ("0", "1", True, True, "PM", "H", 5),
    ("NY", "1", True, True, "PM", "H", 5),
    (None, None, False, True, "DM", "H", 6),
    ("NY", None, False, True, "DM", "H", 6),
    ("NY", "1", False, True, "DM", "H", 6),
    ("1", "0", False, True, "DM", "H", 6),
    ("0", "0", False, True, "DM", "H", 6),
    ("0", "0", True, True, "DM", "H", 6),
    (None, None, True, True, "DM", "H", 6),
]


@pytest.mark.parametrize(("artifact", "affirmation", "weakness", "in_scope", "benchmark", "evaluation", "row"),
                         PROPOSALS)
def test_v1_4_table_both_columns(artifact, affirmation, weakness, in_scope, benchmark, evaluation, row):
    value, rule = propose(artifact, affirmation, weakness, in_scope)
    assert value == benchmark and rule.startswith("V1.4: ") and f"row {row}:" in rule
    value, rule = propose(artifact, affirmation, weakness, in_scope, evaluation=True)
    assert value == evaluation and f"row {row}:" in rule


def test_ii_and_gov_skip_row_1_and_flags_are_read_leniently():
    assert propose("NY", "NY", False, True, per_process=True)[0] == "DM"
    assert propose(1, " 1 ", False, True)[0] == "FM"  # type: ignore[arg-type]
    assert propose("ny", "Ny", False, True)[0] == "NY"


@pytest.mark.parametrize(("value", "note", "flagged"), [
    ("LM", "", True), ("PM", "  ", True), ("DM", "", True), ("LM", "The plan is not kept up to date", False),
    ("FM", "", False), ("NY", "", False), (None, "", False),
])
def test_v1_2_weakness_statement(value, note, flagged):
    flag = weakness_flag(value, note)
    assert (flag is not None) == flagged
    if flag:
        assert rule_id(flag) == "V1.2"


def test_consolidation_is_a_frozen_value():
    result = consolidate(["FM"])
    with pytest.raises(AttributeError):
        result.value = "LM"  # type: ignore[misc]
    assert replace(result, value="LM").value == "LM"


# -- V3: practice groups, G1-G6 --------------------------------------------------------------------------

def group(values: str, level: int = 2, area: str = "ALP") -> dict[str, str | None]:
    """A group's OU values keyed by made-up practice ids: "FM LM" -> {"ALP 2.1": "FM", "ALP 2.2": "LM"}."""
    return {f"{area} {level}.{n}": (None if v == "-" else v) for n, v in enumerate(values.split(), start=1)}


GROUP_EXAMPLES = [
    # example, values, level, lower satisfied, team's judgment, rating, rule
    ("G1", "FM FM FM", 2, True, None, "satisfied", "V3.1"),
    ("G2", "FM LM LM", 2, True, "satisfied", "satisfied", "V3.2"),
    ("G2 significant", "FM LM LM", 2, True, "unsatisfied", "unsatisfied", "V3.3"),
    ("G3", "FM LM", 2, False, None, "unsatisfied", "V3.2"),
    ("G4", "FM FM NY", 3, True, None, "unsatisfied", "V3.3"),
    ("G5", "FM PM", 2, True, None, "unsatisfied", "V3.3"),
    ("G6", "FM NC", 2, True, None, "not_rated", "V3.4"),
]


@pytest.mark.parametrize(("example", "values", "level", "lower", "judged", "rating", "rule"), GROUP_EXAMPLES,
                         ids=[row[0] for row in GROUP_EXAMPLES])
def test_practice_group_worked_examples(example, values, level, lower, judged, rating, rule):
    result = rate_group(group(values, level), lower, judged)
    assert (result.rating, rule_id(result.rule)) == (rating, rule)
    assert result.options == ()


def test_g2_waits_for_the_teams_judgment_with_both_options():
    result = rate_group(group("FM LM LM"), True, None)
    assert (result.rating, result.options, rule_id(result.rule)) == ("pending", ("satisfied", "unsatisfied"), "V3.2")
    assert "ALP 2.2, ALP 2.3" in result.rule


def test_an_unsettled_practice_leaves_the_group_pending_and_names_it():
    result = rate_group(group("FM - PM -"), True, None)
    assert (result.rating, result.blocked_by) == ("pending", ("ALP 2.2", "ALP 2.4"))
    assert rule_id(result.rule) == "V2.10"


def test_an_lm_group_over_a_pending_lower_group_waits_unless_judged_significant():
    assert rate_group(group("FM LM"), None, "satisfied").rating == "pending"
    assert rate_group(group("FM LM"), None, "unsatisfied").rating == "unsatisfied"


def test_a_bad_judgment_and_an_empty_group_are_refused():
    with pytest.raises(ValueError, match="satisfied or unsatisfied"):
        rate_group(group("FM LM"), True, "maybe")
    with pytest.raises(ValueError, match="at least one practice"):
        rate_group({}, True, None)


def test_nc_group_not_rated_off_makes_g6_unsatisfied(switched):
    switched("nc_group_not_rated", False)
    result = rate_group(group("FM NC"), True, None)
    assert (result.rating, rule_id(result.rule)) == ("unsatisfied", "V3.3")


def test_lower_groups_govern_all_fm_on(switched):
    assert rate_group(group("FM FM"), False, None).rating == "satisfied"  # literal V3.1 (switch off)
    switched("lower_groups_govern_all_fm", True)
    result = rate_group(group("FM FM"), False, None)
    assert (result.rating, rule_id(result.rule)) == ("unsatisfied", "V3.5")
    assert rate_group(group("FM FM"), None, None).rating == "pending"
    assert rate_group(group("FM FM"), True, None).rating == "satisfied"


# -- V4: practice areas, G3 and G7 -----------------------------------------------------------------------

S, U, NR = (GroupRating("satisfied", "r"), GroupRating("unsatisfied", "r"), GroupRating("not_rated", "r"))


def test_g7_levels_1_2_satisfied_3_unsatisfied_rates_2():
    result = rate_area([(1, S), (2, S), (3, U)], target=3, top=3)
    assert (result.rating, rule_id(result.rule)) == (2, "V4.2")


def test_g3_level_1_unsatisfied_rates_0():
    lower = rate_group(group("FM DM", level=1), True, None)
    upper = rate_group(group("FM LM", level=2), lower.rating == "satisfied", None)
    result = rate_area([(1, lower), (2, upper)], target=2, top=2)
    assert (result.rating, rule_id(result.rule)) == (0, "V4.2")


@pytest.mark.parametrize(("groups", "target", "top", "rating", "rule"), [
    ([(1, S), (2, S), (3, S)], 2, 3, 2, "V4.2"),          # capped by the target
    ([(1, S), (2, S)], 3, 2, 2, "V4.2"),                  # capped by the top group (CM has no level 3)
    ([(1, S), (2, S), (3, S)], None, 3, "out_of_scope", "V4.1"),
    ([(1, S), (2, NR), (3, S)], 3, 3, "not_rated", "V4.3"),
    ([(1, S), (2, U), (3, NR)], 3, 3, 1, "V4.2"),         # a not-rated group above an unsatisfied one
    ([(3, S), (1, S), (2, S)], 3, 3, 3, "V4.2"),          # order of the input does not matter
])
def test_area_rating(groups, target, top, rating, rule):
    result = rate_area(groups, target, top)
    assert (result.rating, rule_id(result.rule)) == (rating, rule)


def test_a_pending_group_leaves_the_area_pending_with_its_blockers():
    waiting = GroupRating("pending", "r", ("ALP 2.3",))
    judging = GroupRating("pending", "r", (), ("satisfied", "unsatisfied"))
    result = rate_area([(1, S), (2, waiting), (3, judging)], target=3, top=3)
    assert (result.rating, result.blocked_by, rule_id(result.rule)) == (None, ("ALP 2.3", "L3"), "V4.2")
    # a group waiting only for its lower groups adds no blocker of its own
    lower_first = rate_group(group("FM LM", level=3), None, None)
    assert rate_area([(1, S), (2, waiting), (3, lower_first)], target=3, top=3).blocked_by == ("ALP 2.3",)
    # an unsatisfied group below the pending one settles the level
    assert rate_area([(1, U), (2, waiting)], target=3, top=3).rating == 0
    # a pending group above the target does not matter
    assert rate_area([(1, S), (2, S), (3, waiting)], target=2, top=3).rating == 2


def test_area_not_rated_on_not_rated_group_off_stops_the_level(switched):
    switched("area_not_rated_on_not_rated_group", False)
    result = rate_area([(1, S), (2, NR), (3, S)], target=3, top=3)
    assert (result.rating, rule_id(result.rule)) == (1, "V4.2")


# -- V5: maturity level, M1-M3 -----------------------------------------------------------------------------

#: Real acronyms as bare ids with their top group levels (page 1.4 counts); no statements.
TOPS = {"CM": 2, "II": 4, "GOV": 4, "PLAN": 4, "RDM": 3, "TS": 3, "VV": 3, "PQA": 3, "SDM": 3, "STSM": 3}
DEV = ("CM", "II", "GOV", "PLAN", "RDM", "TS", "VV", "PQA")
SVC = ("CM", "II", "GOV", "PLAN", "PQA", "SDM", "STSM")


def ml_ratings(areas, default, **given):
    return {a: (given.get(a, default), TOPS[a]) for a in areas}


def every_level(areas, top=3):
    return {n: areas for n in range(2, top + 1)}


def test_m1_gov_below_3_holds_the_dev_view_at_ml2():
    result = maturity_level(ml_ratings(DEV, 3, CM=2, GOV=2), every_level(DEV), target=3)
    assert (result.level, result.at_least, result.blocked_by) == (2, 2, ("GOV",))
    assert rule_id(result.rule) == "V5.2" and "GOV 2 < 3" in result.rule


def test_m2_cm_at_its_top_counts_for_ml3():
    result = maturity_level(ml_ratings(SVC, 3, CM=2), every_level(SVC), target=3)
    assert (result.level, result.blocked_by, rule_id(result.rule)) == (3, (), "V5.2")


def test_m3_ii_at_1_means_ml2_not_achieved():
    result = maturity_level(ml_ratings(DEV, 3, II=1), every_level(DEV), target=3)
    assert (result.level, result.blocked_by) == (1, ("II",))
    assert {"V5.2", "V5.4"} <= rule_ids(result.rule)
    assert "ML2 not achieved" in result.rule and "unconfirmed" in result.rule


def test_ml_needs_min_of_target_and_top_off_makes_m2_ml2(switched):
    switched("ml_needs_min_of_target_and_top", False)
    result = maturity_level(ml_ratings(SVC, 3, CM=2), every_level(SVC), target=3)
    assert (result.level, result.blocked_by) == (2, ("CM",))


@pytest.mark.parametrize("blocker", ["not_rated", "out_of_scope"])
def test_a_required_area_not_rated_or_out_of_scope_blocks_by_v5_4(blocker):
    result = maturity_level(ml_ratings(DEV, 3, RDM=blocker), every_level(DEV), target=3)
    assert (result.level, result.blocked_by, rule_id(result.rule)) == (1, ("RDM",), "V5.4")
    missing = maturity_level(ml_ratings(DEV[:-1], 3), every_level(DEV), target=3)
    assert (missing.level, missing.blocked_by) == (1, ("PQA",))


def test_a_pending_area_leaves_the_level_pending_with_what_is_reached():
    result = maturity_level(ml_ratings(DEV, 3, TS=None), {2: ("CM", "II", "GOV", "PLAN"), 3: DEV}, target=3)
    assert (result.level, result.at_least, result.blocked_by) == (None, 2, ("TS",))
    # a definite failure at the same level settles it
    settled = maturity_level(ml_ratings(DEV, 3, TS=None, VV=1), every_level(DEV), target=3)
    assert (settled.level, settled.blocked_by) == (1, ("VV",))


def test_v2_0_subsets_are_cumulative_over_the_levels():
    required = {2: ("CM", "PLAN", "PQA"), 3: ("RDM", "TS", "VV")}
    ratings = ml_ratings(("CM", "PLAN", "PQA", "RDM", "TS", "VV"), 3, PLAN=2)
    result = maturity_level(ratings, required, target=3, version="2.0")
    assert (result.level, result.blocked_by) == (2, ("PLAN",))
    assert maturity_level(ml_ratings(("CM", "PLAN", "PQA"), 2), required, target=2, version="2.0").level == 2


def test_a_sustainment_cannot_raise_the_benchmark_level():
    result = maturity_level(ml_ratings(SVC, 3, CM=2), every_level(SVC), target=3, benchmark_level=2)
    assert (result.level, rule_id(result.rule)) == (2, "V5.5")
    # at least the Benchmark level while something is pending: settled at the cap
    required = {2: ("CM", "II", "GOV", "PLAN"), 3: SVC}
    pending = maturity_level(ml_ratings(SVC, 3, SDM=None), required, target=3, benchmark_level=2)
    assert (pending.level, rule_id(pending.rule)) == (2, "V5.5")
    assert maturity_level(ml_ratings(SVC, 3, SDM=None), required, target=3, benchmark_level=3).level is None
    below = maturity_level(ml_ratings(SVC, 3, GOV=2), every_level(SVC), target=3, benchmark_level=3)
    assert (below.level, rule_id(below.rule)) == (2, "V5.2")


def test_the_target_caps_the_maturity_level():
    result = maturity_level(ml_ratings(DEV, 3, CM=2), every_level(DEV, top=5), target=2)
    assert (result.level, result.blocked_by) == (2, ())


# -- V6: capability profile, K1-K2 ---------------------------------------------------------------------------

PER_PROCESS = ("II", "GOV")


def cl_ratings(**given):
    """(rating, top, target 3) for CM, PLAN, RDM, II and GOV; K1 by default."""
    base = {"CM": 2, "PLAN": 3, "RDM": 3, "II": 3, "GOV": 3} | given
    return {a: (r, TOPS[a], 3) for a, r in base.items()}


def test_k1_every_area_reaches_cl3():
    levels, profile = capability_profile(cl_ratings(), PER_PROCESS)
    assert {a: levels[a] for a in ("CM", "PLAN", "RDM")} == {"CM": 3, "PLAN": 3, "RDM": 3}
    assert (profile.level, profile.blocked_by, rule_id(profile.rule)) == (3, (), "V6.3")


def test_k2_gov_at_2_caps_every_area_at_cl2():
    levels, profile = capability_profile(cl_ratings(GOV=2), PER_PROCESS)
    assert levels == {"CM": 2, "PLAN": 2, "RDM": 2, "II": 2, "GOV": 2}
    assert (profile.level, rule_id(profile.rule)) == (2, "V6.3")
    assert set(profile.blocked_by) == {"CM", "PLAN", "RDM", "II", "GOV"}


def test_a_pending_area_stays_open_only_while_its_outcome_is_open():
    levels, profile = capability_profile(cl_ratings(RDM=None), PER_PROCESS)
    assert (levels["RDM"], levels["CM"]) == (None, 3)
    assert (profile.level, profile.at_least, profile.blocked_by) == (None, 0, ("RDM",))
    # every area waits for a pending GOV, unless its own rating settles its level
    levels, _ = capability_profile(cl_ratings(GOV=None, RDM=0), PER_PROCESS)
    assert (levels["RDM"], levels["PLAN"]) == (0, None)


def test_not_rated_and_out_of_scope_areas():
    levels, profile = capability_profile(cl_ratings(RDM="not_rated", PLAN="out_of_scope"), PER_PROCESS)
    assert "PLAN" not in levels and levels["RDM"] is None
    assert (profile.level, profile.blocked_by) == (3, ("RDM",)) and "RDM" in profile.rule
    levels, profile = capability_profile(cl_ratings(GOV="out_of_scope"), PER_PROCESS)
    assert levels["CM"] == 0 and profile.level == 0 and "GOV" in profile.rule


def test_cl_per_process_capped_at_top_lets_an_area_reach_cl5(switched):
    ratings = {"CAR": (5, 5, 5), "II": (4, 4, 5), "GOV": (4, 4, 5)}
    assert capability_profile(ratings, PER_PROCESS)[0]["CAR"] == 4
    switched("cl_per_process_capped_at_top", True)
    assert capability_profile(ratings, PER_PROCESS)[0]["CAR"] == 5


def test_results_are_frozen_values():
    with pytest.raises(AttributeError):
        LevelResult(2, 2, "r").level = 3  # type: ignore[misc]


# -- the chain: unit values to a maturity level ------------------------------------------------------------

def test_unit_values_roll_up_to_a_maturity_level_with_every_step_cited():
    """Two made-up areas, three units: ALP rates 2 once the team judges its LM group; BRV stops at 1."""
    units = {
        "ALP 1.1": "FM FM FM", "ALP 2.1": "FM LM FM", "ALP 2.2": "FM FM NY",
        "BRV 1.1": "FM FM FM", "BRV 2.1": "LM DM FM", "BRV 2.2": "FM FM FM",
    }
    ou = {p: consolidate(v.split()) for p, v in units.items()}
    assert [rule_id(c.rule) for c in ou.values()] == ["V2.1", "V2.3", "V2.2", "V2.1", "V2.4", "V2.1"]
    assert ou["BRV 2.1"].options == ("LM", "PM")
    decided = {p: c.value for p, c in ou.items()} | {"BRV 2.1": "PM"}  # the team's V2.4 choice

    def area(acr: str, judged: str | None):
        one = rate_group({p: v for p, v in decided.items() if p.startswith(f"{acr} 1.")}, True, None)
        two = rate_group({p: v for p, v in decided.items() if p.startswith(f"{acr} 2.")},
                         one.rating == "satisfied", judged)
        return rate_area([(1, one), (2, two)], target=2, top=2), two

    alp, alp_two = area("ALP", None)
    assert (alp.rating, alp_two.options) == (None, ("satisfied", "unsatisfied"))
    assert alp.blocked_by == ("L2",)
    alp, _ = area("ALP", "satisfied")
    brv, brv_two = area("BRV", None)
    assert (alp.rating, brv.rating, rule_id(brv_two.rule)) == (2, 1, "V3.3")
    level = maturity_level({"ALP": (alp.rating, 2), "BRV": (brv.rating, 2)}, {2: ("ALP", "BRV")}, target=2)
    assert (level.level, level.blocked_by) == (1, ("BRV",)) and "ML2 not achieved" in level.rule
