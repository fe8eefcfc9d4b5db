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
    consolidate,
    lowest_over_processes,
    propose,
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
